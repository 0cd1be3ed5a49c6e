"""Pages, downloads and read API of the statistics app, mounted at /statistics/."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from palermo.statistics import api, views
from palermo.ui.navigation import NavItem

app_name = "statistics"
url_prefix = "statistics"
nav_items = [NavItem("statistics:dashboard", _("Statistics"), order=30, login=False)]
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("figure/<slug:slug>.svg", views.figure, name="figure"),
    path("data/<slug:slug>.<str:fmt>", views.data, name="data"),
    path("api/", api.StatisticList.as_view(), name="api-list"),
    path("api/<slug:slug>/", api.StatisticDetail.as_view(), name="api-detail"),
]
