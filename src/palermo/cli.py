"""The `palermo` command: Django's manage.py plus the domain commands.

Domain commands (``treaty``, ``mse``, ``bench``, ...) are Django management commands that live in
the app owning their data, so `palermo --help` lists them all in one place and each takes ``--help``.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "palermo.web.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["palermo", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
