"""Life events keep everything consistent: death, retirement, moves, revocation."""

import datetime as dt
from decimal import Decimal

import pytest

from gonghui.core.errors import DomainError
from gonghui.honors import rules
from gonghui.honors.models import Honor, LifeEvent, SubsidyPayment, VisitTask
from gonghui.honors.selectors import registry_list
from gonghui.honors.services import (
    holiday_tasks_generate,
    honor_revoke,
    life_event_record,
    person_mark_deceased,
    person_mark_moved,
    person_mark_retired,
    subsidy_list_compute,
)
from tests import factories
from tests.honors.conftest import give

pytestmark = pytest.mark.django_db


def _open_task_and_line(hw):
    holiday_tasks_generate(user=hw.w.city_admin, holiday=rules.holidays_for(2026)[2])
    subsidy_list_compute(user=hw.w.hanbin_officer, year=2026, budget_line="工会经费—劳模慰问补助")
    task = VisitTask.objects.get(person=hw.hanbin_mw)
    line = SubsidyPayment.objects.get(person=hw.hanbin_mw)
    return task, line


def test_death_cancels_open_visits_and_unpaid_subsidy_in_one_step(hw):
    task, line = _open_task_and_line(hw)
    person_mark_deceased(user=hw.w.hanbin_officer, person=hw.hanbin_mw)
    task.refresh_from_db()
    line.refresh_from_db()
    hw.hanbin_mw.refresh_from_db()
    assert hw.hanbin_mw.status == "deceased"
    assert task.status == "cancelled" and "已故" in task.cancel_reason
    assert line.status == "cancelled"
    # still in the registry (honors stay), but listed as 已故
    assert registry_list(user=hw.w.city_admin, status="deceased").get().person == hw.hanbin_mw


def test_death_is_rolled_back_when_the_honors_side_fails(hw, monkeypatch):
    from gonghui.honors import services

    def boom(**kwargs):
        raise RuntimeError("honors side failed")

    monkeypatch.setattr(services, "model_worker_refresh", boom)
    with pytest.raises(RuntimeError):
        person_mark_deceased(user=hw.w.hanbin_officer, person=hw.hanbin_mw)
    hw.hanbin_mw.refresh_from_db()
    assert hw.hanbin_mw.status == "active"


def test_retirement_creates_a_retirement_visit_task(hw):
    person_mark_retired(user=hw.w.hanbin_officer, person=hw.hanbin_mw, on=dt.date(2026, 11, 2))
    hw.hanbin_mw.refresh_from_db()
    assert hw.hanbin_mw.status == "retired"
    event = LifeEvent.objects.get(person=hw.hanbin_mw)
    assert event.kind == "retirement"
    assert event.tasks.get().due_date == dt.date(2026, 11, 5)


def test_retired_model_workers_keep_their_subsidy(hw):
    person_mark_retired(user=hw.w.hanbin_officer, person=hw.hanbin_mw, on=dt.date(2026, 11, 2))
    sl = subsidy_list_compute(
        user=hw.w.hanbin_officer, year=2026, budget_line="工会经费—劳模慰问补助"
    )
    assert sl.payments.get().person == hw.hanbin_mw


def test_revoking_the_only_honor_cancels_open_visits_and_unpaid_subsidy(hw):
    task, line = _open_task_and_line(hw)
    honor = Honor.objects.get(person=hw.hanbin_mw)
    honor_revoke(user=hw.w.city_admin, honor=honor, on=dt.date(2026, 11, 1), reason="违纪撤销")
    task.refresh_from_db()
    line.refresh_from_db()
    assert task.status == "cancelled" and task.cancel_reason.endswith("违纪撤销")
    assert line.status == "cancelled"


def test_revoking_a_higher_honor_lowers_the_pending_subsidy(hw):
    top = give(hw.w.city_admin, hw.hanbin_mw, "全国劳动模范", 2022)
    sl = subsidy_list_compute(
        user=hw.w.hanbin_officer, year=2026, budget_line="工会经费—劳模慰问补助"
    )
    line = sl.payments.get()
    assert line.amount == Decimal("8000.00")
    honor_revoke(user=hw.w.city_admin, honor=top, on=dt.date(2026, 11, 1), reason="撤销")
    line.refresh_from_db()
    assert (line.level, line.amount, line.status) == (3, Decimal("3200.00"), "pending")


def test_moving_to_another_county_moves_open_tasks_and_cancels_the_old_countys_line(hw):
    w = hw.w
    task, line = _open_task_and_line(hw)
    new_union = factories.grassroots(w.shiquan, "石泉县医院工会")
    person_mark_moved(
        user=w.city_admin, person=hw.hanbin_mw, to_org=new_union, on=dt.date(2026, 11, 2)
    )
    task.refresh_from_db()
    line.refresh_from_db()
    assert task.org == new_union and task.status == "open"
    # The old county's list says the person left, not where they went.
    assert line.status == "cancelled" and "迁出" in line.cancel_reason
    assert "石泉" not in line.cancel_reason
    assert registry_list(user=w.shiquan_officer).filter(person=hw.hanbin_mw).exists()
    assert not registry_list(user=w.hanbin_officer).filter(person=hw.hanbin_mw).exists()
    # 石泉 can now put them on its own list
    sl = subsidy_list_compute(
        user=w.shiquan_officer, year=2026, budget_line="工会经费—劳模慰问补助"
    )
    assert sl.payments.filter(person=hw.hanbin_mw).exists()


def test_deceased_person_gets_no_new_events_or_holiday_tasks(hw):
    person_mark_deceased(user=hw.w.hanbin_officer, person=hw.hanbin_mw)
    with pytest.raises(DomainError, match="已故"):
        life_event_record(
            user=hw.w.hanbin_officer,
            person=hw.hanbin_mw,
            kind="hardship",
            occurred_on=dt.date(2026, 11, 2),
        )
    holiday_tasks_generate(user=hw.w.city_admin, holiday=rules.holidays_for(2026)[0])
    assert not VisitTask.objects.filter(person=hw.hanbin_mw).exists()


def test_core_status_page_path_has_the_same_effect(hw):
    """core.services.person_set_status (the 人员档案 page) also cancels open tasks and lines."""
    from gonghui.core.services import person_set_status

    task, line = _open_task_and_line(hw)
    person_set_status(person=hw.hanbin_mw, status="deceased")
    task.refresh_from_db()
    line.refresh_from_db()
    assert task.status == "cancelled" and line.status == "cancelled"


def test_core_retirement_creates_one_retirement_task(hw):
    from gonghui.core.services import person_set_status

    person_set_status(person=hw.hanbin_mw, status="retired")
    assert VisitTask.objects.filter(person=hw.hanbin_mw, occasion="retirement").count() == 1


def test_honors_retirement_wrapper_does_not_duplicate_the_task(hw):
    person_mark_retired(user=hw.w.hanbin_officer, person=hw.hanbin_mw, on=dt.date(2026, 11, 2))
    assert VisitTask.objects.filter(person=hw.hanbin_mw, occasion="retirement").count() == 1


def test_core_membership_transfer_moves_open_tasks(hw):
    from gonghui.core.services import membership_transfer

    task, _ = _open_task_and_line(hw)
    new_union = factories.grassroots(hw.w.hanbin, "汉滨区医院工会")
    membership_transfer(person=hw.hanbin_mw, to_union=new_union, on=dt.date(2026, 11, 2))
    task.refresh_from_db()
    assert task.org == new_union


def test_a_death_recorded_by_a_persons_import_cancels_open_visits_and_unpaid_subsidy(hw, tmp_path):
    """The persons import writes in bulk (no post_save); the registry must follow it too."""
    from tests.core.test_import import commit, xlsx

    task, line = _open_task_and_line(hw)
    person = hw.hanbin_mw
    path = xlsx(
        tmp_path / "deaths.xlsx",
        [
            ["姓名", "身份证号码", "组织", "入会日期", "人员状态"],
            [person.name, person.id_number, "汉滨区第一中学工会", "2020-01-01", "已故"],
        ],
    )
    report = commit(hw.w, path)
    assert report.committed and not report.errors
    person.refresh_from_db()
    task.refresh_from_db()
    line.refresh_from_db()
    assert person.status == "deceased"
    assert task.status == "cancelled" and "已故" in task.cancel_reason
    assert line.status == "cancelled"
