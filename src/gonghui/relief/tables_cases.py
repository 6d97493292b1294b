"""List columns of the hardship ledger (page and Excel export)."""

from __future__ import annotations

from typing import Any

from gonghui.core import clock
from gonghui.core.tables import BoundAction, Column, RowAction, Table, date, money


def _causes(case: Any) -> str:
    return "、".join(case.cause_labels())


class CaseTable(Table):
    model_label = "relief.case"
    url_name = "relief:case_detail"
    columns = [
        Column("档案编号", "number", width=16, sortable=True),
        Column("姓名", lambda c: c.person.name, width=10, sortable="person__name_pinyin"),
        Column(
            "身份证号码",
            lambda c: c.person.id_masked,
            full=lambda c: c.person.id_number,
            width=22,
        ),
        Column("困难类别", lambda c: c.get_category_display(), width=10, sortable="category"),
        Column("致困原因", _causes, width=24, page=False),
        Column("家庭人口", "household_size", width=8, page=False),
        money("家庭月人均收入", "income_per_head", width=14, sortable=True),
        Column("建档工会", lambda c: c.org.name, width=26),
        Column("状态", lambda c: c.get_status_display(), width=10, sortable="status"),
        date("申请日期", "applied_on", sortable=True),
        date("建档日期", "filed_on", sortable=True),
        Column("家庭住址", lambda c: c.address, width=30, page=False),
        Column("网上申请", lambda c: "是" if c.online else "否", width=8, page=False),
        date("解困脱困日期", "exited_on", page=False),
        Column("解困脱困原因", lambda c: c.exit_reason, width=30, page=False),
    ]


def _recheck_state(r: Any) -> str:
    if r.done_on:
        return f"已复核（{r.get_result_display()}）"
    if r.due < clock.today():
        return "逾期未复核"
    return "待复核"


class RecheckTable(Table):
    model_label = "relief.recheck"
    columns = [
        Column("档案编号", lambda r: r.case.number, width=16),
        Column("姓名", lambda r: r.case.person.name, width=10),
        Column("困难类别", lambda r: r.case.get_category_display(), width=10),
        Column("建档工会", lambda r: r.case.org.name, width=26),
        Column("年度", "year", width=8, sortable=True),
        date("截止日期", "due", sortable=True),
        Column("状态", _recheck_state, width=16),
        date("复核日期", "done_on", sortable=True),
        money("复核时人均收入", "income_per_head", width=14),
        Column("复核人", lambda r: r.done_by.username if r.done_by else "", width=12),
        Column("说明", lambda r: r.note, width=30, page=False),
    ]
    actions = [RowAction("办理复核", "relief:recheck_complete", "relief.case.recheck")]

    def row_actions(self, obj: Any, user: Any) -> list[BoundAction]:
        return [] if obj.done_on else super().row_actions(obj, user)

    def url(self, obj: Any) -> str | None:
        from django.urls import reverse

        return reverse("relief:case_detail", args=[obj.case_id])
