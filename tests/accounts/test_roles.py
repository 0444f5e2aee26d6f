"""Role groups and the helpers that name them."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group

from accounts.roles import (
    Role,
    has_role,
    is_admin,
    is_board_member,
    is_manager,
    is_mentor,
    is_ministry,
    may_read_audit_log,
    roles_of,
    sees_everything,
    uses_admin_site,
)
from tests.factories import UserFactory


def test_migrations_create_one_group_per_role(db):
    names = set(Group.objects.values_list("name", flat=True))

    assert names >= {"ministry_staff", "mentor_staff", "forum_board", "blkk_manager"}
    assert {role.value for role in Role} == {"ministry_staff", "mentor_staff", "forum_board", "blkk_manager"}


def test_anonymous_visitors_hold_no_role():
    anonymous = AnonymousUser()

    assert roles_of(anonymous) == frozenset()
    assert not is_admin(anonymous)
    assert not sees_everything(anonymous)


@pytest.mark.parametrize(
    ("role", "helper"),
    [
        (Role.MINISTRY, is_ministry),
        (Role.MENTOR, is_mentor),
        (Role.BOARD, is_board_member),
        (Role.MANAGER, is_manager),
    ],
)
def test_each_helper_recognises_its_own_role_and_no_other(db, role, helper):
    holder = UserFactory(roles=[role])
    others = UserFactory(roles=[other for other in Role if other != role])

    assert helper(holder)
    assert not helper(others)


def test_a_person_may_hold_several_roles(db):
    user = UserFactory(roles=[Role.MENTOR, Role.BOARD])

    assert roles_of(user) == {Role.MENTOR, Role.BOARD}
    assert has_role(user, Role.BOARD)
    assert not has_role(user, Role.MANAGER)


def test_roles_are_read_once_per_user_object(db, django_assert_num_queries):
    user = UserFactory(roles=[Role.MINISTRY])

    with django_assert_num_queries(1):  # the user's group names
        roles_of(user)
        is_ministry(user)
        is_mentor(user)
        sees_everything(user)


def test_ministry_staff_and_admins_see_everything(ministry, admin_user, mentor, manager):
    assert sees_everything(ministry)
    assert sees_everything(admin_user)
    assert not sees_everything(mentor)
    assert not sees_everything(manager)


def test_only_active_superusers_count_as_admins(db):
    assert is_admin(UserFactory(is_staff=True, is_superuser=True))
    assert not is_admin(UserFactory(is_staff=True, is_superuser=True, is_active=False))
    assert not is_admin(UserFactory(roles=[Role.MINISTRY]))


def test_staff_status_alone_opens_django_admin_and_no_portal_power(db):
    staff = UserFactory(is_staff=True)

    assert uses_admin_site(staff)
    assert not is_admin(staff)
    assert not sees_everything(staff)
    assert not may_read_audit_log(staff)
    assert roles_of(staff) == frozenset()


def test_staff_status_adds_nothing_to_a_role(db):
    staff_ministry = UserFactory(is_staff=True, roles=[Role.MINISTRY])

    assert sees_everything(staff_ministry)
    assert not is_admin(staff_ministry)
