"""Electronic signatures in decree PDFs (PAdES), read and made with pyHanko.

`inspect_pdf` answers what a verifier needs to know of a PDF: who signed it (name and NIP
from the certificate), which CA issued that certificate, when it was signed, whether the
certificate was valid then and chains to a trust anchor of `DECREE_TRUST_ANCHORS`, and
whether the file changed after signing. `sign_pdf` signs a PDF with the in-house
certificate of `DECREE_SIGNING_PKCS12`.

Without a time-stamp authority the signing time is the one the signer's software wrote
into the signature; the certificate is checked as of that time, so a decree stays valid
after its signer's certificate expires, as a paper signature does.
"""

import asyncio
import functools
import io
import logging
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from pyhanko.keys import load_certs_from_pemder_data
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko_certvalidator import ValidationContext

log = logging.getLogger(__name__)

# Indonesian e-signature certificates carry the NIP (18 digits) in the subject's serialNumber.
NIP = re.compile(r"\d{18}")
# A signature may be followed by validation data (LTA) or, for all but the last, by the next signer's field.
HARMLESS_AFTER_LAST = {ModificationLevel.NONE, ModificationLevel.LTA_UPDATES}
HARMLESS_BEFORE_ANOTHER = HARMLESS_AFTER_LAST | {ModificationLevel.FORM_FILLING}
SIGNING_KEY_USAGE = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False)


@dataclass
class SignatureReport:
    """What a PDF's electronic signature says, and the first reason it fails, if any."""

    signed: bool = False
    problem: str = ""
    signer_name: str = ""
    signer_nip: str = ""
    issuer: str = ""
    signing_time: object = None
    valid_from: object = None
    valid_until: object = None
    valid_at_signing: bool | None = None
    trusted: bool = False
    modified_after_signing: bool | None = None
    signature_count: int = 0
    notes: list = field(default_factory=list)

    @property
    def ok(self):
        """A signature that holds: intact, trusted, valid at signing, nothing changed since."""
        return self.signed and not self.problem


def demo_ca_dir():
    """Where `load_demo` keeps the demo CA and its signers' keys."""
    return Path(settings.DECREE_DEMO_CA_DIR or Path(settings.MEDIA_ROOT) / "demo-ca")


def trust_anchors():
    """The CA certificates of DECREE_TRUST_ANCHORS (and the demo CA's, while on); unreadable files are skipped."""
    anchors = []
    paths = [Path(name) for name in settings.DECREE_TRUST_ANCHORS]
    if settings.DECREE_DEMO_CA and (demo_ca_dir() / "ca.pem").exists():
        paths.append(demo_ca_dir() / "ca.pem")
    for path in paths:
        try:
            anchors.extend(load_certs_from_pemder_data(path.read_bytes()))
        except (OSError, ValueError) as error:
            log.warning("Decree trust anchor %s not loaded: %s", path, error)
    return anchors


def outside_event_loop(function):
    """Run `function` where pyHanko may start its own event loop (it calls asyncio.run).

    Django's sync views run without one, but a caller inside a running loop (an async
    test harness, a browser driver) would make asyncio.run fail; such a caller gets a thread.
    """

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return function(*args, **kwargs)
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(function, *args, **kwargs).result()

    return wrapper


@outside_event_loop
def inspect_pdf(data, anchors=None):
    """A SignatureReport for the PDF bytes `data`, checked against `anchors` (default: the setting)."""
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_regular_signatures
    except Exception as error:  # noqa: BLE001  hostile files break parsers in every way; all mean "unreadable".
        if b"/ByteRange" in data:
            # It claims a signature that cannot be read: that is a failed signature, never "unsigned".
            problem = _("The file has an electronic signature that cannot be read (%(error)s).") % {"error": error}
            return SignatureReport(signed=True, problem=problem)
        return SignatureReport(notes=[_("The file could not be read as a PDF (%(error)s).") % {"error": error}])
    if not signatures:
        return SignatureReport()
    anchors = trust_anchors() if anchors is None else anchors
    reports = [_inspect_one(sig, anchors, is_last=i == len(signatures) - 1) for i, sig in enumerate(signatures)]
    first = reports[0]
    first.signature_count = len(reports)
    # The decree's signature is the first; a later one that fails makes the whole file fail.
    first.problem = next((report.problem for report in reports if report.problem), "")
    return first


def _inspect_one(embedded, anchors, *, is_last):
    report = SignatureReport(signed=True)
    try:
        certificate = embedded.signer_cert
        _describe_certificate(report, certificate)
        report.signing_time = embedded.self_reported_timestamp
    except Exception as error:  # noqa: BLE001  a malformed signature dictionary or CMS blob
        report.problem = _("The signature carries no readable signer certificate (%(error)s).") % {"error": error}
        return report
    if report.signing_time is None:
        report.problem = _("The signature does not say when it was made.")
        return report
    report.valid_at_signing = report.valid_from <= report.signing_time <= report.valid_until
    context = ValidationContext(trust_roots=anchors, moment=report.signing_time, allow_fetching=False)
    try:
        status = validate_pdf_signature(embedded, context, key_usage_settings=SIGNING_KEY_USAGE)
    except Exception as error:  # pyHanko raises many kinds on malformed signatures; all mean "not valid".
        log.info("PDF signature validation failed: %r", error)
        report.problem = _("The signature could not be checked: %(error)s") % {"error": error}
        return report
    report.trusted = status.trusted
    level = status.modification_level
    harmless = HARMLESS_AFTER_LAST if is_last else HARMLESS_BEFORE_ANOTHER
    report.modified_after_signing = level not in harmless
    report.problem = _first_problem(report, status, certificate)
    return report


def _describe_certificate(report, certificate):
    subject = certificate.subject.native
    report.signer_name = str(subject.get("common_name", "") or certificate.subject.human_friendly)
    nip = NIP.search(str(subject.get("serial_number", "")))
    report.signer_nip = nip.group(0) if nip else ""
    report.issuer = certificate.issuer.human_friendly
    report.valid_from = certificate["tbs_certificate"]["validity"]["not_before"].native
    report.valid_until = certificate["tbs_certificate"]["validity"]["not_after"].native


def _first_problem(report, status, certificate):
    """The reason a person should hear first, most basic first; '' when the signature holds."""
    if not status.intact:
        return _("The file was changed after signing: its signed content no longer matches the signature.")
    if not status.valid:
        return _("The signature value is broken: it was not made with the key of the certificate it names.")
    if not report.valid_at_signing:
        return _(
            "The signer's certificate was not valid when the file was signed: it is valid from %(start)s to %(end)s."
        ) % {"start": f"{report.valid_from:%Y-%m-%d}", "end": f"{report.valid_until:%Y-%m-%d}"}
    if not _meant_for_signing(certificate):
        return _("The signer's certificate is not meant for signing documents (its key usage does not allow it).")
    if status.revoked:
        return _("The signer's certificate has been revoked.")
    if not status.trusted:
        return _(
            "The signer's certificate was not issued by a certification authority this portal trusts (issuer: "
            "%(issuer)s)."
        ) % {"issuer": report.issuer}
    if report.modified_after_signing:
        return _("Something was added to the file after it was signed (an incremental update changed its content).")
    if not status.bottom_line:
        return _("The signature does not hold: %(summary)s.") % {"summary": status.summary()}
    return ""


def _meant_for_signing(certificate):
    usage = certificate.key_usage_value
    return usage is not None and bool({"digital_signature", "non_repudiation"} & set(usage.native))


def load_signer(pkcs12_bytes, password=""):
    """A pyHanko signer from PKCS#12 bytes; raises ValueError when they cannot be opened."""
    return signers.SimpleSigner.load_pkcs12_data(pkcs12_bytes, (), passphrase=password.encode() or None)


def configured_signer():
    """The in-house signer of DECREE_SIGNING_PKCS12 (or the demo's), or None when there is none to use."""
    path = settings.DECREE_SIGNING_PKCS12
    if not path and settings.DECREE_DEMO_CA and (demo_ca_dir() / "signer.p12").exists():
        path = demo_ca_dir() / "signer.p12"
    if not path:
        return None
    try:
        return load_signer(Path(path).read_bytes(), settings.DECREE_SIGNING_PKCS12_PASSWORD)
    except (OSError, ValueError) as error:
        log.warning("Decree signing certificate %s not loaded: %s", path, error)
        return None


@outside_event_loop
def sign_pdf(data, signer, *, reason="", location=""):
    """The PDF bytes `data` with a PAdES signature by `signer` appended as an incremental update."""
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    meta = signers.PdfSignatureMetadata(
        field_name="TTE",
        subfilter=SigSeedSubFilter.PADES,
        reason=reason or None,
        location=location or None,
    )
    return signers.sign_pdf(writer, meta, signer=signer).getvalue()
