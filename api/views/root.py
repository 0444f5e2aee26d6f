"""The API's front door: what it offers, which datasets are open, where they come from, under which licence."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from ..exceptions import not_found_response
from ..permissions import OpenData
from .base import ETagMixin

PORTAL = "Portal BLK Komunitas, Ditjen Binalavotas, Kementerian Ketenagakerjaan"
REGIONS_LICENCE = "MIT (cahyadsn/wilayah), see registry/data/LICENSE-wilayah.txt"
# The portal's own data has no licence on record yet: proposed here, for the ministry to confirm.
PORTAL_LICENCE = "CC BY 4.0 (proposed, to be confirmed by Ditjen Binalavotas)"

# The open datasets: (key, URL name, title, source, licence, updated).
# "live" means every answer reads the portal's current records.
OPEN_DATASETS = [
    (
        "provinces", "api:province-list", _("Provinces with Kemendagri codes and their BLK-K counts"),
        "Kemendagri codes (Kepmendagri 300.2.2-2138/2025) via cahyadsn/wilayah; counts: " + PORTAL,
        REGIONS_LICENCE, "reference data, loaded by migration; counts live",
    ),
    (
        "regencies", "api:regency-list", _("Regencies and cities with Kemendagri codes (PP.KK)"),
        "Kemendagri codes via cahyadsn/wilayah; counts: " + PORTAL, REGIONS_LICENCE,
        "reference data, loaded by migration; counts live",
    ),
    (
        "training_centres", "api:centre-list", _("The ministry's training centres (BBPVP, BPVP)"),
        PORTAL + ", compiled from public reports", PORTAL_LICENCE, "live",
    ),
    ("forums", "api:forum-list", _("BLK-K coordination forums and their mentor decrees"), PORTAL, PORTAL_LICENCE,
     "live"),
    (
        "decrees", "api:decree-list", _("Verification data of signed decrees of the Director General"), PORTAL,
        PORTAL_LICENCE, "live",
    ),
    ("national_counts", "api:open-national", _("National counts of BLK-Ks by level, status and province"), PORTAL,
     PORTAL_LICENCE, "live"),
]  # fmt: skip

# Everything else needs a token (or the portal's session): (key, URL name).
SIGNED_IN = [
    ("blkks", "api:blkk-list"),
    ("meetings", "api:meeting-list"),
    ("roadmaps", "api:roadmap-list"),
    ("programmes", "api:programme-list"),
    ("implementations", "api:implementation-list"),
    ("reports", "api:report-list"),
    ("dashboard_national", "api:dashboard-national"),
]

Dataset = inline_serializer(
    "OpenDataset",
    {
        "url": serializers.URLField(),
        "title": serializers.CharField(),
        "source": serializers.CharField(),
        "licence": serializers.CharField(),
        "updated": serializers.CharField(),
        "format": serializers.CharField(),
    },
)


@extend_schema(
    summary="What the API offers: the open datasets with their metadata, and the rest",
    responses=inline_serializer(
        "ApiRoot",
        {
            "name": serializers.CharField(),
            "version": serializers.CharField(),
            "schema": serializers.URLField(),
            "docs": serializers.URLField(),
            "open_data": serializers.DictField(child=Dataset),
            "signed_in": serializers.DictField(child=serializers.URLField()),
        },
    ),
)
class ApiRoot(ETagMixin, APIView):
    permission_classes = [OpenData]

    def get(self, request):
        absolute = request.build_absolute_uri
        open_data = {
            key: {
                "url": absolute(reverse(name)),
                "title": str(title),
                "source": source,
                "licence": licence,
                "updated": updated,
                "format": "application/json",
            }
            for key, name, title, source, licence, updated in OPEN_DATASETS
        }
        return Response(
            {
                "name": PORTAL,
                "version": "v1",
                "schema": absolute(reverse("api:schema")),
                "docs": absolute(reverse("api:docs")),
                "open_data": open_data,
                "signed_in": {key: absolute(reverse(name)) for key, name in SIGNED_IN},
            }
        )


@extend_schema(exclude=True)
class NotFound(APIView):
    """Any other path under /api/: the API's own 404 body, not a web page."""

    permission_classes = [OpenData]

    def get(self, request, *args, **kwargs):
        return not_found_response()

    post = put = patch = delete = get
