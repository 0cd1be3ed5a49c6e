"""Pages of the reporting app, mounted at /rounds/."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from palermo.reporting import answer_views, views
from palermo.ui.navigation import NavItem

app_name = "reporting"
url_prefix = "rounds"
nav_items = [NavItem("reporting:list", _("Reporting rounds"), order=35, login=True)]
urlpatterns = [
    path("", views.round_list, name="list"),
    path("new/", views.round_new, name="new"),
    path("<int:pk>/", views.round_detail, name="round"),
    path("<int:pk>/remind/", views.round_remind, name="remind"),
    path("<int:pk>/status/", views.round_status, name="status"),
    path("<int:pk>/answer/<int:org>/", answer_views.answer, name="answer"),
    path(
        "<int:pk>/answer/<int:org>/template.xlsx", answer_views.template_download, name="template"
    ),
    path("<int:pk>/answer/<int:org>/upload/", answer_views.template_upload, name="upload"),
    path("submissions/<int:pk>/", views.submission_detail, name="submission"),
    path("submissions/<int:pk>/files/<int:att>/", views.attachment_download, name="attachment"),
]
