"""互助金申领: automatic checks, review by two people, payment, the clock, linked benefits."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core.errors import DomainError
from gonghui.core.permissions import Denied
from gonghui.mutual_aid import selectors, services
from gonghui.mutual_aid.models import Category, ClaimPayment, ClaimStatus
from tests import factories
from tests.mutual_aid.conftest import (
    EVENT,
    PAID_ON,
    YEAR,
    enroll_paid,
    file_hospital,
    pay,
    woman,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pay_through(aid, claim, paid_on):
    services.claim_accept(claim=claim, user=aid.officer, on=claim.event_date + dt.timedelta(30))
    services.claim_review(claim=claim, user=aid.reviewer)
    services.claim_check(claim=claim, user=aid.checker)
    pay(aid, [claim], paid_on)
    claim.refresh_from_db()
    return claim


def test_claim_for_an_event_before_cover_is_rejected_with_the_start_date(aid, world):
    e = enroll_paid(aid, world.hanbin_person, paid_on=dt.date(YEAR, 3, 2))[Category.HOSPITAL]
    with pytest.raises(DomainError, match="早于保障生效日2026-03-02"):
        file_hospital(aid, e, event=dt.date(YEAR, 2, 10))


def test_claim_inside_the_waiting_period_names_the_day_cover_starts(aid, world):
    e = enroll_paid(aid, world.hanbin_person)[Category.HOSPITAL]
    with pytest.raises(DomainError, match=r"观察期内（90天，保障自2026-04-05起生效）"):
        file_hospital(aid, e, event=dt.date(YEAR, 3, 1))


def test_accident_and_continuous_renewal_skip_the_waiting_period(aid, world):
    e = enroll_paid(aid, world.hanbin_person, (Category.HOSPITAL,))[Category.HOSPITAL]
    claim = services.claim_file(
        user=aid.officer,
        enrollment=e,
        event_kind="accident",
        event_date=dt.date(YEAR, 2, 1),
        diagnosis="右腿骨折",
        hospital="安康市中心医院",
        admitted_on=dt.date(YEAR, 2, 1),
        discharged_on=dt.date(YEAR, 2, 8),
        self_paid="3000",
        invoices=[services.InvoiceData("A-1", "3500")],
    )
    assert claim.amount == Decimal("1375.00")
    e.continuous = True
    e.save()
    claim2 = file_hospital(aid, e, event=dt.date(YEAR, 3, 1), invoice="A-2")
    assert claim2.status == ClaimStatus.SUBMITTED


def test_claim_without_cover_is_rejected(aid, world):
    from gonghui.mutual_aid.models import Payer

    e = services.enrollment_create(
        user=aid.officer,
        plan=aid.plans[Category.HOSPITAL],
        person=world.hanbin_person,
        payer=Payer.UNIT,
        employer=aid.employer,
    )
    with pytest.raises(DomainError, match="尚未缴费生效"):
        file_hospital(aid, e)


def test_duplicate_invoice_is_blocked_pointing_to_the_other_claim(aid, world):
    e = enroll_paid(aid, world.hanbin_person)[Category.HOSPITAL]
    first = file_hospital(aid, e, invoice="6100123 4567")
    other = enroll_paid(aid, factories.person(aid.union, "王强"))[Category.HOSPITAL]
    with pytest.raises(DomainError, match=f"发票号码61001234567已在申领{first.number}中使用"):
        file_hospital(aid, other, invoice="61001234567", event=EVENT + dt.timedelta(days=20))


def test_same_hospital_and_dates_is_blocked_even_with_new_invoices(aid, world):
    e = enroll_paid(aid, world.hanbin_person)[Category.HOSPITAL]
    first = file_hospital(aid, e, invoice="X-1")
    with pytest.raises(DomainError, match=f"已有申领{first.number}"):
        file_hospital(aid, e, invoice="X-2")


def test_amount_over_the_cap_is_capped_with_the_reason(aid, world):
    e = enroll_paid(aid, world.hanbin_person)[Category.HOSPITAL]
    claim = file_hospital(aid, e, self_paid="429800.00", diagnosis="帕金森病")
    assert claim.amount == Decimal("20000.00")
    assert ["封顶", "超过每次最高给付20000.00元，按上限给付"] in claim.breakdown
    assert "按上限给付" in claim.steps.get().note


def test_negative_amount_is_refused(aid, world):
    e = enroll_paid(aid, world.hanbin_person)[Category.HOSPITAL]
    with pytest.raises(DomainError, match="个人自付金额不能为负数"):
        file_hospital(aid, e, self_paid="-100.00")


def test_an_executable_renamed_as_pdf_is_refused_and_no_claim_is_made(aid, world):
    e = enroll_paid(aid, world.hanbin_person)[Category.HOSPITAL]
    exe = SimpleUploadedFile("出院小结.pdf", b"MZ\x90\x00\x03" + b"\x00" * 100)
    with pytest.raises(DomainError, match="不是PDF或图片"):
        file_hospital(aid, e, documents=[exe])
    assert not e.claims.exists()


def test_a_real_pdf_is_kept_with_the_claim(aid, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    e = enroll_paid(aid, world.hanbin_person)[Category.HOSPITAL]
    claim = file_hospital(aid, e, documents=[SimpleUploadedFile("出院小结.pdf", PDF)])
    doc = claim.documents.get()
    assert (doc.content_type, doc.name) == ("application/pdf", "出院小结.pdf")


def test_diagnosis_is_encrypted_at_rest(aid, world):
    e = enroll_paid(aid, world.hanbin_person)[Category.HOSPITAL]
    claim = file_hospital(aid, e)
    assert "心肌梗死" not in claim.diagnosis_enc
    assert claim.diagnosis == "急性前壁心肌梗死"


def test_the_reviewer_cannot_also_check_the_claim(aid, world):
    e = enroll_paid(aid, world.hanbin_person)[Category.HOSPITAL]
    claim = file_hospital(aid, e)
    services.claim_accept(claim=claim, user=aid.officer)
    services.claim_review(claim=claim, user=aid.reviewer)
    with pytest.raises(DomainError, match="审核人与复核人不能为同一人"):
        services.claim_check(claim=claim, user=aid.reviewer)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.REVIEWED
    assert not ClaimPayment.objects.exists()


def test_the_filer_cannot_review_their_own_claim(aid, world):
    e = enroll_paid(aid, world.hanbin_person)[Category.HOSPITAL]
    claim = file_hospital(aid, e, user=aid.reviewer)
    services.claim_accept(claim=claim, user=aid.officer)
    with pytest.raises(DomainError, match="不能审核自己提交的申领"):
        services.claim_review(claim=claim, user=aid.reviewer)


def test_a_claim_checked_twice_gets_one_payment(aid, world):
    e = enroll_paid(aid, world.hanbin_person)[Category.HOSPITAL]
    claim = file_hospital(aid, e)
    services.claim_accept(claim=claim, user=aid.officer)
    services.claim_review(claim=claim, user=aid.reviewer)
    services.claim_check(claim=claim, user=aid.checker)
    with pytest.raises(DomainError, match="当前状态为“已复核（待支付）”，不能复核"):
        services.claim_check(claim=claim, user=world.city_admin)
    assert ClaimPayment.objects.filter(claim=claim).count() == 1


def test_paid_within_seven_working_days_across_national_day(aid, world):
    # Accepted on 中秋 2026-09-25 (a holiday); 国庆 1–7 Oct off; Saturday 10 Oct is a 调休
    # working day: 28, 29, 30 Sep, 8, 9, 10, 12 Oct → due Monday 12 Oct.
    e = enroll_paid(aid, world.hanbin_person)[Category.HOSPITAL]
    claim = file_hospital(aid, e)
    claim = services.claim_accept(claim=claim, user=aid.officer, on=dt.date(YEAR, 9, 25))
    clock = selectors.claim_clock(claim, today=dt.date(YEAR, 9, 30))
    assert clock.due == dt.date(YEAR, 10, 12) and clock.elapsed == 3
    services.claim_review(claim=claim, user=aid.reviewer)
    services.claim_check(claim=claim, user=aid.checker)
    pay(aid, [claim], dt.date(YEAR, 10, 9))
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PAID
    assert claim.workdays_to_pay == 5
    assert [s.step for s in claim.steps.all()] == [
        "提交申请",
        "受理",
        "审核通过",
        "复核通过",
        "已支付",
    ]


def test_supplement_stops_the_clock(aid, world):
    e = enroll_paid(aid, world.hanbin_person)[Category.HOSPITAL]
    claim = file_hospital(aid, e)
    services.claim_accept(claim=claim, user=aid.officer, on=dt.date(YEAR, 11, 2))  # Monday
    claim = services.claim_request_supplement(
        claim=claim, user=aid.reviewer, note="请补充出院小结", on=dt.date(YEAR, 11, 4)
    )
    paused = selectors.claim_clock(claim, today=dt.date(YEAR, 11, 20))
    assert paused.paused and paused.elapsed == 2 and not paused.overdue
    services.claim_supplement_done(claim=claim, user=world.hanbin_member, on=dt.date(YEAR, 11, 11))
    claim.refresh_from_db()
    assert claim.paused_workdays == 5
    clock = selectors.claim_clock(claim, today=dt.date(YEAR, 11, 13))
    assert clock.elapsed == 4
    assert clock.due == dt.date(YEAR, 11, 18)


def test_overdue_claims_are_listed(aid, world):
    e = enroll_paid(aid, world.hanbin_person)[Category.HOSPITAL]
    claim = file_hospital(aid, e)
    claim = services.claim_accept(claim=claim, user=aid.officer, on=dt.date(YEAR, 11, 2))
    assert selectors.overdue_claims(user=aid.reviewer, today=dt.date(YEAR, 11, 12)) == [claim]
    assert selectors.overdue_claims(user=aid.reviewer, today=dt.date(YEAR, 11, 11)) == []
    assert selectors.overdue_claims(user=world.shiquan_officer, today=dt.date(YEAR, 11, 12)) == []


def test_hubei_story_hospitalization_that_is_a_critical_illness_gets_both(aid, world):
    """Seed 002: 冯某, 急性前壁心肌梗死, 1.28万 self-paid; the union first filed only 住院医疗."""
    cats = (Category.HOSPITAL, Category.CRITICAL)
    e = enroll_paid(aid, world.hanbin_person, cats)
    claim = file_hospital(aid, e[Category.HOSPITAL])
    proposals = selectors.linked_benefits(claim=claim)
    assert [(p.enrollment.plan.category, p.reason) for p in proposals] == [
        (Category.CRITICAL, "诊断属于“重大疾病互助保障”病种目录中的“急性心肌梗死”")
    ]
    second = services.claim_file_linked(
        user=aid.officer, claim=claim, enrollment=proposals[0].enrollment
    )
    assert second.linked_to == claim and second.amount == Decimal("40000.00")
    assert selectors.linked_benefits(claim=claim) == []
    first = _pay_through(aid, claim, dt.date(YEAR, 10, 15))
    second.refresh_from_db()
    services.claim_accept(claim=second, user=aid.officer, on=dt.date(YEAR, 10, 9))
    services.claim_review(claim=second, user=aid.reviewer)
    services.claim_check(claim=second, user=aid.checker)
    pay(aid, [second], dt.date(YEAR, 10, 16))
    second.refresh_from_db()
    assert first.amount + second.amount == Decimal("46765.00")
    assert first.amount + second.amount > Decimal("12800")  # 超额覆盖个人承担部分


def test_a_rejected_claim_never_proposes_its_own_plan_again(aid, world):
    e = enroll_paid(aid, world.hanbin_person, (Category.HOSPITAL, Category.CRITICAL))
    claim = file_hospital(aid, e[Category.HOSPITAL])
    services.claim_accept(claim=claim, user=aid.officer, on=dt.date(YEAR, 10, 9))
    services.claim_reject(claim=claim, user=aid.reviewer, reason="入保前已确诊疾病的复发治疗")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.REJECTED
    assert [p.enrollment.plan.category for p in selectors.linked_benefits(claim=claim)] == [
        Category.CRITICAL
    ]


def test_breast_cancer_of_a_woman_proposes_critical_and_female_benefits(aid):
    """Seed 002: 杨女士 乳腺癌 — 住院医疗, 重大疾病 and 女职工特殊疾病."""
    w = woman(aid.union)
    e = enroll_paid(aid, w, (Category.HOSPITAL, Category.CRITICAL, Category.FEMALE))
    claim = file_hospital(aid, e[Category.HOSPITAL], diagnosis="左侧乳腺癌", self_paid="23000")
    found = {p.enrollment.plan.category for p in selectors.linked_benefits(claim=claim)}
    assert found == {Category.CRITICAL, Category.FEMALE}


def test_a_diagnosis_off_the_list_proposes_nothing_and_is_refused_directly(aid, world):
    e = enroll_paid(aid, world.hanbin_person, (Category.HOSPITAL, Category.CRITICAL))
    claim = file_hospital(aid, e[Category.HOSPITAL], diagnosis="急性阑尾炎")
    assert selectors.linked_benefits(claim=claim) == []
    with pytest.raises(DomainError, match="不在“重大疾病互助保障”的病种目录内"):
        services.claim_file(
            user=aid.officer,
            enrollment=e[Category.CRITICAL],
            event_kind="illness",
            event_date=EVENT,
            diagnosis="急性阑尾炎",
        )


def test_progress_query_needs_the_matching_id_number(aid, world):
    e = enroll_paid(aid, world.hanbin_person)[Category.HOSPITAL]
    claim = file_hospital(aid, e)
    assert (
        selectors.progress_public(number=claim.number, id_number=world.hanbin_person.id_number)
        == claim
    )
    assert (
        selectors.progress_public(number=claim.number, id_number=world.shiquan_person.id_number)
        is None
    )
    assert (
        selectors.progress_public(number="HZ20269999999", id_number=world.hanbin_person.id_number)
        is None
    )


def test_member_files_for_themself_only_and_sees_only_their_claims(aid, world):
    e = enroll_paid(aid, world.hanbin_person)[Category.HOSPITAL]
    claim = file_hospital(aid, e, user=world.hanbin_member)
    other = enroll_paid(aid, factories.person(aid.union, "王强"))[Category.HOSPITAL]
    with pytest.raises(Denied, match="不在您的管辖范围内"):
        file_hospital(aid, other, user=world.hanbin_member, invoice="Z-9")
    assert list(selectors.claim_list(user=world.hanbin_member)) == [claim]
    assert list(selectors.claim_list(user=world.shiquan_officer)) == []


def test_rejecting_frees_the_invoice_for_a_corrected_claim(aid, world):
    e = enroll_paid(aid, world.hanbin_person)[Category.HOSPITAL]
    claim = file_hospital(aid, e, invoice="R-1")
    services.claim_reject(claim=claim, user=aid.reviewer, reason="发票金额与清单不符")
    again = file_hospital(aid, e, invoice="R-1")
    assert again.invoices.get().number == "R-1"


def test_yearly_statistics(aid, world):
    e = enroll_paid(aid, world.hanbin_person, (Category.HOSPITAL, Category.CRITICAL))
    enroll_paid(aid, factories.person(aid.union, "王强"))
    claim = file_hospital(aid, e[Category.HOSPITAL])
    _pay_through(aid, claim, dt.date(YEAR, 10, 5))
    stats = selectors.statistics(user=world.city_admin, year=YEAR)
    assert stats["insured"] == 2 and stats["enrollments"] == 3
    assert stats["by_county"] == [{"name": "汉滨区总工会", "people": 2}]
    assert stats["paid_count"] == 1 and stats["paid_amount"] == Decimal("6765.00")
    assert stats["on_time_share"] == 100.0
    assert selectors.statistics(user=world.shiquan_officer, year=YEAR)["insured"] == 0
    rows = {r["plan"].category: r for r in selectors.ledger(user=world.city_admin, year=YEAR)}
    assert rows[Category.HOSPITAL]["received"] == Decimal("60.00")
    assert rows[Category.HOSPITAL]["paid"] == Decimal("6765.00")
    assert PAID_ON.year == YEAR


def test_an_accident_hospitalization_proposes_the_accident_benefit_on_the_same_invoices(aid, world):
    e = enroll_paid(aid, world.hanbin_person, (Category.HOSPITAL, Category.ACCIDENT))
    claim = file_hospital(aid, e[Category.HOSPITAL], diagnosis="右胫骨骨折", event_kind="accident")
    [proposal] = selectors.linked_benefits(claim=claim)
    assert proposal.reason == "本次为意外事故，可申领意外伤害互助金"
    accident = services.claim_file_linked(
        user=aid.officer, claim=claim, enrollment=proposal.enrollment
    )
    # (12800 − 100) × 80% = 10160, capped at 10000 per claim.
    assert accident.amount == Decimal("10000.00") and not accident.invoices.exists()
