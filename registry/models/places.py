"""Where things are: provinces and regencies on Kemendagri codes, and the bilingual reference lists."""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..querysets import ProvinceQuerySet, RegencyQuerySet, in_active_language


class BilingualName(models.Model):
    """A reference row named in Indonesian and English; shows the name of the active language."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name (Indonesian)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return in_active_language(self.name, self.name_en)


class Province(models.Model):
    """A province, keyed by its two-digit Kemendagri code."""

    code = models.CharField(
        _("Kemendagri code"),
        max_length=2,
        primary_key=True,
        validators=[RegexValidator(r"^\d{2}$", _("A province code has two digits."))],
    )
    name = models.CharField(_("name"), max_length=80, unique=True)
    population = models.PositiveIntegerField(_("population"))
    # The source dataset has no area for DKI Jakarta; an unknown stays unknown.
    area_km2 = models.DecimalField(_("area (km²)"), max_digits=12, decimal_places=3, null=True, blank=True)

    objects = ProvinceQuerySet.as_manager()

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("registry:province-detail", args=[self.code])


class Regency(models.Model):
    """A kabupaten or kota, keyed by its Kemendagri code `PP.KK`."""

    class Kind(models.TextChoices):
        KABUPATEN = "kabupaten", _("regency (kabupaten)")
        KOTA = "kota", _("city (kota)")

    code = models.CharField(
        _("Kemendagri code"),
        max_length=5,
        primary_key=True,
        validators=[RegexValidator(r"^\d{2}\.\d{2}$", _("A regency code looks like 73.71."))],
    )
    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="regencies"
    )
    name = models.CharField(_("name"), max_length=80)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    population = models.PositiveIntegerField(_("population"))
    area_km2 = models.DecimalField(_("area (km²)"), max_digits=12, decimal_places=3)

    objects = RegencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("regency or city")
        verbose_name_plural = _("regencies and cities")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__startswith=models.F("province_id")),
                name="registry_regency_code_in_province",
                violation_error_message=_("A regency's code starts with its province's code."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["kabupaten", "kota"]),
                name="registry_regency_kind_valid",
                violation_error_message=_("A regency is a kabupaten or a kota."),
            ),
        ]

    def __str__(self):
        return self.name


class VocationalField(BilingualName):
    """A vocational field (kejuruan); an editable reference table."""

    class Meta(BilingualName.Meta):
        verbose_name = _("vocational field")
        verbose_name_plural = _("vocational fields")


class HostInstitutionType(BilingualName):
    """A kind of institution that hosts a BLK-K (pesantren, seminary, trade union, ...)."""

    class Meta(BilingualName.Meta):
        verbose_name = _("host institution type")
        verbose_name_plural = _("host institution types")
