"""Two-step sign-in pages: set up an authenticator app, enter a code, manage backup codes.

The set-up and code pages must stay reachable while a session still owes its second step,
so they carry `two_factor_exempt`; the gate in `blkk_portal.middleware` lets them through.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import services, two_factor
from .forms import CodeForm, SetupCodeForm


def two_factor_exempt(view):
    """Let a signed-in person reach this view before their second step is done."""
    view.two_factor_exempt = True
    return view


def _next_url(request):
    # A URL, never a view name: give it to HttpResponseRedirect, not redirect(), which would
    # try to reverse a bare word such as "0" and fail with a 500.
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@never_cache
@require_GET
def two_factor_overview(request):
    """Whether two-step sign-in is on, how many backup codes are left, and what can be done."""
    user = request.user
    context = {
        "device": two_factor.totp_device_of(user),
        "codes_left": two_factor.backup_codes_left(user),
        "required": two_factor.must_use_two_factor(user),
    }
    return render(request, "accounts/two_factor.html", context)


@two_factor_exempt
@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    """Show a new secret as a QR code; the first right code from the app turns two-step sign-in on."""
    user = request.user
    if two_factor.totp_device_of(user) is not None:
        messages.info(request, _("Two-step sign-in is already on for your account."))
        return redirect("accounts:two-factor")
    device = two_factor.unconfirmed_totp_device(user)
    form = SetupCodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        two_factor.mark_verified(request, form.device)
        codes = services.replace_backup_codes(user)
        messages.success(request, _("Two-step sign-in is on. From now on you sign in with a code from your app."))
        return _render_codes(request, codes)
    context = {
        "form": form,
        "qr_uri": two_factor.qr_data_uri(device),
        "secret": two_factor.secret_for_people(device),
        "required": two_factor.must_use_two_factor(user),
        "next": _next_url(request),
    }
    return render(request, "accounts/two_factor_setup.html", context)


@two_factor_exempt
@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def two_factor_verify(request):
    """The second step of signing in: a code from the app or a backup code."""
    user = request.user
    if two_factor.pending_step(request) != two_factor.VERIFY:
        return HttpResponseRedirect(_next_url(request))
    form = CodeForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        two_factor.mark_verified(request, form.device)
        return HttpResponseRedirect(_next_url(request))
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": _next_url(request)})


@never_cache
@require_POST
def two_factor_backup_codes(request):
    """Replace the backup codes; the old ones stop working at once."""
    if two_factor.totp_device_of(request.user) is None:
        messages.warning(request, _("Turn on two-step sign-in first; backup codes come with it."))
        return redirect("accounts:two-factor")
    if not request.user.is_verified():
        return _ask_for_code(request)
    codes = services.replace_backup_codes(request.user)
    messages.success(request, _("New backup codes made. The old ones no longer work."))
    return _render_codes(request, codes)


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def two_factor_disable(request):
    """Turn two-step sign-in off after one more code; not allowed for those who must use it."""
    user = request.user
    if two_factor.must_use_two_factor(user):
        raise PermissionDenied(_("Administrators and ministry staff must keep two-step sign-in on."))
    if two_factor.totp_device_of(user) is None:
        return redirect("accounts:two-factor")
    form = CodeForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        services.turn_off_two_factor(user)
        messages.success(request, _("Two-step sign-in is off. You sign in with your password alone."))
        return redirect("accounts:two-factor")
    return render(request, "accounts/two_factor_disable.html", {"form": form})


def _ask_for_code(request):
    """A session opened before the app was added proves it before changing the codes."""
    two_factor.demand_verification(request)
    return redirect(f"{resolve_url('accounts:two-factor-verify')}?next={resolve_url('accounts:two-factor')}")


def _render_codes(request, codes):
    # Shown once: the views are never_cache, so no browser or proxy keeps a copy.
    return render(request, "accounts/two_factor_codes.html", {"codes": codes})
