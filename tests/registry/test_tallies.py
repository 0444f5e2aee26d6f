"""The BLK-K tallies follow every change of a BLK-K, and say what a live count says.

`ProvinceTally` and `FieldTally` count each province's BLK-Ks by host type, level,
status and field; the national overview reads them instead of grouping the registry.
After each kind of change (a new BLK-K, a profile save that moves it or changes its
type, status or fields, a classification, a deletion, a field deleted, an update of many
BLK-Ks at once) the rows must equal a recount from scratch, and the dashboards' numbers
from them must equal the live counts of the same BLK-Ks.
"""

import datetime
from collections import Counter
from unittest import mock

import pytest
from django.urls import reverse

from dashboards import querysets
from registry import tallies
from registry.models import Blkk, FieldTally, HostInstitutionType, Province, ProvinceTally, VocationalField
from registry.services import register_blkk, save_blkk_profile
from roadmap.services import record_classification
from tests.factories import BlkkFactory, regency

pytestmark = pytest.mark.django_db


def rows():
    """Every tally row, as comparable tuples."""
    province = ProvinceTally.objects.values_list("province_id", "host_type_id", "level", "status", "count")
    field = FieldTally.objects.values_list("province_id", "field_id", "level", "count")
    return sorted(province), sorted(field, key=str)


def from_scratch():
    """The rows before and after a rebuild (rolled back with the test)."""
    kept = rows()
    tallies.rebuild()
    return kept, rows()


def assert_counted_right():
    kept, rebuilt = from_scratch()
    assert kept == rebuilt
    # And the numbers from them are those of a live count, whole and by province, type and field.
    for code in (None, "73", "32"):
        blkks = Blkk.objects.all() if code is None else Blkk.objects.filter(regency__province_id=code)
        whole = querysets.Rollups(blkks, whole_provinces=True, province=code)
        live = querysets.Rollups(blkks)
        assert querysets.blkk_counts(blkks, whole) == querysets.blkk_counts(blkks)
        for by in ("province", "host_type", "field"):
            assert querysets.breakdown(blkks, whole, None, by) == querysets.breakdown(blkks, live, None, by), by


@pytest.fixture
def blkks(own_blkk, other_blkk):
    """Two BLK-Ks in Sulawesi Selatan and one in Jawa Barat, with a field or two."""
    welding, sewing = VocationalField.objects.order_by("code")[:2]
    own_blkk.vocational_fields.set([welding, sewing])
    other_blkk.vocational_fields.set([welding])
    far = BlkkFactory(name="BLK-K PP Bandung", regency=regency("32.73"))
    return own_blkk, other_blkk, far


def profile_save(blkk, by, **changes):
    fields = changes.pop("vocational_fields", None)
    blkk = Blkk.objects.get(pk=blkk.pk)
    for name, value in changes.items():
        setattr(blkk, name, value)
    return save_blkk_profile(blkk, by=by, expected_version=blkk.version, vocational_fields=fields)


def test_the_tallies_count_every_blkk_once_by_province_and_under_each_field(blkks):
    welding, sewing = VocationalField.objects.order_by("code")[:2]
    by_province, by_field = Counter(), Counter()
    for code, count in ProvinceTally.objects.values_list("province_id", "count"):
        by_province[code] += count
    for field_id, count in FieldTally.objects.values_list("field_id", "count"):
        by_field[field_id] += count

    assert by_province == {"73": 2, "32": 1}
    # own_blkk counts under two fields, other_blkk under one, the Bandung BLK-K under none.
    assert by_field == {welding.pk: 2, sewing.pk: 1, None: 1}
    assert_counted_right()


def test_a_registered_blkk_is_counted(blkks, admin_user):
    register_blkk(
        Blkk(
            registry_number="BLKK-2024-73.71-0099",
            name="BLK-K Baru",
            host_name="PP Baru",
            host_type=HostInstitutionType.objects.order_by("code").last(),
            regency=regency("73.71"),
            year_established=2024,
        ),
        by=admin_user,
    )

    assert_counted_right()


@pytest.mark.parametrize(
    "change",
    [
        {"regency_code": "32.73"},  # another province
        {"regency_code": "73.13"},  # another regency of the same province
        {"host_type_last": True},
        {"status": Blkk.Status.INACTIVE},
        {"fields": []},
        {"fields": "all"},
    ],
    ids=["moved", "moved-within", "host-type", "status", "fields-cleared", "fields-added"],
)
def test_a_profile_save_recounts_what_it_changed(blkks, admin_user, change):
    own = blkks[0]
    values = {}
    if "regency_code" in change:
        values["regency"] = regency(change["regency_code"])
    if "host_type_last" in change:
        values["host_type"] = HostInstitutionType.objects.exclude(pk=own.host_type_id).order_by("code").last()
    if "status" in change:
        values["status"] = change["status"]
    if "fields" in change:
        values["vocational_fields"] = list(VocationalField.objects.all()) if change["fields"] == "all" else []

    profile_save(own, admin_user, **values)

    assert_counted_right()


def test_a_classification_moves_the_blkk_to_its_new_level(blkks, ministry):
    own = blkks[0]
    record_classification(
        own,
        user=ministry,
        level=Blkk.Level.MANDIRI,
        assessed_on=datetime.date(2024, 6, 1),
        evidence="Visitasi.",
        note="Naik.",
    )

    assert ProvinceTally.objects.filter(province_id="73", level=Blkk.Level.MANDIRI).exists()
    assert_counted_right()


def test_a_deleted_blkk_is_no_longer_counted(blkks):
    blkks[2].delete()

    assert not ProvinceTally.objects.filter(province_id="32").exists()
    assert_counted_right()


def test_a_deleted_field_leaves_its_only_blkk_counted_under_none(blkks):
    welding = VocationalField.objects.order_by("code").first()  # other_blkk's only field

    welding.delete()

    assert FieldTally.objects.filter(province_id="73", field=None).exists()
    assert_counted_right()


def test_an_update_of_many_blkks_recounts_their_old_and_new_provinces(blkks):
    Blkk.objects.filter(regency__province_id="73").update(regency=regency("32.73"), level=Blkk.Level.TUMBUH)

    assert not ProvinceTally.objects.filter(province_id="73").exists()
    assert_counted_right()


def test_a_bulk_update_recounts_too(blkks):
    for blkk in blkks:
        blkk.status = Blkk.Status.INACTIVE
    Blkk.objects.bulk_update(blkks, ["status"])

    assert set(ProvinceTally.objects.values_list("status", flat=True)) == {Blkk.Status.INACTIVE}
    assert_counted_right()


def test_a_save_naming_only_other_fields_recounts_nothing(blkks, admin_user):
    with mock.patch.object(tallies, "recount") as recount:
        profile_save(blkks[0], admin_user, phone="0411 999999")
        Blkk.objects.get(pk=blkks[0].pk).save(update_fields=["phone"])
        Blkk.objects.filter(pk=blkks[0].pk).update(phone="0411 888888")

    # The profile save recounts its province (it cannot tell a phone from a move before saving);
    # a save naming only other fields recounts nothing.
    assert recount.call_count == 1


def test_a_bulk_deferred_block_recounts_once_at_its_end(blkks, admin_user):
    with mock.patch.object(tallies, "recount", wraps=tallies.recount) as recount, tallies.deferred(bulk=True):
        profile_save(blkks[0], admin_user, status=Blkk.Status.INACTIVE)
        profile_save(blkks[1], admin_user, status=Blkk.Status.INACTIVE)
        profile_save(blkks[2], admin_user, regency=regency("73.71"))
        assert not recount.called

    # Changed BLK-Ks may have left a province: every province is recounted, once.
    assert recount.call_count == 1
    assert set(recount.call_args.args[0]) == set(Province.objects.values_list("pk", flat=True))
    assert not ProvinceTally.objects.filter(province_id="32").exists()
    assert_counted_right()


def test_a_deferred_block_recounts_the_provinces_left_and_entered_once_at_its_end(blkks, admin_user):
    with mock.patch.object(tallies, "recount", wraps=tallies.recount) as recount, tallies.deferred():
        profile_save(blkks[0], admin_user, status=Blkk.Status.INACTIVE)
        profile_save(blkks[2], admin_user, regency=regency("73.71"))
        assert not recount.called

    recount.assert_called_once_with({"73", "32"})
    assert_counted_right()


def test_a_save_naming_a_column_recounts(blkks):
    blkk = Blkk.objects.get(pk=blkks[2].pk)
    blkk.regency_id = "73.71"
    blkk.save(update_fields=["regency_id"])

    assert not ProvinceTally.objects.filter(province_id="32").exists()
    assert_counted_right()


def test_a_bulk_deferred_block_that_only_adds_recounts_their_provinces(blkks, admin_user):
    with mock.patch.object(tallies, "recount", wraps=tallies.recount) as recount, tallies.deferred(bulk=True):
        BlkkFactory(name="BLK-K Baru 1", regency=regency("73.13"))
        BlkkFactory(name="BLK-K Baru 2", regency=regency("32.73"))

    recount.assert_called_once_with({"73", "32"})
    assert_counted_right()


def test_a_failing_deferred_block_recounts_nothing(blkks, admin_user):
    with mock.patch.object(tallies, "recount") as recount, pytest.raises(RuntimeError), tallies.deferred():
        profile_save(blkks[0], admin_user, status=Blkk.Status.INACTIVE)
        raise RuntimeError

    assert not recount.called


def test_the_national_overview_shows_the_live_counts(client, blkks, ministry):
    client.force_login(ministry)

    context = client.get(reverse("dashboards:national")).context

    assert context["counts"] == querysets.blkk_counts(Blkk.objects.all())
    live = querysets.breakdown(Blkk.objects.all(), querysets.Rollups(Blkk.objects.all()), None, "host_type")
    assert {row["key"]: row["total"] for row in context["tables"]["host_type"]} == {
        key: row["total"] for key, row in live.items()
    }
