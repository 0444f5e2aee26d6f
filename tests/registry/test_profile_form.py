"""The BLK-K profile form: what a manager may change, errors beside fields, and stale forms."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from registry.models import Blkk, VocationalField
from tests.factories import MentorshipFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_password_hashing")]


def edit_url(blkk):
    return reverse("registry:blkk-edit", args=[blkk.pk])


def form_data(blkk, **changes):
    """What the form posts when opened on `blkk` and changed by `changes`."""
    data = {
        "phone": blkk.phone,
        "email": blkk.email,
        "address": blkk.address,
        "latitude": "" if blkk.latitude is None else str(blkk.latitude),
        "longitude": "" if blkk.longitude is None else str(blkk.longitude),
        "vocational_fields": [f.pk for f in blkk.vocational_fields.all()],
        "vin": blkk.vin,
        "permit_number": blkk.permit_number,
        "permit_date": "" if blkk.permit_date is None else blkk.permit_date.isoformat(),
        "accreditation": blkk.accreditation,
        "version": blkk.version,
    }
    if blkk.in_incubator:
        data["in_incubator"] = "on"
    data.update(changes)
    return data


@pytest.fixture
def signed_in(client, manager):
    client.force_login(manager)
    return client


def test_the_form_opens_with_the_current_values_and_version(signed_in, own_blkk):
    response = signed_in.get(edit_url(own_blkk))
    assertContains(response, 'value="0411 123456"')
    assertContains(response, '<input type="hidden" name="version" value="1" id="id_version">', html=True)
    for absent in ["registry_number", 'name="name"', 'name="level"', 'name="status"', "mentor_centre"]:
        assert absent not in response.text


def test_a_manager_saves_the_profile_and_returns_to_the_page(signed_in, manager, own_blkk):
    tik = VocationalField.objects.get(code="TIK")
    response = signed_in.post(
        edit_url(own_blkk),
        form_data(own_blkk, phone="0411 555777", vocational_fields=[tik.pk], in_incubator="on"),
        follow=True,
    )
    assertRedirects(response, own_blkk.get_absolute_url())
    assertContains(response, "Profile saved.")
    own_blkk.refresh_from_db()
    assert own_blkk.phone == "0411 555777"
    assert own_blkk.in_incubator
    assert list(own_blkk.vocational_fields.all()) == [tik]
    assert own_blkk.version == 2


def test_one_save_makes_one_history_entry_with_the_user_and_every_changed_field(signed_in, manager, own_blkk):
    tik = VocationalField.objects.get(code="TIK")
    before = own_blkk.history.count()
    signed_in.post(edit_url(own_blkk), form_data(own_blkk, phone="0411 555777", vocational_fields=[tik.pk]))
    assert own_blkk.history.count() == before + 1
    record = own_blkk.history.first()
    assert record.history_user == manager
    response = signed_in.get(own_blkk.get_absolute_url())
    labels = [c.label for c in response.context["history"][0].changes]
    assert labels == ["contact phone", "vocational fields"]


def test_fields_outside_the_form_cannot_be_changed_by_posting_them(signed_in, own_blkk):
    signed_in.post(
        edit_url(own_blkk),
        form_data(own_blkk, phone="0411 555777", name="Renamed", level="mandiri", status="closed", version=1),
    )
    own_blkk.refresh_from_db()
    assert (own_blkk.name, own_blkk.level, own_blkk.status) == (
        "BLK-K PP Multidimensi Al-Fakhriyah",
        Blkk.Level.UNCLASSIFIED,
        Blkk.Status.ACTIVE,
    )


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"phone": "call me"}, "phone", "Enter a phone number of digits, spaces and dashes."),
        ({"email": "not-an-address"}, "email", "Enter a valid email address."),
        ({"latitude": "45"}, "latitude", "Ensure this value is less than or equal to 6."),
        ({"longitude": "abc"}, "longitude", "Enter a number."),
        ({"permit_date": "2022-02-30", "permit_number": "1"}, "permit_date", "Enter a valid date."),
        ({"permit_date": "2022-02-01"}, "permit_number", "A permit date needs a permit number."),
        ({"vocational_fields": ["999999"]}, "vocational_fields", "Select a valid choice."),
        ({"accreditation": "Z"}, "accreditation", "Select a valid choice."),
    ],
)
def test_bad_values_are_shown_beside_the_field_and_nothing_is_saved(signed_in, own_blkk, changes, field, message):
    response = signed_in.post(edit_url(own_blkk), form_data(own_blkk, **changes))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assertContains(response, f'id="error_1_id_{field}"')
    own_blkk.refresh_from_db()
    assert own_blkk.version == 1


def test_what_the_user_typed_is_kept_after_an_error(signed_in, own_blkk):
    response = signed_in.post(edit_url(own_blkk), form_data(own_blkk, phone="call me", address="Jl. Baru 5"))
    assertContains(response, 'value="Jl. Baru 5"')


@pytest.mark.parametrize("version", ["abc", "", "0", "-1"])
def test_a_damaged_version_field_is_refused_with_a_message(signed_in, own_blkk, version):
    response = signed_in.post(edit_url(own_blkk), form_data(own_blkk, phone="0411 555777", version=version))
    assert response.status_code == 200
    assertContains(response, "This form is damaged. Reload the page and try again.")
    own_blkk.refresh_from_db()
    assert own_blkk.phone == "0411 123456"


def test_saving_without_changes_writes_no_history(signed_in, own_blkk):
    before = own_blkk.history.count()
    response = signed_in.post(edit_url(own_blkk), form_data(own_blkk), follow=True)
    assertContains(response, "Nothing was changed, so nothing was saved.")
    assert own_blkk.history.count() == before


def test_a_stale_form_shows_what_changed_meanwhile_and_overwrites_nothing(client, manager, mentor, own_blkk):
    MentorshipFactory(blkk=own_blkk)
    opened = form_data(own_blkk)  # both open the form at version 1
    client.force_login(mentor)
    client.post(edit_url(own_blkk), {**opened, "phone": "0411 111111", "address": "Jl. Mentor 1"})
    client.force_login(manager)
    response = client.post(edit_url(own_blkk), {**opened, "phone": "0411 222222", "address": "Jl. Mentor 1"})
    assert response.status_code == 409
    own_blkk.refresh_from_db()
    assert own_blkk.phone == "0411 111111"
    assert own_blkk.version == 2
    conflicts = response.context["conflicts"]
    assert [(str(label), saved, yours) for label, saved, yours in conflicts] == [
        ("contact phone", "0411 111111", "0411 222222")
    ]
    assertContains(response, "Someone else saved this profile while you were editing", status_code=409)
    assertContains(response, mentor.display_name, status_code=409)
    assertContains(response, "Save my values anyway", status_code=409)
    assertContains(response, "Discard my changes", status_code=409)
    # The re-rendered form keeps what the manager typed and now carries the current version.
    assertContains(response, 'value="0411 222222"', status_code=409)
    assertContains(
        response, '<input type="hidden" name="version" value="2" id="id_version">', html=True, status_code=409
    )


def test_after_a_conflict_the_user_may_save_their_values_on_top(client, manager, mentor, own_blkk):
    MentorshipFactory(blkk=own_blkk)
    opened = form_data(own_blkk)
    client.force_login(mentor)
    client.post(edit_url(own_blkk), {**opened, "phone": "0411 111111"})
    client.force_login(manager)
    client.post(edit_url(own_blkk), {**opened, "phone": "0411 222222"})
    response = client.post(edit_url(own_blkk), {**opened, "phone": "0411 222222", "version": 2})
    assertRedirects(response, own_blkk.get_absolute_url(), fetch_redirect_response=False)
    own_blkk.refresh_from_db()
    assert (own_blkk.phone, own_blkk.version) == ("0411 222222", 3)


def test_a_mentor_in_scope_saves_and_the_history_names_them(client, mentor, own_blkk):
    MentorshipFactory(province=own_blkk.regency.province)
    client.force_login(mentor)
    client.post(edit_url(own_blkk), form_data(own_blkk, email="info@blkk.example.id"))
    assert own_blkk.history.first().history_user == mentor


def test_the_edit_page_query_count_is_pinned(signed_in, own_blkk, django_assert_num_queries):
    own_blkk.vocational_fields.add(*VocationalField.objects.all()[:3])
    # 1 session, 2 user, 3 savepoint, 4 the BLK-K with its regency and province,
    # 5 the user's groups, 6 whether the user may edit it, 7 its vocational fields
    # (initial value), 8 every vocational field for the checkboxes, 9 release savepoint.
    with django_assert_num_queries(9):
        signed_in.get(edit_url(own_blkk))
