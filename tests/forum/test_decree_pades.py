"""Electronic signatures (PAdES) in decrees: checked when recorded, shown to the public, made in-house.

Every PDF here is really signed, in the test, with keys from the tests' own CA.
"""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from forum.models import Decree
from forum.pades import inspect_pdf
from forum.services import DecreeError, sign_decree, sign_decree_in_house
from tests.factories import DecreeFactory

from .decree_support import english, english_client, temp_media, upload
from .pades_support import (
    NIP,
    SIGNER_NAME,
    pki_world,
    signed_by,
    tampered_after_signing,
    trusted_ca,
    with_text_added,
)

pytestmark = pytest.mark.usefixtures("temp_media", "trusted_ca", "english")
assert temp_media and english_client and english and pki_world and trusted_ca  # fixtures for pytest to find


@pytest.fixture
def draft(db):
    return DecreeFactory(number="2/3612/LP.03.02/XII/2021")


def refusal(draft, content, admin_user, **options):
    with pytest.raises(DecreeError) as refused:
        sign_decree(draft, upload(content), user=admin_user, **options)
    draft.refresh_from_db()
    assert draft.status == Decree.Status.DRAFT and not draft.signed_file
    return str(refused.value)


# --- recording a signed PDF ---------------------------------------------------------------------


def test_a_validly_signed_pdf_is_recorded_with_its_signer_issuer_and_signing_time(draft, admin_user, pki_world):
    decree = sign_decree(draft, upload(pki_world.signed), user=admin_user)

    decree.refresh_from_db()
    assert decree.status == Decree.Status.SIGNED
    assert decree.e_signature == Decree.ESignature.VERIFIED
    assert (decree.signer_name, decree.signer_nip) == (SIGNER_NAME, NIP)
    assert "CA Uji Portal BLK-K" in decree.signer_issuer
    assert decree.signer_valid_from <= decree.signing_time <= decree.signer_valid_until


def test_a_pdf_changed_after_signing_is_refused_with_the_reason(draft, admin_user, pki_world):
    message = refusal(draft, tampered_after_signing(pki_world.signed), admin_user)

    assert "changed after signing" in message


def test_a_pdf_signed_under_an_unknown_ca_is_refused_naming_the_issuer(draft, admin_user, pki_world):
    message = refusal(draft, signed_by(pki_world, "stranger"), admin_user)

    assert "not issued by a certification authority this portal trusts" in message
    assert "CA Tak Dikenal" in message


def test_a_pdf_signed_with_an_expired_certificate_is_refused(draft, admin_user, pki_world):
    message = refusal(draft, signed_by(pki_world, "expired"), admin_user)

    assert "not valid when the file was signed" in message
    assert "2019-01-01 to 2021-01-01" in message


def test_a_certificate_not_meant_for_signing_is_refused(draft, admin_user, pki_world):
    message = refusal(draft, signed_by(pki_world, "encryption_only"), admin_user)

    assert "not meant for signing documents" in message


def test_an_incremental_update_after_signing_is_refused(draft, admin_user, pki_world):
    message = refusal(draft, with_text_added(pki_world.signed), admin_user)

    assert "added to the file after it was signed" in message


def test_an_unsigned_pdf_is_refused_unless_the_admin_accepts_it_explicitly(draft, admin_user, pki_world):
    message = refusal(draft, pki_world.plain, admin_user)
    decree = sign_decree(draft, upload(pki_world.plain), user=admin_user, accept_unsigned=True)

    assert "carries no electronic signature" in message
    assert decree.e_signature == Decree.ESignature.NONE
    assert decree.signer_name == "" and decree.signing_time is None


def test_a_failing_signature_is_refused_even_when_unsigned_files_are_accepted(draft, admin_user, pki_world):
    message = refusal(draft, signed_by(pki_world, "stranger"), admin_user, accept_unsigned=True)

    assert "does not hold" in message


def test_a_signature_stops_being_trusted_when_its_ca_leaves_the_trust_anchors(pki_world, settings):
    settings.DECREE_TRUST_ANCHORS = []

    report = inspect_pdf(pki_world.signed)

    assert report.signed and not report.trusted
    assert "not issued by a certification authority this portal trusts" in report.problem


# --- the admin's form ---------------------------------------------------------------------------


def sign_page(draft):
    return reverse("admin:forum_decree_sign", args=[draft.pk])


def test_the_admin_sees_why_a_signature_failed_and_nothing_is_recorded(admin_client, draft, pki_world):
    content = tampered_after_signing(pki_world.signed)
    response = admin_client.post(sign_page(draft), {"signed_file": upload(content), "signed_on": "2021-12-20"})

    assert response.status_code == 200
    assert "changed after signing" in response.text
    draft.refresh_from_db()
    assert draft.is_draft


def test_the_admin_records_a_scan_only_by_ticking_the_box(admin_client, draft, pki_world):
    fields = {"signed_file": upload(pki_world.plain), "signed_on": "2021-12-20"}
    refused = admin_client.post(sign_page(draft), fields)
    fields["signed_file"] = upload(pki_world.plain)
    accepted = admin_client.post(sign_page(draft), {**fields, "accept_unsigned": "on"})

    assert "carries no electronic signature" in refused.text
    assert accepted.status_code == 302
    draft.refresh_from_db()
    assert draft.e_signature == Decree.ESignature.NONE


# --- the public verification page ---------------------------------------------------------------


def verify_page(decree):
    return reverse("forum:verify-decree", args=[decree.token])


def test_the_public_page_shows_the_signer_nip_issuer_time_and_that_nothing_changed(
    client, draft, admin_user, pki_world
):
    decree = sign_decree(draft, upload(pki_world.signed), user=admin_user)

    page = client.get(verify_page(decree)).text

    assert "Electronic signature valid" in page
    assert SIGNER_NAME in page and NIP in page and "CA Uji Portal BLK-K" in page
    assert "Certificate valid at signing" in page
    assert 'Modified after signing</dt>\n    <dd class="col-sm-7">no' in page


def test_an_unsigned_decree_is_shown_as_not_electronically_signed(client, draft, admin_user, pki_world):
    decree = sign_decree(draft, upload(pki_world.plain), user=admin_user, accept_unsigned=True)

    page = client.get(verify_page(decree)).text

    assert "Not electronically signed" in page
    assert "Electronic signature valid" not in page


def test_an_uploaded_copy_is_checked_and_a_tampered_one_told_apart_with_the_reason(
    client, draft, admin_user, pki_world
):
    decree = sign_decree(draft, upload(pki_world.signed), user=admin_user)

    same = client.post(verify_page(decree), {"copy": upload(pki_world.signed)}).text
    edited = client.post(verify_page(decree), {"copy": upload(tampered_after_signing(pki_world.signed))}).text
    added = client.post(verify_page(decree), {"copy": upload(with_text_added(pki_world.signed))}).text

    assert "Matches." in same and same.count("Electronic signature valid") == 2
    assert "Does not match." in edited and "changed after signing" in edited
    assert "Electronic signature not valid" in edited
    assert "added to the file after it was signed" in added
    assert 'Modified after signing</dt>\n    <dd class="col-sm-7">yes' in added


def test_an_unreadable_uploaded_copy_gets_a_note_not_an_error(client, draft, admin_user, pki_world):
    decree = sign_decree(draft, upload(pki_world.signed), user=admin_user)

    response = client.post(verify_page(decree), {"copy": upload(b"%PDF-1.4\nnonsense")})

    assert response.status_code == 200
    assert "Does not match." in response.text and "could not be read as a PDF" in response.text


# --- signing in-house ---------------------------------------------------------------------------


@pytest.fixture
def in_house(pki_world, settings, tmp_path):
    path = tmp_path / "signer.p12"
    path.write_bytes(pki_world.issued["good"].pkcs12(b"rahasia"))
    settings.DECREE_SIGNING_PKCS12 = str(path)
    settings.DECREE_SIGNING_PKCS12_PASSWORD = "rahasia"
    return path


def test_the_portal_signs_the_draft_pdf_with_its_configured_certificate(draft, admin_user, in_house):
    decree = sign_decree_in_house(draft, user=admin_user)

    assert decree.status == Decree.Status.SIGNED
    assert decree.e_signature == Decree.ESignature.VERIFIED
    assert decree.signer_nip == NIP
    with decree.signed_file.open("rb") as signed:
        assert inspect_pdf(signed.read()).ok


def test_the_admin_signs_in_house_with_one_button_and_only_by_post(admin_client, draft, in_house):
    change_page = admin_client.get(reverse("admin:forum_decree_change", args=[draft.pk])).text
    url = reverse("admin:forum_decree_sign_in_house", args=[draft.pk])

    assert "Sign with the portal's certificate" in change_page
    assert admin_client.get(url).status_code == 403
    assert admin_client.post(url).status_code == 302
    draft.refresh_from_db()
    assert draft.e_signature == Decree.ESignature.VERIFIED


def test_a_wrong_pkcs12_password_means_no_in_house_signing_with_a_clear_message(
    admin_client, draft, in_house, settings
):
    settings.DECREE_SIGNING_PKCS12_PASSWORD = "salah"
    change_page = admin_client.get(reverse("admin:forum_decree_change", args=[draft.pk])).text
    response = admin_client.post(reverse("admin:forum_decree_sign_in_house", args=[draft.pk]), follow=True)

    assert "Sign with the portal" not in change_page
    assert "No signing certificate is configured" in response.text
    draft.refresh_from_db()
    assert draft.is_draft


def test_a_staff_member_without_change_permission_cannot_sign_in_house(draft, in_house, django_user_model):
    viewer = django_user_model.objects.create_user("peninjau", password="x", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_decree"))
    browser = Client()
    browser.force_login(viewer)

    response = browser.post(reverse("admin:forum_decree_sign_in_house", args=[draft.pk]))

    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.is_draft


def test_a_copy_whose_signature_blob_is_garbage_is_reported_not_valid_rather_than_crashing(
    client, draft, admin_user, pki_world
):
    decree = sign_decree(draft, upload(pki_world.signed), user=admin_user)
    start = pki_world.signed.index(b"/Contents <") + len(b"/Contents <")
    end = pki_world.signed.index(b">", start)
    garbage = pki_world.signed[:start] + b"0" * (end - start) + pki_world.signed[end:]

    response = client.post(verify_page(decree), {"copy": upload(garbage)})

    assert response.status_code == 200
    assert "Electronic signature not valid" in response.text
    assert "cannot be read" in refusal(DecreeFactory(forum=decree.forum), garbage, admin_user, accept_unsigned=True)
