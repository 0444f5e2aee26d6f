"""A friendly 503 when the database cannot be reached, instead of a bare 500.

Two paths lead here. An error raised by a view, or by `ATOMIC_REQUESTS` opening the
request's transaction, reaches `DatabaseUnavailableMiddleware.process_exception`. An
error raised inside another middleware (the session lookup behind `request.user` in
`LoginRequiredMiddleware`, a session saved on the way out) never reaches a
`process_exception`: Django turns it into a response with the 500 handler, so
`server_error` (installed as `handler500`) looks at the exception being handled and
answers 503 too when it is a database outage.

Neither page may touch the database: they are rendered without the request, so no
context processor runs (the navbar's user and roles would query the session and user
tables that are out of reach), and they do not extend `base.html`.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# How long clients and load balancers are asked to wait before trying again.
RETRY_AFTER_SECONDS = 30
OUTAGES = (OperationalError, InterfaceError)


def database_unavailable(request):
    """The 503 page, rendered without the request so that nothing queries the database."""
    response = _render("503.html", status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # A cached error would outlive the outage.
    response["Cache-Control"] = "no-store"
    return response


def _render(template_name, *, status):
    try:
        body = loader.get_template(template_name).render({"retry_after": RETRY_AFTER_SECONDS})
    except Exception:
        # A broken template or static manifest must not turn the error page into another error.
        logger.exception("Could not render %s", template_name)
        body = _("The portal is temporarily unavailable. Please try again in a few minutes.")
        return HttpResponse(body, status=status, content_type="text/plain; charset=utf-8")
    return HttpResponse(body, status=status)


class DatabaseUnavailableMiddleware:
    """Answer 503 with a friendly page when a view cannot reach the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OUTAGES):
            return None
        logger.error("Database unavailable while serving %s", request.path, exc_info=exception)
        return database_unavailable(request)


def server_error(request):
    """handler500: 503 for a database outage raised outside a view, the plain 500 page otherwise."""
    if isinstance(sys.exc_info()[1], OUTAGES):
        return database_unavailable(request)
    return _render("500.html", status=500)
