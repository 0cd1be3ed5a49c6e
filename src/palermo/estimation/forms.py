"""The upload form of a new estimation run."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from palermo.estimation.models import Exploitation, IntervalKind, Method, Sex
from palermo.estimation.queries import organisations_user_can_run


class RunForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None)
    file = forms.FileField(
        label=_("Capture table (CSV or XLSX)"),
        help_text=_("A 0/1 column per list, then a 'count' column; one row per capture pattern."),
    )
    method = forms.ChoiceField(label=_("Method"), choices=Method.choices, initial="stepwise")
    threshold = forms.FloatField(
        label=_("p-value threshold"), initial=0.02, min_value=0, max_value=1
    )
    terms = forms.CharField(
        label=_("Fixed model terms"), required=False, help_text=_("e.g. A:B,C:D (fixed method)")
    )
    bootstrap = forms.IntegerField(label=_("Bootstrap replicates"), initial=0, min_value=0)
    ci = forms.ChoiceField(label=_("Interval"), choices=IntervalKind.choices, initial="conditional")
    seed = forms.IntegerField(label=_("Seed"), required=False)
    country_iso3 = forms.CharField(label=_("Country (ISO3)"), max_length=3, required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1950, max_value=2100)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial="total")
    age_group = forms.CharField(
        label=_("Age group"),
        initial="total",
        max_length=16,
        help_text=_("total, children (0-17), adults (18+), or a range such as 18-24 or 60+"),
    )
    exploitation = forms.ChoiceField(
        label=_("Form of exploitation"), choices=Exploitation.choices, initial="all"
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organisations_user_can_run(user)
