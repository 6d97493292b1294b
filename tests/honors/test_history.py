"""Who did what, and when: the history on a visit task's and a demand's detail page."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from gonghui.honors import rules
from gonghui.honors.models import VisitTask
from gonghui.honors.services import (
    demand_answer,
    demand_file,
    demand_refer,
    demand_sort,
    holiday_save,
    holiday_tasks_generate,
    life_event_record,
)
from tests.kit import signed_in

pytestmark = pytest.mark.django_db


def _history(body: str) -> list[str]:
    """The history list's entries as plain text, in order."""
    block = body[body.index('id="history"') : body.index("</ol>", body.index('id="history"'))]
    items = re.findall(r"<li[^>]*>(.*?)</li>", block, flags=re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", i).split()) for i in items]


@time_machine.travel(dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC), tick=False)  # a 2026 story
def test_a_visit_tasks_page_shows_who_made_assigned_and_recorded_it(hw):
    w = hw.w
    event = life_event_record(
        user=w.hanbin_officer,
        person=hw.hanbin_mw,
        kind="hospitalized",
        occurred_on=dt.date(2026, 11, 16),
        note="骨折住院",
    )
    task = event.tasks.get()
    url = reverse("honors:visit_detail", args=[task.pk])
    officer = signed_in(w.hanbin_officer)
    officer.post(
        reverse("honors:visit_assign", args=[task.pk]), {"officer": str(hw.hanbin_officer2.pk)}
    )
    signed_in(hw.hanbin_officer2).post(
        reverse("honors:visit_record", args=[task.pk]),
        {"visited_on": "2026-11-18", "money": "300", "goods": "水果"},
    )
    history = _history(officer.get(url).content.decode())
    assert len(history) == 3
    assert "生成任务 hanbin_officer" in history[0]
    assert "登记事件“伤病住院”（2026-11-16）：骨折住院" in history[0]
    assert "指派走访干部 hanbin_officer 走访干部：hanbin_officer2" in history[1]
    assert "登记走访 hanbin_officer2" in history[2]
    assert "走访日期 2026-11-18，慰问金 300.00 元，慰问物品：水果" in history[2]
    assert re.match(r"^2026-\d\d-\d\d \d\d:\d\d ", history[2])  # when, to the minute


def test_a_cancellation_by_a_death_shows_who_marked_it_and_why(hw):
    event = life_event_record(
        user=hw.w.hanbin_officer,
        person=hw.hanbin_mw,
        kind="hardship",
        occurred_on=dt.date(2026, 11, 20),
    )
    task = event.tasks.get()
    officer = signed_in(hw.w.hanbin_officer)
    officer.post(reverse("honors:worker_status", args=[hw.hanbin_mw.pk]), {"status": "deceased"})
    history = _history(officer.get(reverse("honors:visit_detail", args=[task.pk])).content.decode())
    assert "取消任务 hanbin_officer 人员已故" in history[-1]


def test_holiday_tasks_show_who_generated_them_and_a_date_change(hw):
    w = hw.w
    spring = next(h for h in rules.holidays_for(2026) if h.name == "春节")
    holiday_tasks_generate(user=w.hanbin_officer, holiday=spring)
    task = VisitTask.objects.get(person=hw.hanbin_mw, holiday=spring)
    assert task.created_by == w.hanbin_officer
    holiday_save(
        user=w.city_admin, year=2026, name="春节", date=dt.date(2026, 2, 10), holiday=spring
    )
    task.refresh_from_db()
    assert task.due_date == dt.date(2026, 2, 10)
    history = _history(
        signed_in(w.hanbin_officer)
        .get(reverse("honors:visit_detail", args=[task.pk]))
        .content.decode()
    )
    assert "生成任务 hanbin_officer 按2026年春节批量生成" in history[0]
    assert "调整应走访日期 city_admin" in history[1]
    assert "应走访日期：2026-02-15 → 2026-02-10（节日日期调整：春节）" in history[1]


def test_a_move_to_another_union_shows_in_the_tasks_history(hw):
    from tests import factories

    w = hw.w
    other = factories.grassroots(w.hanbin, "汉滨区人民医院工会")
    event = life_event_record(
        user=w.hanbin_officer,
        person=hw.hanbin_mw,
        kind="hardship",
        occurred_on=dt.date(2026, 11, 20),
    )
    task = event.tasks.get()
    officer = signed_in(w.hanbin_officer)
    officer.post(
        reverse("honors:worker_move", args=[hw.hanbin_mw.pk]),
        {"to_org": str(other.pk), "on": "2026-11-21"},
    )
    history = _history(officer.get(reverse("honors:visit_detail", args=[task.pk])).content.decode())
    assert "随人员迁移 hanbin_officer" in history[-1]
    assert "责任组织：汉滨区第一中学工会 → 汉滨区人民医院工会" in history[-1]


@time_machine.travel(dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC), tick=False)  # a 2026 story
def test_a_demands_page_lists_each_step_with_who_when_and_the_next_deadline(hw):
    w = hw.w
    d = demand_file(user=w.hanbin_member, person=hw.hanbin_mw, title="住房困难", content="危房")
    demand_sort(user=w.hanbin_officer, demand=d, category="housing", officer=hw.hanbin_officer2)
    demand_refer(
        user=hw.hanbin_officer2,
        demand=d,
        department="housing",
        department_name="汉滨区住建局",
        referred_on=None,
    )
    demand_answer(user=hw.hanbin_officer2, demand=d, feedback="已纳入危房改造计划")
    history = _history(
        signed_in(w.hanbin_officer)
        .get(reverse("honors:demand_detail", args=[d.pk]))
        .content.decode()
    )
    assert [h.split()[0] for h in history] == ["已提交", "工会梳理", "部门联动", "已反馈"]
    assert "hanbin_member" in history[0] and "本人提交" in history[0]
    assert "hanbin_officer " in history[1] and "承办：hanbin_officer2" in history[1]
    assert f"部门联动 {timezone.localdate():%Y-%m-%d} hanbin_officer2" in history[2]
    assert "转汉滨区住建局办理（安工诉函〔2026〕1号）" in history[2]
    assert "已纳入危房改造计划" in history[3]
    for h in history:
        assert re.search(r"登记于 \d{4}-\d\d-\d\d \d\d:\d\d", h)
        assert "下一环节时限：" in h
