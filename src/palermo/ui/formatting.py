"""Percentages in the active language's style, with Babel (CLDR): "58%" in English, "58 %" in French.

French typography puts a (narrow) no-break space before the per cent sign; CLDR's percent pattern
for ``fr`` carries it, so pages, SVG figures and PDFs all get it from here rather than from an
f-string with a hard-coded "%".
"""

from __future__ import annotations

from babel import Locale
from babel.numbers import format_percent
from django.utils import translation

# Language code -> CLDR locale; the same choice as the date filters (web/templatetags).
LOCALES = {"en": "en_GB", "fr": "fr"}


def language() -> str:
    """The active two-letter language code ("en" outside a request)."""
    return (translation.get_language() or "en")[:2]


def percent(share: float | None, digits: int = 0, lang: str | None = None) -> str:
    """A share (0.58) as "58%" / "58 %" in ``lang`` (default: the active language); "" for None."""
    if share is None or share != share:  # None or NaN
        return ""
    code = lang or language()
    locale = Locale.parse(LOCALES.get(code, code))
    # The locale's own pattern ("#,##0%" / "#,##0\u202f%"), with the decimals asked for.
    pattern = locale.percent_formats[None].pattern
    if digits:
        pattern = pattern.replace("0", "0." + "0" * digits, 1)
    return format_percent(share, format=pattern, locale=locale)
