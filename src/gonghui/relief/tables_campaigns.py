"""Columns of the 四送 campaign pages: the campaign list and a distribution list's items (page and
Excel export)."""

from __future__ import annotations

from typing import Any

from gonghui.core.tables import Column, Table, fmt_date, money
from gonghui.relief.models import Category


class CampaignTable(Table):
    model_label = "relief.campaign"
    url_name = "relief:campaign_detail"
    columns = [
        Column("活动名称", "name", width=28, sortable=True),
        Column("年度", "year", width=8, sortable=True),
        Column("活动类型", lambda c: c.get_kind_display(), width=10),
        Column("主办工会", "org.name", width=24),
        Column("状态", lambda c: c.get_status_display(), width=10),
        Column("开始日期", lambda c: fmt_date(c.starts_on), width=12),
        Column("结束日期", lambda c: fmt_date(c.ends_on), width=12),
        Column("名单数", lambda c: getattr(c, "list_count", ""), width=8, css="text-end"),
    ]


def receipt_text(item: Any) -> str:
    if item.signed_on is None:
        return "未签收"
    if item.proxy_name:
        return f"{item.signed_on:%Y-%m-%d} 代领：{item.proxy_name}（{item.proxy_reason}）"
    return f"{item.signed_on:%Y-%m-%d} 本人签收"


def group_label(item: Any) -> str:
    """A 困难类别 by its name; another group is written as its label."""
    return dict(Category.choices).get(item.group, item.group)


class DistributionTable(Table):
    model_label = "relief.distribution"
    columns = [
        Column("姓名", "person.name", width=10, sortable="person__name"),
        Column(
            "身份证号码", lambda i: i.person.id_masked, full=lambda i: i.person.id_number, width=22
        ),
        Column("对象类别", group_label, width=10, sortable="group"),
        money("标准", "standard_amount", width=12),
        money("金额", "amount", width=12, sortable="amount"),
        Column("调整原因", "override_reason", width=24),
        Column("物资", "goods", width=16),
        Column("困难档案", lambda i: i.case.number if i.case else "", width=16),
        Column("签收", receipt_text, width=30),
    ]
