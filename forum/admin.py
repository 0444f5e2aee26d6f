"""Django admin for forums, their boards and meetings; decrees have their own module."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from blkk_portal.admin import HistoryAdmin
from blkk_portal.versioning import VersionedAdmin, VersionedAdminForm

from . import admin_decrees  # noqa: F401  (registers the Decree admin)
from .models import BoardPosition, Forum, Meeting
from .services import MeetingConflict, record_meeting, update_meeting
from .templatetags.forum_format import mentor_state_label


class MeetingAdminForm(VersionedAdminForm):
    """Admins choose attendees with autocomplete over every BLK-K; only members may stay."""

    conflict_message = MeetingConflict.default_message

    class Meta:
        model = Meeting
        fields = [
            "forum",
            "kind",
            "title",
            "starts_on",
            "ends_on",
            "venue",
            "regency",
            "attendees",
            "minutes",
            "resolutions",
        ]

    def clean(self):
        cleaned = super().clean()
        forum, attendees = cleaned.get("forum"), cleaned.get("attendees")
        if forum and attendees:
            outsiders = attendees.exclude(pk__in=forum.members().values("pk"))
            names = ", ".join(blkk.name for blkk in outsiders[:10])
            if names:
                self.add_error("attendees", _("Not members of %(forum)s: %(names)s") % {"forum": forum, "names": names})
        return cleaned


class BoardPositionInline(admin.TabularInline):
    model = BoardPosition
    extra = 0
    fields = ["role", "title", "person_name", "user", "blkk", "term_start", "term_end"]
    autocomplete_fields = ["user", "blkk"]
    ordering = ["-term_start", "role", "pk"]


@admin.register(Forum)
class ForumAdmin(admin.ModelAdmin):
    # Not SimpleHistoryAdmin: forums keep no history of their own, and its history page failed on them.
    list_display = ["name", "kind", "province", "member_count", "mentor_decree_number", "mentor_state"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "province__name"]
    inlines = [BoardPositionInline]

    def get_queryset(self, request):
        # The list's numbers come from the same annotations as the portal's forum list.
        return super().get_queryset(request).for_list()

    @admin.display(description=_("member BLK-Ks"), ordering="member_count")
    def member_count(self, forum):
        return forum.member_count

    @admin.display(description=_("mentor decree in force"), ordering="mentor_decree_number")
    def mentor_decree_number(self, forum):
        return forum.mentor_decree_number or "—"

    @admin.display(description=_("mentor decree state"), ordering="mentor_state")
    def mentor_state(self, forum):
        return mentor_state_label(forum.mentor_state)


@admin.register(Meeting)
class MeetingAdmin(VersionedAdmin, HistoryAdmin):
    form = MeetingAdminForm
    list_display = ["title", "kind", "forum", "starts_on", "ends_on", "regency", "attendee_count"]
    list_filter = ["kind", "forum"]
    list_select_related = ["forum", "regency"]
    search_fields = ["title", "venue", "forum__name", "regency__name"]
    date_hierarchy = "starts_on"
    autocomplete_fields = ["forum", "regency", "attendees"]
    readonly_fields = ["recorded_by", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["forum", "kind", "title", ("starts_on", "ends_on"), "venue", "regency"]}),
        (_("Attendance"), {"fields": ["attendees"]}),
        (_("Outcome"), {"fields": ["minutes", "resolutions"]}),
        (_("Record"), {"fields": ["recorded_by", "created_at", "updated_at", "opened_version"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_attendance()

    @admin.display(description=_("BLK-Ks attending"), ordering="attendee_count")
    def attendee_count(self, meeting):
        return meeting.attendee_count

    def save_model(self, request, obj, form, change):
        """Through the forum's workflow, as the meeting form: version check, one history record."""
        attendees, opened = form.cleaned_data["attendees"], form.cleaned_data["opened_version"]
        if change:
            update_meeting(obj, by=request.user, expected_version=opened, attendees=attendees)
        else:
            record_meeting(obj, by=request.user, attendees=attendees)

    def save_related(self, request, form, formsets, change):
        # The workflow saved the attendees with the meeting; only inlines are left.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)
