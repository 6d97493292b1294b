"""The one Excel import framework: read a sheet, map its header, validate every row, then commit.

Importers (core/importers.py, <app>/importers.py) are declarations on top of it: columns with
Chinese headers and aliases, a `clean` per row, and `plan`/`write` per batch of rows. The
framework does everything else the same way for all of them:

- reads .xlsx/.xls with python-calamine and .csv (UTF-8 with/without BOM, GBK/GB18030, UTF-16);
- rejects non-spreadsheets, oversized and empty files with a Chinese message;
- finds the header row among the first rows (title rows above it are fine), tolerating spaces,
  full-width characters, required-column stars, notes in brackets (身份证号码（18位）), aliases
  and any column order; skips the template's example row;
- keeps text that could be a formula (=1+1, ＝1+1, " =1+1") exactly as written and takes off
  the apostrophe our exports put in front of it (core.exporting.excel_text);
- turns formulas and error values (#N/A …) into row errors (calamine only returns cached values,
  so the cells are located in the raw sheet: the XML for .xlsx, the BIFF records for .xls);
- collects ALL errors (Excel row number, the file's column header, a Chinese reason), including
  duplicate keys inside the file;
- dry run (preview counts new/updated/unchanged) or commit: every row or none, in one transaction;
- writes the error report (the uploaded sheet, bad cells red with a comment, a 错误原因 column)
  in the import job, streaming, beside the upload; and the per-importer template.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import logging
import os
import re
import struct
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar
from xml.etree.ElementTree import iterparse

from django.conf import settings
from django.db import connections, router, transaction
from django.db.models import Model
from django.utils.module_loading import autodiscover_modules
from xlsxwriter.utility import xl_col_to_name

from gonghui.core import audit, clock
from gonghui.core.errors import DomainError
from gonghui.core.exporting import FORMULA_LEADS, excel_text, excel_unquote, formula_like
from gonghui.core.models import AuditAction, AuditLog, Job, Organization, User
from gonghui.core.permissions import Denied
from gonghui.core.services import as_bool, import_authorize, organization_resolve

log = logging.getLogger("gonghui.importing")

# ---------------------------------------------------------------- errors


class ImportFileError(DomainError):
    """The file as a whole cannot be imported (wrong type, too big, empty, missing column)."""


@dataclass(frozen=True)
class RowError:
    row: int  # as Excel numbers it (1-based)
    column: str  # the header as written in the file ("" for a whole-row problem)
    message: str
    col: int | None = None  # 0-based sheet column, for highlighting in the error report

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message, "col": self.col}


class _Rollback(Exception):
    """Raised inside the commit transaction when any row failed: nothing is written."""


# ---------------------------------------------------------------- text helpers

# Full-width ASCII and the ideographic space fold to half-width (as validators.normalize_text),
# via str.translate because this runs for every cell of 100,000-row files.
_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FOLD[0x3000] = 0x20
_FOLD[0xA0] = 0x20  # no-break space pasted from web pages


def fold(text: str) -> str:
    """Strip and fold full-width characters to half-width."""
    if text.isascii():
        return text.strip()
    return text.translate(_FOLD).strip()


_HEADER_NOISE = re.compile(r"[\s*＊]")
# Annotations in brackets: 身份证号码（18位）, 姓名(必填), 组织【基层工会】, 手机号[选填]. Folded
# first, so （）［］ are already ()[]; innermost first, so nested ones go too.
_ANNOTATION = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】")
_UNCLOSED = re.compile(r"[(\[【].*$")


def header_key(text: Any) -> str:
    """Normalize a header for matching: folded, no spaces, stars or bracketed notes, lower-case."""
    if text is None:
        return ""
    key = _HEADER_NOISE.sub("", fold(str(text)))
    bare = key
    while True:
        shorter = _ANNOTATION.sub("", bare)
        if shorter == bare:
            break
        bare = shorter
    bare = _UNCLOSED.sub("", bare)
    # A header that is nothing but a note keeps it, so it is listed among the ignored columns.
    return (bare or key).lower()


# The first characters of text that excel_unquote or formula_like must look at.
_QUOTE_OR_LEAD = FORMULA_LEADS | {"'"}


def cell_text(value: Any) -> str:
    """A cell as trimmed half-width text; integral numbers lose their '.0'.

    Text that could be a formula (=1+1, ＝1+1, " =1+1") is kept exactly as written, never
    folded or trimmed into an active "=1+1"; the apostrophe our exports put in front of such
    text (core.exporting.excel_text) is taken off again.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        if value.lstrip()[:1] in _QUOTE_OR_LEAD:
            if value[:1] == "'":
                unquoted = excel_unquote(value)
                if unquoted != value:
                    return unquoted
            elif formula_like(value):
                return value
        return fold(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S") if value.time() else f"{value:%Y-%m-%d}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return fold(str(value))


_EXCEL_EPOCH = dt.date(1899, 12, 30)
_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def parse_date(value: Any) -> dt.date | None:
    """Excel date cells and serials, 2020-01-01, 2020/1/1, 2020.1.1, 2020年1月1日, 20200101."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # 9999-12-31
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise DomainError(f"日期“{cell_text(value)}”无法识别，请填写如2020-01-01")
    text = fold(str(value))
    if not text:
        return None
    for pattern in _DATE_PATTERNS:
        m = pattern.match(text)
        if m:
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                raise DomainError(f"日期“{text}”不存在") from None
    if text.isdigit() and 1 <= int(text) < 2958466:
        return _EXCEL_EPOCH + dt.timedelta(days=int(text))
    raise DomainError(f"日期“{text}”无法识别，请填写如2020-01-01")


# ---------------------------------------------------------------- declarations


@dataclass(frozen=True)
class Column:
    """One column of an importer: key in the row dict, Chinese header, aliases, kind."""

    key: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    # text | code (text that Excel must not have turned into a number) | date | bool | int | choice
    kind: str = "text"
    choices: tuple[tuple[str, str], ...] = ()  # (label, value); labels and values are accepted
    sample: Any = ""
    help: str = ""
    max_length: int | None = None

    def keys(self) -> list[str]:
        return [header_key(self.header), *(header_key(a) for a in self.aliases)]


@dataclass
class Item:
    """One data row on its way through an importer."""

    row: int
    values: dict[str, Any]  # column key → converted value (None when blank or unconvertible)
    data: Any = None  # what the importer's clean() produced
    action: str = ""  # new | update | unchanged
    errors: list[RowError] = field(default_factory=list)
    failed: set[str] = field(default_factory=set)  # keys whose cell already has an error
    pending: list[tuple[str, str]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def fail(self, key: str, message: str) -> None:
        """Record an error for column `key` (or a Chinese column name, or "" for the row)."""
        self.pending.append((key, message))

    @property
    def ok(self) -> bool:
        return not self.errors and not self.pending


ACTION_LABELS = {"new": "新增", "update": "更新", "unchanged": "不变", "error": "有错误"}


class Importer:
    """Base of the importer declarations; subclasses set the class attributes and the hooks."""

    key: ClassVar[str]
    label: ClassVar[str]
    columns: ClassVar[tuple[Column, ...]]
    key_column: ClassVar[str]  # duplicates of this column inside one file are errors
    model_label: ClassVar[str]
    # The table's action for importing this file (checked once for the whole file, at upload and
    # at confirm, beside core.import.run); the rows are then written without per-row checks.
    permission: ClassVar[str] = "core.import.run"
    batch_size: ClassVar[int] = 2000
    pii_columns: ClassVar[frozenset[str]] = frozenset()  # masked in the preview
    note: ClassVar[str] = ""

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def provided(self, item: Item, keys: tuple[str, ...]) -> dict[str, Any]:
        """The values of `keys` that the row actually gives (blank means: keep what exists)."""
        textual = self._textual()
        given = {}
        for k in keys:
            value = item.values.get(k)
            # A blank text cell is "" and a blank typed cell is None; a choice may be "" (否).
            if value is None or (value == "" and k in textual):
                continue
            given[k] = value
        return given

    def _textual(self) -> frozenset[str]:
        cached = self.__dict__.get("_textual_keys")
        if cached is None:
            cached = frozenset(c.key for c in self.columns if c.kind in ("text", "code"))
            self.__dict__["_textual_keys"] = cached
        return cached

    def duplicate_key(self, values: dict[str, Any]) -> str:
        return str(values.get(self.key_column) or "").upper().replace(" ", "")

    def clean(self, item: Item, ctx: ImportContext) -> None:
        """Validate one row without touching the database; set item.data or add item errors."""
        raise NotImplementedError

    def plan(self, items: list[Item], ctx: ImportContext, *, write: bool) -> None:
        """Load what exists for a batch (constant queries) and set each item's action."""
        raise NotImplementedError

    def write(self, items: list[Item], ctx: ImportContext) -> None:
        """Bulk-write a planned batch (every item valid) with its audit entries."""
        raise NotImplementedError

    def display(self, key: str, value: Any) -> str:
        text = cell_text(value)
        if key in self.pii_columns and text:
            return mask_text(text)
        return text


def mask_text(text: str) -> str:
    if len(text) >= 15:
        return text[:6] + "*" * (len(text) - 10) + text[-4:]
    if len(text) >= 7:
        return text[:3] + "*" * (len(text) - 7) + text[-4:]
    return "*" * len(text)


_REGISTRY: dict[str, Importer] = {}
_discovered = False


def register(cls: type[Importer]) -> type[Importer]:
    """Class decorator: make an importer available to the 数据导入 page."""
    _REGISTRY[cls.key] = cls()
    return cls


def importers() -> dict[str, Importer]:
    global _discovered
    if not _discovered:
        autodiscover_modules("importers")
        _discovered = True
    return _REGISTRY


def get_importer(key: str) -> Importer:
    try:
        return importers()[key]
    except KeyError:
        raise DomainError(f"未知的导入类型“{key}”") from None


# ---------------------------------------------------------------- context


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

    def log(
        self,
        *,
        action: str,
        model: str,
        obj: Any,
        org: Organization | None,
        person: Any = None,
        before: Any = None,
        after: Any = None,
        note: str = "",
    ) -> None:
        """Queue one audit entry; written in bulk with the batch."""
        self.log_row(
            action=action,
            model=model,
            object_id=obj.pk,
            object_repr=str(obj),
            org=org,
            person=person,
            before=before,
            after=after,
            note=note,
        )

    def log_row(
        self,
        *,
        action: str,
        model: str,
        object_id: Any,
        object_repr: str,
        org: Organization | None,
        person: Any = None,
        before: Any = None,
        after: Any = None,
        note: str = "",
    ) -> None:
        """Queue an audit entry for a row written without a model instance."""
        self.audit.append(
            {
                "user_id": getattr(self.user, "pk", None),
                "action": action,
                "model": model,
                "object_id": str(object_id),
                "object_repr": object_repr[:200],
                "org_id": org.pk if org is not None else None,
                "org_path": org.path if org is not None else "",
                "person_id": getattr(person, "pk", None),
                "before": before,
                "after": after,
                "note": note[:200],
            }
        )

    def flush_audit(self) -> None:
        if self.audit:
            insert_rows(AuditLog, self.audit)
            self.audit = []


# Column types whose Python value the database driver takes as it is.
_PASSTHROUGH = frozenset(
    {
        "CharField",
        "TextField",
        "IntegerField",
        "BigIntegerField",
        "SmallIntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "PositiveBigIntegerField",
        "BooleanField",
        "ForeignKey",
        "SlugField",
        "EmailField",
    }
)


def insert_rows(model: type[Model], rows: list[dict[str, Any]]) -> None:
    """INSERT rows given as {attname: value} without model instances (audit entries, memberships).

    bulk_create builds model instances and compiles a placeholder per value (and on SQLite
    splits into statements of 999 parameters); for the 200,000 audit rows of a 100,000-row
    import that was most of the time. Missing fields take their default; auto_now_add is now.
    No primary keys come back.
    """
    if not rows:
        return
    conn = connections[router.db_for_write(model)]
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = clock.now()
    missing = object()
    # (attname, default ready for the database, field that prepares given values or None)
    plan: list[tuple[str, Any, Any]] = []
    for f in fields:
        default = (
            now
            if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False)
            else f.get_default()
        )
        prep = None if f.get_internal_type() in _PASSTHROUGH else f
        plan.append(
            (f.attname, default if prep is None else prep.get_db_prep_save(default, conn), prep)
        )
    table = conn.ops.quote_name(model._meta.db_table)
    columns = ", ".join(conn.ops.quote_name(str(f.column)) for f in fields)
    head = f"INSERT INTO {table} ({columns}) VALUES "
    one = "({})".format(", ".join(["%s"] * len(fields)))
    params = [
        tuple(
            default
            if (value := row.get(name, missing)) is missing
            else value
            if prep is None
            else prep.get_db_prep_save(value, conn)
            for name, default, prep in plan
        )
        for row in rows
    ]
    with conn.cursor() as cursor:
        if conn.vendor == "sqlite":
            # SQLite prepares the statement once and loops in C: the fastest path there.
            cursor.executemany(head + one, params)
            return
        if conn.vendor == "postgresql":
            # COPY streams the rows: no per-statement parsing of tens of thousands of
            # placeholders on either side, several times faster than multi-row VALUES.
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for r in params:
                    copy.write_row(r)
            return
        # Another server database pays per statement: send multi-row VALUES instead.
        per = max(1, min(1000, 60000 // len(fields)))
        for start in range(0, len(params), per):
            chunk = params[start : start + per]
            cursor.execute(head + ", ".join([one] * len(chunk)), [v for r in chunk for v in r])


# ---------------------------------------------------------------- reading files

XLSX, XLS, CSV = "xlsx", "xls", "csv"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
EXCEL_ERRORS = frozenset(
    {
        "#N/A",
        "#VALUE!",
        "#DIV/0!",
        "#REF!",
        "#NAME?",
        "#NUM!",
        "#NULL!",
        "#SPILL!",
        "#CALC!",
        "#GETTING_DATA",
        "#FIELD!",
        "#BLOCKED!",
        "#CONNECT!",
        "#BUSY!",
        "#UNKNOWN!",
    }
)
_BIFF_ERRORS = {
    0x00: "#NULL!",
    0x07: "#DIV/0!",
    0x0F: "#VALUE!",
    0x17: "#REF!",
    0x1D: "#NAME?",
    0x24: "#NUM!",
    0x2A: "#N/A",
}
FORMULA = "formula"


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"


def check_upload(filename: str, size: int, head: bytes) -> str:
    """Quick checks before anything is stored: extension, size, magic bytes. Returns the format."""
    limit = settings.IMPORT_MAX_BYTES
    if size > limit:
        raise ImportFileError(
            f"文件大小为{_mb(size)}，超过上限{_mb(limit)}，请拆分成几个文件分批导入"
        )
    ext = Path(filename).suffix.lower()
    if ext not in {".xlsx", ".xls", ".csv", ".xlsm"}:
        raise ImportFileError(f"不支持“{ext or '无扩展名'}”文件，请上传.xlsx、.xls或.csv文件")
    if size == 0:
        raise ImportFileError("文件中没有数据")
    if head.startswith(b"PK\x03\x04"):
        return XLSX
    if head.startswith(_OLE2):
        return XLS
    if ext == ".csv":
        return CSV
    raise ImportFileError(
        f"“{filename}”不是有效的Excel文件（可能是其他类型的文件改了扩展名），"
        "请用Excel打开后另存为.xlsx再上传"
    )


@dataclass
class Table:
    """The first sheet of a file: rows as (Excel row number, cells from column A)."""

    format: str
    rows: Iterator[tuple[int, list[Any]]]
    height: int
    marks: dict[tuple[int, int], str]  # (row number, 0-based col) → "formula" or "#N/A" …
    width: int = 0  # columns from A to the last used one


def read_table(path: Path, filename: str) -> Table:
    """Open an uploaded file; raise ImportFileError with a Chinese message if it cannot be read."""
    size = path.stat().st_size
    with path.open("rb") as fh:
        head = fh.read(8)
    fmt = check_upload(filename, size, head)
    if fmt == CSV:
        return _read_csv(path)
    if fmt == XLSX:
        try:
            with zipfile.ZipFile(path) as zf:
                if "xl/workbook.xml" not in zf.namelist():
                    raise ImportFileError(
                        f"“{filename}”不是有效的Excel文件（可能是其他类型的文件改了扩展名），"
                        "请用Excel打开后另存为.xlsx再上传"
                    )
                marks = _xlsx_marks(zf)
        except zipfile.BadZipFile:
            raise ImportFileError(f"“{filename}”已损坏，无法读取，请重新保存后上传") from None
    else:
        marks = _xls_marks(path)
    return _read_calamine(path, fmt, filename, marks)


def _read_calamine(path: Path, fmt: str, filename: str, marks: dict[tuple[int, int], str]) -> Table:
    import python_calamine as pc

    try:
        # By content, not by extension: a .xlsx saved under the name .xls still opens.
        with path.open("rb") as fh:
            workbook = pc.CalamineWorkbook.from_filelike(fh)
        sheet = workbook.get_sheet_by_index(0)
        start = sheet.start
        rows = sheet.iter_rows()
    except pc.PasswordError:
        raise ImportFileError("文件设置了密码，请取消密码保护后重新上传") from None
    except Exception:
        raise ImportFileError(
            f"无法读取“{filename}”：文件可能已损坏、加密，或不是Excel文件"
        ) from None
    if start is None:
        raise ImportFileError("文件中没有数据")
    first_col = start[1]
    end = sheet.end
    height = end[0] + 1 if end else 0  # rows from row 1 (total_height is the last index)
    width = first_col + sheet.width

    def gen() -> Iterator[tuple[int, list[Any]]]:
        pad = [""] * first_col
        for index, row in enumerate(rows):
            yield index + 1, (pad + row) if first_col else row

    return Table(format=fmt, rows=gen(), height=height, marks=marks, width=width)


def _decode_csv(raw: bytes) -> str:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16")
    if b"\x00" in raw[:4096]:
        raise ImportFileError("CSV文件含有二进制内容，不是文本文件，请用Excel另存为.csv或.xlsx")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError("无法识别CSV文件的字符编码，请另存为UTF-8或GBK编码后上传")


def _read_csv(path: Path) -> Table:
    text = _decode_csv(path.read_bytes())
    if not text.strip():
        raise ImportFileError("文件中没有数据")
    sample = text[:8192]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",\t;").delimiter
    except csv.Error:
        delimiter = ","
    # Only the delimiter is guessed: Excel quotes with " alone, and the sniffer would take the
    # apostrophe in front of exported formula-like text ('=1+1) for a quote character.
    lines = list(csv.reader(io.StringIO(text), csv.excel, delimiter=delimiter))
    marks: dict[tuple[int, int], str] = {}
    for r, cells in enumerate(lines, start=1):
        for c, value in enumerate(cells):
            v = value.strip()
            if v.startswith("=") and len(v) > 1:
                marks[(r, c)] = FORMULA
            elif v in EXCEL_ERRORS:
                marks[(r, c)] = v
    return Table(
        format=CSV,
        rows=iter(enumerate(lines, start=1)),
        height=len(lines),
        marks=marks,
        width=max((len(cells) for cells in lines), default=0),
    )


_CELL_REF = re.compile(r"([A-Z]+)(\d+)")
_HAS_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_HAS_ERROR = re.compile(rb"""\st=["']e["']""")


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _first_sheet_path(zf: zipfile.ZipFile) -> str:
    ns_main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    ns_rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    try:
        from xml.etree.ElementTree import fromstring

        book = fromstring(zf.read("xl/workbook.xml"))
        sheet = book.find(f"{ns_main}sheets/{ns_main}sheet")
        rid = sheet.get(f"{ns_rel}id") if sheet is not None else None
        rels = fromstring(zf.read("xl/_rels/workbook.xml.rels"))
        for rel in rels:
            if rel.get("Id") == rid:
                target = rel.get("Target", "")
                return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    except (KeyError, SyntaxError):
        pass
    return "xl/worksheets/sheet1.xml"


def _xlsx_marks(zf: zipfile.ZipFile) -> dict[tuple[int, int], str]:
    """Cells of the first sheet holding a formula or an error value (calamine hides both)."""
    try:
        data = zf.read(_first_sheet_path(zf))
    except KeyError:
        return {}
    if not (_HAS_FORMULA.search(data) or _HAS_ERROR.search(data)):
        return {}
    marks: dict[tuple[int, int], str] = {}
    row_no, col_no = 0, -1
    for event, el in iterparse(io.BytesIO(data), events=("start", "end")):
        tag = el.tag.rsplit("}", 1)[-1]
        if event == "start":
            if tag == "row":
                r = el.get("r")
                row_no = int(r) if r and r.isdigit() else row_no + 1
                col_no = -1
            continue
        if tag == "c":
            ref = el.get("r")
            m = _CELL_REF.match(ref) if ref else None
            if m:
                col_no, row_no = _col_index(m[1]), int(m[2])
            else:
                col_no += 1
            kind = None
            value = None
            for child in el:
                ctag = child.tag.rsplit("}", 1)[-1]
                if ctag == "f":
                    kind = FORMULA
                elif ctag == "v":
                    value = child.text
            if kind is None and el.get("t") == "e":
                kind = value or "#N/A"
            if kind:
                marks[(row_no, col_no)] = kind
            el.clear()
        elif tag == "row":
            el.clear()
    return marks


def _xls_marks(path: Path) -> dict[tuple[int, int], str]:
    """Formula (FORMULA) and error (BOOLERR) records of the first sheet of a BIFF8 .xls."""
    from xlrd import compdoc

    try:
        doc = compdoc.CompDoc(path.read_bytes(), logfile=io.StringIO())
        stream = doc.get_named_stream("Workbook") or doc.get_named_stream("Book")
    except Exception:
        return {}
    if not stream:
        return {}
    marks: dict[tuple[int, int], str] = {}
    sheet_offset = None
    pos = 0
    n = len(stream)
    while pos + 4 <= n:  # globals: find the first BOUNDSHEET (its BOF offset)
        rtype, length = struct.unpack_from("<HH", stream, pos)
        if rtype == 0x0085 and sheet_offset is None:
            sheet_offset = struct.unpack_from("<I", stream, pos + 4)[0]
        if rtype == 0x000A:  # EOF of globals
            break
        pos += 4 + length
    if sheet_offset is None:
        return {}
    pos = sheet_offset
    first = True
    while pos + 4 <= n:
        rtype, length = struct.unpack_from("<HH", stream, pos)
        body = pos + 4
        if rtype == 0x000A and not first:
            break
        first = False
        if rtype == 0x0006 and length >= 14:  # FORMULA
            row, col = struct.unpack_from("<HH", stream, body)
            marks[(row + 1, col)] = FORMULA
        elif rtype == 0x0205 and length >= 8:  # BOOLERR
            row, col = struct.unpack_from("<HH", stream, body)
            value, is_error = stream[body + 6], stream[body + 7]
            if is_error:
                marks[(row + 1, col)] = _BIFF_ERRORS.get(value, "#N/A")
        pos = body + length
    return marks


# ---------------------------------------------------------------- header


@dataclass
class Header:
    row: int  # Excel row number of the header
    columns: dict[str, int]  # column key → 0-based col
    titles: dict[str, str]  # column key → the header as written in the file
    ignored: list[str]


def find_header(head_rows: list[tuple[int, list[Any]]], importer: Importer) -> Header:
    """The best-matching row among the first rows; missing required columns are an error."""
    lookup: dict[str, Column] = {}
    for column in importer.columns:
        for k in column.keys():
            lookup.setdefault(k, column)
    best: Header | None = None
    best_score = 0
    for row_no, cells in head_rows:
        columns: dict[str, int] = {}
        titles: dict[str, str] = {}
        ignored: list[str] = []
        for c, value in enumerate(cells):
            k = header_key(value) if isinstance(value, str) else header_key(cell_text(value))
            if not k:
                continue
            found = lookup.get(k)
            if found is None or found.key in columns:
                ignored.append(cell_text(value))
                continue
            columns[found.key] = c
            titles[found.key] = cell_text(value)
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


HEADER_SCAN_ROWS = 10


# ---------------------------------------------------------------- running an import


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
ProgressFn = Callable[[int, int, str], None]


def _convert(column: Column, value: Any) -> Any:
    """A cell converted for its column's kind; raises DomainError with a Chinese reason."""
    kind = column.kind
    if kind == "text":
        text = cell_text(value)
        if column.max_length and len(text) > column.max_length:
            raise DomainError(f"{column.header}最多{column.max_length}个字，现为{len(text)}个字")
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
    table = read_table(path, filename)
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
        column = _column_for(key, importer)
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


def _column_for(key: str, importer: Importer) -> Column | None:
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


# ---------------------------------------------------------------- error report and template

# The template's example row starts with this in its first cell; the first non-blank row under
# the header that does is skipped on import (and only that row: a copy further down is data).
SAMPLE_MARK = "示例"


def is_sample(first_cell: Any) -> bool:
    """Whether a row's first non-blank cell marks the template's example row."""
    return isinstance(first_cell, str) and fold(first_cell).startswith(SAMPLE_MARK)


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
    table = read_table(source, filename)
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
    book.close()
    return out.getvalue()


# ---------------------------------------------------------------- uploads and jobs

UPLOAD_DIR = "imports"


def _upload_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / UPLOAD_DIR
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def _stored(name: str) -> Path:
    path = _upload_dir() / Path(name).name  # never a path from outside the upload folder
    return path


def _report_name(upload: str, job: Job) -> str:
    # Named after the upload (its random token first), so it is deleted with it.
    return f"{Path(upload).stem}.report-{job.pk}.xlsx"


def _discard(path: Path) -> int:
    """Delete an upload and the files made from it (its error reports); returns how many."""
    token = path.name.split(".", 1)[0]
    # Scratch files (".report-…", xlsxwriter's "tmp…") have no token: only the file goes.
    siblings = {path, *(path.parent.glob(f"{token}.*") if token else ())}
    removed = 0
    for sibling in siblings:
        try:
            sibling.unlink()
            removed += 1
        except FileNotFoundError:  # removed meanwhile by a commit or another purge
            continue
    return removed


def uploads_purge(*, older_than: dt.timedelta | None = None) -> int:
    """Delete stored uploads and error reports older than IMPORT_KEEP_HOURS; returns how many.

    An upload holds personal data; one that was previewed but never confirmed would otherwise
    stay on disk for good. Called on every upload (a directory listing), so no timer is needed.
    An upload's error reports go with it.
    """
    keep = older_than or dt.timedelta(hours=getattr(settings, "IMPORT_KEEP_HOURS", 24))
    cutoff = clock.timestamp() - keep.total_seconds()
    removed = 0
    for path in _upload_dir().iterdir():
        try:
            old = path.is_file() and path.stat().st_mtime < cutoff
        except FileNotFoundError:  # removed meanwhile by a commit
            continue
        if old:
            removed += _discard(path)
    return removed


def import_upload(
    *, user: User, importer_key: str, filename: str, size: int, chunks: Iterator[bytes]
) -> Job:
    """Check and store an uploaded file, then start its preview (dry run) as a job."""
    import uuid

    from gonghui.core import jobs

    importer = get_importer(importer_key)
    import_authorize(user=user, permission=importer.permission)
    if getattr(user, "organization", None) is None:
        raise DomainError("您的账号未设置所属组织，不能导入数据")
    uploads_purge()
    ext = Path(filename).suffix.lower()
    token = uuid.uuid4().hex
    path = _upload_dir() / f"{token}{ext}"
    head = b""
    written = 0
    try:
        with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as fh:
            for chunk in chunks:
                if not head:
                    head = chunk[:8]
                written += len(chunk)
                if written > settings.IMPORT_MAX_BYTES:
                    break
                fh.write(chunk)
        check_upload(filename, max(size, written), head)
    except DomainError:
        path.unlink(missing_ok=True)
        raise
    return jobs.enqueue(
        kind="import.preview",
        params={"importer": importer.key, "file": path.name, "filename": filename},
        user=user,
        message="等待校验",
    )


def import_confirm(*, user: User, preview: Job) -> Job:
    """Start the commit of a previewed file (once); every row or none is written."""
    from gonghui.core import jobs

    with transaction.atomic():
        preview = Job.objects.select_for_update().get(pk=preview.pk)
        if preview.kind != "import.preview" or preview.created_by_id != user.pk:
            raise DomainError("只能确认自己上传的导入")
        # Again at confirm: whoever lost the role since the preview must not commit it.
        importer = get_importer(preview.params.get("importer", ""))
        import_authorize(user=user, permission=importer.permission)
        if preview.status != "done":
            raise DomainError("预览尚未完成，不能确认导入")
        result = dict(preview.result)
        if result.get("error_count"):
            raise DomainError("文件中还有错误，请修改后重新上传")
        if result.get("commit_job"):
            return Job.objects.get(pk=result["commit_job"])
        if not _stored(preview.params["file"]).exists():
            raise DomainError("上传的文件已不存在，请重新上传")
        job = jobs.enqueue(
            kind="import.commit",
            params={**preview.params, "preview_job": preview.pk},
            user=user,
            total=result.get("total", 0),
            message="等待写入",
        )
        result["commit_job"] = job.pk
        Job.objects.filter(pk=preview.pk).update(result=result)
    job.refresh_from_db()
    return job


def import_error_report(*, user: User, job: Job) -> tuple[Path, str]:
    """The error report the import job wrote, for the user who uploaded the file.

    Only looked up here: building it (for a 20 MB file half a minute) is the job's work.
    """
    from gonghui.core.pii import log_unmasked_export

    if job.created_by_id != user.pk:
        raise DomainError("只能下载自己上传文件的错误报告")
    name = (job.result or {}).get("report_file")
    path = _stored(name) if name else None
    if path is None or not path.is_file():
        raise DomainError("错误报告已不存在，请重新上传文件")
    importer = get_importer(job.params["importer"])
    if importer.pii_columns:
        log_unmasked_export(
            user=user,
            model=importer.model_label,
            count=int(job.result.get("error_count") or 0),
            note=f"下载导入错误报告（{job.params['filename']}）",
        )
    stem = Path(job.params["filename"]).stem
    return path, f"{stem}-错误报告.xlsx"


def _run_job(job: Job, progress: Any, *, commit: bool) -> dict[str, Any]:
    from gonghui.core.jobs import JobFailed

    importer = get_importer(job.params["importer"])
    if commit and job.created_by is not None:
        try:  # a queued commit runs later: the uploader may have lost the role meanwhile
            import_authorize(user=job.created_by, permission=importer.permission)
        except Denied as exc:
            raise DomainError(exc.message) from None
    path = _stored(job.params["file"])
    if not path.exists():
        raise DomainError("上传的文件已不存在，请重新上传")
    report = run_import(
        importer,
        path,
        filename=job.params["filename"],
        user=job.created_by,
        commit=commit,
        progress=progress,
        scope=job.org if job.org is not None else None,
    )
    result = report.as_result()
    if report.errors:
        result["report_file"] = _write_report(job, path, report, progress)
    if commit:
        if not report.committed:
            raise JobFailed(
                f"导入未执行：发现{len(report.errors)}处错误（{len(report.error_rows)}行），"
                "没有写入任何数据",
                result=result,
            )
        _discard(path)  # the upload holds personal data; done with it
    return result


def _write_report(job: Job, path: Path, report: ImportReport, progress: Any) -> str:
    """Build the job's error report beside the upload; its name, or "" when that failed."""
    name = _report_name(path.name, job)
    progress(0, 1, "正在生成错误报告", force=True)
    try:
        error_report(
            path,
            job.params["filename"],
            report.errors,
            report.header_row,
            dest=_stored(name),
            progress=progress,
        )
    except Exception:
        # The preview's counts and error list stand without the report; the page says so.
        log.exception("error report for job %s failed", job.pk)
        return ""
    return name


def _register_jobs() -> None:
    from gonghui.core import jobs

    jobs.handler("import.preview", "数据导入·校验预览")(
        lambda job, progress: _run_job(job, progress, commit=False)
    )
    jobs.handler("import.commit", "数据导入·确认写入")(
        lambda job, progress: _run_job(job, progress, commit=True)
    )


_register_jobs()
