"""A spreadsheet of BLK-Ks, checked in a dry run and perhaps imported."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from blkk_portal import reasons


class SpreadsheetImport(models.Model):
    """A spreadsheet checked in a dry run and perhaps imported: which file, by whom, with what result."""

    class Kind(models.TextChoices):
        BLKKS = "blkks", _("BLK-Ks")
        ANNEX = "annex", _("decree annex")

    class Status(models.TextChoices):
        CHECKED = "checked", _("dry run only")
        IMPORTED = "imported", _("imported")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.BLKKS)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.CHECKED)
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="spreadsheet_imports"
    )
    target = models.CharField(
        _("target"), max_length=120, blank=True, help_text=_("For a decree annex: the decree's number.")
    )
    # A fingerprint of what the dry run found to write; the import refuses when it no longer holds.
    plan_digest = models.CharField(_("dry-run fingerprint"), max_length=64)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    changed_count = models.PositiveIntegerField(_("changed"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    checked_at = models.DateTimeField(_("dry run at"), auto_now_add=True)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    class Meta:
        verbose_name = _("spreadsheet import")
        verbose_name_plural = _("spreadsheet imports")
        ordering = ["-checked_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="checked") | Q(imported_at__isnull=False),
                name="registry_spreadsheetimport_imported_has_time",
                violation_error_message=_("An import that ran has the time it ran."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["blkks", "annex"]),
                name="registry_spreadsheetimport_kind_valid",
                violation_error_message=_("Choose one of the listed kinds of import."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["checked", "imported"]),
                name="registry_spreadsheetimport_status_valid",
                violation_error_message=_("Choose one of the listed import states."),
            ),
        ]

    def __str__(self):
        return f"{self.file_name} ({self.sha256[:12]})"

    def reason(self):
        """The change reason each history entry of this import carries, read in the reader's language."""
        return reasons.encode("import", file=self.file_name, id=self.pk)
