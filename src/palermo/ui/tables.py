"""A table component for list pages: sort, filter, and export to CSV or XLSX, all from the URL.

A view describes its columns and hands over rows (dicts); the table reads ``?q=`` (text search),
``?<column>=`` (exact filters on columns with choices), ``?sort=`` (``key`` or ``-key``) and
``?export=csv|xlsx``. Everything works without JavaScript and every state has its own URL, so a
sorted, filtered list can be bookmarked and exported as seen. Exports go through
``palermo.tabular`` (spreadsheet formula injection guarded) and are written to the audit log.

Rows are filtered and sorted in Python: this is meant for public reference lists of a few hundred
rows. Lists of permission-scoped records must be scoped in the query before they reach a table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from palermo import tabular
from palermo.accounts.events import audit

EXPORT_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass
class Column:
    """One column: ``key`` in the row dicts, a translated label, and how to show and filter it."""

    key: str
    label: Any
    numeric: bool = False
    link: Callable[[dict[str, Any]], str] | None = None
    # Exact-match filter choices: (value, label) pairs; shown as a select above the table.
    choices: Sequence[tuple[str, Any]] | None = None
    searchable: bool = True
    export: Callable[[dict[str, Any]], Any] | None = None
    # What to show (and export) instead of the raw value, e.g. a translated label for a code.
    display: Callable[[dict[str, Any]], Any] | None = None

    def shown(self, row: dict[str, Any]) -> Any:
        return self.display(row) if self.display else row.get(self.key)


@dataclass
class HeaderCell:
    column: Column
    sort_url: str
    aria_sort: str  # "ascending", "descending" or "none"


@dataclass
class Table:
    """A list page's table state for one request."""

    request: HttpRequest
    columns: list[Column]
    rows: list[dict[str, Any]]
    name: str  # used for export file names and the audit row, e.g. "countries"
    default_sort: str = ""
    caption: Any = ""
    query: str = ""
    sort: str = ""
    filters: dict[str, str] = field(default_factory=dict)
    total: int = 0

    def __post_init__(self) -> None:
        params = self.request.GET
        self.total = len(self.rows)
        self.query = params.get("q", "").strip()[:200]
        keys = {c.key for c in self.columns}
        sort = params.get("sort", self.default_sort)
        self.sort = sort if sort.lstrip("-") in keys else self.default_sort
        for column in self.columns:
            value = params.get(column.key, "")
            if column.choices and value in {str(v) for v, _label in column.choices}:
                self.filters[column.key] = value
        self.rows = self._sorted(self._filtered(self.rows))

    # -- state ---------------------------------------------------------------------------------
    def _filtered(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        for key, value in self.filters.items():
            rows = [r for r in rows if str(r.get(key, "")) == value]
        if self.query:
            needle = self.query.casefold()
            searchable = [c.key for c in self.columns if c.searchable]
            rows = [
                r for r in rows if any(needle in str(r.get(k, "")).casefold() for k in searchable)
            ]
        return rows

    def _sorted(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if not self.sort:
            return rows
        key = self.sort.lstrip("-")

        # Empty cells go last whatever the direction; text sorts without regard to case.
        def sort_key(row: dict[str, Any]) -> tuple[bool, Any]:
            value = row.get(key)
            if value is None or value == "":
                return (True, "")
            if isinstance(value, str):
                return (False, value.casefold())
            return (False, value)

        present = [r for r in rows if not sort_key(r)[0]]
        missing = [r for r in rows if sort_key(r)[0]]
        present.sort(key=sort_key, reverse=self.sort.startswith("-"))
        return present + missing

    def url(self, **changes: str) -> str:
        """This page's URL with some parameters changed (an empty value removes one)."""
        params = {k: v for k, v in self.request.GET.items() if k != "export"}
        params.update(changes)
        params = {k: v for k, v in params.items() if v}
        return "?" + urlencode(params) if params else "?"

    @property
    def headers(self) -> list[HeaderCell]:
        cells = []
        for column in self.columns:
            if self.sort == column.key:
                aria, next_sort = "ascending", "-" + column.key
            elif self.sort == "-" + column.key:
                aria, next_sort = "descending", column.key
            else:
                aria, next_sort = "none", column.key
            cells.append(HeaderCell(column, self.url(sort=next_sort), aria))
        return cells

    @property
    def body(self) -> list[list[tuple[Column, Any, str]]]:
        """Rows as (column, value, link) cells for the template."""
        return [
            [(c, c.shown(row), c.link(row) if c.link else "") for c in self.columns]
            for row in self.rows
        ]

    @property
    def filter_columns(self) -> list[tuple[Column, str]]:
        return [(c, self.filters.get(c.key, "")) for c in self.columns if c.choices]

    @property
    def export_links(self) -> list[tuple[str, str]]:
        return [(fmt.upper(), self.url(export=fmt)) for fmt in EXPORT_FORMATS]

    @property
    def hidden_params(self) -> list[tuple[str, str]]:
        """Parameters the filter form must carry over: the sort order and the page's own."""
        own = {"q", "export", *(c.key for c in self.columns if c.choices)}
        return [(k, str(v)) for k, v in self.request.GET.items() if k not in own and v]

    @property
    def clear_url(self) -> str:
        """This page without the search and the filters."""
        return self.url(q="", **{c.key: "" for c in self.columns if c.choices})

    # -- export --------------------------------------------------------------------------------
    def export_response(self) -> HttpResponse | None:
        """The CSV/XLSX download when ``?export=`` asks for one, else None (render the page)."""
        fmt = self.request.GET.get("export", "")
        if fmt not in EXPORT_FORMATS:
            return None
        limit = settings.PALERMO_EXPORT_MAX_ROWS
        rows = self.rows[:limit]
        header = [str(c.label) for c in self.columns]
        data = [[self._export_value(c, r) for c in self.columns] for r in rows]
        if fmt == "csv":
            content = tabular.to_csv(header, data)
        else:
            content = tabular.to_xlsx(header, data, sheet=self.name)
        audit(
            self.request,
            "export",
            f"{self.name}.export",
            object_type=self.name,
            metadata={
                "format": fmt,
                "rows": len(rows),
                "query": self.query,
                "filters": self.filters,
                "sort": self.sort,
            },
        )
        response = HttpResponse(content, content_type=EXPORT_FORMATS[fmt])
        filename = f"palermo-{slugify(self.name)}-{dt.date.today().isoformat()}.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    @staticmethod
    def _export_value(column: Column, row: dict[str, Any]) -> Any:
        value = column.export(row) if column.export else column.shown(row)
        if isinstance(value, dt.date):
            return value.isoformat()  # ISO dates read the same in every language and spreadsheet
        if value is None:
            return ""
        if isinstance(value, bool | int | float):
            return value
        return str(value)


CHOICE_ALL = _("All")
