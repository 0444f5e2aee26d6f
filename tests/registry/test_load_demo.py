"""`manage.py load_demo`, registry part: 3,757 BLK-Ks as reported, the real three, the demo accounts."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from accounts.models import User
from accounts.roles import Role, roles_of
from forum.models import BoardPosition, Decree, Forum, Meeting
from registry.demo import allocate, build_specs
from registry.models import Blkk, Mentorship, Province, TrainingCentre

DEMO_PASSWORD = "sandi-demo-uji-2021"
REAL = {
    "BLK-K PP Ittihadiyah Tanre Assona": "73.15",
    "BLK-K PP Multidimensi Al-Fakhriyah": "73.71",
    "BLK-K PP Al Mubarak DDI Tobarakka": "73.13",
}


@pytest.fixture
def demo_settings(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.DEMO_PASSWORD = DEMO_PASSWORD
    return settings


def load_demo():
    out = StringIO()
    # The roadmap step adds ~10 s of reports; its own tests cover it.
    call_command("load_demo", "--only", "registry", "forum", stdout=out)
    return out.getvalue()


def snapshot():
    """What a second run must leave untouched: every BLK-K's facts, and the rows the other steps made."""
    return {
        "blkks": list(
            Blkk.objects.order_by("registry_number").values_list(
                "registry_number", "name", "regency_id", "level", "year_established", "mentor_centre_id", "version"
            )
        ),
        "fields": Blkk.vocational_fields.through.objects.count(),
        "history": Blkk.history.count(),
        "users": list(User.objects.order_by("username").values_list("username", flat=True)),
        "mentorships": Mentorship.objects.count(),
        "forums": Forum.objects.count(),
        "board": BoardPosition.objects.count(),
        "meetings": list(Meeting.objects.with_attendance().values_list("title", "attendee_count")),
        "decrees": list(Decree.objects.order_by("number").values_list("number", "status", "signed_sha256")),
    }


def test_load_demo_builds_the_reported_registry_and_a_second_run_changes_nothing(demo_settings):
    output = load_demo()

    assert "3757 BLK-Ks created" in output
    assert Blkk.objects.count() == 3757
    assert Blkk.objects.level_counts() == {
        "total": 3757,
        "tumbuh": 1752,
        "berkembang": 876,
        "mandiri": 283,
        "unclassified": 846,
    }
    assert Province.objects.with_blkk_counts().filter(blkk_count=0).count() == 0
    assert Blkk.objects.filter(in_incubator=True).count() == 100
    per_year = dict(Blkk.objects.values_list("year_established").annotate(n=Count("pk")))
    assert per_year == {2017: 50, 2018: 75, 2019: 988, 2020: 1014, 2021: 778, 2022: 852}
    makassar = TrainingCentre.objects.get(name="BBPVP Makassar")
    for name, regency in REAL.items():
        blkk = Blkk.objects.get(name=name)
        assert (blkk.regency_id, blkk.mentor_centre, blkk.host_type.code) == (regency, makassar, "PESANTREN")
    for blkk in Blkk.objects.all():
        blkk.clean_fields(exclude=["host_type", "regency", "mentor_centre"])

    before = snapshot()
    User.objects.get(username="kemnaker").set_password("changed-meanwhile-1")
    output = load_demo()

    assert "0 BLK-Ks created" in output
    assert snapshot() == before
    assert User.objects.get(username="kemnaker").check_password(DEMO_PASSWORD)


def test_demo_accounts_hold_their_roles_and_sign_in_with_the_demo_password(demo_settings, client):
    load_demo()
    users = {
        user.username: user
        for user in User.objects.filter(
            username__in=[
                "admin",
                "kemnaker",
                "pembina.makassar",
                "pengelola.alfakhriyah",
                "pengelola.tanreassona",
            ]
        )
    }

    assert users["admin"].is_staff and users["admin"].is_superuser
    assert roles_of(users["kemnaker"]) == {Role.MINISTRY}
    assert roles_of(users["pembina.makassar"]) == {Role.MENTOR}
    assert users["pembina.makassar"] in TrainingCentre.objects.get(name="BBPVP Makassar").staff.all()
    assert [b.name for b in Blkk.objects.managed_by(users["pengelola.alfakhriyah"])] == [
        "BLK-K PP Multidimensi Al-Fakhriyah"
    ]
    assert [b.name for b in Blkk.objects.managed_by(users["pengelola.tanreassona"])] == [
        "BLK-K PP Ittihadiyah Tanre Assona"
    ]
    assert client.login(username="pengelola.tanreassona", password=DEMO_PASSWORD)


def test_the_generated_set_is_the_same_on_every_build(db):
    first = [(s.registry_number, s.values["name"], s.values.get("phone"), s.fields) for s in build_specs()]
    second = [(s.registry_number, s.values["name"], s.values.get("phone"), s.fields) for s in build_specs()]

    assert first == second
    assert len({number for number, *_ in first}) == 3757


def test_allocation_gives_everyone_the_minimum_and_shares_the_rest_by_largest_remainder():
    # 97 left after the minimum: big 94.09, mid 2.81, tiny 0.10; the one seat over goes to mid.
    shares = allocate(100, {"big": 970, "mid": 29, "tiny": 1})

    assert shares == {"big": 95, "mid": 4, "tiny": 1}
    assert sum(allocate(3757, {str(i): i * i for i in range(1, 39)}).values()) == 3757


def test_load_demo_refuses_an_unknown_step(db):
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("load_demo", "--only", "everything")
