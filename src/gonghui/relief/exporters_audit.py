"""The 专项审计 workbook of a campaign: one sheet per part of the audit view, personal
information masked; every export is audited."""

from __future__ import annotations

import io
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import xlsxwriter

from gonghui.core import audit, clock
from gonghui.core.exporting import excel_text
from gonghui.core.models import AuditAction, User
from gonghui.core.permissions import requires
from gonghui.core.tables import Table
from gonghui.relief.models import Campaign
from gonghui.relief.selectors_audit import CampaignAudit, campaign_audit
from gonghui.relief.tables_activities import (
    DuplicateTable,
    FairTable,
    GrantTable,
    RecipientTable,
    SiteTable,
    UnsignedTable,
)

RECORD_SHEETS: dict[str, tuple[str, type[Table]]] = {
    "schooling": ("金秋助学", GrantTable),
    "coolness": ("夏送清凉点位", SiteTable),
    "jobs": ("春送岗位招聘会", FairTable),
}


def sheets(found: CampaignAudit) -> list[tuple[str, type[Table], Iterable[Any]]]:
    """(sheet name, table, rows) of the audit, in the order of the page."""
    out: list[tuple[str, type[Table], Iterable[Any]]] = [
        ("发放对象", RecipientTable, found.recipients),
        ("重复人员处理", DuplicateTable, found.duplicates),
        ("调整金额", RecipientTable, found.overrides),
        ("未签收", UnsignedTable, found.unsigned),
    ]
    if found.records is not None:
        name, table = RECORD_SHEETS[found.campaign.kind]
        out.append((name, table, found.records))
    return out


def _write(book: Any, name: str, table: Table, rows: Iterable[Any]) -> int:
    sheet = book.add_worksheet(name[:31])
    head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    money = book.add_format({"num_format": "#,##0.00"})
    for col, column in enumerate(table.columns):
        sheet.set_column(col, col, column.width)
        sheet.write_string(0, col, excel_text(column.header), head)
    sheet.freeze_panes(1, 0)
    count = 0
    for obj in rows:
        count += 1
        for col, value in enumerate(table.export_values(obj, full=False)):
            if value is None or value == "":
                continue
            if isinstance(value, Decimal):
                sheet.write_number(count, col, float(value), money)
            elif isinstance(value, int) and not isinstance(value, bool):
                sheet.write_number(count, col, value)
            else:
                sheet.write_string(count, col, excel_text(str(value)))
    return count


@requires("relief.audit.export")
def campaign_audit_workbook(*, user: User, campaign: Campaign) -> bytes:
    """The audit of `campaign` (the user's subtree's part) as an .xlsx workbook."""
    found = campaign_audit(user=user, campaign=campaign)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False}
    )
    counts = [f"{name}{_write(book, name, t(), rows)}条" for name, t, rows in sheets(found)]
    book.close()
    audit.record(
        action=AuditAction.EXPORT,
        user=user,
        instance=campaign,
        note=f"导出专项审计表（{clock.local_now():%Y-%m-%d %H:%M}）：" + "，".join(counts),
    )
    return buffer.getvalue()
