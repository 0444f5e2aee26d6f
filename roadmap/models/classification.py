"""A BLK-K's independence level (tumbuh, berkembang, mandiri) as assessed, over time."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from registry.models import Blkk

from ..querysets import ClassificationQuerySet


class Classification(models.Model):
    """An assessment of a BLK-K's independence level on a date, with its evidence."""

    blkk = models.ForeignKey(Blkk, verbose_name=_("BLK-K"), on_delete=models.PROTECT, related_name="classifications")
    level = models.CharField(_("level"), max_length=12, choices=Blkk.Level.choices)
    assessed_on = models.DateField(_("assessed on"))
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assessor"), on_delete=models.PROTECT, related_name="classifications"
    )
    evidence = models.TextField(_("evidence"))
    note = models.TextField(_("note"), blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = ClassificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("classification")
        verbose_name_plural = _("classifications")
        ordering = ["blkk", "-assessed_on", "-pk"]
        indexes = [models.Index(fields=["blkk", "-assessed_on"], name="roadmap_class_blkk_idx")]
        constraints = [
            # An assessment always concludes a level; "not yet classified" is only a BLK-K's
            # level before its first assessment.
            models.CheckConstraint(
                condition=Q(level__in=["tumbuh", "berkembang", "mandiri"]),
                name="roadmap_classification_level_assessed",
                violation_error_message=_("Choose tumbuh, berkembang or mandiri."),
            ),
        ]

    def __str__(self):
        return f"{self.blkk}: {self.get_level_display()} ({self.assessed_on})"
