"""Queryset methods for the registry, including the access rules for its models.

Every view, count and export reaches BLK-Ks through `visible_to` and `editable_by`; the
role helpers of `accounts.roles` are the only place that names roles.
"""

from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

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
