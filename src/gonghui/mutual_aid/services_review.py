"""Handling a filed claim: 受理, 补充材料, 审核, 复核, 不予给付, and the payee's bank details."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from gonghui.core import clock
from gonghui.core.db import lock_row
from gonghui.core.documents import removed_on_error
from gonghui.core.errors import DomainError
from gonghui.core.models import User
from gonghui.core.permissions import requires
from gonghui.core.templatetags.gonghui_ui import yuan
from gonghui.core.workdays import workdays_between
from gonghui.mutual_aid.models import (
    Claim,
    ClaimPayment,
    ClaimStatus,
    Enrollment,
)
from gonghui.mutual_aid.rules import ZERO
from gonghui.mutual_aid.services_claims import (
    _step,
    _store_documents,
    clean_account,
    document_check,
    paid_this_year,
    payout_of,
)


def _today(on: dt.date | None) -> dt.date:
    return on or clock.today()


def _lock(claim: Claim, allowed: set[str], action: str) -> Claim:
    locked = lock_row(claim)
    if locked.status not in allowed:
        raise DomainError(
            f"申领{locked.number}当前状态为“{locked.get_status_display()}”，不能{action}"
        )
    return locked


def _lock_for_decision(claim: Claim, allowed: set[str], action: str, user: User) -> Claim:
    """`_lock` for a decision on the amount (审核, 复核): never by the officer who filed it."""
    locked = _lock(claim, allowed, action)
    if locked.filed_by_id == user.pk:
        raise DomainError(f"不能{action}自己提交的申领")
    return locked


@requires("mutual_aid.claim.accept", on="claim")
def claim_accept(*, claim: Claim, user: User, on: dt.date | None = None) -> Claim:
    """受理: the application is complete; the 7-working-day clock starts."""
    with transaction.atomic():
        claim = _lock(claim, {ClaimStatus.SUBMITTED}, "受理")
        claim.status = ClaimStatus.ACCEPTED
        claim.accepted_on = _today(on)
        claim.accepted_by = user
        claim.save()
        _step(claim, "受理", user, "材料齐全，开始计时")
    return claim


@requires("mutual_aid.claim.request_supplement", on="claim")
def claim_request_supplement(
    *, claim: Claim, user: User, note: str, on: dt.date | None = None
) -> Claim:
    """补充材料: the clock stops until the materials arrive."""
    if not note.strip():
        raise DomainError("请写明需要补充的材料")
    with transaction.atomic():
        claim = _lock(claim, {ClaimStatus.ACCEPTED, ClaimStatus.REVIEWED}, "要求补充材料")
        claim.status = ClaimStatus.SUPPLEMENT
        claim.supplement_since = _today(on)
        claim.reviewed_by = None
        claim.save()
        _step(claim, "补充材料", user, note.strip())
    return claim


@requires("mutual_aid.claim.supplement_done", on="claim")
def claim_supplement_done(
    *,
    claim: Claim,
    user: User,
    documents: list[UploadedFile] | None = None,
    on: dt.date | None = None,
) -> Claim:
    """The materials arrived: the clock runs again, the paused working days are not counted."""
    kinds = [document_check(d) for d in documents or []]
    with removed_on_error() as stored, transaction.atomic():
        locked = lock_row(claim)
        if locked.status != ClaimStatus.SUPPLEMENT:
            raise DomainError("该申领不在补充材料环节")
        today = _today(on)
        since = locked.supplement_since or today
        locked.paused_workdays += workdays_between(since, today)
        locked.status = ClaimStatus.ACCEPTED
        locked.supplement_since = None
        locked.save()
        _store_documents(locked, documents or [], kinds, stored)
        _step(locked, "材料已补充", user, "恢复计时")
    return locked


@requires("mutual_aid.claim.review", on="claim")
def claim_review(*, claim: Claim, user: User, note: str = "") -> Claim:
    """审核: the reviewer confirms the amount (re-checked against the caps)."""
    with transaction.atomic():
        claim = _lock_for_decision(claim, {ClaimStatus.ACCEPTED}, "审核", user)
        enrollment = Enrollment.objects.select_for_update().get(pk=claim.enrollment_id)
        payout = payout_of(
            claim.plan,
            self_paid=claim.self_paid,
            admitted_on=claim.admitted_on,
            discharged_on=claim.discharged_on,
            used=paid_this_year(enrollment=enrollment, exclude=claim),
        )
        if payout.amount <= 0:
            raise DomainError("年度给付额度已用完，应作不予给付处理")
        claim.amount = payout.amount
        claim.breakdown = payout.breakdown
        claim.status = ClaimStatus.REVIEWED
        claim.reviewed_by = user
        claim.save()
        _step(claim, "审核通过", user, note or f"核定互助金{yuan(payout.amount)}")
    return claim


@requires("mutual_aid.claim.check", on="claim")
def claim_check(*, claim: Claim, user: User, note: str = "") -> Claim:
    """复核 by a second person: approved for payment (exactly one payment per claim)."""
    with transaction.atomic():
        claim = _lock_for_decision(claim, {ClaimStatus.REVIEWED}, "复核", user)
        if claim.reviewed_by_id == user.pk:
            raise DomainError("审核人与复核人不能为同一人，请由另一位工作人员复核")
        claim.status = ClaimStatus.APPROVED
        claim.checked_by = user
        claim.save()
        ClaimPayment.objects.create(claim=claim, amount=claim.amount)
        _step(claim, "复核通过", user, note or f"待支付{yuan(claim.amount)}")
    return claim


@requires("mutual_aid.claim.reject", on="claim")
def claim_reject(*, claim: Claim, user: User, reason: str) -> Claim:
    """不予给付, with the reason the member will read."""
    if not reason.strip():
        raise DomainError("请填写不予给付的原因")
    with transaction.atomic():
        claim = _lock(
            claim,
            {
                ClaimStatus.SUBMITTED,
                ClaimStatus.ACCEPTED,
                ClaimStatus.SUPPLEMENT,
                ClaimStatus.REVIEWED,
            },
            "作不予给付处理",
        )
        claim.status = ClaimStatus.REJECTED
        claim.reject_reason = reason.strip()[:200]
        claim.amount = ZERO
        claim.save()
        # Invoices of a rejected claim may be used again in a corrected claim.
        claim.invoices.all().delete()
        _step(claim, "不予给付", user, reason.strip())
    return claim


@requires("mutual_aid.claim.bank", on="claim")
def claim_update_bank(*, claim: Claim, user: User, payee_bank: str, account: str) -> Claim:
    """填写或更正收款账户 (开户行, 银行账号) of a claim not yet in a payment batch."""
    bank = " ".join(str(payee_bank).split())
    number = clean_account(account)
    if not bank or not number:
        raise DomainError("请填写开户行和银行账号")
    if len(bank) > 60:
        raise DomainError("开户行名称不能超过60个字")
    with transaction.atomic():
        locked = lock_row(claim)
        if locked.status in (ClaimStatus.PAID, ClaimStatus.REJECTED):
            raise DomainError(
                f"申领{locked.number}当前状态为“{locked.get_status_display()}”，不能修改收款账户"
            )
        batched = (
            ClaimPayment.objects.filter(claim=locked, batch__isnull=False)
            .select_related("batch")
            .first()
        )
        if batched is not None and batched.batch is not None:
            raise DomainError(
                f"申领{locked.number}已在支付批次{batched.batch.number}中，"
                "请先将其移出批次再修改收款账户"
            )
        locked.payee_bank = bank
        locked.set_account(number)
        locked.save()
        _step(locked, "更新收款账户", user, f"{bank} {locked.account_masked}")
    return locked
