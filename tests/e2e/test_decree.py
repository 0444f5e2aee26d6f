"""An admin issues a mentor decree end to end; the public verifies it; the mentor gets their scope."""

import re

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from forum.models import Decree
from forum.services import sign_decree
from tests.factories import BlkkFactory, DecreeFactory, ForumFactory, UserFactory, centre, regency
from tests.forum.decree_support import PDF_BYTES, temp_media, upload
from tests.forum.pades_support import pki_world, tampered_after_signing, trusted_ca

# The live server runs in this process, so `temp_media` keeps the signed file out of the tree.
assert temp_media and pki_world and trusted_ca  # imported for pytest to find the fixtures
SIGNED_PDF = PDF_BYTES  # a small PDF standing in for the file the Director General signed
ANNEX = [
    ("BLK-K PP Ittihadiyah Tanre Assona", "73.15"),
    ("BLK-K PP Multidimensi Al-Fakhriyah", "73.71"),
    ("BLK-K PP Al Mubarak DDI Tobarakka", "73.13"),
]


def read_in_english(page, live_server):
    """Read the pages in English, the source language, so the assertions outlive the translations."""
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])


@pytest.fixture
def english(page, live_server):
    read_in_english(page, live_server)


@pytest.fixture
def sulsel(transactional_db):
    """The forum, its three BLK-Ks, and one BLK-K of Sulawesi Tenggara that stays out of scope.

    Everything is created up front: on SQLite a write from the test thread while the live
    server answers a request can find the table locked.
    """
    forum = ForumFactory(name="Forum Koordinasi BLKK Sulawesi Selatan")
    blkks = [BlkkFactory(name=name, regency=regency(code)) for name, code in ANNEX]
    outsider = BlkkFactory(name="BLK-K di Kendari", regency=regency("74.71"))
    return forum, blkks, outsider


def pick(page, select_id, term, option_text):
    """Choose in one of admin's autocomplete (select2) widgets."""
    page.locator(f"#{select_id} + .select2 .select2-selection").click()
    search = page.locator(".select2-container--open .select2-search__field")
    search.fill(term)
    page.locator(".select2-results__option", has_text=option_text).first.click()


def fill_draft(page, forum):
    page.fill("#id_number", "2/3836/LP.03.02/XII/2021")
    page.fill("#id_subject", "Penunjukan Pembina Forum Koordinasi BLK Komunitas Provinsi Sulawesi Selatan")
    page.select_option("#id_kind", Decree.Kind.MENTOR.value)
    pick(page, "id_forum", "Sulawesi Selatan", forum.name)
    pick(page, "id_centre", "Makassar", "BBPVP Makassar")
    for name, _code in ANNEX:
        pick(page, "id_annex_blkks", name.split()[-1], name)
    page.fill("#id_considerations", "bahwa untuk meningkatkan kemandirian BLK Komunitas perlu ditunjuk pembina")
    page.fill("#id_legal_bases", "Undang-Undang Nomor 13 Tahun 2003 tentang Ketenagakerjaan")
    page.fill("#id_clauses", "Menunjuk BBPVP Makassar sebagai pembina.\nKeputusan ini berlaku sejak ditetapkan.")
    page.fill("#id_decree_date", "2021-12-20")
    page.fill("#id_signatory_name", "Budi Hartawan")
    page.fill("#id_signatory_title", "Direktur Jenderal Pembinaan Pelatihan Vokasi dan Produktivitas")
    page.fill("#id_signatory_nip", "196601011990031001")
    page.fill("#id_effective_from", "2021-12-20")
    page.fill("#id_effective_until", "2099-12-31")


def compare_copy(page, content):
    page.set_input_files("#id_copy", files=[{"name": "salinan.pdf", "mimeType": "application/pdf", "buffer": content}])
    with page.expect_navigation():
        page.get_by_role("button", name="Compare").click()


def test_an_admin_issues_a_decree_the_public_verifies_it_and_the_mentor_gets_the_forum(
    page, live_server, login_as, english, sulsel, temp_media
):
    forum, blkks, outsider = sulsel
    admin = UserFactory(username="admin-e2e", is_staff=True, is_superuser=True)
    mentor = UserFactory(username="pembina.makassar", roles=[Role.MENTOR])
    centre("BBPVP Makassar").staff.add(mentor)

    # The admin drafts the decree in Django admin.
    login_as(admin)
    page.goto("/admin/forum/decree/add/")
    fill_draft(page, forum)
    with page.expect_navigation():
        page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    decree = Decree.objects.get()
    assert decree.annex_blkks.count() == 3

    # The draft PDF downloads, named after the number.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download draft PDF").click()
    download = download_info.value
    assert download.suggested_filename == "2-3836-LP.03.02-XII-2021.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    # The signed PDF is recorded; the decree is now signed and read-only.
    page.get_by_role("link", name="Record signed PDF").click()
    page.set_input_files(
        "#id_signed_file", files=[{"name": "sk-ttd.pdf", "mimeType": "application/pdf", "buffer": SIGNED_PDF}]
    )
    # A scan signed on paper carries no electronic signature: the admin says so explicitly.
    page.get_by_label("Record it even if it carries no electronic signature").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Record and sign").click()
    expect(page.locator(".messagelist")).to_contain_text("is signed")
    expect(page.locator("#id_subject")).to_have_count(0)
    decree.refresh_from_db()
    assert decree.status == Decree.Status.SIGNED

    # Anyone can verify it, and tell the original from a tampered copy.
    page.context.clear_cookies()  # signs the admin out
    read_in_english(page, live_server)
    page.goto("/verify/")
    page.fill("#id_number", decree.number)
    with page.expect_navigation():
        page.get_by_role("button", name="Verify").click()
    assert page.url.endswith(f"/verify/{decree.token}/")
    expect(page.locator(".alert .badge")).to_have_text("in force")
    expect(page.locator("main")).to_contain_text(decree.signed_sha256)
    compare_copy(page, SIGNED_PDF)
    expect(page.locator("main")).to_contain_text("Matches.")
    compare_copy(page, SIGNED_PDF[:-2] + b"X\n")
    expect(page.locator("main")).to_contain_text("Does not match.")

    # pembina.makassar now has the Sulawesi Selatan forum and its BLK-Ks in scope.
    login_as(mentor)
    page.goto(f"/forums/{forum.pk}/")
    expect(page.locator("#mentor-heading + dl")).to_contain_text("BBPVP Makassar")
    expect(page.get_by_role("link", name="Record a meeting")).to_be_visible()
    page.goto(f"/blkk/{blkks[0].pk}/")
    expect(page.get_by_role("link", name="Edit profile")).to_be_visible()
    page.goto(f"/blkk/{outsider.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Kendari"))
    expect(page.get_by_role("link", name="Edit profile")).to_have_count(0)


def test_the_signature_report_fits_a_390_pixel_phone_without_sideways_scrolling(
    page, live_server, english, sulsel, pki_world, trusted_ca, temp_media
):
    forum, _blkks, _outsider = sulsel
    admin = UserFactory(username="admin.sk", is_staff=True, is_superuser=True)
    decree = sign_decree(DecreeFactory(forum=forum), upload(pki_world.signed), user=admin)
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto(f"/verify/{decree.token}/")
    expect(page.locator("main")).to_contain_text("Electronic signature valid")
    fits_before = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    compare_copy(page, tampered_after_signing(pki_world.signed))
    expect(page.locator("main")).to_contain_text("changed after signing")
    fits_after = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    assert fits_before and fits_after
