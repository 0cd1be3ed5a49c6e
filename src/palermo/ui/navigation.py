"""An entry of the main navigation, declared by an app in its ``urls.py`` as ``nav_items``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: Any  # a lazy translation
    order: int = 50
    login: bool = False
