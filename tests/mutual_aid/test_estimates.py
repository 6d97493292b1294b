"""Before a reviewer has looked at a claim (审核), its amount is what the rules compute: every page
calls it 测算互助金, never 核定; from the review on it is 核定互助金."""

from __future__ import annotations

import datetime as dt

from gonghui.mutual_aid import services
from gonghui.mutual_aid.models import Category
from tests.mutual_aid.conftest import EVENT, enroll_paid, file_hospital


def _filed(aid, world):
    return file_hospital(aid, enroll_paid(aid, world.hanbin_person)[Category.HOSPITAL])


def test_the_member_reads_an_estimate_right_after_filing(aid, world, client):
    """The issue: a worker who had just filed read "核定互助金 3465.28 元"."""
    enroll_paid(aid, world.hanbin_person)
    client.force_login(world.hanbin_member)
    filed = client.post(
        "/mutual-aid/claims/new/",
        {
            "plan": aid.plans[Category.HOSPITAL].pk,
            "event_kind": "illness",
            "event_date": EVENT.isoformat(),
            "diagnosis": "急性前壁心肌梗死",
            "hospital": "安康市中心医院",
            "admitted_on": EVENT.isoformat(),
            "discharged_on": (EVENT + dt.timedelta(days=10)).isoformat(),
            "self_paid": "12800",
            "invoices": "61000012345,13800",
        },
        follow=True,
    ).content.decode()
    assert "测算互助金6,765.00 元" in filed and "核定" not in filed
    mine = client.get("/mutual-aid/mine/").content.decode()
    assert "测算互助金6,765.00 元" in mine and "核定" not in mine


def test_the_claim_page_says_estimate_until_reviewed_then_confirmed(aid, world, client):
    claim = _filed(aid, world)
    client.force_login(world.hanbin_member)
    url = f"/mutual-aid/claims/{claim.pk}/"
    before = client.get(url).content.decode()
    assert "测算互助金6,765.00 元" in before and "核定互助金" not in before
    services.claim_accept(claim=claim, user=aid.officer)
    assert "核定互助金" not in client.get(url).content.decode()
    services.claim_review(claim=claim, user=aid.reviewer)
    after = client.get(url).content.decode()
    assert "核定互助金6,765.00 元" in after and "测算互助金" not in after


def test_the_progress_query_says_estimate_before_review(aid, world, client):
    claim = _filed(aid, world)
    query = {"number": claim.number, "id_number": world.hanbin_person.id_number}
    before = client.get("/mutual-aid/progress/", query).content.decode()
    assert "测算互助金6,765.00 元" in before and "核定" not in before
    services.claim_accept(claim=claim, user=aid.officer)
    services.claim_review(claim=claim, user=aid.reviewer)
    assert "核定互助金6,765.00 元" in client.get("/mutual-aid/progress/", query).content.decode()


def test_the_staff_claim_list_says_estimate_before_review(aid, world, client):
    _filed(aid, world)
    client.force_login(world.hanbin_officer)
    page = client.get("/mutual-aid/").content.decode()
    assert "测算互助金6,765.00 元" in page and "核定互助金" not in page


def test_the_staff_claim_list_says_confirmed_after_review(aid, world, client):
    claim = _filed(aid, world)
    services.claim_accept(claim=claim, user=aid.officer)
    services.claim_review(claim=claim, user=aid.reviewer)
    client.force_login(world.hanbin_officer)
    assert "核定互助金6,765.00 元" in client.get("/mutual-aid/").content.decode()


def test_a_claim_sent_back_for_materials_after_review_is_an_estimate_again(aid, world):
    claim = _filed(aid, world)
    services.claim_accept(claim=claim, user=aid.officer)
    services.claim_review(claim=claim, user=aid.reviewer)
    claim = services.claim_request_supplement(claim=claim, user=aid.reviewer, note="请补充出院小结")
    assert claim.amount_text == "测算互助金6,765.00 元"
    assert claim.breakdown_lines[-1] == ("测算互助金", "6765.00")
