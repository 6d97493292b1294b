"""Writes of 职工互助保障: each function validates, runs in one transaction and locks what it races on.

Who may call which write is the permission table (mutual_aid/permissions.py), checked by
@requires before the body runs; what stays here are the business rules (maker-checker, states).
Audit entries come from core.signals (every model of this app is audited on save); the bill and
payment batch services add one entry each naming what was confirmed (count, total, budget line,
voucher), since their bulk updates pass no signal.

The writes live beside this module along the domain's seams; this module names them all:
- services_plans: 保障项目 (seed, create, update, close);
- services_enrollments: 参保登记 and 缴费单 (enroll, 退保, bill, 到账);
- services_claims: filing a claim (checks, amount, invoices, documents);
- services_review: 受理, 补充材料, 审核, 复核, 不予给付, the payee's bank details;
- services_payments: budget lines and payment batches.
"""

from __future__ import annotations

from gonghui.mutual_aid.rules import (
    ZERO,
)
from gonghui.mutual_aid.services_claims import (
    InvoiceData,
    claim_document_open,
    claim_file,
    claim_file_linked,
    claim_reveal_diagnosis,
    clean_account,
    cover_check,
    document_check,
    document_display_name,
    eligibility_check,
    normalize_invoice_number,
    paid_this_year,
    payout_of,
)
from gonghui.mutual_aid.services_enrollments import (
    UNIT_ELSEWHERE,
    contribution_bill,
    contribution_pay,
    enrollment_cancel,
    enrollment_check,
    enrollment_create,
    previous_enrollment,
)
from gonghui.mutual_aid.services_payments import (
    BatchSummary,
    allocate_batch_number,
    bank_refusal,
    budget_save,
    clean_budget_line,
    clean_budget_year,
    payment_batch_create,
    payment_batch_mark_paid,
    payment_batch_remove,
    payment_batch_update,
)
from gonghui.mutual_aid.services_plans import (
    PlanData,
    plan_clean,
    plan_close,
    plan_create,
    plan_seed,
    plan_seed_year,
    plan_update,
)
from gonghui.mutual_aid.services_review import (
    claim_accept,
    claim_check,
    claim_reject,
    claim_request_supplement,
    claim_review,
    claim_supplement_done,
    claim_update_bank,
)

__all__ = [
    "UNIT_ELSEWHERE",
    "ZERO",
    "BatchSummary",
    "InvoiceData",
    "PlanData",
    "allocate_batch_number",
    "bank_refusal",
    "budget_save",
    "claim_accept",
    "claim_check",
    "claim_document_open",
    "claim_file",
    "claim_file_linked",
    "claim_reject",
    "claim_request_supplement",
    "claim_reveal_diagnosis",
    "claim_review",
    "claim_supplement_done",
    "claim_update_bank",
    "clean_account",
    "clean_budget_line",
    "clean_budget_year",
    "contribution_bill",
    "contribution_pay",
    "cover_check",
    "document_check",
    "document_display_name",
    "eligibility_check",
    "enrollment_cancel",
    "enrollment_check",
    "enrollment_create",
    "normalize_invoice_number",
    "paid_this_year",
    "payment_batch_create",
    "payment_batch_mark_paid",
    "payment_batch_remove",
    "payment_batch_update",
    "payout_of",
    "plan_clean",
    "plan_close",
    "plan_create",
    "plan_seed",
    "plan_seed_year",
    "plan_update",
    "previous_enrollment",
]
