"""Columns of the 金秋助学, 夏送清凉 and 春送岗位 lists and of the figures' drill-downs, declared
once for the page and the Excel export."""

from __future__ import annotations

from gonghui.core.tables import Column, Table, date, fmt_datetime, money
from gonghui.relief.models import Category
from gonghui.relief.tables_campaigns import group_label


class GrantTable(Table):
    model_label = "relief.studentgrant"
    url_name = "relief:grant_detail"
    columns = [
        Column("学生姓名", "student_name", width=10),
        Column("学生身份证号码", "student_id_masked", full=lambda g: g.student_id, width=22),
        Column("录取院校", "university", width=24),
        Column("职工（家长）", "person.name", width=12),
        money("助学金", "amount", sortable=True),
        Column("状态", lambda g: g.get_status_display(), width=8, sortable="status"),
        Column("申报单位", "org.name", width=24),
        Column("活动", "campaign.name", width=24),
        date("发放日期", "paid_on"),
        Column("未通过原因", "rejected_reason", width=30, page=False),
    ]


class SiteTable(Table):
    model_label = "relief.coolingsite"
    columns = [
        date("慰问日期", "visited_on", sortable=True),
        Column("企业", "employer.name", width=26),
        Column("慰问点位", "site", width=20),
        Column("高温一线职工", "workers", width=12, css="text-end", sortable=True),
        Column("慰问物资", "goods", width=30),
        money("慰问金额", "amount", sortable=True),
        Column("慰问单位", "org.name", width=24),
        Column("活动", "campaign.name", width=24),
    ]


class FairTable(Table):
    model_label = "relief.jobfair"
    columns = [
        date("举办日期", "held_on", sortable=True),
        Column("地点", "place", width=24),
        Column("参会企业", "employers", width=10, css="text-end", sortable=True),
        Column("提供岗位", "positions", width=10, css="text-end", sortable=True),
        Column("达成就业意向", "placed", width=12, css="text-end", sortable=True),
        Column("主办单位", "org.name", width=24),
        Column("活动", "campaign.name", width=24),
    ]


class FundTable(Table):
    model_label = "relief.campaignfund"
    columns = [
        Column("活动", "campaign.name", width=24),
        Column("资金来源", "source", width=20),
        money("金额", "amount"),
        Column("筹集单位", "org.name", width=24),
    ]


class ItemTable(Table):
    """Items of approved distribution lists (名单发放, 物资, 未签收)."""

    model_label = "relief.distribution"
    columns = [
        Column("姓名", "person.name", width=10),
        Column("身份证号码", "person.id_masked", full=lambda d: d.person.id_number, width=22),
        Column("对象类别", group_label, width=10),
        money("发放金额", "amount"),
        Column("慰问物资", "goods", width=24),
        date("签收日期", "signed_on"),
        Column("代领人", "proxy_name", width=10),
        Column("报送单位", "dlist.org.name", width=24),
        Column("活动", "campaign.name", width=24),
    ]


class HouseholdTable(Table):
    model_label = "core.person"
    url_name = "core:person_detail"
    columns = [
        Column("姓名", "name", width=10),
        Column("身份证号码", "id_masked", full=lambda p: p.id_number, width=22),
        Column("所属工会", "org.name", width=26),
    ]


# The drill-down table of each figure (selectors_figures.FIGURES).
FIGURE_TABLES: dict[str, type[Table]] = {
    "raised": FundTable,
    "distributed": ItemTable,
    "households": HouseholdTable,
    "goods": ItemTable,
    "unsigned": ItemTable,
    "students": GrantTable,
    "grant_money": GrantTable,
    "sites": SiteTable,
    "workers": SiteTable,
    "site_money": SiteTable,
    "fairs": FairTable,
    "positions": FairTable,
    "placed": FairTable,
}


# ---------------------------------------------------------------- 专项审计


class RecipientTable(Table):
    model_label = "relief.distribution"
    columns = [
        Column("姓名", "person.name", width=10),
        Column("身份证号码", "person.id_masked", width=22),
        Column("对象类别", group_label, width=10),
        money("标准金额", "standard_amount"),
        money("发放金额", "amount"),
        Column("调整原因", "override_reason", width=30),
        Column("慰问物资", "goods", width=20),
        Column("报送单位", "dlist.org.name", width=24),
        Column("名单状态", lambda d: d.dlist.get_status_display(), width=10),
        Column(
            "审批人",
            lambda d: d.dlist.approved_by.username if d.dlist.approved_by else "",
            width=12,
        ),
        date("签收日期", "signed_on"),
        Column("代领人", "proxy_name", width=10),
        Column("代领原因", "proxy_reason", width=24),
    ]


class DuplicateTable(Table):
    model_label = "relief.duplicateresolution"
    columns = [
        Column("重复人员", "person.name", width=10),
        Column("身份证号码", "person.id_masked", width=22),
        Column("保留名单", lambda r: r.kept_list.org.name if r.kept_list else "", width=24),
        Column("移出名单", "removed_list.org.name", width=24),
        Column(
            "移出的对象类别",
            lambda r: dict(Category.choices).get(r.removed_group, r.removed_group),
            width=12,
        ),
        money("移出的金额", "removed_amount"),
        Column("处理人", lambda r: r.by.username if r.by else "", width=12),
        Column("处理时间", lambda r: fmt_datetime(r.at), width=20),
        Column("处理说明", "note", width=40),
    ]


class UnsignedTable(Table):
    model_label = "relief.distribution"
    columns = [
        Column("姓名", "person.name", width=10),
        Column("身份证号码", "person.id_masked", width=22),
        money("发放金额", "amount"),
        Column("慰问物资", "goods", width=20),
        Column("报送单位", "dlist.org.name", width=24),
    ]
