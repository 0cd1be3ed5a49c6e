"""Forms of the reporting pages: a new round, a review decision, a template upload, and reading the
answer form's POST (whose fields come from the questionnaire, not from a Form class)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from palermo.reporting.models import Questionnaire, Round, RoundStatus
from palermo.reporting.questionnaires import Questionnaire as Definition


class RoundForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=64, help_text=_("e.g. a-74-127"))
    name = forms.CharField(label=_("Name"), max_length=255)
    questionnaire = forms.ModelChoiceField(Questionnaire.objects.all(), label=_("Questionnaire"))
    period_start = forms.DateField(
        label=_("Period start"), widget=forms.DateInput(attrs={"type": "date"})
    )
    period_end = forms.DateField(
        label=_("Period end"), widget=forms.DateInput(attrs={"type": "date"})
    )
    deadline = forms.DateField(label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"}))
    change_factor = forms.FloatField(label=_("Change factor"), initial=3.0, min_value=1)
    previous = forms.ModelChoiceField(
        Round.objects.all(), label=_("Previous round"), required=False
    )
    invite_all = forms.BooleanField(
        label=_("Invite every State focal point organisation and UN entity"),
        required=False,
        initial=True,
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=RoundStatus.choices, initial=RoundStatus.OPEN
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("return", _("Return with comments"))],
    )
    comment = forms.CharField(
        label=_("Comments"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Filled template (XLSX)"))


def field_name(qid: str, cell: str = "") -> str:
    return f"q__{qid}__{cell}" if cell else f"q__{qid}"


def raw_answers(definition: Definition, years: list[int], data: QueryDict) -> dict[str, Any]:
    """The answer form's POST as raw answers for services.save_answers."""
    raw: dict[str, Any] = {}
    for q in definition.questions:
        if q.type == "number_table":
            prefix = field_name(q.id, "x")[:-1]
            raw[q.id] = {
                key[len(prefix) :]: value
                for key, value in data.items()
                if key.startswith(prefix) and value.strip()
            }
        elif q.type == "multiple_choice":
            raw[q.id] = data.getlist(field_name(q.id))
        elif q.type != "attachment":
            raw[q.id] = data.get(field_name(q.id), "")
    return raw
