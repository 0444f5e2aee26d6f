"""`manage.py load_demo`, forum part: the Dec 2021 story, and every decree state somewhere."""

import datetime
import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role, roles_of
from forum.models import Decree, Forum, Meeting
from forum.querysets import MentorState
from registry.models import Blkk

THE_THREE = {
    "BLK-K PP Ittihadiyah Tanre Assona",
    "BLK-K PP Multidimensi Al-Fakhriyah",
    "BLK-K PP Al Mubarak DDI Tobarakka",
}


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", "--only", "registry", "forum", verbosity=0)


def test_the_december_2021_story_is_there_with_the_sulsel_decree_in_force(demo, tmp_path):
    fkn = Forum.objects.get(kind=Forum.Kind.NATIONAL)
    rakornas = Meeting.objects.get(forum=fkn, kind=Meeting.Kind.RAKORNAS)
    decree = Decree.objects.get(number="2/3612/LP.03.02/XII/2021")
    mentor = User.objects.get(username="pembina.makassar")

    assert (fkn.short_name, fkn.established_on) == ("FKN BLK-K", datetime.date(2021, 12, 7))
    assert (rakornas.starts_on, rakornas.ends_on) == (datetime.date(2021, 12, 6), datetime.date(2021, 12, 7))
    assert (rakornas.venue, rakornas.regency_id) == ("Harris Hotel & Convention Bekasi", "32.75")
    assert rakornas.attendees.count() == 75
    assert set(rakornas.attendees.values_list("name", flat=True)) >= THE_THREE
    assert decree.forum.name == "Forum Koordinasi BLKK Sulawesi Selatan"
    assert decree.centre.name == "BBPVP Makassar"
    assert "Balai Latihan Kerja Makassar" in decree.subject
    assert decree.decree_date == datetime.date(2021, 12, 20)
    assert decree.signatory_title == "Direktur Jenderal Pembinaan Pelatihan Vokasi dan Produktivitas"
    assert set(decree.annex_blkks.values_list("name", flat=True)) == THE_THREE
    assert decree.public_status() == Decree.PublicStatus.IN_FORCE
    assert hashlib.sha256(decree.signed_file.read()).hexdigest() == decree.signed_sha256
    assert set(Blkk.objects.mentored_by_user(mentor).values_list("name", flat=True)) >= THE_THREE
    assert list(Forum.objects.mentored_by_user(mentor)) == [decree.forum]
    assert_signed_by_the_demo_ca(decree, tmp_path)


def assert_signed_by_the_demo_ca(decree, media):
    """/verify/ shows the decree as electronically signed by the demo CA and tells a tampered copy apart."""
    client = Client(headers={"accept-language": "en"})
    page = client.get(reverse("forum:verify-decree", args=[decree.token])).text
    with decree.signed_file.open("rb") as signed:
        edited = signed.read().replace(b"Menunjuk", b"Menunjak", 1)
    copy = SimpleUploadedFile("salinan.pdf", edited, content_type="application/pdf")
    checked = client.post(reverse("forum:verify-decree", args=[decree.token]), {"copy": copy}).text

    assert decree.e_signature == Decree.ESignature.VERIFIED
    assert (decree.signer_name, decree.signer_nip) == (decree.signatory_name, decree.signatory_nip)
    assert "CA Demo Portal BLK-K" in decree.signer_issuer
    assert (media / "demo-ca" / "ca.pem").exists()
    assert "Electronic signature valid" in page and decree.signatory_nip in page
    assert "Does not match." in checked and "changed after signing" in checked


def test_every_decree_state_shows_and_the_demo_board_members_sit_on_their_boards(demo):
    states = {forum.province_id: forum.mentor_state for forum in Forum.objects.for_list()}
    public = {decree.public_status() for decree in Decree.objects.all()}
    chair_fkn = User.objects.get(username="pengurus.fkn")
    chair_sulsel = User.objects.get(username="pengurus.sulsel")

    assert set(states.values()) == {MentorState.EFFECTIVE, MentorState.EXPIRING, MentorState.NONE}
    assert list(states.values()).count(MentorState.EFFECTIVE) > len(states) / 2
    assert {
        Decree.PublicStatus.IN_FORCE,
        Decree.PublicStatus.EXPIRED,
        Decree.PublicStatus.SUPERSEDED,
        Decree.PublicStatus.REVOKED,
        Decree.PublicStatus.DRAFT,
    } <= public
    revoked = Decree.objects.get(status=Decree.Status.REVOKED)
    assert revoked.revocation_reason and revoked.revoking_number
    assert Decree.objects.get(status=Decree.Status.SUPERSEDED).superseded_by.status == Decree.Status.SIGNED
    assert roles_of(chair_fkn) == {Role.BOARD}
    assert [f.short_name for f in Forum.objects.boarded_by(chair_fkn)] == ["FKN BLK-K"]
    assert [f.name for f in Forum.objects.boarded_by(chair_sulsel)] == ["Forum Koordinasi BLKK Sulawesi Selatan"]
