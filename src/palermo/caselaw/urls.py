"""Pages of the case-law app, mounted at /caselaw/."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from palermo.caselaw import views
from palermo.ui.navigation import NavItem

app_name = "caselaw"
url_prefix = "caselaw"
nav_items = [NavItem("caselaw:search", _("Case law"), order=30, login=False)]
urlpatterns = [
    path("", views.search, name="search"),
    path("decision/<int:pk>/", views.decision, name="decision"),
    path("decision/<int:pk>/edit/", views.edit, name="edit"),
    path("decision/<int:pk>/status/", views.change_status, name="status"),
    path("decision/<int:pk>/upload/", views.upload, name="upload"),
    path("new/", views.edit, name="new"),
    path("country/<str:iso3>/", views.country, name="country"),
    path("theme/<slug:code>/", views.theme, name="theme"),
    path("stats/", views.stats, name="stats"),
    path("saved/", views.save_search, name="save"),
]
