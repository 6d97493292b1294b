"""Query parameters and API input bounds: one place for ids, pages, years and text.

Pages read `request.GET` through the `query_*` functions below: a value of the wrong form or out
of range raises BadParameter (Django's BadRequest), which answers the Chinese 400 page with the
message (core.security.bad_request) — never a 500 from `int("abc")` or a year the calendar cannot
hold. The API declares its parameters and fields with the Annotated types below: the bounds are
in the OpenAPI schema, and django-ninja refuses a value outside them with the JSON 400 of
gonghui.api.

Bounds: record ids 1…2**63-1 (a bigint: SQLite and PostgreSQL overflow above it), pages
1…MAX_PAGE (the database's OFFSET), years 1900…2100, text of a stated length and never with NUL
(PostgreSQL text cannot hold one). Only ASCII digits make a number: "²".isdigit() is True, but
int("²") raises.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Annotated, Any, overload

from django.core.exceptions import BadRequest
from pydantic import BeforeValidator, Field

MAX_ID = 2**63 - 1
MAX_PAGE = 100_000
MAX_PAGE_SIZE = 200
MIN_YEAR, MAX_YEAR = 1900, 2100
MAX_QUERY_TEXT = 100
# A count stored in a PositiveIntegerField (PostgreSQL `integer`).
MAX_COUNT = 2**31 - 1
NO_NUL = r"^[^\x00]*$"

_INTEGER = re.compile(r"-?[0-9]{1,19}")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class BadParameter(BadRequest):
    """A query parameter of the wrong form or out of range; the message is shown on the 400 page."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


# ---------------------------------------------------------------- pages (request.GET)


@overload
def query_int(
    params: Mapping[str, Any], name: str, *, label: str, minimum: int, maximum: int, default: int
) -> int: ...
@overload
def query_int(
    params: Mapping[str, Any],
    name: str,
    *,
    label: str,
    minimum: int,
    maximum: int,
    default: None = None,
) -> int | None: ...
def query_int(
    params: Mapping[str, Any],
    name: str,
    *,
    label: str,
    minimum: int,
    maximum: int,
    default: int | None = None,
) -> int | None:
    """`?name=` as an integer in [minimum, maximum]; `default` when absent or empty."""
    raw = str(params.get(name) or "").strip()
    if not raw:
        return default
    value = int(raw) if _INTEGER.fullmatch(raw) else None
    if value is None or not minimum <= value <= maximum:
        raise BadParameter(f"参数“{name}”（{label}）应为{minimum}至{maximum}之间的整数")
    return value


def query_id(params: Mapping[str, Any], name: str, *, label: str = "记录编号") -> int | None:
    """`?name=` as a record id, None when absent."""
    return query_int(params, name, label=label, minimum=1, maximum=MAX_ID)


@overload
def query_year(params: Mapping[str, Any], name: str = ..., *, default: int) -> int: ...
@overload
def query_year(
    params: Mapping[str, Any], name: str = ..., *, default: None = None
) -> int | None: ...
def query_year(
    params: Mapping[str, Any], name: str = "year", *, default: int | None = None
) -> int | None:
    """`?year=` as a year in 1900…2100, `default` when absent."""
    return query_int(
        params, name, label="年度", minimum=MIN_YEAR, maximum=MAX_YEAR, default=default
    )


def query_page(params: Mapping[str, Any], name: str = "page") -> int:
    """`?page=` as a page number (1 when absent)."""
    return query_int(params, name, label="页码", minimum=1, maximum=MAX_PAGE, default=1)


# ---------------------------------------------------------------- API (django-ninja / pydantic)


def _iso_date(value: Any) -> Any:
    """Only YYYY-MM-DD as text: pydantic would also read "0" as 1970-01-01 (a Unix time)."""
    if isinstance(value, str) and not _ISO_DATE.fullmatch(value):
        raise ValueError("日期应为YYYY-MM-DD格式")
    return value


def text(max_length: int) -> Any:
    """Bounds of a text field: `name: Annotated[str, text(40)]` (at most 40 characters, no NUL)."""
    return Field(max_length=max_length, pattern=NO_NUL)


Id = Annotated[int, Field(ge=1, le=MAX_ID, description="记录ID")]
Year = Annotated[int, Field(ge=MIN_YEAR, le=MAX_YEAR, description="年度")]
Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
QueryText = Annotated[str, Field(max_length=MAX_QUERY_TEXT, pattern=NO_NUL)]
