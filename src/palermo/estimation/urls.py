"""Pages of the estimation app, mounted at /estimation/."""

from django.urls import path

from palermo.estimation import views

app_name = "estimation"
url_prefix = "estimation"
urlpatterns = [
    path("", views.run_list, name="list"),
    path("new/", views.run_new, name="new"),
    path("<int:pk>/", views.run_detail, name="detail"),
    path("<int:pk>/export/", views.run_export, name="export"),
]
