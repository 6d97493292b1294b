"""Care subsidies: standards, the yearly list, four-eyes approval, paid once a year."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.utils import timezone

from gonghui.core.errors import DomainError
from gonghui.core.permissions import Denied
from gonghui.honors import rules
from gonghui.honors.models import SubsidyList, SubsidyPayment, SubsidyStandard
from gonghui.honors.services import (
    subsidy_list_approve,
    subsidy_list_compute,
    subsidy_list_mark_paid,
)
from tests.honors.conftest import give

pytestmark = pytest.mark.django_db


def _second_city_admin(hw):
    from gonghui.core.models import Role
    from tests import factories

    return factories.user(Role.CITY_ADMIN, hw.w.city, "city_admin2")


def test_default_standards_are_8000_6000_3200(world):
    assert rules.subsidy_amount(org=world.hanbin_union, year=2026, level=1) == Decimal("8000.00")
    assert rules.subsidy_amount(org=world.hanbin_union, year=2026, level=2) == Decimal("6000.00")
    assert rules.subsidy_amount(org=world.hanbin_union, year=2026, level=3) == Decimal("3200.00")
    assert rules.subsidy_amount(org=world.hanbin_union, year=2026, level=4) == Decimal("0.00")


def test_a_county_standard_overrides_the_city_default(world):
    SubsidyStandard.objects.create(region=world.shiquan, year=2026, level=3, amount=Decimal("3600"))
    assert rules.subsidy_amount(org=world.shiquan_union, year=2026, level=3) == Decimal("3600.00")
    assert rules.subsidy_amount(org=world.hanbin_union, year=2026, level=3) == Decimal("3200.00")


def test_the_list_is_computed_from_the_registry(hw):
    sl = subsidy_list_compute(user=hw.w.city_admin, year=2026, budget_line="工会经费—劳模慰问补助")
    amounts = {p.person.name: p.amount for p in sl.payments.select_related("person")}
    assert amounts == {"张伟": Decimal("3200.00"), "李娜": Decimal("6000.00")}


def test_county_level_honors_are_not_paid(hw):
    from tests import factories

    p = factories.person(hw.w.hanbin_union, "赵强")
    give(hw.w.city_admin, p, "县级劳动模范", 2021)
    sl = subsidy_list_compute(
        user=hw.w.hanbin_officer, year=2026, budget_line="工会经费—劳模慰问补助"
    )
    assert not sl.payments.filter(person=p).exists()


def test_the_maker_cannot_approve_and_nothing_changes(hw):
    sl = subsidy_list_compute(
        user=hw.w.hanbin_officer, year=2026, budget_line="工会经费—劳模慰问补助"
    )
    with pytest.raises(DomainError, match="制表人不能审核"):
        subsidy_list_approve(user=hw.w.hanbin_officer, subsidy_list=sl)
    sl.refresh_from_db()
    assert sl.status == "draft" and sl.payments.get().status == "pending"


def test_second_user_approves_then_marks_paid(hw):
    sl = subsidy_list_compute(
        user=hw.w.hanbin_officer, year=2026, budget_line="工会经费—劳模慰问补助"
    )
    subsidy_list_approve(user=hw.hanbin_officer2, subsidy_list=sl)
    subsidy_list_mark_paid(
        user=hw.w.hanbin_officer,
        subsidy_list=sl,
        paid_on=timezone.localdate(),
        voucher_number="记-2026-0117",
    )
    sl.refresh_from_db()
    assert sl.status == "paid" and sl.approved_by == hw.hanbin_officer2
    assert sl.payments.get().status == "paid"


def test_nobody_is_paid_twice_in_a_year(hw):
    sl = subsidy_list_compute(
        user=hw.w.hanbin_officer, year=2026, budget_line="工会经费—劳模慰问补助"
    )
    subsidy_list_approve(user=hw.hanbin_officer2, subsidy_list=sl)
    # the city's list skips the already-approved 汉滨 model worker
    city = subsidy_list_compute(
        user=hw.w.city_admin, year=2026, budget_line="工会经费—劳模慰问补助"
    )
    assert list(city.payments.values_list("person__name", flat=True)) == ["李娜"]


def test_approving_a_list_that_overlaps_an_approved_one_is_refused(hw):
    a = subsidy_list_compute(
        user=hw.w.hanbin_officer, year=2026, budget_line="工会经费—劳模慰问补助"
    )
    b = SubsidyList.objects.create(
        org=hw.w.city, year=2026, made_by=hw.w.city_admin, budget_line="工会经费—劳模慰问补助"
    )
    SubsidyPayment.objects.create(
        subsidy_list=b, person=hw.hanbin_mw, year=2026, level=3, amount=Decimal("3200")
    )
    subsidy_list_approve(user=hw.hanbin_officer2, subsidy_list=a)
    with pytest.raises(DomainError, match="张伟的2026年补助已在其他名单中审核"):
        subsidy_list_approve(user=_second_city_admin(hw), subsidy_list=b)
    b.refresh_from_db()
    assert b.status == "draft"


def test_the_database_refuses_a_second_approved_line(hw):
    from django.db import IntegrityError, transaction

    a = subsidy_list_compute(
        user=hw.w.hanbin_officer, year=2026, budget_line="工会经费—劳模慰问补助"
    )
    subsidy_list_approve(user=hw.hanbin_officer2, subsidy_list=a)
    b = SubsidyList.objects.create(
        org=hw.w.city, year=2026, made_by=hw.w.city_admin, budget_line="工会经费—劳模慰问补助"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        SubsidyPayment.objects.create(
            subsidy_list=b,
            person=hw.hanbin_mw,
            year=2026,
            level=3,
            amount=Decimal("3200"),
            status="approved",
        )


def test_scope_a_county_cannot_approve_another_countys_list(hw):
    sl = subsidy_list_compute(
        user=hw.w.hanbin_officer, year=2026, budget_line="工会经费—劳模慰问补助"
    )
    with pytest.raises(Denied, match="不在您的管辖范围内"):
        subsidy_list_approve(user=hw.w.shiquan_officer, subsidy_list=sl)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_two_approvals_racing_pay_the_person_once(hw):
    w = hw.w
    a = subsidy_list_compute(user=w.hanbin_officer, year=2026, budget_line="工会经费—劳模慰问补助")
    b = SubsidyList.objects.create(
        org=w.city, year=2026, made_by=w.city_admin, budget_line="工会经费—劳模慰问补助"
    )
    SubsidyPayment.objects.create(
        subsidy_list=b, person=hw.hanbin_mw, year=2026, level=3, amount=Decimal("3200")
    )
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def approve(user, sl):
        try:
            barrier.wait(timeout=10)
            subsidy_list_approve(user=user, subsidy_list=sl)
            outcomes.append("ok")
        except DomainError as exc:
            outcomes.append(exc.message)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=approve, args=(hw.hanbin_officer2, a)),
        threading.Thread(target=approve, args=(_second_city_admin(hw), b)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert len(outcomes) == 2 and outcomes.count("ok") == 1, outcomes
    assert (
        SubsidyPayment.objects.filter(
            person=hw.hanbin_mw, year=2026, status__in=["approved", "paid"]
        ).count()
        == 1
    )
