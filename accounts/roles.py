"""The portal's roles and the helpers that name them.

Roles are Django groups created by a migration, so an admin can grant them in Django
admin and a user may hold several. Every access rule in the project asks these helpers
instead of reading group names itself.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    MINISTRY = "ministry_staff", _("Ministry staff")
    MENTOR = "mentor_staff", _("Mentor-centre staff")
    BOARD = "forum_board", _("Forum board member")
    MANAGER = "blkk_manager", _("BLK-K manager")


def roles_of(user):
    """The set of Role values the user holds, cached on the user object for the request."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_portal_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = frozenset(role for role in Role if role.value in names)
        user._portal_roles = cached
    return cached


def has_role(user, role):
    return role in roles_of(user)


def is_admin(user):
    """Portal administrators: active superusers. They see and change everything in the portal.

    `is_staff` alone is not enough: it only lets a person into Django admin, where the
    model permissions they were given decide what they may do there (`uses_admin_site`).
    In the portal, a staff user without a role gets what a signed-in user without a role
    gets; the ministry's own staff hold the ministry role.
    """
    return user.is_authenticated and user.is_active and user.is_superuser


def uses_admin_site(user):
    """Whether the person may sign in to Django admin (the back office): active staff users."""
    return user.is_authenticated and user.is_active and user.is_staff


def is_ministry(user):
    return has_role(user, Role.MINISTRY)


def is_mentor(user):
    return has_role(user, Role.MENTOR)


def is_board_member(user):
    return has_role(user, Role.BOARD)


def is_manager(user):
    return has_role(user, Role.MANAGER)


def sees_everything(user):
    """Ministry staff and admins read every record in the portal."""
    return is_admin(user) or is_ministry(user)


def may_read_audit_log(user):
    """The audit log (every recorded change, by whom) is for ministry staff and admins."""
    return sees_everything(user)
