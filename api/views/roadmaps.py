"""Roadmaps with pillars, indicators, targets and periods; programmes; implementations and reports (scoped)."""

from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.decorators import action

from roadmap.models import Implementation, Indicator, Pillar, Programme, Roadmap, StatusReport
from roadmap.views.reports import CONTENT_TYPES, report_evidence

from ..serializers import (
    ImplementationSerializer,
    ProgrammeSerializer,
    RoadmapDetailSerializer,
    RoadmapSerializer,
    StatusReportSerializer,
)
from . import reports as writes
from .base import ReadOnlyViewSet, choice_param, id_param


def _id_filter(name, description):
    return OpenApiParameter(name, OpenApiTypes.INT, description=description)


@extend_schema_view(
    list=extend_schema(summary="Roadmaps"),
    retrieve=extend_schema(summary="One roadmap with its pillars, indicators, yearly targets and reporting periods"),
)
class RoadmapViewSet(ReadOnlyViewSet):
    def get_serializer_class(self):
        return RoadmapDetailSerializer if self.action == "retrieve" else RoadmapSerializer

    def get_queryset(self):
        roadmaps = Roadmap.objects.visible_to(self.request.user).order_by("-start_year", "pk")
        if self.action != "retrieve":
            return roadmaps
        indicators = Prefetch("indicators", Indicator.objects.order_by("code", "pk").prefetch_related("targets"))
        pillars = Prefetch("pillars", Pillar.objects.order_by("number", "pk").prefetch_related(indicators))
        return roadmaps.prefetch_related(pillars, "periods")


@extend_schema_view(
    list=extend_schema(
        summary="Programmes, with their implementations counted by approved status",
        parameters=[_id_filter("roadmap", "Only this roadmap's programmes.")],
    ),
    retrieve=extend_schema(summary="One programme"),
)
class ProgrammeViewSet(ReadOnlyViewSet):
    serializer_class = ProgrammeSerializer

    def get_queryset(self):
        programmes = (
            Programme.objects.visible_to(self.request.user)
            .select_related("pillar")
            .with_status_counts()
            .order_by("pillar__roadmap_id", "pillar__number", "code", "pk")
        )
        roadmap = id_param(self.request, "roadmap") if self.action == "list" else None
        return programmes.filter(pillar__roadmap_id=roadmap) if roadmap else programmes


@extend_schema_view(
    list=extend_schema(
        summary="Implementations (programme × BLK-K) whose reports you may see",
        parameters=[
            _id_filter("programme", "Only this programme's implementations."),
            _id_filter("blkk", "Only this BLK-K's implementations."),
        ],
    ),
    retrieve=extend_schema(summary="One implementation"),
)
class ImplementationViewSet(writes.UploadLimit, ReadOnlyViewSet):
    serializer_class = ImplementationSerializer

    def get_queryset(self):
        # The implementation page's rule: its reports must be in the reader's sight.
        implementations = (
            Implementation.objects.reports_visible_to(self.request.user)
            .select_related("programme", "blkk")
            .order_by("programme_id", "blkk__name", "pk")
        )
        if self.action == "list":
            if programme := id_param(self.request, "programme"):
                implementations = implementations.filter(programme_id=programme)
            if blkk := id_param(self.request, "blkk"):
                implementations = implementations.filter(blkk_id=blkk)
        return implementations

    @writes.SUBMIT_SCHEMA
    @action(detail=True, methods=["post"], url_path="reports", url_name="report-submit")
    def submit_report(self, request, pk=None):
        return writes.submit(request, pk)


@extend_schema_view(
    list=extend_schema(
        summary="Status reports you may see: your own, your forum's, your centre's scope, or all",
        parameters=[
            _id_filter("implementation", "Only this implementation's reports."),
            _id_filter("period", "Only this reporting period's reports."),
            OpenApiParameter("review", str, enum=StatusReport.Review.values, description="Review state."),
        ],
    ),
    retrieve=extend_schema(summary="One status report"),
)
class StatusReportViewSet(writes.UploadLimit, ReadOnlyViewSet):
    serializer_class = StatusReportSerializer

    def get_queryset(self):
        reports = (
            StatusReport.objects.visible_to(self.request.user)
            .select_related("implementation", "period", "reporter")
            .order_by("-submitted_at", "-pk")
        )
        if self.action == "list":
            if implementation := id_param(self.request, "implementation"):
                reports = reports.filter(implementation_id=implementation)
            if period := id_param(self.request, "period"):
                reports = reports.filter(period_id=period)
            if review := choice_param(self.request, "review", StatusReport.Review.values):
                reports = reports.filter(review=review)
        return reports

    @writes.REVIEW_SCHEMA
    @action(detail=True, methods=["post"], url_path="review", url_name="review")
    def review(self, request, pk=None):
        return writes.review(request, pk)

    @extend_schema(
        summary="The report's evidence file (PDF, JPEG or PNG), for whoever may see the report",
        responses={(200, kind): OpenApiTypes.BINARY for kind in CONTENT_TYPES.values()},
    )
    @action(detail=True, url_path="evidence", url_name="evidence")
    def evidence(self, request, pk=None):
        # The page's own download view: the same rule (StatusReport.visible_to), the same headers.
        return report_evidence(request._request, pk)
