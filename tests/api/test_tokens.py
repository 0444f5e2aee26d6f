"""Personal API tokens: made on the account page or by a command, shown once, stored as a hash, revocable."""

import hashlib
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from api.models import ApiToken
from api.services import issue_token, revoke_token
from tests.api.conftest import token_client

pytestmark = pytest.mark.django_db


def test_a_token_is_stored_only_as_its_prefix_and_sha256(world):
    token, text = issue_token(world.users["manager"], "sinkronisasi")
    stored = ApiToken.objects.get(pk=token.pk)
    assert text.startswith(f"blkk_{stored.prefix}_")
    assert stored.digest == hashlib.sha256(text.encode()).hexdigest()
    assert text not in str(ApiToken.objects.filter(pk=token.pk).values().get())


def test_a_bearer_token_acts_as_its_owner_and_records_when_it_was_used(world):
    token, text = issue_token(world.users["manager"], "aplikasi")
    response = token_client(text).get(reverse("api:implementation-list"))
    assert response.status_code == 200
    assert {row["blkk"] for row in response.json()["results"]} == {world.own_blkk.pk}
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None


@pytest.mark.parametrize(
    "header",
    ["Bearer blkk_00000000_" + "x" * 43, "Bearer nonsense", "Bearer", "Bearer a b", "Bearer blkk_zzzzzzzz_" + "y" * 43],
)
def test_an_unknown_or_malformed_token_is_refused_with_the_error_body(world, header):
    response = Client(headers={"authorization": header}).get(reverse("api:blkk-list"))
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"
    assert response["WWW-Authenticate"] == "Bearer"


def test_a_token_with_the_right_prefix_but_another_secret_is_refused(world):
    token, text = issue_token(world.users["manager"], "aplikasi")
    forged = text[:-4] + ("AAAA" if not text.endswith("AAAA") else "BBBB")
    assert token_client(forged).get(reverse("api:blkk-list")).status_code == 401


def test_a_revoked_token_is_refused_even_on_open_data(world):
    token, text = issue_token(world.users["manager"], "lama")
    revoke_token(token)
    response = token_client(text).get(reverse("api:province-list"))
    assert response.status_code == 401


def test_the_token_of_a_deactivated_person_is_refused(world):
    token, text = issue_token(world.users["plain"], "lama")
    world.users["plain"].is_active = False
    world.users["plain"].save()
    assert token_client(text).get(reverse("api:blkk-list")).status_code == 401


def test_the_account_page_shows_a_new_token_once_and_then_only_its_prefix(world):
    client = world.clients["manager"]
    response = client.post(reverse("api-tokens:list"), {"name": "SIAPkerja"})
    assert response.status_code == 200
    text = response.context["created"]
    assert text in response.content.decode()
    assert token_client(text).get(reverse("api:blkk-list")).status_code == 200
    again = client.get(reverse("api-tokens:list")).content.decode()
    assert text not in again
    assert f"blkk_{text.split('_')[1]}_" in again
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_a_token_without_a_name_is_not_made(world):
    client = world.clients["manager"]
    before = ApiToken.objects.count()
    response = client.post(reverse("api-tokens:list"), {"name": "   "})
    assert response.status_code == 200 and response.context["created"] is None
    assert ApiToken.objects.count() == before


def test_people_revoke_their_own_tokens_and_nobody_elses(world):
    own, text = issue_token(world.users["manager"], "milik sendiri")
    others, _ = issue_token(world.users["mentor"], "milik orang lain")
    client = world.clients["manager"]
    assert client.post(reverse("api-tokens:revoke", args=[others.pk])).status_code == 404
    assert ApiToken.objects.get(pk=others.pk).revoked_at is None
    assert client.post(reverse("api-tokens:revoke", args=[own.pk])).status_code == 302
    assert ApiToken.objects.get(pk=own.pk).revoked_at is not None
    assert token_client(text).get(reverse("api:blkk-list")).status_code == 401


def test_operators_make_a_token_with_a_command(world):
    out = io.StringIO()
    call_command("create_api_token", world.users["mentor"].username, "laporan bulanan", stdout=out)
    text = out.getvalue().strip()
    assert token_client(text).get(reverse("api:report-list")).status_code == 200
    assert ApiToken.objects.get(prefix=text.split("_")[1]).name == "laporan bulanan"
