"""Columns of the 建会攻坚, 建会走访, 建会记录, 集中入会 and 示范点 lists, declared once for the
page and the Excel export."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from gonghui.core.models import NewEmploymentForm
from gonghui.core.tables import Column, Table, date, fmt_datetime, money

_FORMS = {str(v): str(label) for v, label in NewEmploymentForm.choices}


def _name(user: Any) -> str:
    return (user.get_full_name() or user.username) if user else ""


def _progress(drive: Any) -> str:
    total = getattr(drive, "target_count", 0)
    return f"{getattr(drive, 'founded_count', 0)}/{total}"


class DriveTable(Table):
    model_label = "workplace.drive"
    url_name = "workplace:drive_detail"
    columns = [
        Column("攻坚行动", "name", width=30, sortable=True),
        Column("年度", "year", width=8, sortable=True),
        Column("组织单位", "org.name", width=24),
        Column("责任人", lambda d: _name(d.officer), width=12),
        date("开始日期", "starts_on", sortable=True),
        date("截止日期", "ends_on", sortable=True),
        Column("已建会/目标企业", _progress, width=14, css="text-end"),
        Column("状态", lambda d: d.get_status_display(), width=8, sortable="status"),
        Column("说明", "note", width=40, page=False),
    ]


class VisitTable(Table):
    model_label = "workplace.organizingvisit"
    columns = [
        date("走访日期", "visited_on", sortable=True),
        Column("企业", "employer.name", width=28),
        Column("走访结果", lambda v: v.get_outcome_display(), width=12, sortable="outcome"),
        Column("走访人员", "visitors", width=20),
        Column("攻坚行动", "drive.name", width=24),
        Column("属地工会", "org.name", width=24),
        Column("情况记录", "note", width=40),
        Column("登记人", lambda v: _name(v.created_by), width=12, page=False),
    ]

    def url(self, obj: Any) -> str | None:
        if obj.drive_id:
            return reverse("workplace:drive_detail", args=[obj.drive_id])
        return None


class FoundingTable(Table):
    model_label = "workplace.founding"
    columns = [
        Column("企业", "employer.name", width=28, sortable="employer__name"),
        Column("统一社会信用代码", "employer.credit_code", width=22),
        Column("基层工会", "union.name", width=28),
        Column("上级工会", "org.name", width=24),
        date("成立大会日期", "meeting_on", sortable=True, width=14),
        Column("工会主席", "chair_name", width=10),
        Column("参会人数", "attendees", width=10, css="text-end"),
        Column("首批会员", "members", width=10, css="text-end", sortable=True),
        Column("攻坚行动", "drive.name", width=24),
        Column("说明", "note", width=40, page=False),
    ]

    def url(self, obj: Any) -> str | None:
        return reverse("core:organization_detail", args=[obj.union_id])


class JoinEventTable(Table):
    model_label = "workplace.joinevent"
    url_name = "workplace:join_event_detail"
    columns = [
        Column("活动名称", "title", width=30, sortable=True),
        date("活动日期", "held_on", sortable=True),
        Column("地点", "place", width=20),
        Column("入会的工会", "union.name", width=26),
        Column("主办单位", "org.name", width=24),
        Column(
            "入会人数",
            lambda e: getattr(e, "joined", ""),
            width=10,
            css="text-end",
            sortable="joined",
        ),
        Column(
            "新就业形态",
            lambda e: getattr(e, "new_form", ""),
            width=10,
            css="text-end",
            sortable="new_form",
        ),
        Column("说明", "note", width=40, page=False),
    ]


class JoinerTable(Table):
    model_label = "workplace.joineventmember"
    columns = [
        Column("姓名", "person.name", width=10),
        Column("身份证号码", "person.id_masked", full=lambda j: j.person.id_number, width=22),
        Column(
            "新就业形态",
            lambda j: _FORMS.get(j.new_employment_form, j.new_employment_form),
            width=12,
        ),
        date("入会日期", "membership.joined_on"),
    ]


class SiteTable(Table):
    model_label = "workplace.demosite"
    url_name = "workplace:site_detail"
    columns = [
        Column("年度", "year", width=8, sortable=True),
        Column("企业", "employer.name", width=30, sortable="employer__name"),
        Column("命名单位", "org.name", width=24),
        money("补助金额", "subsidy", sortable=True),
        Column("预算科目", "budget.line", width=20),
        Column("状态", lambda s: s.get_status_display(), width=10, sortable="status"),
        Column("命名人", lambda s: _name(s.created_by), width=12),
        Column("审批人", lambda s: _name(s.approved_by), width=12),
        Column("审批时间", lambda s: fmt_datetime(s.approved_at), width=20, page=False),
        date("发放日期", "paid_on", sortable=True),
        Column("凭证号", "voucher", width=16),
        Column("说明", "note", width=40, page=False),
    ]
