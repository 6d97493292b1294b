"""Columns of the mediation, inspection and consultation lists, declared once for the page and
the Excel export."""

from __future__ import annotations

from typing import Any

from gonghui.core.tables import Column, Table, date, money
from gonghui.workplace.models import Body


def body_labels(bodies: list[str] | None) -> str:
    labels = dict(Body.choices)
    return "、".join(str(labels.get(b, b)) for b in bodies or [])


def _count(name: str) -> Any:
    return lambda o: getattr(o, name, 0)


class MediationTable(Table):
    model_label = "workplace.mediation"
    url_name = "workplace:mediation_detail"
    columns = [
        Column("案件编号", "number", width=14, sortable=True),
        date("受理日期", "received_on", sortable=True),
        Column("申请人", "applicant", width=16),
        Column("涉及职工", "applicants", width=8, css="text-end", sortable=True),
        Column("被申请人", "respondent", width=24),
        Column("争议类型", lambda m: m.get_dispute_display(), width=14, sortable="dispute"),
        Column("协同单位", lambda m: body_labels(m.bodies), width=18),
        Column("阶段", lambda m: m.get_stage_display(), width=12, sortable="stage"),
        money("请求金额", "amount_claimed", sortable=True),
        money("协议金额", "amount_agreed", sortable=True),
        date("结案日期", "closed_on", sortable=True),
        Column("受理单位", "org.name", width=20),
        Column("案情摘要", "summary", width=40, page=False),
        Column("处理结果", "outcome", width=40, page=False),
    ]


class InspectionTable(Table):
    model_label = "workplace.inspection"
    url_name = "workplace:inspection_detail"
    columns = [
        date("检查日期", "inspected_on", sortable=True),
        Column("被检查单位", "employer.name", width=28, sortable="employer__name"),
        Column("统一社会信用代码", "employer.credit_code", width=20, page=False),
        Column("检查人员", "inspectors", width=18),
        Column(
            "发现隐患",
            _count("hazards_found"),
            width=8,
            css="text-end",
            sortable="hazards_found",
        ),
        Column(
            "已整改", _count("hazards_fixed"), width=8, css="text-end", sortable="hazards_fixed"
        ),
        Column("未整改", _count("hazards_open"), width=8, css="text-end", sortable="hazards_open"),
        Column(
            "逾期未整改",
            _count("hazards_overdue"),
            width=10,
            css="text-end",
            sortable="hazards_overdue",
        ),
        Column("检查单位", "org.name", width=20),
        Column("检查情况", "note", width=40, page=False),
    ]


class ConsultationTable(Table):
    model_label = "workplace.consultation"
    columns = [
        date("咨询日期", "consulted_on", sortable=True),
        Column("咨询方式", lambda c: c.get_channel_display(), width=10, sortable="channel"),
        Column("咨询人", "asker", width=10),
        Column("涉及单位", "employer.name", width=24),
        Column("咨询事项", lambda c: c.get_topic_display(), width=14, sortable="topic"),
        Column("咨询内容", "question", width=40),
        Column("解答情况", "answer", width=40),
        Column("接待单位", "org.name", width=20),
    ]
