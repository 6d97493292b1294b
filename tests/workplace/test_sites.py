"""党工共建示范点: named for a year with the subsidy the setting gives (5,000 元 by default),
charged to a budget line that may not be overspent; approved by an officer other than the one
who named it; paid (date, voucher) only once approved; revoked to free the budget line."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gonghui.core.errors import DomainError
from gonghui.core.models import AuditAction, AuditLog
from gonghui.core.permissions import Denied
from gonghui.workplace.models import SiteStatus, WorkplaceSetting
from gonghui.workplace.selectors_organizing import budget_used, budgets_for, site_list, site_totals
from gonghui.workplace.services_sites import site_approve, site_designate, site_pay, site_revoke
from tests.kit import Unchanged
from tests.workplace.fixtures_organizing import (
    DAY,
    YEAR,
    budget,
    employer,
    frozen,
    paid_site,
    second_officer,
    site,
    unionized,
)

PAY_DAY = dt.date(YEAR, 6, 15)  # the frozen today: approved and paid the same day
pytestmark = pytest.mark.usefixtures("frozen")
__all__ = ["frozen"]


def test_a_site_gets_the_default_subsidy_of_5000_from_its_budget_line(world):
    s = site(world)
    assert (s.status, s.subsidy, s.org, s.year) == (
        SiteStatus.DESIGNATED,
        Decimal("5000.00"),
        world.hanbin,
        YEAR,
    )
    assert budget_used(s.budget) == Decimal("5000.00")
    assert AuditLog.objects.filter(
        action=AuditAction.CREATE, model="workplace.demosite", user=world.hanbin_officer
    ).exists()


def test_the_subsidy_follows_the_setting_of_the_budgets_organization(world):
    WorkplaceSetting.objects.create(org=world.city, year=YEAR, site_subsidy=Decimal("6000"))
    assert site(world).subsidy == Decimal("6000.00")


def test_a_budget_line_is_never_overspent(world):
    line = budget(world.hanbin, "12000")
    site(world, b=line)
    site(world, b=line)
    late = unionized(world.hanbin, "第三家企业")
    state = Unchanged()
    with pytest.raises(DomainError) as refused:
        site(world, target=late, b=line)
    message = refused.value.message
    assert "预算科目“党工共建示范点补助”余额不足" in message
    assert "已安排10,000.00 元" in message and "超出3,000.00 元" in message
    assert not state.changes()


def test_a_revoked_site_frees_its_budget(world):
    line = budget(world.hanbin, "5000")
    first = site(world, b=line)
    site_revoke(user=world.hanbin_officer, site=first, reason="企业注销")
    first.refresh_from_db()
    assert first.status == SiteStatus.REVOKED and "企业注销" in first.note
    again = site(world, b=line)
    assert again.status == SiteStatus.DESIGNATED


def test_an_employer_is_a_site_once_a_year_and_must_have_a_union(world):
    target = unionized(world.hanbin, "示范企业")
    site(world, target=target)
    without = employer(world.hanbin, "未建会企业")
    state = Unchanged()
    with pytest.raises(DomainError, match="示范企业已是2026年党工共建示范点"):
        site(world, target=target)
    with pytest.raises(DomainError, match="尚未建立工会，不能命名"):
        site(world, target=without)
    assert not state.changes()


def test_the_budget_line_must_be_of_the_year_and_cover_the_employer(world):
    line = budget(world.hanbin_union, line="基层预算")
    with pytest.raises(DomainError, match="不在预算单位"):
        site_designate(
            user=world.hanbin_officer,
            employer=unionized(world.hanbin),
            budget=line,
            year=YEAR,
        )
    with pytest.raises(DomainError, match="是2026年的，不能用于2025年"):
        site_designate(
            user=world.hanbin_officer,
            employer=unionized(world.hanbin_union),
            budget=line,
            year=2025,
        )


def test_approval_by_the_designator_is_refused(world):
    s = site(world)
    state = Unchanged()
    with pytest.raises(DomainError, match="审批人不能是命名人"):
        site_approve(user=world.hanbin_officer, site=s)
    assert not state.changes()


def test_another_officer_approves_then_the_payment_is_recorded(world):
    s = site(world)
    checker = second_officer(world, world.hanbin)
    s = site_approve(user=checker, site=s)
    assert (s.status, s.approved_by) == (SiteStatus.APPROVED, checker)
    s = site_pay(user=world.hanbin_officer, site=s, paid_on=PAY_DAY, voucher="记-2026-061")
    assert (s.status, s.paid_on, s.voucher) == (SiteStatus.PAID, PAY_DAY, "记-2026-061")
    actions = list(
        AuditLog.objects.filter(model="workplace.demosite", object_id=str(s.pk))
        .order_by("pk")
        .values_list("action", "user__username")
    )
    assert actions == [
        (AuditAction.CREATE, "hanbin_officer"),
        (AuditAction.UPDATE, checker.username),
        (AuditAction.UPDATE, "hanbin_officer"),
    ]


def test_payment_before_approval_is_refused(world):
    s = site(world)
    state = Unchanged()
    with pytest.raises(DomainError, match="只能为已审批的补助登记发放"):
        site_pay(user=world.hanbin_officer, site=s, paid_on=DAY, voucher="记-1")
    assert not state.changes()


def test_a_payment_needs_a_voucher_and_a_date_not_before_approval_nor_after_today(world):
    s = site_approve(user=second_officer(world, world.hanbin), site=site(world))
    with pytest.raises(DomainError, match="请填写凭证号"):
        site_pay(user=world.hanbin_officer, site=s, paid_on=DAY, voucher=" ")
    with pytest.raises(DomainError, match="早于审批日期2026-06-15"):
        site_pay(user=world.hanbin_officer, site=s, paid_on=DAY, voucher="记-1")
    with pytest.raises(DomainError, match="晚于今天"):
        site_pay(user=world.hanbin_officer, site=s, paid_on=dt.date(YEAR, 7, 1), voucher="记-1")
    s.refresh_from_db()
    assert s.status == SiteStatus.APPROVED


def test_a_paid_site_is_neither_approved_again_nor_revoked(world):
    s = paid_site(world)
    with pytest.raises(DomainError, match="不能再审批"):
        site_approve(user=world.city_admin, site=s)
    with pytest.raises(DomainError, match="补助已发放的示范点不能撤销"):
        site_revoke(user=world.hanbin_officer, site=s, reason="误报")


def test_roles_and_scope(world):
    s = site(world)
    with pytest.raises(Denied):
        site_approve(user=world.hanbin_chair, site=s)
    with pytest.raises(Denied):
        site_approve(user=world.shiquan_officer, site=s)
    with pytest.raises(Denied):
        site(world, user=world.auditor)
    with pytest.raises(Denied):
        site(world, user=world.shiquan_officer, b=budget(world.hanbin))


def test_totals_and_budget_lines_count_what_is_not_revoked(world):
    line = budget(world.hanbin, "30000")
    paid_site(world)
    site_approve(user=second_officer(world, world.hanbin), site=site(world, b=line))
    site_revoke(user=world.hanbin_officer, site=site(world, b=line), reason="撤销")
    site(world, b=line)
    totals = site_totals(site_list(user=world.hanbin_officer, year=YEAR))
    assert (totals["count"], totals["amount"], totals["approved"], totals["paid"]) == (
        3,
        Decimal("15000.00"),
        Decimal("10000.00"),
        Decimal("5000.00"),
    )
    assert totals["revoked"] == 1
    (row,) = budgets_for(user=world.hanbin_officer, year=YEAR)
    assert (row.used, row.paid, row.remaining) == (
        Decimal("15000.00"),
        Decimal("5000.00"),
        Decimal("15000.00"),
    )
    assert site_totals(site_list(user=world.shiquan_officer))["count"] == 0
