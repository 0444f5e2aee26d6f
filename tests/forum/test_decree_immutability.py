"""A signed decree is a legal record: no edit and no delete, through the ORM or in admin."""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse

from forum.models import Decree
from forum.services import DecreeError, sign_decree
from tests.factories import BlkkFactory, DecreeFactory

from .decree_support import english, forum, signed_decree, temp_media, upload

pytestmark = pytest.mark.usefixtures("temp_media", "english")
assert temp_media and english and forum  # imported for pytest to find the fixtures


@pytest.fixture
def decree(forum, admin_user):
    return signed_decree(admin_user, forum=forum)


def test_a_draft_can_be_edited_and_deleted(forum):
    draft = DecreeFactory(forum=forum)

    draft.subject = "Perubahan"
    draft.save()
    Decree.objects.filter(pk=draft.pk).update(place="Bekasi")
    draft.delete()

    assert not Decree.objects.exists()


def test_saving_a_signed_decree_is_refused(decree):
    decree.subject = "Diubah diam-diam"

    with pytest.raises(DecreeError, match="can no longer be changed"):
        decree.save()

    decree.refresh_from_db()
    assert decree.subject != "Diubah diam-diam"


def test_a_stale_copy_of_the_draft_cannot_overwrite_what_was_signed(forum, admin_user):
    draft = DecreeFactory(forum=forum)
    stale = Decree.objects.get(pk=draft.pk)

    sign_decree(draft, upload(), user=admin_user, signed_on=datetime.date(2021, 12, 20), accept_unsigned=True)
    stale.subject = "Diubah dari formulir lama"

    with pytest.raises(DecreeError):
        stale.save()


def test_deleting_a_signed_decree_is_refused(decree):
    with pytest.raises(DecreeError):
        decree.delete()

    assert Decree.objects.filter(pk=decree.pk).exists()


def test_bulk_update_and_delete_touching_a_signed_decree_are_refused(decree, forum):
    draft = DecreeFactory(forum=forum, kind=Decree.Kind.BOARD, centre=None)

    # Each refusal in its own savepoint, as the request's transaction would roll back.
    with pytest.raises(DecreeError, match=decree.number), transaction.atomic():
        Decree.objects.update(subject="Massal")
    with pytest.raises(DecreeError), transaction.atomic():
        Decree.objects.all().delete()
    decree.subject = "Massal"
    with pytest.raises(DecreeError), transaction.atomic():
        Decree.objects.bulk_update([decree], ["subject"])

    assert set(Decree.objects.values_list("pk", flat=True)) == {decree.pk, draft.pk}
    assert Decree.objects.get(pk=decree.pk).subject == DecreeFactory.subject


def test_the_annex_of_a_signed_decree_cannot_change_from_either_side(forum, admin_user):
    annexed, other = BlkkFactory(), BlkkFactory()
    draft = DecreeFactory(forum=forum)
    draft.annex_blkks.set([annexed])
    decree = sign_decree(draft, upload(), user=admin_user, signed_on=datetime.date(2021, 12, 20), accept_unsigned=True)

    # Each refusal in its own savepoint, as the request's transaction would roll back.
    with pytest.raises(DecreeError, match="annex"), transaction.atomic():
        decree.annex_blkks.add(other)
    with pytest.raises(DecreeError), transaction.atomic():
        decree.annex_blkks.clear()
    with pytest.raises(DecreeError), transaction.atomic():
        other.annexed_in_decrees.add(decree)
    with pytest.raises(DecreeError), transaction.atomic():
        annexed.annexed_in_decrees.clear()

    assert list(decree.annex_blkks.all()) == [annexed]


def test_the_admin_shows_a_signed_decree_read_only_and_refuses_a_post(client, admin_user, decree):
    client.force_login(admin_user)
    url = reverse("admin:forum_decree_change", args=[decree.pk])

    page = client.get(url)
    posted = client.post(url, {"subject": "Diubah"})

    assert page.status_code == 200
    assert b'name="subject"' not in page.content
    assert reverse("admin:forum_decree_revoke", args=[decree.pk]).encode() in page.content
    assert posted.status_code == 403


def test_the_admin_refuses_to_delete_a_signed_decree(client, admin_user, decree):
    client.force_login(admin_user)

    response = client.post(reverse("admin:forum_decree_delete", args=[decree.pk]), {"post": "yes"})

    assert response.status_code == 403
    assert Decree.objects.filter(pk=decree.pk).exists()


def test_the_admin_bulk_delete_is_refused_when_a_signed_decree_is_selected(client, admin_user, decree, forum):
    draft = DecreeFactory(forum=forum, kind=Decree.Kind.BOARD, centre=None)
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:forum_decree_changelist"),
        {"action": "delete_selected", "_selected_action": [decree.pk, draft.pk], "post": "yes"},
    )

    # The mentorships that the signed decree made name it as their source (PROTECT), so
    # the admin lists them instead of deleting; without them it answers 403.
    assert response.status_code == 200
    assert b"<title>Cannot delete decrees" in response.content
    assert Decree.objects.count() == 2


def test_the_admin_bulk_delete_removes_drafts(client, admin_user, forum):
    drafts = [DecreeFactory(forum=forum, kind=Decree.Kind.BOARD, centre=None) for _ in range(2)]
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:forum_decree_changelist"),
        {"action": "delete_selected", "_selected_action": [d.pk for d in drafts], "post": "yes"},
    )

    assert response.status_code == 302
    assert not Decree.objects.exists()


def test_reverting_a_signed_decree_to_its_draft_version_is_refused(client, admin_user, decree):
    client.force_login(admin_user)
    draft_version = decree.history.filter(status=Decree.Status.DRAFT).first()
    url = reverse("admin:forum_decree_simple_history", args=[decree.pk, draft_version.history_id])

    page = client.get(url)
    posted = client.post(url, {"subject": "Kembali ke draf"})

    assert page.status_code == 200
    assert posted.status_code == 403
    decree.refresh_from_db()
    assert decree.status == Decree.Status.SIGNED
