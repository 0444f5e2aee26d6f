"""Who may see and change which BLK-K: the registry's queryset rules, on their own."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser

from registry.models import Blkk
from tests.factories import BlkkFactory, MentorshipFactory, province, regency

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_password_hashing")]


def editable(user):
    return set(Blkk.objects.editable_by(user))


def test_every_signed_in_user_sees_every_blkk(plain_user, own_blkk, other_blkk):
    assert set(Blkk.objects.visible_to(plain_user)) == {own_blkk, other_blkk}


def test_anonymous_visitors_see_no_blkk(own_blkk):
    assert not Blkk.objects.visible_to(AnonymousUser()).exists()
    assert not Blkk.objects.editable_by(AnonymousUser()).exists()


def test_a_manager_edits_their_own_blkk_and_nobody_elses(manager, own_blkk, other_blkk):
    assert editable(manager) == {own_blkk}


def test_a_user_listed_as_manager_without_the_manager_role_edits_nothing(plain_user, own_blkk):
    own_blkk.managers.add(plain_user)
    assert editable(plain_user) == set()


def test_ministry_staff_read_everything_but_edit_nothing(ministry, own_blkk, other_blkk):
    assert set(Blkk.objects.visible_to(ministry)) == {own_blkk, other_blkk}
    assert editable(ministry) == set()


def test_board_members_edit_no_profile(board_member, own_blkk):
    assert editable(board_member) == set()


def test_admins_edit_every_profile(admin_user, own_blkk, other_blkk):
    assert editable(admin_user) == {own_blkk, other_blkk}


def test_a_mentor_without_a_mentorship_edits_nothing(mentor, own_blkk):
    assert editable(mentor) == set()


def test_a_mentorship_by_province_covers_every_blkk_of_the_province(mentor, own_blkk, other_blkk):
    outside = BlkkFactory(regency=regency("74.71"))
    MentorshipFactory(province=province("73"))
    assert editable(mentor) == {own_blkk, other_blkk}
    assert outside not in set(Blkk.objects.mentored_by_user(mentor))


def test_a_mentorship_of_one_blkk_covers_that_blkk_only(mentor, own_blkk, other_blkk):
    MentorshipFactory(blkk=other_blkk)
    assert editable(mentor) == {other_blkk}


def test_a_mentorship_of_another_centre_gives_the_mentor_nothing(mentor, own_blkk):
    from registry.models import TrainingCentre

    MentorshipFactory(centre=TrainingCentre.objects.get(name="BPVP Kendari"), province=province("73"))
    assert editable(mentor) == set()


def test_a_mentors_scope_starts_and_ends_with_the_mentorship_dates(mentor, own_blkk):
    MentorshipFactory(province=province("73"), starts_on=datetime.date(2022, 1, 10), ends_on=datetime.date(2023, 1, 9))
    with time_machine.travel(datetime.datetime(2022, 1, 9, 12, tzinfo=datetime.UTC), tick=False):
        assert editable(mentor) == set()
    with time_machine.travel(datetime.datetime(2022, 1, 10, 12, tzinfo=datetime.UTC), tick=False):
        assert editable(mentor) == {own_blkk}
    with time_machine.travel(datetime.datetime(2023, 1, 9, 12, tzinfo=datetime.UTC), tick=False):
        assert editable(mentor) == {own_blkk}
    with time_machine.travel(datetime.datetime(2023, 1, 10, 12, tzinfo=datetime.UTC), tick=False):
        assert editable(mentor) == set()


def test_a_revoked_mentorship_stops_counting_from_the_day_it_ended(mentor, own_blkk):
    MentorshipFactory(blkk=own_blkk, ended_on=datetime.date(2022, 6, 1))
    with time_machine.travel(datetime.datetime(2022, 5, 31, 12, tzinfo=datetime.UTC), tick=False):
        assert editable(mentor) == {own_blkk}
    with time_machine.travel(datetime.datetime(2022, 6, 1, 12, tzinfo=datetime.UTC), tick=False):
        assert editable(mentor) == set()


def test_the_day_is_the_day_in_jakarta(mentor, own_blkk):
    # 17:30 UTC on 9 January is already 10 January in WIB (UTC+7).
    MentorshipFactory(blkk=own_blkk, starts_on=datetime.date(2022, 1, 10))
    with time_machine.travel(datetime.datetime(2022, 1, 9, 17, 30, tzinfo=datetime.UTC), tick=False):
        assert editable(mentor) == {own_blkk}


def test_mentored_by_user_answers_for_another_day(mentor, own_blkk):
    MentorshipFactory(blkk=own_blkk, starts_on=datetime.date(2030, 1, 1))
    assert not Blkk.objects.mentored_by_user(mentor).exists()
    assert Blkk.objects.mentored_by_user(mentor, on=datetime.date(2030, 1, 1)).get() == own_blkk
