"""Fixtures of 职工互助保障: the year's five default plans, a unit with workers, helpers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from gonghui.core.models import Employer, Organization, Person, User
from gonghui.core.services import PersonData, membership_join, person_upsert
from gonghui.mutual_aid import services
from gonghui.mutual_aid.models import AidPlan, Category, Enrollment, Payer
from tests import factories

YEAR = 2026
PAID_ON = dt.date(YEAR, 1, 5)
# After every waiting period (180 days from 2026-01-05) and before today.
EVENT = dt.date(YEAR, 9, 1)


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
