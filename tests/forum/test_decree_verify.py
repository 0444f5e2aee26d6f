"""The public verification pages: anyone may look a decree up and compare a copy with the original."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from forum.services import revoke_decree, sign_decree
from tests.factories import BlkkFactory, DecreeFactory, centre

from .decree_support import (
    PDF_BYTES,
    PNG_BYTES,
    english_client,
    forum,
    signed_decree,
    tampered,
    temp_media,
    travel_to,
    upload,
)

pytestmark = pytest.mark.usefixtures("temp_media")
assert temp_media and english_client and forum  # imported for pytest to find the fixtures

VERIFY_URL = reverse("forum:verify")
ROLES = ["ministry", "mentor", "board_member", "manager", "admin_user", "plain_user"]


@pytest.fixture(autouse=True)
def fixed_today(time_machine):
    travel_to(time_machine, datetime.date(2022, 6, 1))


@pytest.fixture
def decree(forum, admin_user):
    draft = DecreeFactory(forum=forum, number="2/3836/LP.03.02/XII/2021")
    draft.annex_blkks.set([BlkkFactory(name="BLK-K PP Rahasia Lampiran")])
    return sign_decree(draft, upload(), user=admin_user, signed_on=datetime.date(2021, 12, 20), accept_unsigned=True)


def page_url(decree):
    return reverse("forum:verify-decree", args=[decree.token])


def compare(client, decree, content, name="salinan.pdf", content_type="application/pdf"):
    return client.post(page_url(decree), {"copy": upload(content, name=name, content_type=content_type)})


# --- access: the pages are public --------------------------------------------------------------


def test_an_anonymous_visitor_sees_the_form_and_the_decree_page(client, decree):
    assert client.get(VERIFY_URL).status_code == 200
    assert client.get(page_url(decree)).status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_every_signed_in_role_sees_the_same_public_pages(client, decree, role, request):
    client.force_login(request.getfixturevalue(role))

    assert client.get(VERIFY_URL).status_code == 200
    response = client.get(page_url(decree))
    assert response.status_code == 200
    assert decree.signed_sha256 in response.content.decode()


# --- lookup by number --------------------------------------------------------------------------


def test_a_known_number_leads_to_the_decree_page(client, decree):
    response = client.get(VERIFY_URL, {"number": decree.number})

    assert response.status_code == 302
    assert response.url == page_url(decree)


def test_stray_spaces_and_lower_case_in_the_number_are_forgiven(client, decree):
    response = client.get(VERIFY_URL, {"number": "  2/3836/lp.03.02/xii/2021 "})

    assert response.url == page_url(decree)


def test_an_unknown_number_gets_a_plain_not_found(client, decree):
    response = client.get(VERIFY_URL, {"number": "2/9999/LP.03.02/XII/2021"})

    assert response.status_code == 404
    assert "No signed decree has the number 2/9999/LP.03.02/XII/2021" in response.content.decode()


def test_a_drafts_number_is_not_found_either(client, forum):
    draft = DecreeFactory(forum=forum)

    response = client.get(VERIFY_URL, {"number": draft.number})

    assert response.status_code == 404


@pytest.mark.parametrize("garbage", ["", "x" * 500, "<script>alert(1)</script>", "'; DROP TABLE forum_decree; --"])
def test_garbage_numbers_get_a_message_never_an_error(client, decree, garbage):
    response = client.get(VERIFY_URL, {"number": garbage})

    assert response.status_code in (400, 404)
    assert "<script>alert" not in response.content.decode()


# --- the decree page ---------------------------------------------------------------------------


def test_the_page_shows_what_the_decree_says_and_the_hash_but_nothing_else(client, decree, admin_user):
    text = client.get(page_url(decree)).content.decode()

    for shown in [
        decree.number,
        decree.subject,
        decree.forum.name,
        centre().name,
        decree.signatory_name,
        decree.signatory_title,
        "20 December 2021",
        decree.signed_sha256,
        "in force",
    ]:
        assert shown in text, shown
    for hidden in ["BLK-K PP Rahasia Lampiran", decree.signed_file.name, admin_user.username, "/media/"]:
        assert hidden not in text, hidden


@pytest.mark.parametrize("token", ["unknown-token", "x" * 300, "%00", "..%2F..%2Fetc"])
def test_unknown_tokens_get_a_plain_not_found_page(client, decree, token):
    response = client.get(f"/verify/{token}/")

    assert response.status_code == 404
    assert decree.number not in response.content.decode()


def test_a_drafts_token_is_not_found(client, forum):
    draft = DecreeFactory(forum=forum)

    response = client.get(page_url(draft))

    assert response.status_code == 404
    assert "Decree not found" in response.content.decode()


def test_a_revoked_decree_shows_why_and_by_which_decree(client, decree, admin_user):
    revoke_decree(
        decree, user=admin_user, reason="Balai dialihkan ke wilayah lain", revoking_number="KEP.12/LATTAS/I/2019"
    )

    text = client.get(page_url(decree)).content.decode()

    assert "revoked" in text
    assert "Balai dialihkan ke wilayah lain" in text
    assert "KEP.12/LATTAS/I/2019" in text


def test_a_superseded_decree_links_to_the_decree_that_replaced_it(client, decree, forum, admin_user):
    newer = signed_decree(admin_user, forum=forum, supersedes=decree, number="2/100/LP.03.02/V/2022")

    text = client.get(page_url(decree)).content.decode()

    assert "superseded" in text
    assert f'href="{page_url(newer)}"' in text
    assert newer.number in text


def test_an_expired_decree_says_so_with_no_job_having_run(client, decree, time_machine):
    time_machine.move_to(datetime.datetime(2027, 1, 1, 9, 0, tzinfo=datetime.UTC), tick=False)

    text = client.get(page_url(decree)).content.decode()

    assert "expired" in text
    assert "in force until 31 December 2026" in text


def test_a_decree_not_yet_in_force_says_when_it_starts(client, forum, admin_user):
    later = signed_decree(admin_user, forum=forum, effective_from=datetime.date(2022, 7, 1))

    assert "comes into force on 1 July 2022" in client.get(page_url(later)).content.decode()


# --- comparing a copy --------------------------------------------------------------------------


def test_an_identical_copy_matches(client, decree):
    response = compare(client, decree, PDF_BYTES)

    assert response.status_code == 200
    assert "Matches." in response.content.decode()


def test_a_copy_with_one_byte_changed_does_not_match(client, decree):
    text = compare(client, decree, tampered()).content.decode()

    assert "Does not match." in text
    assert "Matches." not in text


def test_a_file_that_only_claims_to_be_a_pdf_is_refused_with_a_message(client, decree):
    text = compare(client, decree, PNG_BYTES, name="salinan.pdf").content.decode()

    assert "not a PDF file" in text
    assert "Matches." not in text and "Does not match." not in text


def test_a_copy_over_the_limit_is_refused_while_it_streams_in(client, decree, monkeypatch):
    monkeypatch.setattr("forum.views_verify.MAX_UPLOAD_BYTES", 1024)

    text = compare(client, decree, PDF_BYTES + b"0" * 4096).content.decode()

    assert "larger than 1.0" in text
    assert "Does not match." not in text


def test_posting_without_a_file_asks_for_one(client, decree):
    response = client.post(page_url(decree), {})

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()


def test_a_comparison_without_the_csrf_token_is_refused(decree):
    strict = Client(enforce_csrf_checks=True)

    assert strict.post(page_url(decree), {"copy": upload()}).status_code == 403


def test_comparing_with_an_unknown_token_is_not_found(client, decree):
    assert client.post("/verify/unknown/", {"copy": upload()}).status_code == 404


def test_other_methods_are_not_allowed(client, decree):
    assert client.put(page_url(decree)).status_code == 405
    assert client.post(VERIFY_URL).status_code == 405


# --- query counts ------------------------------------------------------------------------------


@pytest.mark.parametrize("others", [2, 10])
def test_the_decree_page_runs_one_select_however_many_decrees_exist(
    client, decree, admin_user, django_assert_num_queries, others
):
    for n in range(others):
        DecreeFactory(forum=decree.forum, kind="board", centre=None, number=f"2/{500 + n}/LP.03.02/I/2022")

    # 1. SAVEPOINT (ATOMIC_REQUESTS)
    # 2. the decree with its forum, centre and superseding decree (one join each)
    # 3. RELEASE SAVEPOINT
    with django_assert_num_queries(3):
        assert client.get(page_url(decree)).status_code == 200


@pytest.mark.parametrize("others", [2, 10])
def test_a_lookup_runs_one_select_however_many_decrees_exist(client, decree, django_assert_num_queries, others):
    for n in range(others):
        DecreeFactory(forum=decree.forum, kind="board", centre=None, number=f"2/{500 + n}/LP.03.02/I/2022")

    # 1. SAVEPOINT (ATOMIC_REQUESTS)
    # 2. the signed decree with that number (its token only)
    # 3. RELEASE SAVEPOINT
    with django_assert_num_queries(3):
        assert client.get(VERIFY_URL, {"number": decree.number}).status_code == 302
