"""Import declaration for the 节假日安排 on top of core/importing/.

One row per day the State Council's notice names: the date, 放假 or 调休上班, the holiday's name,
and optionally the notice's title and 文号. The rows of a year replace that year's entered
calendar as a whole (through `services_calendar.calendar_year_save`, audited), every year of the
file or none. Registered from CoreConfig.ready().
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from gonghui.core import services_calendar as calendar
from gonghui.core import workdays
from gonghui.core.errors import DomainError
from gonghui.core.importing import Column, ImportContext, Importer, Item, register
from gonghui.core.models_calendar import CalendarDay, CalendarDayKind


@dataclass
class _YearRows:
    """A year's rows gathered across the file's batches (the year is saved whole)."""

    title: str = ""
    document_no: str = ""
    days: list[calendar.DayEntry] = field(default_factory=list)


def _gathered(ctx: ImportContext) -> dict[int, _YearRows]:
    years: dict[int, _YearRows] = ctx.__dict__.setdefault("calendar_years", {})
    return years


@register
class CalendarImporter(Importer):
    """节假日安排: the days of one or more years' notices."""

    key = "calendar"
    label = "节假日安排"
    model_label = "core.calendarday"
    key_column = "date"
    permission = "core.calendar.change"
    batch_size = 20000  # a year is some 40 rows: a whole file is planned at once
    note = (
        "6. 每行一个日期：放假的每一天（含周末）和调休上班的周六、周日。"
        "导入某一年的安排将整体替换该年已录入的安排（文件中没有的日期将被删除），"
        "此后期限计算以录入的安排为准。"
    )
    columns = (
        Column(
            "date",
            "日期",
            ("放假日期", "调休日期"),
            required=True,
            kind="date",
            sample=dt.date(2026, 2, 15),
            help="如2026-02-15",
        ),
        Column(
            "kind",
            "类型",
            ("放假或上班", "安排"),
            required=True,
            kind="choice",
            choices=(
                ("放假", CalendarDayKind.HOLIDAY),
                ("休", CalendarDayKind.HOLIDAY),
                ("调休上班", CalendarDayKind.WORKDAY),
                ("上班", CalendarDayKind.WORKDAY),
                ("班", CalendarDayKind.WORKDAY),
            ),
            sample="放假",
            help="放假，或调休上班（只能是周六、周日）",
        ),
        Column(
            "name",
            "节日名称",
            ("节日", "名称", "节假日"),
            sample="春节",
            help="放假的日期必填，如元旦、春节、清明节、劳动节、端午节、中秋节、国庆节",
            max_length=40,
        ),
        Column(
            "title",
            "通知标题",
            ("通知", "通知名称"),
            sample=calendar.default_title(2026),
            help="同一年度填一次即可；留空则沿用已录入的标题",
            max_length=200,
        ),
        Column("document_no", "文号", ("发文字号",), help="选填", max_length=60),
    )

    def clean(self, item: Item, ctx: ImportContext) -> None:
        v = item.values
        date, kind = v.get("date"), v.get("kind")
        if date is None or kind is None:
            return  # the framework already reported the empty or unreadable cell
        try:
            calendar.check_year(date.year)
        except DomainError as exc:
            item.fail("date", exc.message)
            return
        entry = calendar.DayEntry(date, kind, (v.get("name") or "").strip())
        column, problem = calendar.day_problem(entry)
        if problem:
            item.fail(column, problem)
            return
        item.data = entry

    def plan(self, items: list[Item], ctx: ImportContext, *, write: bool) -> None:
        existing = {
            d.date: (d.kind, d.name)
            for d in CalendarDay.objects.filter(date__in=[it.data.date for it in items])
        }
        gathered = _gathered(ctx)
        with_holiday = {  # years whose holidays came in an earlier batch of this file
            y
            for y, rows in gathered.items()
            if any(d.kind == CalendarDayKind.HOLIDAY for d in rows.days)
        }
        first_row: dict[int, Item] = {}
        for it in items:
            entry: calendar.DayEntry = it.data
            first_row.setdefault(entry.date.year, it)
            if entry.kind == CalendarDayKind.HOLIDAY:
                with_holiday.add(entry.date.year)
            before = existing.get(entry.date)
            if before is None:
                it.action = "new"
            elif before == (entry.kind, entry.name):
                it.action = "unchanged"
            else:
                it.action = "update"
        for year, it in first_row.items():
            if year not in with_holiday:
                it.fail("kind", f"{year}年没有放假的日期：每年至少有一个放假日期")

    def write(self, items: list[Item], ctx: ImportContext) -> None:
        gathered = _gathered(ctx)
        touched: set[int] = set()
        for it in items:
            entry: calendar.DayEntry = it.data
            rows = gathered.setdefault(entry.date.year, _YearRows())
            rows.days.append(entry)
            rows.title = rows.title or (it.values.get("title") or "").strip()
            rows.document_no = rows.document_no or (it.values.get("document_no") or "").strip()
            touched.add(entry.date.year)
        for year in sorted(touched):
            rows = gathered[year]
            entered = workdays.entered_year(year)
            calendar.calendar_year_save(
                user=ctx.user,  # type: ignore[arg-type]
                year=year,
                title=rows.title or (entered.title if entered else calendar.default_title(year)),
                document_no=rows.document_no or (entered.document_no if entered else ""),
                days=rows.days,
            )
