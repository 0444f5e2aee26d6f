"""Views that fail on purpose, for the error-page tests (ROOT_URLCONF override)."""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import InterfaceError, OperationalError
from django.http import Http404
from django.urls import include, path

handler500 = "blkk_portal.faults.server_error"


def failing(exception):
    @login_not_required
    def view(request):
        raise exception

    return view


urlpatterns = [
    path("operational/", failing(OperationalError("server closed the connection unexpectedly"))),
    path("interface/", failing(InterfaceError("connection already closed"))),
    path("bug/", failing(ZeroDivisionError("division by zero"))),
    path("missing/", failing(Http404("No Implementation matches the given query."))),
    path("forbidden/", failing(PermissionDenied("Only the managers of this BLK-K report on its programmes."))),
    # The pages link to the portal's own URLs (home, directory, sign-out).
    path("", include("blkk_portal.urls")),
]
