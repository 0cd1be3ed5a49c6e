"""Pages of the accounts app, mounted at /accounts/."""

from django.urls import path

from palermo.accounts import audit_views, views

app_name = "accounts"
url_prefix = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/code/", views.otp_verify_view, name="otp_verify"),
    path("logout/", views.logout_view, name="logout"),
    path("two-factor/", views.otp_enrol_view, name="otp_enrol"),
    path("password/", views.password_change_view, name="password_change"),
    path("audit/", audit_views.audit_view, name="audit"),
]
