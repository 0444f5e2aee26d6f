"""A BLK-K that moves to another province, host type or set of fields: the rollups are recounted in the same save.

The dashboards read ProvinceRollup, which sums BLK-K rows by the BLK-K's current province,
and HostTypeRollup and FieldRollup, which split those sums by host type and by field.
Saving the change through registry.services (from admin or any profile save) must leave
them equal to a count from scratch.
"""

from unittest import mock

import pytest
from django.urls import reverse

from registry.models import Blkk, HostInstitutionType, VocationalField
from registry.services import save_blkk_profile
from roadmap import rollups
from roadmap.models import ROLLUP_COUNTS, FieldRollup, HostTypeRollup, ProvinceRollup
from tests.factories import regency

pytestmark = pytest.mark.django_db

COLUMNS = ["period_id", "province_id", "blkk_count", "score_sum", "score_count", *ROLLUP_COUNTS]


def province_rows(*codes, model=ProvinceRollup, key=()):
    rows = model.objects.filter(province_id__in=codes).order_by("province_id", *key, "period_id")
    return [(*row[:3], round(row[3], 6), *row[4:]) for row in rows.values_list(*COLUMNS, *key)]


def all_rows(*codes):
    return [
        province_rows(*codes),
        province_rows(*codes, model=HostTypeRollup, key=["host_type_id"]),
        province_rows(*codes, model=FieldRollup, key=["field_id"]),
    ]


def from_scratch(*codes):
    """The rows a full rebuild gives (whole provinces, by host type, by field), without keeping it."""
    kept = all_rows(*codes)
    rollups.rebuild()
    rebuilt = all_rows(*codes)
    return kept, rebuilt


def blkk_counts(code):
    return dict(ProvinceRollup.objects.filter(province_id=code).values_list("period_id", "blkk_count"))


def move(blkk, regency_code, by):
    blkk = Blkk.objects.get(pk=blkk.pk)
    blkk.regency = regency(regency_code)
    return save_blkk_profile(blkk, by=by, expected_version=blkk.version)


def test_a_profile_move_recounts_the_old_and_the_new_province(world, own_blkk, admin_user):
    before_73, before_32 = blkk_counts("73"), blkk_counts("32")

    move(own_blkk, "32.73", admin_user)  # Kota Makassar → Kota Bandung

    assert {period: count - 1 for period, count in before_73.items()} == blkk_counts("73")
    assert {period: count + 1 for period, count in before_32.items()} == blkk_counts("32")
    kept, rebuilt = from_scratch("73", "32")
    assert kept == rebuilt


def test_an_admin_move_recounts_both_provinces(client, world, own_blkk, admin_user):
    client.force_login(admin_user)
    blkk = Blkk.objects.get(pk=own_blkk.pk)
    data = {
        "registry_number": blkk.registry_number,
        "name": blkk.name,
        "host_name": blkk.host_name,
        "host_type": blkk.host_type_id,
        "year_established": blkk.year_established,
        "status": blkk.status,
        "regency": "32.73",
        "accreditation": "",
        "phone": blkk.phone,
        "managers": [u.pk for u in blkk.managers.all()],
        "opened_version": blkk.version,
    }

    response = client.post(reverse("admin:registry_blkk_change", args=[blkk.pk]), data)

    assert response.status_code == 302
    assert Blkk.objects.get(pk=blkk.pk).regency_id == "32.73"
    kept, rebuilt = from_scratch("73", "32")
    assert kept == rebuilt
    assert any(row[1] == "32" and row[2] == 2 for row in kept[0])  # Bandung now counts two BLK-Ks


def test_the_last_blkk_to_leave_a_province_takes_its_rows_with_it(world, admin_user):
    move(world.far_blkk, "73.71", admin_user)  # the only BLK-K of Jawa Barat

    assert not ProvinceRollup.objects.filter(province_id="32").exists()
    kept, rebuilt = from_scratch("73", "32")
    assert kept == rebuilt


def test_a_move_within_the_province_recounts_nothing(world, own_blkk, admin_user):
    with mock.patch.object(rollups, "refresh_provinces") as recount, mock.patch.object(rollups, "rebuild") as full:
        move(own_blkk, "73.13", admin_user)  # Kota Makassar → Kab. Wajo, both Sulawesi Selatan

    assert not recount.called and not full.called


def test_a_save_that_does_not_move_recounts_nothing(world, own_blkk, admin_user):
    blkk = Blkk.objects.get(pk=own_blkk.pk)
    blkk.phone = "0411 101010"
    with mock.patch.object(rollups, "refresh_provinces") as recount:
        save_blkk_profile(blkk, by=admin_user, expected_version=blkk.version)

    assert not recount.called


def test_a_new_host_type_recounts_the_province_by_type(world, own_blkk, admin_user):
    seminary = HostInstitutionType.objects.exclude(pk=own_blkk.host_type_id).order_by("code").first()
    blkk = Blkk.objects.get(pk=own_blkk.pk)
    blkk.host_type = seminary

    save_blkk_profile(blkk, by=admin_user, expected_version=blkk.version)

    assert HostTypeRollup.objects.filter(province_id="73", host_type=seminary).exists()
    kept, rebuilt = from_scratch("73")
    assert kept == rebuilt


def test_new_vocational_fields_recount_the_province_by_field(world, own_blkk, admin_user):
    welding, sewing = VocationalField.objects.order_by("code")[:2]
    blkk = Blkk.objects.get(pk=own_blkk.pk)

    save_blkk_profile(blkk, by=admin_user, expected_version=blkk.version, vocational_fields=[welding, sewing])

    counted = FieldRollup.objects.filter(province_id="73", field__in=[welding, sewing]).values_list("field", flat=True)
    assert set(counted) == {welding.pk, sewing.pk}
    kept, rebuilt = from_scratch("73")
    assert kept == rebuilt


def test_the_same_fields_saved_again_recount_nothing(world, own_blkk, admin_user):
    welding = VocationalField.objects.order_by("code").first()
    own_blkk.vocational_fields.set([welding])
    blkk = Blkk.objects.get(pk=own_blkk.pk)
    with mock.patch.object(rollups, "refresh_provinces") as recount:
        save_blkk_profile(blkk, by=admin_user, expected_version=blkk.version, vocational_fields=[welding.pk])

    assert not recount.called


def test_deleting_a_field_recounts_its_blkks_under_none(world, own_blkk, admin_user):
    welding = VocationalField.objects.order_by("code").first()
    blkk = Blkk.objects.get(pk=own_blkk.pk)
    save_blkk_profile(blkk, by=admin_user, expected_version=blkk.version, vocational_fields=[welding])
    assert FieldRollup.objects.filter(field=welding).exists()

    welding.delete()

    kept, rebuilt = from_scratch("73", "32")
    assert kept == rebuilt
