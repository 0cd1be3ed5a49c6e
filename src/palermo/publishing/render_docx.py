"""DOCX of the report with python-docx, for the UN editing workflow in Word.

Same content as the HTML: symbol in the page header, numbered paragraphs, resolution references as
hyperlinks, missing data flagged, and the provenance annex at the end.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from palermo.publishing.document import (
    Figure,
    Inline,
    Link,
    Missing,
    Paragraph,
    Report,
    Section,
    letters,
)
from palermo.publishing.grammar import date
from palermo.publishing.render_html import _T


def _hyperlink(paragraph: object, text: str, url: str) -> None:
    part = paragraph.part  # type: ignore[attr-defined]
    rel = part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    color = OxmlElement("w:color")
    color.set(qn("w:val"), "1A4B8C")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    props.append(color)
    props.append(underline)
    run.append(props)
    node = OxmlElement("w:t")
    node.text = text
    node.set(qn("xml:space"), "preserve")
    run.append(node)
    link.append(run)
    paragraph._p.append(link)  # type: ignore[attr-defined]


def _inline(doc_paragraph: object, parts: list[Inline]) -> None:
    for part in parts:
        if isinstance(part, Link):
            _hyperlink(doc_paragraph, part.text, part.url)
            continue
        run = doc_paragraph.add_run(part.text)  # type: ignore[attr-defined]
        if isinstance(part, Figure) and part.ref:
            ref = doc_paragraph.add_run(str(part.ref))  # type: ignore[attr-defined]
            ref.font.superscript = True
            ref.font.size = Pt(7)
        elif isinstance(part, Missing):
            run.font.color.rgb = RGBColor(0xB9, 0x1C, 0x1C)
            run.bold = True


def _paragraph(doc: object, p: Paragraph) -> None:
    para = doc.add_paragraph()  # type: ignore[attr-defined]
    para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if p.numbered:
        para.add_run(f"{p.number}.\t")
    elif p.narrative:
        para.style = doc.styles["Quote"]  # type: ignore[attr-defined]
    _inline(para, p.parts)
    for letter, item in zip(letters(), p.items, strict=False):
        sub = doc.add_paragraph()  # type: ignore[attr-defined]
        sub.paragraph_format.left_indent = Pt(28)
        sub.add_run(f"{letter})\t")
        _inline(sub, item)


def _section(doc: object, s: Section) -> None:
    prefix = f"{s.label}. " if s.label else ""
    doc.add_heading(prefix + s.title, level=min(s.level, 3))  # type: ignore[attr-defined]
    for p in s.paragraphs:
        _paragraph(doc, p)
    for child in s.children:
        _section(doc, child)


def render_docx(report: Report) -> bytes:
    t = _T[report.lang]
    doc = Document()
    doc.core_properties.title = f"{report.symbol} {report.title}"
    doc.core_properties.language = report.lang
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(10.5)
    header = doc.sections[0].header.paragraphs[0]
    header.text = report.symbol
    header.runs[0].bold = True
    top = doc.add_paragraph(report.symbol)
    top.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    top.runs[0].bold = True
    doc.add_paragraph(f"{t['organ']} — {t['general']} — {date(report.date_to, report.lang)}")
    doc.add_heading(report.title, level=0)
    doc.add_paragraph(t["note"]).italic = True
    doc.add_heading("Résumé" if report.lang == "fr" else "Summary", level=2)
    for p in report.summary:
        _paragraph(doc, p)
    for s in report.sections:
        _section(doc, s)
    doc.add_page_break()
    doc.add_heading(t["annex"], level=1)
    note = doc.add_paragraph(t["generated"].format(date(report.generated_at.date(), report.lang)))
    note.runs[0].italic = True
    for fig in report.figures:
        entry = doc.add_paragraph()
        entry.add_run(f"{fig.ref}. {fig.text[:120]}").bold = True
        entry.add_run(f"\n{fig.query}")
        for row in fig.data[:40]:
            entry.add_run("\n• " + ", ".join(f"{k}={v}" for k, v in row.items()))
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
