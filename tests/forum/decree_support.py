"""What the decree tests share: small files to upload, and decrees taken through the workflow."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from forum.services import sign_decree
from tests.factories import DecreeFactory, ForumFactory

# Enough of a PDF for the portal, which checks the magic bytes and hashes the rest.
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def upload(content=PDF_BYTES, name="signed.pdf", content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def tampered(content=PDF_BYTES):
    """The same file with one byte changed, as an edited copy would be."""
    return content[:-2] + bytes([content[-2] ^ 0x01]) + content[-1:]


def signed_decree(user, *, signed_on=None, content=PDF_BYTES, **fields):
    """A draft made by the factory and signed through `sign_decree`."""
    draft = DecreeFactory(**fields)
    return sign_decree(
        draft, upload(content), user=user, signed_on=signed_on or datetime.date(2021, 12, 20), accept_unsigned=True
    )


@pytest.fixture
def temp_media(settings, tmp_path):
    """Signed files go to a temporary folder, never into the working tree."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def english():
    """Messages are matched in English, the source language, whatever locale/id says later."""
    with translation.override("en"):
        yield


def travel_to(time_machine, day):
    """Stop the clock at nine in the morning of `day`."""
    time_machine.move_to(datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC), tick=False)


@pytest.fixture
def forum(db):
    """The Sulawesi Selatan forum."""
    return ForumFactory()


@pytest.fixture(name="client")
def english_client():
    """Replaces pytest-django's `client` where imported: a visitor reading English, the source language."""
    return Client(headers={"accept-language": "en"})
