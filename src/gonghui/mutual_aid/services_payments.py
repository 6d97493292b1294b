"""Paying approved claims: the 市总's budget lines and the payment batches (生成, 修改, 移出, 标记已支付)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum

from gonghui.core import audit, clock
from gonghui.core.db import lock_row, unique_or, unless_taken
from gonghui.core.errors import DomainError, named
from gonghui.core.models import AuditAction, User
from gonghui.core.money import to_money
from gonghui.core.permissions import can, requires
from gonghui.core.scope import scoped
from gonghui.core.templatetags.gonghui_ui import yuan
from gonghui.core.workdays import workdays_between
from gonghui.mutual_aid import rules
from gonghui.mutual_aid.models import (
    AidBudget,
    BatchSequence,
    Claim,
    ClaimPayment,
    ClaimStatus,
    PaymentBatch,
)
from gonghui.mutual_aid.rules import ZERO
from gonghui.mutual_aid.services_claims import _step


def clean_budget_line(text: str) -> str:
    line = " ".join(str(text or "").split())
    if not line:
        raise DomainError("请填写预算科目")
    if len(line) > 60:
        raise DomainError("预算科目不能超过60个字")
    return line


def clean_budget_year(year: Any) -> int:
    try:
        value = int(year)
    except (TypeError, ValueError):
        raise DomainError(f"预算年度“{year}”无效") from None
    if not 2000 <= value <= 2100:
        raise DomainError(f"预算年度{value}无效")
    return value


@requires("mutual_aid.budget.change")
def budget_save(*, user: User, year: int, line: str, amount: Any = None) -> AidBudget:
    """Set a year's budget line (预算科目) and its amount; a blank amount names the line only."""
    year = clean_budget_year(year)
    line = clean_budget_line(line)
    value = None
    if amount is not None and str(amount).strip() != "":
        value = to_money(amount, field="预算金额")
    with transaction.atomic():
        budget = AidBudget.objects.select_for_update().filter(year=year, line=line).first()
        if budget is None:
            budget = AidBudget(year=year, line=line)
        budget.amount = value
        budget.updated_by = user
        with unique_or(f"{year}年预算科目“{line}”已存在，请刷新后再修改"):
            budget.save()
    return budget


@dataclass(frozen=True)
class BatchSummary:
    """What the officer confirms before a batch is made or marked paid: how many claims, how
    much in total, from which budget line. The services compare it with what they find under
    the lock, so a stale page, an API call or a double click cannot act on something else."""

    count: int
    total: Decimal
    budget_line: str

    @classmethod
    def of(cls, payments: list[ClaimPayment], budget_line: str) -> BatchSummary:
        """The summary of these payments paid from `budget_line`."""
        return cls(
            count=len(payments),
            total=sum((p.amount for p in payments), ZERO).quantize(rules.CENT),
            budget_line=budget_line,
        )

    def text(self) -> str:
        return f"{self.count}笔，合计{yuan(self.total)}，预算科目“{self.budget_line}”"


def _confirmed(expected: BatchSummary, confirmed: BatchSummary | None, what: str) -> None:
    if confirmed is None:
        raise DomainError(f"请先核对{what}的笔数、合计金额和预算科目，确认后再提交")
    try:
        total = Decimal(str(confirmed.total)).quantize(rules.CENT)
    except (ArithmeticError, ValueError):
        total = Decimal("-1")
    same = (
        int(confirmed.count) == expected.count
        and total == expected.total
        and " ".join(str(confirmed.budget_line).split()) == expected.budget_line
    )
    if not same:
        raise DomainError(
            f"确认的内容与{what}不符（您确认的是{confirmed.count}笔、合计{yuan(total)}、"
            f"预算科目“{confirmed.budget_line}”，实际为{expected.text()}），请重新核对后再确认"
        )


def bank_refusal(payment: ClaimPayment) -> str:
    """Why a waiting payment cannot go into a batch ("" when it can)."""
    missing = payment.claim.bank_missing
    if missing:
        return f"申领{payment.claim.number}（{payment.claim.person.name}）缺少{'和'.join(missing)}"
    return ""


@requires("mutual_aid.payment.create")
def claim_payments_waiting(*, user: User, claim_ids: list[int]) -> list[ClaimPayment]:
    """The waiting payments of the claims checked on the claim list, in the order given; refused
    whole, naming each id the user may not see and each claim that is not waiting for payment."""
    ids = list(dict.fromkeys(claim_ids))
    if not ids:
        raise DomainError("请勾选要纳入支付批次的申领")
    claims = {
        c.pk: c
        for c in scoped(Claim.objects.select_related("person"), user, person_field="person")
        .filter(pk__in=ids)
        .order_by()
    }
    payments = {
        p.claim_id: p
        for p in ClaimPayment.objects.select_related(
            "batch", "claim__person", "claim__plan"
        ).filter(claim_id__in=list(claims))
    }
    problems: list[str] = []
    unseen = [str(i) for i in ids if i not in claims]
    if unseen:
        problems.append(
            f"编号为{named(unseen, sep='、', unit='条')}的申领不存在或不在您的管辖范围内"
        )
    for pk in ids:
        claim = claims.get(pk)
        if claim is None:
            continue
        who = f"申领{claim.number}（{claim.person.name}）"
        payment = payments.get(pk)
        if payment is None:
            problems.append(f"{who}状态为“{claim.get_status_display()}”，不在待支付名单中")
        elif payment.batch is not None:
            problems.append(f"{who}已在支付批次{payment.batch.number}中")
        elif payment.paid_on is not None:
            problems.append(f"{who}已支付")
    if problems:
        raise DomainError(
            "所选申领中有不能纳入支付批次的记录，未做任何处理，请取消勾选后重试：" + named(problems)
        )
    return [payments[pk] for pk in ids]


def allocate_batch_number(*, day: dt.date) -> str:
    """The day's next batch number ZF+date+4 digits, under a lock on the day's counter row;
    call inside a transaction (the lock lasts until it ends)."""
    counter = BatchSequence.objects.select_for_update().filter(day=day).first()
    if counter is None:
        # Another officer may make the day's first batch at the same moment.
        with unless_taken():
            # bulk_create: the counter is plumbing, not a record worth an audit entry.
            BatchSequence.objects.bulk_create([BatchSequence(day=day)])
        counter = BatchSequence.objects.select_for_update().get(day=day)
    counter.last += 1
    BatchSequence.objects.filter(pk=counter.pk).update(last=counter.last)
    return f"ZF{day:%Y%m%d}{counter.last:04d}"


@requires("mutual_aid.payment.create")
def payment_batch_create(
    *,
    user: User,
    payments: list[ClaimPayment],
    budget_line: str,
    budget_year: int | None = None,
    confirmed: BatchSummary | None = None,
) -> PaymentBatch:
    """A batch of the waiting payments the officer selected in their subtree, after they
    confirmed its count, total and budget line; refused whole, naming each claim and what it
    lacks, when any selected claim has no complete bank details (开户行, 银行账号)."""
    owner = user.organization
    if owner is None:  # the table already refuses a staff account without one
        raise DomainError("您的账号未设置所属组织")
    line = clean_budget_line(budget_line)
    year = clean_budget_year(budget_year if budget_year is not None else clock.today().year)
    ids = sorted({p.pk for p in payments})
    if not ids:
        raise DomainError("请勾选要纳入支付批次的申领")
    with transaction.atomic():
        locked = list(
            scoped(
                ClaimPayment.objects.select_for_update(of=("self",)).select_related(
                    "claim__person"
                ),
                user,
                "claim__org",
            )
            .filter(pk__in=ids)
            .order_by("id")
        )
        if len(locked) != len(ids):
            raise DomainError("所选申领中有不存在或不在您管辖范围内的记录，请刷新页面后重新勾选")
        taken = [p for p in locked if p.batch_id is not None or p.paid_on is not None]
        if taken:
            numbers = dict(
                PaymentBatch.objects.filter(pk__in={p.batch_id for p in taken}).values_list(
                    "pk", "number"
                )
            )
            raise DomainError(
                "以下申领已不在待支付名单中，请刷新页面后重新勾选："
                + "；".join(
                    f"申领{p.claim.number}已在支付批次{numbers.get(p.batch_id, '')}中"
                    if p.batch_id
                    else f"申领{p.claim.number}已支付"
                    for p in taken
                )
            )
        refused = [r for r in (bank_refusal(p) for p in locked) if r]
        if refused:
            raise DomainError(
                f"以下{len(refused)}笔申领收款信息不全，不能纳入支付批次："
                + "；".join(refused)
                + "。请补全收款账户，或不勾选这些申领后再生成"
            )
        expected = BatchSummary.of(locked, line)
        _confirmed(expected, confirmed, "支付批次")
        number = allocate_batch_number(day=clock.today())
        # A number written by hand elsewhere may already hold it (the unique constraint).
        with unique_or(f"批次号{number}已被占用，请重新生成"):
            batch = PaymentBatch.objects.create(
                number=number,
                org=owner,
                created_by=user,
                budget_year=year,
                budget_line=line,
                total=expected.total,
            )
        ClaimPayment.objects.filter(pk__in=ids).update(batch=batch)
        audit.record(
            action=AuditAction.UPDATE,
            instance=batch,
            user=user,
            note=f"生成支付批次：{expected.text()}；申领"
            + "、".join(p.claim.number for p in locked),
        )
    return batch


def _lock_unpaid(batch: PaymentBatch, action: str) -> PaymentBatch:
    locked = lock_row(batch)
    if locked.paid_on is not None:
        raise DomainError(
            f"批次{locked.number}已于{locked.paid_on:%Y-%m-%d}支付（凭证号{locked.voucher}），"
            f"已锁定，不能{action}"
        )
    return locked


@requires("mutual_aid.payment.change", on="batch")
def payment_batch_update(
    *, batch: PaymentBatch, user: User, budget_line: str, budget_year: int
) -> PaymentBatch:
    """Change the budget line of a batch not yet paid."""
    line = clean_budget_line(budget_line)
    year = clean_budget_year(budget_year)
    with transaction.atomic():
        batch = _lock_unpaid(batch, "修改")
        batch.budget_line = line
        batch.budget_year = year
        batch.save()
    return batch


@requires("mutual_aid.payment.change", on="batch")
def payment_batch_remove(
    *, batch: PaymentBatch, user: User, payment: ClaimPayment, reason: str
) -> PaymentBatch:
    """Take one claim out of a batch not yet paid (e.g. the bank returned it): it waits again."""
    reason = " ".join(str(reason).split())
    if not reason:
        raise DomainError("请填写移出批次的原因")
    with transaction.atomic():
        batch = _lock_unpaid(batch, "移出申领")
        locked = (
            ClaimPayment.objects.select_for_update(of=("self",))
            .select_related("claim")
            .filter(pk=payment.pk, batch=batch)
            .first()
        )
        if locked is None:
            raise DomainError(f"该申领不在批次{batch.number}中")
        locked.batch = None
        locked.save()
        batch.total = batch.payments.aggregate(s=Sum("amount"))["s"] or ZERO
        batch.save()
        _step(locked.claim, "移出支付批次", user, f"移出批次{batch.number}：{reason}")
    return batch


@requires("mutual_aid.payment.mark_paid", on="batch")
def payment_batch_mark_paid(
    *,
    batch: PaymentBatch,
    user: User,
    paid_on: dt.date,
    voucher: str,
    confirmed: BatchSummary | None = None,
) -> PaymentBatch:
    """The bank paid the batch on `paid_on` under voucher `voucher` (凭证号): every claim in it is
    已支付 with its working days recorded, and the batch is locked."""
    voucher = "".join(str(voucher or "").split())
    if not voucher:
        raise DomainError("请填写凭证号")
    if len(voucher) > 40:
        raise DomainError("凭证号不能超过40个字符")
    if paid_on is None:
        raise DomainError("请填写支付日期")
    today = clock.today()
    if paid_on > today:
        raise DomainError(f"支付日期{paid_on:%Y-%m-%d}不能晚于今天（{today:%Y-%m-%d}）")
    with transaction.atomic():
        batch = lock_row(batch)
        if batch.paid_on is not None:
            raise DomainError(
                f"批次{batch.number}已于{batch.paid_on:%Y-%m-%d}标记支付（凭证号{batch.voucher}），"
                "不能再次标记"
            )
        made = batch.made_on
        if paid_on < made:
            raise DomainError(
                f"支付日期{paid_on:%Y-%m-%d}不能早于批次{batch.number}的生成日期{made:%Y-%m-%d}"
            )
        if not batch.budget_line:
            raise DomainError(f"批次{batch.number}尚未填写预算科目，请先修改批次")
        payments = list(
            batch.payments.select_for_update(of=("self",)).select_related("claim").order_by("id")
        )
        if not payments:
            raise DomainError(f"批次{batch.number}中没有申领，不能标记支付")
        _confirmed(BatchSummary.of(payments, batch.budget_line), confirmed, f"批次{batch.number}")
        used = PaymentBatch.objects.filter(voucher=voucher).exclude(pk=batch.pk).first()
        if used is not None:
            where = (
                f"批次{used.number}" if can(user, "mutual_aid.payment.view", used) else "其他批次"
            )
            raise DomainError(f"凭证号{voucher}已用于{where}，同一凭证不能重复登记")
        batch.paid_on = paid_on
        batch.voucher = voucher
        batch.paid_by = user
        with unique_or(f"凭证号{voucher}已用于其他批次，同一凭证不能重复登记"):
            batch.save()
        for payment in payments:
            claim = payment.claim
            payment.paid_on = paid_on
            payment.save()
            claim.status = ClaimStatus.PAID
            claim.paid_on = paid_on
            if claim.accepted_on is not None:
                claim.workdays_to_pay = max(
                    workdays_between(claim.accepted_on, paid_on) - claim.paused_workdays, 0
                )
            claim.save()
            _step(claim, "已支付", user, f"互助金{yuan(claim.amount)}已支付（批次{batch.number}）")
        audit.record(
            action=AuditAction.UPDATE,
            instance=batch,
            user=user,
            note=f"标记已支付：{BatchSummary.of(payments, batch.budget_line).text()}，"
            f"支付日期{paid_on:%Y-%m-%d}，凭证号{voucher}",
        )
    return batch
