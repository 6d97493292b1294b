"""Fixtures of 职工互助保障: the year's five default plans, a unit with workers, helpers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from gonghui.core.models import Employer, Organization, Person, User
from gonghui.core.services import PersonData, membership_join, person_upsert
from gonghui.mutual_aid import services
from gonghui.mutual_aid.models import (
    AidPlan,
    Category,
    Claim,
    ClaimPayment,
    Enrollment,
    Payer,
    PaymentBatch,
)
from tests import factories

YEAR = 2026
PAID_ON = dt.date(YEAR, 1, 5)
# After every waiting period (180 days from 2026-01-05) and before today.
EVENT = dt.date(YEAR, 9, 1)
BUDGET_LINE = "职工互助保障互助金支出"


def woman(org: Organization, name: str = "杨梅", **kw: object) -> Person:
    data = PersonData(
        name=name, id_number=factories.id_number(org.code or "610902", male=False), org=org
    )
    for k, v in kw.items():
        setattr(data, k, v)
    p = person_upsert(data=data)[0]
    membership_join(person=p, union=org, joined_on=dt.date(2020, 1, 1))
    p.refresh_from_db()
    return p


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The progress query's failure counts live in the (per-process) cache: start clean."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@dataclass
class Aid:
    plans: dict[str, AidPlan]
    employer: Employer
    union: Organization
    officer: User
    reviewer: User
    checker: User


@pytest.fixture
def aid(world) -> Aid:
    plans = {p.category: p for p in services.plan_seed_year(year=YEAR)}
    employer = factories.employer(world.hanbin, "安康市汉滨区某某建材有限公司")
    # The unit's own union: its chair enrolls the workers and pays the bill.
    world.hanbin_union.employer = employer
    world.hanbin_union.save()
    return Aid(
        plans=plans,
        employer=employer,
        union=world.hanbin_union,
        officer=world.hanbin_chair,
        reviewer=world.hanbin_officer,
        checker=factories.user("county_officer", world.hanbin, "hanbin_checker"),
    )


def enroll_paid(
    aid: Aid,
    person: Person,
    categories: tuple[str, ...] = (Category.HOSPITAL,),
    paid_on: dt.date = PAID_ON,
) -> dict[str, Enrollment]:
    """Enroll a person through the unit, bill and pay: cover active from `paid_on`."""
    out = {}
    for cat in categories:
        plan = aid.plans[cat]
        out[cat] = services.enrollment_create(
            user=aid.officer, plan=plan, person=person, payer=Payer.UNIT, employer=aid.employer
        )
        bill = services.contribution_bill(user=aid.officer, plan=plan, employer=aid.employer)
        services.contribution_pay(
            user=aid.officer, bill=bill, amount=str(bill.amount_due), paid_on=paid_on
        )
        out[cat].refresh_from_db()
    return out


BANK = "中国工商银行安康分行"
ACCOUNT = "6222020000001234"


def file_hospital(
    aid: Aid,
    enrollment: Enrollment,
    *,
    diagnosis: str = "急性前壁心肌梗死",
    self_paid: str = "12800.00",
    invoice: str = "INV-0001",
    user: User | None = None,
    event: dt.date = EVENT,
    days: int = 10,
    event_kind: str = "illness",
    **kw,
):
    """File a hospitalization claim, with complete bank details unless given (payee_bank="")."""
    kw.setdefault("payee_bank", BANK)
    kw.setdefault("account", ACCOUNT)
    return services.claim_file(
        user=user or aid.officer,
        enrollment=enrollment,
        event_kind=event_kind,
        event_date=event,
        diagnosis=diagnosis,
        hospital="安康市中心医院",
        admitted_on=event,
        discharged_on=event + dt.timedelta(days=days),
        self_paid=self_paid,
        invoices=[services.InvoiceData(invoice, Decimal(self_paid) + 1000)],
        **kw,
    )


def approve(aid: Aid, claim: Claim, *, accepted_on: dt.date | None = None) -> Claim:
    """受理, 审核 and 复核 by three different people: the claim waits for a payment batch."""
    services.claim_accept(claim=claim, user=aid.officer, on=accepted_on)
    services.claim_review(claim=claim, user=aid.reviewer)
    services.claim_check(claim=claim, user=aid.checker)
    claim.refresh_from_db()
    return claim


def summary_of(payments, line: str = BUDGET_LINE) -> services.BatchSummary:
    """What the officer confirms for these payments (count, total, budget line)."""
    payments = list(payments)
    return services.BatchSummary(
        count=len(payments), total=sum((p.amount for p in payments), Decimal(0)), budget_line=line
    )


def make_batch(user: User, claims, *, line: str = BUDGET_LINE, year: int = YEAR) -> PaymentBatch:
    """The payment batch of exactly these approved claims, confirmed as the page would."""
    payments = [ClaimPayment.objects.get(claim=c) for c in claims]
    return services.payment_batch_create(
        user=user,
        payments=payments,
        budget_line=line,
        budget_year=year,
        confirmed=summary_of(payments, line),
    )


def mark_paid(
    user: User, batch: PaymentBatch, paid_on: dt.date, voucher: str | None = None
) -> PaymentBatch:
    """Mark a batch paid with a voucher, confirming its summary as the page would."""
    batch.refresh_from_db()
    return services.payment_batch_mark_paid(
        batch=batch,
        user=user,
        paid_on=paid_on,
        voucher=voucher or f"PZ-{batch.number}",
        confirmed=summary_of(batch.payments.all(), batch.budget_line),
    )


def pay(aid: Aid, claims, paid_on: dt.date, *, user: User | None = None) -> PaymentBatch:
    """Batch these approved claims (the batch dated `paid_on`) and mark it paid that day."""
    import time_machine

    user = user or aid.reviewer
    at = dt.datetime(paid_on.year, paid_on.month, paid_on.day, 2, tzinfo=dt.UTC)  # 10:00 in 安康
    with time_machine.travel(at, tick=False):
        batch = make_batch(user, claims)
    return mark_paid(user, batch, paid_on)
