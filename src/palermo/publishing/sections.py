"""The registry of report sections: small declarative classes, assembled in order into a Report.

A section declares its key, label (I, II, A, 1...), parent, titles in each language and the
narrative places it offers the secretariat, and builds its paragraphs from a ``Context``. Built-in
sections (``report_text``, ``report_data``) register themselves with ``@register``; the report
builder never instantiates a class named by a caller, only what the registry holds.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from palermo.publishing.document import Figure, Inline, Link, Missing, Paragraph, Text
from palermo.publishing.sources import Unavailable

_REGISTRY: dict[str, type[ReportSection]] = {}


def register(cls: type[ReportSection]) -> type[ReportSection]:
    if cls.key in _REGISTRY and _REGISTRY[cls.key] is not cls:
        raise ValueError(f"report section {cls.key!r} registered twice")
    _REGISTRY[cls.key] = cls
    return cls


def registry() -> list[ReportSection]:
    """Every registered section, in document order."""
    from palermo.publishing import report_data, report_more, report_text  # noqa: F401

    return sorted((cls() for cls in _REGISTRY.values()), key=lambda s: s.order)


@dataclass
class ReportSpec:
    """What a report covers and how it is identified (defaults: the seed, A/74/127)."""

    date_from: dt.date
    date_to: dt.date
    symbol: str = "A/74/127"
    resolution: str = "72/195"  # the resolution the report answers
    session: int = 74
    include_demo: bool = True


@dataclass
class Context:
    spec: ReportSpec
    lang: str
    narratives: dict[str, Any] = field(default_factory=dict)  # key -> approved NarrativeVersion

    def t(self, fr: str, en: str) -> str:
        return fr if self.lang == "fr" else en

    @property
    def res(self) -> str:
        return self.spec.resolution


class ReportSection:
    key: ClassVar[str]
    order: ClassVar[float]
    label: ClassVar[str]
    parent: ClassVar[str | None] = None
    titles: ClassVar[dict[str, str]]
    # narrative places: {key: English label shown on the editing page}
    narratives: ClassVar[dict[str, str]] = {}
    # the same places labelled in French, for French pages and the French report's placeholders
    narratives_fr: ClassVar[dict[str, str]] = {}
    summary: ClassVar[bool] = False  # the unnumbered summary before section I

    def title(self, lang: str) -> str:
        return self.titles[lang]

    def build(self, ctx: Context) -> list[Paragraph]:
        raise NotImplementedError

    @classmethod
    def narrative_label(cls, key: str, lang: str) -> str:
        """The label of narrative place ``key`` in ``lang`` (English where no French is given)."""
        if lang == "fr" and key in cls.narratives_fr:
            return cls.narratives_fr[key]
        return cls.narratives[key]

    # helpers for subclasses ----------------------------------------------------------------------

    def narrative(self, ctx: Context, key: str) -> list[Paragraph]:
        """The approved text of ``key`` as paragraphs, or a visible placeholder when none is."""
        version = ctx.narratives.get(key)
        if version is None:
            label = self.narrative_label(key, ctx.lang)
            note = ctx.t(
                f"[Texte à rédiger et à approuver par le secrétariat : « {label} ».]",
                f'[Text to be drafted and approved by the secretariat: "{label}".]',
            )
            return [Paragraph([Text(note)], numbered=False, narrative=key)]
        return [Paragraph(linkify(p, ctx.lang), narrative=key) for p in version.paragraphs()]


def missing_paragraph(ctx: Context, exc: Unavailable) -> Paragraph:
    text = ctx.t(
        f"[Données manquantes : la plateforme ne fournit pas encore les données de cette partie "
        f"(en attente de {exc.waits_for}" + (f" : {exc.reason}" if exc.reason else "") + ").]",
        f"[Data missing: the platform does not yet provide the data for this part (waiting for "
        f"{exc.waits_for}" + (f": {exc.reason}" if exc.reason else "") + ").]",
    )
    return Paragraph([Missing(text, exc.waits_for)], numbered=False)


# Resolution references become links to the Official Document System (undocs.org).
_GA = re.compile(r"(?<![\d/])(\d{2})/(\d{1,3})(?![\d/])")
_SC = re.compile(r"(?<!\d)(\d{3,4}) \((\d{4})\)")
_RESOLUTION_WORD = re.compile(r"r[ée]solutions?", re.IGNORECASE)


def linkify(text: str, lang: str) -> list[Inline]:
    """Split ``text`` into Text and Link parts: "résolution 72/195" -> link to A/RES/72/195."""
    spans: list[tuple[int, int, str]] = []
    for pattern, symbol in (
        (_GA, lambda m: f"A/RES/{m.group(1)}/{m.group(2)}"),
        (_SC, lambda m: f"S/RES/{m.group(1)}({m.group(2)})"),
    ):
        for match in pattern.finditer(text):
            window = text[max(0, match.start() - 60) : match.start()]
            if _RESOLUTION_WORD.search(window):
                spans.append((match.start(), match.end(), symbol(match)))
    parts: list[Inline] = []
    position = 0
    for start, end, symbol in sorted(spans):
        if start < position:
            continue
        if start > position:
            parts.append(Text(text[position:start]))
        parts.append(Link(text[start:end], symbol, lang))
        position = end
    if position < len(text):
        parts.append(Text(text[position:]))
    return parts


def sentence(ctx: Context, *pieces: str | Figure | Link) -> list[Inline]:
    """Join strings (linkified) and figures into one list of inline parts."""
    out: list[Inline] = []
    for piece in pieces:
        if isinstance(piece, str):
            out.extend(linkify(piece, ctx.lang))
        else:
            out.append(piece)
    return out


Builder = Callable[[Context], list[Paragraph]]
