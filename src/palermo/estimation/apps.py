from django.apps import AppConfig


class EstimationConfig(AppConfig):
    name = "palermo.estimation"
    verbose_name = "Estimation"
    default_auto_field = "django.db.models.BigAutoField"
