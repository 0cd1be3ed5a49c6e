from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundConfig(AppConfig):
    name = "palermo.fund"
    verbose_name = _("Trust fund")
    default_auto_field = "django.db.models.BigAutoField"
