"""The BLK-K import in Django admin: the same dry run and confirm, for admins, over the whole registry."""

import pytest
from django.test import Client
from django.urls import reverse

from registry.models import Blkk, SpreadsheetImport
from tests.factories import UserFactory

from .sheets import csv_bytes, upload

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:registry_blkk_import")
CONFIRM = reverse("admin:registry_blkk_import_confirm")
NEW_BLKK = [
    ["Registry number", "Name", "Host institution", "Host institution type", "Regency or city", "Year established"],
    ["BLKK-2024-73.71-0001", "BLK-K PP Baru Satu", "PP Baru Satu", "Pondok Pesantren", "Kota Makassar", "2024"],
]


@pytest.fixture
def client():
    return Client(headers={"accept-language": "en"})


def test_the_changelist_links_to_the_import(client, admin_user):
    client.force_login(admin_user)

    assert IMPORT in client.get(reverse("admin:registry_blkk_changelist")).content.decode()


def test_an_admin_checks_then_imports_with_the_same_file(client, admin_user):
    client.force_login(admin_user)
    content = csv_bytes(NEW_BLKK)

    checked = client.post(IMPORT, {"file": upload(content, "baru.csv")})
    assert checked.status_code == 200
    assert "admin/base_site.html" in [t.name for t in checked.templates]
    assert [row.registry_number for row in checked.context["plan"].created] == ["BLKK-2024-73.71-0001"]
    assert not Blkk.objects.filter(registry_number="BLKK-2024-73.71-0001").exists()

    record = checked.context["record"]
    done = client.post(CONFIRM, {"dry_run": record.pk, "file": upload(content, "baru.csv")}, follow=True)
    assert done.redirect_chain[-1][0] == reverse("admin:registry_blkk_changelist")
    assert "Imported baru.csv: 1 BLK-Ks added" in done.content.decode()
    assert Blkk.objects.get(registry_number="BLKK-2024-73.71-0001").history.first().history_user == admin_user
    assert SpreadsheetImport.objects.get().status == SpreadsheetImport.Status.IMPORTED


def test_errors_are_listed_and_nothing_can_be_confirmed(client, admin_user):
    client.force_login(admin_user)
    rows = [NEW_BLKK[0], ["bukan nomor", "X", "PP", "Pabrik Roti", "Kota Makassar", "2024"]]

    checked = client.post(IMPORT, {"file": upload(csv_bytes(rows))})

    assert {(e.row, e.value) for e in checked.context["plan"].errors} >= {(2, "bukan nomor"), (2, "Pabrik Roti")}
    assert checked.context["confirm"] is None
    assert 'class="errorlist import-errors"' in checked.content.decode()


def test_a_changed_file_is_refused_at_confirm_with_nothing_written(client, admin_user, own_blkk):
    client.force_login(admin_user)
    first = csv_bytes([["Registry number", "Contact phone"], [own_blkk.registry_number, "0411 999999"]])
    record = client.post(IMPORT, {"file": upload(first)}).context["record"]
    edited = csv_bytes([["Registry number", "Contact phone"], [own_blkk.registry_number, "0411 888888"]])

    refused = client.post(CONFIRM, {"dry_run": record.pk, "file": upload(edited)})

    assert refused.status_code == 409
    assert "errornote" in refused.content.decode()
    own_blkk.refresh_from_db()
    assert own_blkk.phone == "0411 123456"


def test_a_malformed_file_gets_a_message_beside_the_field(client, admin_user):
    client.force_login(admin_user)

    response = client.post(IMPORT, {"file": upload(b"%PDF-1.4", "surat.xlsx")})

    assert response.status_code == 200
    assert "not an Excel" in " ".join(response.context["form"].errors["file"])


def test_staff_without_the_right_to_add_blkks_may_not_import(client):
    staff = UserFactory(username="staf-lihat", is_staff=True)
    client.force_login(staff)

    assert client.get(IMPORT).status_code == 403
