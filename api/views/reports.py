"""The two writes: a manager submits a status report, a mentor approves or returns one.

Both go through the pages' own forms (`ReportForm`, `ReviewForm`) and services
(`submit_report`, `review_report`), and find their object through the pages' own access
functions: locks, rules, history, rollups and notices are those of the pages.
"""

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from blkk_portal.uploads import limit_upload_size
from roadmap.forms import ReportForm, ReviewForm
from roadmap.models import Implementation, StatusReport
from roadmap.services import ReportConflict, review_report, submit_report
from roadmap.views.reports import implementation_to_report, visible_report

from ..exceptions import Conflict, Refused
from ..serializers import StatusReportSerializer
from .base import form_errors


class ReportSubmission(serializers.Serializer):
    """The request of a report submission (documentation; ReportForm validates)."""

    status = serializers.ChoiceField(choices=Implementation.Status.choices)
    progress = serializers.IntegerField(min_value=0, max_value=100, help_text="0–100; done is 100, not started 0.")
    narrative = serializers.CharField(max_length=5000)
    evidence = serializers.FileField(required=False, help_text="PDF, JPEG or PNG, at most 10 MB (multipart only).")
    version = serializers.IntegerField(
        min_value=0, help_text="The implementation's `version` as you read it; 409 if someone reported since."
    )
    corrects = serializers.IntegerField(required=False, allow_null=True, help_text="The returned report this replaces.")


class ReviewDecision(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[("approve", "approve"), ("return", "return")])
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, help_text="Required to return.")


ConflictBody = inline_serializer(
    "ReportConflictError",
    {
        "error": inline_serializer(
            "ReportConflictErrorBody",
            {
                "code": serializers.CharField(),
                "message": serializers.CharField(),
                "details": inline_serializer(
                    "ReportConflictDetails",
                    {"version": serializers.IntegerField(), "latest_report": StatusReportSerializer(allow_null=True)},
                ),
            },
        )
    },
)


class UploadLimit:
    """Installs the portal's upload size limit before anything reads a POST body (the CSRF check included)."""

    def initialize_request(self, request, *args, **kwargs):
        if request.method == "POST":
            limit_upload_size(request)
        return super().initialize_request(request, *args, **kwargs)


def _fields_of(request):
    if not isinstance(request.data, Mapping):
        raise ValidationError(_("Send the fields as a JSON object or a multipart form."))
    return request.data


SUBMIT_SCHEMA = extend_schema(
    summary="Submit a status report (managers of the BLK-K)",
    description="For the roadmap's current reporting period. Multipart to attach evidence.",
    request={"multipart/form-data": ReportSubmission, "application/json": ReportSubmission},
    responses={
        201: StatusReportSerializer,
        409: OpenApiResponse(ConflictBody, description="Someone reported since `version`: their report."),
    },
)


def submit(request, pk):
    user = request.user
    implementation = implementation_to_report(user, pk)  # 404 out of sight, 403 for readers who may not report
    roadmap = implementation.programme.pillar.roadmap
    period = roadmap.periods.current()
    if period is None:
        raise Refused(_("No reporting period of this roadmap takes reports now."))
    form = ReportForm(
        _fields_of(request),
        request.FILES,
        implementation=implementation,
        user=user,
        oversize=getattr(request._request, "oversize_upload_fields", ()),
    )
    if not form.is_valid():
        raise ValidationError(form_errors(form))
    try:
        report = submit_report(implementation, user=user, period=period, **form.service_arguments())
    except ReportConflict as conflict:
        latest = conflict.latest
        details = {
            "version": conflict.current.version,
            "latest_report": StatusReportSerializer(latest).data if latest is not None else None,
        }
        raise Conflict(str(conflict), details) from conflict
    return Response(StatusReportSerializer(report).data, status=status.HTTP_201_CREATED)


REVIEW_SCHEMA = extend_schema(
    summary="Approve or return a pending report (staff of the BLK-K's mentor centre)",
    request={"application/json": ReviewDecision, "multipart/form-data": ReviewDecision},
    responses={200: StatusReportSerializer},
)


def review(request, pk):
    user = request.user
    report = visible_report(user, pk)  # 404 out of sight
    if not StatusReport.objects.in_review_scope(user).filter(pk=report.pk).exists():
        raise PermissionDenied(_("Only the staff of this BLK-K's mentor centre review its reports."))
    form = ReviewForm(_fields_of(request))
    if not form.is_valid():
        raise ValidationError(form_errors(form))
    reviewed = review_report(report, user=user, approve=form.approves, note=form.cleaned_data["note"])
    reviewed = StatusReport.objects.select_related("implementation", "period", "reporter").get(pk=reviewed.pk)
    return Response(StatusReportSerializer(reviewed).data)
