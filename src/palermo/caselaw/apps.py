from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaselawConfig(AppConfig):
    name = "palermo.caselaw"
    verbose_name = _("Case law")
    default_auto_field = "django.db.models.BigAutoField"
