"""互助保障 under the permission table: natural keys looked up in the user's subtree only, the
bank sheet with full numbers for officers only, payment batches owned and made by officers,
保障项目 set by the 市总, menus and buttons drawn from the table."""

from __future__ import annotations

import datetime as dt
import inspect
import io
from pathlib import Path

import openpyxl
import pytest
from django.urls import get_resolver, reverse

from gonghui.core import permissions
from gonghui.core.errors import DomainError
from gonghui.core.importing import get_importer, run_import
from gonghui.core.models import AuditAction, AuditLog, Role
from gonghui.core.permissions import Denied
from gonghui.mutual_aid import exporters, services
from gonghui.mutual_aid.models import (
    Category,
    Claim,
    ClaimStatus,
    Contribution,
    Enrollment,
    Payer,
    PaymentBatch,
)
from gonghui.mutual_aid.permissions import ACTIONS
from gonghui.mutual_aid.services import PlanData
from tests import factories
from tests.mutual_aid.conftest import (
    BUDGET_LINE,
    PAID_ON,
    enroll_paid,
    file_hospital,
    make_batch,
    mark_paid,
)

ELSEWHERE = "该单位已在其他组织登记，不在您的管辖范围内"


@pytest.fixture
def shiquan_employer(world):
    return factories.employer(world.shiquan, "石泉县某某矿业有限公司")


def _approved(aid, person, invoice: str) -> Claim:
    """A 汉滨 claim filed by the unit's chair, accepted, reviewed and checked by two officers."""
    enrollment = enroll_paid(aid, person)[Category.HOSPITAL]
    claim = file_hospital(aid, enrollment, invoice=invoice, account="6222020000005678")
    services.claim_accept(claim=claim, user=aid.officer)
    services.claim_review(claim=claim, user=aid.reviewer)
    services.claim_check(claim=claim, user=aid.checker)
    claim.refresh_from_db()
    return claim


def _shiquan_approved(aid, world) -> Claim:
    officer = world.shiquan_officer
    plan = aid.plans[Category.HOSPITAL]
    person = world.shiquan_person
    enrollment = services.enrollment_create(
        user=officer, plan=plan, person=person, payer=Payer.UNION
    )
    bill = services.contribution_bill(user=officer, plan=plan, employer=None, org=person.org)
    services.contribution_pay(user=officer, bill=bill, amount=str(bill.amount_due), paid_on=PAID_ON)
    enrollment.refresh_from_db()
    claim = file_hospital(aid, enrollment, user=officer, invoice="SQ-1")
    services.claim_accept(claim=claim, user=officer)
    services.claim_review(
        claim=claim, user=factories.user(Role.COUNTY_OFFICER, world.shiquan, "sq_reviewer")
    )
    services.claim_check(claim=claim, user=world.city_admin)
    return claim


def _sheet(response):
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active


# ---------------------------------------------------------------- lookups by natural key


def test_enroll_form_refuses_an_employer_of_another_county_without_naming_where(
    aid, world, client, shiquan_employer
):
    client.force_login(world.hanbin_officer)
    response = client.post(
        "/mutual-aid/enrollments/new/",
        {
            "id_number": world.hanbin_person.id_number,
            "plan": aid.plans[Category.HOSPITAL].pk,
            "credit_code": shiquan_employer.credit_code,
            "payer": "unit",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and ELSEWHERE in html
    assert "石泉县总工会" not in html and shiquan_employer.name not in html
    assert not Enrollment.objects.exists()


def test_enrollment_service_refuses_an_employer_of_another_county(aid, world, shiquan_employer):
    with pytest.raises(Denied, match=ELSEWHERE):
        services.enrollment_create(
            user=world.hanbin_officer,
            plan=aid.plans[Category.HOSPITAL],
            person=world.hanbin_person,
            payer=Payer.UNIT,
            employer=shiquan_employer,
        )
    assert not Enrollment.objects.exists()


def test_bill_form_refuses_an_employer_of_another_county_without_naming_its_union(
    aid, world, client, shiquan_employer
):
    client.force_login(world.hanbin_officer)
    html = client.post(
        "/mutual-aid/bills/new/",
        {"plan": aid.plans[Category.HOSPITAL].pk, "credit_code": shiquan_employer.credit_code},
    ).content.decode()
    assert ELSEWHERE in html and "石泉县总工会" not in html
    assert not Contribution.objects.exists()


def test_billing_a_unit_leaves_out_enrollments_registered_in_another_county(
    aid, world, shiquan_employer
):
    # An enrollment of a 汉滨 worker under the 石泉 unit, as the unscoped form used to make.
    plan = aid.plans[Category.HOSPITAL]
    Enrollment.objects.create(
        plan=plan,
        person=world.hanbin_person,
        employer=shiquan_employer,
        org=world.hanbin,
        payer=Payer.UNIT,
        amount=plan.contribution,
    )
    with pytest.raises(Exception, match="没有待开单的参保登记"):
        services.contribution_bill(user=world.shiquan_officer, plan=plan, employer=shiquan_employer)
    assert Enrollment.objects.get().bill is None


def test_a_chair_cannot_file_against_an_enrollment_handled_by_the_county(aid, world, client):
    # The worker is in the chair's union but enrolled through a unit without its own union:
    # the enrollment (and so the claim) belongs to the county federation.
    officer, plan = world.hanbin_officer, aid.plans[Category.HOSPITAL]
    unit = factories.employer(world.hanbin, "汉滨区某某物流有限公司")
    enrollment = services.enrollment_create(
        user=officer, plan=plan, person=world.hanbin_person, payer=Payer.UNIT, employer=unit
    )
    assert enrollment.org == world.hanbin
    bill = services.contribution_bill(user=officer, plan=plan, employer=unit)
    services.contribution_pay(user=officer, bill=bill, amount=str(bill.amount_due), paid_on=PAID_ON)
    client.force_login(aid.officer)
    html = client.post(
        "/mutual-aid/claims/new/",
        {
            "id_number": world.hanbin_person.id_number,
            "plan": plan.pk,
            "event_kind": "accident",
            "event_date": "2026-09-01",
            "diagnosis": "右手桡骨远端骨折",
            "hospital": "安康市中心医院",
            "admitted_on": "2026-09-01",
            "discharged_on": "2026-09-05",
            "self_paid": "3000",
            "invoices": "E-1,3500",
        },
    ).content.decode()
    assert "该参保登记由其他组织办理，不在您的管辖范围内" in html
    assert not Claim.objects.exists()


HEAD = ["姓名", "身份证号码", "保障项目", "年度", "单位统一社会信用代码", "缴费方式"]


def _import(tmp_path: Path, user, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEAD)
    for r in rows:
        ws.append(r)
    path = tmp_path / "参保名单.xlsx"
    wb.save(path)
    report = run_import(
        get_importer("aid_enrollments"), path, filename=path.name, user=user, commit=True
    )
    assert not report.committed
    return [e.message for e in report.errors]


def test_import_refuses_a_person_of_another_county_without_naming_the_organization(
    aid, world, tmp_path
):
    sq = world.shiquan_person
    messages = _import(
        tmp_path,
        aid.officer,
        [[sq.name, sq.id_number, "住院医疗互助保障", 2026, "", "工会全额（免费保障）"]],
    )
    assert messages == ["此人已在其他组织登记，不在您的管辖范围内"]


def test_import_does_not_tell_the_name_on_file_of_a_person_of_another_county(aid, world, tmp_path):
    sq = world.shiquan_person
    messages = _import(
        tmp_path,
        aid.officer,
        [["王五", sq.id_number, "住院医疗互助保障", 2026, "", "工会全额（免费保障）"]],
    )
    assert messages == ["此人已在其他组织登记，不在您的管辖范围内"]
    assert not any(sq.name in m for m in messages)


def test_import_refuses_an_employer_of_another_county_without_naming_it(
    aid, world, tmp_path, shiquan_employer
):
    hb = world.hanbin_person
    messages = _import(
        tmp_path,
        aid.officer,
        [[hb.name, hb.id_number, "住院医疗互助保障", 2026, shiquan_employer.credit_code, "单位"]],
    )
    assert messages == [ELSEWHERE]


# ---------------------------------------------------------------- the bank sheet


def test_a_chair_cannot_download_the_bank_sheet_of_a_batch_in_their_union(aid, world, client):
    claim = _approved(aid, world.hanbin_person, "B-1")
    batch = make_batch(aid.reviewer, [claim])
    # Owned by the chair's union, as a chair's batch was before only officers made them.
    PaymentBatch.objects.filter(pk=batch.pk).update(org=aid.union)
    client.force_login(aid.officer)
    response = client.get(f"/mutual-aid/payments/{batch.pk}/export/")
    assert response.status_code == 403
    assert claim.person.id_number not in response.content.decode()
    assert not AuditLog.objects.filter(action=AuditAction.EXPORT_PII).exists()


def test_the_full_bank_sheet_service_refuses_a_chair(aid, world):
    claim = _approved(aid, world.hanbin_person, "B-2")
    batch = make_batch(aid.reviewer, [claim])
    with pytest.raises(Denied):
        exporters.bank_sheet(io.BytesIO(), batch=batch, user=aid.officer)


def test_an_officer_gets_the_full_sheet_and_the_export_is_logged(aid, world, client):
    claim = _approved(aid, world.hanbin_person, "B-3")
    batch = make_batch(aid.reviewer, [claim])
    client.force_login(aid.checker)
    sheet = _sheet(client.get(f"/mutual-aid/payments/{batch.pk}/export/"))
    assert sheet["D2"].value == world.hanbin_person.id_number
    assert sheet["F2"].value == claim.account
    entry = AuditLog.objects.get(action=AuditAction.EXPORT_PII)
    assert entry.user == aid.checker and entry.model == "mutual_aid.paymentbatch"


def test_the_auditor_gets_the_bank_sheet_masked_and_no_full_export_is_logged(aid, world, client):
    claim = _approved(aid, world.hanbin_person, "B-4")
    batch = make_batch(aid.reviewer, [claim])
    client.force_login(world.auditor)
    page = client.get("/mutual-aid/payments/").content.decode()
    assert (
        "导出银行清单（脱敏）" in page and "生成支付批次" not in page and "标记已支付" not in page
    )
    sheet = _sheet(client.get(f"/mutual-aid/payments/{batch.pk}/export/"))
    assert sheet["D2"].value == world.hanbin_person.id_masked
    assert sheet["F2"].value == claim.account_masked != claim.account
    assert not AuditLog.objects.filter(action=AuditAction.EXPORT_PII).exists()
    assert AuditLog.objects.filter(action=AuditAction.EXPORT, user=world.auditor).exists()


# ---------------------------------------------------------------- payment batches


def test_a_chair_cannot_make_a_payment_batch(aid, world, client):
    claim = _approved(aid, world.hanbin_person, "P-1")
    client.force_login(aid.officer)
    data = {"payment": claim.payment.pk, "budget_year": "2026", "budget_line": BUDGET_LINE}
    assert client.post("/mutual-aid/payments/new/", data).status_code == 403
    with pytest.raises(Denied):
        make_batch(aid.officer, [claim])
    assert not PaymentBatch.objects.exists()


def test_a_chair_sees_neither_the_payments_menu_nor_its_page(aid, world, client):
    client.force_login(aid.officer)
    assert 'href="/mutual-aid/payments/"' not in client.get("/").content.decode()
    assert client.get("/mutual-aid/payments/").status_code == 403


def test_an_officer_sees_the_batch_button(aid, world, client):
    _approved(aid, world.hanbin_person, "P-2")  # the button selects from waiting claims
    client.force_login(world.hanbin_officer)
    assert 'href="/mutual-aid/payments/"' in client.get("/").content.decode()
    assert 'id="make-batch"' in client.get("/mutual-aid/payments/").content.decode()


def test_a_batch_is_owned_by_its_maker_and_refuses_claims_of_another_subtree(aid, world):
    ours = _approved(aid, world.hanbin_person, "O-1")
    theirs = _shiquan_approved(aid, world)
    with pytest.raises(DomainError, match="不在您管辖范围内"):
        make_batch(world.hanbin_officer, [ours, theirs])
    assert not PaymentBatch.objects.exists()
    batch = make_batch(world.hanbin_officer, [ours])
    assert batch.org == world.hanbin
    assert list(batch.payments.values_list("claim_id", flat=True)) == [ours.pk]
    theirs.payment.refresh_from_db()
    assert theirs.payment.batch is None


def test_marking_paid_follows_the_batch_owner(aid, world):
    claim = _approved(aid, world.hanbin_person, "O-2")
    batch = make_batch(world.hanbin_officer, [claim])
    with pytest.raises(Denied, match="不在您的管辖范围内"):
        mark_paid(world.shiquan_officer, batch, dt.date(2026, 11, 20))
    batch.refresh_from_db()
    assert batch.paid_on is None


# ---------------------------------------------------------------- claim decisions


def test_a_chair_accepts_but_cannot_review_or_check_amounts(aid, world, client):
    claim = file_hospital(aid, enroll_paid(aid, world.hanbin_person)[Category.HOSPITAL])
    chair = factories.user(Role.GRASSROOTS_CHAIR, aid.union, "second_chair")
    client.force_login(chair)
    url = f"/mutual-aid/claims/{claim.pk}/"
    assert client.post(url + "accept/").status_code == 302
    assert "审核通过" not in client.get(url).content.decode()
    assert client.post(url + "review/").status_code == 403
    with pytest.raises(Denied):
        services.claim_review(claim=claim, user=chair)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.ACCEPTED


def test_the_member_sends_the_missing_documents_of_their_own_claim(aid, world, client):
    claim = file_hospital(aid, enroll_paid(aid, world.hanbin_person)[Category.HOSPITAL])
    services.claim_accept(claim=claim, user=aid.officer)
    services.claim_request_supplement(claim=claim, user=aid.reviewer, note="请补充出院小结")
    client.force_login(world.hanbin_member)
    assert "提交补充材料" in client.get(f"/mutual-aid/claims/{claim.pk}/").content.decode()
    assert client.post(f"/mutual-aid/claims/{claim.pk}/resume/").status_code == 302
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.ACCEPTED


# ---------------------------------------------------------------- 保障项目


def _plan_data() -> PlanData:
    return PlanData(
        name="新就业形态意外伤害互助保障",
        category=Category.ACCIDENT,
        year=2027,
        period_start=dt.date(2027, 1, 1),
        period_end=dt.date(2027, 12, 31),
        contribution="12",
        payout_rule="fixed",
        fixed_amount="1000",
        cap_per_claim="1000",
        cap_per_year="2000",
    )


def test_a_city_admin_account_placed_at_a_county_cannot_set_plans(aid, world):
    misplaced = factories.user(Role.CITY_ADMIN, world.hanbin, "county_admin")
    with pytest.raises(Denied, match="无权新建保障项目"):
        services.plan_create(user=misplaced, data=_plan_data())
    assert services.plan_create(user=world.city_admin, data=_plan_data()).year == 2027


def test_an_officer_asking_for_a_plan_gets_a_403_not_a_form_error(aid, world, client):
    with pytest.raises(Denied):
        services.plan_create(user=world.hanbin_officer, data=_plan_data())
    client.force_login(world.hanbin_officer)
    assert client.post("/mutual-aid/plans/", {"year": "2027"}).status_code == 403
    assert (
        client.get(f"/mutual-aid/plans/{aid.plans[Category.HOSPITAL].pk}/edit/").status_code == 403
    )


# ---------------------------------------------------------------- the table itself


MENU_BY_ROLE = {
    "city_admin": {"互助金申领", "参保登记", "费用缴纳", "互助金支付", "统计与台账", "保障项目"},
    "hanbin_officer": {
        "互助金申领",
        "参保登记",
        "费用缴纳",
        "互助金支付",
        "统计与台账",
        "保障项目",
    },
    "hanbin_chair": {"互助金申领", "参保登记", "费用缴纳", "统计与台账", "保障项目"},
    "auditor": {"互助金申领", "参保登记", "费用缴纳", "互助金支付", "统计与台账", "保障项目"},
    "hanbin_member": {"我的互助保障", "申领互助金", "保障项目"},
}


@pytest.mark.parametrize("role", sorted(MENU_BY_ROLE))
def test_the_menu_section_is_drawn_from_the_table(world, client, role):
    from gonghui.core.context_processors import MENU

    items = dict(MENU)["互助保障"]
    client.force_login(getattr(world, role))
    html = client.get("/").content.decode()
    shown = {
        label
        for label, name, _ in items
        if f'href="{reverse(name)}">{label}</a>' in html and label != "进度查询"
    }
    assert shown == MENU_BY_ROLE[role]
    assert all("." in pred for label, _, pred in items if label != "进度查询")


def test_every_post_route_of_the_app_declares_its_action():
    resolver = get_resolver()
    undeclared = []
    for pattern in resolver.url_patterns:
        if getattr(pattern, "namespace", None) != "mutual_aid":
            continue
        for entry in pattern.url_patterns:
            callback = entry.callback
            if hasattr(callback, "view_class"):
                continue  # list pages: GET lists, POST exports (checked in ListPageView.check)
            if not hasattr(callback, "route_action"):
                undeclared.append(entry.name)
            elif callable(callback.route_action):
                for step in ("accept", "review", "check", "supplement", "resume", "reject"):
                    assert callback.route_action(action=step) in permissions.table()
            elif callback.route_action is not None:
                assert callback.route_action in permissions.table()
    assert undeclared == []


def test_every_write_action_of_the_app_is_checked_by_a_service():
    checked = {key for key, _on in permissions.SERVICES.values()}
    writes = [a.key for a in ACTIONS if a.key.rsplit(".", 1)[1] not in ("view", "export")]
    assert [k for k in writes if k not in checked] == []


def test_no_write_service_checks_roles_by_hand():
    source = inspect.getsource(services)
    for ad_hoc in ("can_write", "ensure_org_in_scope", "ensure_person_in_scope", "ScopeError"):
        assert ad_hoc not in source
