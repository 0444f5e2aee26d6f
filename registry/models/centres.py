"""The ministry's own training centres (BBPVP/BPVP), which mentor BLK-Ks by decree."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..querysets import TrainingCentreQuerySet
from .places import Regency


class TrainingCentre(models.Model):
    """One of the ministry's own training centres (BBPVP, BPVP) or a service outpost under one."""

    class Kind(models.TextChoices):
        BBPVP = "BBPVP", _("Balai Besar (BBPVP)")
        BPVP = "BPVP", _("Balai (BPVP)")
        SATPEL = "SATPEL", _("Service outpost (Satpel)")

    name = models.CharField(_("name"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    former_name = models.CharField(
        _("former name"),
        max_length=120,
        blank=True,
        help_text=_("The name used before the 2021–22 renaming; older documents use it."),
    )
    regency = models.ForeignKey(
        Regency, verbose_name=_("regency or city"), on_delete=models.PROTECT, related_name="training_centres"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent centre"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outposts",
        help_text=_("For a service outpost: the centre it belongs to."),
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("staff users"), blank=True, related_name="training_centres"
    )

    objects = TrainingCentreQuerySet.as_manager()

    class Meta:
        verbose_name = _("training centre")
        verbose_name_plural = _("training centres")
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="SATPEL") | Q(parent__isnull=False),
                name="registry_trainingcentre_outpost_has_parent",
                violation_error_message=_("A service outpost must belong to a parent centre."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["BBPVP", "BPVP", "SATPEL"]),
                name="registry_trainingcentre_kind_valid",
                violation_error_message=_("A training centre is a BBPVP, a BPVP or a Satpel."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("registry:centre-detail", args=[self.pk])
