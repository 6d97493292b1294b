"""The read-only 困难帮扶 API: the ledger, the 四送 campaigns and lists, 金秋助学 and the figures,
each scoped to the caller's subtree (职工本人: their own case), persons masked, health never
shown, hostile query input refused with a JSON 4xx."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.core import clock
from gonghui.core.models import Organization
from gonghui.core.params import MAX_PAGE
from gonghui.relief import services_cases
from gonghui.relief.models import HouseholdMember
from gonghui.relief.services_activities import grant_pay, grant_review
from gonghui.relief.services_receipts import receipt_sign
from gonghui.relief.services_rechecks import aid_create, rechecks_generate
from tests import factories
from tests.relief import fixtures_activities as acts
from tests.relief import fixtures_campaigns as camps
from tests.relief.conftest import YEAR, member
from tests.relief.fixtures_activities import frozen, media

__all__ = ["frozen", "media"]

API = "/api/relief"


def _get(client, user, path, **params):
    client.force_login(user)
    response = client.get(API + path, params)
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    return response.status_code, response.json()


def _gone(client, user, path, what, pk):
    """404 with the message a missing record gets (existence outside scope is not disclosed)."""
    status, body = _get(client, user, path)
    assert (status, body["detail"]) == (404, f"{what}（ID {pk}）不存在或不在您的管辖范围内")


# ---------------------------------------------------------------- the ledger


def test_case_list_filters_by_status_category_year_and_search(ledger, world, client):
    filed = ledger.filed()
    applied = ledger.apply(factories.person(world.hanbin_union, "赵敏"), household_income="2700")
    officer = world.hanbin_officer
    _, everything = _get(client, officer, "/cases")
    assert [r["number"] for r in everything["items"]] == [applied.number, filed.number]
    _, only_filed = _get(client, officer, "/cases", status="filed")
    assert [r["number"] for r in only_filed["items"]] == [filed.number]
    # 900 元/人·月 is between 1 and 1.5 × 700: 相对困难.
    _, relative = _get(client, officer, "/cases", category="relative")
    assert [(r["person_name"], r["category_label"]) for r in relative["items"]] == [
        ("赵敏", "相对困难")
    ]
    assert _get(client, officer, "/cases", year=YEAR - 1)[1]["count"] == 0
    assert _get(client, officer, "/cases", q=filed.number)[1]["items"][0]["id"] == filed.pk
    assert [r["id"] for r in _get(client, officer, "/cases", q="赵敏")[1]["items"]] == [applied.pk]
    row = next(r for r in everything["items"] if r["id"] == filed.pk)
    assert row["id_masked"] == filed.person.id_masked
    assert (row["status_label"], row["income_per_head"], row["cause_labels"]) == (
        "已建档",
        "600.00",
        ["本人大病"],
    )
    assert filed.person.id_number not in str(everything)


def test_case_detail_gives_steps_members_rechecks_and_aids_but_no_health(ledger, world, client):
    case = ledger.filed(
        members=[
            {**member("李强", "spouse", world.hanbin_union), "health": "尿毒症透析"},
            member("王小明", "child", world.hanbin_union, birth=dt.date(2012, 5, 1)),
        ]
    )
    services_cases.setting_save(
        user=world.city_admin,
        org=world.city,
        year=YEAR + 1,
        dibao="700",
        recheck_due=dt.date(YEAR + 1, 3, 31),
    )
    rechecks_generate(user=world.city_admin, year=YEAR + 1)
    aid_create(
        user=world.hanbin_officer,
        case=case,
        kind="money",
        description="春节慰问金",
        given_on=clock.today(),
        amount="800",
        budget_line="帮扶资金",
    )
    status, body = _get(client, world.hanbin_officer, f"/cases/{case.pk}")
    assert status == 200
    assert (body["number"], body["status"], body["household_income"]) == (
        case.number,
        "filed",
        "1800.00",
    )
    assert [s["step"] for s in body["steps"]] == ["申请", "基层审核", "县区审批"]
    members = list(HouseholdMember.objects.filter(case=case).order_by("id"))
    assert [(m["name"], m["relation_label"], m["id_masked"]) for m in body["members"]] == [
        ("李强", "配偶", members[0].id_masked),
        ("王小明", "子女", members[1].id_masked),
    ]
    assert [(r["year"], r["due"], r["done_on"]) for r in body["rechecks"]] == [
        (YEAR + 1, f"{YEAR + 1}-03-31", None)
    ]
    assert [(a["kind_label"], a["amount"], a["description"]) for a in body["aids"]] == [
        ("资金帮扶", "800.00", "春节慰问金")
    ]
    text = str(body)
    assert members[0].health == "尿毒症透析"
    assert "尿毒症" not in text and "health" not in text
    for m in members:
        assert m.id_number not in text
    assert case.person.id_number not in text


def test_rechecks_filter_by_year_and_overdue(ledger, world, client):
    case = ledger.filed()
    services_cases.setting_save(
        user=world.city_admin,
        org=world.city,
        year=YEAR + 1,
        dibao="700",
        recheck_due=dt.date(YEAR + 1, 3, 31),
    )
    rechecks_generate(user=world.city_admin, year=YEAR + 1)
    officer = world.hanbin_officer
    _, tasks = _get(client, officer, "/rechecks", year=YEAR + 1)
    assert [(r["case_number"], r["person_name"], r["overdue"]) for r in tasks["items"]] == [
        (case.number, case.person.name, False)
    ]
    assert _get(client, officer, "/rechecks", overdue="true")[1]["count"] == 0
    assert _get(client, officer, "/rechecks", year=YEAR)[1]["count"] == 0
    with time_machine.travel(dt.datetime(YEAR + 1, 4, 10, 9, 0, tzinfo=dt.UTC), tick=False):
        _, late = _get(client, officer, "/rechecks", overdue="true")
    assert [(r["case_id"], r["due"], r["overdue"]) for r in late["items"]] == [
        (case.pk, f"{YEAR + 1}-03-31", True)
    ]


# ---------------------------------------------------------------- scope


def test_another_countys_case_is_404_and_never_listed(ledger, world, client):
    case = ledger.filed()
    services_cases.setting_save(
        user=world.city_admin,
        org=world.city,
        year=YEAR + 1,
        dibao="700",
        recheck_due=dt.date(YEAR + 1, 3, 31),
    )
    rechecks_generate(user=world.city_admin, year=YEAR + 1)
    outsider = world.shiquan_officer
    _gone(client, outsider, f"/cases/{case.pk}", "困难职工档案", case.pk)
    # The same answer as for a case that does not exist at all.
    _gone(client, outsider, "/cases/999999", "困难职工档案", 999999)
    assert _get(client, outsider, "/cases")[1]["count"] == 0
    assert _get(client, outsider, "/cases", q=case.number)[1]["count"] == 0
    assert _get(client, outsider, "/rechecks")[1]["count"] == 0
    # The city sees it: the 404 above is scope, not a broken route.
    assert _get(client, world.city_admin, f"/cases/{case.pk}")[0] == 200
    assert _get(client, world.city_admin, "/rechecks")[1]["count"] == 1


def test_a_member_sees_only_their_own_case(ledger, world, client):
    mine = ledger.filed(world.hanbin_person)
    theirs = ledger.filed(factories.person(world.hanbin_union, "赵敏"))
    me = world.hanbin_member
    _, listed = _get(client, me, "/cases")
    assert [r["id"] for r in listed["items"]] == [mine.pk]
    assert _get(client, me, f"/cases/{mine.pk}")[0] == 200
    _gone(client, me, f"/cases/{theirs.pk}", "困难职工档案", theirs.pk)
    # Campaign management and the figures are not a worker's: nothing listed, 404.
    assert _get(client, me, "/campaigns")[1]["count"] == 0
    assert _get(client, me, "/figures")[0] == 404


def _two_county_lists(world):
    """The city's 冬送温暖 with an approved list of 汉滨 and one of 石泉."""
    campaign = camps.warmth(world)
    hanbin = camps.county_list(world, campaign)
    camps.add(world, hanbin, camps.person_in(world.hanbin_union, "赵六"))
    camps.add(
        world,
        hanbin,
        camps.person_in(world.hanbin_union, "钱七"),
        group="relative",
        amount="650",
        override_reason="家中新增重病",
    )
    camps.approved(world, hanbin)
    shiquan = camps.county_list(world, campaign, "shiquan")
    camps.add(world, shiquan, camps.person_in(world.shiquan_union, "孙八"))
    camps.approved(world, shiquan)
    return campaign, hanbin, shiquan


def test_another_countys_list_and_campaign_are_404_and_never_listed(world, client):
    campaign, hanbin, shiquan = _two_county_lists(world)
    own = camps.warmth(world, org=world.hanbin, name="汉滨区自办冬送温暖")
    outsider = world.shiquan_officer
    _gone(client, outsider, f"/lists/{hanbin.pk}", "发放名单", hanbin.pk)
    _gone(client, outsider, f"/campaigns/{own.pk}", "四送活动", own.pk)
    _, listed = _get(client, outsider, "/campaigns")
    assert [r["name"] for r in listed["items"]] == [campaign.name]
    # The city's campaign is shared, its lists are not: only 石泉's own list, no 汉滨 names.
    status, detail = _get(client, outsider, f"/campaigns/{campaign.pk}")
    assert status == 200
    assert [lst["id"] for lst in detail["lists"]] == [shiquan.pk]
    assert "赵六" not in str(detail) and "汉滨" not in str(detail["lists"])
    assert _get(client, outsider, f"/lists/{shiquan.pk}")[0] == 200


# ---------------------------------------------------------------- campaigns and lists


def test_campaign_list_filters_by_year_and_kind(world, client):
    warmth = camps.warmth(world)
    schooling = acts.campaign(world, "schooling", name="2026年金秋助学")
    officer = world.hanbin_officer
    _, everything = _get(client, officer, "/campaigns")
    assert {r["name"] for r in everything["items"]} == {warmth.name, schooling.name}
    _, by_year = _get(client, officer, "/campaigns", year=camps.YEAR)
    assert [r["id"] for r in by_year["items"]] == [warmth.pk]
    _, by_kind = _get(client, officer, "/campaigns", kind="schooling")
    assert [(r["id"], r["kind_label"]) for r in by_kind["items"]] == [(schooling.pk, "金秋助学")]


def test_campaign_detail_gives_standards_funds_budgets_and_list_totals(world, client):
    campaign, hanbin, _ = _two_county_lists(world)
    status, body = _get(client, world.hanbin_officer, f"/campaigns/{campaign.pk}")
    assert status == 200
    assert [(s["label"], s["amount"], s["goods"]) for s in body["standards"]] == [
        ("深度困难", "1000.00", "米面油"),
        ("意外致困", "800.00", ""),
        ("相对困难", "500.00", ""),
    ]
    assert [(f["source"], f["amount"]) for f in body["funds"]] == [
        ("上级拨付", "100000.00"),
        ("社会捐赠", "20000.00"),
    ]
    # Both counties' approved lists draw on 两节送温暖: 1,000 + 650 + 1,000.
    assert body["budgets"][0] == {
        "line": camps.BUDGET,
        "amount": "100000.00",
        "used": "2650.00",
        "remaining": "97350.00",
    }
    assert [(lst["id"], lst["people"], lst["total"]) for lst in body["lists"]] == [
        (hanbin.pk, 2, "1650.00")
    ]
    assert body["totals"]["raised"] == "120000.00"


def test_list_detail_gives_masked_items_amounts_and_receipts(world, client):
    _, hanbin, _ = _two_county_lists(world)
    first, second = list(hanbin.items.select_related("person").order_by("id"))
    receipt_sign(
        user=world.hanbin_officer,
        item=second,
        signed_on=clock.today(),
        proxy_name="钱小七",
        proxy_reason="本人住院",
    )
    status, body = _get(client, world.hanbin_officer, f"/lists/{hanbin.pk}")
    assert status == 200
    assert (body["status_label"], body["people"], body["total"]) == ("已审批", 2, "1650.00")
    rows = [
        (i["person_name"], i["id_masked"], i["group_label"], i["amount"], i["receipt_label"])
        for i in body["items"]
    ]
    assert rows == [
        ("赵六", first.person.id_masked, "深度困难", "1000.00", "未签收"),
        ("钱七", second.person.id_masked, "相对困难", "650.00", "代领"),
    ]
    proxy = body["items"][1]
    assert (proxy["signed_on"], proxy["proxy_name"], proxy["override_reason"]) == (
        clock.today().isoformat(),
        "钱小七",
        "家中新增重病",
    )
    assert first.person.id_number not in str(body) and second.person.id_number not in str(body)


def test_list_detail_query_count_does_not_grow_with_items(world, client):
    campaign = camps.warmth(world)
    dlist = camps.county_list(world, campaign)
    camps.add(world, dlist, camps.person_in(world.hanbin_union, "赵六"))
    client.force_login(world.hanbin_officer)
    client.get(f"{API}/lists/{dlist.pk}")  # the session's first request does its own bookkeeping
    with CaptureQueriesContext(connection) as one:
        client.get(f"{API}/lists/{dlist.pk}")
    for i in range(4):
        camps.add(world, dlist, camps.person_in(world.hanbin_union, f"职工{i}"))
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(f"{API}/lists/{dlist.pk}").json()["items"]) == 5
    assert len(many) == len(one)


# ---------------------------------------------------------------- 金秋助学 and the figures


@pytest.mark.usefixtures("media", "frozen")
def test_grants_list_scoped_with_the_students_id_masked(world, client):
    camp = acts.campaign(world, "schooling")
    student_id = acts.child_id()
    grant = acts.apply(world, camp, student_id=student_id)
    other = acts.apply(
        world,
        camp,
        user=world.shiquan_officer,
        person=world.shiquan_person,
        student_id=acts.child_id("610922"),
        name="石泉学生",
    )
    _, body = _get(client, world.hanbin_officer, "/grants")
    assert [(g["id"], g["student_name"], g["status"]) for g in body["items"]] == [
        (grant.pk, "张小明", "applied")
    ]
    row = body["items"][0]
    assert row["student_id_masked"] == grant.student_id_masked != ""
    assert (row["amount"], row["university"]) == ("3000.00", "西北大学")
    assert student_id not in str(body)
    assert _get(client, world.hanbin_officer, "/grants", status="paid")[1]["count"] == 0
    assert [g["id"] for g in _get(client, world.shiquan_officer, "/grants")[1]["items"]] == [
        other.pk
    ]
    assert _get(client, world.hanbin_member, "/grants")[1]["count"] == 1  # 张伟's own child


@pytest.mark.usefixtures("media", "frozen")
def test_figures_are_the_numbers_of_the_figures_page(world, client):
    school = acts.campaign(world, "schooling")
    grant = acts.apply(world, school, amount="3000")
    grant_review(user=world.hanbin_officer, grant=grant, approve=True)
    grant_pay(user=world.hanbin_officer, grant=grant, paid_on=dt.date(acts.YEAR, 9, 15))
    cool = acts.campaign(world, "coolness", funds=(("上级拨付", "8000"),))
    acts.site(world, cool, workers=40, amount="2000")
    acts.site(world, cool, user=world.shiquan_officer, org=world.shiquan_union, workers=99)
    status, body = _get(client, world.hanbin_officer, "/figures", year=acts.YEAR)
    assert status == 200
    values = {f["key"]: f["value"] for f in body["figures"]}
    assert (values["students"], values["grant_money"]) == ("1", "3000.00")
    # 石泉's 99 workers are not 汉滨's.
    assert (values["sites"], values["workers"], values["site_money"]) == ("1", "40", "2000.00")
    assert (body["org_name"], body["given"]) == ("汉滨区总工会", "5000.00")
    _, city = _get(client, world.city_admin, "/figures", year=acts.YEAR, campaign_id=cool.pk)
    assert {f["key"]: f["value"] for f in city["figures"]}["workers"] == "139"
    assert city["by_source"] == [{"source": "上级拨付", "amount": "8000.00", "n": 1}]
    assert (city["campaign_id"], city["year"]) == (cool.pk, acts.YEAR)


def test_figures_of_an_organization_outside_scope_are_404(world, client):
    officer = world.hanbin_officer
    _gone(client, officer, f"/figures?org_id={world.shiquan.pk}", "组织", world.shiquan.pk)
    _gone(client, officer, "/figures?org_id=999999", "组织", 999999)
    campaign = camps.warmth(world, org=world.shiquan, name="石泉冬送温暖")
    _gone(client, officer, f"/figures?campaign_id={campaign.pk}", "四送活动", campaign.pk)
    union = Organization.objects.get(pk=world.hanbin_union.pk)
    assert _get(client, officer, "/figures", org_id=union.pk)[1]["org_name"] == union.name


# ---------------------------------------------------------------- hostile input


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/cases", {"page": MAX_PAGE + 1}, "page"),
        ("/cases", {"page": "9" * 30}, "page"),
        ("/cases", {"page_size": 10**6}, "page_size"),
        ("/cases", {"year": "二〇二六"}, "year"),
        ("/cases", {"year": 99999999}, "year"),
        ("/cases", {"status": "filed' OR '1'='1"}, "status"),
        ("/cases", {"q": "王\x00芳"}, "q"),
        ("/cases", {"q": "王" * 101}, "q"),
        ("/rechecks", {"overdue": "maybe"}, "overdue"),
        ("/campaigns", {"kind": "1; DROP TABLE relief_campaign"}, "kind"),
        ("/grants", {"campaign_id": "abc"}, "campaign_id"),
        ("/grants", {"campaign_id": 2**64}, "campaign_id"),
        ("/figures", {"org_id": "-1"}, "org_id"),
        ("/figures", {"year": "2026.5"}, "year"),
        ("/cases/abc", {}, "case_id"),
        (f"/lists/{2**67}", {}, "list_id"),
        ("/campaigns/0", {}, "campaign_id"),
    ],
)
def test_hostile_query_input_gets_a_json_400_naming_the_field(world, client, path, params, field):
    status, body = _get(client, world.city_admin, path, **params)
    assert status == 400, body
    assert body["detail"].startswith("请求数据有误")
    assert field in [e["field"] for e in body["errors"]]


def test_an_unknown_status_is_answered_with_the_allowed_ones_in_chinese(world, client):
    status, body = _get(client, world.city_admin, "/cases", status="open")
    assert status == 400
    message = next(e["message"] for e in body["errors"] if e["field"] == "status")
    assert message == "应为以下之一：applied、reviewed、filed、rejected、exited"


def test_sql_in_a_search_is_only_text(ledger, world, client):
    ledger.filed()
    for q in ("' OR 1=1 --", "KN%' OR '1'='1", "%", "_"):
        status, body = _get(client, world.hanbin_officer, "/cases", q=q)
        assert (status, body["count"]) == (200, 0), q
        assert _get(client, world.hanbin_officer, "/grants", q=q)[0] == 200


def test_without_login_the_api_answers_401(world, client):
    response = client.get(f"{API}/cases")
    assert response.status_code == 401
    assert "令牌" in response.json()["detail"]
