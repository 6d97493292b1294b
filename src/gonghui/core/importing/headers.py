"""Finding the header row among a sheet's first rows and matching its cells to the columns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gonghui.core.importing.declarations import Column, Importer, ImportFileError
from gonghui.core.importing.text import cell_text, header_key

HEADER_SCAN_ROWS = 10


@dataclass
class Header:
    row: int  # Excel row number of the header
    columns: dict[str, int]  # column key → 0-based col
    titles: dict[str, str]  # column key → the header as written in the file
    ignored: list[str]


def find_header(head_rows: list[tuple[int, list[Any]]], importer: Importer) -> Header:
    """The best-matching row among the first rows; missing required columns are an error.

    A column's own header wins over its aliases: the shared alias lists (importing.columns) are
    long, so a file may carry both 组织 and 基层工会; the importer's header is the one meant.
    """
    # header key → (column, whether it is the column's own header rather than an alias)
    lookup: dict[str, tuple[Column, bool]] = {}
    for column in importer.columns:
        lookup.setdefault(header_key(column.header), (column, True))
    for column in importer.columns:
        for k in column.keys()[1:]:
            lookup.setdefault(k, (column, False))
    best: Header | None = None
    best_score = 0
    for row_no, cells in head_rows:
        columns: dict[str, int] = {}
        titles: dict[str, str] = {}
        by_alias: set[str] = set()
        ignored: list[str] = []
        for c, value in enumerate(cells):
            k = header_key(value) if isinstance(value, str) else header_key(cell_text(value))
            if not k:
                continue
            found, own = lookup.get(k, (None, False))
            if found is None:
                ignored.append(cell_text(value))
                continue
            if found.key in columns:
                if not (own and found.key in by_alias):
                    ignored.append(cell_text(value))
                    continue
                # The column's own header after an alias of it: the alias's cell is ignored.
                ignored.append(titles.pop(found.key))
                del columns[found.key]
            columns[found.key] = c
            titles[found.key] = cell_text(value)
            if own:
                by_alias.discard(found.key)
            else:
                by_alias.add(found.key)
        if len(columns) > best_score:
            best_score = len(columns)
            best = Header(row=row_no, columns=columns, titles=titles, ignored=ignored)
    if best is None:
        if not any(any(cell_text(v) for v in cells) for _, cells in head_rows):
            raise ImportFileError("文件中没有数据")
        names = "”“".join(c.header for c in importer.columns if c.required)
        raise ImportFileError(
            f"未找到表头：前{len(head_rows)}行中没有可识别的列名（应有“{names}”等），请使用导入模板"
        )
    missing = [c.header for c in importer.columns if c.required and c.key not in best.columns]
    if missing:
        raise ImportFileError(
            "缺少必填列：" + "、".join(f"“{m}”" for m in missing) + f"（表头在第{best.row}行）"
        )
    return best


def column_for(key: str, importer: Importer) -> Column | None:
    """The column a row error names: by key, else by a Chinese header or alias; None for ""."""
    if not key:
        return None
    for column in importer.columns:
        if column.key == key:
            return column
    k = header_key(key)
    for column in importer.columns:
        if k in column.keys():
            return column
    return None
