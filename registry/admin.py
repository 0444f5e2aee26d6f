"""Django admin, the back office for the registry's reference data and BLK-Ks."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from blkk_portal.admin import HistoryAdmin, ReadOnlyAdmin
from blkk_portal.versioning import VersionedAdmin, VersionedAdminForm

from .imports import ImportScope
from .models import Blkk, HostInstitutionType, Mentorship, Province, Regency, TrainingCentre, VocationalField
from .services import CONFLICT_MESSAGE, register_blkk, save_blkk_profile
from .views.imports import confirm_page, import_page


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "population", "area_km2"]
    search_fields = ["code", "name"]


@admin.register(Regency)
class RegencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "province", "population", "area_km2"]
    list_filter = ["kind", "province"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["province"]
    list_select_related = ["province"]


class BilingualNameAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en"]
    search_fields = ["code", "name", "name_en"]


admin.site.register(HostInstitutionType, BilingualNameAdmin)  # its BLK-Ks protect it (on_delete=PROTECT)


@admin.register(VocationalField)
class VocationalFieldAdmin(BilingualNameAdmin):
    NAMED = 20  # BLK-Ks named on a refusal; the rest are counted

    def get_deleted_objects(self, objs, request):
        """As Django's, with the BLK-Ks training in the fields as protected objects: the deletion is refused.

        Deleting a field would drop it from those BLK-Ks' profiles with no trace in their
        history. The refusal's wording is the model's own template (templates/admin/registry/
        vocationalfield/): Django's would say the BLK-Ks themselves had to be deleted. The
        rest are counted here rather than by Django's `delete_confirmation_max_display`,
        whose line has no Indonesian translation in Django 6.1.
        """
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        in_use = Blkk.objects.filter(vocational_fields__in=objs).distinct().order_by("name", "pk")
        count = in_use.count()
        if count:
            label = capfirst(Blkk._meta.verbose_name)
            names = in_use.values_list("name", flat=True)[: self.NAMED]
            protected = [*protected, *(format_html("{}: {}", label, name) for name in names)]
            if (more := count - self.NAMED) > 0:
                protected.append(
                    ngettext("and %(count)s more BLK-K", "and %(count)s more BLK-Ks", more) % {"count": more}
                )
        return deleted, counts, perms_needed, protected


@admin.register(TrainingCentre)
class TrainingCentreAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "former_name", "regency", "parent"]
    list_filter = ["kind", "regency__province"]
    search_fields = ["name", "former_name"]
    autocomplete_fields = ["regency", "parent", "staff"]
    list_select_related = ["regency", "parent"]


class BlkkAdminForm(VersionedAdminForm):
    """Carries the version the admin opened, so a save in the meantime is not overwritten.

    Level and mentor centre are not on it: the classification workflow and the mentor
    decrees set them, with their history and evidence (see the read-only fields).
    """

    conflict_message = CONFLICT_MESSAGE

    class Meta:
        model = Blkk
        fields = [
            "registry_number", "name", "host_name", "host_type", "year_established", "status",
            "regency", "address", "latitude", "longitude", "vocational_fields", "in_incubator",
            "vin", "permit_number", "permit_date", "accreditation", "managers", "phone", "email",
        ]  # fmt: skip


@admin.register(Blkk)
class BlkkAdmin(VersionedAdmin, HistoryAdmin):
    form = BlkkAdminForm
    list_display = ["name", "registry_number", "regency", "host_type", "level", "status", "mentor_centre"]
    list_filter = ["level", "status", "host_type", "in_incubator", "mentor_centre", "regency__province"]
    search_fields = ["name", "host_name", "registry_number", "vin"]
    autocomplete_fields = ["regency", "host_type", "managers", "vocational_fields"]
    list_select_related = ["regency", "host_type", "mentor_centre"]
    readonly_fields = ["independence_level", "mentor_centre_by_decree", "version", "created_at", "updated_at"]
    history_list_display = ["phone", "level", "status"]
    fieldsets = [
        (None, {"fields": ["registry_number", "name", "host_name", "host_type", "year_established", "status"]}),
        (_("Location"), {"fields": ["regency", "address", "latitude", "longitude"]}),
        (_("Training and independence"), {"fields": ["vocational_fields", "independence_level", "in_incubator"]}),
        (_("Legality"), {"fields": ["vin", "permit_number", "permit_date", "accreditation"]}),
        (_("People and contact"), {"fields": ["managers", "mentor_centre_by_decree", "phone", "email"]}),
        (_("Record"), {"fields": ["version", "created_at", "updated_at", "opened_version"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    @admin.display(description=_("independence level"))
    def independence_level(self, blkk):
        if blkk.pk is None:
            return _("Not yet classified. Once the BLK-K is saved, record its level on its page.")
        return format_html(
            '{}<div class="help">{} <a href="{}">{}</a></div>',
            blkk.get_level_display(),
            _("Set by a classification, which keeps the assessment's evidence and reason."),
            reverse("roadmap:classification-create", args=[blkk.pk]),
            _("Record a classification"),
        )

    @admin.display(description=_("mentor centre"))
    def mentor_centre_by_decree(self, blkk):
        return format_html(
            '{}<div class="help">{} <a href="{}">{}</a></div>',
            blkk.mentor_centre or "—",
            _("Set by the Director General's mentor decree that names this BLK-K in its annex."),
            reverse("admin:forum_decree_changelist"),
            _("Decrees"),
        )

    def save_model(self, request, obj, form, change):
        """Through the registry's workflow: version check, one history record, rollups after a move."""
        data = form.cleaned_data
        m2m = {"vocational_fields": data["vocational_fields"], "managers": data["managers"]}
        if change:
            save_blkk_profile(obj, by=request.user, expected_version=data["opened_version"], **m2m)
        else:
            register_blkk(obj, by=request.user, **m2m)

    def save_related(self, request, form, formsets, change):
        # The workflow saved the many-to-many fields with the row; only inlines are left.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def get_urls(self):
        own = [
            path("import/", self.admin_site.admin_view(self.import_view), name="registry_blkk_import"),
            path(
                "import/confirm/",
                self.admin_site.admin_view(self.import_confirm_view),
                name="registry_blkk_import_confirm",
            ),
        ]
        return own + super().get_urls()

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    # The portal's import pages and services, with the whole registry as scope and admin templates.
    IMPORT_TEMPLATE = "admin/registry/blkk/import.html"

    def _import_scope(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        return ImportScope(Blkk.objects.all(), may_create=True)

    def _import_context(self, request):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import BLK-Ks from a spreadsheet"),
            "confirm_url": reverse("admin:registry_blkk_import_confirm"),
            "may_create": True,
        }

    @method_decorator(require_http_methods(["GET", "POST"]))
    def import_view(self, request):
        scope = self._import_scope(request)
        return import_page(request, scope, self.IMPORT_TEMPLATE, self._import_context(request))

    @method_decorator(require_POST)
    def import_confirm_view(self, request):
        scope = self._import_scope(request)
        done = reverse("admin:registry_blkk_changelist")
        return confirm_page(request, scope, self.IMPORT_TEMPLATE, self._import_context(request), done)


@admin.register(Mentorship)
class MentorshipAdmin(ReadOnlyAdmin):
    """View-only: mentorships are written by the decree workflow, never by hand."""

    list_display = ["centre", "province", "blkk", "starts_on", "ends_on", "ended_on", "source"]
    list_filter = ["centre", "province"]
    search_fields = ["source__number", "legacy_source", "centre__name", "blkk__name", "province__name"]
    list_select_related = ["centre", "province", "blkk"]
    date_hierarchy = "starts_on"
