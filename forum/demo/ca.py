"""The demo's certification authority, made on the first `load_demo` and reused after.

Certificates made again on every run would orphan the signatures already stored, so the
CA, its key and each signatory's PKCS#12 are written once to `pades.demo_ca_dir()` and
read back later. Nothing here is committed: each installation makes its own.
"""

import os

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import load_pem_private_key
from cryptography.x509 import load_pem_x509_certificate
from django.conf import settings

from .. import pki
from ..pades import demo_ca_dir, load_signer

CA_NAME = "CA Demo Portal BLK-K (bukan BSrE)"


def _write_private(path, data):
    """Write a file only its owner can read: it holds a private key."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)


def demo_ca():
    """The demo CA (certificate and key), made on first use."""
    folder = demo_ca_dir()
    cert_path, key_path = folder / "ca.pem", folder / "ca-key.pem"
    if cert_path.exists() and key_path.exists():
        certificate = load_pem_x509_certificate(cert_path.read_bytes())
        return pki.Issued(certificate, load_pem_private_key(key_path.read_bytes(), password=None))
    ca = pki.make_ca(CA_NAME)
    key_pem = ca.key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    _write_private(key_path, key_pem)
    cert_path.write_bytes(ca.pem())
    return ca


def demo_signer(name, nip, *, in_house=False):
    """A pyHanko signer for the demo signatory `name` with `nip`, its certificate issued once by the demo CA.

    With `in_house`, its PKCS#12 is also the demo's in-house signer (`signer.p12`).
    """
    folder = demo_ca_dir()
    path = folder / f"signer-{nip}.p12"
    password = settings.DECREE_SIGNING_PKCS12_PASSWORD
    if not path.exists():
        issued = pki.make_signer(demo_ca(), name, nip)
        _write_private(path, issued.pkcs12(password.encode()))
    data = path.read_bytes()
    if in_house and not (folder / "signer.p12").exists():
        _write_private(folder / "signer.p12", data)
    return load_signer(data, password)
