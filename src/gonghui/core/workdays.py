"""Working days on the Chinese statutory calendar, including 调休 make-up workdays.

A year is known from one of two sources: the years an admin entered from the State Council's
notice (节假日安排, core/models_calendar.py), which override the package for that whole year, and
the `chinese-calendar` package. In a year known from neither, working days are counted Monday to
Friday — an estimate, never an invented holiday: `year_known()` / `estimated()` / `deadline()`
tell callers so they can show “（按周一至周五估算）”.

The entered years are read often (every deadline walks day by day), so they are cached in the
process: reloaded after CACHE_SECONDS (other server processes pick an edit up within that time)
and dropped at once whenever a calendar row is saved or deleted in this process.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from dataclasses import dataclass
from typing import Any, NamedTuple

import chinese_calendar
from chinese_calendar import constants as _package
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

HOLIDAY = "holiday"
WORKDAY = "workday"
ESTIMATE_NOTE = "（按周一至周五估算）"
CACHE_SECONDS = 60.0

_PACKAGE_FIRST = min(_package.holidays).year
_PACKAGE_LAST = max(_package.holidays).year
_PACKAGE_NAMES = {h.value: h.chinese for h in _package.Holiday}
PACKAGE_YEARS = (_PACKAGE_FIRST, _PACKAGE_LAST)


@dataclass(frozen=True)
class EnteredYear:
    """An admin-entered year: date → (kind, name) for the days its notice names."""

    year: int
    title: str
    document_no: str
    days: dict[dt.date, tuple[str, str]]


class Deadline(NamedTuple):
    date: dt.date
    estimated: bool  # some year on the way has no calendar: counted Monday–Friday


# ---------------------------------------------------------------- the entered years, cached

_lock = threading.Lock()
_cache: tuple[float, dict[int, EnteredYear]] | None = None
_generation = 0


def invalidate() -> None:
    """Forget the cached entered years (after any change to the calendar tables)."""
    global _cache, _generation
    with _lock:
        _generation += 1
        _cache = None


def _entered_years() -> dict[int, EnteredYear]:
    global _cache
    cached = _cache
    now = time.monotonic()
    if cached is not None and 0 <= now - cached[0] < CACHE_SECONDS:
        return cached[1]
    from gonghui.core.models_calendar import CalendarDay, CalendarYear

    generation = _generation
    years = {
        y.year: EnteredYear(y.year, y.title, y.document_no, {})
        for y in CalendarYear.objects.only("year", "title", "document_no")
    }
    for year, date, kind, name in CalendarDay.objects.values_list(
        "calendar__year", "date", "kind", "name"
    ):
        years[year].days[date] = (kind, name)
    with _lock:
        if generation == _generation:  # nothing changed while loading: keep it
            _cache = (now, years)
    return years


@receiver(post_save, sender="core.CalendarYear")
@receiver(post_delete, sender="core.CalendarYear")
@receiver(post_save, sender="core.CalendarDay")
@receiver(post_delete, sender="core.CalendarDay")
def _calendar_changed(**kwargs: Any) -> None:
    invalidate()


# ---------------------------------------------------------------- what is known


def entered_year(year: int) -> EnteredYear | None:
    """The admin-entered calendar of `year`, if any."""
    return _entered_years().get(year)


def entered_years() -> list[int]:
    """The years an admin entered, in order."""
    return sorted(_entered_years())


def package_knows(year: int) -> bool:
    return _PACKAGE_FIRST <= year <= _PACKAGE_LAST


def year_source(year: int) -> str:
    """ "entered" (an admin entered the notice), "package" (chinese-calendar) or "" (unknown)."""
    if year in _entered_years():
        return "entered"
    if package_knows(year):
        return "package"
    return ""


def year_known(year: int) -> bool:
    """True when the year's holidays are known (entered or in the package)."""
    return bool(year_source(year))


def estimated(start: dt.date, end: dt.date) -> bool:
    """True when a count from `start` to `end` crosses a year without a calendar."""
    low, high = sorted((start.year, end.year))
    return not all(year_known(y) for y in range(low, high + 1))


def package_days(year: int) -> dict[dt.date, tuple[str, str]]:
    """The package's holidays and make-up workdays of `year` (Chinese names), empty if unknown."""
    if not package_knows(year):
        return {}
    days: dict[dt.date, tuple[str, str]] = {}
    for table, kind in ((_package.holidays, HOLIDAY), (_package.workdays, WORKDAY)):
        for day, name in table.items():
            if day.year == year:
                days[day] = (kind, _PACKAGE_NAMES.get(name, name))
    return dict(sorted(days.items()))


def year_days(year: int) -> dict[dt.date, tuple[str, str]]:
    """The named days of `year` from the source that decides it (entered over package)."""
    entered = entered_year(year)
    return dict(entered.days) if entered is not None else package_days(year)


# ---------------------------------------------------------------- counting


def is_workday(day: dt.date) -> bool:
    """True on statutory working days (make-up Saturdays included, holidays excluded).

    In a year without a calendar this is Monday–Friday; `year_known()` says whether it was.
    """
    entered = _entered_years().get(day.year)
    if entered is not None:
        named = entered.days.get(day)
        if named is not None:
            return named[0] == WORKDAY
        return day.weekday() < 5
    if package_knows(day.year):
        return bool(chinese_calendar.is_workday(day))
    return day.weekday() < 5


def add_workdays(start: dt.date, days: int) -> dt.date:
    """The date `days` working days after `start` (start itself not counted)."""
    current = start
    remaining = days
    while remaining > 0:
        current += dt.timedelta(days=1)
        if is_workday(current):
            remaining -= 1
    return current


def deadline(start: dt.date, days: int) -> Deadline:
    """`add_workdays` with a flag saying whether the result was counted Monday–Friday."""
    end = add_workdays(start, days)
    return Deadline(end, estimated(start, end))


def workdays_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end`."""
    count = 0
    current = start
    while current < end:
        current += dt.timedelta(days=1)
        if is_workday(current):
            count += 1
    return count
