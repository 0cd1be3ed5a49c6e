"""The generated report: the seed's sentences from reference data, structure, numbering, outputs."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from palermo.publishing.build import build_report, parse_period, render
from palermo.publishing.document import Missing
from palermo.publishing.sections import ReportSpec, registry

SEED = ReportSpec(dt.date(2015, 12, 17), dt.date(2019, 4, 15))
FR = (
    "trois États ont ratifié le Protocole relatif à la traite des personnes : Fidji "
    "(19 septembre 2017), le Japon (11 juillet 2017) et les Maldives (14 septembre 2016)"
)
FR_OBSERVER = (
    "Le Protocole a également été ratifié par un État non membre observateur : "
    "l'État de Palestine (29 décembre 2017)."
)
EN = (
    "three States ratified the Trafficking in Persons Protocol: Fiji (19 September 2017), "
    "Japan (11 July 2017) and Maldives (14 September 2016)"
)
EN_OBSERVER = (
    "The Protocol was also ratified by one non-member observer State: "
    "the State of Palestine (29 December 2017)."
)


@pytest.mark.django_db
def test_seed_sentences_in_french_and_english(reference_db: None) -> None:
    fr = build_report(SEED, "fr").plain_text()
    en = build_report(SEED, "en").plain_text()
    assert FR in fr
    assert FR_OBSERVER in fr
    assert EN in en
    assert EN_OBSERVER in en
    assert "Il porte sur la période qui s’étend du 17 décembre 2015 au 15 avril 2019." in fr
    assert "soixante-quatorzième session" in fr


@pytest.mark.django_db
def test_structure_and_numbering(reference_db: None) -> None:
    report = build_report(SEED, "fr")
    labels = [s.label for s in report.sections]
    assert labels == ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"]
    efforts = report.sections[2]
    assert [c.label for c in efforts.children] == ["A", "B", "C"]
    assert [c.label for c in efforts.children[0].children] == ["1", "2", "3", "4", "5"]
    numbers = [p.number for s in report.walk() for p in s.paragraphs if p.numbered]
    assert numbers == list(range(1, len(numbers) + 1))  # numbered through the document
    assert report.sections[1].paragraphs[0].number == 3  # II starts at 3, as in the seed
    # every figure has provenance and a place in the annex
    assert report.figures
    assert all(f.query and f.ref for f in report.figures)


@pytest.mark.django_db
def test_missing_data_is_said_not_invented(
    reference_db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from palermo.publishing import sources

    def unavailable(*args: object, **kwargs: object) -> None:
        raise sources.Unavailable("palermo.fund.summary.fund_summary", "not exported yet")

    monkeypatch.setattr(sources, "fund", unavailable)
    report = build_report(SEED, "en")
    fund = next(s for s in report.walk() if s.key == "fund")
    assert fund.missing == ["palermo.fund.summary.fund_summary"]
    assert isinstance(fund.paragraphs[0].parts[0], Missing)
    assert "Data missing" in report.plain_text()
    assert report.missing()["fund"] == ["palermo.fund.summary.fund_summary"]


def test_registry_keys_unique_and_ordered() -> None:
    keys = [s.key for s in registry()]
    assert len(keys) == len(set(keys))
    assert keys[0] == "summary"
    assert keys[-1] == "recommendations"


def test_period_parsing() -> None:
    assert parse_period("2015-12-17:2019-04-15") == (dt.date(2015, 12, 17), dt.date(2019, 4, 15))
    with pytest.raises(ValueError, match="FROM:TO"):
        parse_period("2015")
    with pytest.raises(ValueError, match="before the start"):
        parse_period("2019-01-01:2018-01-01")


@pytest.mark.django_db
def test_html_has_hover_provenance_and_links(reference_db: None) -> None:
    html = render(build_report(SEED, "fr"), "html").decode()
    assert 'href="https://undocs.org/fr/A/RES/72/195"' in html
    assert 'class="figure" title="palermo.reference.queries.treaty_changes(' in html
    assert "<script" not in html  # CSP: no inline script
    assert 'id="fig-1"' in html  # the annex


@pytest.mark.django_db
def test_pdf_renders_with_text(reference_db: None) -> None:
    from pypdf import PdfReader

    pdf = render(build_report(SEED, "fr"), "pdf")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) > 0
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "A/74/127" in text
    assert "Fidji (19 septembre 2017)" in " ".join(text.split())


@pytest.mark.django_db
def test_docx_reopens(reference_db: None) -> None:
    from docx import Document

    data = render(build_report(SEED, "en"), "docx")
    doc = Document(io.BytesIO(data))
    # the annex reference numbers are superscript runs: read the text without them
    text = "\n".join(
        "".join(r.text for r in p.runs if not r.font.superscript) for p in doc.paragraphs
    )
    assert EN in text
    assert doc.sections[0].header.paragraphs[0].text == "A/74/127"


@pytest.mark.django_db
def test_cli_build_json(
    reference_db: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "r.html"
    call_command("report", "build", "--lang", "en", "--period", "2015-12-17:2019-04-15",
                 "--format", "html", "--out", str(out), "--json")  # fmt: skip
    result = json.loads(capsys.readouterr().out)
    assert result["out"] == str(out)
    assert out.stat().st_size == result["bytes"]
    assert result["paragraphs"] >= 5
    assert "ratification" in result["sections"]
