"""Care subsidies: yearly payout lists and their lines."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import F, Q, Sum

from gonghui.core.models import Person, User
from gonghui.core.models_base import owning_org
from gonghui.honors.models.registry import HonorLevel


class SubsidyListStatus(models.TextChoices):
    DRAFT = "draft", "待审核"
    APPROVED = "approved", "已审核"
    PAID = "paid", "已发放"


class SubsidyList(models.Model):
    """A yearly payout list computed from the registry; made by one user, approved by another."""

    org = owning_org("编制单位")
    year = models.PositiveSmallIntegerField("年度")
    status = models.CharField(
        "状态", max_length=10, choices=SubsidyListStatus.choices, default=SubsidyListStatus.DRAFT
    )
    made_by = models.ForeignKey(
        User, verbose_name="制表人", on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField("制表时间", auto_now_add=True)
    approved_by = models.ForeignKey(
        User,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField("审核时间", null=True, blank=True)
    paid_at = models.DateTimeField("发放时间", null=True, blank=True)
    paid_by = models.ForeignKey(
        User,
        verbose_name="发放登记人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Every payment belongs to a budget line of a year (domain §0 money).
    budget_line = models.CharField("预算科目", max_length=100)
    budget_amount = models.DecimalField(
        "预算金额（元）", max_digits=12, decimal_places=2, null=True, blank=True
    )
    paid_on = models.DateField("发放日期", null=True, blank=True)
    voucher_number = models.CharField("凭证号", max_length=60, blank=True, default="")

    class Meta:
        verbose_name = "补助发放名单"
        verbose_name_plural = "补助发放名单"
        ordering = ["-year", "-id"]
        constraints = [
            # The maker cannot approve their own list (enforced in the database as well).
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("made_by")),
                name="subsidylist_maker_not_approver",
            ),
            models.CheckConstraint(
                condition=~Q(budget_line=""), name="subsidylist_has_budget_line"
            ),
            models.CheckConstraint(
                condition=Q(budget_amount__isnull=True) | Q(budget_amount__gte=0),
                name="subsidylist_budget_nonneg",
            ),
            # A paid list names the day of the transfer and its accounting voucher.
            models.CheckConstraint(
                condition=~Q(status="paid") | (Q(paid_on__isnull=False) & ~Q(voucher_number="")),
                name="subsidylist_paid_has_date_and_voucher",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.org} {self.year}年劳模补助名单"

    @property
    def lines_total(self) -> Decimal:
        """The sum of the lines not cancelled (annotated `total` when the selector gave it)."""
        total = getattr(self, "total", None)
        if total is None:
            total = self.payments.exclude(status=PaymentStatus.CANCELLED).aggregate(
                s=Sum("amount")
            )["s"]
        return Decimal(total or 0).quantize(Decimal("0.01"))

    @property
    def budget_remaining(self) -> Decimal | None:
        """What is left of the recorded budget amount after this list (None: no amount)."""
        if self.budget_amount is None:
            return None
        return self.budget_amount - self.lines_total


class PaymentStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    APPROVED = "approved", "已审核"
    PAID = "paid", "已发放"
    CANCELLED = "cancelled", "已取消"


class SubsidyPayment(models.Model):
    """One person's line on a payout list."""

    subsidy_list = models.ForeignKey(
        SubsidyList, verbose_name="发放名单", on_delete=models.CASCADE, related_name="payments"
    )
    person = models.ForeignKey(
        Person, verbose_name="人员", on_delete=models.PROTECT, related_name="subsidy_payments"
    )
    year = models.PositiveSmallIntegerField("年度")
    level = models.PositiveSmallIntegerField("劳模级别", choices=HonorLevel.choices)
    amount = models.DecimalField("金额（元）", max_digits=10, decimal_places=2)
    status = models.CharField(
        "状态", max_length=10, choices=PaymentStatus.choices, default=PaymentStatus.PENDING
    )
    cancel_reason = models.CharField("取消原因", max_length=200, blank=True, default="")

    class Meta:
        verbose_name = "补助发放明细"
        verbose_name_plural = "补助发放明细"
        ordering = ["subsidy_list", "level", "person__name_pinyin", "id"]
        constraints = [
            # Nobody is paid the same subsidy twice in a year.
            models.UniqueConstraint(
                fields=["person", "year"],
                condition=Q(status__in=["approved", "paid"]),
                name="subsidy_once_per_person_year",
            ),
            models.UniqueConstraint(
                fields=["subsidy_list", "person"], name="subsidy_person_once_per_list"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="subsidy_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.person.name} {self.year}年 {self.amount}元"
