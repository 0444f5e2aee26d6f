"""Two-step sign-in: setting up an app, signing in with a code, and REQUIRE_2FA."""

import time
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory

LOGIN = reverse("accounts:login")
SETUP = reverse("accounts:two-factor-setup")
VERIFY = reverse("accounts:two-factor-verify")
OVERVIEW = reverse("accounts:two-factor")
DIRECTORY = reverse("registry:blkk-list")
PASSWORD = "test-password-123"


def code_for(device, steps_ahead=0):
    """The code the person's app shows, `steps_ahead` periods of 30 seconds from now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def wrong_code(device):
    right = {code_for(device, n) for n in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in right)


def with_app(user):
    """Give the user a confirmed app, as if they had set it up earlier."""
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


@pytest.fixture
def client():
    return Client(headers={"accept-language": "en"})


def sign_in(client, user, next_url=""):
    data = {"username": user.username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(LOGIN, data)


class TestSettingUpAnApp:
    def test_the_setup_page_shows_a_qr_code_and_the_secret_to_type(self, client, manager):
        client.force_login(manager)

        response = client.get(SETUP)

        assert response.status_code == 200
        content = response.content.decode()
        assert 'src="data:image/svg+xml;base64,' in content
        device = TOTPDevice.objects.get(user=manager)
        assert not device.confirmed
        assert response.context["secret"].replace(" ", "") in content.replace(" ", "")

    def test_reloading_the_setup_page_keeps_the_same_secret(self, client, manager):
        client.force_login(manager)

        first = client.get(SETUP).context["secret"]
        second = client.get(SETUP).context["secret"]

        assert first == second
        assert TOTPDevice.objects.filter(user=manager).count() == 1

    def test_a_right_code_confirms_the_app_and_shows_backup_codes_once(self, client, manager):
        client.force_login(manager)
        client.get(SETUP)
        device = TOTPDevice.objects.get(user=manager)

        response = client.post(SETUP, {"code": code_for(device)})

        assert response.status_code == 200
        device.refresh_from_db()
        assert device.confirmed
        codes = response.context["codes"]
        assert len(codes) == 10
        assert set(StaticToken.objects.filter(device__user=manager).values_list("token", flat=True)) == set(codes)
        assert "no-store" in response["Cache-Control"]
        # The session that set up the app counts as verified.
        assert client.get(DIRECTORY).status_code == 200

    def test_a_wrong_code_leaves_the_app_unconfirmed_and_says_so(self, client, manager):
        client.force_login(manager)
        client.get(SETUP)
        device = TOTPDevice.objects.get(user=manager)

        response = client.post(SETUP, {"code": wrong_code(device)})

        assert response.status_code == 200
        assert "code" in response.context["form"].errors
        device.refresh_from_db()
        assert not device.confirmed

    def test_someone_whose_app_is_on_is_sent_back_to_the_overview(self, client, manager):
        with_app(manager)
        client.force_login(manager)
        client.post(VERIFY, {"code": code_for(TOTPDevice.objects.get(user=manager))})

        response = client.get(SETUP)

        assert response.status_code == 302
        assert response.url == OVERVIEW

    def test_the_setup_page_asks_anonymous_visitors_to_sign_in(self, client, db):
        response = client.get(SETUP)

        assert response.status_code == 302
        assert response.url.startswith(LOGIN)


class TestSigningInWithAnApp:
    def test_the_password_alone_leads_to_the_code_page_not_into_the_portal(self, client, manager):
        with_app(manager)

        sign_in(client, manager)
        response = client.get(DIRECTORY)

        assert response.status_code == 302
        assert response.url == f"{VERIFY}?{urlencode({'next': DIRECTORY})}"

    def test_a_right_code_opens_the_portal_and_returns_to_the_page_asked_for(self, client, manager):
        device = with_app(manager)
        sign_in(client, manager)

        response = client.post(f"{VERIFY}?next={DIRECTORY}", {"code": code_for(device), "next": DIRECTORY})

        assert response.status_code == 302
        assert response.url == DIRECTORY
        assert client.get(DIRECTORY).status_code == 200

    def test_a_wrong_code_keeps_the_portal_closed(self, client, manager):
        device = with_app(manager)
        sign_in(client, manager)

        response = client.post(VERIFY, {"code": wrong_code(device)})

        assert response.status_code == 200
        assert "not right" in str(response.context["form"].errors["code"])
        assert client.get(DIRECTORY).status_code == 302

    def test_a_code_cannot_be_used_twice(self, client, manager):
        device = with_app(manager)
        code = code_for(device)
        sign_in(client, manager)
        client.post(VERIFY, {"code": code})
        other = Client()
        sign_in(other, manager)

        response = other.post(VERIFY, {"code": code})

        assert response.status_code == 200
        assert other.get(DIRECTORY).status_code == 302

    def test_a_backup_code_works_once_in_place_of_the_app(self, client, manager):
        with_app(manager)
        client.force_login(manager)
        client.post(VERIFY, {"code": code_for(TOTPDevice.objects.get(user=manager))})
        codes = client.post(reverse("accounts:two-factor-backup-codes")).context["codes"]
        first, second = Client(), Client()
        sign_in(first, manager)
        sign_in(second, manager)

        assert first.post(VERIFY, {"code": codes[0]}).status_code == 302
        assert second.post(VERIFY, {"code": codes[0]}).status_code == 200
        assert StaticToken.objects.filter(device__user=manager).count() == 9

    def test_an_open_redirect_in_next_is_ignored(self, client, manager):
        device = with_app(manager)
        sign_in(client, manager)

        response = client.post(VERIFY, {"code": code_for(device), "next": "https://evil.example/"})

        assert response.status_code == 302
        assert response.url == reverse("home")

    def test_signing_out_stays_possible_before_the_code(self, client, manager):
        with_app(manager)
        sign_in(client, manager)

        response = client.post(reverse("accounts:logout"))

        assert response.status_code == 302
        assert "_auth_user_id" not in client.session

    def test_public_pages_stay_open_before_the_code(self, client, manager):
        with_app(manager)
        sign_in(client, manager)

        assert client.get(reverse("forum:verify")).status_code == 200
        assert client.get(reverse("healthz")).status_code == 200

    def test_someone_without_an_app_signs_in_with_the_password_alone(self, client, manager):
        sign_in(client, manager)

        assert client.get(DIRECTORY).status_code == 200


class TestTurningItOff:
    def test_a_manager_can_turn_it_off_with_one_more_code(self, client, manager):
        device = with_app(manager)
        client.force_login(manager)
        client.post(VERIFY, {"code": code_for(device)})

        response = client.post(reverse("accounts:two-factor-disable"), {"code": code_for(device, 1)})

        assert response.status_code == 302
        assert not TOTPDevice.objects.filter(user=manager).exists()
        assert client.get(DIRECTORY).status_code == 200

    def test_ministry_staff_cannot_turn_it_off_while_it_is_required(self, client, ministry, settings):
        settings.REQUIRE_2FA = True
        device = with_app(ministry)
        client.force_login(ministry)
        client.post(VERIFY, {"code": code_for(device)})

        response = client.post(reverse("accounts:two-factor-disable"), {"code": code_for(device, 1)})

        assert response.status_code == 403
        assert TOTPDevice.objects.filter(user=ministry).exists()


# Tests that fetch people through request.getfixturevalue also name `db`: pytest-django
# orders tests by the fixtures they name, and would otherwise run them after the
# transactional tests, which empty the role groups.
@pytest.mark.parametrize("person", ["admin_user", "ministry"])
def test_with_require_2fa_admins_and_ministry_staff_without_an_app_must_set_one_up(
    person, client, settings, request, db
):
    settings.REQUIRE_2FA = True
    user = request.getfixturevalue(person)
    sign_in(client, user)

    response = client.get(DIRECTORY)

    assert response.status_code == 302
    assert response.url.startswith(SETUP)
    assert client.get(reverse("admin:index")).url.startswith(SETUP)


@pytest.mark.parametrize("person", ["manager", "mentor", "board_member", "plain_user"])
def test_with_require_2fa_other_roles_may_go_on_without_an_app(person, client, settings, request, db):
    settings.REQUIRE_2FA = True
    user = request.getfixturevalue(person)
    sign_in(client, user)

    assert client.get(DIRECTORY).status_code == 200


def test_require_2fa_reaches_sessions_opened_before_it_was_switched_on(client, ministry, settings):
    client.force_login(ministry)
    assert client.get(DIRECTORY).status_code == 200

    settings.REQUIRE_2FA = True

    assert client.get(DIRECTORY).url.startswith(SETUP)


def test_without_require_2fa_ministry_staff_may_go_on_without_an_app(client, ministry):
    sign_in(client, ministry)

    assert client.get(DIRECTORY).status_code == 200


def test_a_required_setup_finished_opens_the_portal(client, ministry, settings):
    settings.REQUIRE_2FA = True
    sign_in(client, ministry)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=ministry)

    client.post(SETUP, {"code": code_for(device)})

    assert client.get(DIRECTORY).status_code == 200


def test_an_htmx_request_is_told_to_load_the_code_page_as_a_whole(client, manager):
    with_app(manager)
    sign_in(client, manager)

    response = client.get(DIRECTORY, headers={"hx-request": "true"})

    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(VERIFY)


def test_the_overview_shows_whether_it_is_on(client, manager):
    client.force_login(manager)
    assert "Set up two-step sign-in" in client.get(OVERVIEW).content.decode()

    device = with_app(manager)
    client.post(VERIFY, {"code": code_for(device)})

    response = client.get(OVERVIEW)
    assert response.context["device"] == device
    assert "Turn two-step sign-in off" in response.content.decode()


def test_garbage_codes_get_a_message_not_an_error(client, manager):
    with_app(manager)
    sign_in(client, manager)

    for garbage in ["", "abc", "1" * 20, "12 34\x0056", "' OR 1=1 --"]:
        response = client.post(VERIFY, {"code": garbage})
        assert response.status_code == 200
        assert response.context["form"].errors


def test_a_user_made_by_the_factory_has_no_app(db):
    assert not TOTPDevice.objects.filter(user=UserFactory()).exists()


ROLES = ["ministry", "mentor", "board_member", "manager", "admin_user", "plain_user"]


@pytest.mark.parametrize("role", ROLES)
def test_every_role_may_open_its_own_two_step_pages(role, client, request, db):
    client.force_login(request.getfixturevalue(role))

    assert client.get(OVERVIEW).status_code == 200
    assert client.get(SETUP).status_code == 200
    # Nothing to verify and nothing to turn off yet: both lead back.
    assert client.get(VERIFY).status_code == 302
    assert client.get(reverse("accounts:two-factor-disable")).url == OVERVIEW


@pytest.mark.parametrize("name", ["accounts:two-factor", "accounts:two-factor-verify", "accounts:two-factor-disable"])
def test_anonymous_visitors_are_sent_to_sign_in(name, client, db):
    response = client.get(reverse(name))

    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


def test_new_backup_codes_need_a_post(client, manager):
    client.force_login(manager)

    assert client.get(reverse("accounts:two-factor-backup-codes")).status_code == 405


def test_the_overview_has_a_fixed_query_count(client, manager, django_assert_num_queries):
    device = with_app(manager)
    client.force_login(manager)
    client.post(VERIFY, {"code": code_for(device)})
    # session; user; the verified device (django-otp's middleware); savepoint; the app;
    # the count of backup codes; the user's groups (navbar); release savepoint.
    with django_assert_num_queries(8):
        client.get(OVERVIEW)


def test_a_session_opened_before_the_app_was_added_must_prove_it_before_new_backup_codes(client, manager):
    client.force_login(manager)
    with_app(manager)

    response = client.post(reverse("accounts:two-factor-backup-codes"))

    assert response.status_code == 302
    assert response.url.startswith(VERIFY)
    assert not StaticToken.objects.exists()
    assert client.get(DIRECTORY).url.startswith(VERIFY)
