"""Forms of the sign-in, two-factor and audit search pages."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from palermo.accounts.models import AuditLog, LogType


class TokenForm(forms.Form):
    """A six-digit code from an authenticator app."""

    token = forms.RegexField(
        label=_("Code from your authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        max_length=12,
        error_messages={"invalid": _("Enter the six digits shown by your authenticator app.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_token(self) -> str:
        return str(self.cleaned_data["token"]).strip()


class AuditLogFilter(django_filters.FilterSet):
    """Audit search, shared by the /accounts/audit/ page and the /api/audit/ endpoint."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    log_type = django_filters.ChoiceFilter(label=_("Type"), choices=LogType.choices)
    action = django_filters.CharFilter(label=_("Action"), lookup_expr="istartswith")
    username = django_filters.CharFilter(label=_("User name"), lookup_expr="iexact")
    user = django_filters.NumberFilter(label=_("User id"), field_name="user_id")
    object_type = django_filters.CharFilter(label=_("Object type"), lookup_expr="iexact")
    object_id = django_filters.CharFilter(label=_("Object id"))
    ip_address = django_filters.CharFilter(label=_("IP address"))
    date_from = django_filters.DateFilter(
        label=_("From (date)"), field_name="created_at", lookup_expr="date__gte"
    )
    date_to = django_filters.DateFilter(
        label=_("To (date)"), field_name="created_at", lookup_expr="date__lte"
    )

    class Meta:
        model = AuditLog
        fields: list[str] = []

    def search(self, queryset: QuerySet[AuditLog], name: str, value: Any) -> QuerySet[AuditLog]:
        return queryset.filter(
            Q(username__icontains=value)
            | Q(action__icontains=value)
            | Q(object_repr__icontains=value)
            | Q(object_id=value)
            | Q(path__icontains=value)
        )


AUDIT_COLUMNS = [
    "created_at",
    "log_type",
    "action",
    "username",
    "user_id",
    "object_type",
    "object_id",
    "object_repr",
    "ip_address",
    "user_agent",
    "path",
    "metadata",
]


def audit_rows(queryset: QuerySet[AuditLog]) -> Any:
    """Rows for the CSV/XLSX export, in AUDIT_COLUMNS order (metadata as JSON text)."""
    import json

    for row in queryset.values_list(*AUDIT_COLUMNS).iterator(chunk_size=2000):
        values = list(row)
        values[0] = values[0].isoformat()
        values[-1] = json.dumps(values[-1], ensure_ascii=False, sort_keys=True, default=str)
        yield values
