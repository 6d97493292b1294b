"""Cell text as the importers see it: folded to half-width, formula-like text kept as written,
headers normalized for matching, dates in the forms people type them."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from gonghui.core.errors import DomainError
from gonghui.core.exporting import FORMULA_LEADS, excel_unquote, formula_like

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
