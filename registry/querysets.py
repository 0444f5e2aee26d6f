"""Queryset methods for the registry, including the access rules for its models.

Every view, count and export reaches BLK-Ks through `visible_to` and `editable_by`; the
role helpers of `accounts.roles` are the only place that names roles.
"""

from django.db import models
from django.db.models import Case, Count, Exists, F, FloatField, OuterRef, Q, Value, When
from django.db.models.functions import Cast, NullIf
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from accounts.roles import is_admin, is_manager, is_mentor


class MentorshipQuerySet(models.QuerySet):
    def effective(self, on=None):
        """Rows in force on the given day (today by default)."""
        on = on or timezone.localdate()
        return self.filter(
            Q(starts_on__lte=on),
            Q(ends_on__isnull=True) | Q(ends_on__gte=on),
            Q(ended_on__isnull=True) | Q(ended_on__gt=on),
        )

    def of_user(self, user):
        """Rows whose centre employs the user."""
        return self.filter(centre__staff=user)


def per_100k(count_field, population_field="population"):
    """SQL for `count_field` per 100,000 inhabitants; NULL where the population is unknown or zero."""
    return Cast(F(count_field), FloatField()) * Value(100000.0) / NullIf(F(population_field), Value(0))


class ProvinceQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Every signed-in user may browse the regions and their BLK-K counts."""
        return self if user.is_authenticated else self.none()

    def with_blkk_counts(self):
        """Annotate `blkk_count` (BLK-Ks in the province's regencies) and `blkk_per_100k`."""
        return self.annotate(blkk_count=Count("regencies__blkks")).annotate(blkk_per_100k=per_100k("blkk_count"))


class RegencyQuerySet(models.QuerySet):
    def with_blkk_counts(self):
        """Annotate `blkk_count` (BLK-Ks in the regency) and `blkk_per_100k`."""
        return self.annotate(blkk_count=Count("blkks")).annotate(blkk_per_100k=per_100k("blkk_count"))


class TrainingCentreQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Every signed-in user may browse the ministry's centres."""
        return self if user.is_authenticated else self.none()

    def with_blkk_counts(self):
        """Annotate `blkk_count`: the BLK-Ks whose mentor centre this is."""
        return self.annotate(blkk_count=Count("mentored_blkks", distinct=True))


class BlkkQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The directory is open to every signed-in user."""
        return self if user.is_authenticated else self.none()

    def mentored_by_user(self, user, on=None):
        """BLK-Ks in the scope of the user's centres through mentorships in force."""
        from .models import Mentorship

        scope = Mentorship.objects.effective(on).of_user(user)
        by_province = scope.filter(province_id=OuterRef("regency__province_id"))
        direct = scope.filter(blkk_id=OuterRef("pk"))
        return self.filter(Q(Exists(by_province)) | Q(Exists(direct)))

    def managed_by(self, user):
        return self.filter(managers=user)

    def editable_by(self, user):
        """Profiles the user may change: admins all, managers their own, mentors their scope."""
        if not user.is_authenticated:
            return self.none()
        if is_admin(user):
            return self
        condition = Q(pk__in=[])
        if is_manager(user):
            condition |= Q(pk__in=self.model.objects.managed_by(user).values("pk"))
        if is_mentor(user):
            condition |= Q(pk__in=self.model.objects.mentored_by_user(user).values("pk"))
        return self.filter(condition)

    def for_directory(self):
        """Join what a directory row shows: regency, province, host type and mentor centre."""
        return self.select_related("regency__province", "host_type", "mentor_centre")

    # What a row of registry/_blkk_table.html shows, read as plain values: the page query
    # selects these 11 columns instead of the 47 of five whole tables, no model instance is
    # built, and the template finds each value with one dictionary lookup.
    ROW_VALUES = (
        "pk", "name", "registry_number", "status", "level", "year_established", "host_type__name",
        "host_type__name_en", "regency__name", "regency__province__name", "mentor_centre__name",
    )  # fmt: skip

    def directory_rows(self):
        """The values of each BLK-K that a directory row shows; `table_rows` shapes a page of them."""
        return self.values(*self.ROW_VALUES)

    def search(self, text):
        """BLK-Ks whose name, host institution or registry number contains the text."""
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(
            Q(name__icontains=text) | Q(host_name__icontains=text) | Q(registry_number__icontains=text)
        )

    # The directory's sort keys; anything else falls back to DEFAULT_SORT. The primary key
    # closes every ordering so that pages never repeat or skip a row.
    SORTS = {
        "name": ("name", "pk"),
        "-name": ("-name", "-pk"),
        "regency": ("regency__name", "name", "pk"),
        "province": ("regency__province__name", "regency__name", "name", "pk"),
        "level": ("level_rank", "name", "pk"),
        "year": ("year_established", "name", "pk"),
        "registry_number": ("registry_number",),
    }
    DEFAULT_SORT = "name"

    def sorted_by(self, key):
        """Order by one of SORTS; the level sorts from the most independent down, not alphabetically."""
        ordering = self.SORTS.get(key) or self.SORTS[self.DEFAULT_SORT]
        queryset = self
        if "level_rank" in ordering:
            queryset = queryset.annotate(level_rank=self._level_rank())
        return queryset.order_by(*ordering)

    def _level_rank(self):
        Level = self.model.Level
        ranked = [Level.MANDIRI, Level.BERKEMBANG, Level.TUMBUH, Level.UNCLASSIFIED]
        return Case(*(When(level=level, then=Value(rank)) for rank, level in enumerate(ranked)), default=Value(9))

    def level_counts(self):
        """One aggregate query: `total` and a count per level, keyed by the Level value."""
        Level = self.model.Level
        counts = {level.value: Count("pk", filter=Q(level=level)) for level in Level}
        return self.aggregate(total=Count("pk"), **counts)


def in_active_language(name, name_en):
    """A reference row's name as shown: the English one when English is active and there is one."""
    if name_en and (get_language() or "id").startswith("en"):
        return name_en
    return name


def table_rows(values):
    """Rows of registry/_blkk_table.html from `directory_rows()` values: names in the active language, links."""
    # The detail URL of pk 0 without the 0: reversing once instead of once per row.
    prefix = reverse("registry:blkk-detail", args=[0])[:-2]
    return [
        {
            "url": f"{prefix}{row['pk']}/",
            "name": row["name"],
            "registry_number": row["registry_number"],
            "status": row["status"],
            "level": row["level"],
            "year_established": row["year_established"],
            "host_type": in_active_language(row["host_type__name"], row["host_type__name_en"]),
            "regency": row["regency__name"],
            "province": row["regency__province__name"],
            "mentor_centre": row["mentor_centre__name"],
        }
        for row in values
    ]
