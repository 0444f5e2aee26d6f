"""Queryset methods for the roadmap, including who may see and do what.

Browsing roadmaps, pillars and programmes is open to every signed-in user; reports and
their evidence follow the access matrix in ARCHITECTURE.md.
"""

from django.db import models


class RoadmapQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self if user.is_authenticated else self.none()


class ProgrammeQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self if user.is_authenticated else self.none()


class ReportingPeriodQuerySet(models.QuerySet):
    pass


class ImplementationQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self if user.is_authenticated else self.none()


class StatusReportQuerySet(models.QuerySet):
    pass


class ClassificationQuerySet(models.QuerySet):
    pass
