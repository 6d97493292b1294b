"""Paying approved claims: budget lines, payment batches and each claim's payment."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q

from gonghui.core import clock
from gonghui.core.models_base import Created, Recorded, owning_org, user_ref
from gonghui.mutual_aid.models_claims import Claim


class AidBudget(models.Model):
    """预算: one budget line (预算科目) of a year that 互助金 batches are paid from, set by the
    市总. Without an amount the line is only a name (offered as the batches' default)."""

    year = models.PositiveSmallIntegerField("预算年度", db_index=True)
    line = models.CharField("预算科目", max_length=60)
    amount = models.DecimalField("预算金额", max_digits=14, decimal_places=2, null=True, blank=True)
    updated_by = user_ref("设置人")

    class Meta:
        verbose_name = "互助金预算"
        verbose_name_plural = "互助金预算"
        ordering = ["-year", "id"]
        constraints = [
            models.UniqueConstraint(fields=["year", "line"], name="aidbudget_year_line_unique"),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0), name="aidbudget_amount_nonneg"
            ),
            models.CheckConstraint(condition=~Q(line=""), name="aidbudget_line_named"),
        ]

    def __str__(self) -> str:
        return f"{self.year}年{self.line}"


class BatchSequence(models.Model):
    """The last batch number handed out on a day: locked while the next one is allocated, so
    numbers run ZF202610090001, …0002 without gaps or duplicates whoever makes the batches."""

    day = models.DateField("日期", unique=True)
    last = models.PositiveIntegerField("已用序号", default=0)

    class Meta:
        verbose_name = "支付批次序号"
        verbose_name_plural = "支付批次序号"

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.last}"


class PaymentBatch(Recorded):
    """支付批次: the claims an officer selected, exported as one bank sheet, then marked paid
    with the bank's date and voucher number; a paid batch is locked."""

    number = models.CharField("批次号", max_length=20, unique=True)
    org = owning_org("经办组织")
    budget_year = models.PositiveSmallIntegerField("预算年度", null=True, blank=True)
    budget_line = models.CharField("预算科目", max_length=60, blank=True, default="")
    paid_on = models.DateField("支付日期", null=True, blank=True)
    voucher = models.CharField("凭证号", max_length=40, blank=True, default="")
    paid_by = user_ref("标记支付人")
    total = models.DecimalField("合计金额", max_digits=14, decimal_places=2, default=0)

    class Meta:
        verbose_name = "支付批次"
        verbose_name_plural = "支付批次"
        ordering = ["-id"]
        constraints = [
            # One voucher pays one batch: the same bank voucher entered twice is refused.
            models.UniqueConstraint(
                fields=["voucher"], condition=~Q(voucher=""), name="paymentbatch_voucher_unique"
            ),
            models.CheckConstraint(condition=Q(total__gte=0), name="paymentbatch_total_nonneg"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def made_on(self) -> dt.date:
        """The day the batch was made (Asia/Shanghai): payment cannot be dated before it."""
        return clock.day_of(self.created_at)

    @property
    def is_paid(self) -> bool:
        return self.paid_on is not None


class ClaimPayment(Created):
    """The one payment of an approved claim."""

    claim = models.OneToOneField(
        Claim, verbose_name="申领", on_delete=models.PROTECT, related_name="payment"
    )
    amount = models.DecimalField("支付金额", max_digits=12, decimal_places=2)
    batch = models.ForeignKey(
        PaymentBatch,
        verbose_name="支付批次",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="payments",
    )
    paid_on = models.DateField("支付日期", null=True, blank=True)

    class Meta:
        verbose_name = "互助金支付"
        verbose_name_plural = "互助金支付"
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="claim_payment_pos")]

    def __str__(self) -> str:
        return f"{self.claim.number} {self.amount}"
