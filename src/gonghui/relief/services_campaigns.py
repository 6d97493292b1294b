"""Writes of 四送 campaigns: a campaign with its standards per target group, its funds by source
and its budget lines, checked here and created in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from gonghui.core.db import unique_or
from gonghui.core.errors import DomainError
from gonghui.core.models import Organization, User
from gonghui.core.money import to_money
from gonghui.core.permissions import requires
from gonghui.relief.models import (
    Campaign,
    CampaignBudget,
    CampaignFund,
    CampaignKind,
    CampaignStandard,
    CampaignStatus,
    Category,
)


@dataclass
class StandardData:
    """The standard of one target group: a 困难类别 value (deep, relative, accident) or any
    other named group, its label, the amount per person and the goods."""

    group: str
    label: str
    amount: Any
    goods: str = ""


@dataclass
class FundData:
    """Money raised by source (上级拨付, 本级经费, 社会捐赠 …)."""

    source: str
    amount: Any


@dataclass
class BudgetData:
    """One budget line of the campaign and the amount set aside for it."""

    line: str
    amount: Any


def _text(value: object) -> str:
    return " ".join(str(value or "").split())


def _clean_standards(standards: Iterable[StandardData]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for n, data in enumerate(standards, start=1):
        where = f"第{n}条慰问标准"
        group = _text(data.group)
        label = _text(data.label) or dict(Category.choices).get(group, "")
        if not group:
            raise DomainError(f"{where}：请填写对象类别")
        if len(group) > 20:
            raise DomainError(f"{where}：对象类别“{group}”过长（最多20个字）")
        if not label:
            raise DomainError(f"{where}：请填写对象类别名称")
        if len(label) > 40:
            raise DomainError(f"{where}：对象类别名称过长（最多40个字）")
        if group in seen:
            raise DomainError(f"{where}：对象类别“{label}”重复")
        seen.add(group)
        goods = _text(data.goods)
        if len(goods) > 200:
            raise DomainError(f"{where}：慰问物资过长（最多200个字）")
        amount = to_money(data.amount, field=f"{where}的慰问金标准")
        out.append({"group": group, "label": label, "amount": amount, "goods": goods})
    if not out:
        raise DomainError("请至少填写一条慰问标准（对象类别和标准金额）")
    return out


def _clean_funds(funds: Iterable[FundData]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for n, data in enumerate(funds, start=1):
        where = f"第{n}项筹集资金"
        source = _text(data.source)
        if not source:
            raise DomainError(f"{where}：请填写资金来源")
        if len(source) > 60:
            raise DomainError(f"{where}：资金来源过长（最多60个字）")
        amount = to_money(data.amount, field=f"{where}的金额")
        if amount <= 0:
            raise DomainError(f"{where}：金额必须大于0")
        out.append({"source": source, "amount": amount})
    return out


def _clean_budgets(budgets: Iterable[BudgetData]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for n, data in enumerate(budgets, start=1):
        where = f"第{n}个预算科目"
        line = _text(data.line)
        if not line:
            raise DomainError(f"{where}：请填写科目名称")
        if len(line) > 60:
            raise DomainError(f"{where}：科目名称过长（最多60个字）")
        if line in seen:
            raise DomainError(f"{where}：预算科目“{line}”重复")
        seen.add(line)
        amount = to_money(data.amount, field=f"{where}的金额")
        out.append({"line": line, "amount": amount})
    return out


@requires("relief.campaign.create", on="org")
def campaign_create(
    *,
    user: User,
    kind: str,
    name: str,
    year: int,
    org: Organization,
    standards: list[StandardData],
    funds: Iterable[FundData] = (),
    budgets: Iterable[BudgetData] = (),
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    note: str = "",
) -> Campaign:
    """新建四送活动 with its standards, funds and budget lines; a Chinese error names the first
    wrong field and nothing is written."""
    if kind not in CampaignKind.values:
        raise DomainError("活动类型无效")
    name = _text(name)
    if not name:
        raise DomainError("请填写活动名称")
    if len(name) > 100:
        raise DomainError("活动名称过长（最多100个字）")
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise DomainError(f"年度“{year}”无效") from None
    if not 2000 <= year <= 2100:
        raise DomainError(f"年度{year}无效")
    if starts_on and ends_on and ends_on < starts_on:
        raise DomainError(f"结束日期{ends_on:%Y-%m-%d}不能早于开始日期{starts_on:%Y-%m-%d}")
    standard_rows = _clean_standards(standards)
    fund_rows = _clean_funds(funds)
    budget_rows = _clean_budgets(budgets)
    with transaction.atomic():
        with unique_or(f"{org.name}{year}年已有名为“{name}”的活动", "name"):
            campaign = Campaign.objects.create(
                kind=kind,
                name=name,
                year=year,
                org=org,
                starts_on=starts_on,
                ends_on=ends_on,
                note=str(note or "").strip(),
                created_by=user,
            )
        # A few rows each: saved one by one, so the audit signals record them.
        for row in standard_rows:
            CampaignStandard.objects.create(campaign=campaign, **row)
        for row in fund_rows:
            CampaignFund.objects.create(campaign=campaign, org=org, **row)
        for row in budget_rows:
            CampaignBudget.objects.create(campaign=campaign, **row)
    return campaign


@requires("relief.campaign.change", on="campaign")
def campaign_set_status(*, user: User, campaign: Campaign, status: str) -> Campaign:
    """结束活动 (no more lists nor changes to them) or 重新开放 a closed one."""
    if status not in CampaignStatus.values:
        raise DomainError("活动状态无效")
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if locked.status == status:
            raise DomainError(f"“{locked}”已是{locked.get_status_display()}状态")
        locked.status = status
        locked.save()
    return locked
