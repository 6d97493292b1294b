"""参保登记 and 费用缴纳: one live enrollment per person and plan; cover only once paid."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gonghui.core.errors import DomainError
from gonghui.core.permissions import Denied
from gonghui.mutual_aid import services
from gonghui.mutual_aid.models import BillStatus, Category, EnrollmentStatus, Payer
from tests import factories
from tests.mutual_aid.conftest import PAID_ON, YEAR, enroll_paid, woman


def test_enrolling_the_same_person_twice_is_refused(aid, world):
    plan = aid.plans[Category.HOSPITAL]
    services.enrollment_create(
        user=aid.officer,
        plan=plan,
        person=world.hanbin_person,
        payer=Payer.UNIT,
        employer=aid.employer,
    )
    with pytest.raises(DomainError, match="张伟已参加“2026年住院医疗互助保障”，不能重复登记"):
        services.enrollment_create(
            user=aid.officer,
            plan=plan,
            person=world.hanbin_person,
            payer=Payer.WORKER,
            employer=aid.employer,
        )


def test_women_only_plan_refuses_a_man(aid, world):
    with pytest.raises(DomainError, match="仅限女职工"):
        services.enrollment_create(
            user=aid.officer,
            plan=aid.plans[Category.FEMALE],
            person=world.hanbin_person,
            payer=Payer.UNIT,
            employer=aid.employer,
        )


def test_officer_cannot_enroll_a_person_of_another_county(aid, world):
    with pytest.raises(Denied, match="不在您的管辖范围内"):
        services.enrollment_create(
            user=aid.officer,
            plan=aid.plans[Category.HOSPITAL],
            person=world.shiquan_person,
            payer=Payer.UNION,
        )


def test_cover_starts_only_when_the_bill_is_paid_in_full(aid, world):
    plan = aid.plans[Category.HOSPITAL]
    people = [world.hanbin_person, factories.person(aid.union, "王芳")]
    for p in people:
        services.enrollment_create(
            user=aid.officer, plan=plan, person=p, payer=Payer.UNIT, employer=aid.employer
        )
    bill = services.contribution_bill(user=aid.officer, plan=plan, employer=aid.employer)
    assert (bill.headcount, bill.amount_due) == (2, Decimal("60.00"))
    bill = services.contribution_pay(user=aid.officer, bill=bill, amount="30", paid_on=PAID_ON)
    assert bill.status == BillStatus.PARTIAL
    assert set(bill.enrollments.values_list("status", flat=True)) == {EnrollmentStatus.PENDING}
    bill = services.contribution_pay(
        user=aid.officer, bill=bill, amount="30.00", paid_on=dt.date(YEAR, 2, 3)
    )
    assert bill.status == BillStatus.PAID
    assert set(bill.enrollments.values_list("status", "cover_start")) == {
        (EnrollmentStatus.ACTIVE, dt.date(YEAR, 2, 3))
    }


def test_overpaying_a_bill_is_refused_and_nothing_is_recorded(aid, world):
    plan = aid.plans[Category.HOSPITAL]
    services.enrollment_create(
        user=aid.officer,
        plan=plan,
        person=world.hanbin_person,
        payer=Payer.UNIT,
        employer=aid.employer,
    )
    bill = services.contribution_bill(user=aid.officer, plan=plan, employer=aid.employer)
    with pytest.raises(DomainError, match=r"超出未缴金额30\.00 元"):
        services.contribution_pay(user=aid.officer, bill=bill, amount="31", paid_on=PAID_ON)
    with pytest.raises(DomainError, match="不能为负数"):
        services.contribution_pay(user=aid.officer, bill=bill, amount="-5", paid_on=PAID_ON)
    assert bill.payments.count() == 0


def test_split_and_union_paid_cover_are_billed_to_the_right_party(aid, world):
    plan = aid.plans[Category.HOSPITAL]
    services.enrollment_create(
        user=aid.officer,
        plan=plan,
        person=world.hanbin_person,
        payer=Payer.SPLIT,
        employer=aid.employer,
    )
    services.enrollment_create(
        user=aid.officer,
        plan=plan,
        person=factories.person(aid.union, "骑手甲"),
        payer=Payer.UNION,
        employer=aid.employer,
    )
    bill = services.contribution_bill(user=aid.officer, plan=plan, employer=aid.employer)
    assert (bill.unit_share, bill.worker_share, bill.union_share) == (
        Decimal("15.00"),
        Decimal("0.00"),
        Decimal("45.00"),
    )


def test_renewal_keeps_continuity_from_last_year(aid, world):
    last = services.plan_seed_year(year=YEAR - 1)[0]
    services.enrollment_create(
        user=aid.officer,
        plan=last,
        person=world.hanbin_person,
        payer=Payer.UNIT,
        employer=aid.employer,
    )
    bill = services.contribution_bill(user=aid.officer, plan=last, employer=aid.employer)
    services.contribution_pay(
        user=aid.officer, bill=bill, amount="30", paid_on=dt.date(YEAR - 1, 1, 2)
    )
    e = enroll_paid(aid, world.hanbin_person)[Category.HOSPITAL]
    assert e.continuous and e.renewed_from is not None


def test_auditor_cannot_enroll(aid, world):
    with pytest.raises(Denied, match="无权登记参保"):
        services.enrollment_create(
            user=world.auditor,
            plan=aid.plans[Category.HOSPITAL],
            person=world.hanbin_person,
            payer=Payer.UNIT,
            employer=aid.employer,
        )


def test_a_woman_may_join_the_female_plan(aid):
    w = woman(aid.union)
    e = enroll_paid(aid, w, (Category.FEMALE,))[Category.FEMALE]
    assert e.status == EnrollmentStatus.ACTIVE
