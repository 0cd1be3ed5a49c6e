"""An entry of the main navigation, declared by an app in its ``urls.py`` as ``nav_items``.

A link that leads only to "403 Forbidden" is worse than no link: ``roles`` hides it from others.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: Any  # a lazy translation
    order: int = 50
    login: bool = False
    # Shown only to holders of one of these roles (superusers see all); empty = no role needed.
    roles: tuple[str, ...] = ()
