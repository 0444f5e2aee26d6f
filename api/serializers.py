"""What the API answers: the portal's records as JSON, read-only.

Serializers only shape data. Which rows a reader gets is decided before they run, by the
apps' queryset methods (`visible_to`, `reports_visible_to`, ...) in api/views.py; the
numbers they show come from annotations those methods add.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from forum.models import BoardPosition, Decree, Forum, Meeting
from forum.querysets import MentorState
from registry.models import Blkk, Province, Regency, TrainingCentre
from roadmap.models import (
    Implementation,
    Indicator,
    IndicatorTarget,
    Pillar,
    Programme,
    ReportingPeriod,
    Roadmap,
    StatusReport,
)


class ProvinceSerializer(serializers.ModelSerializer):
    code = serializers.CharField(help_text="Kemendagri province code, e.g. 73 (Sulawesi Selatan).")
    blkk_count = serializers.IntegerField(read_only=True, help_text="BLK-Ks in the province.")

    class Meta:
        model = Province
        fields = ["code", "name", "population", "blkk_count"]


class RegencySerializer(serializers.ModelSerializer):
    code = serializers.CharField(help_text="Kemendagri regency/city code PP.KK: KK 01–69 kabupaten, 71–99 kota.")
    province = serializers.CharField(source="province_id", help_text="Kemendagri province code.")
    blkk_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Regency
        fields = ["code", "province", "name", "kind", "population", "blkk_count"]


class TrainingCentreSerializer(serializers.ModelSerializer):
    regency = serializers.CharField(source="regency_id", allow_null=True)
    parent = serializers.IntegerField(source="parent_id", allow_null=True)
    blkk_count = serializers.IntegerField(read_only=True, help_text="BLK-Ks the centre mentors today.")

    class Meta:
        model = TrainingCentre
        fields = ["id", "name", "kind", "former_name", "regency", "parent", "address", "phone", "email", "blkk_count"]


class NamedCodeSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField()


class BlkkSerializer(serializers.ModelSerializer):
    """A directory row: who, where, what level; `mentor_centres` from the mentorships in force."""

    regency = serializers.CharField(source="regency_id")
    province = serializers.CharField(source="regency.province_id")
    host_type = NamedCodeSerializer()
    vocational_fields = serializers.SerializerMethodField()
    mentor_centres = serializers.CharField(allow_null=True, read_only=True)

    class Meta:
        model = Blkk
        fields = [
            "id", "registry_number", "name", "host_name", "host_type", "regency", "province", "year_established",
            "vocational_fields", "status", "level", "mentor_centres", "updated_at",
        ]  # fmt: skip

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_vocational_fields(self, blkk):
        return [field.code for field in blkk.vocational_fields.all()]


class BlkkDetailSerializer(BlkkSerializer):
    class Meta(BlkkSerializer.Meta):
        fields = [
            *BlkkSerializer.Meta.fields, "address", "latitude", "longitude", "vin", "permit_number", "permit_date",
            "accreditation", "in_incubator", "phone", "email", "created_at", "version",
        ]  # fmt: skip


class ForumSerializer(serializers.ModelSerializer):
    province = serializers.CharField(source="province_id", allow_null=True)
    member_count = serializers.IntegerField(read_only=True, help_text="Member BLK-Ks: all for the national forum.")
    mentor_centre_id = serializers.IntegerField(read_only=True, allow_null=True)
    mentor_centre_name = serializers.CharField(read_only=True, allow_null=True)
    mentor_decree_number = serializers.CharField(read_only=True, allow_null=True)
    mentor_until = serializers.DateField(read_only=True, allow_null=True)
    mentor_state = serializers.ChoiceField(choices=MentorState.choices, read_only=True)

    class Meta:
        model = Forum
        fields = [
            "id", "kind", "name", "short_name", "province", "established_on", "description", "member_count",
            "mentor_centre_id", "mentor_centre_name", "mentor_decree_number", "mentor_until", "mentor_state",
        ]  # fmt: skip


class BoardPositionSerializer(serializers.ModelSerializer):
    blkk = serializers.IntegerField(source="blkk_id", allow_null=True)

    class Meta:
        model = BoardPosition
        fields = ["id", "role", "title", "person_name", "blkk", "term_start", "term_end"]


class MeetingSerializer(serializers.ModelSerializer):
    forum = serializers.IntegerField(source="forum_id")
    regency = serializers.CharField(source="regency_id", allow_null=True)
    attendee_count = serializers.IntegerField(read_only=True)
    resolutions = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = ["id", "forum", "kind", "title", "starts_on", "ends_on", "venue", "regency", "attendee_count",
                  "resolutions"]  # fmt: skip

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_resolutions(self, meeting):
        return [line.strip() for line in meeting.resolutions.splitlines() if line.strip()]


class DecreeSerializer(serializers.ModelSerializer):
    """What the public verification page shows of a decree, and the hash that proves a copy."""

    forum = serializers.IntegerField(source="forum_id")
    forum_name = serializers.CharField(source="forum.name")
    centre = serializers.IntegerField(source="centre_id", allow_null=True)
    centre_name = serializers.CharField(source="centre.name", allow_null=True, default=None)
    public_status = serializers.SerializerMethodField()
    supersedes = serializers.CharField(source="supersedes.number", allow_null=True, default=None)
    superseded_by = serializers.SerializerMethodField()
    verify_url = serializers.SerializerMethodField()

    class Meta:
        model = Decree
        fields = [
            "token", "number", "subject", "kind", "forum", "forum_name", "centre", "centre_name", "place",
            "decree_date", "signatory_name", "signatory_title", "effective_from", "effective_until", "status",
            "public_status", "signed_on", "signed_sha256", "e_signature", "signer_name", "supersedes",
            "superseded_by", "revoked_on", "revocation_reason", "revoking_number", "verify_url",
        ]  # fmt: skip

    @extend_schema_field(serializers.ChoiceField(choices=Decree.PublicStatus.choices))
    def get_public_status(self, decree):
        return decree.public_status(self.context.get("today"))

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_superseded_by(self, decree):
        successor = getattr(decree, "superseded_by", None)
        return successor.number if successor is not None else None

    @extend_schema_field(serializers.URLField())
    def get_verify_url(self, decree):
        return self.context["request"].build_absolute_uri(decree.get_absolute_url())


class IndicatorTargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndicatorTarget
        fields = ["year", "target", "achieved"]


class IndicatorSerializer(serializers.ModelSerializer):
    targets = IndicatorTargetSerializer(many=True)

    class Meta:
        model = Indicator
        fields = ["id", "code", "name", "unit", "baseline", "targets"]


class PillarSerializer(serializers.ModelSerializer):
    indicators = IndicatorSerializer(many=True)

    class Meta:
        model = Pillar
        fields = ["id", "number", "name", "description", "weight", "indicators"]


class PeriodSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportingPeriod
        fields = ["id", "label", "starts_on", "ends_on", "opens_on", "due_on", "locked"]


class RoadmapSerializer(serializers.ModelSerializer):
    forum = serializers.IntegerField(source="forum_id")

    class Meta:
        model = Roadmap
        fields = ["id", "forum", "title", "start_year", "end_year", "status", "description"]


class RoadmapDetailSerializer(RoadmapSerializer):
    pillars = PillarSerializer(many=True)
    periods = PeriodSerializer(many=True)

    class Meta(RoadmapSerializer.Meta):
        fields = [*RoadmapSerializer.Meta.fields, "pillars", "periods"]


class ProgrammeSerializer(serializers.ModelSerializer):
    roadmap = serializers.IntegerField(source="pillar.roadmap_id")
    pillar = serializers.IntegerField(source="pillar.number")
    implementation_count = serializers.IntegerField(read_only=True)
    approved_status_counts = serializers.SerializerMethodField()

    class Meta:
        model = Programme
        fields = [
            "id", "roadmap", "pillar", "code", "title", "description", "starts_on", "ends_on", "participation",
            "implementation_count", "approved_status_counts",
        ]  # fmt: skip

    @extend_schema_field(
        serializers.DictField(child=serializers.IntegerField(), help_text="Implementations per approved status.")
    )
    def get_approved_status_counts(self, programme):
        return {status.value: getattr(programme, f"{status.value}_count") for status in Implementation.Status}


class ImplementationSerializer(serializers.ModelSerializer):
    programme = serializers.IntegerField(source="programme_id")
    programme_code = serializers.CharField(source="programme.code")
    blkk = serializers.IntegerField(source="blkk_id")
    blkk_name = serializers.CharField(source="blkk.name")
    latest_report = serializers.IntegerField(source="latest_report_id", allow_null=True)
    last_approved_period = serializers.IntegerField(source="last_approved_period_id", allow_null=True)

    class Meta:
        model = Implementation
        fields = [
            "id", "programme", "programme_code", "blkk", "blkk_name", "status", "progress", "approved_status",
            "approved_progress", "latest_report", "last_approved_period", "version",
        ]  # fmt: skip


class StatusReportSerializer(serializers.ModelSerializer):
    implementation = serializers.IntegerField(source="implementation_id")
    blkk = serializers.IntegerField(source="implementation.blkk_id")
    period = serializers.IntegerField(source="period_id")
    period_label = serializers.CharField(source="period.label")
    reporter = serializers.CharField(source="reporter.username")
    corrects = serializers.IntegerField(source="corrects_id", allow_null=True)
    has_evidence = serializers.SerializerMethodField()

    class Meta:
        model = StatusReport
        fields = [
            "id", "implementation", "blkk", "period", "period_label", "status", "progress", "narrative",
            "has_evidence", "evidence_type", "reporter", "submitted_at", "is_late", "corrects", "review",
            "reviewed_at", "review_note",
        ]  # fmt: skip

    def get_has_evidence(self, report) -> bool:
        return bool(report.evidence)
