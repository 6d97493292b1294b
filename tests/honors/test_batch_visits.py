"""批量指派走访干部 on the 五必访 task list: the checked tasks get one officer after a confirmed
second step; a task the user may not see, or one no longer open, refuses the whole batch by name."""

from __future__ import annotations

import datetime as dt

import pytest

from gonghui.core.errors import DomainError
from gonghui.core.models import AuditAction, AuditLog
from gonghui.core.workdays import add_workdays
from gonghui.honors.models import VisitStatus, VisitTask
from gonghui.honors.services import life_event_record, visit_record
from gonghui.honors.services.visits import visit_tasks_assign
from tests.conftest import E2E
from tests.kit import batch_from_list, flashed, signed_in

LIST = "/honors/visits/"
ASSIGN = "/honors/visits/assign/"


def _task(hw, person, occurred_on: dt.date, user=None) -> VisitTask:
    event = life_event_record(
        user=user or hw.w.city_admin,
        person=person,
        kind="hospitalized",
        occurred_on=occurred_on,
        note="住院",
    )
    return VisitTask.objects.get(event=event)


@pytest.fixture
def tasks(hw) -> list[VisitTask]:
    """Two open tasks of 汉滨's model worker."""
    return [
        _task(hw, hw.hanbin_mw, dt.date(2026, 9, 1)),
        _task(hw, hw.hanbin_mw, dt.date(2026, 10, 8)),
    ]


# ---------------------------------------------------------------- the list


def test_the_task_list_offers_batch_assign_with_checkboxes_to_writers(hw, tasks):
    body = signed_in(hw.w.hanbin_officer).get(LIST).content.decode()
    assert "批量指派走访干部…" in body
    assert f'name="ids" value="{tasks[0].pk}" form="batch-form"' in body
    assert 'data-batch-confirm="为所选走访任务指派走访干部？' in body


def test_the_auditor_sees_no_batch_button_and_cannot_post_one(hw, tasks):
    client = signed_in(hw.w.auditor)
    body = client.get(LIST).content.decode()
    assert "批量指派走访干部" not in body and 'name="ids"' not in body
    assert client.post(ASSIGN, {"ids": [tasks[0].pk]}).status_code == 403


# ---------------------------------------------------------------- the two steps


def test_checked_tasks_lead_to_a_choice_of_officer_and_nothing_changes_yet(hw, tasks):
    response = signed_in(hw.w.hanbin_officer).post(ASSIGN, {"ids": [t.pk for t in tasks]})
    body = response.content.decode()
    assert response.status_code == 200
    assert "已选 <strong" in body and "2026-09-04" in body  # 2026-09-01 + 3 working days
    assert '<select name="officer"' in body and "hanbin_chair" in body
    assert "确认指派" in body
    assert not VisitTask.objects.filter(officer__isnull=False).exists()


def test_confirming_assigns_the_officer_to_every_checked_task_and_goes_back(hw, tasks):
    back = f"{LIST}?occasion=hospitalized&page=1"
    response = signed_in(hw.w.hanbin_officer).post(
        ASSIGN,
        {
            "ids": [t.pk for t in tasks],
            "step": "assign",
            "officer": hw.w.hanbin_chair.pk,
            "next": back,
        },
    )
    assert response.status_code == 302 and response["Location"] == back
    assert flashed(response) == ["已为2条走访任务指派走访干部hanbin_chair"]
    assert set(VisitTask.objects.values_list("officer__username", flat=True)) == {"hanbin_chair"}
    # Each task's change is in the audit log, by the officer who assigned.
    entries = AuditLog.objects.filter(
        model="honors.visittask", action=AuditAction.UPDATE, user=hw.w.hanbin_officer
    )
    assert {e.object_id for e in entries} == {str(t.pk) for t in tasks}


def test_confirming_without_an_officer_asks_for_one_and_changes_nothing(hw, tasks):
    response = signed_in(hw.w.hanbin_officer).post(
        ASSIGN, {"ids": [t.pk for t in tasks], "step": "assign", "officer": ""}
    )
    assert response.status_code == 200 and "请选择走访干部" in response.content.decode()
    assert not VisitTask.objects.filter(officer__isnull=False).exists()


def test_a_task_outside_the_scope_refuses_the_whole_batch_by_its_number(hw, tasks):
    shiquan = _task(hw, hw.shiquan_mw, dt.date(2026, 9, 2))
    response = signed_in(hw.w.hanbin_officer).post(
        ASSIGN,
        {
            "ids": [tasks[0].pk, shiquan.pk],
            "step": "assign",
            "officer": hw.w.hanbin_chair.pk,
            "next": LIST,
        },
    )
    assert response.status_code == 302 and response["Location"] == LIST
    text = " ".join(flashed(response))
    assert f"编号为{shiquan.pk}的走访任务不存在或不在您的管辖范围内" in text
    assert "未做任何指派" in text
    assert not VisitTask.objects.filter(officer__isnull=False).exists()


def test_a_visited_task_is_named_and_no_task_is_assigned(hw, tasks):
    visit_record(
        user=hw.w.hanbin_officer, task=tasks[1], visited_on=dt.date(2026, 10, 9), money="500"
    )
    with pytest.raises(DomainError) as refused:
        visit_tasks_assign(
            user=hw.w.hanbin_officer,
            task_ids=[t.pk for t in tasks],
            officer=hw.w.hanbin_chair,
        )
    due = add_workdays(dt.date(2026, 10, 8), 3)
    assert f"张伟（伤病住院，应走访日期{due:%Y-%m-%d}）已走访，只能为待走访的任务指派干部" in (
        refused.value.message
    )
    assert "2026-09-04" not in refused.value.message  # the open one is not a problem
    tasks[0].refresh_from_db()
    assert tasks[0].officer is None
    assert VisitTask.objects.get(pk=tasks[1].pk).status == VisitStatus.DONE


def test_an_officer_of_another_county_is_refused_for_every_task(hw, tasks):
    with pytest.raises(DomainError, match="shiquan_officer不属于张伟（伤病住院"):
        visit_tasks_assign(
            user=hw.w.city_admin, task_ids=[t.pk for t in tasks], officer=hw.w.shiquan_officer
        )
    assert not VisitTask.objects.filter(officer__isnull=False).exists()


def test_the_auditor_cannot_be_sent_on_a_visit(hw, tasks):
    with pytest.raises(DomainError, match="不是可以指派走访的在岗工作人员"):
        visit_tasks_assign(user=hw.w.city_admin, task_ids=[tasks[0].pk], officer=hw.w.auditor)


@pytest.mark.parametrize("bad", ["abc", "0", "-3", "1.5", "99999999999999999999"])
def test_ids_that_are_not_record_ids_are_a_400(hw, tasks, bad):
    response = signed_in(hw.w.hanbin_officer).post(ASSIGN, {"ids": [tasks[0].pk, bad]})
    assert response.status_code == 400
    assert "参数“ids”（所选记录）应为记录编号" in response.content.decode()


def test_nothing_checked_goes_back_to_the_list_with_a_message(hw):
    response = signed_in(hw.w.hanbin_officer).post(ASSIGN, {"next": LIST})
    assert response.status_code == 302 and response["Location"] == LIST
    assert flashed(response) == ["请勾选要指派的走访任务"]


def test_a_next_to_another_site_goes_back_to_the_list_instead(hw):
    response = signed_in(hw.w.hanbin_officer).post(ASSIGN, {"next": "https://example.com/x"})
    assert response["Location"] == LIST


# ---------------------------------------------------------------- in a browser


@E2E[0]
@E2E[1]
def test_check_two_tasks_assign_an_officer_and_see_it_in_the_list(hw, tasks, live_server, login):
    page = login("hanbin_officer")
    batch_from_list(page, f"{live_server.url}{LIST}", [t.pk for t in tasks], "批量指派走访干部…")
    page.wait_for_selector("#batch-tasks")
    assert page.locator("#batch-tasks tbody tr").count() == 2
    assert not VisitTask.objects.filter(officer__isnull=False).exists()
    page.select_option("select[name=officer]", label="hanbin_chair")
    page.get_by_role("button", name="确认指派").click()
    page.wait_for_selector("text=已为2条走访任务指派走访干部hanbin_chair")
    assert page.url.endswith(LIST)
    rows = page.locator("#list-results tbody tr")
    assert [rows.nth(i).inner_text().count("hanbin_chair") for i in range(2)] == [1, 1]
    assert set(VisitTask.objects.values_list("officer__username", flat=True)) == {"hanbin_chair"}
