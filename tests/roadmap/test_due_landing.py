"""The manager's landing page: how many reports are due, the next due date, what to report first."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from registry.models import Blkk
from roadmap.due import reports_due
from roadmap.models import Implementation
from roadmap.notifications import send_due_reminders
from roadmap.services import ensure_implementations
from tests.factories import BlkkFactory, regency

from .pages_world import days, programme, report, world_fixture

pytestmark = pytest.mark.django_db
world = pytest.fixture(world_fixture, name="world")
MY_PROGRAMMES = reverse("roadmap:my-programmes")


def landing(client, user):
    client.force_login(user)
    response = client.get(MY_PROGRAMMES)
    assert response.status_code == 200
    return response


@pytest.fixture
def sulsel_programme(world, own_blkk):
    """A programme of Sulawesi Selatan's own roadmap, due in five days: sooner than the national one (20)."""
    world.sulsel_period.due_on = days(5)
    world.sulsel_period.save()
    item = programme(world.sulsel_pillar, "K1.01", "Kemitraan industri")
    ensure_implementations(item)
    return Implementation.objects.get(programme=item, blkk=own_blkk)


def test_the_summary_says_how_many_reports_are_due_and_when_the_next_is(client, manager, world, sulsel_programme):
    response = landing(client, manager)

    due = response.context["due"]
    assert (due.count, due.late_count, due.next_due_on) == (2, 0, days(5))
    page = response.content.decode()
    assert '<p class="fs-3 fw-bold mb-0" id="due-count">2</p>' in page
    assert f'<time datetime="{days(5).isoformat()}">' in page


def test_lists_what_is_due_soonest_first_across_roadmaps(client, manager, world, sulsel_programme):
    response = landing(client, manager)

    assert [item.programme.code for item in response.context["due"].items] == ["K1.01", "P2.01"]
    page = response.content.decode()
    first = page.index(reverse("roadmap:report-create", args=[sulsel_programme.pk]))
    certify = Implementation.objects.get(programme=world.certify, blkk=sulsel_programme.blkk)
    assert first < page.index(reverse("roadmap:report-create", args=[certify.pk]))


def test_overdue_reports_are_counted_and_the_next_due_date_is_the_one_still_ahead(
    client, manager, world, sulsel_programme
):
    world.period.due_on = days(-2)
    world.period.save()

    due = landing(client, manager).context["due"]

    assert [(item.programme.code, item.is_late) for item in due.items] == [("P2.01", True), ("K1.01", False)]
    assert (due.count, due.late_count, due.next_due_on) == (2, 1, days(5))


def test_the_count_is_the_one_the_due_reminder_sends(client, manager, world, own_blkk, mailoutbox):
    # The daily reminder counts per period with the same queryset rule (`due_in`).
    world.period.due_on = days(3)
    world.period.save()

    due = landing(client, manager).context["due"]
    send_due_reminders()

    [mail] = [mail for mail in mailoutbox if mail.to == [manager.email]]
    assert f"{own_blkk.name}: {due.count}" in mail.body
    with translation.override("id"):  # the manager's language, the portal's default
        assert date_format(due.next_due_on) in mail.subject


def test_reporting_takes_the_programme_off_the_page(client, manager, world, own_blkk):
    certify = Implementation.objects.get(programme=world.certify, blkk=own_blkk)
    assert reports_due(manager).count == 1

    report(certify, manager, period=world.period)

    assert landing(client, manager).context["due"].count == 0


def test_closes_with_each_blkk_its_level_and_links_to_its_profile_and_progress(client, manager, world, own_blkk):
    second = BlkkFactory(name="BLK-K PP Darul Istiqamah", regency=regency("73.13"), managers=[manager])
    for item in (world.permit, world.certify):
        ensure_implementations(item)

    response = landing(client, manager)

    # By name; own_blkk has reported on P1.01 already, the new one on nothing.
    assert [blkk.name for blkk in response.context["blkks"]] == [second.name, own_blkk.name]
    assert [blkk.due_count for blkk in response.context["blkks"]] == [2, 1]
    assert second.name in [item.blkk.name for item in response.context["due"].items]
    page = response.content.decode()
    for blkk in (own_blkk, second):
        assert f'href="{blkk.get_absolute_url()}"' in page
        assert f'href="{reverse("roadmap:blkk-progress", args=[blkk.pk])}"' in page
    assert page.count(str(Blkk.Level.UNCLASSIFIED.label)) == 2  # each BLK-K's level badge


def test_a_period_that_has_not_opened_yet_is_not_due(client, manager, world, own_blkk):
    world.period.opens_on = days(3)
    world.period.save()

    response = landing(client, manager)

    assert response.context["due"].count == 0
    assert response.context["due"].next_due_on is None
