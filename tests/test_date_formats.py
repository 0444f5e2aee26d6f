"""One date format per language: "10 January 2027" in English, "10 Januari 2027" in Indonesian."""

import datetime
import pathlib
import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from django.utils.formats import date_format

from forum.templatetags.forum_format import date_range
from roadmap.notifications import reports_due
from tests.factories import ReportingPeriodFactory

JAN_10 = datetime.date(2027, 1, 10)
AT_14_05 = datetime.datetime(2027, 1, 10, 7, 5, tzinfo=datetime.UTC)  # 14.05 in Jakarta


def page(user, url, language):
    client = Client(headers={"accept-language": language})
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("language", "date", "date_time", "short"),
    [
        ("en", "10 January 2027", "10 January 2027, 14:05", "10 Jan 2027"),
        ("id", "10 Januari 2027", "10 Januari 2027, 14.05", "10 Jan 2027"),
    ],
)
def test_each_language_has_one_date_format(language, date, date_time, short):
    with translation.override(language):
        assert date_format(JAN_10, "DATE_FORMAT") == date
        assert date_format(datetime.datetime(2027, 1, 10, 14, 5), "DATETIME_FORMAT") == date_time
        assert date_format(JAN_10, "SHORT_DATE_FORMAT") == short
        assert date_format(JAN_10) == date, "a date formatted without naming a format"


def test_date_ranges_use_the_languages_format():
    with translation.override("en"):
        assert date_range(datetime.date(2021, 12, 6), datetime.date(2021, 12, 7)) == "6–7 December 2021"
        assert date_range(datetime.date(2021, 11, 30), datetime.date(2021, 12, 2)) == "30 November – 2 December 2021"
    with translation.override("id"):
        assert date_range(datetime.date(2021, 12, 6), datetime.date(2021, 12, 7)) == "6–7 Desember 2021"


def test_the_blkk_page_writes_its_dates_in_the_readers_language(manager, own_blkk):
    own_blkk.permit_number, own_blkk.permit_date = "503/12/DPMPTSP/2027", JAN_10
    own_blkk.save()
    own_blkk.history.update(history_date=AT_14_05)

    english = page(manager, own_blkk.get_absolute_url(), "en")
    indonesian = page(manager, own_blkk.get_absolute_url(), "id")

    assert "10 January 2027" in english and "10 January 2027, 14:05" in english
    assert "Jan. 10, 2027" not in english
    assert "10 Januari 2027" in indonesian and "10 Januari 2027, 14.05" in indonesian
    assert "Jan." not in indonesian and "January" not in indonesian


def test_an_email_writes_its_dates_in_the_recipients_language(manager, own_blkk):
    manager.language = "en"
    manager.save()
    period = ReportingPeriodFactory(due_on=JAN_10)

    notice = reports_due(manager, period, [(own_blkk, 2)], on=datetime.date(2027, 1, 5))

    assert "10 January 2027" in notice.subject and "10 January 2027" in notice.text
    assert "Jan. 10, 2027" not in notice.subject + notice.text + notice.html


def test_no_template_spells_out_a_date_pattern_of_its_own():
    """Templates name a format (DATE_FORMAT, SHORT_DATE_FORMAT…), so both languages stay consistent."""
    templates = pathlib.Path(settings.BASE_DIR) / "templates"
    spelled = [
        f"{path.relative_to(templates)}: {match}"
        for path in templates.rglob("*.*")
        for match in re.findall(r'\|date:"([^"]*)"', path.read_text())
        if not match.endswith("_FORMAT") and match not in {"T", "Y"}
    ]
    assert spelled == []
