"""Saving a BLK-K goes through registry.services, from the profile form and Django admin alike.

Level and mentor centre belong to the classification and decree workflows: admin shows
them read-only with the way to change them, and no save through the profile changes them.
"""

import pytest
from django.urls import reverse

from registry.models import Blkk, HostInstitutionType, VocationalField
from registry.services import register_blkk, save_blkk_profile
from tests.factories import centre

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, admin_user):
    client.force_login(admin_user)
    return client


def admin_form(blkk, **changes):
    data = {
        "registry_number": blkk.registry_number,
        "name": blkk.name,
        "host_name": blkk.host_name,
        "host_type": blkk.host_type_id,
        "year_established": blkk.year_established,
        "status": blkk.status,
        "regency": blkk.regency_id,
        "accreditation": blkk.accreditation,
        "phone": blkk.phone,
        "managers": [u.pk for u in blkk.managers.all()],
        "opened_version": blkk.version,
    }
    data.update(changes)
    return data


class TestAdminCannotBypassTheWorkflows:
    def test_a_change_form_post_cannot_change_level_or_mentor_centre(self, signed_in, own_blkk):
        url = reverse("admin:registry_blkk_change", args=[own_blkk.pk])

        response = signed_in.post(
            url, admin_form(own_blkk, level="mandiri", mentor_centre=centre().pk, phone="0411 777888")
        )

        assert response.status_code == 302
        own_blkk.refresh_from_db()
        assert own_blkk.phone == "0411 777888"  # the rest of the form was saved
        assert (own_blkk.level, own_blkk.mentor_centre) == (Blkk.Level.UNCLASSIFIED, None)
        assert own_blkk.classifications.count() == 0

    def test_the_workflow_keeps_the_stored_level_and_mentor_centre_whatever_the_instance_says(
        self, own_blkk, admin_user
    ):
        Blkk.objects.filter(pk=own_blkk.pk).update(level=Blkk.Level.TUMBUH, mentor_centre=centre())
        own_blkk.level, own_blkk.mentor_centre = Blkk.Level.MANDIRI, None

        save_blkk_profile(own_blkk, by=admin_user, expected_version=1)

        stored = Blkk.objects.get(pk=own_blkk.pk)
        assert (stored.level, stored.mentor_centre) == (Blkk.Level.TUMBUH, centre())

    def test_the_change_page_shows_them_read_only_with_the_way_to_change_them(self, signed_in, own_blkk):
        Blkk.objects.filter(pk=own_blkk.pk).update(mentor_centre=centre())

        page = signed_in.get(reverse("admin:registry_blkk_change", args=[own_blkk.pk])).content.decode()

        assert 'name="level"' not in page and 'name="mentor_centre"' not in page
        assert reverse("roadmap:classification-create", args=[own_blkk.pk]) in page
        assert reverse("admin:forum_decree_changelist") in page
        assert "BBPVP Makassar" in page

    def test_an_admin_save_is_one_history_record_with_its_vocational_fields(self, signed_in, own_blkk, admin_user):
        welding = VocationalField.objects.get(code="LAS")
        url = reverse("admin:registry_blkk_change", args=[own_blkk.pk])

        signed_in.post(url, admin_form(own_blkk, phone="0411 777888", vocational_fields=[welding.pk]))

        assert own_blkk.history.count() == 2  # created, then this save
        record = own_blkk.history.first()
        assert record.history_user == admin_user
        assert [row.vocationalfield for row in record.vocational_fields.all()] == [welding]

    def test_an_admin_adds_a_blkk_unclassified_and_without_mentor(self, signed_in, manager):
        data = {
            "registry_number": "BLKK-2024-73.71-0999",
            "name": "BLK-K PP Baru",
            "host_name": "PP Baru",
            "host_type": HostInstitutionType.objects.get(code="PESANTREN").pk,
            "year_established": 2024,
            "status": Blkk.Status.ACTIVE,
            "regency": "73.71",
            "accreditation": "",
            "level": "mandiri",
            "mentor_centre": centre().pk,
            "managers": [manager.pk],
            "opened_version": "",
        }

        response = signed_in.post(reverse("admin:registry_blkk_add"), data)

        assert response.status_code == 302
        added = Blkk.objects.get(registry_number="BLKK-2024-73.71-0999")
        assert (added.level, added.mentor_centre, added.version) == (Blkk.Level.UNCLASSIFIED, None, 1)
        assert list(added.managers.all()) == [manager]
        assert added.history.count() == 1


class TestRevertingToAPastVersion:
    """simple-history's "revert" form saves through the same workflow as the change form."""

    def revert_url(self, blkk, record):
        return reverse("admin:registry_blkk_simple_history", args=[blkk.pk, record.history_id])

    def test_a_revert_restores_the_profile_but_not_level_or_mentor_centre(self, signed_in, own_blkk, admin_user):
        old = own_blkk.history.get()  # phone 0411 123456, unclassified, no mentor centre
        own_blkk.phone = "0411 999999"
        save_blkk_profile(own_blkk, by=admin_user, expected_version=1)
        Blkk.objects.filter(pk=own_blkk.pk).update(level=Blkk.Level.BERKEMBANG, mentor_centre=centre(), version=3)
        form = signed_in.get(self.revert_url(own_blkk, old)).context["adminform"].form
        assert form["opened_version"].value() == 3  # the live row's, not the past version's

        # The revert form shows the past values; sending it saves them.
        data = admin_form(own_blkk, phone=old.phone, opened_version=3)
        response = signed_in.post(self.revert_url(own_blkk, old), data)

        assert response.status_code == 302
        stored = Blkk.objects.get(pk=own_blkk.pk)
        assert (stored.phone, stored.version) == ("0411 123456", 4)
        assert (stored.level, stored.mentor_centre) == (Blkk.Level.BERKEMBANG, centre())

    def test_a_stale_revert_is_refused_with_a_message(self, signed_in, own_blkk, admin_user, monkeypatch):
        from registry import admin as registry_admin

        old = own_blkk.history.get()
        real = registry_admin.save_blkk_profile

        def someone_saves_first(blkk, **kwargs):
            Blkk.objects.filter(pk=blkk.pk).update(version=9)
            return real(blkk, **kwargs)

        monkeypatch.setattr(registry_admin, "save_blkk_profile", someone_saves_first)

        data = admin_form(own_blkk, phone="0411 000000")
        response = signed_in.post(self.revert_url(own_blkk, old), data, follow=True)

        assert "Someone saved this BLK-K after you opened it" in response.content.decode()
        assert Blkk.objects.get(pk=own_blkk.pk).phone == "0411 123456"


def test_register_blkk_refuses_a_saved_blkk(own_blkk, admin_user):
    with pytest.raises(ValueError, match="save_blkk_profile"):
        register_blkk(own_blkk, by=admin_user)
