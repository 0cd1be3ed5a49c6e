"""Forms of the fund pages; they only parse input, the services decide and write."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from palermo.accounts.models import Organisation
from palermo.fund.models import AgeGroup, DonorKind, Service, Sex
from palermo.fund.queries import can_apply_for, reviewers
from palermo.reference.models import Country

DATE = forms.DateInput(attrs={"type": "date"})


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class DonorForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DonorKind.choices)
    name = forms.CharField(label=_("Name (public label for individuals)"), max_length=255)
    country_iso3 = forms.CharField(label=_("Country (ISO3, States)"), max_length=3, required=False)
    is_anonymous = forms.BooleanField(label=_("Anonymous in public lists"), required=False)
    full_name = forms.CharField(label=_("Full name (individuals)"), required=False)
    email = forms.EmailField(label=_("E-mail (individuals)"), required=False)
    phone = forms.CharField(label=_("Telephone (individuals)"), required=False)
    address = forms.CharField(
        label=_("Address (individuals)"), required=False, widget=forms.Textarea
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea)


class ContributionForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount"), max_digits=16, decimal_places=2)
    currency = forms.CharField(label=_("Currency (ISO 4217)"), max_length=3, initial="USD")
    usd_rate = forms.DecimalField(
        label=_("USD per unit"), max_digits=18, decimal_places=8, initial=1
    )
    rate_date = forms.DateField(label=_("Rate date"), required=False, widget=DATE)
    rate_source = forms.CharField(label=_("Rate source"), required=False)
    received_on = forms.DateField(label=_("Received on"), widget=DATE)
    earmark = forms.CharField(label=_("Earmark"), required=False)


class CallForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    opens_on = forms.DateField(label=_("Opens on"), widget=DATE)
    closes_on = forms.DateField(label=_("Closes on"), widget=DATE)
    priorities = forms.CharField(label=_("Priorities (one per line)"), widget=forms.Textarea)
    eligibility = forms.CharField(label=_("Eligibility"), widget=forms.Textarea, required=False)
    max_amount_usd = forms.DecimalField(label=_("Largest grant (USD)"), required=False)
    rubric = forms.CharField(
        label=_("Rubric (JSON list of criteria; empty for the default)"),
        widget=forms.Textarea,
        required=False,
    )

    def clean_rubric(self) -> Any:
        text = self.cleaned_data["rubric"].strip()
        if not text:
            return None
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(
                f"rubric: invalid JSON at line {exc.lineno}: {exc.msg}"
            ) from None


class ApplicationForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=Organisation.objects.none()
    )
    title = forms.CharField(label=_("Project title"), max_length=255)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea)
    theme = forms.ChoiceField(label=_("Main service"), choices=Service.choices)
    country = forms.ModelChoiceField(
        label=_("Country"), queryset=Country.objects.all(), required=False
    )
    requested_usd = forms.DecimalField(
        label=_("Amount requested (USD)"), max_digits=16, decimal_places=2
    )
    files = MultipleFileField(label=_("Attachments (proposal, budget...)"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organisation.objects.filter(id__in=can_apply_for(user))


class AssignForm(forms.Form):
    reviewer = forms.ModelChoiceField(label=_("Reviewer"), queryset=reviewers())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["reviewer"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = reviewers()


class ReviewForm(forms.Form):
    """One integer field per rubric criterion, built from the call's rubric (data)."""

    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, rubric: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for criterion in rubric:
            self.fields[f"score_{criterion['key']}"] = forms.IntegerField(
                label=f"{criterion['label']} (0-{criterion['max']}, x{criterion['weight']})",
                min_value=0,
                max_value=criterion["max"],
            )

    def scores(self) -> dict[str, int]:
        return {k[6:]: v for k, v in self.cleaned_data.items() if k.startswith("score_")}


class DecisionForm(forms.Form):
    held_on = forms.DateField(label=_("Board meeting on"), widget=DATE)
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea)
    approved = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Approve")), ("0", _("Reject"))],
        coerce=lambda v: v == "1",
    )
    amount_usd = forms.DecimalField(label=_("Grant (USD)"), required=False, decimal_places=2)
    instalments = forms.IntegerField(label=_("Instalments"), min_value=1, max_value=12, initial=2)


class PaymentForm(forms.Form):
    amount_usd = forms.DecimalField(label=_("Amount (USD)"), max_digits=16, decimal_places=2)
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE)
    reference = forms.CharField(label=_("Bank reference"), required=False)


class ScheduleReportForm(forms.Form):
    period_start = forms.DateField(label=_("Period from"), widget=DATE)
    period_end = forms.DateField(label=_("Period to"), widget=DATE)
    due_on = forms.DateField(label=_("Due on"), widget=DATE)


class GrantReportForm(forms.Form):
    """Narrative, financial statement, and one count per sex x age group x service."""

    narrative = forms.CharField(label=_("Narrative"), widget=forms.Textarea)
    spent_usd = forms.DecimalField(label=_("Spent in the period (USD)"), min_value=0)
    statement = forms.FileField(label=_("Financial statement"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for sex, sex_label in Sex.choices:
            for age, age_label in AgeGroup.choices:
                for service, service_label in Service.choices:
                    self.fields[f"n_{sex}_{age}_{service}"] = forms.IntegerField(
                        label=f"{sex_label}, {age_label}: {service_label}",
                        min_value=0,
                        required=False,
                    )

    def people(self) -> list[tuple[str, str, str, int]]:
        out = []
        for key, value in self.cleaned_data.items():
            if key.startswith("n_") and value:
                _n, sex, age, service = key.split("_", 3)
                out.append((sex, age, service, value))
        return out
