"""A centre's BLK-Ks are one set, wherever the portal names them.

BBPVP Makassar mentors the Sulawesi Selatan forum under a signed decree (a mentorship for
the province, and one for the Makassar BLK-K its annex names) and one BLK-K of Sulawesi
Tenggara directly (a mentorship for that BLK-K). Around it: BPVP Kendari mentors Sulawesi
Tenggara, so that BLK-K has two mentor centres; an expired mentorship of BBPVP Makassar names a BLK-K of Jawa Barat,
whose stale `mentor_centre` field still says BBPVP Makassar; an Aceh BLK-K has no mentor.

Every place below must answer the same three BLK-Ks: the profile, the directory's
filter, column and export, the centre list and page, the centre dashboard, its list and
export, the review queue, and who may edit a profile.
"""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from forum.services import sign_decree
from registry.models import Blkk, TrainingCentre
from roadmap.models import StatusReport
from roadmap.querysets import BlkkScope
from tests.factories import (
    BlkkFactory,
    DecreeFactory,
    ForumFactory,
    ImplementationFactory,
    MentorshipFactory,
    ReportingPeriodFactory,
    RoadmapFactory,
    StatusReportFactory,
    centre,
    province,
    regency,
)
from tests.forum.decree_support import temp_media, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_password_hashing", "temp_media")]
assert temp_media  # imported for pytest to find the fixture

TODAY = timezone.localdate()


def days(n):
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def world(admin_user, manager):
    """The BLK-Ks by name, BBPVP Makassar's three in `expected`, and a pending report for each."""
    blkks = {
        "makassar": BlkkFactory(name="BLK-K Kota Makassar", regency=regency("73.71"), level=Blkk.Level.TUMBUH),
        "wajo": BlkkFactory(name="BLK-K Kab. Wajo", regency=regency("73.13")),
        "annexed": BlkkFactory(name="BLK-K Kendari dalam Lampiran", regency=regency("74.71")),
        "kendari": BlkkFactory(name="BLK-K Kendari Lain", regency=regency("74.71")),
        "expired": BlkkFactory(name="BLK-K Bandung Lama", regency=regency("32.73")),
        "aceh": BlkkFactory(name="BLK-K Dayah Aceh", regency=regency("11.01")),
    }
    # The forum-level mentorship and the annex's, made by the decree workflow itself (an
    # annex lies inside the forum's province); and a BLK-level mentorship in another province.
    draft = DecreeFactory(
        forum=ForumFactory(province=province("73")),
        centre=centre(),
        decree_date=days(-410),
        effective_from=days(-400),
        effective_until=None,
    )
    draft.annex_blkks.set([blkks["makassar"]])
    sign_decree(draft, upload(), user=admin_user, signed_on=days(-405), accept_unsigned=True)
    MentorshipFactory(centre=centre(), blkk=blkks["annexed"], starts_on=days(-400))
    MentorshipFactory(centre=centre("BPVP Kendari"), province=province("74"), starts_on=days(-400))
    MentorshipFactory(blkk=blkks["expired"], starts_on=days(-800), ends_on=days(-1))
    # A stale annex record: the field names the centre, the mentorships in force do not.
    Blkk.objects.filter(pk=blkks["expired"].pk).update(mentor_centre=centre())

    roadmap = RoadmapFactory()
    period = ReportingPeriodFactory(roadmap=roadmap)
    for blkk in blkks.values():
        implementation = ImplementationFactory(programme__pillar__roadmap=roadmap, blkk=blkk)
        StatusReportFactory(implementation=implementation, period=period, reporter=manager)
    names = {key: blkk.name for key, blkk in blkks.items()}
    return {"blkks": blkks, "names": names, "expected": {names["makassar"], names["wajo"], names["annexed"]}}


def signed_in(client, user):
    client.force_login(user)
    return client


def export_names(response, heading="Name"):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    return {row[heading] for row in rows}, rows


def test_the_registrys_rule_gives_the_three(world, mentor):
    expected = world["expected"]

    assert {b.name for b in Blkk.objects.mentored_by_centre(centre())} == expected
    assert {b.name for b in Blkk.objects.mentored_by_user(mentor)} == expected
    assert {b.name for b in Blkk.objects.editable_by(mentor)} == expected
    assert {b.name for b in Blkk.objects.filter(BlkkScope(mentor).reviewing())} == expected


def test_each_profile_names_the_centre_exactly_for_the_three(client, world, ministry):
    client = signed_in(client, ministry)
    for key, blkk in world["blkks"].items():
        response = client.get(blkk.get_absolute_url())
        centres = {c.name for c in response.context["mentor_centres"]}
        assert ("BBPVP Makassar" in centres) == (blkk.name in world["expected"]), key
        if blkk.name in world["expected"]:
            assert f'<a href="{centre().get_absolute_url()}">BBPVP Makassar</a>' in response.text
    both = client.get(world["blkks"]["annexed"].get_absolute_url()).context["mentor_centres"]
    assert [c.name for c in both] == ["BBPVP Makassar", "BPVP Kendari"]
    assert not client.get(world["blkks"]["expired"].get_absolute_url()).context["mentor_centres"]


def test_the_directorys_filter_and_column_give_the_three(client, world, ministry):
    client = signed_in(client, ministry)
    url = reverse("registry:blkk-list")

    filtered = client.get(url, {"centre": centre().pk})
    assert {row["name"] for row in filtered.context["page_obj"]} == world["expected"]
    assert filtered.context["page_obj"].paginator.count == 3

    every = client.get(url).context["page_obj"]
    column = {row["name"] for row in every if "BBPVP Makassar" in (row["mentor_centre"] or "")}
    assert column == world["expected"]
    by_name = {row["name"]: row["mentor_centre"] for row in every}
    assert by_name[world["names"]["annexed"]] in ("BBPVP Makassar, BPVP Kendari", "BPVP Kendari, BBPVP Makassar")
    assert by_name[world["names"]["expired"]] is None


def test_the_directory_export_gives_the_three(client, world, ministry):
    client = signed_in(client, ministry)
    url = reverse("dashboards:directory-export", args=["csv"])

    names, _rows = export_names(client.get(url, {"centre": centre().pk}))
    assert names == world["expected"]
    _names, rows = export_names(client.get(url))
    assert {row["Name"] for row in rows if "BBPVP Makassar" in row["Mentor centre"]} == world["expected"]


def test_the_centre_list_and_page_count_the_three(client, world, ministry):
    client = signed_in(client, ministry)

    centres = client.get(reverse("registry:centre-list")).context["centres"]
    counts = {c.name: c.blkk_count for c in centres}
    assert counts["BBPVP Makassar"] == 3
    assert counts["BPVP Kendari"] == 2  # both BLK-Ks of Sulawesi Tenggara
    assert counts["BBPVP Bandung"] == 0
    assert TrainingCentre.objects.with_blkk_counts().get(pk=centre().pk).blkk_count == 3

    page = client.get(centre().get_absolute_url())
    assert page.context["page_obj"].paginator.count == 3
    assert {row["name"] for row in page.context["page_obj"]} == world["expected"]
    assert sum(count for _level, count in page.context["level_counts"]) == 3
    assert "3 BLK-Ks mentored by this centre" in page.text


def test_the_centre_dashboard_its_list_and_export_count_the_three(client, world, mentor):
    client = signed_in(client, mentor)

    dashboard = client.get(reverse("dashboards:centre", args=[centre().pk]))
    assert dashboard.status_code == 200
    assert dashboard.context["counts"]["total"] == 3
    assert {blkk.name for blkk in dashboard.context["blkk_rows"]} == world["expected"]

    query = {"centre": centre().pk}
    listed = client.get(reverse("dashboards:blkks"), query).context["page_obj"]
    assert {blkk.name for blkk in listed} == world["expected"]
    names, rows = export_names(client.get(reverse("dashboards:blkks-export", args=["csv"]), query))
    assert names == world["expected"]
    assert all("BBPVP Makassar" in row["Mentor centre"] for row in rows)


def test_the_ministrys_view_of_the_centre_dashboard_counts_the_same(client, world, ministry):
    client = signed_in(client, ministry)

    dashboard = client.get(reverse("dashboards:centre", args=[centre().pk]))
    assert dashboard.context["counts"]["total"] == 3
    listed = client.get(reverse("dashboards:blkks"), {"centre": centre().pk}).context["page_obj"]
    assert {blkk.name for blkk in listed} == world["expected"]


def test_the_review_queue_holds_the_reports_of_the_three(client, world, mentor):
    client = signed_in(client, mentor)

    queue = client.get(reverse("roadmap:review-queue")).context["page_obj"]
    assert {report.implementation.blkk.name for report in queue} == world["expected"]
    assert {r.implementation.blkk.name for r in StatusReport.objects.reviewable_by(mentor)} == world["expected"]


def test_who_may_edit_follows_the_same_three(client, world, mentor):
    client = signed_in(client, mentor)

    for key, blkk in world["blkks"].items():
        expected = 200 if blkk.name in world["expected"] else 403
        assert client.get(reverse("registry:blkk-edit", args=[blkk.pk])).status_code == expected, key
