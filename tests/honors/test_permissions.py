"""The honors pages, menus, buttons and messages follow the permission table (honors/permissions.py).

A grassroots chair reads the registry of their union, records events and visits and handles the
demands of their people; the catalog, the year's rules, the subsidy standards and lists and the
roster are not theirs. 职工本人 use 我的劳模服务. Nothing says where a record outside one's scope is.
"""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from django.test import RequestFactory
from django.urls import reverse

from gonghui.core.context_processors import menu
from gonghui.core.importing import get_importer, run_import
from gonghui.core.models import Person
from gonghui.core.permissions import Denied, table
from gonghui.honors import rules
from gonghui.honors.apps import HonorsConfig
from gonghui.honors.models import Demand, Honor, SubsidyList, VisitTask, YearRules
from gonghui.honors.services import (
    demand_file,
    demand_refer,
    demand_sort,
    holiday_tasks_generate,
    honor_revoke,
    life_event_record,
    person_mark_moved,
    subsidy_list_compute,
    visit_record,
    year_rules_save,
)
from tests import factories
from tests.kit import signed_in

pytestmark = pytest.mark.django_db

MENU = HonorsConfig.menu


def _honors_menu(user) -> list[str]:
    request = RequestFactory().get("/")
    request.user = user
    sections = dict(menu(request)["menu"])
    return [item["label"] for item in sections.get("劳模服务", [])]


# ---------------------------------------------------------------- the table itself


def test_every_menu_entry_of_the_app_is_an_action_of_the_table():
    keys = table()
    assert [pred for _, _, pred in MENU if pred not in keys] == []


def test_catalog_rules_holidays_and_standards_are_changed_by_the_city_only():
    for key in (
        "honors.honor_type.create",
        "honors.honor_type.change",
        "honors.honor_type.delete",
        "honors.rules.change",
        "honors.holiday.change",
        "honors.subsidy_standard.change",
    ):
        action = table()[key]
        assert action.roles == {"city_admin"} and action.level == "city", key


# ---------------------------------------------------------------- menus


def test_a_grassroots_chairs_menu_shows_only_what_the_table_allows(world):
    assert _honors_menu(world.hanbin_chair) == [
        "劳模名录",
        "荣誉记录",
        "五必访走访",
        "节日走访",
        "走访慰问统计",
        "劳模诉求",
    ]


def test_a_member_sees_only_my_labour_model_services_in_the_menu(world):
    assert _honors_menu(world.hanbin_member) == ["我的劳模服务"]


def test_the_city_admin_sees_every_staff_page_of_the_app(world):
    shown = _honors_menu(world.city_admin)
    assert len(shown) == len(MENU) - 1 and "我的劳模服务" not in shown


# ---------------------------------------------------------------- a grassroots chair


@pytest.mark.parametrize(
    "name",
    [
        "honors:honor_type_list",
        "honors:honor_type_create",
        "honors:rules",
        "honors:standards",
        "honors:subsidy_list",
        "honors:roster",
        "honors:honor_create",
        "honors:my",
    ],
)
def test_a_grassroots_chair_gets_403_on_pages_that_are_not_theirs(world, name):
    assert signed_in(world.hanbin_chair).get(reverse(name)).status_code == 403


def test_a_grassroots_chair_cannot_save_the_year_rules(world):
    r = signed_in(world.hanbin_chair).post(
        reverse("honors:rules") + "?year=2026", {"visit_event_days": "9"}
    )
    assert r.status_code == 403
    with pytest.raises(Denied):
        year_rules_save(user=world.hanbin_chair, year=2026, values={"visit_event_days": 9})
    assert not YearRules.objects.exists()


def test_the_city_admin_saves_the_year_rules_through_the_service(world):
    c = signed_in(world.city_admin)
    data = {
        "visit_event_days": "4",
        "demand_sort_days": "3",
        "demand_refer_days": "5",
        "demand_feedback_days": "15",
        "demand_close_days": "5",
        "care_min_level": "5",
        "retirees_eligible": "on",
        "achievement_visit_years": "1",
    }
    r = c.post(reverse("honors:rules") + "?year=2026", data, follow=True)
    assert "2026年度规则已保存" in r.content.decode()
    assert rules.rules_for(2026).visit_event_days == 4


def test_a_grassroots_chair_cannot_compute_a_subsidy_list(hw):
    r = signed_in(hw.w.hanbin_chair).post(reverse("honors:subsidy_compute"), {"year": "2026"})
    assert r.status_code == 403
    with pytest.raises(Denied, match="您的账号无权生成年度补助名单"):
        subsidy_list_compute(user=hw.w.hanbin_chair, year=2026, budget_line="工会经费—劳模慰问补助")
    assert not SubsidyList.objects.exists()


def test_a_grassroots_chair_cannot_generate_holiday_visits(hw):
    spring = next(h for h in rules.holidays_for(2026) if h.name == "春节")
    r = signed_in(hw.w.hanbin_chair).post(
        reverse("honors:holiday_generate"), {"year": "2026", "holiday": str(spring.pk)}
    )
    assert r.status_code == 403
    with pytest.raises(Denied):
        holiday_tasks_generate(user=hw.w.hanbin_chair, holiday=spring)
    assert not VisitTask.objects.exists()


def test_a_grassroots_chair_cannot_revoke_an_honor_of_their_union(hw):
    honor = Honor.objects.get(person=hw.hanbin_mw)
    r = signed_in(hw.w.hanbin_chair).post(
        reverse("honors:honor_revoke", args=[honor.pk]),
        {"revoked_on": "2026-11-01", "reason": "试图撤销"},
    )
    assert r.status_code == 403
    with pytest.raises(Denied):
        honor_revoke(user=hw.w.hanbin_chair, honor=honor, on=dt.date(2026, 11, 1), reason="x")
    honor.refresh_from_db()
    assert honor.status == "valid"


def test_a_grassroots_chair_cannot_send_the_roster(hw):
    r = signed_in(hw.w.hanbin_chair).post(
        reverse("honors:roster"), {"columns": ["name"], "recipients": ["org_dept"], "fmt": "xlsx"}
    )
    assert r.status_code == 403


def test_a_grassroots_chair_records_events_and_visits_of_their_union(hw):
    chair = hw.w.hanbin_chair
    event = life_event_record(
        user=chair, person=hw.hanbin_mw, kind="hospitalized", occurred_on=dt.date(2026, 11, 16)
    )
    task = event.tasks.get()
    page = signed_in(chair).get(reverse("honors:visit_detail", args=[task.pk])).content.decode()
    assert 'id="record-form"' in page and 'id="cancel-form"' not in page
    visit_record(user=chair, task=task, visited_on=dt.date(2026, 11, 17), goods="鲜花")
    task.refresh_from_db()
    assert task.status == "done"


def test_a_grassroots_chair_sees_event_and_demand_buttons_but_not_honor_buttons(hw):
    page = (
        signed_in(hw.w.hanbin_chair)
        .get(reverse("honors:worker_detail", args=[hw.hanbin_mw.pk]))
        .content.decode()
    )
    assert 'id="event-form"' in page and "代为登记诉求" in page
    assert "登记荣誉" not in page and "撤销…" not in page


def test_a_grassroots_chair_sorts_a_demand_but_an_officer_refers_it(hw):
    d = demand_file(user=hw.w.hanbin_chair, person=hw.hanbin_mw, title="住房", content="困难")
    d = demand_sort(user=hw.w.hanbin_chair, demand=d, category="housing", officer=None)
    page = (
        signed_in(hw.w.hanbin_chair)
        .get(reverse("honors:demand_detail", args=[d.pk]))
        .content.decode()
    )
    assert 'id="answer-form"' in page and 'id="refer-form"' not in page
    with pytest.raises(Denied):
        demand_refer(user=hw.w.hanbin_chair, demand=d, department="housing")
    assert demand_refer(user=hw.w.hanbin_officer, demand=d, department="housing").letter_number


def test_the_registry_page_offers_honor_buttons_to_officers_only(hw):
    assert (
        "导入劳模名册"
        in signed_in(hw.w.hanbin_officer).get(reverse("honors:registry")).content.decode()
    )
    body = signed_in(hw.w.hanbin_chair).get(reverse("honors:registry")).content.decode()
    assert "导入劳模名册" not in body and "登记荣誉" not in body and "名册报送" not in body


# ---------------------------------------------------------------- 职工本人 and the demand list


def test_a_member_gets_403_on_the_staff_demand_list_and_its_export(hw):
    c = signed_in(hw.w.hanbin_member)
    assert c.get(reverse("honors:demand_list")).status_code == 403
    assert c.post(reverse("honors:demand_list")).status_code == 403


def test_a_member_sees_their_own_demands_under_my_services_without_an_export(hw):
    mine = demand_file(user=hw.w.hanbin_member, person=hw.hanbin_mw, title="子女入学", content="x")
    demand_file(user=hw.w.hanbin_officer, person=hw.hanbin_mw, title="代登记", content="y")
    other = factories.person(hw.w.hanbin_union, "王芳")
    demand_file(user=hw.w.hanbin_officer, person=other, title="别人的诉求", content="z")
    body = signed_in(hw.w.hanbin_member).get(reverse("honors:my")).content.decode()
    assert mine.title in body and "代登记" in body and "别人的诉求" not in body
    assert "导出" not in body


def test_a_member_files_their_own_demand_on_the_page(hw):
    c = signed_in(hw.w.hanbin_member)
    r = c.post(reverse("honors:demand_create"), {"title": "子女入学", "content": "请协调"})
    demand = Demand.objects.get()
    assert r.status_code == 302 and demand.person == hw.hanbin_mw and demand.self_service
    body = c.get(reverse("honors:demand_detail", args=[demand.pk])).content.decode()
    assert "子女入学" in body and 'id="sort-form"' not in body


def test_a_member_cannot_download_the_referral_letter_of_their_demand(hw):
    d = demand_file(user=hw.w.hanbin_member, person=hw.hanbin_mw, title="住房", content="危房")
    d = demand_sort(user=hw.w.hanbin_officer, demand=d, category="housing", officer=None)
    d = demand_refer(user=hw.w.hanbin_officer, demand=d, department="housing")
    r = signed_in(hw.w.hanbin_member).get(reverse("honors:demand_letter", args=[d.pk]))
    assert r.status_code == 403


# ---------------------------------------------------------------- messages never say where


def _roster(tmp_path, rows):
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "身份证号码", "荣誉名称", "授予年度", "授予机关", "文号", "所属工会"])
    for row in rows:
        wb.active.append(row)
    path = tmp_path / "roster.xlsx"
    wb.save(path)
    return path


def test_the_roster_import_does_not_name_the_organization_of_a_foreign_id_number(world, tmp_path):
    path = _roster(
        tmp_path, [["李娜", world.shiquan_person.id_number, "金州工匠", 2016, "", "", ""]]
    )
    report = run_import(
        get_importer("model_workers"),
        path,
        filename="roster.xlsx",
        user=world.hanbin_officer,
        commit=True,
    )
    text = " ".join(e.message for e in report.errors)
    assert "该身份证号码已在其他组织登记，不在您的管辖范围内" in text
    assert world.shiquan_union.name not in text and "石泉" not in text
    assert not Honor.objects.exists()


def test_a_grassroots_chair_cannot_record_honors_by_importing_the_roster(world, tmp_path):
    path = _roster(
        tmp_path, [["张伟", world.hanbin_person.id_number, "金州工匠", 2016, "", "", ""]]
    )
    report = run_import(
        get_importer("model_workers"),
        path,
        filename="roster.xlsx",
        user=world.hanbin_chair,
        commit=True,
    )
    assert not report.committed
    assert "您的账号无权登记劳模荣誉" in " ".join(e.message for e in report.errors)
    assert not Honor.objects.exists()


def _moved_to_shiquan(hw) -> tuple[VisitTask, Person]:
    event = life_event_record(
        user=hw.w.hanbin_officer,
        person=hw.hanbin_mw,
        kind="hardship",
        occurred_on=dt.date(2026, 11, 20),
    )
    new_union = factories.grassroots(hw.w.shiquan, "石泉县医院工会")
    person_mark_moved(
        user=hw.w.city_admin, person=hw.hanbin_mw, to_org=new_union, on=dt.date(2026, 11, 21)
    )
    return event.tasks.get(), hw.hanbin_mw


def test_a_cancelled_subsidy_line_does_not_name_the_union_the_person_moved_to(hw):
    sl = subsidy_list_compute(
        user=hw.w.hanbin_officer, year=2026, budget_line="工会经费—劳模慰问补助"
    )
    _moved_to_shiquan(hw)
    line = sl.payments.get(person=hw.hanbin_mw)
    assert line.status == "cancelled"
    assert "石泉县医院工会" not in line.cancel_reason
    body = (
        signed_in(hw.hanbin_officer2).get(reverse("honors:subsidy_detail", args=[sl.pk])).content
    ).decode()
    assert "石泉县医院工会" not in body and "迁出" in body


def test_a_moved_tasks_history_does_not_name_the_union_it_came_from(hw):
    task, _ = _moved_to_shiquan(hw)
    body = (
        signed_in(hw.w.shiquan_officer)
        .get(reverse("honors:visit_detail", args=[task.pk]))
        .content.decode()
    )
    assert "责任组织：其他组织 → 石泉县医院工会" in body
    assert hw.w.hanbin_union.name not in body


def test_moving_a_person_to_a_union_outside_scope_does_not_name_it(hw):
    with pytest.raises(Denied) as caught:
        person_mark_moved(user=hw.w.hanbin_officer, person=hw.hanbin_mw, to_org=hw.w.shiquan_union)
    assert hw.w.shiquan_union.name not in str(caught.value)
    hw.hanbin_mw.refresh_from_db()
    assert hw.hanbin_mw.org == hw.w.hanbin_union
