"""API permission matrix lines for the statistics app: none, its read API is APIViews outside the router."""

from __future__ import annotations

from typing import Any

# The statistics API (/statistics/api/...) is public and read-only (GLOTIP figures, small cells
# hidden); it is made of APIViews mounted by statistics/urls.py, not router viewsets.
POLICY: dict[str, dict[str, dict[str, Any]]] = {}
