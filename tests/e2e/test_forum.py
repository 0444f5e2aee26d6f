"""A forum's secretary records a Rakor in a browser, picking attendees through the search.

Selectors use ids, names and URLs rather than visible words, so the journey holds in
Indonesian (the browser asks for it) whatever the translations say.
"""

import pytest

from accounts.roles import Role
from forum.models import Meeting
from tests.factories import BlkkFactory, BoardPositionFactory, ForumFactory, UserFactory, regency


@pytest.fixture
def sulsel_forum(transactional_db):
    """The Sulawesi Selatan forum, its secretary, three member BLK-Ks and one from Jawa Timur."""
    forum = ForumFactory()
    secretary = UserFactory(username="sekretaris-sulsel", full_name="Nur Aisyah", roles=[Role.BOARD])
    BoardPositionFactory(forum=forum, user=secretary, person_name="Nur Aisyah")
    blkks = {
        "tanre": BlkkFactory(name="BLK-K PP Ittihadiyah Tanre Assona", regency=regency("73.15")),
        "mubarak": BlkkFactory(name="BLK-K PP Al Mubarak DDI Tobarakka", regency=regency("73.13")),
        "fakhriyah": BlkkFactory(name="BLK-K PP Multidimensi Al-Fakhriyah", regency=regency("73.71")),
        "tebuireng": BlkkFactory(name="BLK-K PP Tebuireng", regency=regency("35.17")),
    }
    return forum, secretary, blkks


def test_the_secretary_records_a_rakor_ticking_attendees_found_by_search(sulsel_forum, page, login_as):
    forum, secretary, blkks = sulsel_forum
    login_as(secretary)

    page.goto(f"/forums/{forum.pk}/")
    page.locator(f"a[href='/forums/{forum.pk}/meetings/new/']").click()
    page.wait_for_url(f"**/forums/{forum.pk}/meetings/new/")
    page.select_option("#id_kind", "rakor")
    page.fill("#id_title", "Rakor Forum BLKK Sulawesi Selatan 2024")
    page.fill("#id_starts_on", "2024-03-06")
    page.fill("#id_ends_on", "2024-03-07")
    page.select_option("#id_regency", "73.71")

    search = page.locator("#attendee-search")
    search.fill("Tanre")
    page.locator(f"#attendee-{blkks['tanre'].pk}").check()
    search.fill("Mubarak")
    page.locator(f"#attendee-{blkks['tanre'].pk}:checked").wait_for()  # kept while searching again
    page.locator(f"#attendee-{blkks['mubarak'].pk}").check()
    # Enter searches; it must not send the meeting form half-filled.
    search.fill("Tebuireng")
    search.press("Enter")
    # The search answers that no member matches: Tebuireng is in Jawa Timur.
    page.locator("#attendee-options").get_by_text("Tebuireng").wait_for()
    assert page.url.endswith(f"/forums/{forum.pk}/meetings/new/")
    assert not Meeting.objects.exists()
    assert page.locator(f"#attendee-{blkks['tebuireng'].pk}").count() == 0

    page.locator("#meeting-form button[type=submit]").click()

    meeting = Meeting.objects.get()
    page.wait_for_url(f"**/meetings/{meeting.pk}/")
    page.locator(".alert-success").wait_for()
    assert set(meeting.attendees.all()) == {blkks["tanre"], blkks["mubarak"]}
    assert page.locator(f"main a[href='/blkk/{blkks['tanre'].pk}/']").is_visible()
    assert meeting.recorded_by == secretary
