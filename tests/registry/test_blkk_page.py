"""A BLK-K's page: every fact, links to its places, and the history of changes."""

import datetime

import pytest
import time_machine
from pytest_django.asserts import assertContains

from registry.history import history_of
from registry.models import Blkk, VocationalField
from tests.factories import BlkkFactory, MentorshipFactory, UserFactory, centre

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_password_hashing")]


@pytest.fixture
def full_blkk(manager):
    blkk = BlkkFactory(
        name="BLK-K PP Multidimensi Al-Fakhriyah",
        host_name="Pondok Pesantren Multidimensi Al-Fakhriyah",
        registry_number="BLKK-2019-73.71-0007",
        address="Jl. Pendidikan No. 1, Makassar",
        latitude="-5.147665",
        longitude="119.432732",
        year_established=2019,
        vin="VIN-7371-0042",
        permit_number="503/77/DPMPTSP/2021",
        permit_date=datetime.date(2021, 3, 5),
        accreditation=Blkk.Accreditation.B,
        in_incubator=True,
        level=Blkk.Level.BERKEMBANG,
        email="blkk@alfakhriyah.example.id",
        managers=[manager],
    )
    blkk.vocational_fields.add(VocationalField.objects.get(code="TIK"))
    MentorshipFactory(blkk=blkk)  # BBPVP Makassar mentors it by name (a decree's annex)
    return blkk


def test_the_page_shows_every_fact_of_the_blkk(client, ministry, full_blkk, manager):
    client.force_login(ministry)
    response = client.get(full_blkk.get_absolute_url())
    for text in [
        "BLK-K PP Multidimensi Al-Fakhriyah",
        "Pondok Pesantren Multidimensi Al-Fakhriyah",
        "Islamic boarding school",
        "BLKK-2019-73.71-0007",
        "Jl. Pendidikan No. 1, Makassar",
        "-5.147665, 119.432732",
        "2019",
        "Information and Communication Technology",
        "VIN-7371-0042",
        "503/77/DPMPTSP/2021, 5 March 2021",
        "berkembang (developing)",
        "operating",
        "blkk@alfakhriyah.example.id",
        "0411 123456",
        manager.display_name,
    ]:
        assert text in response.text, text
    assertContains(response, '<a href="/provinces/73/">Sulawesi Selatan</a>', html=True)
    assertContains(response, f'<a href="{centre().get_absolute_url()}">BBPVP Makassar</a>', html=True)
    assertContains(response, '<a href="/blkk/?province=73&amp;regency=73.71">Kota Makassar</a>', html=True)


def test_the_level_badge_carries_words_not_only_colour(client, ministry, full_blkk):
    client.force_login(ministry)
    response = client.get(full_blkk.get_absolute_url())
    assert '<span class="visually-hidden">Independence level: </span>berkembang (developing)' in response.text


def test_missing_facts_show_a_dash(client, ministry):
    bare = BlkkFactory(phone="")
    client.force_login(ministry)
    response = client.get(bare.get_absolute_url())
    assertContains(response, '<dd class="col-sm-7" data-testid="blkk-phone">—</dd>', html=True)


def test_history_records_who_when_and_which_fields(client, manager):
    with time_machine.travel(datetime.datetime(2022, 3, 1, 1, 0, tzinfo=datetime.UTC), tick=False):
        blkk = BlkkFactory(managers=[manager])
    with time_machine.travel(datetime.datetime(2022, 3, 1, 2, 30, tzinfo=datetime.UTC), tick=False):
        blkk.phone = "0411 765432"
        blkk._history_user = manager
        blkk.save()
    client.force_login(manager)
    response = client.get(blkk.get_absolute_url())
    newest = response.context["history"][0]
    assert newest.who == manager.display_name
    assert [(c.label, c.old, c.new) for c in newest.changes] == [("contact phone", "0411 123456", "0411 765432")]
    # 02:30 UTC is 09:30 WIB.
    assert "1 March 2022, 09:30" in response.text
    assert response.context["history"][-1].created


def test_history_names_the_vocational_fields_added_and_removed(own_blkk):
    tik, las = VocationalField.objects.get(code="TIK"), VocationalField.objects.get(code="LAS")
    own_blkk.vocational_fields.add(tik)
    own_blkk.vocational_fields.set([las])
    newest = history_of(own_blkk)[0]
    change = newest.changes[0]
    assert (change.added, change.removed) == (["Welding"], [])
    # set() removes before it adds: the step before shows the removal.
    assert history_of(own_blkk)[1].changes[0].removed == ["Information and Communication Technology"]


def test_history_shows_choice_labels_and_related_names(own_blkk):
    own_blkk.level = Blkk.Level.MANDIRI
    own_blkk.mentor_centre = centre()
    own_blkk.in_incubator = True
    own_blkk.save()
    changes = {c.label: (c.old, c.new) for c in history_of(own_blkk)[0].changes}
    assert changes["independence level"] == ("not yet classified", "mandiri (independent)")
    assert changes["mentor centre"] == ("—", "BBPVP Makassar")
    assert changes["in the entrepreneurship incubator"] == ("no", "yes")


def test_a_change_without_a_user_is_shown_as_the_system(own_blkk):
    own_blkk.phone = "0411 000000"
    own_blkk.save()
    assert history_of(own_blkk)[0].who == "system"


def test_history_shows_the_latest_twenty_changes_newest_first(own_blkk):
    for n in range(25):
        own_blkk.phone = f"0411 1000{n:02d}"
        own_blkk.save()
    entries = history_of(own_blkk)
    assert len(entries) == 20
    assert entries[0].changes[0].new == "0411 100024"
    assert entries[-1].changes[0].new == "0411 100005"


@pytest.mark.parametrize("changes", [2, 10])
def test_the_blkk_page_query_count_does_not_grow_with_history_or_fields(
    client, manager, own_blkk, django_assert_num_queries, changes
):
    fields = list(VocationalField.objects.all()[:changes])
    for n, field in enumerate(fields):
        own_blkk.vocational_fields.add(field)
        own_blkk.phone = f"0411 2000{n:02d}"
        own_blkk._history_user = UserFactory()
        own_blkk.save()
    own_blkk.managers.add(*UserFactory.create_batch(changes))
    client.force_login(manager)
    # 1 session, 2 user, 3 savepoint, 4 the BLK-K with regency, province and host type,
    # 5 its vocational fields, 6 its managers, 7 the centres mentoring it today, 8 the
    # user's groups (roles), 9 whether the user may edit it, 10 the history records with
    # their users and related rows, 11 the vocational fields of those records, 12 release.
    with django_assert_num_queries(12):
        response = client.get(own_blkk.get_absolute_url())
    assert len(response.context["history"]) > changes
