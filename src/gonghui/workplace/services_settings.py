"""企业工作设置: an organization's settings for a year (the 单独建会 threshold, the 示范点 subsidy,
whether an 意见书/建议书 needs a 提示函 first, the rectification deadlines) and its budget lines
(预算科目) that 示范点 subsidies are paid from. An officer sets their own organization's; the
units below without their own use the nearest one above (selectors_settings.setting_for)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import ProtectedError, Sum

from gonghui.core.db import lock_row, unique_or
from gonghui.core.errors import DomainError
from gonghui.core.middleware import acting_as
from gonghui.core.models import Organization, User
from gonghui.core.money import to_money
from gonghui.core.permissions import requires
from gonghui.workplace.models import Budget, WorkplaceSetting

MAX_THRESHOLD = 10_000
MAX_DAYS = 365
MAX_AMOUNT = Decimal("999999999999.99")
LINE_MAX = 60


def _year(year: Any) -> int:
    try:
        value = int(year)
    except (TypeError, ValueError):
        raise DomainError(f"年度“{year}”无效", column="year") from None
    if not 2000 <= value <= 2100:
        raise DomainError("年度应在2000到2100之间", column="year")
    return value


def _own(user: User, org: Organization, what: str) -> None:
    if user is not None and user.organization_id != org.pk:
        raise DomainError(f"只能设置本组织的{what}", column="org")


def _whole(value: Any, label: str, column: str, low: int, high: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise DomainError(f"{label}应为整数", column=column) from None
    if not low <= number <= high:
        raise DomainError(f"{label}应在{low}到{high}之间", column=column)
    return number


@requires("workplace.setting.edit", on="org")
def setting_save(
    *,
    user: User,
    org: Organization,
    year: int,
    union_threshold: int,
    site_subsidy: Any,
    notice_first: bool,
    rectify_days: int,
    hazard_days: int,
) -> WorkplaceSetting:
    """Set (or change) the organization's 企业工作设置 for a year."""
    _own(user, org, "企业工作设置")
    subsidy = to_money(site_subsidy, field="示范点补助标准")
    if subsidy > MAX_AMOUNT:
        raise DomainError("示范点补助标准过大", column="site_subsidy")
    values = {
        "union_threshold": _whole(
            union_threshold, "单独建会职工人数下限", "union_threshold", 1, MAX_THRESHOLD
        ),
        "site_subsidy": subsidy,
        "notice_first": bool(notice_first),
        "rectify_days": _whole(rectify_days, "整改期限", "rectify_days", 1, MAX_DAYS),
        "hazard_days": _whole(hazard_days, "隐患整改期限", "hazard_days", 1, MAX_DAYS),
    }
    year = _year(year)
    with transaction.atomic(), acting_as(user):
        setting = WorkplaceSetting.objects.select_for_update().filter(org=org, year=year).first()
        if setting is None:
            with unique_or(f"{org.name}{year}年的企业工作设置刚由他人保存，请刷新后再改"):
                setting = WorkplaceSetting.objects.create(org=org, year=year, **values)
        else:
            for name, value in values.items():
                setattr(setting, name, value)
            setting.save()
    return setting


def _committed(budget: Budget) -> Decimal:
    """What the 示范点 subsidies paid from the line add up to (revoked ones aside)."""
    total = budget.sites.exclude(status="revoked").aggregate(s=Sum("subsidy"))["s"]
    return Decimal(total) if total is not None else Decimal("0.00")


@requires("workplace.setting.edit", on="org")
def budget_save(*, user: User, org: Organization, year: int, line: str, amount: Any) -> Budget:
    """Add a budget line of the organization's year, or change the amount of an existing one
    (never below what the 示范点 subsidies on it already add up to)."""
    _own(user, org, "预算")
    year = _year(year)
    name = " ".join((line or "").split())
    if not name:
        raise DomainError("请填写预算科目", column="line")
    if len(name) > LINE_MAX:
        raise DomainError(f"预算科目最多{LINE_MAX}个字", column="line")
    money = to_money(amount, field="预算金额")
    if money > MAX_AMOUNT:
        raise DomainError("预算金额过大", column="amount")
    with transaction.atomic(), acting_as(user):
        budget = Budget.objects.select_for_update().filter(org=org, year=year, line=name).first()
        if budget is None:
            with unique_or(f"预算科目“{name}”刚由他人添加，请刷新后再改", column="line"):
                budget = Budget.objects.create(org=org, year=year, line=name, amount=money)
            return budget
        used = _committed(budget)
        if money < used:
            raise DomainError(
                f"预算金额{money:,.2f}元低于该科目已安排的示范点补助合计{used:,.2f}元",
                column="amount",
            )
        budget.amount = money
        budget.save()
    return budget


@requires("workplace.setting.edit", on="budget")
def budget_delete(*, user: User, budget: Budget) -> None:
    """Remove a budget line no 示范点 subsidy is paid from."""
    with transaction.atomic(), acting_as(user):
        budget = lock_row(budget)
        if budget.org_id != user.organization_id:
            raise DomainError("只能删除本组织的预算科目")
        if budget.sites.exists():
            raise DomainError(f"已有示范点补助使用预算科目“{budget.line}”，不能删除")
        try:
            budget.delete()
        except ProtectedError:
            raise DomainError(f"预算科目“{budget.line}”已被使用，不能删除") from None
