"""`in_array` answers as IN does, over a subquery or a list, and sends a list as one parameter."""

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from registry.models import Blkk
from tests.factories import BlkkFactory, regency

pytestmark = pytest.mark.django_db


@pytest.fixture
def blkks():
    return [BlkkFactory(), BlkkFactory(), BlkkFactory(regency=regency("32.73"))]


def test_a_list_selects_exactly_its_rows(blkks):
    wanted = [blkks[0].pk, blkks[2].pk]

    assert set(Blkk.objects.filter(pk__in_array=wanted).values_list("pk", flat=True)) == set(wanted)
    assert set(Blkk.objects.filter(pk__in_array=set(wanted)).values_list("pk", flat=True)) == set(wanted)


def test_none_matches_nothing_and_an_instance_stands_for_its_key(blkks):
    chosen = Blkk.objects.filter(pk__in_array=[blkks[0], None]).values_list("pk", flat=True)
    in_bandung = Blkk.objects.filter(regency__in_array=[regency("32.73"), None]).values_list("pk", flat=True)

    assert list(chosen) == [blkks[0].pk]
    assert list(in_bandung) == [blkks[2].pk]
    assert Blkk.objects.exclude(pk__in_array=[blkks[0].pk, None]).count() == 2


def test_a_subquery_selects_exactly_its_rows(blkks):
    in_bandung = Blkk.objects.filter(regency_id="32.73").values("pk")

    assert list(Blkk.objects.filter(pk__in_array=in_bandung).values_list("pk", flat=True)) == [blkks[2].pk]


def test_an_empty_list_matches_nothing_and_counts_zero(blkks):
    assert not Blkk.objects.filter(pk__in_array=[]).exists()
    assert Blkk.objects.filter(pk__in_array=[]).aggregate(total=Count("pk")) == {"total": 0}


def test_a_list_is_one_parameter_on_postgresql(blkks):
    ids = [blkk.pk for blkk in blkks]
    with CaptureQueriesContext(connection) as queries:
        list(Blkk.objects.filter(pk__in_array=ids))

    sql = queries[0]["sql"]
    if connection.vendor == "postgresql":
        assert "= ANY(" in sql
        assert " IN (" not in sql
    else:
        assert f" IN ({', '.join(str(pk) for pk in ids)})" in sql
