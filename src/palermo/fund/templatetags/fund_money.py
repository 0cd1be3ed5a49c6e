"""Money and counts of the fund in the active language's style, with Babel (CLDR).

Amounts reach the templates as ``Decimal`` or as the ``"6700000.00"`` strings of
``fund.summary`` (the report generator's format); both are shown per language:
``$6,700,000.00`` / ``6 700 000,00 $US`` with ``usd``, ``6,700,000.00`` / ``6 700 000,00``
with ``amount`` (for columns whose header already says USD); ``money`` for an amount in its own
currency (``€100,000.00`` / ``100 000,00 €``) and ``rate`` for an exchange rate (every recorded
digit, the language's decimal mark). The same functions serve the views' tables (``display``).
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


@register.filter
def money(value: object, currency: str = "USD") -> str:
    """An amount in ``currency`` (ISO 4217 code) with that currency's sign or code."""
    number = _decimal(value)
    if number is None:
        return "" if value is None else str(value)
    return format_currency(number, currency or "USD", locale=_lang())


@register.filter
def rate(value: object) -> str:
    """An exchange rate with all its significant digits (``1.1234`` / ``1,1234``)."""
    number = _decimal(value)
    if number is None:
        return "" if value is None else str(value)
    return format_decimal(number, locale=_lang(), decimal_quantization=False)
