"""Pages of the trust fund app, mounted at /fund/."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from palermo.fund import money_views, views
from palermo.ui.navigation import NavItem

app_name = "fund"
url_prefix = "fund"
nav_items = [NavItem("fund:dashboard", _("Trust fund"), order=65, login=True)]
urlpatterns = [
    path("", money_views.dashboard, name="dashboard"),
    path("donors/", money_views.donor_list, name="donors"),
    path("donors/new/", money_views.donor_new, name="donor_new"),
    path("donors/<int:pk>/", money_views.donor_detail, name="donor"),
    path("contributions/<int:pk>/receipt/", money_views.receipt, name="receipt"),
    path("ledger/", money_views.ledger_page, name="ledger"),
    path("calls/", views.call_list, name="calls"),
    path("calls/new/", views.call_new, name="call_new"),
    path("calls/<int:pk>/", views.call_detail, name="call"),
    path("calls/<int:pk>/apply/", views.apply, name="apply"),
    path("applications/", views.application_list, name="applications"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/files/<int:file_pk>/", views.attachment, name="attachment"),
    path("grants/<int:pk>/", views.grant_detail, name="grant"),
    path("reports/<int:pk>/", views.report_submit, name="report"),
]
