"""Staff status alone grants nothing in the portal: a staff user without a role is a plain user there.

`is_staff` lets a person into Django admin, where model permissions decide what they do;
the portal's powers come from its roles and from being an admin (a superuser). This walks
every portal URL of access_table.py as an active staff user who holds no role and no
permission, and expects exactly the answers of `plain`, the signed-in user without a role:
same status, same redirects, and nothing the plain user may not see.
"""

import pytest

from accounts.roles import is_admin, sees_everything, uses_admin_site
from tests.factories import UserFactory

from .access_table import full_table
from .test_url_access import try_cell
from .world import signed_in_clients, world_in_transaction

pytestmark = pytest.mark.django_db

PORTAL = {name: cases for name, cases in full_table().items() if not name.startswith("admin:")}


def add_staff(world):
    world.users["staff"] = UserFactory(username="staf-tanpa-peran", is_staff=True)
    world.clients["staff"] = signed_in_clients(world)["staff"]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    yield from world_in_transaction(django_db_blocker, setup=add_staff)


def test_the_staff_user_holds_no_portal_power(world):
    staff = world.users["staff"]

    assert uses_admin_site(staff)
    assert not is_admin(staff)
    assert not sees_everything(staff)


@pytest.mark.parametrize("name", sorted(PORTAL))
def test_a_staff_user_without_a_role_gets_what_a_plain_user_gets(world, name):
    problems = []
    for case in PORTAL[name]:
        as_staff = type(case)(**{**vars(case), "expect": {"staff": case.expect["plain"]}})
        if (problem := try_cell(world, name, as_staff, "staff")) is not None:
            problems.append(problem)
    assert not problems, "\n".join(problems)


def test_the_navbar_offers_a_staff_user_django_admin_but_not_the_audit_log(world):
    response = world.clients["staff"].get("/blkk/")

    assert 'href="/admin/"' in response.text
    assert 'href="/audit/"' not in response.text
