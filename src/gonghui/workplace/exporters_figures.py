"""The 企业工作统计 workbook: the figures page as one sheet (a row per figure, the total and a
column per county below the organization); every export is audited."""

from __future__ import annotations

import io
from decimal import Decimal

import xlsxwriter

from gonghui.core import audit, clock
from gonghui.core.exporting import excel_text
from gonghui.core.models import AuditAction, User
from gonghui.core.permissions import requires
from gonghui.workplace.selectors_figures import FigureData

HEADINGS = ["板块", "指标", "单位", "合计"]


@requires("workplace.figures.view")
def figures_workbook(*, user: User, data: FigureData) -> bytes:
    """The figures of `data` as an .xlsx workbook (money as numbers with two places)."""
    scope = data.scope
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False}
    )
    sheet = book.add_worksheet("企业工作统计")
    head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    money = book.add_format({"num_format": "#,##0.00"})
    rating = book.add_format({"num_format": "0.0"})
    headings = HEADINGS + [label for _, label in scope.columns]
    sheet.set_column(0, 0, 16)
    sheet.set_column(1, 1, 22)
    sheet.set_column(2, len(headings) - 1, 12)
    for col, text in enumerate(headings):
        sheet.write_string(0, col, excel_text(text), head)
    sheet.freeze_panes(1, 2)
    row = 0
    for _, title, rows in data.sections():
        for r in rows:
            row += 1
            sheet.write_string(row, 0, title)
            sheet.write_string(row, 1, r.figure.label)
            sheet.write_string(row, 2, r.figure.unit)
            for col, value in enumerate([r.total, *r.cells], start=3):
                if value is None:
                    continue
                if r.figure.money:
                    sheet.write_number(row, col, float(value), money)
                elif isinstance(value, Decimal):
                    sheet.write_number(row, col, float(value), rating)
                else:
                    sheet.write_number(row, col, value)
    note = f"{scope.org.name}（含下级）{scope.year}年"
    if data.threshold:
        note += f"；企业建会状态按职工{data.threshold}人以上单独建会判定"
    sheet.write_string(row + 2, 0, excel_text(note))
    stamp = f"导出人：{user.username}　导出时间：{clock.local_now():%Y-%m-%d %H:%M}"
    sheet.write_string(row + 3, 0, excel_text(stamp))
    book.close()
    audit.record(
        action=AuditAction.EXPORT,
        user=user,
        instance=scope.org,
        note=f"导出企业工作统计：{scope.org.name} {scope.year}年，{row}项指标",
    )
    return buffer.getvalue()
