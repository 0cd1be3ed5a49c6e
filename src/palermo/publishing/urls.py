"""Pages of the publishing app, mounted at /reports/: preview, downloads, narrative editing."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from palermo.accounts.models import Role
from palermo.publishing import views
from palermo.ui.navigation import NavItem

app_name = "publishing"
url_prefix = "reports"
nav_items = [
    NavItem(
        "publishing:index",
        _("Report"),
        order=70,
        roles=(Role.PLATFORM_ADMIN, Role.SECRETARIAT_ANALYST),
    )
]
urlpatterns = [
    path("", views.index, name="index"),
    path("preview/", views.preview, name="preview"),
    path("download/", views.download, name="download"),
    path("sdmx/", views.sdmx_download, name="sdmx"),
    path("narratives/<str:lang>/<str:key>/", views.narrative, name="narrative"),
    path("narratives/version/<int:pk>/review/", views.review, name="review"),
]
