from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User
from .roles import Role


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    """Django's user admin with the portal's full name and phone; roles are the user's groups."""

    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Personal info"), {"fields": ["full_name", "first_name", "last_name", "email", "phone"]}),
        (
            _("Roles and permissions"),
            {
                "fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"],
                "description": _(
                    "Roles are groups: ministry staff, mentor-centre staff, forum board member, BLK-K manager. "
                    "Staff status makes the user an administrator."
                ),
            },
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        *UserAdmin.add_fieldsets,
        (_("Personal info"), {"classes": ["wide"], "fields": ["full_name", "email", "phone", "groups"]}),
    ]
    list_display = ["username", "full_name", "email", "phone", "role_names", "is_staff", "is_active"]
    search_fields = ["username", "full_name", "first_name", "last_name", "email", "phone"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("roles"))
    def role_names(self, user):
        names = (str(Role(g.name).label) if g.name in Role.values else g.name for g in user.groups.all())
        return ", ".join(sorted(names)) or "—"
