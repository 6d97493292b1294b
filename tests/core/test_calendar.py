"""节假日安排: the statutory calendar as data. A year is known from chinese-calendar or from what
the 市总 admin entered from the State Council's notice; in any other year deadlines are counted
Monday–Friday and say so, and from 1 November the admin is asked for next year's notice.

The 2027 calendar below is FICTIONAL test data (春节 2月6日—13日, make-up Saturday 2月20日), not
the real notice: it only has to differ from Monday–Friday where the tests look.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from gonghui.core import workdays
from gonghui.core.errors import DomainError
from gonghui.core.models import AuditAction, AuditLog
from gonghui.core.models_calendar import CalendarDay, CalendarYear
from gonghui.core.permissions import Denied
from gonghui.core.services_calendar import (
    DayEntry,
    calendar_year_delete,
    calendar_year_save,
    format_day_lines,
    parse_day_lines,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
BANNER = "明年（2027年）节假日安排尚未录入，期限计算将按周一至周五估算"
NOTE = "（按周一至周五估算）"

# Fictional test calendar for 2027 (see the module docstring).
SPRING_2027 = [
    DayEntry(dt.date(2027, 2, 6) + dt.timedelta(days=i), "holiday", "春节") for i in range(8)
]
MAKEUP_2027 = [DayEntry(dt.date(2027, 2, 20), "workday", "春节")]


@pytest.fixture(autouse=True)
def fresh_calendar() -> Iterator[None]:
    """The entered years are cached in the process; a test's rollback must not leave them there."""
    workdays.invalidate()
    yield
    workdays.invalidate()


def enter_2027(user) -> CalendarYear:
    return calendar_year_save(
        user=user,
        year=2027,
        title="（测试用虚构安排）2027年部分节假日安排",
        days=[*SPRING_2027, *MAKEUP_2027],
    )


def at(day: dt.date):
    return time_machine.travel(dt.datetime.combine(day, dt.time(10), tzinfo=SHANGHAI), tick=False)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# ---------------------------------------------------------------- counting


def test_a_year_neither_entered_nor_in_the_package_is_counted_monday_to_friday_and_flagged(db):
    assert not workdays.year_known(2027)
    # From Thursday 4 Feb 2027: 5, 8–12, 15 Feb — 春节 counted as working days.
    assert workdays.deadline(dt.date(2027, 2, 4), 7) == (dt.date(2027, 2, 15), True)
    assert workdays.estimated(dt.date(2026, 12, 28), dt.date(2027, 1, 6))


def test_an_entered_year_skips_its_holidays_and_counts_its_makeup_saturday(world):
    enter_2027(world.city_admin)
    # 5 Feb; 6–13 off (春节), 14 Sunday; 15–19; Saturday 20 Feb is a make-up workday.
    assert workdays.deadline(dt.date(2027, 2, 4), 7) == (dt.date(2027, 2, 20), False)
    assert workdays.workdays_between(dt.date(2027, 2, 4), dt.date(2027, 2, 20)) == 7


def test_a_saved_year_counts_at_once_although_the_calendar_is_cached(world):
    assert workdays.add_workdays(dt.date(2027, 2, 4), 7) == dt.date(2027, 2, 15)  # now cached
    enter_2027(world.city_admin)
    assert workdays.add_workdays(dt.date(2027, 2, 4), 7) == dt.date(2027, 2, 20)
    calendar_year_delete(user=world.city_admin, year=2027)
    assert workdays.add_workdays(dt.date(2027, 2, 4), 7) == dt.date(2027, 2, 15)


def test_an_entered_year_overrides_the_package_for_the_whole_year(world):
    calendar_year_save(
        user=world.city_admin,
        year=2026,
        title="国务院办公厅关于2026年部分节假日安排的通知",
        days=[DayEntry(dt.date(2026, 10, 1), "holiday", "国庆节")],
    )
    assert workdays.year_source(2026) == "entered"
    assert not workdays.is_workday(dt.date(2026, 10, 1))
    assert workdays.is_workday(dt.date(2026, 10, 2))  # a holiday in the package, not entered
    assert not workdays.is_workday(dt.date(2026, 10, 10))  # the package's make-up Saturday


# ---------------------------------------------------------------- the service


def test_a_chair_cannot_enter_a_year(world):
    for user in (world.hanbin_chair, world.hanbin_officer, world.auditor):
        with pytest.raises(Denied):
            enter_2027(user)
    assert not CalendarYear.objects.exists()


def test_a_chair_posting_the_form_is_refused_and_nothing_is_saved(world):
    response = client_for(world.hanbin_chair).post(
        reverse("core:calendar_edit", args=[2027]),
        {"title": "x", "holidays": "春节 2月6日至2月13日"},
    )
    assert response.status_code == 403
    assert not CalendarYear.objects.exists()


def test_saving_a_year_audits_each_changed_day(world):
    enter_2027(world.city_admin)
    created = AuditLog.objects.filter(action=AuditAction.CREATE, model="core.calendarday")
    assert created.filter(user=world.city_admin).count() == 9
    calendar_year_save(
        user=world.city_admin,
        year=2027,
        title="（测试用虚构安排）2027年部分节假日安排",
        days=SPRING_2027,  # the make-up Saturday dropped
    )
    deleted = AuditLog.objects.filter(action=AuditAction.DELETE, model="core.calendarday")
    assert deleted.count() == 1 and "2027-02-20" in deleted.get().object_repr
    assert CalendarDay.objects.count() == 8


def test_a_makeup_workday_must_be_a_weekend_day(world):
    with pytest.raises(DomainError, match="调休上班日应为周六或周日"):
        calendar_year_save(
            user=world.city_admin,
            year=2027,
            title="t",
            days=[*SPRING_2027, DayEntry(dt.date(2027, 2, 17), "workday", "春节")],
        )
    assert not CalendarYear.objects.exists()


def test_a_year_without_any_holiday_is_refused(world):
    with pytest.raises(DomainError, match="至少录入一个放假日期"):
        calendar_year_save(user=world.city_admin, year=2027, title="t", days=MAKEUP_2027)


def test_a_day_outside_the_year_is_refused(world):
    with pytest.raises(DomainError, match="不在2027年内"):
        calendar_year_save(
            user=world.city_admin,
            year=2027,
            title="t",
            days=[*SPRING_2027, DayEntry(dt.date(2028, 1, 1), "holiday", "元旦")],
        )


# ---------------------------------------------------------------- the notice's lines


def test_notice_lines_give_ranges_with_day_only_ends_and_names():
    text = "春节：2月6日（农历除夕）至13日（农历正月初七）放假调休，共8天。\n元旦 2027-01-01"
    days = parse_day_lines(text, year=2027, kind="holiday")
    assert [d.date for d in days] == [
        *(dt.date(2027, 2, 6) + dt.timedelta(days=i) for i in range(8)),
        dt.date(2027, 1, 1),
    ]
    assert {d.name for d in days[:8]} == {"春节"} and days[8].name == "元旦"


def test_makeup_lines_list_each_day_separately():
    days = parse_day_lines("春节 2月20日（周六）、2月27日（周六）上班", year=2027, kind="workday")
    assert [(d.date, d.name) for d in days] == [
        (dt.date(2027, 2, 20), "春节"),
        (dt.date(2027, 2, 27), "春节"),
    ]


def test_a_line_with_an_impossible_date_names_the_line():
    with pytest.raises(DomainError, match="第2行：日期“2月30日”不存在"):
        parse_day_lines("元旦 1月1日\n春节 2月30日", year=2027, kind="holiday")


def test_formatted_lines_read_back_the_same_days():
    days = {d.date: (d.kind, d.name) for d in [*SPRING_2027, *MAKEUP_2027]}
    holidays = format_day_lines(days, "holiday")
    assert holidays == "春节 2027-02-06至2027-02-13"
    assert parse_day_lines(holidays, year=2027, kind="holiday") == SPRING_2027


# ---------------------------------------------------------------- the pages


def test_the_admin_enters_a_year_on_the_page(world):
    client = client_for(world.city_admin)
    response = client.post(
        reverse("core:calendar_edit", args=[2027]),
        {
            "title": "（测试用虚构安排）2027年部分节假日安排",
            "document_no": "",
            "holidays": "春节 2月6日至2月13日",
            "workdays": "春节 2月20日",
        },
    )
    assert response.status_code == 302
    assert workdays.add_workdays(dt.date(2027, 2, 4), 7) == dt.date(2027, 2, 20)
    page = client.get(reverse("core:calendar_detail", args=[2027])).content.decode()
    assert "已录入" in page and "2027-02-20" in page and "调休上班" in page


def test_the_form_shows_a_weekday_makeup_day_as_an_error_and_saves_nothing(world):
    response = client_for(world.city_admin).post(
        reverse("core:calendar_edit", args=[2027]),
        {"title": "t", "holidays": "春节 2月6日至2月13日", "workdays": "春节 2月17日"},
    )
    assert response.status_code == 400
    assert "调休上班日应为周六或周日" in response.content.decode()
    assert not CalendarYear.objects.exists()


def test_editing_a_package_year_starts_from_the_package(world):
    page = client_for(world.city_admin).get(reverse("core:calendar_edit", args=[2026]))
    assert "国庆节 2026-10-01至2026-10-07" in page.content.decode()


@at(dt.date(2026, 11, 2))
def test_the_years_page_tells_package_entered_and_missing_years_apart(world):
    calendar_year_save(
        user=world.city_admin,
        year=2025,
        title="国务院办公厅关于2025年部分节假日安排的通知",
        days=[DayEntry(dt.date(2025, 1, 1), "holiday", "元旦")],
    )
    page = client_for(world.hanbin_officer).get(reverse("core:calendar_list")).content.decode()
    row = {y: page.split(f'id="year-{y}"')[1].split("</tr>")[0] for y in (2025, 2026, 2027)}
    assert "已录入" in row[2025] and "内置日历" in row[2026] and "未录入" in row[2027]
    assert reverse("core:calendar_edit", args=[2026]) not in page  # an officer only reads


# ---------------------------------------------------------------- the banner


@at(dt.date(2026, 11, 2))
def test_from_november_the_admin_is_asked_for_next_years_calendar(world):
    page = client_for(world.city_admin).get("/").content.decode()
    assert BANNER in page
    assert reverse("core:calendar_edit", args=[2027]) in page


@at(dt.date(2026, 10, 31))
def test_before_november_there_is_no_banner(world):
    assert BANNER not in client_for(world.city_admin).get("/").content.decode()


@at(dt.date(2026, 11, 2))
def test_the_banner_goes_once_next_year_is_entered(world):
    enter_2027(world.city_admin)
    assert BANNER not in client_for(world.city_admin).get("/").content.decode()


@at(dt.date(2026, 11, 2))
def test_only_who_may_enter_the_calendar_sees_the_banner(world):
    for user in (world.hanbin_officer, world.hanbin_chair, world.hanbin_member):
        assert BANNER not in client_for(user).get("/").content.decode()


# ---------------------------------------------------------------- deadlines on the pages


def _demand(world):
    from gonghui.honors.models import HonorType
    from gonghui.honors.services import demand_file, honor_create, honor_types_ensure

    honor_types_ensure()
    honor_create(
        user=world.city_admin,
        person=world.hanbin_person,
        honor_type=HonorType.objects.get(name="安康市劳动模范"),
        year=2020,
        authority="安康市人民政府",
        doc_number="安政发〔2020〕1号",
    )
    world.hanbin_person.refresh_from_db()
    return demand_file(
        user=world.hanbin_member, person=world.hanbin_person, title="子女入学", content="协调学位"
    )


@at(dt.date(2027, 2, 4))
def test_a_deadline_in_a_year_without_calendar_says_it_was_estimated(world):
    demand = _demand(world)
    url = reverse("honors:demand_detail", args=[demand.pk])
    page = client_for(world.hanbin_officer).get(url).content.decode()
    assert f"{demand.due_date:%Y-%m-%d}{NOTE}" in page


@at(dt.date(2027, 2, 4))
def test_a_deadline_in_an_entered_year_is_shown_plainly(world):
    enter_2027(world.city_admin)
    demand = _demand(world)
    assert demand.due_date == dt.date(2027, 2, 16)  # 3 working days: 5 Feb, (春节), 15, 16 Feb
    url = reverse("honors:demand_detail", args=[demand.pk])
    page = client_for(world.hanbin_officer).get(url).content.decode()
    assert "2027-02-16" in page and NOTE not in page
