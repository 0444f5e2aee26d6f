"""The BLK-K import from a ministry person's, a mentor's and a board member's point of view."""

import hashlib

import pytest
from django.urls import reverse

from blkk_portal import reasons
from registry.models import Blkk, SpreadsheetImport
from registry.services import blkk_regrouped
from tests.factories import BlkkFactory, MentorshipFactory, province, regency

from .sheets import HEADINGS_ID, csv_bytes, upload, xlsx_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_password_hashing")]

IMPORT = reverse("dashboards:blkk-import")
CONFIRM = reverse("dashboards:blkk-import-confirm")


@pytest.fixture
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def dry_run(client, content, name="blkk.csv"):
    return client.post(IMPORT, {"file": upload(content, name)})


def confirm(client, response, content, name="blkk.csv"):
    record = response.context["record"]
    return client.post(CONFIRM, {"dry_run": record.pk, "file": upload(content, name)})


NEW_ROWS = [
    [*HEADINGS_ID, "Provinsi", "Tahun berdiri", "Kejuruan"],
    ["BLKK-2024-73.71-0001", "BLK-K PP Baru Satu", "PP Baru Satu", "Pondok Pesantren", "Kota Makassar",
     "Sulawesi Selatan", "2024", "Teknik Las"],
    ["BLKK-2024-73.13-0002", "BLK-K PP Baru Dua", "PP Baru Dua", "Seminari", "Kabupaten Wajo", "", "2024", ""],
]  # fmt: skip


def test_ministry_staff_add_blkks_after_a_clean_dry_run(client, ministry):
    client.force_login(ministry)
    content = xlsx_bytes(NEW_ROWS)

    checked = dry_run(client, content, "baru.xlsx")
    assert checked.status_code == 200
    plan = checked.context["plan"]
    assert plan.errors == []
    assert [row.registry_number for row in plan.created] == ["BLKK-2024-73.71-0001", "BLKK-2024-73.13-0002"]
    assert not Blkk.objects.exists(), "the dry run writes nothing"

    done = confirm(client, checked, content, "baru.xlsx")
    assert done.status_code == 302
    first = Blkk.objects.get(registry_number="BLKK-2024-73.71-0001")
    assert first.regency.code == "73.71" and first.host_type.code == "PESANTREN"
    assert [f.code for f in first.vocational_fields.all()] == ["LAS"]
    assert Blkk.objects.get(registry_number="BLKK-2024-73.13-0002").regency.code == "73.13"
    record = SpreadsheetImport.objects.get()
    assert record.status == SpreadsheetImport.Status.IMPORTED
    assert record.sha256 == hashlib.sha256(content).hexdigest()
    assert record.file_name == "baru.xlsx" and record.user == ministry and record.imported_at
    assert first.history.first().history_change_reason == record.reason()
    assert first.history.first().history_user == ministry


def test_a_change_lists_old_and_new_values_and_writes_one_history_entry(client, ministry, own_blkk):
    client.force_login(ministry)
    content = csv_bytes([["Registry number", "Contact phone", "Operating permit number", "Operating permit date"],
                         [own_blkk.registry_number, "0411 999999", "503/12/DPMPTSP/2023", "2023-05-17"]])  # fmt: skip
    checked = dry_run(client, content)
    (row,) = checked.context["plan"].changed
    assert ("contact phone", "0411 123456", "0411 999999") in [(str(a), b, c) for a, b, c in row.changes]
    assert "0411 123456 → 0411 999999" in checked.content.decode()

    confirm(client, checked, content)
    own_blkk.refresh_from_db()
    assert own_blkk.phone == "0411 999999" and str(own_blkk.permit_date) == "2023-05-17"
    assert own_blkk.version == 2
    assert own_blkk.history.count() == 2
    assert reasons.render(own_blkk.history.first().history_change_reason).startswith("Import of blkk.csv")


def test_every_error_of_every_row_is_listed_with_row_column_and_value(client, ministry, own_blkk):
    client.force_login(ministry)
    client.cookies.load({"django_language": "id"})
    rows = [
        [*HEADINGS_ID, "Tahun berdiri", "Status operasional"],
        ["BLKK-2024-73.71-0009", "Baru", "PP", "Pabrik Roti", "Kota Makassar", "2024", "beroperasi"],
        ["bukan nomor", "X", "PP", "Pondok Pesantren", "Kota Makassar", "2024", "beroperasi"],
        [own_blkk.registry_number, "", "PP", "Pondok Pesantren", "Kota Antah", "1999", "kadang-kadang"],
        [own_blkk.registry_number, "Dua kali", "PP", "Pondok Pesantren", "Kota Makassar", "2020", "beroperasi"],
    ]
    checked = dry_run(client, csv_bytes(rows))
    errors = [(e.row, e.column, e.value) for e in checked.context["plan"].errors]
    assert errors == [
        (2, "Jenis lembaga induk", "Pabrik Roti"),
        (3, "Nomor registrasi", "bukan nomor"),
        (4, "Nama", ""),
        (4, "Status operasional", "kadang-kadang"),
        (4, "Tahun berdiri", "1999"),
        (4, "Kabupaten/Kota", "Kota Antah"),
        (5, "Nomor registrasi", own_blkk.registry_number),
    ]
    body = checked.content.decode()
    assert "Baris 4" in body and "Kota Antah" in body
    assert "confirm" not in checked.context or checked.context["confirm"] is None


def test_errors_read_in_english_for_an_english_reader(client, ministry):
    client.force_login(ministry)
    client.cookies.load({"django_language": "en"})
    checked = dry_run(client, csv_bytes([["Registry number", "Name"], ["BLKK-2024-73.71-0009", "Baru"]]))
    messages = [e.message for e in checked.context["plan"].errors]
    assert "A new BLK-K needs this column filled in." in messages


def test_a_mentor_may_change_their_scope_but_a_row_outside_it_is_an_error(client, mentor, own_blkk):
    MentorshipFactory(province=province("73"))
    far = BlkkFactory(registry_number="BLKK-2020-32.73-0001", regency=regency("32.73"))
    client.force_login(mentor)
    rows = [["Registry number", "Contact phone"], [own_blkk.registry_number, "0411 111111"],
            [far.registry_number, "022 111111"], ["BLKK-2024-73.71-0777", "0411 222222"]]  # fmt: skip
    checked = dry_run(client, csv_bytes(rows))
    errors = {e.row: e.message for e in checked.context["plan"].errors}
    assert set(errors) == {3, 4}
    assert "outside" in errors[3].lower() or "luar" in errors[3].lower()
    assert checked.context["confirm"] is None
    far.refresh_from_db()
    assert far.phone == "0411 123456"


def test_the_confirm_step_refuses_a_file_that_changed_since_the_dry_run(client, ministry, own_blkk):
    client.force_login(ministry)
    first = csv_bytes([["Registry number", "Contact phone"], [own_blkk.registry_number, "0411 999999"]])
    checked = dry_run(client, first)
    edited = csv_bytes([["Registry number", "Contact phone"], [own_blkk.registry_number, "0411 888888"]])
    refused = confirm(client, checked, edited)
    assert refused.status_code == 409
    assert "berubah" in refused.context["refusal"] or "changed" in refused.context["refusal"]
    own_blkk.refresh_from_db()
    assert own_blkk.phone == "0411 123456"
    assert SpreadsheetImport.objects.get().status == SpreadsheetImport.Status.CHECKED


def test_the_confirm_step_refuses_when_the_registry_changed_since_the_dry_run(client, ministry, own_blkk):
    client.force_login(ministry)
    content = csv_bytes([["Registry number", "Contact phone"], [own_blkk.registry_number, "0411 999999"]])
    checked = dry_run(client, content)
    Blkk.objects.filter(pk=own_blkk.pk).update(phone="0411 999999")
    refused = confirm(client, checked, content)
    assert refused.status_code == 409
    assert Blkk.objects.get(pk=own_blkk.pk).history.count() == 1


def test_a_dry_run_is_imported_once_and_only_by_its_own_person(client, ministry, admin_user, own_blkk):
    client.force_login(ministry)
    content = csv_bytes([["Registry number", "Contact phone"], [own_blkk.registry_number, "0411 999999"]])
    checked = dry_run(client, content)
    client.force_login(admin_user)
    assert confirm(client, checked, content).status_code == 409
    client.force_login(ministry)
    assert confirm(client, checked, content).status_code == 302
    assert confirm(client, checked, content).status_code == 409
    assert Blkk.objects.get(pk=own_blkk.pk).history.count() == 2


def test_all_or_nothing_when_a_row_fails_while_writing(client, ministry, own_blkk, monkeypatch):
    other = BlkkFactory()
    client.force_login(ministry)
    content = csv_bytes([["Registry number", "Contact phone"], [own_blkk.registry_number, "0411 999999"],
                         [other.registry_number, "0411 777777"]])  # fmt: skip
    checked = dry_run(client, content)
    from registry import services

    real_apply = services._apply

    def fail_on_second(change, user, reason):
        if change.registry_number == other.registry_number:
            raise RuntimeError("disk full")
        real_apply(change, user, reason)

    monkeypatch.setattr(services, "_apply", fail_on_second)
    client.raise_request_exception = False
    assert confirm(client, checked, content).status_code == 500
    assert Blkk.objects.get(pk=own_blkk.pk).phone == "0411 123456"


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_directory_export_round_trips(client, ministry, own_blkk, other_blkk, language):
    client.force_login(ministry)
    client.cookies.load({"django_language": language})
    for fmt in ("csv", "xlsx"):
        export = client.get(reverse("dashboards:directory-export", args=[fmt]))
        content = b"".join(export.streaming_content) if export.streaming else export.getvalue()
        checked = dry_run(client, content, f"direktori.{fmt}")
        plan = checked.context["plan"]
        assert plan.errors == [], plan.errors
        assert len(plan.unchanged) == 2 and not plan.changed and not plan.created


def test_the_template_downloads_in_the_user_language_and_checks_cleanly(client, ministry):
    client.force_login(ministry)
    client.cookies.load({"django_language": "id"})
    response = client.get(reverse("dashboards:blkk-import-template", args=["csv"]))
    content = b"".join(response.streaming_content)
    assert content.decode("utf-8-sig").startswith("Nomor registrasi,Nama,Lembaga induk")
    checked = dry_run(client, content, "template.csv")
    assert checked.context["plan"].errors == []
    assert len(checked.context["plan"].created) == 1


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"PK\x03\x04 not really a zip", "rusak.xlsx", "damaged"),
        (b"\x00\x01\x02binary", "gambar.csv", "neither"),
        (b"", "kosong.csv", "empty"),
        (b"%PDF-1.4", "surat.xlsx", "not an Excel"),
    ],
)
def test_a_malformed_file_gets_a_clear_message(client, ministry, content, name, message):
    client.force_login(ministry)
    client.cookies.load({"django_language": "en"})
    response = dry_run(client, content, name)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["file"])


def test_a_file_over_10_mb_is_refused(client, ministry):
    client.force_login(ministry)
    client.cookies.load({"django_language": "en"})
    response = dry_run(client, b"a," * (5 * 1024 * 1024 + 1))
    assert "larger than 10 MB" in " ".join(response.context["form"].errors["file"])


def test_formulas_are_not_run_and_hidden_sheets_are_not_read(client, ministry, own_blkk):
    client.force_login(ministry)
    rows = [["Registry number", "Contact phone"], [own_blkk.registry_number, '=HYPERLINK("http://x")']]
    content = xlsx_bytes(rows, hidden=[["Registry number", "Contact phone"], [own_blkk.registry_number, "1"]])
    plan = dry_run(client, content, "f.xlsx").context["plan"]
    # openpyxl saved no cached value for the formula: the cell reads as empty, never as the formula's result.
    assert [(c[1], c[2]) for c in plan.changed[0].changes] == [("0411 123456", "—")]


def test_a_row_that_moves_a_blkk_to_another_province_goes_through_the_move_workflow(client, ministry, own_blkk):
    """As a profile save does: the roadmap's rollups of both provinces are recounted (`blkk_regrouped`)."""
    moves = []

    def record(sender, *, blkk, old_regency, **kwargs):
        moves.append((blkk.pk, old_regency.code, blkk.regency_id))

    blkk_regrouped.connect(record, dispatch_uid="test-import-move")
    try:
        client.force_login(ministry)
        content = csv_bytes([["Registry number", "Regency code (Kemendagri)"], [own_blkk.registry_number, "32.73"]])
        confirm(client, dry_run(client, content), content)
    finally:
        blkk_regrouped.disconnect(dispatch_uid="test-import-move")

    assert moves == [(own_blkk.pk, "73.71", "32.73")]
