"""The 互助保障 pages: each role sees what it may, actions go through the services."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gonghui.core.models import AuditAction, AuditLog
from gonghui.mutual_aid import services
from gonghui.mutual_aid.models import Category, ClaimStatus
from tests import factories
from tests.mutual_aid.conftest import BUDGET_LINE, EVENT, enroll_paid, file_hospital

PASSWORD = "Gonghui#2026"


def _login(client, user):
    client.force_login(user)
    return client


def test_menu_shows_the_section_to_staff_and_the_self_service_to_members(aid, world, client):
    html = _login(client, world.hanbin_officer).get("/").content.decode()
    assert "互助金申领" in html and "统计与台账" in html and "我的互助保障" not in html
    client.logout()
    html = _login(client, world.hanbin_member).get("/").content.decode()
    assert "我的互助保障" in html and "统计与台账" not in html


def test_member_cannot_open_the_claim_list(aid, world, client):
    assert _login(client, world.hanbin_member).get("/mutual-aid/").status_code == 403


def test_claim_list_query_count_does_not_grow_with_rows(aid, world, client):
    e = enroll_paid(aid, world.hanbin_person)[Category.HOSPITAL]
    file_hospital(aid, e, invoice="Q-1")
    _login(client, world.hanbin_officer)
    client.get("/mutual-aid/")  # the session's first request does its own bookkeeping
    with CaptureQueriesContext(connection) as one:
        assert client.get("/mutual-aid/").status_code == 200
    for i in range(5):
        p = factories.person(aid.union, f"职工{i}")
        file_hospital(aid, enroll_paid(aid, p)[Category.HOSPITAL], invoice=f"Q-{i + 2}")
    with CaptureQueriesContext(connection) as many:
        html = client.get("/mutual-aid/").content.decode()
    assert "职工4" in html
    assert len(many) == len(one)


def test_enroll_form_reports_a_second_enrollment_in_chinese(aid, world, client):
    _login(client, aid.officer)
    data = {
        "id_number": world.hanbin_person.id_number,
        "plan": aid.plans[Category.HOSPITAL].pk,
        "credit_code": aid.employer.credit_code,
        "payer": "unit",
    }
    assert client.post("/mutual-aid/enrollments/new/", data).status_code == 302
    html = client.post("/mutual-aid/enrollments/new/", data, follow=True).content.decode()
    assert "张伟已参加“2026年住院医疗互助保障”，不能重复登记" in html


def test_review_buttons_walk_the_claim_to_payment_and_refuse_self_check(aid, world, client):
    e = enroll_paid(aid, world.hanbin_person)[Category.HOSPITAL]
    claim = file_hospital(aid, e)
    url = f"/mutual-aid/claims/{claim.pk}/"
    _login(client, aid.officer).post(url + "accept/")
    client.logout()
    _login(client, aid.reviewer).post(url + "review/")
    html = client.post(url + "check/", follow=True).content.decode()
    assert "审核人与复核人不能为同一人" in html
    client.logout()
    _login(client, aid.checker).post(url + "check/")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED
    selection = {
        "payment": claim.payment.pk,
        "budget_year": "2026",
        "budget_line": BUDGET_LINE,
    }
    summary = client.post("/mutual-aid/payments/new/", selection).content.decode()
    assert "笔数：1笔" in summary and "合计金额：6,765.00 元" in summary
    response = client.post(
        "/mutual-aid/payments/new/",
        {**selection, "step": "confirm", "confirm": "on", "count": "1", "total": "6765.00"},
    )
    batch = claim.payment.__class__.objects.get(claim=claim).batch
    assert response.status_code == 302 and batch.budget_line == BUDGET_LINE
    response = client.get(f"/mutual-aid/payments/{batch.pk}/export/")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet["B2"].value == claim.number and sheet["D2"].value == world.hanbin_person.id_number
    assert AuditLog.objects.filter(action=AuditAction.EXPORT_PII).exists()
    client.post(
        f"/mutual-aid/payments/{batch.pk}/paid/",
        {
            "paid_on": timezone.localdate().isoformat(),
            "voucher": "记-0001",
            "confirm": "on",
            "count": "1",
            "total": "6765.00",
            "budget_line": BUDGET_LINE,
        },
    )
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PAID


def test_claim_page_proposes_the_critical_illness_benefit(aid, world, client):
    e = enroll_paid(aid, world.hanbin_person, (Category.HOSPITAL, Category.CRITICAL))
    claim = file_hospital(aid, e[Category.HOSPITAL])
    html = _login(client, aid.reviewer).get(f"/mutual-aid/claims/{claim.pk}/").content.decode()
    assert "同一事件还可申领" in html and "急性心肌梗死" in html
    assert AuditLog.objects.filter(
        action=AuditAction.VIEW_PII, model="mutual_aid.claim", user=aid.reviewer
    ).exists()
    response = client.post(
        f"/mutual-aid/claims/{claim.pk}/link/{e[Category.CRITICAL].pk}/", follow=True
    )
    assert "已生成关联申领" in response.content.decode()
    assert claim.linked.get().amount == 40000


def test_member_files_a_claim_with_a_fake_pdf_and_gets_a_chinese_error(aid, world, client):
    enroll_paid(aid, world.hanbin_person)
    _login(client, world.hanbin_member)
    fake = io.BytesIO(b"MZ\x90\x00 this is an exe")
    fake.name = "发票.pdf"
    html = client.post(
        "/mutual-aid/claims/new/",
        {
            "plan": aid.plans[Category.HOSPITAL].pk,
            "event_kind": "illness",
            "event_date": EVENT.isoformat(),
            "diagnosis": "肺炎",
            "hospital": "安康市中心医院",
            "admitted_on": EVENT.isoformat(),
            "discharged_on": (EVENT + dt.timedelta(days=5)).isoformat(),
            "self_paid": "3000",
            "invoices": "F-1,3500",
            "documents": [fake],
        },
        follow=True,
    ).content.decode()
    assert "“发票.pdf”不是PDF或图片（JPG、PNG）文件，不能上传" in html
    assert "肺炎" in html  # the form keeps what was typed


def test_public_progress_query_shows_status_only_with_the_matching_id(aid, world, client):
    e = enroll_paid(aid, world.hanbin_person)[Category.HOSPITAL]
    claim = file_hospital(aid, e)
    ok = client.get(
        "/mutual-aid/progress/",
        {"number": claim.number, "id_number": world.hanbin_person.id_number},
    ).content.decode()
    assert "已提交（待受理）" in ok and "心肌梗死" not in ok and "张伟" not in ok
    bad = client.get(
        "/mutual-aid/progress/",
        {"number": claim.number, "id_number": world.shiquan_person.id_number},
    ).content.decode()
    assert "未查到" in bad and "已提交" not in bad


def test_stats_page_shows_the_figures(aid, world, client):
    e = enroll_paid(aid, world.hanbin_person)[Category.HOSPITAL]
    claim = file_hospital(aid, e)
    services.claim_accept(claim=claim, user=aid.officer, on=dt.date(2026, 10, 8))
    html = _login(client, world.city_admin).get("/mutual-aid/stats/?year=2026").content.decode()
    assert "1人 / 1人次" in html, html[html.find("figures") :][:600]
    assert "汉滨区总工会：1人" in html and "超过7个工作日未支付" in html


@pytest.mark.parametrize(
    "path",
    [
        "/mutual-aid/enrollments/",
        "/mutual-aid/bills/",
        "/mutual-aid/plans/",
        "/mutual-aid/payments/",
        "/mutual-aid/payments/budgets/",
    ],
)
def test_staff_pages_render(aid, world, client, path):
    assert _login(client, world.hanbin_officer).get(path).status_code == 200


def test_auditor_sees_lists_but_cannot_act(aid, world, client):
    e = enroll_paid(aid, world.hanbin_person)[Category.HOSPITAL]
    claim = file_hospital(aid, e)
    _login(client, world.auditor)
    assert client.get("/mutual-aid/").status_code == 200
    assert 'id="action-form"' not in client.get(f"/mutual-aid/claims/{claim.pk}/").content.decode()
    assert client.post(f"/mutual-aid/claims/{claim.pk}/accept/").status_code == 403
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED
