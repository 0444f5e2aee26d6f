"""Queryset methods for the roadmap, including who may see and do what.

Browsing roadmaps, pillars, programmes and implementation statuses is open to every
signed-in user. Reports and their evidence, classifications, reviews and management
follow the access matrix in ARCHITECTURE.md; `BlkkScope` states each scope once, as a
filter that works from any model with a path to a BLK-K.
"""

import datetime

from django.db import models
from django.db.models import BooleanField, Case, Count, Exists, F, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import is_board_member, is_manager, is_mentor, sees_everything
from forum.models import Forum
from forum.querysets import may_manage_forum
from registry.models import Blkk

REVIEW_WAIT_DAYS = 14  # A pending report older than this is overdue for review.


class BlkkScope:
    """The BLK-Ks a user reaches in each capacity, as Q objects over `path` (e.g. "blkk__").

    Every method answers a filter that can be combined and stays one SQL query: scopes
    become subqueries, never lists of ids read into Python. `everything()` is an empty Q.
    The one exception says so: `reviewed_ids` reads the reviewer's BLK-Ks once, for the
    review queue, whose queries would otherwise each decide the scope again.
    """

    def __init__(self, user, path=""):
        self.user = user
        self.path = path

    def _q(self, lookup, value):
        return Q(**{f"{self.path}{lookup}": value})

    def nothing(self):
        return self._q("pk__in", [])

    def everything(self):
        return Q()

    def managed(self):
        """BLK-Ks the user manages (pengelola)."""
        return self._q("pk__in", Blkk.objects.managed_by(self.user).values("pk"))

    def members_of(self, forums):
        """Member BLK-Ks of the given forums: everyone if the national forum is among them."""
        national = forums.filter(kind=Forum.Kind.NATIONAL)
        provinces = forums.filter(kind=Forum.Kind.PROVINCIAL).values("province_id")
        return Q(Exists(national)) | self._q("regency__province_id__in", provinces)

    def boarded(self):
        """Member BLK-Ks of the forums on whose board the user sits today."""
        return self.members_of(Forum.objects.boarded_by(self.user))

    def mentored(self):
        """BLK-Ks the user's centres mentor today, by the registry's one rule (`Blkk.objects.mentored_by_user`).

        A provincial forum's mentor decree reaches the province's BLK-Ks through the
        mentorship it starts, its annex the BLK-Ks it names; the same rule gives the centre's
        page, dashboard and directory filter, and who may edit a profile.
        """
        return self._q("pk__in", Blkk.objects.mentored_by_user(self.user).values("pk"))

    def reports(self):
        """Whose status reports and evidence the user may see: own, own forum's, scope, or all."""
        user = self.user
        if not user.is_authenticated:
            return self.nothing()
        if sees_everything(user):
            return self.everything()
        condition = self.nothing()
        if is_manager(user):
            condition |= self.managed()
        if is_board_member(user):
            condition |= self.boarded()
        if is_mentor(user):
            condition |= self.mentored()
        return condition

    def reviewing(self):
        """Whose reports the user may approve or return: mentor-centre staff, their scope only."""
        return self.mentored() if is_mentor(self.user) else self.nothing()

    def reviews_anything(self):
        """Whether the user has any BLK-K's reports to review (one query): the review queue is theirs."""
        return Blkk.objects.filter(self.reviewing()).exists()

    def reviewed_ids(self):
        """Ids of the BLK-Ks the user may review, read in one query (a few hundred for a centre), whatever `path`."""
        return list(Blkk.objects.filter(BlkkScope(self.user).reviewing()).values_list("pk", flat=True))

    def reporting(self):
        """For which BLK-Ks the user may submit reports: managers, their own only."""
        return self.managed() if is_manager(self.user) else self.nothing()

    def classifying(self):
        """Whose independence level the user may record: ministry and admins all, mentors their scope."""
        if not self.user.is_authenticated:
            return self.nothing()
        if sees_everything(self.user):
            return self.everything()
        return self.reviewing()


def _signed_in(queryset, user):
    return queryset if user.is_authenticated else queryset.none()


class RoadmapQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Every signed-in user may browse roadmaps."""
        return _signed_in(self, user)

    def manageable_by(self, user):
        """Roadmaps of forums the user manages: own forum's board, mentor scope, admins all."""
        return self.filter(forum__in=Forum.objects.manageable_by(user))

    def adopted(self):
        return self.filter(status=self.model.Status.ADOPTED)


def may_manage_roadmap(user, roadmap):
    """Whether the user may manage the roadmap, its programmes and periods: whoever manages its forum."""
    return may_manage_forum(user, roadmap.forum_id)


class ProgrammeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Every signed-in user may browse programmes."""
        return _signed_in(self, user)

    def manageable_by(self, user):
        """Programmes of roadmaps the user may manage."""
        return self.filter(pillar__roadmap__forum__in=Forum.objects.manageable_by(user))

    def running_in(self, period):
        """Programmes of the period's roadmap whose timeframe overlaps the period."""
        return self.filter(
            pillar__roadmap_id=period.roadmap_id, starts_on__lte=period.ends_on, ends_on__gte=period.starts_on
        )

    def with_status_counts(self):
        """Annotate `implementation_count` and `<status>_count` per approved status (one query).

        The counts use the approved status: only approved reports count in dashboards.
        """
        from .models import Implementation

        counts = {
            f"{status.value}_count": Count("implementations", filter=Q(implementations__approved_status=status))
            for status in Implementation.Status
        }
        return self.annotate(implementation_count=Count("implementations"), **counts)


class ReportingPeriodQuerySet(models.QuerySet):
    def open_for_reports(self, on=None):
        """Periods that take reports on the day: opened and not locked (late reports included)."""
        on = on or timezone.localdate()
        return self.filter(locked=False, opens_on__lte=on)

    def current(self, on=None):
        """The period that is due now: open on the day with the nearest due date, else the latest open one.

        Chain it after a roadmap filter (`roadmap.periods.current()`); it answers a
        period or None.
        """
        on = on or timezone.localdate()
        candidates = self.open_for_reports(on)
        running = candidates.filter(due_on__gte=on).order_by("due_on", "starts_on").first()
        if running is not None:
            return running
        return candidates.order_by("-due_on", "-starts_on").first()

    def started_by(self, on=None):
        """Periods that have opened by the day, oldest first (for trajectories)."""
        on = on or timezone.localdate()
        return self.filter(opens_on__lte=on).order_by("starts_on")


class ImplementationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Every signed-in user may see statuses and progress; reports are another matter."""
        return _signed_in(self, user)

    def reports_visible_to(self, user):
        """Implementations whose reports and evidence the user may see."""
        return self.filter(BlkkScope(user, "blkk__").reports())

    def reportable_by(self, user):
        """Implementations the user may report on: those of BLK-Ks they manage."""
        return self.filter(BlkkScope(user, "blkk__").reporting())

    def in_roadmap(self, roadmap):
        return self.filter(programme__pillar__roadmap=roadmap)

    def running_in(self, period):
        """Implementations of programmes whose timeframe overlaps the period."""
        return self.filter(
            programme__pillar__roadmap_id=period.roadmap_id,
            programme__starts_on__lte=period.ends_on,
            programme__ends_on__gte=period.starts_on,
        )

    def _reports_in(self, period):
        from .models import StatusReport

        return StatusReport.objects.filter(implementation=OuterRef("pk"), period=period)

    def with_period_state(self, period):
        """Annotate `reported` (a pending or approved report in the period) and `returned` (one sent back)."""
        from .models import StatusReport

        Review = StatusReport.Review
        reports = self._reports_in(period)
        return self.annotate(
            reported=Exists(reports.filter(review__in=[Review.PENDING, Review.APPROVED])),
            returned=Exists(reports.filter(review=Review.RETURNED)),
        )

    def due_in(self, period):
        """What still needs a report in the period: running, and no pending or approved report in it.

        A returned report does not settle the period: the manager resubmits.
        """
        from .models import StatusReport

        Review = StatusReport.Review
        settled = self._reports_in(period).filter(review__in=[Review.PENDING, Review.APPROVED])
        return self.running_in(period).filter(~Exists(settled))

    def for_listing(self):
        return self.select_related("programme__pillar", "blkk__regency", "latest_report")


class StatusReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Reports the user may read, with their evidence: own, own forum's, scope or all."""
        return self.filter(BlkkScope(user, "implementation__blkk__").reports())

    def in_review_scope(self, user):
        """Reports of BLK-Ks the user may review (any review state)."""
        return self.filter(BlkkScope(user, "implementation__blkk__").reviewing())

    def reviewable_by(self, user):
        """Pending reports the user may approve or return now."""
        return self.in_review_scope(user).pending()

    def pending(self):
        return self.filter(review=self.model.Review.PENDING)

    def approved(self):
        return self.filter(review=self.model.Review.APPROVED)

    def for_listing(self):
        return self.select_related(
            "implementation__programme__pillar", "implementation__blkk__regency", "period", "reporter"
        )

    def with_concerns(self):
        """Annotate a boolean per REVIEW_CONCERNS (True: the concern applies) and `clear` (none applies).

        A NULL comparison (a report whose implementation names no latest report) counts as
        a concern: only what is known to be fine is clear.
        """
        flags = {
            f"concern_{name}": Case(When(fine, then=Value(False)), default=Value(True), output_field=BooleanField())
            for name, (fine, _label) in REVIEW_CONCERNS.items()
        }
        clear = Case(When(clear_of_concerns(), then=Value(True)), default=Value(False), output_field=BooleanField())
        return self.annotate(**flags, clear=clear)

    def clear(self):
        """Reports none of REVIEW_CONCERNS applies to: those a mentor may approve together with others."""
        return self.filter(clear_of_concerns())


# What makes a pending report need a mentor's own look rather than an approval among
# several: each name maps to (the condition of a report that is fine, what the card says
# when it is not). The review queue shows them; approving several at once refuses any
# report with one (`roadmap.services.review_report(..., require_clear=True)`).
REVIEW_CONCERNS = {
    # A newer report on the same programme came in (a correction or the next period's).
    "superseded": (Q(implementation__latest_report=F("pk")), _("a newer report on this programme was sent")),
    # A correction answers a return note: read it against the note.
    "correction": (Q(corrects__isnull=True), _("corrects a returned report")),
    # A claim of completion rests on a document.
    "no_evidence": (~Q(status="done") | ~Q(evidence=""), _("claims “done” without evidence")),
    # Progress below what was approved before contradicts the approved state.
    "behind_approved": (
        Q(progress__gte=F("implementation__approved_progress")),
        _("less progress than already approved"),
    ),
}


def clear_of_concerns():
    """Q: none of REVIEW_CONCERNS applies to the report."""
    condition = Q()
    for fine, _label in REVIEW_CONCERNS.values():
        condition &= fine
    return condition


def waiting_cutoff(days, on=None):
    """The moment before which a report has waited more than `days` whole days on the day `on` (today)."""
    on = on or timezone.localdate()
    start = datetime.datetime.combine(on - datetime.timedelta(days=days), datetime.time.min)
    return timezone.make_aware(start)


def overdue_for_review(submitted_at, on=None, days=REVIEW_WAIT_DAYS):
    """Whether a report sent at `submitted_at` has waited more than `days` days on `on`: the backlog's "overdue"."""
    return submitted_at < waiting_cutoff(days, on)


class ClassificationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Assessments with their evidence follow the report rule; the current level itself is public."""
        return self.filter(BlkkScope(user, "blkk__").reports())


def classifiable_blkks(user):
    """BLK-Ks whose independence level the user may record."""
    return Blkk.objects.filter(BlkkScope(user).classifying())
