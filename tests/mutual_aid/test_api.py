"""The read-only 互助保障 API: scoped lists and detail, masked persons, 404 outside scope."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.mutual_aid import services
from gonghui.mutual_aid.models import Category, Payer
from tests import factories
from tests.mutual_aid.conftest import YEAR, enroll_paid, file_hospital

API = "/api/mutual-aid"


def _get(client, user, path, **params):
    client.force_login(user)
    response = client.get(API + path, params)
    return response.status_code, response.json()


def test_enrollment_list_filters_by_plan_year_and_unit(aid, world, client):
    enroll_paid(aid, world.hanbin_person, (Category.HOSPITAL, Category.ACCIDENT))
    other_unit = factories.employer(world.hanbin, "安康市汉滨区另一家商贸公司")
    services.enrollment_create(
        user=world.hanbin_officer,
        plan=aid.plans[Category.HOSPITAL],
        person=factories.person(aid.union, "王强"),
        payer=Payer.UNIT,
        employer=other_unit,
    )
    officer = world.hanbin_officer
    _, everything = _get(client, officer, "/enrollments")
    assert everything["count"] == 3
    _, hospital = _get(client, officer, "/enrollments", plan_id=aid.plans[Category.HOSPITAL].pk)
    assert {r["person_name"] for r in hospital["items"]} == {"张伟", "王强"}
    _, unit = _get(client, officer, "/enrollments", employer_id=other_unit.pk)
    assert [(r["person_name"], r["employer_name"], r["status"]) for r in unit["items"]] == [
        ("王强", "安康市汉滨区另一家商贸公司", "pending")
    ]
    _, last_year = _get(client, officer, "/enrollments", year=YEAR - 1)
    assert last_year["count"] == 0
    row = next(r for r in hospital["items"] if r["person_name"] == "张伟")
    assert row["id_masked"] == world.hanbin_person.id_masked
    assert row["cover_start"] == "2026-01-05" and row["amount"] == "30.00"
    assert world.hanbin_person.id_number not in str(everything)


def test_claim_detail_gives_status_steps_and_amounts_but_no_health_data(aid, world, client):
    e = enroll_paid(aid, world.hanbin_person)[Category.HOSPITAL]
    claim = file_hospital(aid, e, account="6222021234567890123")
    services.claim_accept(claim=claim, user=aid.officer, on=dt.date(YEAR, 9, 14))
    status, body = _get(client, aid.reviewer, f"/claims/{claim.pk}")
    assert status == 200
    assert (body["number"], body["status"], body["status_label"]) == (
        claim.number,
        "accepted",
        "已受理（待审核）",
    )
    assert body["amount"] == "6765.00" and body["self_paid"] == "12800.00"
    assert [s["step"] for s in body["steps"]] == ["提交申请", "受理"]
    # Accepted, not yet reviewed: the amount is an estimate (测算), never 核定.
    assert {"label": "测算互助金", "value": "6765.00"} in body["breakdown"]
    assert body["amount_label"] == "测算互助金"
    assert body["invoices"] == [{"number": "INV-0001", "amount": "13800.00"}]
    assert body["clock"]["started"] == "2026-09-14" and body["clock"]["overdue"] is True
    text = str(body)
    assert "心肌梗死" not in text and "6222021234567890123" not in text
    assert world.hanbin_person.id_number not in text
    assert body["id_masked"] == world.hanbin_person.id_masked


def test_claim_list_filters_by_status(aid, world, client):
    e = enroll_paid(aid, world.hanbin_person)[Category.HOSPITAL]
    first = file_hospital(aid, e)
    other = enroll_paid(aid, factories.person(aid.union, "王强"))[Category.HOSPITAL]
    second = file_hospital(aid, other, invoice="INV-0002")
    services.claim_accept(claim=second, user=aid.officer)
    _, all_claims = _get(client, world.hanbin_officer, "/claims")
    assert [r["number"] for r in all_claims["items"]] == [second.number, first.number]
    _, accepted = _get(client, world.hanbin_officer, "/claims", status="accepted")
    assert [r["number"] for r in accepted["items"]] == [second.number]


def test_a_claim_outside_scope_is_404_and_absent_from_lists(aid, world, client):
    e = enroll_paid(aid, world.hanbin_person)[Category.HOSPITAL]
    claim = file_hospital(aid, e)
    status, body = _get(client, world.shiquan_officer, f"/claims/{claim.pk}")
    assert status == 404 and body["detail"] == f"申领（ID {claim.pk}）不存在或不在您的管辖范围内"
    assert _get(client, world.shiquan_officer, "/claims")[1]["count"] == 0
    assert _get(client, world.shiquan_officer, "/enrollments")[1]["count"] == 0


def test_a_member_sees_only_their_own_claims(aid, world, client):
    mine = file_hospital(aid, enroll_paid(aid, world.hanbin_person)[Category.HOSPITAL])
    theirs = file_hospital(
        aid,
        enroll_paid(aid, factories.person(aid.union, "王强"))[Category.HOSPITAL],
        invoice="INV-0002",
    )
    member = world.hanbin_member
    assert [r["number"] for r in _get(client, member, "/claims")[1]["items"]] == [mine.number]
    assert _get(client, member, f"/claims/{mine.pk}")[0] == 200
    assert _get(client, member, f"/claims/{theirs.pk}")[0] == 404


def test_claim_list_query_count_does_not_grow_with_rows(aid, world, client):
    file_hospital(aid, enroll_paid(aid, world.hanbin_person)[Category.HOSPITAL])
    client.force_login(world.hanbin_officer)
    client.get(API + "/claims")  # the session's first request does its own bookkeeping
    with CaptureQueriesContext(connection) as one:
        client.get(API + "/claims")
    for i in range(4):
        p = factories.person(aid.union, f"职工{i}")
        file_hospital(aid, enroll_paid(aid, p)[Category.HOSPITAL], invoice=f"Q-{i}")
    with CaptureQueriesContext(connection) as many:
        assert client.get(API + "/claims").json()["count"] == 5
    assert len(many) == len(one)
