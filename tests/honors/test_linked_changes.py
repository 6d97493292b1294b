"""关联变动: every downstream change is audited with the person and its cause, and the person's
pages (人员档案 and 劳模档案) list them newest first, within the reader's scope."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.core import audit
from gonghui.core.models import AuditAction, AuditLog
from gonghui.core.selectors import person_linked_changes
from gonghui.honors import rules
from gonghui.honors.models import Honor, SubsidyPayment, VisitTask
from gonghui.honors.services import (
    demand_file,
    holiday_tasks_generate,
    honor_revoke,
    person_mark_deceased,
    person_mark_moved,
    subsidy_list_compute,
)
from tests import factories
from tests.kit import signed_in

pytestmark = pytest.mark.django_db


def _holdings(hw):
    holiday_tasks_generate(user=hw.w.city_admin, holiday=rules.holidays_for(2026)[2])
    subsidy_list_compute(user=hw.w.hanbin_officer, year=2026, budget_line="工会经费—劳模慰问补助")
    demand_file(user=hw.w.hanbin_member, person=hw.hanbin_mw, title="住房", content="申请公租房")


def test_each_downstream_change_of_a_death_is_one_audit_entry_naming_the_cause(hw):
    _holdings(hw)
    person_mark_deceased(user=hw.w.hanbin_officer, person=hw.hanbin_mw)
    task = VisitTask.objects.get(person=hw.hanbin_mw)
    line = SubsidyPayment.objects.get(person=hw.hanbin_mw)
    for obj, note in [
        (task, "人员已故：取消走访任务"),
        (line, "人员已故：取消未发放的补助"),
        (hw.hanbin_mw.demands.get(), "人员已故：诉求终止办理（销号）"),
    ]:
        entries = AuditLog.objects.filter(
            model=obj._meta.label_lower, object_id=str(obj.pk), action="update"
        )
        assert list(entries.values_list("note", "person_id", "user_id")) == [
            (note, hw.hanbin_mw.pk, hw.w.hanbin_officer.pk)
        ]


def test_a_revocation_names_itself_as_the_cause(hw):
    _holdings(hw)
    honor = Honor.objects.get(person=hw.hanbin_mw)
    honor_revoke(user=hw.w.city_admin, honor=honor, on=timezone.localdate(), reason="违纪撤销")
    notes = {e.note for e in person_linked_changes(user=hw.w.city_admin, person=hw.hanbin_mw)}
    assert notes == {
        "荣誉撤销：违纪撤销：取消走访任务",
        "荣誉撤销：违纪撤销：取消未发放的补助",
        "荣誉撤销：违纪撤销：诉求终止办理（销号）",
    }


def test_a_move_names_its_cause_without_naming_the_new_union(hw):
    _holdings(hw)
    person_mark_moved(
        user=hw.w.city_admin,
        person=hw.hanbin_mw,
        to_org=factories.grassroots(hw.w.shiquan, "石泉县医院工会"),
        on=dt.date(2026, 11, 2),
    )
    notes = [e.note for e in person_linked_changes(user=hw.w.city_admin, person=hw.hanbin_mw)]
    assert "人员调动：待走访任务随人员转至新的责任组织" in notes
    assert any(n.startswith("人员调动：取消未发放的补助") for n in notes)
    assert not any("石泉" in n for n in notes)


def test_the_person_page_lists_the_linked_changes_with_their_cause(hw):
    _holdings(hw)
    person_mark_deceased(user=hw.w.hanbin_officer, person=hw.hanbin_mw)
    body = (
        signed_in(hw.w.hanbin_officer)
        .get(reverse("core:person_detail", args=[hw.hanbin_mw.pk]))
        .content.decode()
    )
    section = body[body.index('id="linked-changes"') :]
    assert "关联变动" in body
    for text in ["人员已故：取消走访任务", "人员已故：取消未发放的补助", "走访任务", "劳模诉求"]:
        assert text in section


def test_the_worker_page_lists_them_too(hw):
    _holdings(hw)
    person_mark_deceased(user=hw.w.hanbin_officer, person=hw.hanbin_mw)
    body = (
        signed_in(hw.w.hanbin_officer)
        .get(reverse("honors:worker_detail", args=[hw.hanbin_mw.pk]))
        .content.decode()
    )
    assert "人员已故：诉求终止办理（销号）" in body[body.index('id="linked-changes"') :]


def test_changes_from_any_module_are_listed_newest_first(hw):
    _holdings(hw)
    person_mark_deceased(user=hw.w.hanbin_officer, person=hw.hanbin_mw)
    # What the 疗休养 module writes when it withdraws an invitation for the same cause.
    later = audit.record(
        action=AuditAction.UPDATE,
        model="recuperation.invitation",
        person=hw.hanbin_mw,
        org=hw.hanbin_mw.org,
        note="人员已故：撤回疗休养邀请",
    )
    entries = person_linked_changes(user=hw.w.hanbin_officer, person=hw.hanbin_mw)
    assert entries[0].pk == later.pk and entries[0].kind_label == "疗休养邀请"
    assert [e.at for e in entries] == sorted((e.at for e in entries), reverse=True)


def test_plain_edits_and_reads_are_not_linked_changes(hw):
    _holdings(hw)
    task = VisitTask.objects.get(person=hw.hanbin_mw)
    from gonghui.honors.services import visit_task_assign

    visit_task_assign(user=hw.w.hanbin_officer, task=task, officer=hw.w.hanbin_officer)
    audit.record(action=AuditAction.VIEW_PII, instance=hw.hanbin_mw, note="查看：完整身份证号码")
    assert person_linked_changes(user=hw.w.city_admin, person=hw.hanbin_mw) == []


def test_entries_filed_outside_the_readers_subtree_are_not_shown(hw):
    audit.record(
        action=AuditAction.UPDATE,
        model="honors.subsidypayment",
        person=hw.hanbin_mw,
        org=hw.w.shiquan,
        note="人员调动：取消未发放的补助",
    )
    assert person_linked_changes(user=hw.w.hanbin_officer, person=hw.hanbin_mw) == []
    assert len(person_linked_changes(user=hw.w.city_admin, person=hw.hanbin_mw)) == 1
