"""Checks for uploaded files, made on their content rather than on the name or type claimed.

`check_upload` is generic on purpose: signed decrees accept PDF only, evidence files
elsewhere may accept JPEG and PNG too. `limit_upload_size` stops an oversize upload while
it streams in, so a public form never spools gigabytes to disk before saying no.
"""

import hashlib

from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024

# How each accepted kind of file starts; the claimed name and content type can lie.
MAGIC_BYTES = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpeg": (b"\xff\xd8\xff",),
}
KIND_NAMES = {"pdf": "PDF", "png": "PNG", "jpeg": "JPEG"}


def sniff_kind(head):
    """The kind of file whose magic bytes start `head`, or None."""
    for kind, signatures in MAGIC_BYTES.items():
        if head.startswith(signatures):
            return kind
    return None


def read_head(file, length=16):
    """The first bytes of a file, leaving its position at the start."""
    file.seek(0)
    head = file.read(length)
    file.seek(0)
    return head


def check_upload(file, allowed=("pdf",), max_bytes=MAX_UPLOAD_BYTES):
    """Refuse a file that is empty, larger than `max_bytes`, or not one of `allowed` by content.

    Returns the detected kind. Raises ValidationError with a message a person can act on.
    """
    unknown = set(allowed) - MAGIC_BYTES.keys()
    if unknown:
        raise ValueError(f"No magic bytes known for {sorted(unknown)}")
    if file is None or not file.size:
        raise ValidationError(_("The file is empty. Choose the file again."), code="empty")
    if file.size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s; files may be at most %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(max_bytes)},
        )
    kind = sniff_kind(read_head(file))
    if kind not in allowed:
        raise ValidationError(
            _("This file is not a %(kinds)s file, whatever its name says. Upload the %(kinds)s file itself."),
            code="wrong_type",
            params={"kinds": " / ".join(KIND_NAMES[k] for k in allowed)},
        )
    return kind


def sha256_of(file):
    """The hex SHA-256 of a Django File, read in chunks so a large file never sits in memory at once."""
    digest = hashlib.sha256()
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


class SizeLimitedUploadHandler(FileUploadHandler):
    """Drops any uploaded file that grows past `max_bytes` and notes its field name.

    It passes chunks on to the ordinary handlers until the limit, so the ones after it
    never write more than the limit to memory or disk.
    """

    def __init__(self, request=None, max_bytes=MAX_UPLOAD_BYTES):
        super().__init__(request)
        self.max_bytes = max_bytes

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.max_bytes:
            self.request.oversize_upload_fields.add(self.field_name)
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None


def limit_upload_size(request, max_bytes=MAX_UPLOAD_BYTES):
    """Install the size limit; call it before anything reads request.POST or request.FILES.

    The CSRF check reads the body, so a view using this is `csrf_exempt` on the outside
    and calls a `csrf_protect`-ed inner view after installing the limit.
    """
    request.oversize_upload_fields = set()
    request.upload_handlers.insert(0, SizeLimitedUploadHandler(request, max_bytes))


def oversize_error(max_bytes=MAX_UPLOAD_BYTES):
    return ValidationError(
        _("The file is larger than %(limit)s, the most allowed."),
        code="too_large",
        params={"limit": filesizeformat(max_bytes)},
    )
