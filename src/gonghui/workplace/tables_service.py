"""Columns of the 企业点单 and 技术服务分队 lists, declared once for the page and the export."""

from __future__ import annotations

from gonghui.core.tables import Column, Table, date, fmt_datetime
from gonghui.workplace.selectors_service import field_labels


def _stars(rating: int | None) -> str:
    return f"{rating}星" if rating else ""


class NeedTable(Table):
    model_label = "workplace.need"
    url_name = "workplace:need_detail"
    columns = [
        Column("点单编号", "number", width=16, sortable=True),
        Column("企业", "employer.name", width=28),
        Column("需求标题", "title", width=30),
        Column("需求类型", lambda n: n.get_kind_display(), width=10, sortable="kind"),
        Column("所属领域", lambda n: n.get_field_display(), width=12, sortable="field"),
        Column("紧急程度", lambda n: n.get_urgency_display(), width=8, sortable="urgency"),
        Column("状态", lambda n: n.get_status_display(), width=10, sortable="status"),
        Column("承接分队", "squad.name", width=20),
        Column("服务成效", lambda n: n.get_outcome_display() if n.outcome else "", width=10),
        Column("培训人数", lambda n: n.trained or "", width=8, css="text-end", page=False),
        Column("企业评价", lambda n: _stars(n.rating), width=8, sortable="rating"),
        Column("属地工会", "org.name", width=24),
        Column("点单时间", lambda n: fmt_datetime(n.created_at), width=20, sortable="created_at"),
        Column("需求描述", "description", width=40, page=False),
        Column("企业联系人", "contact", width=12, page=False),
        date("服务完成日期", "done_on", page=False),
        Column("成效说明", "outcome_note", width=40, page=False),
        Column("企业意见", "comment", width=30, page=False),
    ]


class SquadTable(Table):
    model_label = "workplace.squad"
    url_name = "workplace:squad_detail"
    columns = [
        Column("分队名称", "name", width=24, sortable=True),
        Column("所属工会", "org.name", width=24),
        Column("服务领域", lambda s: field_labels(s.fields), width=30),
        Column("分队长", lambda s: s.leader.person.name if s.leader else "", width=10),
        Column("成员", lambda s: s.member_count, width=8, css="text-end", sortable="member_count"),
        Column("在办点单", lambda s: s.load, width=10, css="text-end", sortable="load"),
        Column("已服务", lambda s: s.served, width=8, css="text-end", sortable="served"),
        Column("状态", lambda s: "在岗" if s.is_active else "停止服务", width=10),
    ]
