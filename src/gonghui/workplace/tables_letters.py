"""Columns of the 一函两书 list, declared once for the page and the Excel export."""

from __future__ import annotations

from gonghui.core.tables import Column, Table, date, money


class LetterTable(Table):
    model_label = "workplace.letter"
    url_name = "workplace:letter_detail"
    columns = [
        Column("文书编号", "number", width=22, sortable=True),
        Column("文书类型", lambda x: x.get_kind_display(), width=8, sortable="kind"),
        Column("用人单位", "employer.name", width=30, sortable="employer__name"),
        Column("统一社会信用代码", "employer.credit_code", width=22, page=False),
        Column("违法情形", lambda x: x.get_violation_display(), width=16, sortable="violation"),
        Column("前序提示函", "follows.number", width=22, page=False),
        date("发函日期", "issued_on", sortable=True),
        date("整改期限", "deadline", sortable=True),
        Column("状态", lambda x: x.get_status_display(), width=10, sortable="status"),
        money("涉及欠薪", "arrears_claimed", width=14, sortable=True),
        money("已追回", "recovered_total", width=14, sortable=True),
        Column("涉及职工", "workers_involved", width=8, css="text-end", page=False),
        Column("发函单位", "org.name", width=20, page=False),  # the number names it (汉滨工监…)
        date("回复日期", "replied_on", page=False),
        Column("单位回复", "reply", width=40, page=False),
        date("整改完成日期", "rectified_on", page=False),
        Column("整改情况", "rectification", width=40, page=False),
    ]
