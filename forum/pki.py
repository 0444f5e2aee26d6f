"""Small certificate authorities and signing certificates, for the demo and for tests.

A real deployment trusts BSrE's CA and signs with a certificate BSrE issued; these helpers
only make look-alikes so the demo and the tests can sign PDFs that validate the same way.
Keys are EC P-256: generated in well under a millisecond, accepted by every PDF reader.
"""

import datetime
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID


@dataclass(frozen=True)
class Issued:
    """A certificate with its private key, and the CA certificate that issued it (or None if self-signed)."""

    certificate: x509.Certificate
    key: ec.EllipticCurvePrivateKey
    issuer: "Issued | None" = None

    def pem(self):
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    def pkcs12(self, password=b""):
        """The key, the certificate and its issuer's certificate as PKCS#12 bytes."""
        encryption = serialization.BestAvailableEncryption(password) if password else serialization.NoEncryption()
        chain = [self.issuer.certificate] if self.issuer else None
        return pkcs12.serialize_key_and_certificates(b"signer", self.key, self.certificate, chain, encryption)


def _period(valid_from, valid_until):
    now = datetime.datetime.now(datetime.UTC)
    return valid_from or now - datetime.timedelta(days=1), valid_until or now + datetime.timedelta(days=3650)


def make_ca(common_name, organisation="Kementerian Ketenagakerjaan (DEMO)", *, valid_from=None, valid_until=None):
    """A self-signed root CA."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )
    start, end = _period(valid_from, valid_until)
    usage = x509.KeyUsage(
        digital_signature=True,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=True,
        crl_sign=True,
        encipher_only=False,
        decipher_only=False,
    )
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return Issued(certificate, key)


def make_signer(ca, name, nip, *, valid_from=None, valid_until=None, for_signing=True):
    """A person's signing certificate: name in CN, NIP in serialNumber, as Indonesian e-signatures carry them.

    With `for_signing=False` the key usage allows encryption only, which a PDF signature must refuse.
    """
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Kementerian Ketenagakerjaan"),
            x509.NameAttribute(NameOID.SERIAL_NUMBER, f"NIP{nip}"),
            x509.NameAttribute(NameOID.COMMON_NAME, name),
        ]
    )
    start, end = _period(valid_from, valid_until)
    usage = x509.KeyUsage(
        digital_signature=for_signing,
        content_commitment=for_signing,
        key_encipherment=not for_signing,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
    ca_key_id = ca.certificate.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_key_id), critical=False)
        .sign(ca.key, hashes.SHA256())
    )
    return Issued(certificate, key, ca)
