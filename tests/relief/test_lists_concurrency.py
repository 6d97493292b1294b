"""PostgreSQL: two counties submitting the same person at the same moment — one list is accepted,
the other refused in Chinese naming the person and the other county; nobody is pooled twice."""

from __future__ import annotations

import pytest
from django.db import connection

from gonghui.core.models import Person
from gonghui.relief.models import Distribution, DistributionList, ListStatus
from gonghui.relief.services_lists import list_submit
from tests.kit import race
from tests.relief.fixtures_campaigns import add, county_list, person_in, warmth

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks (select_for_update) need PostgreSQL")


def test_two_counties_submitting_the_same_person_at_once_one_is_refused(world):
    campaign = warmth(world)
    hanbin = county_list(world, campaign)
    shiquan = county_list(world, campaign, "shiquan")
    worker = person_in(world.hanbin_union, "周敏")
    add(world, hanbin, worker)
    add(world, hanbin, world.hanbin_person)
    # 周敏 moved to 石泉 after 汉滨 listed her; 石泉 lists her too.
    Person.objects.filter(pk=worker.pk).update(org=world.shiquan_union)
    worker.refresh_from_db()
    add(world, shiquan, worker)
    add(world, shiquan, world.shiquan_person)

    for _ in range(3):  # a race has no fixed winner: whichever wins, the loser is refused
        outcomes = race(
            [
                lambda: list_submit(user=world.hanbin_officer, dlist=hanbin),
                lambda: list_submit(user=world.shiquan_officer, dlist=shiquan),
            ]
        )
        assert outcomes.count("ok") == 1, outcomes
        refusal = next(o for o in outcomes if o != "ok")
        assert "同一活动中每人全市只能报送一次" in refusal
        assert "周敏（已在" in refusal and ("汉滨区总工会" in refusal or "石泉县总工会" in refusal)
        assert Distribution.objects.filter(person=worker, pooled=True).count() == 1
        statuses = sorted(DistributionList.objects.values_list("status", flat=True))
        assert statuses == [ListStatus.DRAFT, ListStatus.SUBMITTED]
        # Reset for the next round: both lists back to draft, nobody pooled.
        Distribution.objects.update(pooled=False)
        DistributionList.objects.update(status=ListStatus.DRAFT)
