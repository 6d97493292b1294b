"""Pages of 职工互助保障: enrollment, bills, claims and their review, payments, progress,
statistics. Thin: forms in, a service or selector call, a template out.

Who may open a page or post to it is the permission table (mutual_aid/permissions.py): each
page asks `authorize` for its view action, each POST route declares its action with
@route_action, and the services check the record again. A page reports a service's outcome
with core.web.act / core.web.submit.

The pages live beside this module along the domain's seams; this module names them all:
- views_enrollments: 参保登记 and 缴费单;
- views_claims: 互助金申领, its steps and documents, 我的互助保障, 进度查询;
- views_payments: 互助金支付, payment batches, 互助金预算;
- views_plans: 保障项目 and 互助保障统计.
"""

from __future__ import annotations

from gonghui.mutual_aid.views_claims import (
    ACTIONS,
    ClaimListView,
    claim_action,
    claim_bank,
    claim_detail,
    claim_document,
    claim_link,
    claim_new,
    mine,
    progress,
)
from gonghui.mutual_aid.views_enrollments import (
    BillListView,
    EnrollmentListView,
    bill_detail,
    bill_new,
    employer_in_scope,
    enrollment_cancel,
    enrollment_detail,
    enrollment_new,
    person_in_scope,
)
from gonghui.mutual_aid.views_payments import (
    batch_detail,
    batch_edit,
    batch_export,
    batch_new,
    batch_paid,
    batch_remove,
    budgets,
    payments,
)
from gonghui.mutual_aid.views_plans import (
    plan_close,
    plan_edit,
    plan_new,
    plans,
    stats,
)

__all__ = [
    "ACTIONS",
    "BillListView",
    "ClaimListView",
    "EnrollmentListView",
    "batch_detail",
    "batch_edit",
    "batch_export",
    "batch_new",
    "batch_paid",
    "batch_remove",
    "bill_detail",
    "bill_new",
    "budgets",
    "claim_action",
    "claim_bank",
    "claim_detail",
    "claim_document",
    "claim_link",
    "claim_new",
    "employer_in_scope",
    "enrollment_cancel",
    "enrollment_detail",
    "enrollment_new",
    "mine",
    "payments",
    "person_in_scope",
    "plan_close",
    "plan_edit",
    "plan_new",
    "plans",
    "progress",
    "stats",
]
