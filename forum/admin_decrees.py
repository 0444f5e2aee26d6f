"""Django admin for decrees: drafting, the draft PDF, recording the signed PDF, revocation.

Drafts are edited like any record. A signed decree is shown read-only; from then on the
only ways forward are the "Revoke" form and a new decree that supersedes it.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from blkk_portal.admin import HistoryAdmin
from blkk_portal.uploads import check_upload

from . import admin_annex
from .documents import render_decree_pdf
from .models import Decree
from .pades import configured_signer
from .services import DecreeError, revoke_decree, sign_decree, sign_decree_in_house
from .validators import validate_decree_number


class DecreeAdminForm(forms.ModelForm):
    class Meta:
        model = Decree
        fields = [
            "number",
            "subject",
            "kind",
            "forum",
            "centre",
            "supersedes",
            "annex_blkks",
            "considerations",
            "legal_bases",
            "clauses",
            "place",
            "decree_date",
            "signatory_name",
            "signatory_title",
            "signatory_nip",
            "effective_from",
            "effective_until",
        ]

    def clean(self):
        cleaned = super().clean()
        annex = cleaned.get("annex_blkks")
        if annex is not None:
            try:
                Decree.validate_annex(forum=cleaned.get("forum"), kind=cleaned.get("kind"), blkks=annex)
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


def not_in_future(value):
    if value and value > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."))


class SignForm(forms.Form):
    signed_file = forms.FileField(
        label=_("Signed PDF"),
        help_text=_("The decree as signed by the Director General, as a PDF of at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    signed_on = forms.DateField(
        label=_("Signed on"),
        validators=[not_in_future],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The day the Director General signed it."),
    )

    accept_unsigned = forms.BooleanField(
        label=_("Record it even if it carries no electronic signature"),
        required=False,
        help_text=_(
            "Only for a decree signed on paper and scanned: it is then shown to the public as not "
            "electronically signed. A PDF whose electronic signature fails is refused either way."
        ),
    )

    def clean_signed_file(self):
        signed_file = self.cleaned_data["signed_file"]
        check_upload(signed_file, allowed=("pdf",))
        return signed_file


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown to the public on the verification page."),
    )
    revoking_number = forms.CharField(
        label=_("Number of the revoking decree"),
        max_length=80,
        required=False,
        validators=[validate_decree_number],
        help_text=_("When the revocation was itself decreed, its number."),
    )
    revoked_on = forms.DateField(
        label=_("Revoked on"),
        validators=[not_in_future],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class PublicStatusFilter(admin.SimpleListFilter):
    """Standing as the public sees it today, expiry included (it is never stored)."""

    title = _("standing today")
    parameter_name = "standing"

    def lookups(self, request, model_admin):
        return Decree.PublicStatus.choices

    def queryset(self, request, queryset):
        if self.value() in Decree.PublicStatus.values:
            return queryset.public_status_is(self.value())
        return queryset


RECORD_FIELDS = [
    "standing",
    "verification_link",
    "signed_sha256",
    "signed_on",
    "e_signature",
    "signer_name",
    "signer_nip",
    "signer_issuer",
    "signing_time",
    "signer_valid_from",
    "signer_valid_until",
    "signed_recorded_by",
    "signed_recorded_at",
    "signed_file_link",
    "revoked_on",
    "revocation_reason",
    "revoking_number",
    "revoked_by",
]


@admin.register(Decree)
class DecreeAdmin(HistoryAdmin):
    form = DecreeAdminForm
    list_display = ["number", "forum", "centre", "kind", "standing", "decree_date", "effective_period"]
    list_filter = [PublicStatusFilter, "status", "kind", "forum"]
    list_select_related = ["forum", "centre"]
    search_fields = ["number", "subject"]
    autocomplete_fields = ["forum", "centre", "supersedes", "annex_blkks"]
    date_hierarchy = "decree_date"
    readonly_fields = RECORD_FIELDS
    change_form_template = "admin/forum/decree/change_form.html"
    fieldsets = [
        (None, {"fields": ["number", "subject", "kind", "forum", "centre", "supersedes"]}),
        (
            _("Annex"),
            {
                "fields": ["annex_blkks"],
                "description": _("The BLK-Ks the appointed centre mentors directly; they are listed in the annex."),
            },
        ),
        (_("Text of the decree"), {"fields": ["considerations", "legal_bases", "clauses"]}),
        (
            _("Place, date and signatory"),
            {"fields": ["place", "decree_date", "signatory_name", "signatory_title", "signatory_nip"]},
        ),
        (_("Effective period"), {"fields": ["effective_from", "effective_until"]}),
        (_("Record"), {"fields": RECORD_FIELDS}),
    ]

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.fieldsets[:-1]
        if obj.is_draft:
            # Nothing has been recorded on a draft yet; say only where it stands.
            return [*self.fieldsets[:-1], (_("Record"), {"fields": RECORD_FIELDS[:2]})]
        return self.fieldsets

    # A signed decree is a legal record: view only, never deleted.
    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or obj.is_draft)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or obj.is_draft)

    def delete_queryset(self, request, queryset):
        queryset.filter(status=Decree.Status.DRAFT).delete()

    # simple-history shows a decree's past versions; reverting must follow the stored row.
    def has_change_history_permission(self, request, obj=None):
        if obj is not None and not Decree.objects.filter(pk=obj.pk, status=Decree.Status.DRAFT).exists():
            return False
        return super().has_change_history_permission(request, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            live = self.get_object(request, unquote(object_id))
            if live is None or not self.has_change_history_permission(request, live):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def view_on_site(self, obj):
        return None if obj.is_draft else obj.get_absolute_url()

    def get_search_results(self, request, queryset, search_term):
        queryset, distinct = super().get_search_results(request, queryset, search_term)
        # Only a signed decree still on record can be superseded; offer nothing else.
        if request.GET.get("field_name") == "supersedes":
            queryset = queryset.filter(status=Decree.Status.SIGNED)
        return queryset, distinct

    @admin.display(description=_("standing"))
    def standing(self, decree):
        return format_html("<strong>{}</strong>", decree.public_status().label)

    @admin.display(description=_("effective period"), ordering="effective_from")
    def effective_period(self, decree):
        until = date_format(decree.effective_until) if decree.effective_until else _("open-ended")
        return f"{date_format(decree.effective_from)} – {until}"

    @admin.display(description=_("public verification page"))
    def verification_link(self, decree):
        if decree.is_draft:
            return _("Available once signed.")
        return format_html('<a href="{}">{}</a>', decree.get_absolute_url(), decree.verification_url())

    @admin.display(description=_("signed PDF"))
    def signed_file_link(self, decree):
        if not decree.signed_file:
            return "—"
        url = reverse("admin:forum_decree_signed_file", args=[decree.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download the signed PDF"))

    def get_urls(self):
        own = [
            path("<path:object_id>/pdf/", self.admin_site.admin_view(self.pdf_view), name="forum_decree_pdf"),
            path("<path:object_id>/sign/", self.admin_site.admin_view(self.sign_view), name="forum_decree_sign"),
            path(
                "<path:object_id>/sign-in-house/",
                self.admin_site.admin_view(self.sign_in_house_view),
                name="forum_decree_sign_in_house",
            ),
            path("<path:object_id>/revoke/", self.admin_site.admin_view(self.revoke_view), name="forum_decree_revoke"),
            path(
                "<path:object_id>/signed-file/",
                self.admin_site.admin_view(self.signed_file_view),
                name="forum_decree_signed_file",
            ),
            path(
                "<path:object_id>/annex-import/",
                self.admin_site.admin_view(self.annex_import_view),
                name="forum_decree_annex_import",
            ),
            path(
                "<path:object_id>/annex-import/confirm/",
                self.admin_site.admin_view(require_POST(self.annex_confirm_view)),
                name="forum_decree_annex_import_confirm",
            ),
        ]
        return own + super().get_urls()

    def _decree_or_404(self, request, object_id):
        decree = self.get_object(request, unquote(object_id))
        if decree is None:
            raise Http404(_("No decree with this id."))
        if not self.has_view_permission(request, decree):
            raise PermissionDenied
        return decree

    def pdf_view(self, request, object_id):
        decree = self._decree_or_404(request, object_id)
        response = HttpResponse(render_decree_pdf(decree), content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(True, f"{decree.file_stem()}.pdf")
        return response

    def signed_file_view(self, request, object_id):
        decree = self._decree_or_404(request, object_id)
        decree = Decree.objects.files_visible_to(request.user).filter(pk=decree.pk).first()
        if decree is None or not decree.signed_file or not decree.signed_file.storage.exists(decree.signed_file.name):
            raise Http404(_("This decree has no signed PDF on record."))
        filename = f"{decree.file_stem()}-signed.pdf"
        return FileResponse(decree.signed_file.open("rb"), as_attachment=True, filename=filename)

    def annex_import_view(self, request, object_id):
        return admin_annex.annex_import_view(self, request, self._decree_or_404(request, object_id))

    def annex_confirm_view(self, request, object_id):
        return admin_annex.annex_confirm_view(self, request, self._decree_or_404(request, object_id))

    def sign_view(self, request, object_id):
        decree = self._decree_or_404(request, object_id)
        if not decree.is_draft:
            self.message_user(request, _("Decree %(number)s is already signed.") % {"number": decree}, messages.WARNING)
            return redirect("admin:forum_decree_change", decree.pk)
        if not self.has_change_permission(request, decree):
            raise PermissionDenied
        form = SignForm(initial={"signed_on": timezone.localdate()})
        if request.method == "POST":
            form = SignForm(request.POST, request.FILES)
            if form.is_valid():
                try:
                    options = _only(form, "signed_on", "accept_unsigned")
                    sign_decree(decree, form.cleaned_data["signed_file"], user=request.user, **options)
                except DecreeError as error:
                    form.add_error(None, str(error))
                else:
                    self.log_change(request, decree, _("Recorded the signed PDF."))
                    self.message_user(
                        request,
                        _("Decree %(number)s is signed. It is now read-only and its verification page is public.")
                        % {"number": decree},
                        messages.SUCCESS,
                    )
                    return redirect("admin:forum_decree_change", decree.pk)
        return self._action_page(request, decree, form, _("Record the signed PDF"), _("Record and sign"))

    def sign_in_house_view(self, request, object_id):
        """Sign the draft's PDF with the portal's own certificate and record it (POST only)."""
        decree = self._decree_or_404(request, object_id)
        if request.method != "POST" or not decree.is_draft or not self.has_change_permission(request, decree):
            raise PermissionDenied
        try:
            sign_decree_in_house(decree, user=request.user)
        except DecreeError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.log_change(request, decree, _("Signed with the portal's certificate."))
            self.message_user(
                request,
                _("Decree %(number)s is signed with the portal's certificate and is now read-only.")
                % {"number": decree},
                messages.SUCCESS,
            )
        return redirect("admin:forum_decree_change", decree.pk)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "can_sign_in_house": configured_signer() is not None}
        return super().change_view(request, object_id, form_url, extra_context)

    def revoke_view(self, request, object_id):
        decree = self._decree_or_404(request, object_id)
        if decree.status != Decree.Status.SIGNED or not super().has_change_permission(request):
            raise PermissionDenied
        form = RevokeForm(initial={"revoked_on": timezone.localdate()})
        if request.method == "POST":
            form = RevokeForm(request.POST)
            if form.is_valid():
                try:
                    revoke_decree(decree, user=request.user, **_only(form, "reason", "revoking_number", "revoked_on"))
                except DecreeError as error:
                    form.add_error(None, str(error))
                else:
                    self.log_change(request, decree, _("Revoked."))
                    self.message_user(
                        request, _("Decree %(number)s is revoked.") % {"number": decree}, messages.SUCCESS
                    )
                    return redirect("admin:forum_decree_change", decree.pk)
        return self._action_page(request, decree, form, _("Revoke the decree"), _("Revoke"))

    def _action_page(self, request, decree, form, title, submit_label):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": decree,
            "title": title,
            "subtitle": str(decree),
            "form": form,
            "submit_label": submit_label,
        }
        return TemplateResponse(request, "admin/forum/decree/action_form.html", context)


def _only(form, *names):
    return {name: form.cleaned_data[name] for name in names}
