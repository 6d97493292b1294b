"""A service's checks of the plain values a user typed — text, a count, a choice, a past date —
each answered with one Chinese message naming the field (`DomainError(column=field)`, which a
form shows beside the field and an import beside the cell). Shared so that the same mistake
reads the same on every page."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from gonghui.core import clock
from gonghui.core.errors import DomainError

_INTEGER = re.compile(r"-?[0-9]+")


def _checked(text: str, *, field: str, limit: int, required: bool) -> str:
    if "\x00" in text:
        raise DomainError(f"{field}含有无效字符", column=field)
    if required and not text:
        raise DomainError(f"请填写{field}", column=field)
    if len(text) > limit:
        raise DomainError(f"{field}过长（最多{limit}个字，现有{len(text)}个字）", column=field)
    return text


def line(value: object, *, field: str, limit: int, required: bool = True) -> str:
    """One line of text, white space folded."""
    text = " ".join(str(value if value is not None else "").split())
    return _checked(text, field=field, limit=limit, required=required)


def paragraphs(value: object, *, field: str, limit: int, required: bool = True) -> str:
    """Text that keeps its line breaks (white space folded within a line, blank lines dropped)."""
    lines = (" ".join(row.split()) for row in str(value if value is not None else "").splitlines())
    text = "\n".join(row for row in lines if row)
    return _checked(text, field=field, limit=limit, required=required)


def count(
    value: object,
    *,
    field: str,
    minimum: int = 0,
    maximum: int = 1_000_000,
    blank: int | None = None,
) -> int:
    """A whole number in [minimum, maximum]; a blank is `blank` when given, else an error."""
    text = str(value if value is not None else "").strip()
    if not text:
        if blank is not None:
            return blank
        raise DomainError(f"请填写{field}", column=field)
    if not _INTEGER.fullmatch(text):
        raise DomainError(f"{field}“{text}”不是整数", column=field)
    number = int(text)
    if number < minimum:
        raise DomainError(f"{field}不能小于{minimum}", column=field)
    if number > maximum:
        raise DomainError(f"{field}{number}过大", column=field)
    return number


def choice(value: object, choices: Any, *, field: str) -> str:
    """One of `choices.values` (a TextChoices class)."""
    text = str(value if value is not None else "").strip()
    if not text:
        raise DomainError(f"请选择{field}", column=field)
    if text not in choices.values:
        raise DomainError(f"未知的{field}“{text}”", column=field)
    return text


def past_day(
    value: dt.date | None,
    *,
    field: str,
    not_before: dt.date | None = None,
    before_what: str = "",
    default_today: bool = False,
) -> dt.date:
    """A date not later than today (today when blank and `default_today`), and not before
    `not_before` (named `before_what` in the message) when given."""
    today = clock.today()
    if value is None:
        if not default_today:
            raise DomainError(f"请填写{field}", column=field)
        return today
    if value > today:
        raise DomainError(f"{field}不能晚于今天（{today:%Y-%m-%d}）", column=field)
    if not_before is not None and value < not_before:
        raise DomainError(
            f"{field}{value:%Y-%m-%d}早于{before_what}{not_before:%Y-%m-%d}", column=field
        )
    return value
