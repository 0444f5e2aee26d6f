from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """The audit log: one reading of every app's history records, for ministry staff and admins."""

    name = "audit"
    verbose_name = _("Audit log")
