"""A confirmed import shows in the audit log: the file, its SHA-256, who, when and what it wrote."""

import hashlib

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from registry.models import SpreadsheetImport

from .sheets import csv_bytes, upload

pytestmark = pytest.mark.django_db

AUDIT = reverse("audit:log")


@pytest.fixture
def client():
    return Client(headers={"accept-language": "en"})


def import_entries(client, **query):
    response = client.get(AUDIT, {"kind": "import", **query})
    assert response.status_code == 200
    return response.context["entries"]


def run_import(client, content, name):
    checked = client.post(reverse("dashboards:blkk-import"), {"file": upload(content, name)})
    record = checked.context["record"]
    assert checked.context["plan"].errors == []
    done = client.post(reverse("dashboards:blkk-import-confirm"), {"dry_run": record.pk, "file": upload(content, name)})
    assert done.status_code == 302
    record.refresh_from_db()
    return record


NEW_ROW = [
    ["Registry number", "Name", "Host institution", "Host institution type", "Regency or city", "Year established"],
    ["BLKK-2024-73.71-0001", "BLK-K PP Baru Satu", "PP Baru Satu", "Pondok Pesantren", "Kota Makassar", "2024"],
]


def test_a_confirmed_import_names_its_file_hash_person_time_and_counts(client, ministry):
    client.force_login(ministry)
    client.cookies.load({"django_language": "en"})
    content = csv_bytes(NEW_ROW)
    before = timezone.now()
    record = run_import(client, content, "tambahan-2024.csv")

    (entry,) = import_entries(client)
    assert entry.subject == "tambahan-2024.csv"
    assert entry.who == ministry.display_name
    assert before <= entry.at == record.imported_at
    assert entry.action == "imported"
    changes = {str(c.label): c.new for c in entry.changes}
    assert changes["SHA-256"] == hashlib.sha256(content).hexdigest()
    assert (changes["BLK-Ks created"], changes["BLK-Ks changed"]) == ("1", "0")
    # The BLK-K's own history entry gives the same reason, so the two read together.
    assert entry.reason == f"Import of tambahan-2024.csv #{record.pk}"
    assert any(e.kind == "blkk" and e.reason == entry.reason for e in client.get(AUDIT).context["entries"])


def test_a_change_import_counts_the_changed_blkks(client, ministry, own_blkk, other_blkk):
    client.force_login(ministry)
    content = csv_bytes([["Registry number", "Contact phone"], [own_blkk.registry_number, "0411 999999"],
                         [other_blkk.registry_number, other_blkk.phone]])  # fmt: skip
    run_import(client, content, "telepon.csv")

    changes = {str(c.label): c.new for c in import_entries(client)[0].changes}
    assert (changes["BLK-Ks created"], changes["BLK-Ks changed"], changes["BLK-Ks unchanged"]) == ("0", "1", "1")


def test_a_dry_run_that_was_never_confirmed_is_not_in_the_log(client, ministry, own_blkk):
    client.force_login(ministry)
    content = csv_bytes([["Registry number", "Contact phone"], [own_blkk.registry_number, "0411 999999"]])
    client.post(reverse("dashboards:blkk-import"), {"file": upload(content, "coba.csv")})

    assert SpreadsheetImport.objects.count() == 1
    assert import_entries(client) == []


def test_imports_are_filtered_by_the_person_who_ran_them(client, ministry, admin_user, own_blkk):
    client.force_login(ministry)
    run_import(
        client, csv_bytes([["Registry number", "Contact phone"], [own_blkk.registry_number, "0411 999999"]]), "a.csv"
    )

    assert len(import_entries(client, user=ministry.username)) == 1
    assert import_entries(client, user=admin_user.username) == []
