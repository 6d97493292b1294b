"""劳模诉求: filed → 梳理 → 部门联动 → 反馈 → 销号, deadlines, history, bad input."""

import datetime as dt

import pytest

from gonghui.core.errors import DomainError
from gonghui.core.permissions import Denied
from gonghui.core.workdays import add_workdays
from gonghui.honors.models import Demand
from gonghui.honors.selectors import demand_list
from gonghui.honors.services import (
    demand_answer,
    demand_close,
    demand_file,
    demand_refer,
    demand_sort,
)

pytestmark = pytest.mark.django_db


def _file(hw):
    return demand_file(
        user=hw.w.hanbin_member,
        person=hw.hanbin_mw,
        title="子女入学",
        content="孩子明年上小学，希望协调学位",
    )


def test_full_flow_keeps_every_step_in_the_history(hw):
    off = hw.w.hanbin_officer
    d = _file(hw)
    assert d.self_service and d.status == "filed"
    d = demand_sort(user=off, demand=d, category="schooling", officer=off)
    d = demand_refer(user=off, demand=d, department="education")
    assert d.letter_number.startswith("安工诉函〔")
    d = demand_answer(user=off, demand=d, feedback="教体局已安排就近入学")
    d = demand_close(user=off, demand=d)
    assert d.status == "closed"
    assert list(d.steps.values_list("status", flat=True)) == [
        "filed",
        "sorted",
        "referred",
        "answered",
        "closed",
    ]


def test_each_step_gets_a_working_day_deadline(hw):
    d = _file(hw)
    assert d.due_date == add_workdays(d.filed_on, 3)
    d = demand_sort(user=hw.w.hanbin_officer, demand=d, category="housing", officer=None)
    d = demand_refer(
        user=hw.w.hanbin_officer, demand=d, department="housing", referred_on=d.filed_on
    )
    assert d.due_date == add_workdays(d.filed_on, 15)


def test_closing_without_feedback_is_refused(hw):
    d = _file(hw)
    d = demand_sort(user=hw.w.hanbin_officer, demand=d, category="schooling", officer=None)
    with pytest.raises(DomainError, match="尚未反馈，不能销号"):
        demand_close(user=hw.w.hanbin_officer, demand=d)
    d.refresh_from_db()
    assert d.status == "sorted" and d.steps.count() == 2


def test_referral_needs_sorting_first(hw):
    d = _file(hw)
    with pytest.raises(DomainError, match="须先经工会梳理"):
        demand_refer(user=hw.w.hanbin_officer, demand=d, department="hrss")


def test_overdue_demands_are_listed(hw):
    d = _file(hw)
    Demand.objects.filter(pk=d.pk).update(due_date=dt.date(2026, 1, 5))
    assert list(demand_list(user=hw.w.hanbin_officer, overdue="1")) == [d]


def test_a_member_files_only_for_themself_and_sees_only_their_own(hw):
    with pytest.raises(Denied, match="不在您的管辖范围内"):
        demand_file(user=hw.w.hanbin_member, person=hw.shiquan_mw, title="x", content="y")
    other = demand_file(
        user=hw.w.shiquan_officer, person=hw.shiquan_mw, title="住房", content="困难"
    )
    mine = _file(hw)
    assert list(demand_list(user=hw.w.hanbin_member)) == [mine]
    assert other not in demand_list(user=hw.w.hanbin_officer)


def test_a_member_cannot_advance_the_demand(hw):
    d = _file(hw)
    with pytest.raises(Denied, match="无权"):
        demand_sort(user=hw.w.hanbin_member, demand=d, category="other", officer=None)


def test_empty_feedback_is_refused(hw):
    d = _file(hw)
    d = demand_sort(user=hw.w.hanbin_officer, demand=d, category="other", officer=None)
    with pytest.raises(DomainError, match="请填写办理反馈"):
        demand_answer(user=hw.w.hanbin_officer, demand=d, feedback=" ")
