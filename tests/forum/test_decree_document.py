"""The decree's PDF: a valid file laid out as a Keputusan, carrying its number and the QR's address."""

import datetime
import io

import pytest
from django.test import override_settings
from django.utils import translation
from pypdf import PdfReader

from forum.documents import clause_ordinal, number_in_words, render_decree_html, render_decree_pdf
from tests.factories import BlkkFactory, DecreeFactory, ForumFactory, regency


@pytest.fixture
def decree(db):
    decree = DecreeFactory(
        forum=ForumFactory(),
        number="2/3836/LP.03.02/XII/2021",
        subject="Penunjukan Pembina Forum Koordinasi BLK Komunitas Provinsi Sulawesi Selatan",
        considerations="bahwa pertama\nbahwa kedua\n\n",
        legal_bases="Undang-Undang Nomor 13 Tahun 2003\nPeraturan Pemerintah Nomor 31 Tahun 2006",
        clauses="Menunjuk BBPVP Makassar.\nMenugaskan pendampingan.\nBerlaku sejak ditetapkan.",
        decree_date=datetime.date(2021, 12, 20),
    )
    decree.annex_blkks.set(
        [
            BlkkFactory(name="BLK-K PP Ittihadiyah Tanre Assona", regency=regency("73.15")),
            BlkkFactory(name="BLK-K PP Al Mubarak DDI Tobarakka", regency=regency("73.13")),
        ]
    )
    return decree


def pdf_text(pdf):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@override_settings(SITE_URL="https://portal-blkk.example.go.id/")
def test_the_pdf_is_a_valid_pdf_with_the_number_and_the_verification_address(decree):
    pdf = render_decree_pdf(decree)

    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf)
    assert "NOMOR 2/3836/LP.03.02/XII/2021" in text
    assert f"https://portal-blkk.example.go.id/verify/{decree.token}/" in text


def test_the_document_has_the_parts_of_a_keputusan_in_order(decree):
    text = pdf_text(render_decree_pdf(decree))

    parts = [
        "KEMENTERIAN KETENAGAKERJAAN REPUBLIK INDONESIA",
        "TENTANG",
        "DENGAN RAHMAT TUHAN YANG MAHA ESA",
        "Menimbang",
        "Mengingat",
        "MEMUTUSKAN:",
        "Menetapkan",
        "KESATU",
        "KEDUA",
        "KETIGA",
        "Ditetapkan di Jakarta",
        "pada tanggal 20 Desember 2021",
        "NIP 196601011990031001",
        "LAMPIRAN",
        "DAFTAR BLK KOMUNITAS YANG DIDAMPINGI OLEH BBPVP MAKASSAR",
        "Wajo",  # the annex is ordered by regency code: 73.13 Wajo before 73.15 Pinrang
        "Pinrang",
    ]
    positions = [text.find(part) for part in parts]
    assert -1 not in positions, [p for p, at in zip(parts, positions, strict=True) if at < 0]
    assert positions == sorted(positions)


def test_the_document_is_indonesian_whatever_the_admins_language(decree):
    with translation.override("en"):
        html = render_decree_html(decree)

    assert "20 Desember 2021" in html
    assert 'lang="id"' in html
    assert "b.</td>" in html  # the second consideration; blank lines are dropped
    assert "c.</td>" not in html


def test_a_decree_without_annex_has_no_lampiran(db):
    decree = DecreeFactory(forum=ForumFactory())

    assert "LAMPIRAN" not in render_decree_html(decree)


def test_the_qr_code_is_an_inline_svg_image(decree):
    assert 'src="data:image/svg+xml;base64,' in render_decree_html(decree)


@pytest.mark.parametrize(
    ("n", "name"),
    [(1, "KESATU"), (2, "KEDUA"), (10, "KESEPULUH"), (11, "KESEBELAS"), (12, "KEDUA BELAS"), (21, "KEDUA PULUH SATU")],
)
def test_clauses_are_named_with_indonesian_ordinals(n, name):
    assert clause_ordinal(n) == name


def test_numbers_outside_one_to_ninety_nine_have_no_words():
    with pytest.raises(ValueError):
        number_in_words(100)
