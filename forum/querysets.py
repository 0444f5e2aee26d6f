"""Queryset methods for forums and decrees, including their access rules.

A mentor centre's staff reach a forum only through a mentor decree in force today:
signed, not revoked or superseded, and within its effective dates. Nothing needs to be
cleaned up when a decree lapses, because every rule asks the dates at query time.
"""

import datetime

from django.db import models
from django.db.models import Case, Exists, F, Func, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import is_admin, is_board_member, is_mentor, uses_admin_site

# A mentor decree ending within this many days shows as "expiring" in the forum list.
EXPIRY_WARNING_DAYS = 60


class MentorState(models.TextChoices):
    """Where a forum stands with its mentor decree today; the forum list shows and filters by it."""

    EFFECTIVE = "effective", _("effective")
    EXPIRING = "expiring", _("expiring within 60 days")
    NONE = "none", _("none")


def count_of(queryset):
    """A scalar subquery counting the rows of `queryset`, which may refer to the outer row.

    COUNT as a plain function (not an aggregate) keeps GROUP BY out of the subquery, so it
    always answers exactly one row.
    """
    counted = queryset.order_by().annotate(row_count=Func(F("pk"), function="COUNT")).values("row_count")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _sees_decree_files(user):
    return is_admin(user) or (uses_admin_site(user) and user.has_perm("forum.view_decree"))


class DecreeQuerySet(models.QuerySet):
    def in_force(self, on=None):
        """Signed decrees whose effective period covers the day (today by default)."""
        on = on or timezone.localdate()
        return self.filter(
            Q(status=self.model.Status.SIGNED),
            Q(effective_from__lte=on),
            Q(effective_until__isnull=True) | Q(effective_until__gte=on),
        )

    def mentor(self):
        return self.filter(kind=self.model.Kind.MENTOR)

    def of_centre_staff(self, user):
        return self.filter(centre__staff=user)

    def public_status_is(self, status, on=None):
        """Decrees whose Decree.PublicStatus on the day (today by default) is `status`."""
        on = on or timezone.localdate()
        signed = Q(status=self.model.Status.SIGNED)
        expired = Q(effective_until__lt=on)
        conditions = {
            "draft": Q(status=self.model.Status.DRAFT),
            "superseded": Q(status=self.model.Status.SUPERSEDED),
            "revoked": Q(status=self.model.Status.REVOKED),
            "expired": signed & expired,
            "not_yet": signed & ~expired & Q(effective_from__gt=on),
            "in_force": signed & ~expired & Q(effective_from__lte=on),
        }
        return self.filter(conditions[status])

    def public(self):
        """Decrees the public may verify: every one that has been signed, never a draft."""
        return self.exclude(status=self.model.Status.DRAFT)

    def files_visible_to(self, user):
        """Decrees whose signed file the user may download; the public gets only the hash.

        Admins, and the staff users whom Django admin lets view decrees.
        """
        return self if _sees_decree_files(user) else self.none()

    def visible_to(self, user):
        """Decrees the user may look up (the API): signed ones for anybody, drafts too for whoever sees the files."""
        return self if _sees_decree_files(user) else self.public()

    # Signed decrees are read-only. Bulk writes that would touch one are refused, and the
    # write itself is limited to drafts so a decree signed in between is left alone too.
    # The workflow in forum.services saves single instances, which does not come here.
    def update(self, **kwargs):
        self._refuse_unless_all_drafts()
        return super(DecreeQuerySet, self.filter(status=self.model.Status.DRAFT)).update(**kwargs)

    update.alters_data = True

    def delete(self):
        self._refuse_unless_all_drafts()
        return super(DecreeQuerySet, self.filter(status=self.model.Status.DRAFT)).delete()

    delete.alters_data = True
    delete.queryset_only = True

    def _refuse_unless_all_drafts(self):
        if self.query.is_sliced:
            return  # Django itself refuses to update or delete a slice.
        locked = self.exclude(status=self.model.Status.DRAFT).values_list("number", flat=True)[:3]
        if locked:
            from .services import DecreeError

            raise DecreeError(
                _("Signed decrees cannot be changed or deleted: %(numbers)s.") % {"numbers": ", ".join(locked)}
            )


class ForumQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Every signed-in user may browse forums, their boards and meetings."""
        return self if user.is_authenticated else self.none()

    def mentored_by_user(self, user, on=None):
        """Forums that a centre employing the user mentors under a decree in force."""
        from .models import Decree

        decrees = Decree.objects.mentor().in_force(on).of_centre_staff(user).filter(forum=OuterRef("pk"))
        return self.filter(Exists(decrees))

    def boarded_by(self, user, on=None):
        """Forums on whose board the user currently sits."""
        from .models import BoardPosition

        seats = BoardPosition.objects.current(on).filter(user=user, forum=OuterRef("pk"))
        return self.filter(Exists(seats))

    def manageable_by(self, user):
        """Forums whose meetings, attendance, board and roadmaps the user may record: see `may_manage_forum`."""
        if not user.is_authenticated:
            return self.none()
        if is_admin(user):
            return self
        condition = Q(pk__in=[])
        if is_board_member(user):
            condition |= Q(pk__in=self.model.objects.boarded_by(user).values("pk"))
        if is_mentor(user):
            condition |= Q(pk__in=self.model.objects.mentored_by_user(user).values("pk"))
        return self.filter(condition)

    def national_first(self):
        """The national forum, then the provincial ones by province code."""
        national = Case(When(kind=self.model.Kind.NATIONAL, then=Value(0)), default=Value(1))
        return self.order_by(national, "province_id", "name")

    def with_mentor_state(self, on=None):
        """Annotate `mentor_decree_number`, `mentor_until` and `mentor_state` (a MentorState value) on the day.

        Alone, for counting forums by state; `for_list` adds the rest of what the list shows.
        """
        on = on or timezone.localdate()
        state = Case(
            When(mentor_decree_number__isnull=True, then=Value(MentorState.NONE.value)),
            When(
                mentor_until__lte=on + datetime.timedelta(days=EXPIRY_WARNING_DAYS),
                then=Value(MentorState.EXPIRING.value),
            ),
            default=Value(MentorState.EFFECTIVE.value),
        )
        return self.annotate(
            mentor_decree_number=self._from_mentor_decree("number", on),
            mentor_until=self._from_mentor_decree("effective_until", on),
        ).annotate(mentor_state=state)

    @staticmethod
    def _from_mentor_decree(field, on):
        """A field of the forum's mentor decree in force on the day (the latest to take effect)."""
        from .models import Decree

        in_force = Decree.objects.mentor().in_force(on).filter(forum=OuterRef("pk")).order_by("-effective_from", "-pk")
        return Subquery(in_force.values(field)[:1])

    def for_list(self, on=None):
        """Annotate what the forum list shows, in one query whatever the number of forums.

        `member_count`: all BLK-Ks for the national forum, the province's BLK-Ks otherwise.
        From the mentor decree in force on the day (today by default): `mentor_centre_id`,
        `mentor_centre_name`, `mentor_decree_number`, `mentor_decree_token`, `mentor_until`;
        and `mentor_state`, a MentorState value.
        """
        from registry.models import Blkk

        on = on or timezone.localdate()
        members = Case(
            When(kind=self.model.Kind.NATIONAL, then=count_of(Blkk.objects.all())),
            default=count_of(Blkk.objects.filter(regency__province_id=OuterRef("province_id"))),
        )
        return (
            self.select_related("province")
            .annotate(
                member_count=members,
                mentor_centre_id=self._from_mentor_decree("centre_id", on),
                mentor_centre_name=self._from_mentor_decree("centre__name", on),
                mentor_decree_token=self._from_mentor_decree("token", on),
            )
            .with_mentor_state(on)
        )


def may_manage_forum(user, forum):
    """Whether the user may record the forum's meetings, attendance and board, and manage its roadmaps.

    Its board members, the staff of its mentor centre under a decree in force, admins.
    `forum` is a Forum or its primary key.
    """
    from .models import Forum

    return Forum.objects.manageable_by(user).filter(pk=getattr(forum, "pk", forum)).exists()


class BoardPositionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Boards are public to every signed-in user, like the forums they belong to."""
        return self if user.is_authenticated else self.none()

    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(Q(term_start__lte=on), Q(term_end__isnull=True) | Q(term_end__gte=on))

    def by_rank(self):
        """Ketua first, then wakil ketua, sekretaris, bendahara, koordinator, anggota."""
        ranks = [When(role=role, then=Value(rank)) for rank, role in enumerate(self.model.Role)]
        return self.annotate(rank=Case(*ranks, default=Value(len(ranks)))).order_by("rank", "-term_start", "pk")


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self if user.is_authenticated else self.none()

    def with_attendance(self):
        """Annotate `attendee_count`: how many BLK-Ks attended."""
        return self.annotate(attendee_count=models.Count("attendees", distinct=True))
