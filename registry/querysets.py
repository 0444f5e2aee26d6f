"""Queryset methods for the registry, including the access rules for its models.

Every view, count and export reaches BLK-Ks through `visible_to` and `editable_by`; the
role helpers of `accounts.roles` are the only place that names roles.

Which BLK-Ks a centre mentors is decided once, by `_REACH` below, from the `Mentorship`
rows in force: a row for a province (written when a provincial forum's mentor decree is
signed) covers every BLK-K of that province, a row for a BLK-K (the decree's annex)
covers that one. Everything that names a centre's BLK-Ks or a BLK-K's centres derives
from it, through `_mentored` (a set of BLK-Ks), `_reaching` (one BLK-K's mentorships) or
`_reached_count` (how many BLK-Ks some mentorships reach):

- `Blkk.objects.mentored_by_centre` / `mentored_by_user`: the directory's centre filter,
  the centre page, the centre dashboard and its lists and exports, profile editing, and
  the review scope of `roadmap.querysets.BlkkScope`;
- `Blkk.objects.with_mentor_centres`: the "Mentor centre" column of the directory and the
  exports;
- `TrainingCentre.objects.mentoring`: a BLK-K's profile;
- `TrainingCentre.objects.with_blkk_counts`: the centre list.
"""

from django.db import connection, models, transaction
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    StringAgg,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, NullIf, Replace
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from accounts.roles import is_admin, is_manager, is_mentor, sees_everything


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

    def of_centre(self, centre):
        """Rows of one centre (an instance, a primary key or an OuterRef)."""
        return self.filter(centre=centre)


# The one rule of who mentors what: how a Mentorship row reaches BLK-Ks. Each way is
# (the row's field, the BLK-K field it must equal, the relation from the row to those
# BLK-Ks). A row for a province (a provincial forum's mentor decree) reaches every BLK-K
# of the province; a row for a BLK-K (the decree's annex) reaches that one. Every query
# below reads it, from whichever side its page starts; `_mentored` spells the same two
# ways out by hand, through the BLK-K's own columns (tests/registry/test_mentor_scope_consistency.py
# holds them equal).
_REACH = (
    ("province_id", "regency__province_id", "province__regencies__blkks"),
    ("blkk_id", "pk", "blkk"),
)


def _mentored(mentorships):
    """A filter on BLK-Ks reached by `mentorships`, the two ways of `_REACH` written out by hand.

    `mentorships` is a Mentorship queryset already narrowed to the day and the centre(s).
    A province's row is read as the province's regencies, so both ways test a column of
    the BLK-K itself (its regency, its primary key) against a small list that PostgreSQL
    computes once (`in_array`): it reads the scope's BLK-Ks through those two indexes
    instead of scanning the registry, and the cost follows the scope, not the nation.
    """
    from .models import Regency

    provinces = mentorships.filter(province_id__isnull=False).values("province_id")
    regencies = Regency.objects.filter(province__in=provinces).values("code")
    annexed = mentorships.filter(blkk_id__isnull=False).values("blkk_id")
    return Q(regency__in_array=regencies) | Q(pk__in_array=annexed)


def _reaching(mentorships, blkk):
    """The rows of `mentorships` that reach one BLK-K, by `_REACH`.

    `blkk(field)` gives the BLK-K's value of a field: a constant for a known BLK-K, or an
    OuterRef to the BLK-K row of an outer query (the directory's rows).
    """
    condition = Q(pk__in=[])
    for mentorship_field, blkk_field, _relation in _REACH:
        condition |= Q(**{mentorship_field: blkk(blkk_field)})
    return mentorships.filter(condition)


def _reached_count(mentorships):
    """How many distinct BLK-Ks `mentorships` reach, by `_REACH`, as a scalar subquery.

    `mentorships` may refer to an outer query (a centre). The count starts from the few
    mentorship rows and follows their relations to the BLK-Ks they reach, instead of
    testing every BLK-K of the registry; each row has one target, so exactly one of the
    relations gives its BLK-Ks.
    """
    reached = Coalesce(*(relation for _field, _blkk_field, relation in _REACH))
    # A constant "group" keeps GROUP BY out of the subquery: it aggregates all its rows into one.
    counted = (
        mentorships.order_by()
        .annotate(everything=Value(1))
        .values("everything")
        .annotate(reached=Count(reached, distinct=True))
        .values("reached")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


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

    def staffed_by(self, user):
        """The centres that employ the user."""
        return self.filter(staff=user) if user.is_authenticated else self.none()

    def dashboards_open_to(self, user):
        """The centres whose dashboard the user may open: the rule `with_dashboard_access` annotates.

        For pages that link to several centres' dashboards and must not link to a 403.
        """
        return self if sees_everything(user) else self.staffed_by(user)

    def with_dashboard_access(self, user):
        """Annotate `reader_is_staff` (the centre employs the user) and `reader_opens_dashboard`.

        A centre's dashboard (its BLK-Ks and their review backlog) is for its own staff,
        ministry staff and admins (`dashboards_open_to`). Read with the centre itself, so
        deciding costs no query.
        """
        if user.is_authenticated:
            employs = Exists(self.model.staff.through.objects.filter(trainingcentre_id=OuterRef("pk"), user_id=user.pk))
        else:
            employs = Value(False)
        opens = Value(True) if sees_everything(user) else employs
        return self.annotate(reader_is_staff=employs, reader_opens_dashboard=opens)

    def with_blkk_counts(self, on=None):
        """Annotate `blkk_count`: the BLK-Ks each centre mentors on the day (today by default)."""
        from .models import Mentorship

        return self.annotate(blkk_count=_reached_count(Mentorship.objects.effective(on).of_centre(OuterRef("pk"))))

    def mentoring(self, blkk, on=None):
        """The centres that mentor the BLK-K (an instance) on the day (today by default).

        Usually one; a BLK-K named in one centre's annex in a province that another centre
        mentors has two.
        """
        from .models import Mentorship

        values = {"pk": blkk.pk, "regency__province_id": blkk.regency.province_id}
        reaching = _reaching(Mentorship.objects.effective(on), values.__getitem__)
        return self.filter(pk__in=reaching.values("centre_id"))


class BlkkQuerySet(models.QuerySet):
    def update(self, **values):
        """As QuerySet.update(); a change of what the BLK-K tallies group by recounts the provinces concerned.

        Saves and deletions recount through the models' signals (`registry.tallies`); an
        update sends none, so it recounts here.
        """
        from . import tallies

        if not tallies.names_grouping(values):
            return super().update(**values)
        with transaction.atomic():
            # The rows are locked first (in key order) and their provinces read after: a BLK-K
            # that another transaction moved meanwhile is then read where it is now, and the
            # province it left is the other transaction's to recount.
            chosen = self.model.objects.filter(pk__in=self.order_by().values("pk"))  # any queryset, distinct too
            pks = list(chosen.select_for_update(of=("self",)).order_by("pk").values_list("pk", flat=True))
            rows = self.model.objects.filter(pk__in_array=pks)
            before = set(rows.values_list("regency__province_id", flat=True))
            count = models.QuerySet.update(rows, **values)
            tallies.changed(before | set(rows.values_list("regency__province_id", flat=True)))
        return count

    def visible_to(self, user):
        """The directory is open to every signed-in user."""
        return self if user.is_authenticated else self.none()

    def mentored_by_centre(self, centre, on=None):
        """BLK-Ks the centre (an instance or a primary key) mentors on the day (today by default)."""
        from .models import Mentorship

        return self.filter(_mentored(Mentorship.objects.effective(on).of_centre(centre)))

    def mentored_by_user(self, user, on=None):
        """BLK-Ks that the centres employing the user mentor on the day (today by default)."""
        from .models import Mentorship

        return self.filter(_mentored(Mentorship.objects.effective(on).of_user(user)))

    def with_mentor_centres(self, on=None):
        """Annotate `mentor_centres`: the names of the centres mentoring each BLK-K, as "A, B".

        One subquery per row in the same SELECT (no query per row), which finds the BLK-K's
        mentorships through their indexes; NULL when nobody mentors it. A centre with both
        the province's and an annex's mentorship is named once.
        """
        from .models import Mentorship

        reaching = _reaching(Mentorship.objects.effective(on), lambda field: OuterRef(field)).order_by()
        # SQLite takes DISTINCT only with its default separator; the names hold no comma.
        ordered = "centre__name" if connection.features.supports_aggregate_order_by_clause else None
        names = StringAgg("centre__name", delimiter=Value(","), distinct=True, order_by=ordered)
        # A constant "group" keeps GROUP BY out of the subquery: it aggregates all its rows into one.
        joined = reaching.annotate(everything=Value(1)).values("everything").annotate(names=names).values("names")
        return self.annotate(
            mentor_centres=Replace(Subquery(joined), Value(","), Value(", "), output_field=models.TextField())
        )

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
        """Join what a directory row shows: regency, province and host type, and annotate its mentor centres.

        The mentor centres come from the mentorships in force (`with_mentor_centres`), never
        from the `Blkk.mentor_centre` field, which only records the last annex naming the BLK-K.
        """
        return self.select_related("regency__province", "host_type").with_mentor_centres()

    # What a row of registry/_blkk_table.html shows, read as plain values: the page query
    # selects these 11 columns instead of the 47 of five whole tables, no model instance is
    # built, and the template finds each value with one dictionary lookup.
    ROW_VALUES = (
        "pk", "name", "registry_number", "status", "level", "year_established", "host_type__name",
        "host_type__name_en", "regency__name", "regency__province__name", "mentor_centres",
    )  # fmt: skip

    def directory_rows(self):
        """The values of each BLK-K that a directory row shows; `table_rows` shapes a page of them."""
        rows = self if "mentor_centres" in self.query.annotations else self.with_mentor_centres()
        return rows.values(*self.ROW_VALUES)

    def search(self, text):
        """BLK-Ks whose name, host institution or registry number contains the text."""
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(Q(name__icontains=text) | Q(host_name__icontains=text) | Q(registry_number__icontains=text))

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
            "mentor_centre": row["mentor_centres"],
        }
        for row in values
    ]
