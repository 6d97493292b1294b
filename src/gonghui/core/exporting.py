"""Excel export of the rows a list page currently shows (its filters), used by every list.

Personal information is masked unless the user's role may see full values AND they asked for
them; an unmasked export is logged through core.pii, and every export writes an EXPORT entry.
"""

from __future__ import annotations

import tempfile
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import xlsxwriter
from django.db.models import QuerySet
from django.http import FileResponse

from gonghui.core import audit, clock
from gonghui.core.models import AuditAction
from gonghui.core.pii import log_unmasked_export
from gonghui.core.scope import can_see_full_pii
from gonghui.core.tables import Table

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Rows fetched from the database per round trip; the workbook streams rows to disk.
CHUNK = 2000


# PDF: reportlab's built-in CID font STSong-Light (Adobe-GB1) for simplified Chinese: no font
# file to ship or embed, and viewers (and poppler) substitute a CJK font, so large PDFs stay small.
PDF_FONT = "STSong-Light"


def pdf_font() -> str:
    """Register the Chinese PDF font with reportlab (once per process); returns its name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if PDF_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    return PDF_FONT


# A text cell that starts with one of these (after any spaces, tabs or line breaks) turns into a
# formula once someone edits it in Excel or saves the sheet as CSV; Excel with a Chinese input
# method also takes the full-width ＝ for =. Written cells are xlsxwriter strings, so the risk is
# the user's next step, not the file as written.
FORMULA_LEADS = frozenset("=+-@＝＋－＠")


def formula_like(text: str) -> bool:
    """Text a spreadsheet could take for a formula (=, +, -, @, full-width too, after spaces)."""
    return text.lstrip()[:1] in FORMULA_LEADS


def _needs_quote(text: str) -> bool:
    # Text that already starts with apostrophes in front of a formula gets one more, so that
    # excel_unquote(excel_text(x)) == x for every x.
    return formula_like(text.lstrip("'"))


def excel_text(text: str) -> str:
    """Text for a spreadsheet cell: a leading apostrophe when it could turn into a formula."""
    return "'" + text if _needs_quote(text) else text


def excel_unquote(text: str) -> str:
    """Undo excel_text: drop the one apostrophe it added; any other text is kept as it is."""
    return text[1:] if text[:1] == "'" and _needs_quote(text[1:]) else text


def content_disposition(filename: str, ascii_fallback: str) -> str:
    """attachment with an ASCII filename and the UTF-8 one (RFC 6266 / RFC 5987)."""
    return f"attachment; filename=\"{ascii_fallback}\"; filename*=UTF-8''{quote(filename)}"


def write_xlsx(
    fileobj: Any, *, table: Table, rows: Any, full: bool, sheet: str, note: str = ""
) -> int:
    """Write a header row and one row per object into `fileobj`; returns the row count."""
    workbook = xlsxwriter.Workbook(
        fileobj,
        {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False},
    )
    worksheet = workbook.add_worksheet(sheet[:31])
    head = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    money = workbook.add_format({"num_format": "#,##0.00"})
    kinds = [column.kind for column in table.columns]
    for col, column in enumerate(table.columns):
        worksheet.set_column(col, col, column.width)
    worksheet.freeze_panes(1, 0)
    # constant_memory writes rows strictly in order: header first.
    for col, column in enumerate(table.columns):
        worksheet.write_string(0, col, excel_text(column.header), head)
    count = 0
    for obj in rows:
        count += 1
        for col, value in enumerate(table.export_values(obj, full=full)):
            if value is None or value == "":
                continue
            if isinstance(value, bool):
                worksheet.write_string(count, col, "是" if value else "否")
            elif kinds[col] == "money" and isinstance(value, Decimal) and value.is_finite():
                # A number cell, so the sheet can sum it; an amount in cents below 2**53 is
                # exact as Excel's double and is shown with its two places.
                worksheet.write_number(count, col, float(value), money)
            elif isinstance(value, int | float):
                worksheet.write_number(count, col, value)
            else:
                # Strings stay strings: ID numbers must not become numbers, and user text
                # must not become a formula (quoted; a Decimal or date is never user text).
                text = excel_text(value) if isinstance(value, str) else str(value)
                worksheet.write_string(count, col, text)
    if note:
        worksheet.write_string(count + 2, 0, excel_text(note))
    workbook.close()
    return count


def export_queryset(
    *,
    user: Any,
    table: Table,
    queryset: QuerySet[Any],
    title: str,
    want_full: bool = False,
    filters: str = "",
) -> FileResponse:
    """The current filtered rows as an .xlsx download named like 人员档案_20260301.xlsx."""
    full = bool(want_full and table.has_pii and can_see_full_pii(user))
    today = clock.today()
    tmp = tempfile.TemporaryFile()
    note = f"导出人：{user.username}　导出时间：{clock.local_now():%Y-%m-%d %H:%M}"
    if table.has_pii:
        note += "　（含完整个人信息，请妥善保管）" if full else "　（个人信息已脱敏）"
    count = write_xlsx(
        tmp,
        table=table,
        rows=queryset.iterator(chunk_size=CHUNK),
        full=full,
        sheet=title,
        note=note,
    )
    tmp.seek(0)
    described = f"导出{title} {count} 条" + (f"；筛选：{filters}" if filters else "")
    audit.record(
        action=AuditAction.EXPORT,
        user=user,
        model=table.model_label,
        org=getattr(user, "organization", None),
        note=described + ("；含完整个人信息" if full else ""),
    )
    if full:
        log_unmasked_export(user=user, model=table.model_label, count=count, note=described)
    response = FileResponse(tmp, content_type=XLSX_TYPE)
    stamp = f"{today:%Y%m%d}"
    response["Content-Disposition"] = content_disposition(
        f"{title}_{stamp}.xlsx", f"{table.model_label.split('.')[-1]}_{stamp}.xlsx"
    )
    response["Cache-Control"] = "no-store"
    return response
