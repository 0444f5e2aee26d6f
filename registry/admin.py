"""Django admin, the back office for the registry's reference data and BLK-Ks."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Blkk, HostInstitutionType, Mentorship, Province, Regency, TrainingCentre, VocationalField


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


admin.site.register(VocationalField, BilingualNameAdmin)
admin.site.register(HostInstitutionType, BilingualNameAdmin)


@admin.register(TrainingCentre)
class TrainingCentreAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "former_name", "regency", "parent"]
    list_filter = ["kind", "regency__province"]
    search_fields = ["name", "former_name"]
    autocomplete_fields = ["regency", "parent", "staff"]
    list_select_related = ["regency", "parent"]


class BlkkAdminForm(forms.ModelForm):
    """Carries the version the admin opened, so a save in the meantime is not overwritten."""

    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Blkk
        fields = [
            "registry_number", "name", "host_name", "host_type", "year_established", "status",
            "regency", "address", "latitude", "longitude", "vocational_fields", "level", "in_incubator",
            "vin", "permit_number", "permit_date", "accreditation", "managers", "mentor_centre", "phone", "email",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opened_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        opened = cleaned.get("opened_version")
        if self.instance.pk and opened is not None and opened != self.instance.version:
            raise forms.ValidationError(
                _("Someone saved this BLK-K after you opened it. Open it again to see their change, then redo yours.")
            )
        return cleaned


@admin.register(Blkk)
class BlkkAdmin(SimpleHistoryAdmin):
    form = BlkkAdminForm
    list_display = ["name", "registry_number", "regency", "host_type", "level", "status", "mentor_centre"]
    list_filter = ["level", "status", "host_type", "in_incubator", "mentor_centre", "regency__province"]
    search_fields = ["name", "host_name", "registry_number", "vin"]
    autocomplete_fields = ["regency", "host_type", "mentor_centre", "managers", "vocational_fields"]
    list_select_related = ["regency", "host_type", "mentor_centre"]
    readonly_fields = ["version", "created_at", "updated_at"]
    history_list_display = ["phone", "level", "status"]
    fieldsets = [
        (None, {"fields": ["registry_number", "name", "host_name", "host_type", "year_established", "status"]}),
        (_("Location"), {"fields": ["regency", "address", "latitude", "longitude"]}),
        (_("Training and independence"), {"fields": ["vocational_fields", "level", "in_incubator"]}),
        (_("Legality"), {"fields": ["vin", "permit_number", "permit_date", "accreditation"]}),
        (_("People and contact"), {"fields": ["managers", "mentor_centre", "phone", "email"]}),
        (_("Record"), {"fields": ["version", "created_at", "updated_at", "opened_version"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def save_model(self, request, obj, form, change):
        # Every save moves the version on, so profile forms opened before it turn stale.
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)


@admin.register(Mentorship)
class MentorshipAdmin(admin.ModelAdmin):
    """View-only: mentorships are written by the decree workflow, never by hand."""

    list_display = ["centre", "province", "blkk", "starts_on", "ends_on", "ended_on", "source"]
    list_filter = ["centre", "province"]
    search_fields = ["source__number", "legacy_source", "centre__name", "blkk__name", "province__name"]
    list_select_related = ["centre", "province", "blkk"]
    date_hierarchy = "starts_on"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
