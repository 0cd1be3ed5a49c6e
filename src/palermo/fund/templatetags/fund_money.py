"""Money and counts of the fund in the active language's style, with Babel (CLDR).

Amounts reach the templates as ``Decimal`` or as the ``"6700000.00"`` strings of
``fund.summary`` (the report generator's format); both are shown per language:
``$6,700,000.00`` / ``6 700 000,00 $US`` with ``usd``, ``6,700,000.00`` / ``6 700 000,00``
with ``amount`` (for columns whose header already says USD).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from babel.numbers import format_currency, format_decimal
from django import template
from django.utils import translation

register = template.Library()


def _lang() -> str:
    return (translation.get_language() or "en")[:2]


def _decimal(value: object) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


@register.filter
def usd(value: object) -> str:
    """An amount in US dollars with the currency sign where the language puts it."""
    number = _decimal(value)
    if number is None:
        return "" if value is None else str(value)
    return format_currency(number, "USD", locale=_lang())


@register.filter
def amount(value: object) -> str:
    """An amount with two decimals and the language's digit grouping, no currency sign."""
    number = _decimal(value)
    if number is None:
        return "" if value is None else str(value)
    return format_decimal(number, format="#,##0.00", locale=_lang())


@register.filter
def count(value: object) -> str:
    """A whole number with the language's digit grouping (``12,345`` / ``12 345``)."""
    number = _decimal(value)
    if number is None:
        return "" if value is None else str(value)
    return format_decimal(number, format="#,##0", locale=_lang())
