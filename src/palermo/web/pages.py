"""Site-wide pages mounted at the root: the dashboard and the country pages."""

from django.urls import path

from palermo.web import countries, views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("countries/", countries.country_list, name="countries"),
    path("countries/<str:iso3>/", countries.country_detail, name="country"),
]
