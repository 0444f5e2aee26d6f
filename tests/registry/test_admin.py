"""Django admin for the registry: every model opens, searches and filters; mentorships are view-only."""

import pytest
from django.urls import reverse

from registry.models import Blkk, VocationalField
from tests.factories import BlkkFactory, MentorshipFactory, centre, province

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_password_hashing")]

MODELS = ["province", "regency", "trainingcentre", "vocationalfield", "hostinstitutiontype", "blkk", "mentorship"]


@pytest.fixture
def signed_in(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.mark.parametrize("model", MODELS)
def test_every_registry_model_has_a_changelist_that_searches(signed_in, own_blkk, model):
    MentorshipFactory(province=province("73"))
    url = reverse(f"admin:registry_{model}_changelist")
    assert signed_in.get(url).status_code == 200
    assert signed_in.get(url, {"q": "Makassar"}).status_code == 200


@pytest.mark.parametrize(
    ("model", "key"),
    [("province", "73"), ("regency", "73.71"), ("trainingcentre", None), ("blkk", None)],
)
def test_change_pages_open(signed_in, own_blkk, model, key):
    key = key or (centre().pk if model == "trainingcentre" else own_blkk.pk)
    assert signed_in.get(reverse(f"admin:registry_{model}_change", args=[key])).status_code == 200


def test_the_blkk_list_filters_by_province_and_level(signed_in, own_blkk):
    url = reverse("admin:registry_blkk_changelist")
    response = signed_in.get(url, {"regency__province__code__exact": "73", "level__exact": "unclassified"})
    assert response.status_code == 200
    assert own_blkk.name in response.text


def test_the_blkk_history_page_opens(signed_in, own_blkk):
    own_blkk.phone = "0411 000111"
    own_blkk.save()
    response = signed_in.get(reverse("admin:registry_blkk_history", args=[own_blkk.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("model", "field", "term", "expected"),
    [
        ("blkk", "regency", "Makassar", "73.71"),
        ("blkk", "host_type", "Pesantren", "Islamic boarding school"),
        ("blkk", "mentor_centre", "Makassar", "BBPVP Makassar"),
        ("blkk", "managers", "pengelola", None),
        ("blkk", "vocational_fields", "Las", "Welding"),
        ("trainingcentre", "parent", "Makassar", "BBPVP Makassar"),
        ("trainingcentre", "staff", "pengelola", None),
    ],
)
def test_foreign_keys_use_autocomplete(signed_in, manager, own_blkk, model, field, term, expected):
    expected = expected or manager.display_name  # users are found by username, shown by name
    response = signed_in.get(
        reverse("admin:autocomplete"),
        {"app_label": "registry", "model_name": model, "field_name": field, "term": term},
    )
    assert response.status_code == 200
    assert expected in response.text


def test_mentorships_are_view_only_even_for_admins(signed_in):
    row = MentorshipFactory(province=province("73"))
    assert signed_in.get(reverse("admin:registry_mentorship_add")).status_code == 403
    assert signed_in.get(reverse("admin:registry_mentorship_change", args=[row.pk])).status_code == 200
    response = signed_in.post(reverse("admin:registry_mentorship_change", args=[row.pk]), {"legacy_source": "forged"})
    assert response.status_code == 403
    assert signed_in.post(reverse("admin:registry_mentorship_delete", args=[row.pk])).status_code == 403
    row.refresh_from_db()
    assert row.legacy_source != "forged"


def admin_form(blkk, **changes):
    data = {
        "registry_number": blkk.registry_number,
        "name": blkk.name,
        "host_name": blkk.host_name,
        "host_type": blkk.host_type_id,
        "year_established": blkk.year_established,
        "status": blkk.status,
        "regency": blkk.regency_id,
        "level": blkk.level,
        "accreditation": blkk.accreditation,
        "phone": blkk.phone,
        "managers": [u.pk for u in blkk.managers.all()],
        "opened_version": blkk.version,
    }
    data.update(changes)
    return data


def test_an_admin_save_moves_the_version_on_so_open_profile_forms_turn_stale(signed_in, own_blkk):
    url = reverse("admin:registry_blkk_change", args=[own_blkk.pk])
    response = signed_in.post(url, admin_form(own_blkk, phone="0411 777888"))
    assert response.status_code == 302
    own_blkk.refresh_from_db()
    assert (own_blkk.phone, own_blkk.version) == ("0411 777888", 2)


def test_an_admin_form_opened_before_another_save_is_refused(signed_in, own_blkk):
    url = reverse("admin:registry_blkk_change", args=[own_blkk.pk])
    opened = admin_form(own_blkk, phone="0411 777888")
    Blkk.objects.filter(pk=own_blkk.pk).update(version=2)  # someone saved meanwhile
    response = signed_in.post(url, opened)
    assert response.status_code == 200
    assert "Someone saved this BLK-K after you opened it." in response.text
    own_blkk.refresh_from_db()
    assert own_blkk.phone == "0411 123456"


def test_the_user_admin_shows_full_name_phone_and_roles(signed_in, manager):
    response = signed_in.get(reverse("admin:accounts_user_changelist"), {"q": "pengelola"})
    assert response.status_code == 200
    assert manager.full_name in response.text
    assert "BLK-K manager" in response.text
    change = signed_in.get(reverse("admin:accounts_user_change", args=[manager.pk]))
    assert 'name="full_name"' in change.text
    assert 'name="phone"' in change.text


def test_the_user_admin_adds_a_user_with_a_full_name(signed_in):
    response = signed_in.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "baru",
            "password1": "a-long-unusual-passphrase-21",
            "password2": "a-long-unusual-passphrase-21",
            "usable_password": "true",
            "full_name": "Andi Baru",
            "email": "baru@example.id",
        },
    )
    assert response.status_code == 302
    from accounts.models import User

    assert User.objects.get(username="baru").full_name == "Andi Baru"


def test_non_admins_cannot_reach_the_admin(client, manager, own_blkk):
    client.force_login(manager)
    response = client.get(reverse("admin:registry_blkk_changelist"))
    assert response.status_code == 302


def test_a_blkk_with_many_rows_lists_without_error(signed_in):
    BlkkFactory.create_batch(5, mentor_centre=centre())
    assert signed_in.get(reverse("admin:registry_blkk_changelist")).status_code == 200


def test_a_vocational_field_a_blkk_trains_in_cannot_be_deleted(signed_in, own_blkk):
    used, unused = VocationalField.objects.order_by("code")[:2]
    own_blkk.vocational_fields.set([used])
    url = reverse("admin:registry_vocationalfield_delete", args=[used.pk])

    page = signed_in.get(url)
    assert own_blkk.name in page.text and "cannot be deleted while BLK-Ks train in it" in page.text
    signed_in.post(url, {"post": "yes"})
    assert VocationalField.objects.filter(pk=used.pk).exists()
    assert list(own_blkk.vocational_fields.all()) == [used]

    changelist = reverse("admin:registry_vocationalfield_changelist")
    chosen = {"action": "delete_selected", "_selected_action": [used.pk, unused.pk], "post": "yes"}
    refusal = signed_in.post(changelist, chosen).text
    assert own_blkk.name in refusal and "cannot be deleted while BLK-Ks train in it" in refusal
    assert VocationalField.objects.filter(pk=used.pk).exists() and VocationalField.objects.filter(pk=unused.pk).exists()

    signed_in.post(reverse("admin:registry_vocationalfield_delete", args=[unused.pk]), {"post": "yes"})
    assert not VocationalField.objects.filter(pk=unused.pk).exists()


def test_a_refused_field_deletion_counts_the_blkks_beyond_those_it_names(signed_in):
    field = VocationalField.objects.order_by("code").first()
    for n in range(22):
        BlkkFactory(name=f"BLK-K Uji {n:02d}").vocational_fields.set([field])

    page = signed_in.get(reverse("admin:registry_vocationalfield_delete", args=[field.pk])).text
    assert "BLK-K Uji 19" in page and "BLK-K Uji 20" not in page
    assert "and 2 more BLK-Ks" in page  # tests read the English source strings (tests/conftest.py)
    assert "cannot be deleted while BLK-Ks train in it" in page
    assert "would require deleting" not in page  # Django's wording would say the BLK-Ks must go
