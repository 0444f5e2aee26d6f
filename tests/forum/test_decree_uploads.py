"""Uploads are judged by their content: the magic bytes and the size, never the name or claimed type."""

import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import File

from blkk_portal.uploads import check_upload, sha256_of, sniff_kind

from .decree_support import JPEG_BYTES, PDF_BYTES, PNG_BYTES, english, upload

pytestmark = pytest.mark.usefixtures("english")
assert english  # imported for pytest to find the fixture


def test_a_pdf_passes_and_is_named_by_its_kind():
    assert check_upload(upload()) == "pdf"


def test_a_png_named_pdf_and_claiming_to_be_a_pdf_is_refused():
    liar = upload(PNG_BYTES, name="keputusan.pdf", content_type="application/pdf")

    with pytest.raises(ValidationError, match="not a PDF file") as caught:
        check_upload(liar)

    assert caught.value.code == "wrong_type"


def test_a_text_file_is_refused_as_not_a_pdf():
    with pytest.raises(ValidationError, match="not a PDF"):
        check_upload(upload(b"Keputusan Direktur Jenderal", name="sk.pdf"))


def test_a_file_over_the_limit_is_refused_with_both_sizes_in_the_message():
    big = upload(PDF_BYTES + b"0" * 2048)

    with pytest.raises(ValidationError) as caught:
        check_upload(big, max_bytes=1024)

    assert caught.value.code == "too_large"
    assert "1.0" in caught.value.messages[0] or "1,0" in caught.value.messages[0]


def test_the_default_limit_is_ten_megabytes():
    exactly = upload(PDF_BYTES + b"0" * (10 * 1024 * 1024 - len(PDF_BYTES)))
    over = upload(PDF_BYTES + b"0" * (10 * 1024 * 1024 - len(PDF_BYTES) + 1))

    assert check_upload(exactly) == "pdf"
    with pytest.raises(ValidationError, match="at most"):
        check_upload(over)


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError, match="empty"):
        check_upload(upload(b""))


def test_images_pass_where_images_are_allowed_and_the_message_names_every_kind():
    assert check_upload(upload(JPEG_BYTES, name="a.jpg"), allowed=("jpeg", "png", "pdf")) == "jpeg"
    assert check_upload(upload(PNG_BYTES, name="a.png"), allowed=("jpeg", "png", "pdf")) == "png"
    with pytest.raises(ValidationError, match="JPEG / PNG"):
        check_upload(upload(b"GIF89a...."), allowed=("jpeg", "png"))


def test_asking_for_an_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError, match="gif"):
        check_upload(upload(), allowed=("gif",))


def test_checking_leaves_the_file_at_its_start_so_it_can_be_saved_whole():
    pdf = upload()
    check_upload(pdf)

    assert pdf.read() == PDF_BYTES


def test_the_hash_is_read_in_chunks_and_equals_the_hash_of_the_bytes():
    content = PDF_BYTES * 50_000
    assert sha256_of(File(io.BytesIO(content))) == hashlib.sha256(content).hexdigest()


def test_sniffing_knows_nothing_of_other_files():
    assert sniff_kind(b"PK\x03\x04") is None
