"""Sorting names as a language's readers expect (Égypte before Estonie in French, not after Zambie).

Uses ICU's collator for the language when PyICU is installed (CLDR tailorings for every language),
otherwise ``pyuca``, a pure-Python Unicode Collation Algorithm with the default table (DUCET), which
already orders accented Latin letters the way French and English lists do: a letter's accents count
only when the base letters are equal. Plain ``sorted()`` compares code points and puts every
accented capital after Z.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

T = TypeVar("T")


@functools.cache
def _pyuca() -> Any:
    import pyuca

    return pyuca.Collator()  # reads the ~2 MB DUCET once per process


@functools.cache
def sort_key(language: str = "en") -> Callable[[str], Any]:
    """A key function for ``sorted`` that collates strings by ``language``'s rules."""
    try:
        import icu  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return _pyuca().sort_key  # type: ignore[no-any-return]
    collator = icu.Collator.createInstance(icu.Locale(language))
    return collator.getSortKey  # type: ignore[no-any-return]


def engine() -> str:
    """Which implementation sorts here ('icu' or 'pyuca'): reported with the responders list."""
    try:
        import icu  # type: ignore[import-not-found,unused-ignore]  # noqa: F401
    except ImportError:
        return "pyuca"
    return "icu"


def collate(items: Iterable[T], language: str, key: Callable[[T], str] = str) -> list[T]:
    """``items`` sorted by ``key(item)`` in ``language``'s collation order."""
    by = sort_key(language)
    return sorted(items, key=lambda item: by(key(item)))
