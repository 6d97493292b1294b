"""List columns of the 企业台账 and the review queue (page and Excel export)."""

from __future__ import annotations

from typing import Any

from gonghui.core.tables import Column, Table, fmt_datetime, yes_no
from gonghui.workplace.rules import OrganizingStatus
from gonghui.workplace.selectors_employers import sources_of
from gonghui.workplace.services_employers import source_label

_STATUS = dict(OrganizingStatus.choices)


def _status(e: Any) -> str:
    return str(_STATUS.get(getattr(e, "organizing_status", ""), ""))


def _sanxin(e: Any) -> str:
    kinds = [("新经济组织", e.is_new_economy), ("新社会组织", e.is_new_social)]
    return "、".join(label for label, on in kinds if on)


class EmployerTable(Table):
    """企业台账: an employer, its organizing status (by the rule) and which departments saw it."""

    model_label = "core.employer"
    url_name = "workplace:employer_detail"
    columns = [
        Column("单位名称", "name", width=32, sortable=True),
        Column("统一社会信用代码", lambda e: e.credit_code, width=22),
        Column("单位类型", lambda e: e.get_kind_display(), width=10, sortable="kind"),
        Column("新经济/新社会组织", _sanxin, width=14),
        Column("职工人数", "employee_count", width=10, css="text-end", sortable="employee_count"),
        Column("组织状态", _status, width=12, sortable="organizing_status"),
        Column("来源", lambda e: "、".join(sources_of(e)), width=24),
        Column("属地工会", "org.name", width=26, sortable="org__path"),
        Column("行业", lambda e: e.industry, width=16, page=False),
        Column("已建工会", lambda e: yes_no(e.has_union), width=10, page=False),
        Column("已建党组织", lambda e: yes_no(e.has_party_org), width=10, page=False),
        Column("更新时间", lambda e: fmt_datetime(e.updated_at), width=20, page=False),
    ]


def _candidate(r: Any) -> str:
    return f"{r.candidate.name}（{r.candidate.credit_code}）"


class ReviewTable(Table):
    """待核对企业: the source's record beside the employer of the same name."""

    model_label = "workplace.mergereview"
    url_name = "workplace:review_detail"
    columns = [
        Column("来源名称", "name", width=30, sortable=True),
        Column("来源中的信用代码", lambda r: r.credit_code, width=22),
        Column("数据来源", lambda r: source_label(r.source), width=10, sortable="source"),
        Column("台账中的同名单位", _candidate, width=40),
        Column("同名单位属地", lambda r: r.candidate.org.name, width=24, page=False),
        Column("来源文件", lambda r: r.file_name, width=30, page=False),
        Column("行号", lambda r: r.row or "", width=8, css="text-end"),
        Column(
            "导入时间",
            lambda r: fmt_datetime(r.created_at),
            width=18,
            page=False,
            sortable="created_at",
        ),
        Column("状态", lambda r: r.get_status_display(), width=12),
        Column("核对人", lambda r: r.decided_by.username if r.decided_by else "", width=12),
        Column("核对时间", lambda r: fmt_datetime(r.decided_at), width=18, page=False),
        Column("核对说明", lambda r: r.note, width=30, page=False),
    ]
