"""The dashboards' numbers as JSON: the same queries as the pages (dashboards/querysets.py), the same scope.

Each endpoint reads what its page reads, in the same order: the reader's BLK-Ks narrowed
by the place and the filters (`blkks_in_view`), their counts, and the period's rollup
sums (`rollups_for`, `reporting_totals`). tests/api/test_dashboards.py holds the numbers
to the pages' own.
"""

from django.db.models import Max
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from dashboards import querysets
from dashboards.views import current_period, filter_form
from forum.models import Forum
from registry.models import Blkk, Province, TrainingCentre
from roadmap.models import RollupRefresh

from ..permissions import OpenData, open_rows
from .base import ETagMixin, form_errors

FILTERS = [
    OpenApiParameter("period", OpenApiTypes.INT, description="Reporting period id; the current one by default."),
    OpenApiParameter("province", str, description="Kemendagri province code."),
    OpenApiParameter("regency", str, description="Kemendagri regency code, e.g. 73.71."),
    OpenApiParameter("host_type", str, description="Host institution type code."),
    OpenApiParameter("field", str, description="Vocational field code."),
    OpenApiParameter("level", str, enum=Blkk.Level.values),
]


@extend_schema_field({"type": ["number", "null"]})
class Number(serializers.Field):
    """A count, a share in percent or a score, as the query gave it (integers stay integers)."""

    def to_representation(self, value):
        return value


NUMBERS = serializers.DictField(
    child=Number(),
    allow_null=True,
    help_text="The period's rollup sums (running, reported, on_time, ...), `missing`, `late`, `completeness` "
    "and `timeliness` in percent. Null without a period.",
)


class Named(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()


class DashboardSerializer(serializers.Serializer):
    roadmap = Named(allow_null=True, help_text="The roadmap the dashboards follow.")
    period = Named(allow_null=True, help_text="The period counted: the chosen one, else the current one.")
    blkks = serializers.DictField(
        child=serializers.IntegerField(), help_text="`total`, one count per level, `status_<operating status>`."
    )
    reporting = NUMBERS
    programmes = serializers.DictField(child=serializers.IntegerField(), allow_null=True)
    recounting_since = serializers.DateTimeField(allow_null=True, help_text="Set while rollups are being recounted.")


def _named(obj, label):
    return {"id": obj.pk, "label": label} if obj is not None else None


class DashboardView(ETagMixin, APIView):
    """One dashboard; subclasses find the place and say who may open it."""

    pagination_class = None

    def numbers(self, request, *, province=None, forum=None, centre=None):
        user = request.user
        roadmap = querysets.main_roadmap(user)
        form = filter_form(request._request, roadmap)
        if form.errors:
            raise ValidationError(form_errors(form))
        period, _previous = current_period(roadmap, form)
        blkks = querysets.blkks_in_view(user, form, province=province, forum=forum, centre=centre)
        counts = querysets.blkk_counts(blkks)
        if querysets.turns_away(user, counts, form):
            raise PermissionDenied(self.not_for_you)
        rollups = querysets.rollups_for(user, form, blkks, province=province, forum=forum, centre=centre)
        return {
            "roadmap": _named(roadmap, getattr(roadmap, "title", "")),
            "period": _named(period, getattr(period, "label", "")),
            "blkks": counts,
            "reporting": querysets.reporting_totals(rollups, period) if period else None,
            "programmes": querysets.programme_states(roadmap) if roadmap else None,
            "recounting_since": RollupRefresh.objects.of_roadmap(roadmap).since() if roadmap else None,
        }

    def answer(self, data):
        return Response(DashboardSerializer(data).data)


@extend_schema(summary="National overview: your scope (everything for ministry staff)", parameters=FILTERS,
               responses=DashboardSerializer)  # fmt: skip
class NationalDashboard(DashboardView):
    not_for_you = _("Dashboards count the BLK-Ks whose reports you may see; your account has none.")

    def get(self, request):
        return self.answer(self.numbers(request))


@extend_schema(summary="A province's dashboard", parameters=FILTERS, responses=DashboardSerializer)
class ProvinceDashboard(DashboardView):
    not_for_you = _("None of this province's BLK-Ks is in your scope.")

    def get(self, request, code):
        province = get_object_or_404(Province.objects.visible_to(request.user), code=code)
        return self.answer(self.numbers(request, province=province))


@extend_schema(summary="A forum's dashboard", parameters=FILTERS, responses=DashboardSerializer)
class ForumDashboard(DashboardView):
    not_for_you = _("None of this forum's member BLK-Ks is in your scope.")

    def get(self, request, pk):
        forum = get_object_or_404(Forum.objects.visible_to(request.user).select_related("province"), pk=pk)
        return self.answer(self.numbers(request, forum=forum))


@extend_schema(
    summary="A mentor centre's dashboard: its own staff and the ministry", parameters=FILTERS,
    responses=DashboardSerializer,
)  # fmt: skip
class CentreDashboard(DashboardView):
    not_for_you = _("A centre's dashboard is for its own staff and the ministry.")

    def get(self, request, pk):
        user = request.user
        centre = get_object_or_404(TrainingCentre.objects.visible_to(user).with_dashboard_access(user), pk=pk)
        if not centre.reader_opens_dashboard:
            raise PermissionDenied(self.not_for_you)
        return self.answer(self.numbers(request, centre=centre))


class ProvinceCount(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    blkk_count = serializers.IntegerField()


class NationalCountsSerializer(serializers.Serializer):
    blkks = serializers.DictField(
        child=serializers.IntegerField(), help_text="`total`, one count per level, `status_<operating status>`."
    )
    provinces = ProvinceCount(many=True)
    forums = serializers.DictField(child=serializers.IntegerField(), help_text="Forums by mentor-decree state.")
    updated_at = serializers.DateTimeField(allow_null=True, help_text="The registry's latest change.")


@extend_schema(
    summary="Open data: national counts of BLK-Ks by level, operating status and province",
    description="Open data, live from the registry; the same counts as the national overview's for ministry staff.",
    responses=NationalCountsSerializer,
)
class NationalCounts(ETagMixin, APIView):
    permission_classes = [OpenData]

    def get(self, request):
        user = request.user
        blkks = open_rows(Blkk.objects, user)
        provinces = open_rows(Province.objects, user).with_blkk_counts().order_by("code")
        data = {
            "blkks": querysets.blkk_counts(blkks),
            "provinces": provinces.values("code", "name", "blkk_count"),
            "forums": querysets.forum_states(open_rows(Forum.objects, user)),
            "updated_at": blkks.aggregate(latest=Max("updated_at"))["latest"],
        }
        return Response(NationalCountsSerializer(data).data)
