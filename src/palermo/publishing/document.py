"""The report as data: sections, numbered paragraphs and inline pieces (text, figures, links).

Sections build this structure; the HTML, PDF and DOCX renderers only walk it, so the three outputs
say the same thing. A ``Figure`` carries its provenance (the query that produced it and the rows
behind it): the HTML shows it on hover, the PDF and DOCX list it in an annex.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

UNDOCS = "https://undocs.org/{lang}/{symbol}"


@dataclass
class Text:
    text: str


@dataclass
class Figure:
    """A generated figure or list as worded in the text, with where it came from."""

    text: str
    query: str  # e.g. "palermo.reference.queries.treaty_changes('tip', 2015-12-17, 2019-04-15)"
    data: list[dict[str, Any]] = field(default_factory=list)
    ref: int = 0  # number in the provenance annex, set when the report is assembled

    def summary(self, limit: int = 12) -> str:
        """Provenance in one line for a tooltip: the query, then up to ``limit`` rows."""
        rows = "; ".join(", ".join(f"{k}={v}" for k, v in row.items()) for row in self.data[:limit])
        more = f" (+{len(self.data) - limit} more)" if len(self.data) > limit else ""
        return f"{self.query}" + (f" → {rows}{more}" if rows else "")


@dataclass
class Link:
    """A reference to a UN document, e.g. resolution 72/195 -> undocs.org/fr/A/RES/72/195."""

    text: str
    symbol: str
    lang: str

    @property
    def url(self) -> str:
        return UNDOCS.format(lang=self.lang, symbol=self.symbol)


@dataclass
class Missing:
    """A statement that data are missing: which function the section waits for."""

    text: str
    waits_for: str


Inline = Text | Figure | Link | Missing


@dataclass
class Paragraph:
    parts: list[Inline]
    number: int = 0  # numbered through the document when the report is assembled
    numbered: bool = True
    items: list[list[Inline]] = field(default_factory=list)  # a) b) c) sub-items
    narrative: str = ""  # key of the narrative block it comes from, if any


@dataclass
class Section:
    key: str
    label: str  # "I", "II", "A", "1"
    title: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)
    level: int = 1
    missing: list[str] = field(default_factory=list)  # functions this section waits for


@dataclass
class Report:
    lang: str
    symbol: str
    title: str
    date_from: dt.date
    date_to: dt.date
    summary: list[Paragraph]
    sections: list[Section]
    generated_at: dt.datetime
    session_note: str = ""
    figures: list[Figure] = field(default_factory=list)

    def walk(self) -> list[Section]:
        out: list[Section] = []

        def visit(section: Section) -> None:
            out.append(section)
            for child in section.children:
                visit(child)

        for section in self.sections:
            visit(section)
        return out

    def missing(self) -> dict[str, list[str]]:
        """{section key: [functions it waits for]} for sections whose data are missing."""
        return {s.key: s.missing for s in self.walk() if s.missing}

    def number(self) -> None:
        """Number paragraphs through the document and figures in the annex (1, 2, 3...)."""
        paragraph_no = 0
        self.figures = []
        pieces = list(self.summary)
        for section in self.walk():
            for paragraph in section.paragraphs:
                if paragraph.numbered:
                    paragraph_no += 1
                    paragraph.number = paragraph_no
                pieces.append(paragraph)
        for paragraph in pieces:
            for part in [*paragraph.parts, *(p for item in paragraph.items for p in item)]:
                if isinstance(part, Figure):
                    self.figures.append(part)
                    part.ref = len(self.figures)

    def plain_text(self) -> str:
        """The whole text without markup (tests, search, word counts)."""
        lines = [self.title]
        for paragraph in self.summary:
            lines.append(inline_text(paragraph.parts))
        for section in self.walk():
            lines.append(f"{section.label}. {section.title}")
            for paragraph in section.paragraphs:
                prefix = f"{paragraph.number}. " if paragraph.numbered else ""
                lines.append(prefix + inline_text(paragraph.parts))
                for letter, item in zip(letters(), paragraph.items, strict=False):
                    lines.append(f"  {letter}) {inline_text(item)}")
        return "\n".join(lines)


def inline_text(parts: list[Inline]) -> str:
    return "".join(part.text for part in parts)


def letters() -> list[str]:
    return [chr(c) for c in range(ord("a"), ord("z") + 1)]
