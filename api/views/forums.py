"""Forums (open), their boards and meetings (signed in), and decrees (open verification data)."""

import re

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from forum.models import BoardPosition, Decree, Forum, Meeting

from ..permissions import OpenData, open_rows
from ..serializers import BoardPositionSerializer, DecreeSerializer, ForumSerializer, MeetingSerializer
from .base import ReadOnlyViewSet, id_param


@extend_schema_view(
    list=extend_schema(
        summary="Forums: the national one and the provincial ones",
        description="Open data: each forum with its member count and its mentor decree in force today.",
    ),
    retrieve=extend_schema(summary="One forum", description="Open data."),
)
class ForumViewSet(ReadOnlyViewSet):
    permission_classes = [OpenData]
    serializer_class = ForumSerializer

    def get_queryset(self):
        return open_rows(Forum.objects, self.request.user).for_list().national_first()

    @extend_schema(summary="The forum's board positions, chair first", responses=BoardPositionSerializer(many=True))
    @action(detail=True, permission_classes=[IsAuthenticated], pagination_class=None)
    def board(self, request, pk=None):
        forum = get_object_or_404(Forum.objects.visible_to(request.user), pk=pk)
        seats = BoardPosition.objects.visible_to(request.user).filter(forum=forum).by_rank()
        return Response(BoardPositionSerializer(seats, many=True).data)


@extend_schema_view(
    list=extend_schema(
        summary="Meetings of the forums",
        parameters=[OpenApiParameter("forum", OpenApiTypes.INT, description="Only this forum's meetings.")],
    ),
    retrieve=extend_schema(summary="One meeting"),
)
class MeetingViewSet(ReadOnlyViewSet):
    serializer_class = MeetingSerializer

    def get_queryset(self):
        meetings = Meeting.objects.visible_to(self.request.user).with_attendance().order_by("-starts_on", "-pk")
        forum = id_param(self.request, "forum") if self.action == "list" else None
        return meetings.filter(forum_id=forum) if forum else meetings


VERIFICATION_TOKEN = r"[A-Za-z0-9_-]{1,40}"  # noqa: S105 (a pattern, not a secret)


@extend_schema_view(
    list=extend_schema(
        summary="Decrees: verification data",
        description=(
            "Open data: every signed decree (in force, not yet in force, expired, superseded or revoked) "
            "with the SHA-256 of its signed PDF, so that anyone can check a copy. Drafts are listed only "
            "for administrators. Filter by `number`."
        ),
        parameters=[OpenApiParameter("number", str, description="The decree's number, exactly (case ignored).")],
    ),
    retrieve=extend_schema(summary="One decree, by its verification token (the QR code's)", description="Open data."),
)
class DecreeViewSet(ReadOnlyViewSet):
    permission_classes = [OpenData]
    serializer_class = DecreeSerializer
    lookup_field = "token"
    lookup_value_regex = VERIFICATION_TOKEN

    def get_queryset(self):
        decrees = (
            Decree.objects.visible_to(self.request.user)
            .select_related("forum", "centre", "supersedes", "superseded_by")
            .order_by("-decree_date", "-pk")
        )
        number = self.request.query_params.get("number", "") if self.action == "list" else ""
        if number:
            # Only something shaped like a decree number reaches the query: PostgreSQL refuses a NUL.
            if not re.fullmatch(r"[\w./ -]{1,80}", number, flags=re.ASCII):
                return decrees.none()
            decrees = decrees.filter(number__iexact=number)
        return decrees

    def get_serializer_context(self):
        return super().get_serializer_context() | {"today": timezone.localdate()}
