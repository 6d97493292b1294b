"""The linked registry: a case's page and 我的困难帮扶 list everything the platform gave the
household — 帮扶 records, 劳模 subsidies paid, 互助金 claims paid, 四送 distributions of approved
lists — and nothing that was not given (a draft list, an unpaid subsidy or claim)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import time_machine
from django.urls import reverse

from gonghui.core import clock
from gonghui.honors.models import PaymentStatus, SubsidyList, SubsidyListStatus, SubsidyPayment
from gonghui.mutual_aid.models import Category as AidCategory
from gonghui.relief import selectors_cases as selectors
from gonghui.relief import services_cases as services
from gonghui.relief.models.campaigns import Campaign, Distribution, DistributionList, ListStatus
from gonghui.relief.models.cases import Case, Cause
from gonghui.relief.services_activities import grant_pay, grant_review
from gonghui.relief.services_rechecks import aid_create
from tests.kit import page_text, signed_in
from tests.mutual_aid.conftest import aid, approve, enroll_paid, file_hospital, pay
from tests.relief import fixtures_activities as acts
from tests.relief.fixtures_activities import frozen, media

__all__ = ["aid", "frozen", "media"]  # fixtures (互助保障, the 金秋助学 clock and files), used here


def _case(world) -> Case:
    year = clock.today().year
    services.setting_save(
        user=world.city_admin,
        org=world.city,
        year=year,
        dibao="700",
        recheck_due=dt.date(year, 12, 31),
    )
    case = services.case_apply(
        user=world.hanbin_chair,
        person=world.hanbin_person,
        causes=[Cause.ILLNESS],
        household_size=1,
        household_income="600",
    )
    case = services.case_review(user=world.hanbin_chair, case=case)
    return services.case_approve(user=world.hanbin_officer, case=case)


def _subsidy(world, status: str, amount: str) -> None:
    paid = status == PaymentStatus.PAID
    sl = SubsidyList.objects.create(
        org=world.city,
        year=2026,
        status=SubsidyListStatus.PAID if paid else SubsidyListStatus.DRAFT,
        made_by=world.city_admin,
        budget_line="劳模补助",
        paid_on=dt.date(2026, 10, 8) if paid else None,
        voucher_number="PZ-1" if paid else "",
    )
    SubsidyPayment.objects.create(
        subsidy_list=sl,
        person=world.hanbin_person,
        year=2026 if paid else 2027,
        level=3,
        amount=Decimal(amount),
        status=status,
    )


def _distribution(world, status: str, name: str, amount: str) -> None:
    campaign = Campaign.objects.create(kind="warmth", name=name, year=2026, org=world.city)
    dlist = DistributionList.objects.create(campaign=campaign, org=world.hanbin, status=status)
    Distribution.objects.create(
        dlist=dlist,
        campaign=campaign,
        person=world.hanbin_person,
        group="deep",
        standard_amount=Decimal(amount),
        amount=Decimal(amount),
        goods="米面油",
        signed_on=dt.date(2026, 1, 20) if status == ListStatus.APPROVED else None,
    )


def test_everything_given_from_every_module_and_nothing_else(aid, world):
    person = world.hanbin_person
    enrollments = enroll_paid(aid, person)
    claim = approve(aid, file_hospital(aid, enrollments[AidCategory.HOSPITAL]))
    pay(aid, [claim], dt.date(2026, 10, 20))
    claim.refresh_from_db()
    unpaid = approve(
        aid,
        file_hospital(
            aid,
            enrollments[AidCategory.HOSPITAL],
            invoice="INV-0002",
            event=dt.date(2026, 10, 1),
            days=3,
        ),
    )
    _subsidy(world, PaymentStatus.PAID, "3000")
    _subsidy(world, PaymentStatus.PENDING, "9999")
    _distribution(world, ListStatus.APPROVED, "2026年冬送温暖", "1000")
    _distribution(world, ListStatus.DRAFT, "2026年金秋草稿", "7777")
    with time_machine.travel(dt.datetime(2026, 11, 2, 10, tzinfo=dt.UTC), tick=False):
        case = _case(world)
        aid_create(
            user=world.hanbin_officer,
            case=case,
            kind="medical",
            amount="500",
            description="医疗救助",
            given_on=clock.today(),
        )
        given = selectors.given_to(person=person)
        assert sorted(g.source for g in given) == ["互助保障", "冬送温暖", "劳模补助", "帮扶记录"]
        paid = next(g for g in given if g.source == "互助保障")
        assert paid.amount == claim.payment.amount and claim.number in paid.what
        assert unpaid.number not in " ".join(g.what for g in given)
        total = claim.payment.amount + Decimal("4500.00")
        assert selectors.given_total(given) == total
        staff = page_text(signed_in(world.hanbin_officer).get(
            reverse("relief:case_detail", args=[case.pk])
        ))  # fmt: skip
        mine = page_text(signed_in(world.hanbin_member).get(reverse("relief:mine")))
    for text in (staff, mine):
        assert "2026年冬送温暖（米面油）" in text and "市级劳模补助" in text
        assert "医疗救助" in text and claim.number in text
        assert "7,777.00" not in text and "9,999.00" not in text


def test_a_childs_paid_grant_is_given_to_the_household_an_unpaid_one_is_not(world, media, frozen):
    camp = acts.campaign(world, "schooling")
    paid = acts.apply(world, camp, name="张小明")
    grant_review(user=world.hanbin_officer, grant=paid, approve=True)
    grant_pay(user=world.city_admin, grant=paid, paid_on=clock.today())
    acts.apply(world, camp, name="张小红", student_id=acts.child_id("610921"))
    given = selectors.given_to(person=world.hanbin_person)
    assert [(g.source, g.amount) for g in given] == [("金秋助学", Decimal("3000.00"))]
    assert "张小明（西北大学）助学金" in given[0].what
    mine = page_text(signed_in(world.hanbin_member).get(reverse("relief:mine")))
    assert "张小明（西北大学）助学金" in mine and "张小红" not in mine
