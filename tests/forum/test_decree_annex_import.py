"""A draft decree's annex loaded from a spreadsheet of registry numbers, in Django admin."""

import hashlib

import pytest
from django.test import Client
from django.urls import reverse

from forum.annex_import import AnnexRefused, import_annex
from forum.models import Decree
from forum.services import sign_decree
from registry.models import SpreadsheetImport
from registry.spreadsheets import read_upload
from tests.factories import BlkkFactory, DecreeFactory, ForumFactory, national_forum, regency
from tests.forum.decree_support import signed_decree
from tests.forum.decree_support import upload as pdf_upload
from tests.imports.sheets import csv_bytes, upload, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(admin_user):
    client = Client(headers={"accept-language": "en"})
    client.force_login(admin_user)
    return client


@pytest.fixture
def makassar():
    return [BlkkFactory(regency=regency("73.71")) for _ in range(3)]


@pytest.fixture
def draft(makassar):
    decree = DecreeFactory(forum=ForumFactory())
    decree.annex_blkks.set(makassar[:1])
    return decree


def dry_run(client, decree, content, name="annex.csv"):
    return client.post(reverse("admin:forum_decree_annex_import", args=[decree.pk]), {"file": upload(content, name)})


def confirm(client, decree, checked, content, name="annex.csv"):
    data = {"dry_run": checked.context["record"].pk, "file": upload(content, name)}
    return client.post(reverse("admin:forum_decree_annex_import_confirm", args=[decree.pk]), data)


def annex_numbers(decree):
    return sorted(decree.annex_blkks.values_list("registry_number", flat=True))


def test_the_draft_decree_page_links_to_the_annex_import(client, draft):
    page = client.get(reverse("admin:forum_decree_change", args=[draft.pk])).content.decode()

    assert reverse("admin:forum_decree_annex_import", args=[draft.pk]) in page


def test_a_directory_style_file_replaces_the_annex_after_the_dry_run(client, draft, makassar, admin_user):
    entries_before = draft.history.count()
    numbers = [blkk.registry_number for blkk in makassar[1:]]
    content = xlsx_bytes([["Nomor registrasi", "Nama"], *[[n, "x"] for n in numbers]])

    checked = dry_run(client, draft, content, "lampiran.xlsx")
    plan = checked.context["plan"]
    assert plan.errors == []
    assert [b.registry_number for b in plan.added] == numbers
    assert [b.registry_number for b in plan.removed] == [makassar[0].registry_number]
    assert annex_numbers(draft) == [makassar[0].registry_number], "the dry run writes nothing"

    done = confirm(client, draft, checked, content, "lampiran.xlsx")
    assert done.status_code == 302
    assert annex_numbers(draft) == sorted(numbers)
    record = SpreadsheetImport.objects.get()
    assert (record.kind, record.status, record.target) == ("annex", "imported", draft.number)
    assert record.sha256 == hashlib.sha256(content).hexdigest()
    latest = draft.history.first()
    assert latest.history_user == admin_user and latest.history_change_reason == record.reason()
    assert draft.history.count() == entries_before + 1, "one history entry for the whole change"


def test_a_bare_column_of_numbers_without_a_heading_is_read_whole(client, draft, makassar):
    content = csv_bytes([[blkk.registry_number] for blkk in makassar])

    plan = dry_run(client, draft, content).context["plan"]

    assert plan.errors == []
    assert [b.registry_number for b in plan.blkks] == [b.registry_number for b in makassar]


def test_every_unknown_duplicate_and_out_of_province_number_is_listed_at_once(client, draft, makassar):
    bandung = BlkkFactory(registry_number="BLKK-2020-32.73-0001", regency=regency("32.73"))
    rows = [["Registry number"], [makassar[1].registry_number], ["BLKK-2099-73.71-9999"], ["bukan nomor"],
            [makassar[1].registry_number], [bandung.registry_number]]  # fmt: skip

    checked = dry_run(client, draft, csv_bytes(rows))

    errors = [(e.row, e.value) for e in checked.context["plan"].errors]
    assert errors == [(3, "BLKK-2099-73.71-9999"), (4, "BUKAN NOMOR"), (5, makassar[1].registry_number),
                      (6, bandung.registry_number)]  # fmt: skip
    body = checked.content.decode()
    assert "already in row 2" in body and "outside Sulawesi Selatan" in body
    assert checked.context["confirm"] is None
    assert annex_numbers(draft) == [makassar[0].registry_number]


def test_the_national_forum_takes_blkks_of_every_province(client, makassar):
    decree = DecreeFactory(forum=national_forum())
    bandung = BlkkFactory(registry_number="BLKK-2020-32.73-0001", regency=regency("32.73"))

    plan = dry_run(client, decree, csv_bytes([[makassar[0].registry_number], [bandung.registry_number]])).context[
        "plan"
    ]

    assert plan.errors == []


def test_a_file_changed_since_the_dry_run_is_refused(client, draft, makassar):
    checked = dry_run(client, draft, csv_bytes([[makassar[1].registry_number]]))

    refused = confirm(client, draft, checked, csv_bytes([[makassar[2].registry_number]]))

    assert refused.status_code == 409
    assert "content changed" in refused.context["refusal"]
    assert annex_numbers(draft) == [makassar[0].registry_number]


def test_a_decree_signed_after_the_dry_run_keeps_its_annex(client, draft, makassar, admin_user, temp_media):
    content = csv_bytes([[makassar[1].registry_number]])
    checked = dry_run(client, draft, content)
    record = checked.context["record"]
    sign_decree(Decree.objects.get(pk=draft.pk), pdf_upload(), user=admin_user, accept_unsigned=True)

    # The service reads the decree again under a lock, whatever copy it is handed.
    with pytest.raises(AnnexRefused, match="signed"):
        import_annex(record, read_upload(upload(content, "annex.csv")), draft, user=admin_user)
    # The page sends the person back to the decree.
    assert confirm(client, draft, checked, content).status_code == 302

    assert annex_numbers(draft) == [makassar[0].registry_number]
    record.refresh_from_db()
    assert record.status == SpreadsheetImport.Status.CHECKED


def test_a_signed_decree_offers_no_annex_import(client, admin_user, temp_media):
    decree = signed_decree(admin_user)

    response = client.get(reverse("admin:forum_decree_annex_import", args=[decree.pk]))

    assert response.status_code == 302
    assert response.url == reverse("admin:forum_decree_change", args=[decree.pk])


def test_a_board_appointment_has_no_annex_to_load(client, makassar):
    decree = DecreeFactory(kind=Decree.Kind.BOARD, centre=None)

    response = dry_run(client, decree, csv_bytes([[makassar[0].registry_number]]))

    assert "no annex" in response.context["refusal"]
    assert not SpreadsheetImport.objects.exists()


def test_a_file_with_several_columns_and_no_registry_number_heading_is_explained(client, draft):
    checked = dry_run(client, draft, csv_bytes([["Nama", "Kota"], ["A", "B"]]))

    assert "no “Registry number” column" in checked.context["plan"].errors[0].message


def test_a_damaged_file_gets_a_message_beside_the_field(client, draft):
    response = dry_run(client, draft, b"PK\x03\x04 broken", "lampiran.xlsx")

    assert response.status_code == 200
    assert "damaged" in " ".join(response.context["form"].errors["file"])


def test_a_dry_run_of_another_person_cannot_be_confirmed(client, draft, makassar, ministry):
    content = csv_bytes([[makassar[1].registry_number]])
    checked = dry_run(client, draft, content)
    ministry.is_staff = ministry.is_superuser = True
    ministry.save()
    client.force_login(ministry)

    assert confirm(client, draft, checked, content).status_code == 409
    assert annex_numbers(draft) == [makassar[0].registry_number]


@pytest.fixture
def temp_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_a_loaded_annex_is_in_the_audit_log(client, draft, makassar):
    content = csv_bytes([[makassar[1].registry_number]])
    confirm(client, draft, dry_run(client, draft, content, "lampiran.csv"), content, "lampiran.csv")

    (entry,) = client.get(reverse("audit:log"), {"kind": "import"}).context["entries"]

    assert entry.subject == f"Annex of decree {draft.number} from lampiran.csv"
    changes = {str(c.label): c.new for c in entry.changes}
    assert changes["SHA-256"] == hashlib.sha256(content).hexdigest()
    assert (changes["BLK-Ks added to the annex"], changes["BLK-Ks removed from it"]) == ("1", "1")
