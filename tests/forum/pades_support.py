"""Real signed PDFs for the decree tests: a CA of the tests' own, its signers, and PDFs they sign.

Keys are made once per test session (EC P-256, well under a second in all); each test that
needs the portal to trust the CA points DECREE_TRUST_ANCHORS at a copy in its tmp folder.
"""

import datetime
import io
from types import SimpleNamespace

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from forum import pki
from forum.demo.pdf import text_pdf
from forum.pades import load_signer, sign_pdf

NIP = "197203191998031001"
SIGNER_NAME = "Dr. Hendra Kusumawardana, S.T., M.Si."
# The text a signed decree shows; tampering replaces the first word.
DECREE_TEXT = ["KEPUTUSAN DIREKTUR JENDERAL", "NOMOR 2/3612/LP.03.02/XII/2021", "Menunjuk BBPVP Makassar."]


@pytest.fixture(scope="session")
def pki_world():
    """The tests' CA with a good signer, an expired one and an encryption-only one; and a stranger CA's signer."""
    ca = pki.make_ca("CA Uji Portal BLK-K")
    stranger_ca = pki.make_ca("CA Tak Dikenal", organisation="Entah Siapa")
    expired = pki.make_signer(
        ca,
        SIGNER_NAME,
        NIP,
        valid_from=datetime.datetime(2019, 1, 1, tzinfo=datetime.UTC),
        valid_until=datetime.datetime(2021, 1, 1, tzinfo=datetime.UTC),
    )
    issued = {
        "good": pki.make_signer(ca, SIGNER_NAME, NIP),
        "stranger": pki.make_signer(stranger_ca, SIGNER_NAME, NIP),
        "expired": expired,
        "encryption_only": pki.make_signer(ca, SIGNER_NAME, NIP, for_signing=False),
    }
    signers = {name: load_signer(item.pkcs12()) for name, item in issued.items()}
    plain = text_pdf(DECREE_TEXT)
    return SimpleNamespace(ca=ca, issued=issued, signers=signers, plain=plain, signed=sign_pdf(plain, signers["good"]))


@pytest.fixture
def trusted_ca(pki_world, settings, tmp_path):
    """The portal trusts the tests' CA, and only it (no demo CA)."""
    path = tmp_path / "ca.pem"
    path.write_bytes(pki_world.ca.pem())
    settings.DECREE_TRUST_ANCHORS = [str(path)]
    settings.DECREE_DEMO_CA = False
    settings.DECREE_SIGNING_PKCS12 = ""
    return path


def signed_by(pki_world, who):
    return sign_pdf(pki_world.plain, pki_world.signers[who])


def tampered_after_signing(signed):
    """The signed file with a word of its text changed in place, as an edited copy would be."""
    at = signed.index(b"KEPUTUSAN")
    return signed[:at] + b"KEPUTUSAM" + signed[at + len(b"KEPUTUSAN") :]


def with_text_added(signed):
    """The signed file with an incremental update drawing more text on its first page."""
    writer = IncrementalPdfFileWriter(io.BytesIO(signed), strict=False)
    stream = generic.StreamObject(stream_data=b"BT /F1 12 Tf 56 100 Td (DICABUT) Tj ET")
    writer.add_stream_to_page(0, writer.add_object(stream))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
