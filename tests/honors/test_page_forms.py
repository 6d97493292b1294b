"""The buttons of the honors pages read their forms: a bad field is named, never replaced by a
default, and amounts show as the platform writes money (1,234.00 元)."""

import datetime as dt

import pytest
from django.urls import reverse

from gonghui.core.models import Role
from gonghui.honors.models import Demand, Honor, VisitTask
from gonghui.honors.services import demand_file, life_event_record, visit_record
from tests import factories
from tests.kit import signed_in

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_revoking_without_a_date_names_the_missing_date_and_changes_nothing(hw):
    honor = hw.hanbin_mw.honors.get()
    r = signed_in(hw.w.hanbin_officer).post(
        reverse("honors:honor_revoke", args=[honor.pk]), {"reason": "材料不实"}, follow=True
    )
    assert "请填写撤销日期" in _messages(r)
    assert Honor.objects.get(pk=honor.pk).status == "valid"


def test_sorting_with_an_officer_outside_the_county_is_refused_not_reassigned(hw):
    demand = demand_file(user=hw.w.hanbin_member, person=hw.hanbin_mw, title="t", content="c")
    r = signed_in(hw.w.hanbin_officer).post(
        reverse("honors:demand_sort", args=[demand.pk]),
        {"category": "housing", "officer": str(hw.w.shiquan_officer.pk)},
        follow=True,
    )
    assert any("选择" in m for m in _messages(r))
    demand.refresh_from_db()
    assert (demand.status, demand.officer_id) == ("filed", None)


def test_sorting_on_the_page_records_category_and_officer(hw):
    demand = demand_file(user=hw.w.hanbin_member, person=hw.hanbin_mw, title="t", content="c")
    r = signed_in(hw.w.hanbin_officer).post(
        reverse("honors:demand_sort", args=[demand.pk]),
        {"category": "housing", "officer": str(hw.hanbin_officer2.pk), "note": ""},
        follow=True,
    )
    assert "已梳理" in _messages(r)
    demand = Demand.objects.get(pk=demand.pk)
    assert (demand.status, demand.category, demand.officer) == (
        "sorted",
        "housing",
        hw.hanbin_officer2,
    )


def test_a_service_refusal_on_a_button_is_shown_as_its_chinese_message(hw):
    demand = demand_file(user=hw.w.hanbin_member, person=hw.hanbin_mw, title="t", content="c")
    r = signed_in(hw.w.hanbin_officer).post(
        reverse("honors:demand_refer", args=[demand.pk]),
        {"department": "housing", "referred_on": "2026-11-02"},
        follow=True,
    )
    assert "诉求须先经工会梳理，才能转部门联动" in _messages(r)


def test_a_bad_bank_account_is_refused_with_the_services_message(hw):
    r = signed_in(hw.w.hanbin_officer).post(
        reverse("honors:worker_bank", args=[hw.hanbin_mw.pk]),
        {"bank_name": "中国银行", "account": "12ab"},
        follow=True,
    )
    assert "银行账号应为12至30位数字" in _messages(r)


def test_a_holiday_id_that_is_not_a_number_is_a_bad_request(hw):
    r = signed_in(hw.w.city_admin).post(
        reverse("honors:holiday_generate"), {"year": "2026", "holiday": "abc"}
    )
    assert r.status_code == 400


def test_visit_money_shows_with_thousands_and_yuan(hw):
    event = life_event_record(
        user=hw.w.hanbin_officer,
        person=hw.hanbin_mw,
        kind="hospitalized",
        occurred_on=dt.date(2026, 9, 30),
    )
    task = VisitTask.objects.get(event=event)
    visit_record(user=hw.w.hanbin_officer, task=task, visited_on=dt.date(2026, 10, 9), money="1200")
    c = signed_in(hw.w.hanbin_officer)
    assert "1,200.00 元" in c.get(reverse("honors:visit_detail", args=[task.pk])).content.decode()
    figures = c.get(reverse("honors:visit_figures") + "?year=2026").content.decode()
    assert "1,200.00 元" in figures
    page = c.get(reverse("honors:worker_detail", args=[hw.hanbin_mw.pk])).content.decode()
    assert "慰问金 1,200.00 元" in page


def test_officer_pickers_offer_only_active_staff_of_the_subtree(hw):
    factories.user(Role.COUNTY_OFFICER, hw.w.shiquan, "shiquan_officer2")
    from gonghui.honors.forms import officers_in_scope

    names = set(officers_in_scope(hw.w.hanbin_officer).values_list("username", flat=True))
    assert "hanbin_officer2" in names and "hanbin_officer" in names
    assert not {"shiquan_officer2", "auditor"} & names
