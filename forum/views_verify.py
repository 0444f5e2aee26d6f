"""Public verification of decrees: anyone, signed in or not, may check a decree and a copy of it.

Only signed decrees exist for the public; a draft answers "not found" like an unknown
number. The page shows what the decree says of itself and the hash of the signed file,
never the file, its annex or who recorded it.
"""

import re

from django import forms
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from blkk_portal.uploads import MAX_UPLOAD_BYTES, check_upload, limit_upload_size, oversize_error, sha256_of

from .models import Decree
from .pades import SignatureReport, inspect_pdf

TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,40}")


class NumberForm(forms.Form):
    number = forms.CharField(
        label=_("Decree number"),
        max_length=80,
        help_text=_("As printed under the title, for example 2/3836/LP.03.02/XII/2022."),
    )

    def clean_number(self):
        # People copy numbers with stray spaces; decree numbers have none and are upper case.
        return "".join(self.cleaned_data["number"].split()).upper()


class CopyForm(forms.Form):
    copy = forms.FileField(
        label=_("Your copy (PDF)"),
        help_text=_("The file is compared with the signed original and is not kept. At most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def __init__(self, *args, oversize=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.oversize = oversize

    def clean_copy(self):
        copy = self.cleaned_data["copy"]
        check_upload(copy, allowed=("pdf",), max_bytes=MAX_UPLOAD_BYTES)
        return copy

    def clean(self):
        if self.oversize:
            self.errors.pop("copy", None)
            self.add_error("copy", oversize_error(MAX_UPLOAD_BYTES))
        return super().clean()


@login_not_required
@require_http_methods(["GET"])
def verify(request):
    """The number form; a known number leads on to the decree's verification page."""
    if "number" not in request.GET:
        return render(request, "forum/verify.html", {"form": NumberForm()})
    form = NumberForm(request.GET)
    if not form.is_valid():
        return render(request, "forum/verify.html", {"form": form}, status=400)
    decree = Decree.objects.public().filter(number=form.cleaned_data["number"]).only("token").first()
    if decree is None:
        return render(request, "forum/verify.html", {"form": form, "not_found": True}, status=404)
    return redirect("forum:verify-decree", decree.token)


@login_not_required
@csrf_exempt
@require_http_methods(["GET", "POST"])
def verify_decree(request, token):
    """What the QR code opens. The size limit goes in before the CSRF check reads the body."""
    if request.method == "POST":
        limit_upload_size(request, MAX_UPLOAD_BYTES)
    return _verify_decree(request, token)


@csrf_protect
def _verify_decree(request, token):
    # Tokens are URL-safe base64; anything else (a NUL byte upsets PostgreSQL) is simply unknown.
    if not TOKEN_SHAPE.fullmatch(token):
        return render(request, "forum/verify_not_found.html", status=404)
    decree = Decree.objects.public().select_related("forum", "centre", "superseded_by").filter(token=token).first()
    if decree is None:
        return render(request, "forum/verify_not_found.html", status=404)
    form, matches, copy_report = CopyForm(), None, None
    if request.method == "POST":
        form = CopyForm(request.POST, request.FILES, oversize=bool(request.oversize_upload_fields))
        if form.is_valid():
            copy = form.cleaned_data["copy"]
            matches = sha256_of(copy) == decree.signed_sha256
            copy_report = inspect_pdf(copy.read())
    context = {
        "decree": decree,
        "public_status": decree.public_status(),
        "stored_report": stored_report(decree),
        "form": form,
        "matches": matches,
        "copy_report": copy_report,
    }
    return render(request, "forum/verify_decree.html", context)


def stored_report(decree):
    """What was found in the signed PDF when it was recorded, as a SignatureReport; None if never checked."""
    if decree.e_signature == Decree.ESignature.UNCHECKED:
        return None
    if decree.e_signature == Decree.ESignature.NONE:
        return SignatureReport()
    # Recording refuses any signature that does not hold, so what is on record held then.
    return SignatureReport(
        signed=True,
        signer_name=decree.signer_name,
        signer_nip=decree.signer_nip,
        issuer=decree.signer_issuer,
        signing_time=decree.signing_time,
        valid_from=decree.signer_valid_from,
        valid_until=decree.signer_valid_until,
        valid_at_signing=True,
        trusted=True,
        modified_after_signing=False,
    )
