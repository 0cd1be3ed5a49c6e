"""API error handling: database refusals become clear 409 answers instead of server errors."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus: deleting a row others depend on, or breaking a uniqueness rule, is a
    conflict the client can fix (409), not a crash (500)."""
    if isinstance(exc, ProtectedError | RestrictedError):
        blocking = sorted({obj._meta.verbose_name_plural for obj in exc.args[1]}, key=str)
        return Response(
            {
                "detail": "This object cannot be deleted: other records depend on it.",
                "code": "protected",
                "blocking": [str(name) for name in blocking],
            },
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, IntegrityError):
        return Response(
            {"detail": "This change conflicts with existing data (a duplicate or a missing link).",
             "code": "integrity"},
            status=status.HTTP_409_CONFLICT,
        )  # fmt: skip
    return drf_exception_handler(exc, context)
