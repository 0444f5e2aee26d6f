"""The data migrations that turn old change-reason sentences into codes, and back."""

from unittest import mock

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from blkk_portal import reasons
from tests.factories import BlkkFactory, DecreeFactory, ImplementationFactory, MeetingFactory, centre

# (app, migration before, the data migration)
MIGRATIONS = {
    "registry": ("0007_more_choice_constraints", "0008_change_reasons_as_codes"),
    "forum": ("0008_more_choice_constraints", "0009_change_reasons_as_codes"),
    "roadmap": ("0011_status_report_append_only", "0012_change_reasons_as_codes"),
}


def migrate(app, name):
    executor = MigrationExecutor(connection)
    executor.migrate([(app, name)])


@pytest.fixture(autouse=True)
def _no_tally_recounts():
    """The schema goes back to before the BLK-K tallies existed: the factories' saves must not recount them."""
    with mock.patch("registry.tallies.changed"):
        yield


@pytest.fixture
def leaves(transactional_db):
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def with_reasons(instance, texts):
    """A history row of `instance` for each text, as the workflows of the time stored it; their ids."""
    record = instance.history.first()
    ids = {}
    for text in texts:
        record.history_id, record.history_change_reason = None, text
        record.save()
        ids[text] = record.history_id
    return ids


def stored(instance, ids):
    rows = dict(instance.history.values_list("history_id", "history_change_reason"))
    return {text: rows[history_id] for text, history_id in ids.items()}


# Old sentence → what an Indonesian reader sees after the migration (None: left as it was).
REGISTRY = {
    "Import of blkk-sulsel.csv #7": "Impor blkk-sulsel.csv #7",
    "Impor tambahan 2024.xlsx #8": "Impor tambahan 2024.xlsx #8",
    "Classification of 2024-01-10: Hasil monev.": "Klasifikasi tanggal 10 Januari 2024: Hasil monev.",
    "mentor centre set by decree 2/3836/LP.03.02/XII/2022": (
        "balai pembina ditetapkan dengan surat keputusan 2/3836/LP.03.02/XII/2022"
    ),
    "load_demo": "Data demo",
    "Nomor kantor baru": None,
    "superseded": None,  # a decree's status word, but this is a BLK-K's history
}
# The old workflow wrote "set" also when a decree's end removed the centre: a row without one reads so.
REGISTRY_CENTRE_REMOVED = {
    "mentor centre set by decree 2/3836/LP.03.02/XII/2022": (
        "balai pembina dilepas: surat keputusan 2/3836/LP.03.02/XII/2022 berakhir"
    ),
}
FORUM_DECREE = {"dicabut": "dicabut", "signed PDF recorded": "PDF yang ditandatangani telah dicatat"}
FORUM_MEETING = {
    "Recorded with 3 attending BLK-Ks": "Dicatat dengan 3 BLK-K yang hadir",
    "Dicatat dengan 1 BLK-K yang hadir": "Dicatat dengan 1 BLK-K yang hadir",
}
ROADMAP = {
    "Report for 2024 Q3": "Laporan untuk 2024 Q3",
    "Laporan untuk 2024 Q3 disetujui": "Laporan untuk 2024 Q3 disetujui",
    "Joined the programme": "Bergabung dengan program kerja",
    "Programme moved to pillar 2": None,
}


def check_converted(instance, ids, expected):
    after = stored(instance, ids)
    for old, indonesian in expected.items():
        if indonesian is None:
            assert after[old] == old, "text that is no workflow's sentence stays as typed"
        else:
            assert after[old].startswith(reasons.PREFIX), old
            with translation.override("id"):
                assert reasons.render(after[old]) == indonesian


@pytest.mark.parametrize("app", MIGRATIONS)
def test_old_sentences_become_codes_and_come_back_in_english(leaves, app):
    before, data_migration = MIGRATIONS[app]
    migrate(app, before)
    if app == "registry":
        samples = [
            (BlkkFactory(mentor_centre=centre()), REGISTRY),
            (BlkkFactory(), REGISTRY_CENTRE_REMOVED),
        ]
    elif app == "forum":
        decree = DecreeFactory()
        samples = [(decree, FORUM_DECREE), (MeetingFactory(forum=decree.forum), FORUM_MEETING)]
    else:
        samples = [(ImplementationFactory(counted=False), ROADMAP)]
    ids = [with_reasons(instance, expected) for instance, expected in samples]

    migrate(app, data_migration)

    for (instance, expected), rows in zip(samples, ids, strict=True):
        check_converted(instance, rows, expected)

    migrate(app, before)

    for (instance, expected), rows in zip(samples, ids, strict=True):
        back = stored(instance, rows)
        for old, indonesian in expected.items():
            if indonesian is None:
                assert back[old] == old
            else:
                assert not back[old].startswith(reasons.PREFIX), "codes become English sentences again"


def test_rows_already_holding_codes_are_left_alone(leaves):
    migrate("registry", MIGRATIONS["registry"][0])
    blkk = BlkkFactory()
    code = reasons.encode("implementation.joined")
    ids = with_reasons(blkk, [code, "#1 priority"])

    migrate("registry", MIGRATIONS["registry"][1])

    assert stored(blkk, ids) == {code: code, "#1 priority": "#1 priority"}
