"""Reads of 职工互助保障, each limited to the user's scope (a unit's records scope through the
employer's territorial union, else the person's union; 职工本人 sees only their own).

The reads live beside this module along the domain's seams; this module names them all:
- selectors_enrollments: plans, enrollments, bills, and the lookups of persons and units;
- selectors_claims: claims, documents, linked benefits, the 7-working-day clock, progress;
- selectors_payments: waiting payments, payment batches, budget lines;
- selectors_statistics: the year's figures and the ledger per plan.
"""

from __future__ import annotations

from gonghui.mutual_aid.selectors_claims import (
    Clock,
    Proposal,
    claim_bank_open,
    claim_clock,
    claim_document_get,
    claim_get,
    claim_list,
    linked_benefits,
    linked_claims,
    member_claims,
    overdue_claims,
    progress_public,
)
from gonghui.mutual_aid.selectors_enrollments import (
    bill_list,
    bill_payments,
    employer_by_code,
    employer_code_known,
    enrollment_claims,
    enrollment_for,
    enrollment_get,
    enrollment_list,
    member_enrollments,
    person_by_id_number,
    plan_list,
    plan_overview,
    unit_org,
)
from gonghui.mutual_aid.selectors_payments import (
    BudgetStatus,
    batch_payments,
    budget_default_line,
    budget_lines,
    budget_overview,
    budget_status,
    budget_statuses,
    budget_years,
    payment_batch_get,
    payment_batch_list,
    payments_by_ids,
    pending_payments,
)
from gonghui.mutual_aid.selectors_statistics import (
    ledger,
    statistics,
)

__all__ = [
    "BudgetStatus",
    "Clock",
    "Proposal",
    "batch_payments",
    "bill_list",
    "bill_payments",
    "budget_default_line",
    "budget_lines",
    "budget_overview",
    "budget_status",
    "budget_statuses",
    "budget_years",
    "claim_bank_open",
    "claim_clock",
    "claim_document_get",
    "claim_get",
    "claim_list",
    "employer_by_code",
    "employer_code_known",
    "enrollment_claims",
    "enrollment_for",
    "enrollment_get",
    "enrollment_list",
    "ledger",
    "linked_benefits",
    "linked_claims",
    "member_claims",
    "member_enrollments",
    "overdue_claims",
    "payment_batch_get",
    "payment_batch_list",
    "payments_by_ids",
    "pending_payments",
    "person_by_id_number",
    "plan_list",
    "plan_overview",
    "progress_public",
    "statistics",
    "unit_org",
]
