"""No link on a dashboard leads its reader to a page they may not open.

Each person opens the dashboards they have, and every link on them is followed with the
same person signed in: none may answer 403. Where a reader may not follow (another
centre's dashboard), the page names the place without a link.
"""

import re
from html import unescape

import pytest
from django.urls import reverse

from forum.models import Decree
from tests.factories import BoardPositionFactory, DecreeFactory, ForumFactory, centre

from .world import days

HREF = re.compile(r'href="([^"#]+)')


def links_on(content):
    """One link per path: who may open a page depends on its path; its filters only narrow the rows."""
    by_path = {}
    for url in map(unescape, HREF.findall(content)):
        if url.startswith("/") and not url.startswith("/static/"):
            by_path.setdefault(url.split("?")[0], url)
    return sorted(by_path.values())


@pytest.fixture
def forum_with_mentor(world, admin_user):
    """The Sulawesi Selatan forum, mentored by BBPVP Makassar under a decree in force."""
    forum = ForumFactory()
    DecreeFactory(
        forum=forum,
        centre=centre("BBPVP Makassar"),
        effective_from=days(-400),
        effective_until=days(400),
        status=Decree.Status.SIGNED,
        signed_sha256="0" * 64,
        signed_on=days(-400),
        signed_recorded_by=admin_user,
    )
    return forum


def dashboards_of(name, forum):
    pages = [
        reverse("dashboards:national"),
        reverse("dashboards:province", args=["73"]),
        reverse("dashboards:forum", args=[forum.pk]),
    ]
    if name in ("ministry", "mentor"):
        pages.append(reverse("dashboards:centre", args=[centre("BBPVP Makassar").pk]))
    return pages


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["ministry", "mentor", "manager", "board_member"])
def test_every_link_on_a_readers_dashboards_opens_for_them(client, request, forum_with_mentor, name):
    reader = request.getfixturevalue(name)
    if name == "board_member":
        BoardPositionFactory(forum=forum_with_mentor, user=reader)
    client.force_login(reader)

    followed, refused = set(), []
    for page in dashboards_of(name, forum_with_mentor):
        response = client.get(page)
        assert response.status_code == 200, page
        for url in links_on(response.content.decode()):
            if url.split("?")[0] not in followed:
                followed.add(url.split("?")[0])
                if client.get(url).status_code == 403:
                    refused.append((page, url))

    assert len(followed) > 10
    assert refused == []


@pytest.mark.django_db
def test_a_manager_sees_the_mentor_centre_named_without_a_link(client, forum_with_mentor, manager):
    client.force_login(manager)
    centre_url = reverse("dashboards:centre", args=[centre("BBPVP Makassar").pk])

    content = client.get(reverse("dashboards:province", args=["73"])).content.decode()

    assert "BBPVP Makassar" in content
    assert centre_url not in content


@pytest.mark.django_db
def test_ministry_staff_get_the_mentor_centre_as_a_link(client, forum_with_mentor, ministry):
    client.force_login(ministry)
    centre_url = reverse("dashboards:centre", args=[centre("BBPVP Makassar").pk])

    content = client.get(reverse("dashboards:province", args=["73"])).content.decode()

    assert f'href="{centre_url}"' in content
