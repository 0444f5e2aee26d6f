"""The portal's own middleware: compression for text only, and the gate of two-step sign-in.

The gate of two-step sign-in:

A signed-in person who still owes the second step (a code from their app, or setting up
an app when `REQUIRE_2FA` makes it compulsory for them) is sent to that page before any
other. Public pages, the sign-in and sign-out pages and the two-step pages themselves stay
open. What is owed was decided at sign-in and sits in the session, so this reads no table.
"""

from urllib.parse import urlencode

from django.http import HttpResponse
from django.middleware.gzip import GZipMiddleware
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control

from accounts.two_factor import ENROL, VERIFY, pending_step

STEP_PAGES = {VERIFY: "accounts:two-factor-verify", ENROL: "accounts:two-factor-setup"}
# What compression shrinks: pages, JSON, CSV, scripts, SVG. PDFs, photos and spreadsheets
# are compressed already; gzipping them again costs the server's CPU for nothing.
TEXT_TYPES = ("text/", "application/json", "application/javascript", "application/xml", "image/svg+xml")


class TextGZipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware (with its BREACH padding), for text answers only."""

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "")
        if not content_type.startswith(TEXT_TYPES) and "+json" not in content_type:
            return response
        return super().process_response(request, response)


class Require2FAMiddleware:
    """Place after AuthenticationMiddleware, OTPMiddleware and LoginRequiredMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Look at the view first: public pages must not pay for loading the user.
        if getattr(view_func, "two_factor_exempt", False) or not getattr(view_func, "login_required", True):
            return None
        if not request.user.is_authenticated:
            return None
        step = pending_step(request)
        if step not in STEP_PAGES:
            return None
        target = f"{reverse(STEP_PAGES[step])}?{urlencode({'next': request.get_full_path()})}"
        if getattr(request, "htmx", False):
            # A swapped-in fragment cannot show a whole page; let htmx load it as one.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return redirect(target)


def same_for_everyone(view):
    """Mark a view whose answer holds nothing of the person asking (public reference data).

    `PrivatePagesMiddleware` then leaves the view's own caching alone for signed-in people
    too, and does not load their session to decide. Only for answers that never show a
    name, a number from someone's scope or a form: a page with the navigation bar is private.
    """
    view.same_for_everyone = True
    return view


class PrivatePagesMiddleware:
    """Tell browsers and proxies to keep no copy of any page served to a signed-in person.

    Portals are used on shared computers (internet cafés, a pesantren's office PC): after
    signing out, Back or the browser's cache must not show the previous person's pages.
    The one exception is a view marked `same_for_everyone` (the map's shapes), whose
    answer keeps its own caching. Place after AuthenticationMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        view = getattr(getattr(request, "resolver_match", None), "func", None)
        if getattr(view, "same_for_everyone", False):
            return response
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
