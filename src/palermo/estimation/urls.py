"""Pages of the estimation app, mounted at /estimation/."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from palermo.estimation import from_cases, views
from palermo.ui.navigation import NavItem

app_name = "estimation"
url_prefix = "estimation"
nav_items = [NavItem("estimation:list", _("Estimates"), order=40, login=True)]
urlpatterns = [
    path("", views.run_list, name="list"),
    path("new/", views.run_new, name="new"),
    path("from-cases/", from_cases.from_cases_view, name="from-cases"),
    path("<int:pk>/", views.run_detail, name="detail"),
    path("<int:pk>/export/", views.run_export, name="export"),
]
