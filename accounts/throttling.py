"""Login throttling (django-axes): who counts as the same client, the two limits, and the lockout page.

Two limits hold at once. Per person: AXES_FAILURE_LIMIT wrong passwords for one username
from one address lock that pair for AXES_COOLOFF_TIME. Per address: SIGN_IN_ADDRESS_LIMIT
wrong passwords from one address, whatever the usernames, lock the address for as long,
so that one machine cannot try a common password on many accounts (password spraying).
The address limit is higher because many people share one address (a pesantren's
network, an internet café).
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render
from django.utils import timezone


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


def address_failures(request):
    """Wrong passwords from the request's address within the cool-off time, over every username."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    attempts = AccessAttempt.objects.filter(ip_address=client_ip(request), attempt_time__gte=since)
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class ThrottlingHandler(AxesDatabaseHandler):
    """django-axes' database handler with the per-address limit added to its per-person one."""

    def is_locked(self, request, credentials=None):
        """Asked before a sign-in is checked: refuse while either limit is reached."""
        if super().is_locked(request, credentials):
            return True
        return self._address_locked(request)

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        """After a wrong password is counted: show the lockout page once the address reaches its limit."""
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is not None and not getattr(request, "axes_locked_out", False) and self._address_locked(request):
            request.axes_locked_out = True

    @staticmethod
    def _address_locked(request):
        if address_failures(request) >= settings.SIGN_IN_ADDRESS_LIMIT:
            request.address_locked_out = True
            return True
        return False


def lockout_response(request, original_response=None, credentials=None):
    """The page shown instead of the login form while a username and address, or an address, are locked out."""
    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    context = {
        "minutes": minutes,
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "address_limit": settings.SIGN_IN_ADDRESS_LIMIT,
        "address_locked": getattr(request, "address_locked_out", False),
    }
    return render(request, "registration/lockout.html", context, status=429)
