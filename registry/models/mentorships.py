"""Who mentors which BLK-Ks, and when: the rows the signed mentor decrees write."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..querysets import MentorshipQuerySet
from .blkk import Blkk
from .centres import TrainingCentre
from .places import Province


class Mentorship(models.Model):
    """Who mentors what, and when: a centre mentors a province's BLK-Ks or a single BLK-K.

    Access rules read these rows; only the forum app's decree workflow writes them. A row
    stops counting after `ends_on` or from `ended_on` (revocation, supersession) without
    anything to clean up.

    `source` is the decree that made the row. The registry names it by the lazy reference
    "forum.Decree" and never imports the forum app, so app code still depends one way
    (registry ← forum); only the migration graph knows both (registry 0005 needs forum 0001).
    `legacy_source` holds the decree reference of a row written before `source` was a
    foreign key whose text matched no decree on record (migration registry 0005): nothing
    is lost, such rows keep granting what they granted, and the admin finds them by an
    empty `source` so someone can record the decree or end the row. Every row names
    exactly one of the two (registry_mentorship_names_its_source).
    """

    centre = models.ForeignKey(
        TrainingCentre, verbose_name=_("centre"), on_delete=models.PROTECT, related_name="mentorships"
    )
    province = models.ForeignKey(
        Province,
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mentorships",
    )
    blkk = models.ForeignKey(
        Blkk, verbose_name=_("BLK-K"), on_delete=models.CASCADE, null=True, blank=True, related_name="mentorships"
    )
    starts_on = models.DateField(_("effective from"))
    ends_on = models.DateField(_("effective until"), null=True, blank=True)
    ended_on = models.DateField(
        _("ended on"), null=True, blank=True, help_text=_("Set when the source decree is revoked or superseded.")
    )
    source = models.ForeignKey(
        "forum.Decree",
        verbose_name=_("source decree"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mentorships",
        help_text=_("The decree that made it."),
    )
    legacy_source = models.CharField(
        _("source (unmatched reference)"),
        max_length=120,
        blank=True,
        help_text=_("The decree reference of an older row that matched no decree on record."),
    )

    objects = MentorshipQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentorship")
        verbose_name_plural = _("mentorships")
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(province__isnull=True, blkk__isnull=False) | Q(province__isnull=False, blkk__isnull=True),
                name="registry_mentorship_one_target",
                violation_error_message=_("A mentorship covers either a province or a single BLK-K."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="registry_mentorship_ends_after_start",
                violation_error_message=_("A mentorship cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(source__isnull=False, legacy_source="") | (Q(source__isnull=True) & ~Q(legacy_source="")),
                name="registry_mentorship_names_its_source",
                violation_error_message=_("A mentorship names the decree that made it."),
            ),
        ]

    def __str__(self):
        return f"{self.centre} → {self.province or self.blkk}"

    @property
    def source_reference(self):
        """The number of the source decree, or the unmatched reference of an older row."""
        return self.source.number if self.source_id else self.legacy_source

    def is_effective(self, on=None):
        on = on or timezone.localdate()
        return (
            self.starts_on <= on
            and (self.ends_on is None or on <= self.ends_on)
            and (self.ended_on is None or on < self.ended_on)
        )
