from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "palermo.reporting"
    verbose_name = _("Reporting rounds")
    default_auto_field = "django.db.models.BigAutoField"
