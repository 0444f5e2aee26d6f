"""The BLK Komunitas itself: its host institution, place, fields, managers and permit facts."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..lookups import InArray
from ..querysets import BlkkQuerySet
from .centres import TrainingCentre
from .places import HostInstitutionType, Regency, VocationalField

# Where a BLK-K can be: Indonesia lies between 11°S and 6°N, 94°E and 142°E. The form
# validators and the database constraints below both read these bounds.
LATITUDE_RANGE = (-11, 6)
LONGITUDE_RANGE = (94, 142)
# BLK Komunitas were first built in 2017; a year past 2100 is a typing error.
YEAR_ESTABLISHED_RANGE = (2017, 2100)


class Blkk(models.Model):
    """A community vocational training centre (BLK Komunitas) inside its host institution.

    Who mentors a BLK-K is not read from `mentor_centre`. The one rule lives in
    `registry.querysets` and reads the `Mentorship` rows in force: a provincial forum's
    mentor decree covers every BLK-K of the province, a decree's annex the BLK-Ks it names,
    and both end by their dates with nothing to clean up. A stored field cannot follow a
    decree that lapses on its own, so `mentor_centre` stays what the decree workflow
    writes, a record of the centre whose signed annex last named this BLK-K (kept for its
    history and for Django admin), and no page, count, filter, export or access rule reads
    it: the profile, the directory, the centre pages, the dashboards and the review scope
    use `Blkk.objects.mentored_by_centre` / `mentored_by_user`, `with_mentor_centres` and
    `TrainingCentre.objects.mentoring` / `with_blkk_counts`.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("operating")
        INACTIVE = "inactive", _("not operating")
        CLOSED = "closed", _("closed")

    class Level(models.TextChoices):
        UNCLASSIFIED = "unclassified", _("not yet classified")
        TUMBUH = "tumbuh", _("tumbuh (growing)")
        BERKEMBANG = "berkembang", _("berkembang (developing)")
        MANDIRI = "mandiri", _("mandiri (independent)")

    class Accreditation(models.TextChoices):
        NONE = "", _("not accredited")
        A = "A", _("A")
        B = "B", _("B")
        C = "C", _("C")

    registry_number = models.CharField(
        _("registry number"),
        max_length=30,
        unique=True,
        validators=[
            RegexValidator(
                r"^BLKK-\d{4}-\d{2}\.\d{2}-\d{4}$",
                _("A registry number looks like BLKK-2019-73.71-0001."),
            )
        ],
    )
    name = models.CharField(_("name"), max_length=200)
    host_name = models.CharField(_("host institution"), max_length=200)
    host_type = models.ForeignKey(
        HostInstitutionType,
        verbose_name=_("host institution type"),
        on_delete=models.PROTECT,
        related_name="blkks",
    )
    regency = models.ForeignKey(
        Regency, verbose_name=_("regency or city"), on_delete=models.PROTECT, related_name="blkks"
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(LATITUDE_RANGE[0]), MaxValueValidator(LATITUDE_RANGE[1])],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(LONGITUDE_RANGE[0]), MaxValueValidator(LONGITUDE_RANGE[1])],
    )
    year_established = models.PositiveSmallIntegerField(
        _("year established"),
        validators=[MinValueValidator(YEAR_ESTABLISHED_RANGE[0]), MaxValueValidator(YEAR_ESTABLISHED_RANGE[1])],
    )
    vocational_fields = models.ManyToManyField(
        VocationalField, verbose_name=_("vocational fields"), related_name="blkks", blank=True
    )
    status = models.CharField(_("operating status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    vin = models.CharField(
        _("VIN"),
        max_length=30,
        blank=True,
        help_text=_("Vocational Identity Number in the training-provider registry."),
    )
    permit_number = models.CharField(_("operating permit number"), max_length=80, blank=True)
    permit_date = models.DateField(_("operating permit date"), null=True, blank=True)
    accreditation = models.CharField(
        _("accreditation (LA-LPK)"), max_length=1, choices=Accreditation.choices, blank=True, default=""
    )
    in_incubator = models.BooleanField(_("in the entrepreneurship incubator"), default=False)
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("managers"), related_name="managed_blkks", blank=True
    )
    # The annex record only; see the class docstring for where a BLK-K's mentor centres come from.
    mentor_centre = models.ForeignKey(
        TrainingCentre,
        verbose_name=_("mentor centre"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mentored_blkks",
        help_text=_("Set by the Director General's mentor decree that names this BLK-K in its annex."),
    )
    level = models.CharField(_("independence level"), max_length=12, choices=Level.choices, default=Level.UNCLASSIFIED)
    phone = models.CharField(
        _("contact phone"),
        max_length=30,
        blank=True,
        validators=[RegexValidator(r"^\+?[0-9 ()-]{6,30}$", _("Enter a phone number of digits, spaces and dashes."))],
    )
    email = models.EmailField(_("contact e-mail"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at", "created_at", "version"], m2m_fields=[vocational_fields])
    objects = BlkkQuerySet.as_manager()

    class Meta:
        verbose_name = _("BLK-K")
        verbose_name_plural = _("BLK-Ks")
        ordering = ["name", "pk"]
        indexes = [
            models.Index(fields=["level"], name="registry_blkk_level_idx"),
            models.Index(fields=["status"], name="registry_blkk_status_idx"),
            # The directory's default order; lets a page of 25 be read without sorting the table.
            models.Index(fields=["name", "id"], name="registry_blkk_name_idx"),
            # The registry's latest change (the open data's `updated_at`): one index entry, not a scan.
            models.Index(fields=["updated_at"], name="registry_blkk_updated_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(permit_date__isnull=True) | ~Q(permit_number=""),
                name="registry_blkk_permit_date_needs_number",
                violation_error_message=_("A permit date needs a permit number."),
            ),
            # Choice fields hold one of their choices (tests/test_choice_constraints.py checks
            # that these lists follow the TextChoices above, here and in every app).
            models.CheckConstraint(
                condition=Q(status__in=["active", "inactive", "closed"]),
                name="registry_blkk_status_valid",
                violation_error_message=_("Choose one of the listed operating statuses."),
            ),
            models.CheckConstraint(
                condition=Q(level__in=["unclassified", "tumbuh", "berkembang", "mandiri"]),
                name="registry_blkk_level_valid",
                violation_error_message=_("Choose one of the listed independence levels."),
            ),
            models.CheckConstraint(
                condition=Q(accreditation__in=["", "A", "B", "C"]),
                name="registry_blkk_accreditation_valid",
                violation_error_message=_("The accreditation is A, B, C or none."),
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True)
                | Q(latitude__gte=LATITUDE_RANGE[0], latitude__lte=LATITUDE_RANGE[1]),
                name="registry_blkk_latitude_in_indonesia",
                violation_error_message=_("The latitude lies between -11 and 6 (Indonesia)."),
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True)
                | Q(longitude__gte=LONGITUDE_RANGE[0], longitude__lte=LONGITUDE_RANGE[1]),
                name="registry_blkk_longitude_in_indonesia",
                violation_error_message=_("The longitude lies between 94 and 142 (Indonesia)."),
            ),
            models.CheckConstraint(
                condition=Q(
                    year_established__gte=YEAR_ESTABLISHED_RANGE[0], year_established__lte=YEAR_ESTABLISHED_RANGE[1]
                ),
                name="registry_blkk_year_established_range",
                violation_error_message=_("The year established lies between 2017 and 2100."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("registry:blkk-detail", args=[self.pk])

    @property
    def province(self):
        return self.regency.province


# The mentor scope (`querysets._mentored`) finds its BLK-Ks through these two columns' indexes.
Blkk._meta.pk.register_lookup(InArray)
Blkk._meta.get_field("regency").register_lookup(InArray)
