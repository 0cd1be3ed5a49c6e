"""Text extraction from a decision's full-text file: PDF (pypdf), HTML and plain text."""

from __future__ import annotations

import io
from html.parser import HTMLParser
from pathlib import PurePath

from django.core.exceptions import ValidationError

KINDS = {".pdf": "pdf", ".html": "html", ".htm": "html", ".txt": "text"}
MAX_BYTES = 20 * 1024 * 1024


class _TextOfHtml(HTMLParser):
    """Collects visible text; script and style content is dropped."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in ("p", "br", "div", "li", "h1", "h2", "h3", "tr"):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def kind_of(name: str) -> str:
    kind = KINDS.get(PurePath(name).suffix.lower())
    if kind is None:
        raise ValidationError(
            {"file": f"{name}: only PDF, HTML and text files ({', '.join(KINDS)})"}
        )
    return kind


def extract_text(name: str, content: bytes) -> tuple[str, str]:
    """(kind, text) of an uploaded file; a clear ValidationError when it cannot be read."""
    if len(content) > MAX_BYTES:
        raise ValidationError({"file": f"{name}: larger than {MAX_BYTES // 1_000_000} MB"})
    kind = kind_of(name)
    if kind == "pdf":
        try:
            from pypdf import PdfReader
            from pypdf.errors import PdfReadError

            reader = PdfReader(io.BytesIO(content))
            text = "\n".join(page.extract_text() or "" for page in reader.pages)
        except (PdfReadError, ValueError, KeyError) as exc:
            raise ValidationError({"file": f"{name}: not a readable PDF ({exc})"}) from None
    else:
        decoded = content.decode("utf-8", errors="replace")
        if kind == "html":
            parser = _TextOfHtml()
            parser.feed(decoded)
            decoded = "".join(parser.parts)
        text = decoded
    return kind, "\n".join(line.strip() for line in text.splitlines() if line.strip())
