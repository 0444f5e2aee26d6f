"""One shape for every error the API answers: {"error": {"code", "message", "details"}}.

`code` is stable and meant for programs (`not_found`, `permission_denied`, `invalid`,
`conflict`, ...); `message` is for people, in the request's language; `details` holds
per-field messages, or what a conflict found, or null.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from roadmap.services import RoadmapError


class Conflict(exceptions.APIException):
    """Someone changed the record since the client read it; `details` shows what is there now."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"

    def __init__(self, message, details):
        super().__init__(message)
        self.details = details


class Refused(exceptions.APIException):
    """A workflow of the portal refused the request (the service's own message)."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "refused"


def error_body(code, message, details=None):
    return {"error": {"code": code, "message": str(message), "details": details}}


def handle_exception(exc, context):
    if isinstance(exc, RoadmapError):
        exc = Refused(str(exc))
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Not found, or not in your sight."))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = exception_handler(exc, context)
    if response is None:
        return None  # not an API error: Django's own 500 handling, which logs it
    response.data = error_body(_code_of(exc), _message_of(exc), _details_of(exc))
    return response


def _code_of(exc):
    codes = exc.get_codes() if hasattr(exc, "get_codes") else None
    if isinstance(codes, str):
        return codes
    return getattr(exc, "default_code", "error")


def _message_of(exc):
    if isinstance(exc, exceptions.ValidationError):
        return _("The request has errors; see the details.")
    detail = exc.detail
    return detail if isinstance(detail, str) else _("The request was refused.")


def _details_of(exc):
    if isinstance(exc, Conflict):
        return exc.details
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        return {"non_field_errors": detail} if isinstance(detail, list) else detail
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        return {"retry_after_seconds": int(exc.wait)}
    return None


def not_found_response():
    return Response(error_body("not_found", _("Not found, or not in your sight.")), status=404)
