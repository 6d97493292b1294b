"""The read-only 劳模服务 API: scoped, 404 outside scope, paginated, masked."""

import datetime as dt
import json

import pytest
import time_machine
from django.test import Client

from gonghui.core.models_api import ApiToken
from gonghui.honors import rules
from gonghui.honors.services import (
    demand_file,
    holiday_tasks_generate,
    life_event_record,
    model_worker_refresh,
    subsidy_list_compute,
    visit_record,
)
from tests import factories
from tests.honors.conftest import give

pytestmark = pytest.mark.django_db
API = "/api/honors"


def api(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(user)}")


def get(client: Client, url: str, **params) -> tuple[int, dict]:
    r = client.get(url, params)
    return r.status_code, json.loads(r.content)


def test_without_a_token_the_api_answers_401(hw):
    assert Client().get(f"{API}/workers").status_code == 401


def test_a_county_officer_lists_only_the_countys_model_workers_masked(hw):
    status, body = get(api(hw.w.hanbin_officer), f"{API}/workers")
    assert status == 200 and body["count"] == 1
    item = body["items"][0]
    p = hw.hanbin_mw
    assert (item["name"], item["level"], item["level_label"]) == ("张伟", 3, "市级")
    assert item["top_honor"] == "2020年安康市劳动模范"
    assert item["id_masked"] == p.id_masked and item["phone_masked"] == "138****5678"
    raw = json.dumps(body, ensure_ascii=False)
    assert p.id_number not in raw and p.phone not in raw and "李娜" not in raw


def test_the_worker_list_filters_by_level_county_and_status(hw):
    w = hw.w
    extra = factories.person(w.hanbin_union, "王强")
    give(w.city_admin, extra, "全国劳动模范", 2015)
    extra.status = "retired"
    extra.save()
    client = api(w.city_admin)

    def names(**params):
        return sorted(i["name"] for i in get(client, f"{API}/workers", **params)[1]["items"])

    assert names() == ["张伟", "李娜", "王强"]
    assert names(level=1) == ["王强"]
    assert names(county=w.shiquan.pk) == ["李娜"]
    assert names(county=w.hanbin.pk, status="retired") == ["王强"]
    assert names(q="zhangwei") == ["张伟"]
    extra.honors.get().delete()  # a registry entry left without a valid honor
    model_worker_refresh(person=extra)
    assert names() == ["张伟", "李娜"]
    assert names(valid="0") == ["王强"]
    assert names(valid="all") == ["张伟", "李娜", "王强"]


def test_a_hanbin_officer_gets_404_for_a_shiquan_model_worker(hw):
    status, body = get(api(hw.w.hanbin_officer), f"{API}/workers/{hw.shiquan_mw.pk}")
    assert status == 404
    assert body["detail"] == f"劳模（人员ID {hw.shiquan_mw.pk}）不存在或不在您的管辖范围内"
    # … and a county filter pointing at 石泉 finds nothing either.
    status, body = get(api(hw.w.hanbin_officer), f"{API}/workers", county=hw.w.shiquan.pk)
    assert body["count"] == 0


def test_the_worker_detail_has_honors_visits_and_subsidies(hw):
    w = hw.w
    event = life_event_record(
        user=w.hanbin_officer,
        person=hw.hanbin_mw,
        kind="hospitalized",
        occurred_on=dt.date(2026, 11, 16),
    )
    visit_record(
        user=w.hanbin_officer,
        task=event.tasks.get(),
        visited_on=dt.date(2026, 11, 17),
        money="1200.5",
        goods="营养品",
    )
    subsidy_list_compute(user=w.hanbin_officer, year=2026, budget_line="工会经费—劳模慰问补助")
    status, body = get(api(w.hanbin_officer), f"{API}/workers/{hw.hanbin_mw.pk}")
    assert status == 200
    assert [(h["honor_type"], h["year"], h["status_label"]) for h in body["honors"]] == [
        ("安康市劳动模范", 2020, "有效")
    ]
    (visit,) = body["visit_tasks"]
    assert (visit["occasion_label"], visit["status"], visit["money"], visit["goods"]) == (
        "伤病住院",
        "done",
        "1200.50",
        "营养品",
    )
    (subsidy,) = body["subsidies"]
    assert (subsidy["year"], subsidy["amount"], subsidy["status_label"]) == (
        2026,
        "3200.00",
        "待审核",
    )
    assert body["id_masked"] == hw.hanbin_mw.id_masked


def test_a_member_sees_only_their_own_registry_entry(hw):
    client = api(hw.w.hanbin_member)
    status, body = get(client, f"{API}/workers")
    assert status == 200 and [i["name"] for i in body["items"]] == ["张伟"]
    assert get(client, f"{API}/workers/{hw.shiquan_mw.pk}")[0] == 404


@time_machine.travel(dt.datetime(2026, 11, 22, 10, 0, tzinfo=dt.UTC), tick=False)
def test_visit_tasks_filter_by_year_status_and_overdue(hw):
    """On 2026-11-22 the 春节 task (due in February) is overdue and a 20 November event is not."""
    w = hw.w
    spring = next(h for h in rules.holidays_for(2026) if h.name == "春节")
    holiday_tasks_generate(user=w.city_admin, holiday=spring)  # due 2026-02-15: overdue now
    event = life_event_record(
        user=w.hanbin_officer,
        person=hw.hanbin_mw,
        kind="hardship",
        occurred_on=dt.date(2026, 11, 20),
    )
    client = api(w.hanbin_officer)

    def ids(**params):
        return sorted(i["id"] for i in get(client, f"{API}/visits", **params)[1]["items"])

    hanbin_spring = spring.tasks.get(person=hw.hanbin_mw).pk
    assert ids() == sorted([hanbin_spring, event.tasks.get().pk])  # 石泉's task not listed
    assert ids(overdue="true") == [hanbin_spring]
    assert ids(year=2025) == []
    visit_record(
        user=w.hanbin_officer,
        task=event.tasks.get(),
        visited_on=dt.date(2026, 11, 21),
        goods="慰问品",
    )
    assert ids(status="done") == [event.tasks.get().pk]
    item = get(client, f"{API}/visits", overdue="true")[1]["items"][0]
    assert item["overdue"] is True and item["holiday"] == "春节" and item["money"] == "0.00"


def test_demands_are_scoped_and_filtered(hw):
    w = hw.w
    mine = demand_file(user=w.hanbin_member, person=hw.hanbin_mw, title="子女入学", content="就近")
    demand_file(user=w.shiquan_officer, person=hw.shiquan_mw, title="石泉住房", content="危房")
    status, body = get(api(w.hanbin_officer), f"{API}/demands")
    assert status == 200 and [d["title"] for d in body["items"]] == ["子女入学"]
    assert body["items"][0]["status_label"] == "已提交" and body["items"][0]["self_service"]
    assert get(api(w.hanbin_officer), f"{API}/demands", status="closed")[1]["count"] == 0
    assert get(api(w.city_admin), f"{API}/demands")[1]["count"] == 2
    assert [d["id"] for d in get(api(w.hanbin_member), f"{API}/demands")[1]["items"]] == [mine.pk]


def test_lists_are_paginated(hw):
    w = hw.w
    for i in range(3):
        give(w.city_admin, factories.person(w.hanbin_union, f"劳模{i}"), "金州工匠", 2020)
    status, body = get(api(w.hanbin_officer), f"{API}/workers", page_size=2, page=2)
    assert status == 200 and body["count"] == 4 and len(body["items"]) == 2


def test_a_bad_filter_value_is_a_chinese_400(hw):
    status, body = get(api(hw.w.hanbin_officer), f"{API}/workers", level="国家级")
    assert status == 400 and body["detail"].startswith("请求数据有误：level")


def test_the_worker_list_query_count_does_not_grow_with_rows(hw, django_assert_max_num_queries):
    w = hw.w
    for i in range(6):
        give(w.city_admin, factories.person(w.hanbin_union, f"劳模{i}"), "金州工匠", 2020)
    client = api(w.hanbin_officer)
    with django_assert_max_num_queries(8):
        assert get(client, f"{API}/workers")[1]["count"] == 7
