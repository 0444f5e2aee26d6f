from django.contrib import admin

from blkk_portal.admin import ReadOnlyAdmin

from .models import Notice


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    """Read-only: notices are written by the portal; the list shows what went out and what failed."""

    list_display = ["created_at", "kind", "email", "language", "sent_at", "attempts", "last_error"]
    list_filter = ["kind", "language", ("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["email", "subject", "key"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in Notice._meta.fields]
