"""The editor's form for a decision: the import format's fields, validated by the importer."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from palermo.caselaw import taxonomy
from palermo.caselaw.importer import TAG_COLUMNS
from palermo.caselaw.models import CourtLevel, LegalSystem, Verdict

PARTY_HELP = _(
    "One group per line: sex:age_group:NATIONALITY:count:initials, e.g. female:child:NGA:2:A.B."
)


class DecisionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=500)
    country = forms.CharField(label=_("Country (ISO3)"), max_length=3, required=False)
    jurisdiction = forms.CharField(label=_("Jurisdiction (when not a country)"), required=False)
    court = forms.CharField(label=_("Court"), required=False)
    court_level = forms.ChoiceField(
        label=_("Court level"), choices=CourtLevel.choices, required=False
    )
    date = forms.DateField(label=_("Date"), required=False)
    docket_number = forms.CharField(label=_("Docket number"), required=False)
    legal_system = forms.ChoiceField(
        label=_("Legal system"), choices=LegalSystem.choices, required=False
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=[("en", "English"), ("fr", "Français"), ("es", "Español")]
    )
    procedural_history = forms.CharField(
        label=_("Procedural history and appeals"), widget=forms.Textarea, required=False
    )
    appeal_of = forms.CharField(label=_("Appeal of (reference)"), required=False)
    charges = forms.CharField(label=_("Charges"), widget=forms.Textarea, required=False)
    verdict = forms.ChoiceField(label=_("Verdict"), choices=Verdict.choices, required=False)
    sentences = forms.CharField(label=_("Sentences"), widget=forms.Textarea, required=False)
    summary_en = forms.CharField(
        label=_("Summary (English)"), widget=forms.Textarea, required=False
    )
    summary_fr = forms.CharField(label=_("Summary (French)"), widget=forms.Textarea, required=False)
    summary_es = forms.CharField(
        label=_("Summary (Spanish)"), widget=forms.Textarea, required=False
    )
    source_url = forms.URLField(label=_("Source link"), required=False, assume_scheme="https")
    victims = forms.CharField(
        label=_("Victims"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=PARTY_HELP,
    )
    defendants = forms.CharField(label=_("Defendants"), widget=forms.Textarea(attrs={"rows": 3}), required=False, help_text=PARTY_HELP)  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for column, kind in TAG_COLUMNS.items():
            self.fields[column] = forms.MultipleChoiceField(
                label=column.capitalize(),
                choices=[
                    (t["code"], taxonomy.label(kind, t["code"])) for t in taxonomy.terms(kind)
                ],
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )

    def row(self) -> dict[str, Any]:
        """The cleaned data in the import format (see importer.to_record)."""
        data = dict(self.cleaned_data)
        data["date"] = data["date"].isoformat() if data.get("date") else ""
        for key in ("victims", "defendants"):
            data[key] = [
                line.strip() for line in (data.get(key) or "").splitlines() if line.strip()
            ]
        return data

    @staticmethod
    def initial_of(row: dict[str, Any]) -> dict[str, Any]:
        initial = dict(row)
        for lang, text in (row.get("summaries") or {}).items():
            initial[f"summary_{lang}"] = text
        for key in ("victims", "defendants"):
            initial[key] = "\n".join(
                ":".join(
                    str(p[k]) for k in ("sex", "age_group", "nationality", "count", "designation")
                )
                for p in row.get(key, [])
            )
        return initial
