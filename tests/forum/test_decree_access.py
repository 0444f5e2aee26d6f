"""Access from decrees starts on the effective date and ends on expiry, revocation or supersession.

Nothing runs in between: each check below only moves the clock.
"""

import datetime

import pytest

from accounts.roles import Role
from forum.models import Forum
from forum.services import revoke_decree, sign_decree
from registry.models import Blkk
from tests.factories import (
    BlkkFactory,
    DecreeFactory,
    ForumFactory,
    UserFactory,
    centre,
    national_forum,
    province,
    regency,
)

from .decree_support import forum, temp_media, travel_to, upload

pytestmark = pytest.mark.usefixtures("temp_media")
assert temp_media and forum  # imported for pytest to find the fixtures

FROM, UNTIL = datetime.date(2022, 1, 1), datetime.date(2022, 12, 31)


@pytest.fixture
def in_province(db):
    return BlkkFactory(name="BLK-K di Makassar", regency=regency("73.71"))


@pytest.fixture
def annexed_elsewhere(db):
    """A BLK-K of another province assigned to the centre by name in the national forum's annex."""
    return BlkkFactory(name="BLK-K di Kendari", regency=regency("74.71"))


@pytest.fixture
def decree(forum, admin_user, time_machine):
    travel_to(time_machine, datetime.date(2021, 12, 20))
    return sign_decree(
        DecreeFactory(forum=forum, effective_from=FROM, effective_until=UNTIL),
        upload(),
        user=admin_user,
        accept_unsigned=True,
    )


def scope(user):
    return set(Forum.objects.mentored_by_user(user)), set(Blkk.objects.mentored_by_user(user))


@pytest.mark.parametrize(
    ("day", "in_scope"),
    [
        (datetime.date(2021, 12, 31), False),
        (FROM, True),
        (UNTIL, True),
        (datetime.date(2023, 1, 1), False),
    ],
)
def test_the_mentor_sees_the_forum_and_its_blkks_only_within_the_effective_period(
    decree, forum, in_province, mentor, time_machine, day, in_scope
):
    travel_to(time_machine, day)

    assert scope(mentor) == (({forum}, {in_province}) if in_scope else (set(), set()))


def test_blkks_of_other_provinces_stay_out_of_a_provincial_forums_scope(decree, mentor, time_machine):
    elsewhere = BlkkFactory(regency=regency("74.71"))
    travel_to(time_machine, FROM)

    assert elsewhere not in scope(mentor)[1]


def test_an_annexed_blkk_is_in_scope_even_outside_the_forums_province(
    admin_user, mentor, annexed_elsewhere, time_machine
):
    travel_to(time_machine, datetime.date(2021, 12, 20))
    draft = DecreeFactory(forum=national_forum(), effective_from=FROM, effective_until=UNTIL)
    draft.annex_blkks.set([annexed_elsewhere])
    sign_decree(draft, upload(), user=admin_user, accept_unsigned=True)

    travel_to(time_machine, FROM)
    assert scope(mentor)[1] == {annexed_elsewhere}


def test_revocation_ends_access_at_once(decree, in_province, mentor, admin_user, time_machine):
    travel_to(time_machine, datetime.date(2022, 6, 1))
    assert scope(mentor) != (set(), set())

    revoke_decree(decree, user=admin_user, reason="Dicabut")

    assert scope(mentor) == (set(), set())


def test_supersession_moves_access_to_the_new_centre_at_once(
    decree, forum, in_province, mentor, admin_user, time_machine
):
    travel_to(time_machine, datetime.date(2022, 6, 1))
    semarang_staff = UserFactory(username="pembina-semarang", roles=[Role.MENTOR])
    centre("BBPVP Semarang").staff.add(semarang_staff)

    sign_decree(
        DecreeFactory(forum=forum, supersedes=decree, centre=centre("BBPVP Semarang"), effective_from=FROM),
        upload(),
        user=admin_user,
        accept_unsigned=True,
    )

    assert scope(mentor) == (set(), set())
    assert scope(semarang_staff) == ({forum}, {in_province})


def test_staff_of_another_centre_never_see_the_forum(decree, forum, in_province, time_machine):
    other = UserFactory(username="pembina-medan", roles=[Role.MENTOR])
    centre("BBPVP Medan").staff.add(other)
    travel_to(time_machine, datetime.date(2022, 6, 1))

    assert scope(other) == (set(), set())


def test_another_provinces_forum_is_not_in_scope(decree, mentor, time_machine):
    other_forum = ForumFactory(province=province("74"))
    travel_to(time_machine, datetime.date(2022, 6, 1))

    assert other_forum not in scope(mentor)[0]
