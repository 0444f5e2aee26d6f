"""The questions asked of API tokens: which still open the API, and whose they are."""

from django.db import models


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)

    def of_user(self, user):
        return self.filter(user=user) if user.is_authenticated else self.none()
