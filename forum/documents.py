"""The decree as a document: a PDF laid out like a Keputusan, with a QR code to verify it.

A decree is a legal text in Indonesian, so it is rendered in Indonesian whatever language
the admin's screen is in; its fixed words live in the template, not in the translations.
"""

import base64

import qrcode
import qrcode.image.svg
from django.template.loader import render_to_string
from django.utils import translation

UNITS = ["", "SATU", "DUA", "TIGA", "EMPAT", "LIMA", "ENAM", "TUJUH", "DELAPAN", "SEMBILAN"]


def number_in_words(n):
    """1..99 in Indonesian words, upper case: 12 → DUA BELAS, 21 → DUA PULUH SATU."""
    if not 0 < n < 100:
        raise ValueError(f"{n} is outside 1..99")
    if n < 10:
        return UNITS[n]
    if n == 10:
        return "SEPULUH"
    if n == 11:
        return "SEBELAS"
    if n < 20:
        return f"{UNITS[n - 10]} BELAS"
    tens, units = divmod(n, 10)
    tens_word = "SEPULUH" if tens == 1 else f"{UNITS[tens]} PULUH"
    return f"{tens_word} {UNITS[units]}".strip()


def clause_ordinal(n):
    """The name of the n-th clause of a decree: KESATU, KEDUA, ..., KESEBELAS, KEDUA BELAS."""
    return "KE" + number_in_words(n)


def lines_of(text):
    return [line.strip() for line in text.splitlines() if line.strip()]


def qr_data_uri(url):
    """The URL as a QR code in an SVG data URI; vector, so it prints sharp at any size."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, border=1)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode("ascii")


def decree_context(decree):
    url = decree.verification_url()
    letters = "abcdefghijklmnopqrstuvwxyz"
    considerations = lines_of(decree.considerations)
    return {
        "decree": decree,
        "subject_upper": decree.subject.upper(),
        "considerations": [(letters[i % 26], text) for i, text in enumerate(considerations)],
        "legal_bases": lines_of(decree.legal_bases),
        "clauses": [(clause_ordinal(i), text) for i, text in enumerate(lines_of(decree.clauses), start=1)],
        "annex": list(decree.annex_blkks.select_related("regency__province").order_by("regency_id", "name")),
        "verification_url": url,
        "qr_code": qr_data_uri(url),
    }


def render_decree_html(decree):
    with translation.override("id"):
        return render_to_string("forum/decree_document.html", decree_context(decree))


def render_decree_pdf(decree):
    """The decree's document as PDF bytes."""
    from weasyprint import HTML  # Loading pango takes a moment; only pay it when a PDF is made.

    return HTML(string=render_decree_html(decree)).write_pdf()
