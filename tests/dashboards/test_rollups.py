"""The rollups equal a count from scratch, whatever sequence of reports and reviews came before."""

import pytest

from dashboards.states import State, in_state
from registry.models import Blkk, HostInstitutionType, VocationalField
from registry.services import save_blkk_profile
from roadmap import rollups
from roadmap.models import ROLLUP_COUNTS, FieldRollup, HostTypeRollup, Implementation, PeriodRollup, ProvinceRollup
from roadmap.scoring import score_trajectory
from tests.factories import ReportingPeriodFactory

from .world import approve, days, report

FIELDS = ["period_id", "blkk_id", *ROLLUP_COUNTS, "score"]
STATE_COLUMNS = {
    "running": State.RUNNING,
    "reported": State.REPORTED,
    "on_time": State.ON_TIME,
    "approved": State.APPROVED,
    "pending": State.PENDING,
    "returned": State.RETURNED,
    "stalled": State.STALLED,
}


def snapshot():
    rows = PeriodRollup.objects.order_by("period_id", "blkk_id").values_list(*FIELDS)
    return [(*row[:-1], None if row[-1] is None else round(row[-1], 6)) for row in rows]


def recount(world):
    """Every rollup number counted from the implementations and reports with the list filters."""
    expected = {}
    periods = list(world.periods)
    for index, period in enumerate(periods):
        previous = periods[index - 1] if index else None
        for blkk in world.blkks:
            implementations = Implementation.objects.filter(blkk=blkk)
            expected[(period.pk, blkk.pk)] = {
                column: in_state(implementations, state, period, previous).count()
                for column, state in STATE_COLUMNS.items()
            }
    return expected


@pytest.mark.django_db
def test_rollups_kept_on_write_equal_a_rebuild_from_scratch(world):
    kept_on_write = snapshot()

    rollups.rebuild()

    assert snapshot() == kept_on_write
    assert len(kept_on_write) == len(world.periods) * len(world.blkks)


@pytest.mark.django_db
def test_every_rollup_count_equals_the_rows_its_list_shows(world):
    expected = recount(world)

    for row in PeriodRollup.objects.values("period_id", "blkk_id", *STATE_COLUMNS):
        key = (row.pop("period_id"), row.pop("blkk_id"))
        assert row == expected[key], key


@pytest.mark.django_db
def test_the_rollup_score_is_the_roadmap_score_of_the_period(world):
    for blkk in world.blkks:
        by_period = dict(PeriodRollup.objects.filter(blkk=blkk).values_list("period_id", "score"))
        for period, overall in score_trajectory(blkk, world.roadmap):
            assert (None if by_period[period.pk] is None else round(by_period[period.pk], 1)) == overall


@pytest.mark.django_db
def test_the_world_covers_the_states_the_dashboards_show(world):
    totals = PeriodRollup.objects.filter(period=world.second).totals()
    current = PeriodRollup.objects.filter(period=world.current).totals()

    assert totals["pending"] == 2  # own permit resubmitted, other's certify
    assert totals["on_time"] == 0  # a past period: every report there was late
    assert current["on_time"] == current["reported"] > 0
    assert PeriodRollup.objects.filter(period=world.first).totals()["returned"] == 1  # Bandung's, never resubmitted
    assert current["stalled"] > 0


@pytest.mark.django_db
def test_a_submission_and_its_approval_move_the_rollup_in_the_same_transaction(world, other_blkk, mentor):
    implementation = Implementation.objects.get(programme=world.permit, blkk=other_blkk)
    before = PeriodRollup.objects.get(period=world.current, blkk=other_blkk)

    sent = report(implementation, other_blkk.managers.first(), world.current, progress=90)
    after_submit = PeriodRollup.objects.get(period=world.current, blkk=other_blkk)
    approve(sent, mentor)
    after_review = PeriodRollup.objects.get(period=world.current, blkk=other_blkk)

    assert after_submit.reported == before.reported + 1
    assert after_submit.pending == before.pending + 1
    assert after_review.approved == before.approved + 1
    assert after_review.pending == before.pending
    assert after_review.score > before.score


@pytest.mark.django_db
def test_a_new_period_gets_its_rows_at_once(world):
    added = ReportingPeriodFactory(
        roadmap=world.roadmap,
        label="Triwulan IV",
        starts_on=days(81),
        ends_on=days(170),
        opens_on=days(81),
        due_on=days(180),
    )

    rows = PeriodRollup.objects.filter(period=added)
    assert rows.count() == len(world.blkks)
    assert rows.totals()["running"] == 3 * len(world.blkks)


def province_snapshot():
    return sorted(
        ProvinceRollup.objects.values_list("period_id", "province_id", "blkk_count", "score_count", *ROLLUP_COUNTS)
    )


@pytest.mark.django_db
def test_the_province_sums_equal_the_sums_of_their_blkks_rows(world):
    expected = sorted(
        (period_id, province_id, row["blkk_count"], row["score_count"], *(row[name] for name in ROLLUP_COUNTS))
        for (period_id, province_id), row in _sums_by_province().items()
    )

    assert province_snapshot() == expected
    rollups.rebuild()
    assert province_snapshot() == expected


def _sums_by_province():
    from django.db.models import Count, Sum

    rows = PeriodRollup.objects.values("period_id", "blkk__regency__province_id").annotate(
        blkk_count=Count("pk"), score_count=Count("score"), **{name: Sum(name) for name in ROLLUP_COUNTS}
    )
    return {(row.pop("period_id"), row.pop("blkk__regency__province_id")): row for row in rows}


def slices():
    """The province sums split by host type and by field, comparable."""
    columns = ["period_id", "province_id", "blkk_count", "score_count", *ROLLUP_COUNTS]
    return [
        sorted((*row[:-1], round(row[-1], 6)) for row in model.objects.values_list(*columns, key, "score_sum"))
        for model, key in ((HostTypeRollup, "host_type_id"), (FieldRollup, "field_id"))
    ]


@pytest.mark.django_db
def test_a_report_recounts_the_groups_of_its_blkk_as_a_whole_recount_would(world, manager, mentor, admin_user):
    """A report recounts only its BLK-K's host type and fields in its province; the others are left as they were."""
    own, other = world.blkks[0], world.blkks[1]
    welding, sewing = VocationalField.objects.order_by("code")[:2]
    seminary = HostInstitutionType.objects.exclude(pk=own.host_type_id).order_by("code").first()
    for blkk, changes in ((own, {"vocational_fields": [welding, sewing]}), (other, {"host_type": seminary})):
        blkk = Blkk.objects.get(pk=blkk.pk)
        fields = changes.pop("vocational_fields", None)
        for name, value in changes.items():
            setattr(blkk, name, value)
        save_blkk_profile(blkk, by=admin_user, expected_version=blkk.version, vocational_fields=fields)
    fresh = Implementation.objects.get(programme=world.programmes[2], blkk=own)

    sent = report(fresh, manager, world.current, progress=35)
    after_report = slices()
    approve(sent, mentor)
    after_review = slices()

    assert after_report != after_review  # the approval moved the sums of own's groups
    rollups.refresh_provinces(world.roadmap.pk, {"73", "32"})
    assert slices() == after_review
    fields_of_73 = {row[-2] for row in after_review[1] if row[1] == "73"}
    assert fields_of_73 == {welding.pk, sewing.pk, None}  # other_blkk, with no field, under none
