"""Losing the 劳模礼遇 (death, retirement the year excludes, a revoked honor): honors ends what it
holds for the person and tells every other module once, with the reason, inside the transaction."""

import datetime as dt

import pytest
from django.utils import timezone

from gonghui.core.signals import eligibility_lost
from gonghui.honors import rules
from gonghui.honors.models import Demand, Honor, SubsidyPayment, VisitTask, YearRules
from gonghui.honors.services import (
    demand_file,
    demand_sort,
    holiday_tasks_generate,
    honor_revoke,
    person_mark_deceased,
    person_mark_retired,
    subsidy_list_compute,
)
from tests.honors.conftest import give

pytestmark = pytest.mark.django_db
BUDGET = "工会经费—劳模慰问补助"


@pytest.fixture
def lost():
    """Every eligibility_lost the test causes: (person, reason, user)."""
    calls: list[tuple] = []

    def receiver(sender, person, reason, user, **kwargs):
        calls.append((person, reason, user))

    eligibility_lost.connect(receiver, weak=False, dispatch_uid="test_eligibility_loss")
    yield calls
    eligibility_lost.disconnect(dispatch_uid="test_eligibility_loss")


def _this_year_rules(**values) -> YearRules:
    return YearRules.objects.create(year=timezone.localdate().year, **values)


def _revoke(hw, honor, reason="违纪撤销"):
    return honor_revoke(user=hw.w.city_admin, honor=honor, on=timezone.localdate(), reason=reason)


def test_death_sends_eligibility_lost_with_the_reason_and_the_user(hw, lost):
    person_mark_deceased(user=hw.w.hanbin_officer, person=hw.hanbin_mw)
    assert lost == [(hw.hanbin_mw, "人员已故", hw.w.hanbin_officer)]


def test_a_death_on_the_core_status_page_sends_it_once(hw, lost):
    from gonghui.core.services import person_set_status

    person_set_status(person=hw.hanbin_mw, status="deceased")
    assert [(p, reason) for p, reason, _ in lost] == [(hw.hanbin_mw, "人员已故")]


def test_revoking_the_honor_that_made_them_eligible_sends_it_with_the_reason(hw, lost):
    _revoke(hw, Honor.objects.get(person=hw.hanbin_mw))
    assert [(p, reason) for p, reason, _ in lost] == [(hw.hanbin_mw, "荣誉撤销：违纪撤销")]
    assert lost[0][2] == hw.w.city_admin


def test_retirement_sends_it_when_the_years_rules_exclude_retirees(hw, lost):
    _this_year_rules(retirees_eligible=False)
    person_mark_retired(user=hw.w.hanbin_officer, person=hw.hanbin_mw, on=timezone.localdate())
    assert len(lost) == 1
    person, reason, user = lost[0]
    assert person == hw.hanbin_mw and "退休" in reason and user == hw.w.hanbin_officer


def test_retirement_keeps_eligibility_by_default_and_sends_nothing(hw, lost):
    assert rules.rules_for(timezone.localdate().year).retirees_eligible
    person_mark_retired(user=hw.w.hanbin_officer, person=hw.hanbin_mw, on=timezone.localdate())
    assert lost == []


def test_revoking_one_of_two_honors_keeps_eligibility_and_sends_nothing(hw, lost):
    second = give(hw.w.city_admin, hw.hanbin_mw, "金州工匠", 2021)
    _revoke(hw, second)
    assert lost == []


def test_a_level_drop_below_the_level_the_care_requires_sends_it(hw, lost):
    _this_year_rules(care_min_level=3)
    give(hw.w.city_admin, hw.hanbin_mw, "县级劳动模范", 2021)
    _revoke(hw, Honor.objects.get(person=hw.hanbin_mw, honor_type__name="安康市劳动模范"))
    assert len(lost) == 1
    assert lost[0][1].startswith("荣誉撤销：违纪撤销") and "县级" in lost[0][1]


def test_it_is_sent_once_per_loss(hw, lost):
    _revoke(hw, Honor.objects.get(person=hw.hanbin_mw))
    person_mark_deceased(user=hw.w.hanbin_officer, person=hw.hanbin_mw)
    assert len(lost) == 1


def test_it_is_sent_inside_the_transaction(hw):
    """A receiver that fails (a module cannot withdraw) undoes the death as a whole."""

    def refuse(sender, **kwargs):
        raise RuntimeError("recuperation side failed")

    eligibility_lost.connect(refuse, weak=False, dispatch_uid="test_refuse")
    try:
        with pytest.raises(RuntimeError):
            person_mark_deceased(user=hw.w.hanbin_officer, person=hw.hanbin_mw)
    finally:
        eligibility_lost.disconnect(dispatch_uid="test_refuse")
    hw.hanbin_mw.refresh_from_db()
    assert hw.hanbin_mw.status == "active"


def test_a_loss_closes_open_demands_with_the_reason_in_their_history(hw):
    d = demand_file(
        user=hw.w.hanbin_member, person=hw.hanbin_mw, title="住房", content="申请公租房"
    )
    demand_sort(user=hw.w.hanbin_officer, demand=d, category="housing", officer=None)
    person_mark_deceased(user=hw.w.hanbin_officer, person=hw.hanbin_mw)
    d = Demand.objects.get(pk=d.pk)
    assert d.status == "closed" and d.closed_on == timezone.localdate()
    last = d.steps.order_by("at", "id").last()
    assert last.status == "closed" and last.note == "人员已故，诉求终止办理"
    assert last.by == hw.w.hanbin_officer


def test_a_revocation_closes_open_demands_with_the_reason(hw):
    d = demand_file(user=hw.w.hanbin_member, person=hw.hanbin_mw, title="就业", content="子女就业")
    _revoke(hw, Honor.objects.get(person=hw.hanbin_mw))
    d = Demand.objects.get(pk=d.pk)
    assert d.status == "closed" and "荣誉撤销：违纪撤销" in d.steps.last().note


def test_retirement_excluded_by_the_rules_cancels_visits_and_lines_but_not_the_retirement_visit(
    hw,
):
    holiday_tasks_generate(user=hw.w.city_admin, holiday=rules.holidays_for(2026)[2])
    subsidy_list_compute(user=hw.w.hanbin_officer, year=2026, budget_line=BUDGET)
    _this_year_rules(retirees_eligible=False)
    person_mark_retired(user=hw.w.hanbin_officer, person=hw.hanbin_mw, on=timezone.localdate())
    tasks = dict(VisitTask.objects.filter(person=hw.hanbin_mw).values_list("occasion", "status"))
    assert tasks == {"holiday": "cancelled", "retirement": "open"}
    assert SubsidyPayment.objects.get(person=hw.hanbin_mw).status == "cancelled"


def test_a_year_that_excludes_retirees_leaves_them_off_its_list_and_holiday_visits(hw):
    YearRules.objects.create(year=2026, retirees_eligible=False)
    person_mark_retired(user=hw.w.hanbin_officer, person=hw.hanbin_mw, on=dt.date(2026, 11, 2))
    sl = subsidy_list_compute(user=hw.w.city_admin, year=2026, budget_line=BUDGET)
    assert list(sl.payments.values_list("person__name", flat=True)) == ["李娜"]
    holiday_tasks_generate(user=hw.w.city_admin, holiday=rules.holidays_for(2026)[0])
    assert not VisitTask.objects.filter(person=hw.hanbin_mw, occasion="holiday").exists()
