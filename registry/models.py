from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from blkk_portal import reasons

from .querysets import (
    BlkkQuerySet,
    MentorshipQuerySet,
    ProvinceQuerySet,
    RegencyQuerySet,
    TrainingCentreQuerySet,
    in_active_language,
)

# Where a BLK-K can be: Indonesia lies between 11°S and 6°N, 94°E and 142°E. The form
# validators and the database constraints below both read these bounds.
LATITUDE_RANGE = (-11, 6)
LONGITUDE_RANGE = (94, 142)
# BLK Komunitas were first built in 2017; a year past 2100 is a typing error.
YEAR_ESTABLISHED_RANGE = (2017, 2100)


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
