"""Reading an uploaded file: what it is (by its bytes, not its name), its first sheet's rows
(python-calamine for .xlsx/.xls, the csv module for .csv in any usual encoding) and the cells
calamine hides: formulas and error values, found in the raw sheet."""

from __future__ import annotations

import codecs
import csv
import io
import re
import struct
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import iterparse

from django.conf import settings

from gonghui.core.importing.declarations import ImportFileError

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
