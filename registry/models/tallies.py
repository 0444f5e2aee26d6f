"""Counts of BLK-Ks by province and group, kept current on every change (`registry.tallies`).

A national overview counts all 5,000 BLK-Ks by level, status, province, host type and
vocational field; joining and grouping the registry for each of those took about a
fifth of the page's time. These rows hold the same counts per province (a few hundred
rows in all), recounted from the BLK-Ks in the transaction of every change, so a
reader who sees everything sums them instead.
"""

from django.db import models
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from .blkk import Blkk

Level = Blkk.Level


class TallyQuerySet(models.QuerySet):
    def in_province(self, code):
        """Rows of one province (a code), or of all without one."""
        return self.filter(province_id=code) if code else self

    @staticmethod
    def level_sums():
        """`total` and a count per level (keyed by Level value): for aggregate() or values().annotate()."""
        levels = {level.value: Coalesce(Sum("count", filter=Q(level=level)), 0) for level in Level}
        return {"total": Coalesce(Sum("count"), 0), **levels}

    def counts(self):
        """`total`, a count per level and per operating status (keyed `status_<value>`), as a live count gives them."""
        statuses = {f"status_{s.value}": Coalesce(Sum("count", filter=Q(status=s)), 0) for s in Blkk.Status}
        return self.aggregate(**self.level_sums(), **statuses)


class ProvinceTally(models.Model):
    """How many of a province's BLK-Ks have one host institution type, level and operating status."""

    province = models.ForeignKey(
        "registry.Province", verbose_name=_("province"), on_delete=models.CASCADE, related_name="+"
    )
    host_type = models.ForeignKey(
        "registry.HostInstitutionType",
        verbose_name=_("host institution type"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    level = models.CharField(_("independence level"), max_length=12, choices=Level.choices)
    status = models.CharField(_("operating status"), max_length=10, choices=Blkk.Status.choices)
    count = models.PositiveIntegerField(_("BLK-Ks"))

    objects = TallyQuerySet.as_manager()

    class Meta:
        verbose_name = _("province tally")
        verbose_name_plural = _("province tallies")
        ordering = ["province", "host_type", "level", "status"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "host_type", "level", "status"],
                name="registry_provincetally_one_per_group",
                violation_error_message=_("A province has one count per host type, level and status."),
            ),
            models.CheckConstraint(
                condition=Q(level__in=Level.values),
                name="registry_provincetally_level_valid",
                violation_error_message=_("Choose one of the listed levels."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=Blkk.Status.values),
                name="registry_provincetally_status_valid",
                violation_error_message=_("Choose one of the listed statuses."),
            ),
        ]

    def __str__(self):
        return f"{self.province_id} · {self.host_type_id} · {self.level} · {self.status}: {self.count}"


class FieldTally(models.Model):
    """How many of a province's BLK-Ks train in one vocational field (or in none) and have one level.

    A BLK-K with several fields counts under each, so these rows add up to more than the
    province's BLK-Ks.
    """

    province = models.ForeignKey(
        "registry.Province", verbose_name=_("province"), on_delete=models.CASCADE, related_name="+"
    )
    field = models.ForeignKey(
        "registry.VocationalField",
        verbose_name=_("vocational field"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    level = models.CharField(_("independence level"), max_length=12, choices=Level.choices)
    count = models.PositiveIntegerField(_("BLK-Ks"))

    objects = TallyQuerySet.as_manager()

    class Meta:
        verbose_name = _("vocational field tally")
        verbose_name_plural = _("vocational field tallies")
        ordering = ["province", "field", "level"]
        # Two partial constraints, since the count of BLK-Ks without a field has NULL there.
        constraints = [
            models.UniqueConstraint(
                fields=["province", "field", "level"],
                condition=Q(field__isnull=False),
                name="registry_fieldtally_one_per_group",
                violation_error_message=_("A province has one count per vocational field and level."),
            ),
            models.UniqueConstraint(
                fields=["province", "level"],
                condition=Q(field__isnull=True),
                name="registry_fieldtally_one_without_field",
                violation_error_message=_("A province has one count per level of BLK-Ks without a field."),
            ),
            models.CheckConstraint(
                condition=Q(level__in=Level.values),
                name="registry_fieldtally_level_valid",
                violation_error_message=_("Choose one of the listed levels."),
            ),
        ]

    def __str__(self):
        return f"{self.province_id} · {self.field_id or '-'} · {self.level}: {self.count}"
