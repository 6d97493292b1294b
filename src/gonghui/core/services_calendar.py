"""Writes of the 节假日安排 (statutory holiday calendar): enter, replace or remove a year.

A year is saved whole, as its notice reads (every holiday and every make-up workday), and then
overrides chinese-calendar for that year. Each changed row is audited by the signals, as the
acting user (also in a background import); the cached calendar (core/workdays.py) is dropped on
every change.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from gonghui.core import workdays
from gonghui.core.errors import DomainError
from gonghui.core.middleware import acting_as
from gonghui.core.models import User
from gonghui.core.models_calendar import CalendarDay, CalendarDayKind, CalendarYear
from gonghui.core.permissions import requires

MIN_YEAR = 2000
MAX_YEAR = 2100
WEEKDAYS = "一二三四五六日"


def default_title(year: int) -> str:
    """The title every year's notice carries."""
    return f"国务院办公厅关于{year}年部分节假日安排的通知"


@dataclass(frozen=True)
class DayEntry:
    """One day of a notice: a holiday (放假) or a weekend made a working day (调休上班)."""

    date: dt.date
    kind: str
    name: str = ""


def weekday_label(day: dt.date) -> str:
    return f"周{WEEKDAYS[day.weekday()]}"


def check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DomainError(f"年度应在{MIN_YEAR}—{MAX_YEAR}年之间")


def day_problem(entry: DayEntry, year: int | None = None) -> tuple[str, str]:
    """What is wrong with one day of a notice, as (field, message); ("", "") when nothing.

    The field (date, kind or name) lets the import pin the message to its column.
    """
    if year is not None and entry.date.year != year:
        return "date", f"{entry.date:%Y-%m-%d}不在{year}年内"
    if entry.kind not in CalendarDayKind.values:
        return "kind", f"类型“{entry.kind}”无效，可填：放假、调休上班"
    if len(entry.name) > 40:
        return "name", "节日名称不能超过40个字"
    if entry.kind == CalendarDayKind.HOLIDAY and not entry.name:
        return "name", f"请填写{entry.date:%Y-%m-%d}放假的节日名称，如春节"
    if entry.kind == CalendarDayKind.WORKDAY and entry.date.weekday() < 5:
        return "date", (
            f"{entry.date:%Y-%m-%d}（{weekday_label(entry.date)}）本来就是工作日，"
            "调休上班日应为周六或周日"
        )
    return "", ""


def _checked_days(year: int, days: Iterable[DayEntry]) -> list[DayEntry]:
    out: list[DayEntry] = []
    seen: set[dt.date] = set()
    problems: list[str] = []
    for entry in days:
        entry = DayEntry(entry.date, entry.kind, entry.name.strip())
        _, problem = day_problem(entry, year)
        if not problem and entry.date in seen:
            problem = f"{entry.date:%Y-%m-%d}重复录入"
        if problem:
            problems.append(problem)
            continue
        seen.add(entry.date)
        out.append(entry)
    if problems:
        raise DomainError("；".join(problems[:10]) + ("等" if len(problems) > 10 else ""))
    if not any(e.kind == CalendarDayKind.HOLIDAY for e in out):
        raise DomainError("请至少录入一个放假日期")
    return sorted(out, key=lambda e: e.date)


@requires("core.calendar.change")
def calendar_year_save(
    *,
    user: User,
    year: int,
    title: str,
    document_no: str = "",
    days: Iterable[DayEntry],
) -> CalendarYear:
    """Enter or replace a year's 节假日安排 (all its days); it then overrides chinese-calendar."""
    check_year(year)
    title = title.strip()
    document_no = document_no.strip()
    if not title:
        raise DomainError("请填写通知标题")
    if len(title) > 200:
        raise DomainError("通知标题不能超过200个字")
    if len(document_no) > 60:
        raise DomainError("文号不能超过60个字")
    entries = _checked_days(year, days)
    with transaction.atomic(), acting_as(user):
        calendar = CalendarYear.objects.select_for_update().filter(year=year).first()
        if calendar is None:
            calendar = CalendarYear(year=year)
        calendar.title = title
        calendar.document_no = document_no
        calendar.updated_by = user
        calendar.save()
        existing = {d.date: d for d in CalendarDay.objects.filter(calendar=calendar)}
        wanted = {e.date: e for e in entries}
        # Only the rows that differ are written, so the audit log lists exactly the changes.
        for date, gone in existing.items():
            if date not in wanted:
                gone.delete()
        for date, entry in wanted.items():
            row = existing.get(date) or CalendarDay(calendar=calendar, date=date)
            if row.pk is not None and (row.kind, row.name) == (entry.kind, entry.name):
                continue
            row.kind, row.name = entry.kind, entry.name
            row.save()
        transaction.on_commit(workdays.invalidate)
    workdays.invalidate()
    return calendar


@requires("core.calendar.change")
def calendar_year_delete(*, user: User, year: int) -> None:
    """Remove an entered year: the package's calendar (or the Monday–Friday estimate) applies."""
    with transaction.atomic(), acting_as(user):
        calendar = CalendarYear.objects.select_for_update().filter(year=year).first()
        if calendar is None:
            raise DomainError(f"{year}年没有录入的节假日安排")
        calendar.delete()  # its days cascade; each deletion is audited by the signals
        transaction.on_commit(workdays.invalidate)
    workdays.invalidate()


# ---------------------------------------------------------------- the form's text lines

# 2027-02-06, 2027/2/6, 2027年2月6日 | 2月6日 | 13日 (the month of the date before it)
_DATE = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"|(\d{1,2})\s*月\s*(\d{1,2})\s*日?"
    r"|(?<![\d月])(\d{1,2})\s*日"
)
_ASIDE = re.compile(r"[(（][^)）]*[)）]")  # （周六）, （农历腊月二十八）
_WORDS = re.compile(r"[-至到~～—–]|不调休|放假|调休|上班|共?\s*\d+\s*天")
_SEPARATORS = re.compile(r"[\s,，;；:：。]+")


def _dates_in(line: str, year: int) -> list[dt.date]:
    dates: list[dt.date] = []
    for m in _DATE.finditer(line):
        if m[1]:
            parts = (int(m[1]), int(m[2]), int(m[3]))
        elif m[4]:
            parts = (year, int(m[4]), int(m[5]))
        elif dates:  # “至13日”: the month of the date before it (the next month if earlier)
            before = dates[-1]
            day = int(m[6])
            month, y = before.month, before.year
            if day < before.day:
                month, y = (1, y + 1) if month == 12 else (month + 1, y)
            parts = (y, month, day)
        else:
            raise DomainError(f"“{m[0].strip()}”缺少月份")
        try:
            dates.append(dt.date(*parts))
        except ValueError:
            raise DomainError(f"日期“{m[0].strip()}”不存在") from None
    return dates


def parse_day_lines(text: str, *, year: int, kind: str) -> list[DayEntry]:
    """Lines as the notice reads: “春节 2月6日至13日” (one day or a range) for holidays, “春节
    2月20日、2月27日” (each date one day) for make-up workdays.

    Dates may be written 2027-02-06, 2027/2/6, 2027年2月6日 or 2月6日 (of `year`); what is left
    of the line is the name. Errors name the line.
    """
    entries: list[DayEntry] = []
    problems: list[str] = []
    holiday = kind == CalendarDayKind.HOLIDAY
    for number, raw in enumerate(text.splitlines(), start=1):
        line = _ASIDE.sub(" ", raw).strip()
        if not line:
            continue
        try:
            dates = _dates_in(line, year)
        except DomainError as exc:
            problems.append(f"第{number}行：{exc.message}")
            continue
        rest = _SEPARATORS.sub(" ", _WORDS.sub(" ", _DATE.sub(" ", line))).split()
        name = " ".join(t for t in (t.strip("、") for t in rest) if t)  # “2月20日、2月27日”
        if not dates or (holiday and len(dates) > 2):
            example = "春节 2月6日至2月13日" if holiday else "春节 2月20日"
            problems.append(f"第{number}行：请写一个日期或“起始日期至结束日期”，如“{example}”")
            continue
        if not holiday:
            entries += [DayEntry(d, kind, name) for d in dates]
            continue
        first, last = dates[0], dates[-1]
        if last < first:
            problems.append(f"第{number}行：结束日期早于起始日期")
            continue
        if (last - first).days > 31:
            problems.append(f"第{number}行：一次放假不会超过31天，请检查日期")
            continue
        day = first
        while day <= last:
            entries.append(DayEntry(day, kind, name))
            day += dt.timedelta(days=1)
    if problems:
        raise DomainError("；".join(problems))
    return entries


def format_day_lines(days: dict[dt.date, tuple[str, str]], kind: str) -> str:
    """The inverse of parse_day_lines: consecutive days of one name as a range, one per line."""
    lines: list[str] = []
    run: list[tuple[dt.date, str]] = []

    def close() -> None:
        if not run:
            return
        first, name = run[0]
        last = run[-1][0]
        span = f"{first:%Y-%m-%d}" if first == last else f"{first:%Y-%m-%d}至{last:%Y-%m-%d}"
        lines.append(f"{name} {span}".strip())
        run.clear()

    for day, (k, name) in sorted(days.items()):
        if k != kind:
            continue
        if run and not (
            kind == CalendarDayKind.HOLIDAY
            and run[-1][1] == name
            and day - run[-1][0] == dt.timedelta(days=1)
        ):
            close()
        run.append((day, name))
    close()
    return "\n".join(lines)
