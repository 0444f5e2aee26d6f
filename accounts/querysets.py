"""Who is who among the portal's people: the questions other apps ask of the user table.

Recipient lists (a forum's board, a centre's staff, ministry staff) and pickers start
from these, so "an active person holding a role" is written once.
"""

from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models


class UserQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def with_role(self, role):
        """Active people holding `role` (a Role): roles are groups, so a person may hold several."""
        return self.active().filter(groups__name=role.value)

    def staff_of_centre(self, centre_id):
        """Active people who work at the training centre with this id."""
        return self.active().filter(training_centres=centre_id)


class UserManager(DjangoUserManager.from_queryset(UserQuerySet)):
    """Django's user manager (create_user, create_superuser) with the portal's queries."""
