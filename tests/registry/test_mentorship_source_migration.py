"""Migration registry 0005 turns each mentorship's decree number into a foreign key, and keeps what matches nothing."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("registry", "0005_choice_and_range_constraints")]
AFTER = [("registry", "0006_mentorship_source_decree")]


def migrate(targets):
    """Move the registry app to `targets`; returns the models as they were then (forum's as now)."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    forum = [node for node in executor.loader.graph.leaf_nodes() if node[0] == "forum"]
    return executor.loader.project_state([*targets, *forum]).apps


@pytest.fixture
def old_schema(transactional_db):
    apps = migrate(BEFORE)
    yield apps
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_numbers_become_decrees_and_the_rest_is_kept(old_schema):
    Decree = old_schema.get_model("forum", "Decree")
    Forum = old_schema.get_model("forum", "Forum")
    Mentorship = old_schema.get_model("registry", "Mentorship")
    centre = old_schema.get_model("registry", "TrainingCentre").objects.get(name="BBPVP Makassar")
    forum = Forum.objects.create(kind="national", name="FKN BLK-K")
    text = {
        "considerations": "-",
        "legal_bases": "-",
        "clauses": "-",
        "decree_date": datetime.date(2021, 12, 20),
        "signatory_name": "Budi",
        "signatory_title": "Dirjen",
        "signatory_nip": "196601011990031001",
        "effective_from": datetime.date(2021, 12, 20),
    }
    exact = Decree.objects.create(number="2/3612/LP.03.02/XII/2021", forum=forum, centre=centre, token="a", **text)
    by_id = Decree.objects.create(number="KEP.359/LATTAS/XI/2018", forum=forum, centre=centre, token="b", **text)
    sources = {
        "exact": exact.number,
        "spaced": " 2/3612/lp.03.02/xii/2021 ",
        "id": str(by_id.pk),
        "unknown": "SK/LAMA/2019",
        "empty": "",
    }
    rows = {
        key: Mentorship.objects.create(
            centre=centre, province_id="73", starts_on=datetime.date(2022, 1, 1), source=value
        ).pk
        for key, value in sources.items()
    }

    apps = migrate(AFTER)

    after = {
        row.pk: (row.source_id, row.legacy_source) for row in apps.get_model("registry", "Mentorship").objects.all()
    }
    assert after[rows["exact"]] == (exact.pk, "")
    assert after[rows["spaced"]] == (exact.pk, "")
    assert after[rows["id"]] == (by_id.pk, "")
    assert after[rows["unknown"]] == (None, "SK/LAMA/2019")
    assert after[rows["empty"]] == (None, "(none recorded)")

    # And back: each row gets its decree's number as text again.
    apps = migrate(BEFORE)
    back = dict(apps.get_model("registry", "Mentorship").objects.values_list("pk", "source"))
    assert back[rows["exact"]] == back[rows["spaced"]] == exact.number
    assert back[rows["id"]] == by_id.number
    assert back[rows["unknown"]] == "SK/LAMA/2019"
