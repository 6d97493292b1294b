"""石泉 互助保障 records for the scope walk (tests/core/test_scope_walk.py)."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from gonghui.mutual_aid import services
from gonghui.mutual_aid.models import Category, ClaimDocument, ClaimPayment, Payer
from tests import factories

# A PDF whose bytes carry a marker: served to the wrong user, the walk would find it.
DOCUMENT_PATH = "mutual_aid/scope_samples/shiquan_document.pdf"
DOCUMENT_BYTES = b"%PDF-1.4\n% SQDOCMARK0001\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _document_file() -> str:
    # One fixed file reused by every run (the walk only needs it to exist).
    if not default_storage.exists(DOCUMENT_PATH):
        default_storage.save(DOCUMENT_PATH, ContentFile(DOCUMENT_BYTES))
    return DOCUMENT_PATH


def shiquan_records(world) -> dict[str, str]:
    """An enrollment, a paid bill, a claim with an uploaded document approved by two 石泉
    officers, its payment batch, and a second enrollment withdrawn (退保) with a reason."""
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
    ClaimDocument.objects.create(
        claim=claim,
        path=_document_file(),
        name="石泉互助标记材料.pdf",
        content_type="application/pdf",
        size=len(DOCUMENT_BYTES),
    )
    services.claim_accept(claim=claim, user=officer)
    checker = factories.user("county_officer", world.shiquan, "shiquan_aid_checker")
    services.claim_review(claim=claim, user=checker)
    services.claim_check(claim=claim, user=world.city_admin)
    payment = ClaimPayment.objects.get(claim=claim)
    services.payment_batch_create(
        user=officer,
        payments=[payment],
        budget_line="石泉互助保障互助金支出",
        budget_year=2026,
        confirmed=services.BatchSummary(1, payment.amount, "石泉互助保障互助金支出"),
    )
    accident = services.enrollment_create(
        user=officer, plan=plans[Category.ACCIDENT], person=person, payer=Payer.UNION
    )
    services.enrollment_cancel(
        user=officer, enrollment=accident, reason="石泉互助标记退保原因", on=dt.date(2026, 1, 2)
    )
    return {
        "石泉互助标记医院": "石泉 claim hospital",
        "石泉互助标记诊断": "石泉 claim diagnosis",
        "石泉互助标记银行": "石泉 claim payee bank",
        "SQMARK0001": "石泉 invoice number",
        claim.number: "石泉 claim number",
        "石泉互助标记材料": "石泉 claim document name",
        "SQDOCMARK0001": "石泉 claim document content",
        "石泉互助标记退保原因": "石泉 enrollment withdrawal reason",
        "石泉互助保障互助金支出": "石泉 payment batch budget line",
    }
