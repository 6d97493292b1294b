"""石泉 互助保障 records for the scope walk (tests/core/test_scope_walk.py)."""

from __future__ import annotations

import datetime as dt

from gonghui.mutual_aid import services
from gonghui.mutual_aid.models import Category, Payer
from tests import factories


def shiquan_records(world) -> dict[str, str]:
    """An enrollment, a paid bill, a claim approved by two 石泉 officers and its payment batch."""
    officer, person = world.shiquan_officer, world.shiquan_person
    plans = {p.category: p for p in services.plan_seed_year(year=2026)}
    plan = plans[Category.HOSPITAL]
    enrollment = services.enrollment_create(
        user=officer, plan=plan, person=person, payer=Payer.UNION
    )
    bill = services.contribution_bill(user=officer, plan=plan, employer=None, org=person.org)
    services.contribution_pay(
        user=officer, bill=bill, amount=str(bill.amount_due), paid_on=dt.date(2026, 1, 5)
    )
    enrollment.refresh_from_db()
    claim = services.claim_file(
        user=officer,
        enrollment=enrollment,
        event_kind="illness",
        event_date=dt.date(2026, 9, 1),
        diagnosis="石泉互助标记诊断",
        hospital="石泉互助标记医院",
        admitted_on=dt.date(2026, 9, 1),
        discharged_on=dt.date(2026, 9, 8),
        self_paid="5000",
        invoices=[services.InvoiceData("SQMARK0001", "6000")],
        payee_bank="石泉互助标记银行",
        account="6222020000000001",
    )
    services.claim_accept(claim=claim, user=officer)
    checker = factories.user("county_officer", world.shiquan, "shiquan_aid_checker")
    services.claim_review(claim=claim, user=checker)
    services.claim_check(claim=claim, user=world.city_admin)
    services.payment_batch_create(user=officer)
    return {
        "石泉互助标记医院": "石泉 claim hospital",
        "石泉互助标记诊断": "石泉 claim diagnosis",
        "石泉互助标记银行": "石泉 claim payee bank",
        "SQMARK0001": "石泉 invoice number",
        claim.number: "石泉 claim number",
    }
