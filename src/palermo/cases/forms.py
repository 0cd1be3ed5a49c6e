"""Forms of the cases pages: a source, an upload, a status change."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from palermo.cases.models import CaseStatus
from palermo.cases.queries import organisations_user_can_manage
from palermo.cases.readers import FORMATS
from palermo.htcds import load_saved_mapping


class SourceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None)
    retention_days = forms.IntegerField(
        label=_("Keep identifiers for (days)"), min_value=1, initial=3650
    )
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)
    mapping = forms.CharField(
        label=_("Saved column mapping (JSON: source column -> HTCDS field)"),
        required=False,
        widget=forms.Textarea,
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organisations_user_can_manage(user)

    def clean_mapping(self) -> dict[str, str]:
        text = self.cleaned_data["mapping"].strip()
        if not text:
            return {}
        try:
            return load_saved_mapping(text)
        except (ValueError, json.JSONDecodeError) as exc:
            raise forms.ValidationError(str(exc)) from exc


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Case file (CSV, XLSX or JSON; HTCDS or CTDC columns, or the source's mapping)")
    )
    dry_run = forms.BooleanField(label=_("Validate only"), required=False)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(FORMATS):
            raise forms.ValidationError(_("Use a CSV, XLSX or JSON file."))
        return upload


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=CaseStatus.choices)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)
