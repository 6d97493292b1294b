"""PostgreSQL: two unions applying for the same student at the same moment — one application is
accepted, the other refused in Chinese; the student is never granted twice in a year."""

from __future__ import annotations

import pytest
from django.db import connection

from gonghui.relief.models import StudentGrant
from tests.kit import race
from tests.relief.fixtures_activities import apply, campaign, child_id, frozen, media

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("media", "frozen")]
__all__ = ["frozen", "media"]


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks (select_for_update) need PostgreSQL")


@pytest.mark.parametrize("same_campaign", [True, False])
def test_the_same_student_applied_for_twice_at_once_is_granted_once(world, same_campaign):
    city = campaign(world, "schooling")
    other = city if same_campaign else campaign(world, "schooling", org=world.hanbin)
    for done in range(1, 4):  # a race has no fixed winner: whichever wins, the loser is refused
        number = child_id()
        outcomes = race(
            [
                lambda n=number: apply(world, city, user=world.hanbin_chair, student_id=n),
                lambda n=number: apply(world, other, user=world.hanbin_officer, student_id=n),
            ]
        )
        assert outcomes.count("ok") == 1, outcomes
        refusal = next(o for o in outcomes if o != "ok")
        assert "同一学生每年只能资助一次" in refusal
        assert StudentGrant.objects.count() == done
