"""Login throttling (django-axes): who counts as the same client, and the lockout page."""

from django.conf import settings
from django.shortcuts import render


def client_ip(request):
    """The address a sign-in came from.

    Behind `TRUSTED_PROXY_COUNT` reverse proxies, REMOTE_ADDR is the nearest proxy; the
    client is the address the outermost trusted proxy put into X-Forwarded-For. Entries
    before it were written by the client and could be anything, so they are not read.
    """
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR")


def lockout_response(request, original_response=None, credentials=None):
    """The page shown instead of the login form while a username and address are locked out."""
    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    context = {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT}
    return render(request, "registration/lockout.html", context, status=429)
