"""Dates, compact numbers and percentages in each language's style, with Babel (CLDR), UN style.

Django's own English date format is American ("Dec. 17, 2015"); the UN writes "17 December 2015",
which is CLDR's en_GB long date; French is CLDR's fr long date ("17 décembre 2015").
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date
from babel.numbers import format_compact_decimal
from django import template
from django.utils import translation

from palermo.ui.formatting import percent

register = template.Library()

# Language code -> CLDR locale used for dates.
DATE_LOCALES = {"en": "en_GB", "fr": "fr"}


@register.filter
def ldate(value: dt.date | None) -> str:
    """``17 December 2015`` / ``17 décembre 2015``; empty for no date."""
    if not isinstance(value, dt.date):
        return ""
    lang = (translation.get_language() or "en")[:2]
    return format_date(value, format="long", locale=DATE_LOCALES.get(lang, lang))


@register.filter
def lcompact(value: float | int | None) -> str:
    """Short numbers for chart axes: ``68M`` / ``68 M``, ``1.5B`` / ``1,5 Md``."""
    if value is None:
        return ""
    lang = (translation.get_language() or "en")[:2]
    return format_compact_decimal(value, format_type="short", locale=lang, fraction_digits=1)


@register.filter
def lpercent(value: float | None, digits: int = 0) -> str:
    """A share (0.58) as ``58%`` / ``58 %`` (French: no-break space before the sign)."""
    return percent(value, int(digits))
