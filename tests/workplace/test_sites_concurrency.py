"""PostgreSQL: two officers approving (or paying) the same 示范点 subsidy at the same moment —
one succeeds, the other is refused in Chinese; two designations on one budget line at once never
overspend it."""

from __future__ import annotations

import pytest
from django.db import connection

from gonghui.core import clock
from gonghui.workplace.models import SiteStatus
from gonghui.workplace.selectors_organizing import budget_used
from gonghui.workplace.services_sites import site_approve, site_pay
from tests.kit import race
from tests.workplace.fixtures_organizing import budget, frozen, second_officer, site, unionized

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("frozen")]
__all__ = ["frozen"]


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks (select_for_update) need PostgreSQL")


def test_two_approvals_at_once_approve_once(world):
    one, two = second_officer(world, world.hanbin), second_officer(world, world.hanbin)
    for _ in range(3):
        s = site(world)
        outcomes = race(
            [lambda s=s: site_approve(user=one, site=s), lambda s=s: site_approve(user=two, site=s)]
        )
        assert outcomes.count("ok") == 1, outcomes
        assert "不能再审批" in next(o for o in outcomes if o != "ok")
        s.refresh_from_db()
        assert s.status == SiteStatus.APPROVED and s.approved_by in (one, two)


def test_two_payments_at_once_pay_once(world):
    for n in range(3):
        s = site_approve(user=second_officer(world, world.hanbin), site=site(world))
        outcomes = race(
            [
                lambda s=s, n=n: site_pay(
                    user=world.hanbin_officer, site=s, paid_on=clock.today(), voucher=f"甲{n}"
                ),
                lambda s=s, n=n: site_pay(
                    user=world.city_admin, site=s, paid_on=clock.today(), voucher=f"乙{n}"
                ),
            ]
        )
        assert outcomes.count("ok") == 1, outcomes
        assert "只能为已审批的补助登记发放" in next(o for o in outcomes if o != "ok")
        s.refresh_from_db()
        assert s.status == SiteStatus.PAID


def test_two_designations_at_once_never_overspend_a_line(world):
    line = budget(world.hanbin, "5000", line="只够一个示范点")
    a, b = unionized(world.hanbin), unionized(world.hanbin)
    outcomes = race(
        [
            lambda: site(world, target=a, b=line),
            lambda: site(world, target=b, b=line, user=world.city_admin),
        ]
    )
    assert outcomes.count("ok") == 1, outcomes
    assert "余额不足" in next(o for o in outcomes if o != "ok")
    assert budget_used(line) == line.amount
