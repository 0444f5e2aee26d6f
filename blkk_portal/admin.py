"""What every app's Django admin shares."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import reasons


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records that only a workflow writes: list, search and view, nothing else."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class HistoryAdmin(SimpleHistoryAdmin):
    """simple-history's admin, with each change reason written in the reader's language (`blkk_portal.reasons`)."""

    def render_history_view(self, request, template, context, **kwargs):
        # The list of records has a page of them; a single past version's form has none.
        page = context.get("page_obj")
        for record in page.object_list if page is not None else ():
            record.history_change_reason = reasons.render(record.history_change_reason)
        return super().render_history_view(request, template, context, **kwargs)
