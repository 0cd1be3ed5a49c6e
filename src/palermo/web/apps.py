from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "palermo.web"
    verbose_name = "Palermo web"
    default_auto_field = "django.db.models.BigAutoField"
