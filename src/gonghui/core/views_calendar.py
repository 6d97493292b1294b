"""节假日安排: the years the calendar knows, one year's days, entering a year's notice."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from gonghui.core import clock, workdays
from gonghui.core import services_calendar as calendar
from gonghui.core.errors import DomainError
from gonghui.core.forms import DomainErrorFormMixin
from gonghui.core.models_calendar import CalendarDayKind
from gonghui.core.params import query_year
from gonghui.core.permissions import authorize, can, route_action
from gonghui.core.web import act, page, submit, user_of

SOURCE_LABELS = {
    "entered": "已录入（管理员按通知录入）",
    "package": "内置日历（chinese-calendar）",
    "": "未录入：按周一至周五估算",
}
KIND_LABELS = dict(CalendarDayKind.choices)


def _year_or_404(year: int) -> int:
    if not calendar.MIN_YEAR <= year <= calendar.MAX_YEAR:
        raise Http404("年度不存在")
    return year


def _summary(year: int) -> dict[str, Any]:
    """One row of the years list: where the year's calendar comes from and what it holds."""
    source = workdays.year_source(year)
    days = workdays.year_days(year)
    names = list(dict.fromkeys(n for kind, n in days.values() if kind == workdays.HOLIDAY))
    entered = workdays.entered_year(year)
    return {
        "year": year,
        "source": source,
        "source_label": SOURCE_LABELS[source],
        "title": entered.title if entered else "",
        "document_no": entered.document_no if entered else "",
        "holidays": sum(1 for kind, _ in days.values() if kind == workdays.HOLIDAY),
        "workdays": sum(1 for kind, _ in days.values() if kind == workdays.WORKDAY),
        "names": "、".join(names),
    }


@login_required
@require_GET
def calendar_list(request: HttpRequest) -> HttpResponse:
    """The years around today and every entered year, with their source."""
    authorize(request.user, "core.calendar.view")
    wanted = query_year(request.GET)
    if wanted is not None and can(request.user, "core.calendar.change"):  # 录入其他年度
        return redirect("core:calendar_edit", year=_year_or_404(wanted))
    this_year = clock.today().year
    years = {this_year - 1, this_year, this_year + 1}
    years |= set(workdays.entered_years())
    rows = [_summary(y) for y in sorted(years, reverse=True)]
    return render(
        request,
        "core/calendar/calendar_list.html",
        {
            "title": "节假日安排",
            "rows": rows,
            "next_year": this_year + 1,
            "package_years": workdays.PACKAGE_YEARS,
            "may_change": can(request.user, "core.calendar.change"),
            "may_import": can(request.user, "core.import.run"),
        },
    )


@login_required
@require_GET
def calendar_detail(request: HttpRequest, year: int) -> HttpResponse:
    """The named days of one year, from the source that decides it."""
    authorize(request.user, "core.calendar.view")
    _year_or_404(year)
    days = [
        {
            "date": day,
            "weekday": calendar.weekday_label(day),
            "kind": kind,
            "kind_label": KIND_LABELS.get(kind, kind),
            "name": name,
        }
        for day, (kind, name) in workdays.year_days(year).items()
    ]
    summary = _summary(year)
    return render(
        request,
        "core/calendar/calendar_detail.html",
        {
            "title": f"{year}年节假日安排",
            "row": summary,
            "days": days,
            "may_change": can(request.user, "core.calendar.change"),
        },
    )


# ---------------------------------------------------------------- entering a year


class CalendarYearForm(DomainErrorFormMixin, forms.Form):
    title = forms.CharField(label="通知标题", max_length=200)
    document_no = forms.CharField(label="文号", max_length=60, required=False)
    holidays = forms.CharField(
        label="放假日期",
        widget=forms.Textarea(attrs={"rows": 9}),
        help_text=(
            "按通知逐个节日填写，每行一个：节日名称和日期或日期范围（含周末），"
            "如“春节 2月15日至2月23日”“元旦 1月1日至1月3日”。"
        ),
    )
    workdays = forms.CharField(
        label="调休上班日期",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="通知中需要上班的周六、周日，每行一个节日，如“春节 2月14日、2月28日”；没有可留空。",
    )

    def __init__(self, *args: Any, year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.year = year

    def _days(self, name: str, kind: str) -> list[calendar.DayEntry]:
        try:
            entries = calendar.parse_day_lines(self.cleaned_data[name], year=self.year, kind=kind)
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from None
        problems = [p for _, p in (calendar.day_problem(e, self.year) for e in entries) if p]
        if problems:
            raise forms.ValidationError(list(dict.fromkeys(problems)))
        return entries

    def clean_holidays(self) -> list[calendar.DayEntry]:
        return self._days("holidays", CalendarDayKind.HOLIDAY)

    def clean_workdays(self) -> list[calendar.DayEntry]:
        return self._days("workdays", CalendarDayKind.WORKDAY)


def _initial(year: int) -> tuple[dict[str, str], str]:
    """The form's starting values and a note on where they come from."""
    entered = workdays.entered_year(year)
    days = workdays.year_days(year)
    holidays = calendar.format_day_lines(days, CalendarDayKind.HOLIDAY)
    made_up = calendar.format_day_lines(days, CalendarDayKind.WORKDAY)
    if entered is not None:
        return {
            "title": entered.title,
            "document_no": entered.document_no,
            "holidays": holidays,
            "workdays": made_up,
        }, ""
    note = (
        "已按内置日历预填，请对照通知核对后保存；保存后以录入的安排为准。"
        if days
        else "请对照国务院办公厅当年的节假日安排通知逐项填写。"
    )
    return {
        "title": calendar.default_title(year),
        "holidays": holidays,
        "workdays": made_up,
    }, note


@login_required
@require_http_methods(["GET", "POST"])
@route_action("core.calendar.change")
def calendar_edit(request: HttpRequest, year: int) -> HttpResponse:
    """Enter or correct a year's notice; it overrides the built-in calendar for that year."""
    authorize(request.user, "core.calendar.change")
    _year_or_404(year)
    initial, note = _initial(year)
    form = CalendarYearForm(request.POST or None, initial=initial, year=year)
    outcome = submit(
        request,
        form,
        lambda d: calendar.calendar_year_save(
            user=user_of(request),
            year=year,
            title=d["title"],
            document_no=d["document_no"],
            days=[*d["holidays"], *d["workdays"]],
        ),
        ok=f"已保存{year}年节假日安排，期限计算即按此执行",
    )
    if outcome:
        return redirect("core:calendar_detail", year=year)
    return render(
        request,
        "core/calendar/calendar_form.html",
        {
            "title": f"录入{year}年节假日安排",
            "year": year,
            "form": form,
            "note": note,
            "entered": workdays.entered_year(year) is not None,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@page("core.calendar.change", post=True)
def calendar_delete(request: HttpRequest, year: int) -> HttpResponse:
    """Remove an entered year (the built-in calendar or the Monday–Friday estimate applies)."""
    _year_or_404(year)
    act(
        request,
        lambda: calendar.calendar_year_delete(user=user_of(request), year=year),
        f"已删除录入的{year}年节假日安排",
    )
    return redirect("core:calendar_list")
