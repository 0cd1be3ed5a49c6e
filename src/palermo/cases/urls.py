"""Pages of the cases app, mounted at /cases/."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from palermo.cases import linkage_views, views
from palermo.ui.navigation import NavItem

app_name = "cases"
url_prefix = "cases"
nav_items = [
    NavItem("cases:list", _("Cases"), order=30, login=True),
    NavItem("cases:statistics", _("Case statistics"), order=31, login=False),
    NavItem("cases:linkage", _("Linkage"), order=32, login=True),
]
urlpatterns = [
    path("", views.case_list, name="list"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("sources/", views.source_list, name="sources"),
    path("sources/<int:pk>/", views.source_detail, name="source"),
    path("sources/<int:pk>/upload/", views.upload, name="upload"),
    path("imports/<int:pk>/", views.import_detail, name="import"),
    path("imports/<int:pk>/status.json", views.import_status, name="import-status"),
    path("imports/<int:pk>/problems.<str:kind>", views.import_report, name="import-report"),
    path("statistics/", views.statistics, name="statistics"),
    # Record linkage (linkage_views.py)
    path("linkage/", linkage_views.linkage_home, name="linkage"),
    path("linkage/start/", linkage_views.run_start, name="linkage-start"),
    path("linkage/runs/<int:pk>/", linkage_views.run_detail, name="linkage-run"),
    path("linkage/runs/<int:pk>/status.json", linkage_views.run_status, name="linkage-status"),
    path("linkage/review/", linkage_views.review_list, name="review"),
    path("linkage/review/<int:pk>/", linkage_views.review_pair, name="review-pair"),
    path("linkage/capture/", linkage_views.capture, name="capture"),
    path("persons/", linkage_views.person_list, name="persons"),
    path("persons/<str:person>/", linkage_views.person_detail, name="person"),
]
