"""Races on PostgreSQL row locks: needs filed at the same moment get consecutive 助企 numbers
without a gap, and two officers acting on one need at once end with one step and one Chinese
refusal naming the state the first left it in."""

from __future__ import annotations

import pytest
from django.db import connection

from gonghui.core import clock
from gonghui.workplace import services_service as services
from gonghui.workplace.models import Need, NeedStatus, NeedStep, NeedStepKind
from tests import factories
from tests.kit import race
from tests.workplace.fixtures_service import advance, file_need, staffed_squad

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks (select_for_update) need PostgreSQL")


def test_needs_filed_at_once_get_consecutive_numbers(world):
    employers = [factories.employer(world.hanbin, f"并发企业{i}") for i in range(4)]
    outcomes = race([lambda e=e: file_need(world, e) for e in employers])
    assert outcomes == ["ok"] * 4
    year = clock.today().year
    numbers = sorted(Need.objects.values_list("number", flat=True))
    assert numbers == [f"助企{year}-{n:04d}" for n in range(1, 5)]


def test_two_assignments_of_one_need_at_once_give_one(world):
    need = file_need(world, factories.employer(world.hanbin))
    first, second = staffed_squad(world), staffed_squad(world)
    outcomes = race(
        [
            lambda: services.need_assign(user=world.city_admin, need=need, squad=first),
            lambda: services.need_assign(user=world.city_admin, need=need, squad=second),
        ]
    )
    assert outcomes.count("ok") == 1, outcomes
    refusal = next(o for o in outcomes if o != "ok")
    assert f"点单{need.number}当前为“已派单”，不能派单" in refusal
    assert NeedStep.objects.filter(need=need, kind=NeedStepKind.ASSIGNED).count() == 1


def test_accept_and_decline_at_once_leave_one_of_them(world):
    need = advance(world, file_need(world, factories.employer(world.hanbin)), "assigned")
    officer = world.hanbin_officer
    outcomes = race(
        [
            lambda: services.need_accept(user=officer, need=need),
            lambda: services.need_decline(user=officer, need=need, reason="人手不足"),
        ]
    )
    assert outcomes.count("ok") == 1, outcomes
    need.refresh_from_db()
    kinds = set(NeedStep.objects.filter(need=need).values_list("kind", flat=True))
    if need.status == NeedStatus.ACCEPTED:
        assert "当前为“已接单”，不能退单" in "".join(outcomes)
        assert NeedStepKind.DECLINED not in kinds
    else:
        assert need.status == NeedStatus.FILED
        assert "当前为“待派单”，不能接单" in "".join(outcomes)
        assert NeedStepKind.ACCEPTED not in kinds
