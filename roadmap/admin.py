"""The back office for roadmaps: set-up is edited here, reporting state only read.

Roadmaps, pillars, indicators, programmes and periods are reference data an admin keeps.
Implementations, status reports, classifications and reminders are written by the
workflows in `roadmap.services` (history, version checks, e-mails), so here they are
shown, searched and filtered, never changed by hand.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from blkk_portal.admin import HistoryAdmin, ReadOnlyAdmin

from .models import (
    Classification,
    Implementation,
    Indicator,
    IndicatorTarget,
    Pillar,
    Programme,
    ReportingPeriod,
    Roadmap,
    StatusReport,
)
from .services import create_programme, ensure_implementations, lock_period, unlock_period, update_programme


class PillarInline(admin.TabularInline):
    model = Pillar
    fields = ["number", "name", "weight"]
    extra = 0


class IndicatorInline(admin.TabularInline):
    model = Indicator
    fields = ["code", "name", "unit", "baseline"]
    extra = 0


class IndicatorTargetInline(admin.TabularInline):
    model = IndicatorTarget
    fields = ["year", "target", "achieved"]
    extra = 0


@admin.register(Roadmap)
class RoadmapAdmin(HistoryAdmin):
    list_display = ["title", "forum", "start_year", "end_year", "status", "adopted_at"]
    list_filter = ["status", "forum__kind"]
    list_select_related = ["forum", "adopted_at"]
    search_fields = ["title", "forum__name", "forum__short_name"]
    autocomplete_fields = ["forum", "adopted_at"]
    inlines = [PillarInline]


@admin.register(Pillar)
class PillarAdmin(HistoryAdmin):
    list_display = ["__str__", "roadmap", "weight"]
    list_filter = ["roadmap"]
    list_select_related = ["roadmap"]
    search_fields = ["name", "roadmap__title"]
    autocomplete_fields = ["roadmap"]
    inlines = [IndicatorInline]


@admin.register(Indicator)
class IndicatorAdmin(HistoryAdmin):
    list_display = ["code", "name", "pillar", "unit", "baseline"]
    list_filter = ["pillar__roadmap", "pillar"]
    list_select_related = ["pillar"]
    search_fields = ["code", "name", "unit"]
    autocomplete_fields = ["pillar"]
    inlines = [IndicatorTargetInline]


@admin.register(IndicatorTarget)
class IndicatorTargetAdmin(HistoryAdmin):
    list_display = ["indicator", "year", "target", "achieved"]
    list_filter = ["year", "indicator__pillar__roadmap"]
    list_select_related = ["indicator"]
    search_fields = ["indicator__code", "indicator__name"]
    autocomplete_fields = ["indicator"]


@admin.register(Programme)
class ProgrammeAdmin(HistoryAdmin):
    list_display = ["code", "title", "pillar", "starts_on", "ends_on", "participation"]
    list_filter = ["pillar__roadmap", "pillar", "participation"]
    list_select_related = ["pillar"]
    search_fields = ["code", "title", "description"]
    autocomplete_fields = ["pillar", "participants"]
    actions = ["create_implementations"]

    def save_model(self, request, obj, form, change):
        """Through the roadmap's workflow, as the programme form: one history record, then the implementations."""
        participants = form.cleaned_data.get("participants") or []
        if change:
            update_programme(obj, by=request.user, participants=participants)
        else:
            create_programme(obj, by=request.user, participants=participants)

    def save_related(self, request, form, formsets, change):
        # The workflow saved the participants with the programme; only inlines are left.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    @admin.action(description=_("Create the missing implementations for the participants"))
    def create_implementations(self, request, queryset):
        created = sum(ensure_implementations(programme, user=request.user) for programme in queryset)
        message = ngettext("%(count)d implementation created.", "%(count)d implementations created.", created)
        self.message_user(request, message % {"count": created}, messages.SUCCESS)


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ["label", "roadmap", "starts_on", "ends_on", "opens_on", "due_on", "locked"]
    list_filter = ["locked", "roadmap"]
    list_select_related = ["roadmap"]
    search_fields = ["label", "roadmap__title"]
    autocomplete_fields = ["roadmap"]
    date_hierarchy = "starts_on"
    # Locking goes through the workflow (history for the audit log, the rollups): the actions.
    readonly_fields = ["locked"]
    actions = ["lock_periods", "unlock_periods"]

    @admin.action(description=_("Lock the selected periods (they take no more reports)"))
    def lock_periods(self, request, queryset):
        count = sum(lock_period(period, by=request.user) for period in queryset.order_by("pk"))
        message = ngettext("%(count)d period locked.", "%(count)d periods locked.", count)
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Unlock the selected periods (they take reports again)"))
    def unlock_periods(self, request, queryset):
        count = sum(unlock_period(period, by=request.user) for period in queryset.order_by("pk"))
        message = ngettext("%(count)d period unlocked.", "%(count)d periods unlocked.", count)
        self.message_user(request, message % {"count": count}, messages.SUCCESS)


@admin.register(Implementation)
class ImplementationAdmin(ReadOnlyAdmin, HistoryAdmin):
    list_display = [
        "programme",
        "blkk",
        "status",
        "progress",
        "approved_status",
        "approved_progress",
        "last_approved_period",
    ]
    list_filter = ["approved_status", "status", "programme__pillar__roadmap", "programme__pillar"]
    list_select_related = ["programme", "blkk", "last_approved_period"]
    search_fields = ["programme__code", "programme__title", "blkk__name", "blkk__registry_number"]
    # Counting 100,000 rows on every filter change buys nothing; the paginator still works.
    show_full_result_count = False


@admin.register(StatusReport)
class StatusReportAdmin(ReadOnlyAdmin):
    """Append-only: a submitted report is never edited; a correction is a new report."""

    list_display = ["implementation", "period", "status", "progress", "is_late", "review", "submitted_at", "reporter"]
    list_filter = ["review", "is_late", "status", "period__roadmap", "period"]
    list_select_related = ["implementation__programme", "implementation__blkk", "period", "reporter"]
    search_fields = [
        "implementation__blkk__name",
        "implementation__programme__code",
        "reporter__username",
        "reporter__full_name",
    ]
    date_hierarchy = "submitted_at"
    show_full_result_count = False


@admin.register(Classification)
class ClassificationAdmin(ReadOnlyAdmin):
    """Recorded on the BLK-K's page, which also sets the BLK-K's current level and its history."""

    list_display = ["blkk", "level", "assessed_on", "assessor", "recorded_at"]
    list_filter = ["level", "assessed_on"]
    list_select_related = ["blkk", "assessor"]
    search_fields = ["blkk__name", "blkk__registry_number", "evidence", "note"]
    date_hierarchy = "assessed_on"
