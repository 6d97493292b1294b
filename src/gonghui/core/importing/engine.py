"""The row engine: read the file, map its header, convert and check every row, hand batches to
the importer's plan/write, and count new/updated/unchanged; a commit writes every row or none."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NotRequired, TypedDict, Unpack

from django.db import transaction

from gonghui.core import audit, clock
from gonghui.core.errors import DomainError
from gonghui.core.importing import readers
from gonghui.core.importing.declarations import (
    ACTION_LABELS,
    Column,
    Importer,
    ImportFileError,
    Item,
    ProgressFn,
    RowError,
)
from gonghui.core.importing.headers import HEADER_SCAN_ROWS, Header, column_for, find_header
from gonghui.core.importing.readers import EXCEL_ERRORS, FORMULA, Table
from gonghui.core.importing.templates import is_sample
from gonghui.core.importing.text import cell_text, fold, parse_date
from gonghui.core.models import AuditAction, Organization, User
from gonghui.core.services import as_bool, organization_resolve


class _Rollback(Exception):
    """Raised inside the commit transaction when any row failed: nothing is written."""


class AuditFields(TypedDict):
    """An import's audit entry, but for the record it is about (ImportContext.log, log_row)."""

    action: str
    model: str
    org: Organization | None
    person: NotRequired[Any]
    before: NotRequired[Any]
    after: NotRequired[Any]
    note: NotRequired[str]


class ImportContext:
    """The importing user, their scope and per-import caches."""

    def __init__(self, user: User | None, *, scope: Organization | None = None) -> None:
        self.user = user
        self.scope = scope if scope is not None else getattr(user, "organization", None)
        if self.scope is None:
            raise ImportFileError("您的账号未设置所属组织，不能导入数据")
        self._orgs: dict[str, Organization | DomainError] = {}
        self.today = clock.today()
        self.audit: list[dict[str, Any]] = []

    def resolve_org(self, text: str) -> Organization:
        """An organization by name or code inside the user's subtree; one query per distinct text."""
        key = fold(text)
        hit = self._orgs.get(key)
        if hit is None:
            assert self.scope is not None
            try:
                hit = organization_resolve(key, within=self.scope)
            except DomainError as exc:
                hit = exc
            self._orgs[key] = hit
        if isinstance(hit, DomainError):
            raise hit
        return hit

    def in_scope(self, org: Organization) -> bool:
        assert self.scope is not None
        return org.path.startswith(self.scope.path)

    def log(self, *, obj: Any, **fields: Unpack[AuditFields]) -> None:
        """Queue one audit entry; written in bulk with the batch."""
        self.log_row(object_id=obj.pk, object_repr=str(obj), **fields)

    def log_row(self, *, object_id: Any, object_repr: str, **fields: Unpack[AuditFields]) -> None:
        """Queue an audit entry for a row written without a model instance."""
        org = fields["org"]
        self.audit.append(
            {
                "user_id": getattr(self.user, "pk", None),
                "action": fields["action"],
                "model": fields["model"],
                "object_id": str(object_id),
                "object_repr": object_repr[:200],
                "org_id": org.pk if org is not None else None,
                "org_path": org.path if org is not None else "",
                "person_id": getattr(fields.get("person"), "pk", None),
                "before": fields.get("before"),
                "after": fields.get("after"),
                "note": fields.get("note", "")[:200],
            }
        )

    def flush_audit(self) -> None:
        if self.audit:
            audit.record_rows(self.audit)
            self.audit = []


@dataclass
class ImportReport:
    importer: str
    filename: str
    header_row: int = 0
    headers: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    total: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_rows: set[int] = field(default_factory=set)
    preview: list[dict[str, Any]] = field(default_factory=list)
    committed: bool = False
    sample_row: int = 0  # the template's example row, skipped (0: none)

    def as_result(self, max_errors: int = 500) -> dict[str, Any]:
        return {
            "importer": self.importer,
            "filename": self.filename,
            "header_row": self.header_row,
            "headers": self.headers,
            "ignored": self.ignored,
            "total": self.total,
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "error_count": len(self.errors),
            "error_rows": len(self.error_rows),
            "errors": [e.as_dict() for e in self.errors[:max_errors]],
            "preview": self.preview,
            "committed": self.committed,
            "sample_row": self.sample_row,
        }


PREVIEW_ROWS = 20


def _convert(column: Column, value: Any) -> Any:
    """A cell converted for its column's kind; raises DomainError with a Chinese reason."""
    kind = column.kind
    if kind == "text":
        text = cell_text(value)
        if column.max_length and len(text) > column.max_length:
            raise DomainError(f"{column.header}最多{column.max_length}个字，现为{len(text)}个字")
        if column.codes is not None:
            name = column.codes.normalize(text)
            if name is None:
                raise DomainError(column.codes.error(text))
            return name
        return text
    if kind == "code":
        if isinstance(value, float) and abs(value) >= 1e15:
            raise DomainError(
                f"{column.header}被Excel存成了数字，末几位已丢失，请把该列设为“文本”格式后重新填写"
            )
        return cell_text(value).upper().replace(" ", "")
    if kind == "date":
        return parse_date(value)
    if kind == "bool":
        text = cell_text(value)
        if text == "":
            return None
        try:
            return as_bool(text)
        except DomainError:
            raise DomainError(f"“{text}”不是有效的是/否值，请填写“是”或“否”") from None
    if kind == "int":
        text = cell_text(value).replace(",", "")
        if text == "":
            return None
        try:
            number = int(text)
        except ValueError:
            raise DomainError(f"{column.header}“{text}”应为整数") from None
        if number < 0:
            raise DomainError(f"{column.header}不能为负数")
        return number
    if kind == "choice":
        text = cell_text(value)
        if text == "":
            return None
        for label, val in column.choices:
            if text in (label, val):
                return val
        labels = "、".join(label for label, _ in column.choices if label)
        raise DomainError(f"{column.header}“{text}”无效，可填：{labels}")
    raise ValueError(kind)


def run_import(
    importer: Importer,
    path: Path,
    *,
    filename: str,
    user: User | None,
    commit: bool,
    progress: ProgressFn | None = None,
    scope: Organization | None = None,
) -> ImportReport:
    """Validate every row; with commit=True write all of them in one transaction, or none."""
    ctx = ImportContext(user, scope=scope)
    table = readers.read_table(path, filename)
    rows = table.rows
    head_rows: list[tuple[int, list[Any]]] = []
    for row in rows:
        head_rows.append(row)
        if len(head_rows) >= HEADER_SCAN_ROWS:
            break
    header = find_header(head_rows, importer)
    report = ImportReport(
        importer=importer.key,
        filename=filename,
        header_row=header.row,
        headers=[header.titles[key] for key in header.columns],
        ignored=header.ignored,
    )
    data_rows = _chain_after(head_rows, header.row, rows)
    expected = max(table.height - header.row, 0)
    if commit:
        try:
            with transaction.atomic():
                _process(
                    importer, ctx, table, header, data_rows, report, expected, progress, write=True
                )
                if report.total == 0:
                    raise ImportFileError("文件中没有数据")
                if report.errors:
                    raise _Rollback
                audit.record(
                    user=ctx.user,
                    action=AuditAction.IMPORT,
                    model=importer.model_label,
                    org=ctx.scope,
                    note=(
                        f"导入{importer.label}“{filename}”：新增{report.new}条，"
                        f"更新{report.updated}条，未变{report.unchanged}条"
                    )[:200],
                )
                report.committed = True
        except _Rollback:
            report.new = report.updated = report.unchanged = 0
            report.committed = False
    else:
        _process(importer, ctx, table, header, data_rows, report, expected, progress, write=False)
        if report.total == 0:
            raise ImportFileError("文件中没有数据")
    return report


def _chain_after(
    head_rows: list[tuple[int, list[Any]]],
    header_row: int,
    rest: Iterator[tuple[int, list[Any]]],
) -> Iterator[tuple[int, list[Any]]]:
    for row in head_rows:
        if row[0] > header_row:
            yield row
    yield from rest


def _process(
    importer: Importer,
    ctx: ImportContext,
    table: Table,
    header: Header,
    data_rows: Iterator[tuple[int, list[Any]]],
    report: ImportReport,
    expected: int,
    progress: ProgressFn | None,
    *,
    write: bool,
) -> None:
    mapped = [
        (importer.column(key), col, header.titles[key]) for key, col in header.columns.items()
    ]
    marks = table.marks
    seen: dict[str, int] = {}
    batch: list[Item] = []
    raws: dict[int, list[Any]] = {}  # cells of the first rows, for the preview
    key_column = importer.column(importer.key_column)
    done = 0
    verb = "正在校验并写入" if write else "正在校验"

    def flush() -> None:
        nonlocal done
        valid = [it for it in batch if it.ok]
        if valid:
            importer.plan(valid, ctx, write=write and not report.errors)
            for it in valid:
                _settle(it, header, importer)
        ok = [it for it in valid if it.ok]
        for it in batch:
            if it.errors:
                report.errors.extend(it.errors)
                report.error_rows.add(it.row)
        if write and not report.errors:
            importer.write(ok, ctx)
            ctx.flush_audit()
        for it in ok:
            if it.action == "new":
                report.new += 1
            elif it.action == "update":
                report.updated += 1
            else:
                report.unchanged += 1
        for it in batch:
            cells = raws.pop(it.row, None)
            if cells is not None:
                report.preview.append(
                    {
                        "row": it.row,
                        "action": ACTION_LABELS["error" if it.errors else it.action],
                        "cells": [
                            importer.display(c.key, cells[col] if col < len(cells) else "")
                            for c, col, _ in mapped
                        ],
                    }
                )
        done += len(batch)
        batch.clear()
        if progress is not None:
            progress(done, max(expected, done), f"{verb}：已处理{done}行")

    looking_for_sample = True
    for row_no, cells in data_rows:
        if looking_for_sample:
            lead = next((v for v in cells if v != "" and v is not None), None)
            if lead is not None:
                looking_for_sample = False
                if is_sample(lead):
                    report.sample_row = row_no
                    continue
        values: dict[str, Any] = {}
        item = Item(row=row_no, values=values)
        blank = True
        ncells = len(cells)
        for column, col, title in mapped:
            raw = cells[col] if col < ncells else ""
            if raw != "" and raw is not None:
                blank = False
            if marks:
                mark = marks.get((row_no, col))
                if mark is not None:
                    blank = False
                    reason = (
                        "单元格含有公式，请复制后“粘贴为数值”"
                        if mark == FORMULA
                        else f"单元格为错误值{mark}"
                    )
                    item.errors.append(RowError(row_no, title, reason, col))
                    item.failed.add(column.key)
                    values[column.key] = None
                    continue
            if isinstance(raw, str) and raw.strip() in EXCEL_ERRORS:
                item.errors.append(RowError(row_no, title, f"单元格为错误值{raw.strip()}", col))
                item.failed.add(column.key)
                values[column.key] = None
                continue
            try:
                value = _convert(column, raw)
            except DomainError as exc:
                item.errors.append(RowError(row_no, title, exc.message, col))
                item.failed.add(column.key)
                values[column.key] = None
                continue
            if column.required and (value == "" or value is None):
                item.errors.append(RowError(row_no, title, f"{column.header}不能为空", col))
                item.failed.add(column.key)
                value = None
            values[column.key] = value
        if blank:
            continue
        if len(raws) < PREVIEW_ROWS and report.total < PREVIEW_ROWS:
            raws[row_no] = cells
        if importer.key_column not in item.failed:
            dup = importer.duplicate_key(values)
            if dup:
                first = seen.get(dup)
                if first is None:
                    seen[dup] = row_no
                else:
                    item.fail(key_column.key, f"{key_column.header}与第{first}行重复")
        try:
            importer.clean(item, ctx)
        except DomainError as exc:
            item.fail(exc.column or "", exc.message)
        _settle(item, header, importer)
        report.total += 1
        batch.append(item)
        if len(batch) >= importer.batch_size:
            flush()
    if batch:
        flush()
    report.errors.sort(key=lambda e: (e.row, e.col if e.col is not None else 10**6))


def _settle(item: Item, header: Header, importer: Importer) -> None:
    """Turn an item's pending (key, message) pairs into RowErrors pinned to the file's columns."""
    for key, message in item.pending:
        column = column_for(key, importer)
        if column is not None and column.key in item.failed:
            continue  # the cell already has an error; one reason per cell is clearer
        if column is not None and column.key in header.columns:
            item.errors.append(
                RowError(item.row, header.titles[column.key], message, header.columns[column.key])
            )
            item.failed.add(column.key)
        else:
            item.errors.append(RowError(item.row, column.header if column else key, message, None))
    item.pending.clear()
