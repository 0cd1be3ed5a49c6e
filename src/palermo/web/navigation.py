"""The main navigation, assembled from the apps: each app's ``urls.py`` may declare ``nav_items``
(a list of ``palermo.ui.navigation.NavItem``).

``nav_items = [NavItem("estimation:list", _("Estimates"), order=40)]``. An item with ``login=True``
shows only to signed-in users. Apps declare their own entries so base.html never needs editing.
"""

from __future__ import annotations

import importlib
from functools import cache
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from palermo.accounts.permissions import has_role
from palermo.ui.navigation import NavItem


@cache
def _app_items() -> tuple[NavItem, ...]:
    items: list[NavItem] = []
    for config in apps.get_app_configs():
        name = f"{config.name}.urls"
        if config.name.startswith("palermo.") and find_spec(name):
            items.extend(getattr(importlib.import_module(name), "nav_items", []))
    return tuple(sorted(items, key=lambda item: (item.order, item.url_name)))


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Context processor: ``nav_links`` = [(url, label, current)] for the signed-in state."""
    signed_in = getattr(request, "user", None) is not None and request.user.is_authenticated
    links = []
    for item in _app_items():
        if (item.login or item.roles) and not signed_in:
            continue
        if item.roles and not has_role(request.user, *item.roles):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        links.append((url, item.label, request.path.startswith(url)))
    return {"nav_links": links}
