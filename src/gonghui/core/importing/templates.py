"""The per-importer template (导入模板): starred Chinese headers, an example row the import skips,
a 填写说明 sheet, and dropdowns for the columns that take a national code list."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from xlsxwriter.utility import xl_col_to_name

from gonghui.core.exporting import excel_text
from gonghui.core.importing.declarations import Importer
from gonghui.core.importing.text import fold

# The template's example row starts with this in its first cell; the first non-blank row under
# the header that does is skipped on import (and only that row: a copy further down is data).
SAMPLE_MARK = "示例"


def is_sample(first_cell: Any) -> bool:
    """Whether a row's first non-blank cell marks the template's example row."""
    return isinstance(first_cell, str) and fold(first_cell).startswith(SAMPLE_MARK)


def template(importer: Importer) -> bytes:
    """An .xlsx with the Chinese headers (required ones starred and red), an example row, notes.

    The example row's first cell starts with SAMPLE_MARK, so it is skipped when the template is
    imported as it is, with real rows added below it.
    """
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet(importer.label[:31])
    required = book.add_format(
        {"bold": True, "font_color": "#C00000", "bg_color": "#F2F2F2", "border": 1}
    )
    optional = book.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1})
    text = book.add_format({"num_format": "@"})
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    example = book.add_format({"num_format": "@", "italic": True, "font_color": "#808080"})
    example_date = book.add_format(
        {"num_format": "yyyy-mm-dd", "italic": True, "font_color": "#808080"}
    )
    for c, column in enumerate(importer.columns):
        sheet.write_string(
            0,
            c,
            column.header + ("*" if column.required else ""),
            required if column.required else optional,
        )
        note = ("必填。" if column.required else "选填。") + column.help
        if column.aliases:
            note += f"（也可写作：{'、'.join(column.aliases)}）"
        sheet.write_comment(0, c, note, {"author": "工会服务平台", "x_scale": 2})
        fmt = date if column.kind == "date" else text
        sheet.set_column(c, c, max(10, len(column.header) * 2 + 4), fmt)
        sample = column.sample
        if c == 0:
            shown = f"{sample:%Y-%m-%d}" if isinstance(sample, dt.date) else str(sample)
            sheet.write_string(1, c, f"{SAMPLE_MARK}：{shown}" if shown else SAMPLE_MARK, example)
            sheet.write_comment(
                1,
                c,
                f"这一行是填写示例（第一格以“{SAMPLE_MARK}”开头），导入时自动跳过，"
                "可以保留或删除；请从下一行开始填写。",
                {"author": "工会服务平台", "x_scale": 2},
            )
        elif isinstance(sample, dt.date):
            sheet.write_datetime(1, c, sample, example_date)
        elif sample != "":
            sheet.write_string(1, c, excel_text(str(sample)), example)
    sheet.freeze_panes(1, 0)
    notes = book.add_worksheet("填写说明")
    bold = book.add_format({"bold": True})
    notes.write_row(0, 0, ["列名", "是否必填", "说明", "可用别名"], bold)
    for r, column in enumerate(importer.columns, start=1):
        notes.write_row(
            r,
            0,
            [
                column.header,
                "必填" if column.required else "选填",
                column.help,
                "、".join(column.aliases),
            ],
        )
    r = len(importer.columns) + 2
    for line in (
        "1. 只导入第一个工作表；表头可以在前10行中的任意一行，上方可以有标题行。"
        f"表头下第一行若以“{SAMPLE_MARK}”开头，是填写示例，导入时自动跳过。",
        "2. 带*的列必须填写；列的顺序可以调整，列名前后的空格、全角字符和括号里的说明"
        "（如“身份证号码（18位）”）不影响识别。",
        "3. 请不要使用公式，如有公式请复制后“粘贴为数值”。"
        "以=、+、-、@开头的文字在导出的表格中前面加了英文单引号('），导入时会自动去掉。",
        "4. 先预览校验，全部无误后才能确认导入；有任何一行出错，则一行也不会写入。",
        "5. 再次导入同一文件不会产生重复记录；选填列留空表示不修改原有信息。",
        importer.note,
    ):
        if line:
            notes.write_string(r, 0, line)
            r += 1
    notes.set_column(0, 0, 18)
    notes.set_column(2, 3, 50)
    _dropdowns(book, sheet, importer)
    book.close()
    return out.getvalue()


CODES_SHEET = "代码表"
_LAST_ROW = 1_048_575  # Excel's last row (0-based): the dropdown covers the whole column


def _dropdowns(book: Any, sheet: Any, importer: Importer) -> None:
    """A dropdown (data validation list) on every column with a code list; the lists are kept on
    a hidden sheet, since an inline list is limited to 255 characters (the 58 民族 are more)."""
    for c, column in enumerate(importer.columns):
        if column.kind == "bool":
            sheet.data_validation(
                1,
                c,
                _LAST_ROW,
                c,
                {
                    "validate": "list",
                    "source": ["是", "否"],
                    "error_title": f"{column.header}应为“是”或“否”",
                    "error_message": "请从下拉列表中选择“是”或“否”。",
                },
            )
    coded = [(c, column.codes) for c, column in enumerate(importer.columns) if column.codes]
    if not coded:
        return
    lists = book.add_worksheet(CODES_SHEET)
    ranges: dict[str, str] = {}
    for c, codes in coded:
        if codes.label not in ranges:
            at = len(ranges)
            lists.write_string(0, at, codes.label)
            lists.write_column(1, at, codes.names)
            ranges[codes.label] = (
                f"='{CODES_SHEET}'!${xl_col_to_name(at)}$2:${xl_col_to_name(at)}${len(codes.names) + 1}"
            )
        # A warning, not a stop: the import also takes the usual short forms (汉, 本科) and codes.
        sheet.data_validation(
            1,
            c,
            _LAST_ROW,
            c,
            {
                "validate": "list",
                "source": ranges[codes.label],
                "input_title": codes.label,
                "input_message": "请从下拉列表中选择",
                "error_type": "warning",
                "error_title": f"{codes.label}不在代码表中",
                "error_message": "请从下拉列表中选择标准名称；导入时也接受常用简称和代码。",
            },
        )
    lists.hide()
