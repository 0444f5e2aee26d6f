"""What every API view shares: ETags on reads, parameter checks that answer 400 instead of a 500."""

import hashlib
import json
import re

from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags, quote_etag
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.utils.encoders import JSONEncoder

# The largest id a database can be asked about: SQLite cannot bind more (a 500).
LARGEST_ID = 2**63 - 1


class ETagMixin:
    """A strong ETag on every successful read; `If-None-Match` with it answers 304 without a body.

    The tag is the SHA-256 of the JSON answer and the language it is written in, so it
    changes exactly when the answer does. It saves the bandwidth, not the queries.
    """

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ("Accept-Language", "Authorization", "Cookie"))
        data = getattr(response, "data", None)  # None for files, which are streamed
        if request.method not in ("GET", "HEAD") or response.status_code != 200 or data is None:
            return response
        encoded = json.dumps(data, cls=JSONEncoder, sort_keys=True, ensure_ascii=False)
        etag = quote_etag(hashlib.sha256(f"{get_language()}\n{encoded}".encode()).hexdigest())
        response["ETag"] = etag
        # Compression (GZipMiddleware) sends the tag back weakened as W/"…", and a client
        # repeats it that way: the body is the same JSON, so a weak match counts too.
        if etag in {tag.removeprefix("W/") for tag in parse_etags(request.headers.get("If-None-Match", ""))}:
            response.status_code = 304
            response.data = None
        return response


class ReadOnlyViewSet(ETagMixin, viewsets.ReadOnlyModelViewSet):
    # Ids in paths are digits: anything else never reaches a query (a 404 from the resolver).
    lookup_value_regex = r"[0-9]{1,18}"


def id_param(request, name):
    """A query parameter that names a row by id: None when absent, 400 when it is not an id."""
    raw = request.query_params.get(name, "")
    if raw == "":
        return None
    # Length first: int() of thousands of digits is slow, and leading zeros must not hide a huge number.
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 19 and 0 < int(raw) <= LARGEST_ID):
        raise ValidationError({name: [_("Give the id as a whole number, e.g. 12.")]})
    return int(raw)


def choice_param(request, name, choices):
    """A query parameter with a fixed set of values: None when absent, 400 when unknown."""
    raw = request.query_params.get(name, "")
    if raw == "":
        return None
    if raw not in choices:
        raise ValidationError({name: [_("Unknown value; use one of: %(values)s.") % {"values": ", ".join(choices)}]})
    return raw


def code_param(request, name, pattern):
    """A query parameter holding a code of a known shape (a regex): None when absent, 400 when misshapen."""
    raw = request.query_params.get(name, "")
    if raw == "":
        return None
    if not re.fullmatch(pattern, raw, flags=re.ASCII):
        raise ValidationError({name: [_("“%(value)s” is not a code of the expected shape.") % {"value": raw[:20]}]})
    return raw


def form_errors(form):
    """A Django form's errors as {field: [message, ...]}, for the error body's details."""
    return {name: [str(message) for message in messages] for name, messages in form.errors.items()}
