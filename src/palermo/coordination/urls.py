"""Pages of the coordination app, mounted at /coordination/."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from palermo.coordination import views
from palermo.ui.navigation import NavItem

app_name = "coordination"
url_prefix = "coordination"
nav_items = [NavItem("coordination:icat", _("Coordination"), order=60)]
urlpatterns = [
    path("", views.icat, name="icat"),
    path("activities/", views.activity_list, name="activities"),
    path("activities/new/", views.activity_edit, name="activity_new"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("campaigns/", views.campaigns, name="campaigns"),
]
