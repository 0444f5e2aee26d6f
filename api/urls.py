"""/api/v1/: the REST API. Every route is in the access table (tests/security/api_access_table.py)."""

from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.routers import SimpleRouter

from .views import dashboards, docs, root
from .views.blkks import BlkkViewSet
from .views.forums import DecreeViewSet, ForumViewSet, MeetingViewSet
from .views.regions import ProvinceViewSet, RegencyViewSet, TrainingCentreViewSet
from .views.roadmaps import ImplementationViewSet, ProgrammeViewSet, RoadmapViewSet, StatusReportViewSet

app_name = "api"

router = SimpleRouter()
router.register("provinces", ProvinceViewSet, basename="province")
router.register("regencies", RegencyViewSet, basename="regency")
router.register("centres", TrainingCentreViewSet, basename="centre")
router.register("blkks", BlkkViewSet, basename="blkk")
router.register("forums", ForumViewSet, basename="forum")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("decrees", DecreeViewSet, basename="decree")
router.register("roadmaps", RoadmapViewSet, basename="roadmap")
router.register("programmes", ProgrammeViewSet, basename="programme")
router.register("implementations", ImplementationViewSet, basename="implementation")
router.register("reports", StatusReportViewSet, basename="report")

v1 = [
    path("", root.ApiRoot.as_view(), name="root"),
    path("schema/", SpectacularJSONAPIView.as_view(), name="schema"),
    path("docs/", docs.docs, name="docs"),
    path("open-data/national/", dashboards.NationalCounts.as_view(), name="open-national"),
    path("dashboards/national/", dashboards.NationalDashboard.as_view(), name="dashboard-national"),
    re_path(
        r"^dashboards/provinces/(?P<code>\d{2})/$", dashboards.ProvinceDashboard.as_view(), name="dashboard-province"
    ),  # fmt: skip
    path("dashboards/forums/<int:pk>/", dashboards.ForumDashboard.as_view(), name="dashboard-forum"),
    path("dashboards/centres/<int:pk>/", dashboards.CentreDashboard.as_view(), name="dashboard-centre"),
    *router.urls,
]

# The API answers for itself: the portal's sign-in redirect never applies (a missing or bad
# token is a 401 in the API's error shape); the permission classes decide.
for pattern in v1:
    login_not_required(pattern.callback)

urlpatterns = [
    path("v1/", include(v1)),
    re_path(r"^", login_not_required(root.NotFound.as_view()), name="not-found"),
]
