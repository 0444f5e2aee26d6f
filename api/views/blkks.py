"""The BLK-K directory: the directory page's filters, search and sort, a page at a time."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.exceptions import ValidationError

from registry.filters import DirectoryFilterForm
from registry.models import Blkk
from registry.querysets import BlkkQuerySet

from ..serializers import BlkkDetailSerializer, BlkkSerializer
from .base import ReadOnlyViewSet, choice_param, form_errors

FILTERS = [
    OpenApiParameter("q", str, description="Search in the name, host institution and registry number."),
    OpenApiParameter("province", str, description="Kemendagri province code, e.g. 73."),
    OpenApiParameter("regency", str, description="Kemendagri regency code, e.g. 73.71."),
    OpenApiParameter("field", str, description="Vocational field code."),
    OpenApiParameter("host_type", str, description="Host institution type code."),
    OpenApiParameter("level", str, enum=Blkk.Level.values, description="Independence level."),
    OpenApiParameter("centre", OpenApiTypes.INT, description="Training centre id: the BLK-Ks it mentors today."),
    OpenApiParameter("status", str, enum=Blkk.Status.values, description="Operating status."),
    OpenApiParameter("sort", str, enum=list(BlkkQuerySet.SORTS), description="Order; `name` by default."),
]


@extend_schema_view(
    list=extend_schema(summary="BLK-Ks, filtered like the directory", parameters=FILTERS),
    retrieve=extend_schema(summary="One BLK-K's profile"),
)
class BlkkViewSet(ReadOnlyViewSet):
    def get_serializer_class(self):
        return BlkkDetailSerializer if self.action == "retrieve" else BlkkSerializer

    def get_queryset(self):
        blkks = Blkk.objects.visible_to(self.request.user).for_directory().prefetch_related("vocational_fields")
        if self.action != "list":
            return blkks
        # The directory page's own form: the same filters, validated the same way; here a
        # value it refuses answers 400 with its message instead of being skipped.
        form = DirectoryFilterForm(self.request.query_params)
        if not form.is_valid():
            raise ValidationError(form_errors(form))
        sort = choice_param(self.request, "sort", list(BlkkQuerySet.SORTS))
        return form.filter(blkks).sorted_by(sort)
