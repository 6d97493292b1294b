"""Two officers deciding one review at the same moment (PostgreSQL row locks): one decision
stands, the other is refused with the Chinese message naming the first, and nothing is written
twice."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection

from gonghui.core.models import Employer
from gonghui.workplace.models import EmployerSighting, ReviewStatus
from gonghui.workplace.services_employers import review_merge, review_reject, review_separate
from tests.kit import race
from tests.workplace.fixtures_employers import queued

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks (select_for_update) need PostgreSQL")


def test_a_merge_and_a_separation_at_once_leave_one_decision(world, tmp_path: Path):
    review = queued(tmp_path, world, "安康市汉江食品有限公司")
    outcomes = race(
        [
            lambda: review_merge(user=world.hanbin_officer, review=review, note=""),
            lambda: review_separate(user=world.city_admin, review=review, note=""),
        ]
    )
    assert outcomes.count("ok") == 1, outcomes
    refusal = next(o for o in outcomes if o != "ok")
    assert "不能再次处理" in refusal
    review.refresh_from_db()
    made = Employer.objects.filter(credit_code=review.credit_code).count()
    sightings = EmployerSighting.objects.filter(employer=review.candidate).count()
    if review.status == ReviewStatus.MERGED:
        assert (made, sightings) == (0, 1)
    else:
        assert review.status == ReviewStatus.SEPARATE and (made, sightings) == (1, 0)


def test_two_rejections_at_once_record_one(world, tmp_path: Path):
    review = queued(tmp_path, world, "安康市秦巴茶业有限公司")
    outcomes = race(
        [
            lambda: review_reject(user=world.hanbin_officer, review=review, note="甲"),
            lambda: review_reject(user=world.city_admin, review=review, note="乙"),
        ]
    )
    assert sorted(o == "ok" for o in outcomes) == [False, True], outcomes
    review.refresh_from_db()
    assert review.status == ReviewStatus.REJECTED and review.note in ("甲", "乙")
