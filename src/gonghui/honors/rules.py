"""The year's settings: deadlines, visit holidays and subsidy standards, with defaults.

Each is a row an administrator can change (YearRules, VisitHoliday, SubsidyStandard); when a
year has no row the defaults below apply [seed 002 for the amounts, default elsewhere].
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import chinese_calendar
from django.db.models import Q

from gonghui.core.models import Organization, PersonStatus
from gonghui.honors.models import HonorLevel, SubsidyStandard, VisitHoliday, YearRules

# 安福县 example [seed 002]: national / provincial / city model workers, yuan per year.
DEFAULT_SUBSIDY: dict[int, Decimal] = {
    HonorLevel.NATIONAL: Decimal("8000.00"),
    HonorLevel.PROVINCIAL: Decimal("6000.00"),
    HonorLevel.CITY: Decimal("3200.00"),
}

# Default holidays of 五必访 and the chinese_calendar names used to find their first day.
DEFAULT_HOLIDAYS: list[tuple[str, str, tuple[int, int]]] = [
    ("春节", "Spring Festival", (2, 1)),
    ("五一", "Labour Day", (5, 1)),
    ("中秋", "Mid-autumn Festival", (9, 15)),
]


# The budget line a new subsidy list suggests (the officer may name another) [default].
DEFAULT_BUDGET_LINE = "工会经费—劳模慰问补助"


def rules_for(year: int) -> YearRules:
    """The saved rules of the year, or an unsaved instance with the defaults."""
    return YearRules.objects.filter(year=year).first() or YearRules(year=year)


# ---------------------------------------------------------------- who keeps the 劳模礼遇


def care_eligible(*, status: str, level: int | None, year_rules: YearRules) -> bool:
    """Whether a person with this status and 劳模 level keeps visits, subsidy and 诉求 care."""
    if level is None or level > year_rules.care_min_level:
        return False
    if status == PersonStatus.DECEASED:
        return False
    return status != PersonStatus.RETIRED or year_rules.retirees_eligible


def care_eligible_q(year_rules: YearRules, prefix: str = "") -> Q:
    """care_eligible as a filter on ModelWorker (`prefix` leads from the queried model to it)."""
    q = Q(**{f"{prefix}level__isnull": False, f"{prefix}level__lte": year_rules.care_min_level})
    q &= ~Q(**{f"{prefix}person__status": PersonStatus.DECEASED})
    if not year_rules.retirees_eligible:
        q &= ~Q(**{f"{prefix}person__status": PersonStatus.RETIRED})
    return q


def loss_reason(*, status: str, level: int | None, year_rules: YearRules, cause: str) -> str:
    """Why a person no longer keeps the care, in words shown to users (the first that applies)."""
    if status == PersonStatus.DECEASED:
        return "人员已故"
    if status == PersonStatus.RETIRED and not year_rules.retirees_eligible:
        return f"人员退休（{year_rules.year}年劳模礼遇不含退休人员）"
    if level is None:
        return cause or "已无有效荣誉"
    required = HonorLevel(year_rules.care_min_level).label
    now = HonorLevel(level).label
    return f"{cause or '荣誉变更'}（劳模级别降为{now}，低于享受礼遇的{required}）"


def _first_day_of(year: int, english_name: str, fallback: tuple[int, int]) -> dt.date:
    day = dt.date(year, 1, 1)
    while day.year == year:
        try:
            on_holiday, name = chinese_calendar.get_holiday_detail(day)
        except NotImplementedError:
            break
        if on_holiday and name == english_name:
            return day
        day += dt.timedelta(days=1)
    return dt.date(year, *fallback)


def default_holidays(year: int) -> list[tuple[str, dt.date]]:
    """春节, 五一, 中秋 of the year: the first day of each statutory break (visits come before it)."""
    return [(name, _first_day_of(year, en, fb)) for name, en, fb in DEFAULT_HOLIDAYS]


def holidays_for(year: int) -> list[VisitHoliday]:
    """The visit holidays of the year; the defaults are saved on first use so they can be edited."""
    existing = list(VisitHoliday.objects.filter(year=year))
    if existing:
        return existing
    for name, date in default_holidays(year):
        VisitHoliday.objects.get_or_create(year=year, name=name, defaults={"date": date})
    return list(VisitHoliday.objects.filter(year=year))


def subsidy_amount(*, org: Organization | None, year: int, level: int | None) -> Decimal:
    """The yearly care subsidy for a level in the region of `org`; 0 when not entitled.

    The nearest ancestor (or the organization itself) with a standard for the year wins, then
    the city-wide row (region empty), then DEFAULT_SUBSIDY.
    """
    if level is None:
        return Decimal("0.00")
    if org is None:
        return city_default_amount(year=year, level=level)
    ids = [int(p) for p in org.path.strip("/").split("/") if p]
    rows = {
        s.region_id: s.amount
        for s in SubsidyStandard.objects.filter(year=year, level=level).filter(region_id__in=ids)
    }
    for org_id in reversed(ids):
        if org_id in rows:
            return rows[org_id]
    return city_default_amount(year=year, level=level)


def city_default_amount(*, year: int, level: int) -> Decimal:
    """The city-wide standard of the year (the row with no region), else DEFAULT_SUBSIDY."""
    default_row = SubsidyStandard.objects.filter(year=year, level=level, region=None).first()
    if default_row is not None:
        return default_row.amount
    return DEFAULT_SUBSIDY.get(level, Decimal("0.00"))


def standards_table(*, year: int, region: Organization | None) -> list[tuple[int, str, Decimal]]:
    """(level, label, amount) of every level as paid in `region` (None: the city-wide row)."""
    return [
        (level, label, subsidy_amount(org=region, year=year, level=level))
        for level, label in HonorLevel.choices
    ]
