"""URL configuration: every Palermo app plugs in its pages (``urls.py``) and API (``api.py``).

Apps are discovered from INSTALLED_APPS so a new domain app needs no edit here:
- ``palermo.<app>.urls`` with ``app_name`` and ``url_prefix`` is mounted at ``/<url_prefix>/``;
- ``palermo.<app>.api`` with ``register(router)`` adds its viewsets under ``/api/``.
"""

from __future__ import annotations

import importlib
from importlib.util import find_spec

from django.apps import apps
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from palermo.web.health import healthz

router = DefaultRouter()
app_pages = []
for config in apps.get_app_configs():
    if not config.name.startswith("palermo.") or config.name == "palermo.web":
        continue
    if find_spec(f"{config.name}.api"):
        module = importlib.import_module(f"{config.name}.api")
        if hasattr(module, "register"):
            module.register(router)
    if find_spec(f"{config.name}.urls"):
        module = importlib.import_module(f"{config.name}.urls")
        prefix = getattr(module, "url_prefix", config.label)
        app_pages.append(path(f"{prefix}/", include(module)))

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("api/", include(router.urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    *app_pages,
    path("", include("palermo.web.pages")),
]
