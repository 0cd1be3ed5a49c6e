"""The activity form of the registry pages (entity choices limited to what the user may record)."""

from __future__ import annotations

from typing import Any

from django import forms

from palermo.accounts.models import Organisation
from palermo.coordination import queries
from palermo.coordination.models import Activity
from palermo.reference.models import Country


class ActivityForm(forms.ModelForm):  # type: ignore[type-arg]
    countries = forms.ModelMultipleChoiceField(
        queryset=Country.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = Activity
        fields = [
            "organisation",
            "title",
            "description",
            "kind",
            "pillar",
            "countries",
            "start_date",
            "end_date",
            "is_aggregate",
            "activity_count",
            "participants_trained",
            "countries_reached",
            "victims_identified",
            "victims_assisted",
            "suspects_arrested",
            "source",
        ]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        orgs = Organisation.objects.filter(kind__in=queries.ENTITY_KINDS)
        if not queries.is_editor(user):
            orgs = orgs.filter(id__in=queries.entity_ids(user))
        self.fields["organisation"].queryset = orgs  # type: ignore[attr-defined]
