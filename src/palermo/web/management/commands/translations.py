"""`palermo translations compile`: build .mo catalogues from the .po files with Babel.

Django's own compilemessages needs GNU gettext's msgfmt, which a fresh machine may lack; Babel is a
Python dependency, so `make demo` and `make test` work everywhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.core.management.base import BaseCommand, CommandParser

import palermo


class Command(BaseCommand):
    help = "Compile the gettext catalogues (.po -> .mo) shipped in the palermo package."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("verb", choices=["compile"])

    def handle(self, *args: Any, **options: Any) -> None:
        root = Path(palermo.__file__).parent
        count = 0
        for po_path in sorted(root.rglob("locale/*/LC_MESSAGES/*.po")):
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            with po_path.open("rb") as fh:
                catalog = read_po(fh, locale=po_path.parent.parent.name)
            with mo_path.open("wb") as fh:
                write_mo(fh, catalog, use_fuzzy=False)
            count += 1
        self.stdout.write(f"compiled {count} catalogue(s)")
