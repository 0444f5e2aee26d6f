"""Decrees in Django admin: drafting, the draft PDF, recording the signed PDF, revoking, downloads."""

import datetime

import pytest
from django.urls import reverse

from forum.models import Decree
from registry.models import Mentorship
from tests.factories import BlkkFactory, DecreeFactory, UserFactory, centre, regency

from .decree_support import PDF_BYTES, PNG_BYTES, english_client, forum, signed_decree, temp_media, travel_to, upload

pytestmark = pytest.mark.usefixtures("temp_media")
assert temp_media and english_client and forum  # imported for pytest to find the fixtures

PORTAL_ROLES = ["ministry", "mentor", "board_member", "manager", "plain_user"]


@pytest.fixture(autouse=True)
def fixed_today(time_machine):
    travel_to(time_machine, datetime.date(2022, 6, 1))


@pytest.fixture
def draft(forum):
    return DecreeFactory(forum=forum)


@pytest.fixture
def signed(forum, admin_user):
    return signed_decree(admin_user, forum=forum)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def url(name, decree):
    return reverse(f"admin:forum_decree_{name}", args=[decree.pk])


def draft_form_data(forum, **overrides):
    data = {
        "number": "2/3836/LP.03.02/XII/2021",
        "subject": "Penunjukan Pembina Forum Koordinasi BLK Komunitas Provinsi Sulawesi Selatan",
        "kind": Decree.Kind.MENTOR,
        "forum": forum.pk,
        "centre": centre().pk,
        "considerations": "bahwa perlu pembina",
        "legal_bases": "Undang-Undang Nomor 13 Tahun 2003",
        "clauses": "Menunjuk BBPVP Makassar sebagai pembina.",
        "place": "Jakarta",
        "decree_date": "2021-12-20",
        "signatory_name": "Budi Hartawan",
        "signatory_title": "Direktur Jenderal",
        "signatory_nip": "196601011990031001",
        "effective_from": "2021-12-20",
        "effective_until": "2026-12-31",
    }
    return {**data, **overrides}


# --- access matrix -----------------------------------------------------------------------------

ADMIN_PAGES = ["change", "pdf", "sign", "signed_file", "revoke"]


@pytest.mark.parametrize("page", ADMIN_PAGES)
def test_anonymous_visitors_are_sent_to_the_login_page(client, signed, page):
    response = client.get(url(page, signed))

    assert response.status_code == 302
    assert "/login/" in response.url


@pytest.mark.parametrize("role", PORTAL_ROLES)
@pytest.mark.parametrize("page", ADMIN_PAGES)
def test_portal_users_who_are_not_staff_never_reach_decree_admin(client, signed, role, page, request):
    client.force_login(request.getfixturevalue(role))

    response = client.get(url(page, signed))

    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_staff_without_decree_permissions_are_refused(client, signed):
    client.force_login(UserFactory(username="staf-tanpa-izin", is_staff=True))

    for page in ["change", "pdf", "signed_file", "revoke"]:
        assert client.get(url(page, signed)).status_code == 403, page


@pytest.mark.parametrize("garbage", ["0", "abc", "999999", "1%00"])
def test_forged_ids_answer_not_found_or_the_admins_own_redirect(admin_client, garbage, db):
    for page in ["pdf", "sign", "revoke", "signed_file"]:
        response = admin_client.get(f"/admin/forum/decree/{garbage}/{page}/")
        assert response.status_code in (302, 404), (page, response.status_code)


# --- drafting ----------------------------------------------------------------------------------


def test_an_admin_drafts_a_decree_with_its_annex(admin_client, forum):
    annex = [BlkkFactory(regency=regency("73.15")), BlkkFactory(regency=regency("73.13"))]

    response = admin_client.post(
        reverse("admin:forum_decree_add"), draft_form_data(forum, annex_blkks=[b.pk for b in annex])
    )

    assert response.status_code == 302
    decree = Decree.objects.get()
    assert decree.status == Decree.Status.DRAFT
    assert set(decree.annex_blkks.all()) == set(annex)


def test_a_malformed_number_gets_a_readable_error_beside_the_field(admin_client, forum):
    response = admin_client.post(reverse("admin:forum_decree_add"), draft_form_data(forum, number="SK/123"))

    assert response.status_code == 200
    assert "does not look like a decree number" in response.content.decode()
    assert not Decree.objects.exists()


def test_an_annex_blkk_outside_the_forums_province_is_refused(admin_client, forum):
    outsider = BlkkFactory(name="BLK-K di Kendari", regency=regency("74.71"))

    response = admin_client.post(reverse("admin:forum_decree_add"), draft_form_data(forum, annex_blkks=[outsider.pk]))

    assert "BLK-K di Kendari" in response.content.decode()
    assert not Decree.objects.exists()


def test_a_board_decree_has_no_annex(admin_client, forum):
    blkk = BlkkFactory()

    response = admin_client.post(
        reverse("admin:forum_decree_add"),
        draft_form_data(forum, kind=Decree.Kind.BOARD, annex_blkks=[blkk.pk]),
    )

    assert "A board appointment has no annex" in response.content.decode()


def test_a_second_mentor_draft_must_name_the_decree_on_record(admin_client, forum, signed):
    response = admin_client.post(
        reverse("admin:forum_decree_add"), draft_form_data(forum, number="2/4000/LP.03.02/I/2022")
    )

    assert f"mentor decree {signed.number} is still on record" in response.content.decode()


def test_the_supersedes_autocomplete_offers_only_signed_decrees(admin_client, forum, signed, draft):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "forum", "model_name": "decree", "field_name": "supersedes", "term": "LP"},
    )

    ids = {row["id"] for row in response.json()["results"]}
    assert ids == {str(signed.pk)}


# --- the draft PDF -----------------------------------------------------------------------------


def test_the_draft_pdf_downloads_as_an_attachment_named_after_the_number(admin_client, draft):
    response = admin_client.get(url("pdf", draft))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="{draft.number.replace("/", "-")}.pdf"' in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF-")


def test_the_draft_page_offers_the_pdf_and_the_signing_form(admin_client, draft):
    text = admin_client.get(url("change", draft)).content.decode()

    assert url("pdf", draft) in text
    assert url("sign", draft) in text
    assert url("revoke", draft) not in text


# --- signing -----------------------------------------------------------------------------------


def test_recording_the_signed_pdf_signs_the_decree(admin_client, draft, admin_user):
    response = admin_client.post(
        url("sign", draft), {"signed_file": upload(), "signed_on": "2021-12-20", "accept_unsigned": "on"}
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Decree.Status.SIGNED
    assert draft.signed_recorded_by == admin_user
    assert Mentorship.objects.filter(source=draft).exists()
    followed = admin_client.get(response.url).content.decode()
    assert "is signed" in followed


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (PNG_BYTES, "signed.pdf", "not a PDF file"),
        (b"", "signed.pdf", "empty"),
    ],
)
def test_a_bad_signed_file_is_refused_beside_the_field(admin_client, draft, content, name, message):
    response = admin_client.post(
        url("sign", draft), {"signed_file": upload(content, name), "signed_on": "2021-12-20", "accept_unsigned": "on"}
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Decree.Status.DRAFT


def test_a_signed_file_over_ten_megabytes_is_refused(admin_client, draft):
    big = upload(PDF_BYTES + b"0" * (10 * 1024 * 1024))

    response = admin_client.post(
        url("sign", draft), {"signed_file": big, "signed_on": "2021-12-20", "accept_unsigned": "on"}
    )

    assert "at most 10.0" in response.content.decode()
    draft.refresh_from_db()
    assert draft.is_draft


def test_a_future_signing_date_is_refused(admin_client, draft):
    response = admin_client.post(
        url("sign", draft), {"signed_file": upload(), "signed_on": "2030-01-01", "accept_unsigned": "on"}
    )

    assert "cannot be in the future" in response.content.decode()


def test_a_conflicting_signature_shows_the_error_on_the_form_not_a_500(admin_client, forum, signed):
    second = DecreeFactory(forum=forum)

    response = admin_client.post(
        url("sign", second), {"signed_file": upload(), "signed_on": "2022-06-01", "accept_unsigned": "on"}
    )

    assert response.status_code == 200
    assert f"Meanwhile decree {signed.number} was signed" in response.content.decode()


def test_the_signing_form_of_a_signed_decree_sends_back_to_the_decree(admin_client, signed):
    response = admin_client.get(url("sign", signed))

    assert response.status_code == 302
    assert response.url == url("change", signed)


# --- a signed decree ---------------------------------------------------------------------------


def test_the_signed_pdf_downloads_for_admins(admin_client, signed):
    response = admin_client.get(url("signed_file", signed))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert "attachment" in response["Content-Disposition"]


def test_a_draft_has_no_signed_pdf_to_download(admin_client, draft):
    assert admin_client.get(url("signed_file", draft)).status_code == 404


def test_revoking_through_the_form(admin_client, signed):
    response = admin_client.post(
        url("revoke", signed),
        {"reason": "Balai dialihkan", "revoking_number": "2/1/LP.03.02/VI/2022", "revoked_on": "2022-06-01"},
    )

    assert response.status_code == 302
    signed.refresh_from_db()
    assert signed.status == Decree.Status.REVOKED
    assert signed.revoking_number == "2/1/LP.03.02/VI/2022"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reason": "", "revoked_on": "2022-06-01"}, "This field is required."),
        ({"reason": "Keliru", "revoking_number": "nomor asal", "revoked_on": "2022-06-01"}, "does not look like"),
        ({"reason": "Keliru", "revoked_on": "2030-01-01"}, "cannot be in the future"),
        ({"reason": "Keliru", "revoked_on": "kemarin"}, "Enter a valid date."),
    ],
)
def test_a_revocation_form_with_bad_input_says_what_to_fix(admin_client, signed, data, message):
    response = admin_client.post(url("revoke", signed), data)

    assert response.status_code == 200
    assert message in response.content.decode()
    signed.refresh_from_db()
    assert signed.status == Decree.Status.SIGNED


def test_only_a_signed_decree_offers_revocation(admin_client, draft):
    assert admin_client.get(url("revoke", draft)).status_code == 403


@pytest.mark.parametrize("decrees", [2, 10])
def test_the_decree_list_runs_a_fixed_number_of_queries(admin_client, forum, django_assert_num_queries, decrees):
    for n in range(decrees):
        DecreeFactory(forum=forum, kind=Decree.Kind.BOARD, centre=None, number=f"2/{100 + n}/LP.03.02/I/2022")

    # 1. session  2. user  3. SAVEPOINT  4. forums for the "forum" filter
    # 5. filtered count  6. total count  7. the page of decrees, forum and centre joined
    # 8. RELEASE SAVEPOINT  9. the user's roles (context processor, while rendering)
    # 10-11. the date hierarchy: first and last date, then the days present
    with django_assert_num_queries(11):
        assert admin_client.get(reverse("admin:forum_decree_changelist")).status_code == 200
