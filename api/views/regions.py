"""Open data: provinces and regencies with Kemendagri codes, and the ministry's training centres."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view

from registry.models import Province, Regency, TrainingCentre

from ..permissions import OpenData, open_rows
from ..serializers import ProvinceSerializer, RegencySerializer, TrainingCentreSerializer
from .base import ReadOnlyViewSet, code_param

PROVINCE_CODE = r"\d{2}"

REGION_NOTE = (
    "Open data. Source: Kemendagri codes via the public dataset cahyadsn/wilayah (MIT licence, "
    "see /api/v1/); counts of BLK-Ks are live from the portal's registry."
)


@extend_schema_view(
    list=extend_schema(summary="Provinces (Kemendagri codes)", description=REGION_NOTE),
    retrieve=extend_schema(summary="One province", description=REGION_NOTE),
)
class ProvinceViewSet(ReadOnlyViewSet):
    permission_classes = [OpenData]
    serializer_class = ProvinceSerializer
    lookup_field = "code"
    lookup_value_regex = PROVINCE_CODE

    def get_queryset(self):
        return open_rows(Province.objects, self.request.user).with_blkk_counts().order_by("code")


@extend_schema_view(
    list=extend_schema(
        summary="Regencies and cities (Kemendagri codes)",
        description=REGION_NOTE,
        parameters=[OpenApiParameter("province", str, description="Kemendagri province code, e.g. 73.")],
    ),
    retrieve=extend_schema(summary="One regency or city", description=REGION_NOTE),
)
class RegencyViewSet(ReadOnlyViewSet):
    permission_classes = [OpenData]
    serializer_class = RegencySerializer
    lookup_field = "code"
    lookup_value_regex = r"\d{2}\.\d{2}"

    def get_queryset(self):
        # Regencies are reference data under their province: the province's rule decides.
        provinces = open_rows(Province.objects, self.request.user)
        regencies = Regency.objects.filter(province__in=provinces).with_blkk_counts().order_by("code")
        province = code_param(self.request, "province", PROVINCE_CODE) if self.action == "list" else None
        if province:
            regencies = regencies.filter(province_id=province)
        return regencies


@extend_schema_view(
    list=extend_schema(summary="Ministry training centres (BBPVP, BPVP, Satpel)", description="Open data."),
    retrieve=extend_schema(summary="One training centre", description="Open data."),
)
class TrainingCentreViewSet(ReadOnlyViewSet):
    permission_classes = [OpenData]
    serializer_class = TrainingCentreSerializer

    def get_queryset(self):
        return open_rows(TrainingCentre.objects, self.request.user).with_blkk_counts().order_by("name", "pk")
