"""A separate process for the SIGKILL test: set up a database, import (optionally stalling midway
inside the import transaction, after telling the parent), or count the cases.

    python -m tests.cases.import_worker setup|import|stall|count FILE MARKER
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path


def main(mode: str, path: str, marker: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "palermo.web.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.PALERMO_FIELD_KEYS = [os.environ["TEST_FIELD_KEY"]]
    settings.PALERMO_IMPORT_CHUNK_ROWS = 500
    from palermo.accounts.models import Organisation
    from palermo.cases.importer import import_file
    from palermo.cases.models import CaseRecord, ImportBatch, Source

    if mode == "setup":
        call_command("migrate", verbosity=0)
        org = Organisation.objects.create(name="Kill test", kind="ngo")
        Source.objects.create(organisation=org, name="kill-test")
        return
    if mode == "count":
        statuses = list(ImportBatch.objects.order_by("pk").values_list("status", flat=True))
        print(json.dumps({"cases": CaseRecord.objects.count(), "batches": statuses}))
        return
    source = Source.objects.get(name="kill-test")

    def stall(phase: str, done: int, total: int) -> None:
        # Two chunks are inserted (inside the open transaction): tell the parent, then wait.
        if mode == "stall" and phase == "importing" and done >= 1000:
            Path(marker).write_text(str(done))
            time.sleep(600)

    outcome = import_file(path, source, progress=stall)
    print(json.dumps(outcome.as_dict()))


if __name__ == "__main__":
    main(*sys.argv[1:4])
