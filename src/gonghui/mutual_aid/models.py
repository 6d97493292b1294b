"""职工互助保障: plans, enrollments, contribution bills, claims, payments.

The models live beside this module along the domain's seams (models_plans, models_enrollments,
models_claims, models_payments); this module names them all, so Django and every caller find
them as `gonghui.mutual_aid.models`.
"""

from __future__ import annotations

from gonghui.mutual_aid.models_claims import (
    AMOUNT_LABELS,
    REVIEWED_STATUSES,
    Claim,
    ClaimDocument,
    ClaimStatus,
    ClaimStep,
    EventKind,
    Invoice,
)
from gonghui.mutual_aid.models_enrollments import (
    BillStatus,
    Contribution,
    ContributionPayment,
    Enrollment,
    EnrollmentStatus,
    Payer,
)
from gonghui.mutual_aid.models_payments import (
    AidBudget,
    BatchSequence,
    ClaimPayment,
    PaymentBatch,
)
from gonghui.mutual_aid.models_plans import AidPlan, Category, PayoutRule

__all__ = [
    "AMOUNT_LABELS",
    "REVIEWED_STATUSES",
    "AidBudget",
    "AidPlan",
    "BatchSequence",
    "BillStatus",
    "Category",
    "Claim",
    "ClaimDocument",
    "ClaimPayment",
    "ClaimStatus",
    "ClaimStep",
    "Contribution",
    "ContributionPayment",
    "Enrollment",
    "EnrollmentStatus",
    "EventKind",
    "Invoice",
    "Payer",
    "PaymentBatch",
    "PayoutRule",
]
