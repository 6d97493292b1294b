"""Writes of 党工共建示范点: designation for a year with the subsidy the setting gives, charged
to a budget line that may not be overspent; approval by an officer other than the one who
designated (maker-checker); the payment (date and voucher); revocation."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from gonghui.core import cleaning, clock
from gonghui.core.db import lock_row, unique_or
from gonghui.core.errors import DomainError
from gonghui.core.middleware import acting_as
from gonghui.core.models import Employer, User
from gonghui.core.money import yuan
from gonghui.core.permissions import authorize, requires
from gonghui.workplace.models import Budget, DemoSite, SiteStatus
from gonghui.workplace.selectors_organizing import budget_used, within
from gonghui.workplace.selectors_settings import setting_for


def _check_budget(budget: Budget, adding: object, *, site: DemoSite | None = None) -> None:
    """Refuse when the line's sites would hold more than its amount (the caller locks it)."""
    used = budget_used(budget)
    if site is not None and site.status != SiteStatus.REVOKED:
        used -= site.subsidy
    total = used + adding  # type: ignore[operator]
    if total > budget.amount:
        raise DomainError(
            f"预算科目“{budget.line}”余额不足：预算{yuan(budget.amount)}，"
            f"已安排{yuan(used)}，本次{yuan(adding)}，超出{yuan(total - budget.amount)}",
            column="预算科目",
        )


@requires("workplace.site.designate", on="budget")
def site_designate(
    *, user: User, employer: Employer, budget: Budget, year: int, note: str = ""
) -> DemoSite:
    """命名示范点 of `year`: the setting's subsidy charged to `budget` (never overspent)."""
    authorize(user, "workplace.site.designate", employer)
    text = cleaning.line(note, field="说明", limit=300, required=False)
    if budget.year != year:
        raise DomainError(
            f"预算科目“{budget.line}”是{budget.year}年的，不能用于{year}年的示范点",
            column="预算科目",
        )
    if not within(employer.org, budget.org):
        raise DomainError(
            f"{employer.name}不在预算单位{budget.org.name}的范围内", column="预算科目"
        )
    if not employer.has_union:
        raise DomainError(f"{employer.name}尚未建立工会，不能命名为党工共建示范点", column="企业")
    subsidy = setting_for(budget.org, year).site_subsidy
    with transaction.atomic(), acting_as(user):
        budget = lock_row(budget)
        taken = (
            DemoSite.objects.filter(employer=employer, year=year)
            .exclude(status=SiteStatus.REVOKED)
            .exists()
        )
        message = f"{employer.name}已是{year}年党工共建示范点"
        if taken:
            raise DomainError(message, column="企业")
        _check_budget(budget, subsidy)
        with unique_or(message, "企业"):
            return DemoSite.objects.create(
                employer=employer,
                year=year,
                org=budget.org,
                subsidy=subsidy,
                budget=budget,
                note=text,
                created_by=user,
            )


def _locked(site: DemoSite) -> DemoSite:
    return DemoSite.objects.select_for_update().select_related("employer").get(pk=site.pk)


@requires("workplace.site.approve", on="site")
def site_approve(*, user: User, site: DemoSite) -> DemoSite:
    """审批 a designated site's subsidy; the approver is not the officer who designated it."""
    with transaction.atomic(), acting_as(user):
        site = _locked(site)
        if site.status != SiteStatus.DESIGNATED:
            raise DomainError(f"该示范点为“{site.get_status_display()}”，不能再审批")
        if site.created_by_id == user.pk:
            raise DomainError("审批人不能是命名人，请由其他工作人员审批")
        budget = lock_row(site.budget)
        _check_budget(budget, site.subsidy, site=site)
        site.status = SiteStatus.APPROVED
        site.approved_by = user
        site.approved_at = clock.now()
        site.save(update_fields=["status", "approved_by", "approved_at"])
    return site


@requires("workplace.site.pay", on="site")
def site_pay(*, user: User, site: DemoSite, paid_on: dt.date, voucher: str) -> DemoSite:
    """登记发放 of an approved subsidy: the date and the voucher number."""
    number = cleaning.line(voucher, field="凭证号", limit=40)
    cleaning.past_day(paid_on, field="发放日期")
    with transaction.atomic(), acting_as(user):
        site = _locked(site)
        if site.status != SiteStatus.APPROVED:
            raise DomainError(
                f"该示范点为“{site.get_status_display()}”，只能为已审批的补助登记发放"
            )
        approved = clock.day_of(site.approved_at) if site.approved_at else None
        if approved is not None and paid_on < approved:
            raise DomainError(
                f"发放日期{paid_on:%Y-%m-%d}早于审批日期{approved:%Y-%m-%d}", column="发放日期"
            )
        site.status = SiteStatus.PAID
        site.paid_on = paid_on
        site.voucher = number
        site.save(update_fields=["status", "paid_on", "voucher"])
    return site


@requires("workplace.site.designate", on="site")
def site_revoke(*, user: User, site: DemoSite, reason: str) -> DemoSite:
    """撤销 a designation not yet paid; its subsidy returns to the budget line."""
    why = cleaning.line(reason, field="撤销原因", limit=200)
    with transaction.atomic(), acting_as(user):
        site = _locked(site)
        if site.status == SiteStatus.PAID:
            raise DomainError("补助已发放的示范点不能撤销")
        if site.status == SiteStatus.REVOKED:
            raise DomainError("该示范点已撤销")
        site.status = SiteStatus.REVOKED
        site.note = cleaning.line(f"{site.note} 撤销：{why}", field="撤销原因", limit=300)
        site.save(update_fields=["status", "note"])
    return site
