"""The honors pages: render for staff, stay inside scope, export, and refuse bad input kindly."""

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from gonghui.core.models import AuditLog
from gonghui.honors.models import Demand, VisitTask
from gonghui.honors.services import (
    demand_answer,
    demand_file,
    demand_refer,
    demand_sort,
    life_event_record,
    subsidy_list_approve,
    subsidy_list_compute,
)
from tests.kit import signed_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name",
    [
        "honors:registry",
        "honors:honor_list",
        "honors:visit_list",
        "honors:holidays",
        "honors:visit_figures",
        "honors:subsidy_list",
        "honors:standards",
        "honors:rules",
        "honors:demand_list",
        "honors:roster",
        "honors:honor_create",
        "honors:honor_type_list",
        "honors:honor_type_create",
    ],
)
def test_staff_pages_render(hw, name):
    r = signed_in(hw.w.city_admin).get(reverse(name))
    assert r.status_code == 200, r.content[:500]


def test_registry_list_shows_only_the_counties_model_workers(hw):
    body = signed_in(hw.w.hanbin_officer).get(reverse("honors:registry")).content.decode()
    assert "张伟" in body and "李娜" not in body


def test_registry_export_is_scoped_and_masked(hw):
    r = signed_in(hw.w.hanbin_officer).post(reverse("honors:registry"))
    wb = openpyxl.load_workbook(io.BytesIO(b"".join(r.streaming_content)))
    rows = list(wb.active.iter_rows(values_only=True))
    names = [row[0] for row in rows[1:] if row[0] and row[1]]
    assert names == ["张伟"]
    assert "*" in rows[1][2]
    assert AuditLog.objects.filter(action="export", model="honors.modelworker").exists()


def test_detail_of_another_countys_model_worker_is_404(hw):
    r = signed_in(hw.w.hanbin_officer).get(reverse("honors:worker_detail", args=[hw.shiquan_mw.pk]))
    assert r.status_code == 404


def test_detail_shows_honors_and_timeline(hw):
    life_event_record(
        user=hw.w.hanbin_officer,
        person=hw.hanbin_mw,
        kind="hospitalized",
        occurred_on=dt.date(2026, 9, 30),
    )
    body = (
        signed_in(hw.w.hanbin_officer)
        .get(reverse("honors:worker_detail", args=[hw.hanbin_mw.pk]))
        .content.decode()
    )
    assert "安康市劳动模范" in body and "伤病住院" in body


def test_member_cannot_open_staff_lists(hw):
    c = signed_in(hw.w.hanbin_member)
    assert c.get(reverse("honors:registry")).status_code == 403
    assert c.get(reverse("honors:visit_list")).status_code == 403


def test_unknown_person_for_honor_is_a_chinese_error(hw):
    r = signed_in(hw.w.hanbin_officer).post(
        reverse("honors:honor_create"),
        {"id_number": "610902198503140000", "honor_type": "1", "year": "2020"},
    )
    assert "身份证" in r.content.decode()


def test_revocation_without_reason_shows_message_and_changes_nothing(hw):
    honor = hw.hanbin_mw.honors.get()
    r = signed_in(hw.w.hanbin_officer).post(
        reverse("honors:honor_revoke", args=[honor.pk]),
        {"revoked_on": "2026-11-01", "reason": ""},
        follow=True,
    )
    assert "撤销荣誉必须填写撤销原因" in r.content.decode()
    honor.refresh_from_db()
    assert honor.status == "valid"


def test_event_form_creates_a_task_visible_in_the_list(hw):
    c = signed_in(hw.w.hanbin_officer)
    c.post(
        reverse("honors:worker_event", args=[hw.hanbin_mw.pk]),
        {"kind": "hospitalized", "occurred_on": "2026-09-30", "note": "住院"},
    )
    task = VisitTask.objects.get(person=hw.hanbin_mw)
    assert task.due_date == dt.date(2026, 10, 10)
    assert "张伟" in c.get(reverse("honors:visit_list")).content.decode()
    assert (
        "张伟"
        not in signed_in(hw.w.shiquan_officer).get(reverse("honors:visit_list")).content.decode()
    )


def test_visit_detail_outside_scope_is_404(hw):
    event = life_event_record(
        user=hw.w.hanbin_officer,
        person=hw.hanbin_mw,
        kind="hardship",
        occurred_on=dt.date(2026, 11, 2),
    )
    r = signed_in(hw.w.shiquan_officer).get(
        reverse("honors:visit_detail", args=[event.tasks.get().pk])
    )
    assert r.status_code == 404


def test_figures_page_and_export(hw):
    c = signed_in(hw.w.city_admin)
    body = c.get(reverse("honors:visit_figures") + "?year=2026").content.decode()
    assert "走访慰问劳模" in body
    r = c.get(reverse("honors:visit_figures") + "?year=2026&export=xlsx")
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")


def test_maker_approving_sees_a_chinese_message(hw):
    sl = subsidy_list_compute(
        user=hw.w.hanbin_officer, year=2026, budget_line="工会经费—劳模慰问补助"
    )
    r = signed_in(hw.w.hanbin_officer).post(
        reverse("honors:subsidy_approve", args=[sl.pk]), follow=True
    )
    assert "制表人不能审核" in r.content.decode()


def test_payment_sheet_has_full_ids_and_is_logged(hw):
    sl = subsidy_list_compute(
        user=hw.w.hanbin_officer, year=2026, budget_line="工会经费—劳模慰问补助"
    )
    subsidy_list_approve(user=hw.hanbin_officer2, subsidy_list=sl)
    r = signed_in(hw.w.hanbin_officer).get(reverse("honors:subsidy_sheet", args=[sl.pk]))
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    ws = wb.active
    assert ws.cell(4, 2).value == "张伟"
    assert ws.cell(4, 3).value == hw.hanbin_mw.id_number
    assert ws.cell(4, 6).value == 3200
    assert AuditLog.objects.filter(action="export_pii", model="honors.subsidypayment").exists()


def test_subsidy_list_of_another_county_is_404(hw):
    sl = subsidy_list_compute(
        user=hw.w.hanbin_officer, year=2026, budget_line="工会经费—劳模慰问补助"
    )
    assert (
        signed_in(hw.w.shiquan_officer)
        .get(reverse("honors:subsidy_detail", args=[sl.pk]))
        .status_code
        == 404
    )


def test_roster_xlsx_masked_unless_asked_and_pdf_refused_for_empty_selection(hw):
    c = signed_in(hw.w.hanbin_officer)
    r = c.post(
        reverse("honors:roster"),
        {"columns": ["name", "id_number", "level"], "recipients": ["org_dept"], "fmt": "xlsx"},
    )
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    rows = list(wb.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("姓名", "身份证号码", "劳模级别")
    assert rows[1][0] == "张伟" and "*" in rows[1][1]
    r = c.post(reverse("honors:roster") + "?level=1", {"columns": ["name"], "fmt": "pdf"})
    assert "没有劳模，无法生成PDF名册" in r.content.decode()


def test_roster_pdf_for_officer_is_a_pdf_and_logged(hw):
    r = signed_in(hw.w.city_admin).post(
        reverse("honors:roster"),
        {
            "columns": ["name", "id_number", "level", "org"],
            "recipients": ["org_dept", "hr_bureau"],
            "fmt": "pdf",
            "full": "on",
        },
    )
    assert r.content.startswith(b"%PDF")
    assert AuditLog.objects.filter(action="export_pii", model="honors.modelworker").exists()


def test_demand_pages_and_letter(hw):
    d = demand_file(
        user=hw.w.hanbin_member, person=hw.hanbin_mw, title="住房困难", content="申请公租房"
    )
    d = demand_sort(user=hw.w.hanbin_officer, demand=d, category="housing", officer=None)
    d = demand_refer(user=hw.w.hanbin_officer, demand=d, department="housing")
    c = signed_in(hw.w.hanbin_officer)
    assert "住房困难" in c.get(reverse("honors:demand_list")).content.decode()
    r = c.get(reverse("honors:demand_letter", args=[d.pk]))
    assert r.content.startswith(b"%PDF")
    assert (
        signed_in(hw.w.shiquan_officer)
        .get(reverse("honors:demand_detail", args=[d.pk]))
        .status_code
        == 404
    )


def test_closing_without_feedback_on_the_page(hw):
    d = demand_file(user=hw.w.hanbin_member, person=hw.hanbin_mw, title="t", content="c")
    r = signed_in(hw.w.hanbin_officer).post(
        reverse("honors:demand_close", args=[d.pk]), follow=True
    )
    assert "尚未反馈，不能销号" in r.content.decode()
    assert Demand.objects.get(pk=d.pk).status == "filed"


def test_member_self_service_shows_own_records_and_files_a_demand(hw):
    c = signed_in(hw.w.hanbin_member)
    body = c.get(reverse("honors:my")).content.decode()
    assert "安康市劳动模范" in body
    c.post(reverse("honors:demand_create"), {"title": "子女入学", "content": "请协调"})
    d = Demand.objects.get()
    assert d.person == hw.hanbin_mw and d.self_service
    d = demand_sort(user=hw.w.hanbin_officer, demand=d, category="schooling", officer=None)
    demand_answer(user=hw.w.hanbin_officer, demand=d, feedback="已协调")
    body = c.get(reverse("honors:demand_detail", args=[d.pk])).content.decode()
    assert "已协调" in body and "工会梳理" in body


def test_registry_list_query_count_does_not_grow_with_rows(hw, django_assert_max_num_queries):
    from tests import factories
    from tests.honors.conftest import give

    for i in range(15):
        give(hw.w.city_admin, factories.person(hw.w.hanbin_union, f"劳模{i}"), "金州工匠", 2021)
    c = signed_in(hw.w.city_admin)
    with django_assert_max_num_queries(15):
        c.get(reverse("honors:registry"))
