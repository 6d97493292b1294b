"""The error report: the uploaded sheet again, its bad cells red with a comment and the reasons
in a last column (错误原因), written by the import job beside the upload."""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from xlsxwriter.utility import xl_col_to_name

from gonghui.core.exporting import excel_text
from gonghui.core.importing import readers
from gonghui.core.importing.declarations import ProgressFn, RowError
from gonghui.core.importing.readers import FORMULA, Table
from gonghui.core.importing.text import _QUOTE_OR_LEAD

REPORT_PROGRESS_ROWS = 5000  # rows between progress reports while the error report is written
_REPORT_SHEET = "xl/worksheets/sheet1.xml"
_REPORT_FORMATS: dict[str, dict[str, Any]] = {
    "bad": {"bg_color": "#FFC7CE", "font_color": "#9C0006"},
    "bad_date": {"bg_color": "#FFC7CE", "font_color": "#9C0006", "num_format": "yyyy-mm-dd"},
    "date": {"num_format": "yyyy-mm-dd"},
    "reason": {"font_color": "#9C0006", "text_wrap": True},
    "head": {"bold": True, "bg_color": "#FFEB9C"},
}
# What XML text needs beyond the fast path: markup characters, control characters (written as
# _xHHHH_, as Excel does) and a literal _xHHHH_ (escaped so it is not read back as one). Two
# cheap tests rather than one regex with an alternative: this runs for every cell.
_XML_SPECIAL = re.compile(r"[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]")
_XML_LITERAL_ESCAPE = re.compile(r"(_x[0-9a-fA-F]{4}_)")
_EXCEL_EPOCH_DT = dt.datetime(1899, 12, 31)


def _xml_text(text: str) -> str:
    """A non-empty text as the <t> element of an inline string, escaped as Excel does."""
    if "_x" in text or _XML_SPECIAL.search(text):
        text = _XML_LITERAL_ESCAPE.sub(r"_x005F\1", text)
        text = _XML_SPECIAL.sub(_xml_escape_char, text)
    if text[0].isspace() or text[-1].isspace():
        return f'<t xml:space="preserve">{text}</t>'
    return f"<t>{text}</t>"


def _xml_escape_char(m: re.Match[str]) -> str:
    ch = m[0]
    if ch == "&":
        return "&amp;"
    if ch == "<":
        return "&lt;"
    if ch == ">":
        return "&gt;"
    return f"_x{ord(ch):04X}_"


def _excel_serial(value: dt.date) -> float:
    """An Excel (1900) serial date, 1900-02-29 included as Excel counts it."""
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    delta = value - _EXCEL_EPOCH_DT
    serial = delta.days + (delta.seconds + delta.microseconds / 1e6) / 86400
    return serial + 1 if serial > 59 else serial


def _report_frame(path: Path, width: int, header_row: int, by_cell: dict[Any, list[str]]) -> None:
    """Everything of the error report but its rows, written by xlsxwriter: styles, column
    width, frozen header, the comments on the bad cells. Its first row holds one cell per
    format, named after it; the row writer takes their style ids from there."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "tmpdir": str(path.parent)})
    sheet = book.add_worksheet("错误报告")
    sheet.set_column(width, width, 60)
    if header_row:
        sheet.freeze_panes(header_row, 0)
    for c, (name, props) in enumerate(_REPORT_FORMATS.items()):
        sheet.write_string(0, c, name, book.add_format(props))
    comment = {"author": "工会服务平台"}
    for (row_no, col), messages in by_cell.items():
        sheet.write_comment(row_no - 1, col, "；".join(messages), comment)
    book.close()


def error_report(
    source: Path,
    filename: str,
    errors: list[RowError],
    header_row: int,
    *,
    dest: Path,
    progress: ProgressFn | None = None,
) -> int:
    """Write the uploaded sheet to `dest` (.xlsx, 0600): bad cells red with a comment, reasons in
    a last column; returns the rows written.

    Runs in the import job, never in a request, and streams: each row goes out as it is read,
    so only the errors are held, not the sheet. xlsxwriter writes the workbook around the rows
    (_report_frame); the rows themselves are written by _report_rows as the XML xlsxwriter
    writes for them in constant_memory mode, because its per-cell calls alone took some 30 s
    of CPU for the four million cells of a 20 MB file. Text that could turn into a formula is
    quoted (core.exporting.excel_text); the importer unquotes it.
    """
    table = readers.read_table(source, filename)
    by_cell: dict[tuple[int, int], list[str]] = {}
    by_row: dict[int, list[str]] = {}
    for e in errors:
        by_row.setdefault(e.row, []).append(f"{e.column}：{e.message}" if e.column else e.message)
        if e.col is not None:
            by_cell.setdefault((e.row, e.col), []).append(e.message)
    width = max([table.width, *(col + 1 for _, col in by_cell)])
    height = max(table.height, 1)
    # mkstemp creates the files 0600 and they are rewritten in place, so the personal data in
    # them is never readable by others, not even for a moment; scratch files stay beside them.
    scratch: list[Path] = []
    for _ in range(2):
        fd, name = tempfile.mkstemp(prefix=".report-", suffix=".xlsx", dir=dest.parent)
        os.close(fd)
        scratch.append(Path(name))
    frame, out = scratch
    written = 0
    try:
        _report_frame(frame, width, header_row, by_cell)
        with zipfile.ZipFile(frame) as src:
            head, placeholders, tail = _split_sheet(src.read(_REPORT_SHEET).decode())
            styles = {
                name: f' s="{s}"'
                for s, name in re.findall(
                    r' s="(\d+)" t="inlineStr"><is><t>(\w+)</t>', placeholders
                )
            }
            head = re.sub(
                r'<dimension ref="[^"]*"/>',
                f'<dimension ref="A1:{xl_col_to_name(width)}{height}"/>',
                head,
            )
            rows = _report_rows(table, by_cell, by_row, width, header_row, styles)
            # Level 1: the XML of a 20 MB upload is some 230 MB; the default level takes
            # several times as long for a file a fifth smaller.
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as dst:
                for info in src.infolist():
                    if info.filename != _REPORT_SHEET:
                        dst.writestr(info, src.read(info))
                        continue
                    with dst.open(_REPORT_SHEET, "w", force_zip64=True) as sheet:
                        sheet.write(f"{head}<sheetData>".encode())
                        chunk: list[str] = []
                        for row_no, xml in rows:
                            chunk.append(xml)
                            written += 1
                            if written % REPORT_PROGRESS_ROWS == 0:
                                sheet.write("".join(chunk).encode())
                                chunk.clear()
                                if progress is not None:
                                    progress(row_no, height, f"正在生成错误报告：已写{row_no}行")
                        chunk.append(f"</sheetData>{tail}")
                        sheet.write("".join(chunk).encode())
        os.replace(out, dest)
    finally:
        for path in scratch:
            path.unlink(missing_ok=True)
    if progress is not None:
        progress(height, height, "错误报告已生成")
    return written


def _split_sheet(xml: str) -> tuple[str, str, str]:
    head, rest = xml.split("<sheetData>", 1)
    placeholders, tail = rest.split("</sheetData>", 1)
    return head, placeholders, tail


def _report_rows(
    table: Table,
    by_cell: dict[tuple[int, int], list[str]],
    by_row: dict[int, list[str]],
    width: int,
    header_row: int,
    styles: dict[str, str],
) -> Iterator[tuple[int, str]]:
    """(row number, the row's <row> XML) for every row of the sheet, in order."""
    # '<c r="B' + row number + '"' opens a cell; this is the innermost loop of a 20 MB report.
    refs = [f'<c r="{xl_col_to_name(c)}' for c in range(width + 1)]
    bad, reason = styles["bad"], styles["reason"]
    dates = (styles["date"], styles["bad_date"])
    head = f'{refs[width]}{{}}"{styles["head"]} t="inlineStr"><is><t>错误原因</t></is></c>'
    marks = table.marks
    special = _XML_SPECIAL.search
    for row_no, cells in table.rows:
        rn = str(row_no)
        reasons = by_row.get(row_no)
        out: list[str] = []
        add = out.append
        if reasons is None and not marks:  # most rows: no error, nothing to mark
            for c, value in enumerate(cells):
                if type(value) is str and value:
                    # Text that needs no quoting, escaping or preserved spaces is written as it
                    # is; letters and digits only (names, ID numbers) is the quick test for it.
                    if value.isalnum() or not (
                        value[0] in _QUOTE_OR_LEAD
                        or value[0].isspace()
                        or value[-1].isspace()
                        or "_x" in value
                        or special(value)
                    ):
                        add(f'{refs[c]}{rn}" t="inlineStr"><is><t>{value}</t></is></c>')
                    else:
                        text = _xml_text(excel_text(value))
                        add(f'{refs[c]}{rn}" t="inlineStr"><is>{text}</is></c>')
                elif value != "" and value is not None:
                    add(_cell_xml(f"{refs[c]}{rn}", value, "", dates))
        else:
            for c, value in enumerate(cells):
                if marks:
                    mark = marks.get((row_no, c))
                    if mark is not None and mark != FORMULA and value == "":
                        value = mark
                style = bad if reasons and (row_no, c) in by_cell else ""
                if style or (value != "" and value is not None):
                    add(_cell_xml(f"{refs[c]}{rn}", value, style, dates))
            if reasons:
                for c in range(len(cells), width):
                    if (row_no, c) in by_cell:
                        add(f'{refs[c]}{rn}"{bad}/>')
        if row_no == header_row:
            add(head.format(rn))
        elif reasons:
            text = _xml_text(excel_text("；".join(reasons)))
            add(f'{refs[width]}{rn}"{reason} t="inlineStr"><is>{text}</is></c>')
        yield row_no, (f'<row r="{rn}">{"".join(out)}</row>' if out else "")


def _cell_xml(ref: str, value: Any, style: str, dates: tuple[str, str]) -> str:
    """One cell (ref: '<c r="B7') of any type; style is the bad cells' or ""."""
    kind = type(value)
    if kind is str:
        if not value:
            return f'{ref}"{style}/>'
        return f'{ref}"{style} t="inlineStr"><is>{_xml_text(excel_text(value))}</is></c>'
    if kind is float or kind is int:
        return f'{ref}"{style}><v>{value:.16G}</v></c>'
    if kind is bool:
        return f'{ref}"{style} t="b"><v>{value:d}</v></c>'
    if isinstance(value, dt.date):  # datetime too
        return f'{ref}"{dates[bool(style)]}><v>{_excel_serial(value):.16G}</v></c>'
    if value is None:
        return f'{ref}"{style}/>'
    # A time or a duration: as text, as before.
    return f'{ref}"{style} t="inlineStr"><is>{_xml_text(str(value))}</is></c>'
