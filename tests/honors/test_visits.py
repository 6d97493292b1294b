"""五必访: holiday tasks, event tasks due in working days, visit records, the year's figures."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from gonghui.core.errors import DomainError
from gonghui.core.permissions import Denied
from gonghui.core.workdays import add_workdays
from gonghui.honors import rules
from gonghui.honors.models import VisitHoliday, VisitTask, YearRules
from gonghui.honors.selectors import visit_figures, visit_task_list
from gonghui.honors.services import (
    holiday_save,
    holiday_tasks_generate,
    life_event_record,
    person_mark_deceased,
    visit_record,
)
from tests import factories

pytestmark = pytest.mark.django_db


def test_default_holidays_are_spring_festival_may_day_and_mid_autumn():
    names = [(h.name, h.date) for h in rules.holidays_for(2026)]
    assert names == [
        ("春节", dt.date(2026, 2, 15)),
        ("五一", dt.date(2026, 5, 1)),
        ("中秋", dt.date(2026, 9, 25)),
    ]


def test_holiday_creates_one_task_per_living_model_worker_in_scope(hw):
    w = hw.w
    factories.person(w.hanbin_union, "非劳模")  # no honor: no task
    spring = rules.holidays_for(2026)[0]
    assert holiday_tasks_generate(user=w.hanbin_officer, holiday=spring) == 1
    assert VisitTask.objects.get().person == w.hanbin_person
    # generating again is idempotent; the city then adds 石泉's model worker only
    assert holiday_tasks_generate(user=w.hanbin_officer, holiday=spring) == 0
    assert holiday_tasks_generate(user=w.city_admin, holiday=spring) == 1


def test_holidays_are_editable_by_the_city(hw):
    h = holiday_save(user=hw.w.city_admin, year=2026, name="端午", date=dt.date(2026, 6, 19))
    assert VisitHoliday.objects.filter(year=2026, name="端午").exists()
    with pytest.raises(Denied, match="无权维护走访节日"):
        holiday_save(user=hw.w.hanbin_officer, year=2026, name="重阳", date=dt.date(2026, 10, 18))
    assert h.date == dt.date(2026, 6, 19)


def test_hospitalization_creates_a_task_due_in_three_working_days_with_make_up_day(hw):
    event = life_event_record(
        user=hw.w.hanbin_officer,
        person=hw.hanbin_mw,
        kind="hospitalized",
        occurred_on=dt.date(2026, 9, 30),
        note="住院",
    )
    task = event.tasks.get()
    # 国庆 is skipped and the make-up Saturday 10-10 counts.
    assert task.due_date == dt.date(2026, 10, 10)
    assert task.occasion == "hospitalized"


def test_event_deadline_follows_the_years_setting(hw):
    YearRules.objects.create(year=2026, visit_event_days=5)
    event = life_event_record(
        user=hw.w.hanbin_officer,
        person=hw.hanbin_mw,
        kind="hardship",
        occurred_on=dt.date(2026, 11, 2),
    )
    assert event.tasks.get().due_date == add_workdays(dt.date(2026, 11, 2), 5)


def test_event_for_a_person_outside_the_registry_is_refused(world):
    with pytest.raises(DomainError, match="不在劳模名册"):
        life_event_record(
            user=world.hanbin_officer,
            person=world.hanbin_person,
            kind="hospitalized",
            occurred_on=dt.date(2026, 9, 1),
        )


def test_recording_a_visit_changes_the_years_figures(hw):
    w = hw.w
    event = life_event_record(
        user=w.hanbin_officer,
        person=hw.hanbin_mw,
        kind="hospitalized",
        occurred_on=dt.date(2026, 9, 30),
    )
    task = event.tasks.get()
    before = visit_figures(user=w.city_admin, year=2026)[-1]
    assert (before.visits, before.money) == (0, Decimal("0"))
    visit_record(
        user=w.hanbin_officer,
        task=task,
        visited_on=dt.date(2026, 10, 9),
        money="2000",
        goods="水果、牛奶",
        notes="病房探望",
    )
    figures = visit_figures(user=w.city_admin, year=2026)
    total = figures[-1]
    assert total.visits == 1 and total.money == Decimal("2000.00")
    assert total.money_wan == Decimal("0.20")
    hanbin_row = next(r for r in figures if r.org == w.hanbin)
    assert hanbin_row.visits == 1
    shiquan_row = next(r for r in figures if r.org == w.shiquan)
    assert shiquan_row.visits == 0


def test_money_is_decimal_and_float_or_negative_is_refused(hw):
    event = life_event_record(
        user=hw.w.hanbin_officer,
        person=hw.hanbin_mw,
        kind="achievement",
        occurred_on=dt.date(2026, 10, 12),
    )
    task = event.tasks.get()
    with pytest.raises(DomainError, match="慰问金不能为负数"):
        visit_record(
            user=hw.w.hanbin_officer, task=task, visited_on=dt.date(2026, 10, 13), money="-1"
        )
    with pytest.raises(DomainError, match="浮点数"):
        visit_record(
            user=hw.w.hanbin_officer, task=task, visited_on=dt.date(2026, 10, 13), money=0.1
        )
    visit_record(
        user=hw.w.hanbin_officer, task=task, visited_on=dt.date(2026, 10, 13), money="500.50"
    )
    task.refresh_from_db()
    assert task.money == Decimal("500.50") and task.status == "done"


def test_overdue_tasks_are_listed(hw):
    event = life_event_record(
        user=hw.w.hanbin_officer,
        person=hw.hanbin_mw,
        kind="hardship",
        occurred_on=dt.date(2026, 1, 5),
    )
    task = event.tasks.get()
    assert task.is_overdue(timezone.localdate())
    assert list(visit_task_list(user=hw.w.hanbin_officer, overdue="1")) == [task]
    assert list(visit_task_list(user=hw.w.shiquan_officer, overdue="1")) == []


@time_machine.travel(
    dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC), tick=False
)  # 春节 2027 is ahead
def test_visit_on_a_deceased_persons_future_holiday_task_is_refused(hw):
    w = hw.w
    future = holiday_save(user=w.city_admin, year=2027, name="春节", date=dt.date(2027, 2, 6))
    holiday_tasks_generate(user=w.city_admin, holiday=future)
    task = VisitTask.objects.get(person=hw.hanbin_mw, holiday=future)
    person_mark_deceased(user=w.hanbin_officer, person=hw.hanbin_mw)
    with pytest.raises(DomainError, match="已故，不能登记其未来节日"):
        visit_record(user=w.hanbin_officer, task=task, visited_on=timezone.localdate(), money="100")
    task.refresh_from_db()
    assert task.status == "cancelled" and task.visited_on is None


def test_a_visit_cannot_be_recorded_twice(hw):
    event = life_event_record(
        user=hw.w.hanbin_officer,
        person=hw.hanbin_mw,
        kind="achievement",
        occurred_on=dt.date(2026, 10, 12),
    )
    task = event.tasks.get()
    visit_record(
        user=hw.w.hanbin_officer, task=task, visited_on=dt.date(2026, 10, 13), goods="鲜花"
    )
    with pytest.raises(DomainError, match="不能重复登记"):
        visit_record(
            user=hw.w.hanbin_officer, task=task, visited_on=dt.date(2026, 10, 14), goods="鲜花"
        )


def test_officer_of_another_county_cannot_record_the_visit(hw):
    event = life_event_record(
        user=hw.w.hanbin_officer,
        person=hw.hanbin_mw,
        kind="achievement",
        occurred_on=dt.date(2026, 10, 12),
    )
    with pytest.raises(Denied, match="不在您的管辖范围内"):
        visit_record(
            user=hw.w.shiquan_officer,
            task=event.tasks.get(),
            visited_on=dt.date(2026, 10, 13),
            goods="鲜花",
        )
