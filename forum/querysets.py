"""Queryset methods for forums and decrees, including their access rules.

A mentor centre's staff reach a forum only through a mentor decree in force today:
signed, not revoked or superseded, and within its effective dates. Nothing needs to be
cleaned up when a decree lapses, because every rule asks the dates at query time.
"""

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from accounts.roles import is_admin, is_board_member, is_mentor


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
        """Forums whose meetings, attendance and board the user may record."""
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


class BoardPositionQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(Q(term_start__lte=on), Q(term_end__isnull=True) | Q(term_end__gte=on))


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self if user.is_authenticated else self.none()

    def with_attendance(self):
        """Annotate `attendee_count`: how many BLK-Ks attended."""
        return self.annotate(attendee_count=models.Count("attendees", distinct=True))
