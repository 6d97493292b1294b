"""PostgreSQL: two officers founding a union at the same employer at the same moment — one union
is created, the other officer is refused in Chinese; the tree never holds two."""

from __future__ import annotations

import pytest
from django.db import connection

from gonghui.core.models import Organization
from gonghui.workplace.models import Founding
from tests import factories
from tests.kit import race
from tests.workplace.fixtures_organizing import drive, employer, found, frozen

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("frozen")]
__all__ = ["frozen"]


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks (select_for_update) need PostgreSQL")


def test_two_foundings_at_once_make_one_union(world):
    second = factories.user("county_officer", world.hanbin)
    for done in range(1, 4):  # a race has no fixed winner: whichever wins, the loser is refused
        a = employer(world.hanbin)
        drive(world, employers=[a], name=f"攻坚{done}")
        outcomes = race(
            [
                lambda a=a, done=done: found(world, a, name=f"甲方案工会{done}"),
                lambda a=a, done=done: found(world, a, user=second, name=f"乙方案工会{done}"),
            ]
        )
        assert outcomes.count("ok") == 1, outcomes
        refusal = next(o for o in outcomes if o != "ok")
        assert "一个企业只能建立一个基层工会" in refusal
        assert Founding.objects.count() == done
        assert Organization.objects.filter(employer=a).count() == 1
