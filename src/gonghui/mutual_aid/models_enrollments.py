"""参保登记 and the units' contribution bills (缴费单) with the money received on them."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from gonghui.core.models import Employer, Person
from gonghui.core.models_base import Created, owning_org, user_ref
from gonghui.mutual_aid.models_plans import AidPlan


def _insured_unit(*, related_name: str) -> models.ForeignKey[Employer | None, Employer | None]:
    """参保单位 of an enrollment or a bill: the employer, empty where no unit takes part."""
    return models.ForeignKey(
        Employer,
        verbose_name="参保单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name=related_name,
    )


class Payer(models.TextChoices):
    UNIT = "unit", "单位缴纳"
    WORKER = "worker", "个人缴纳"
    SPLIT = "split", "单位50%+工会50%"
    UNION = "union", "工会全额（免费保障）"


class EnrollmentStatus(models.TextChoices):
    PENDING = "pending", "待缴费"
    ACTIVE = "active", "保障中"
    CANCELLED = "cancelled", "已退保"


class Enrollment(Created):
    """参保登记: one person in one plan (the plan fixes the period)."""

    plan = models.ForeignKey(
        AidPlan, verbose_name="保障项目", on_delete=models.PROTECT, related_name="enrollments"
    )
    person = models.ForeignKey(
        Person, verbose_name="参保人", on_delete=models.PROTECT, related_name="aid_enrollments"
    )
    employer = _insured_unit(related_name="aid_enrollments")
    # Scope: the employer's territorial union, else the person's union.
    org = owning_org("所属工会")
    payer = models.CharField("缴费方式", max_length=8, choices=Payer.choices)
    amount = models.DecimalField("应缴金额", max_digits=10, decimal_places=2)
    status = models.CharField(
        "状态", max_length=10, choices=EnrollmentStatus.choices, default=EnrollmentStatus.PENDING
    )
    cover_start = models.DateField("保障生效日", null=True, blank=True)
    continuous = models.BooleanField("连续参保", default=False)
    renewed_from = models.ForeignKey(
        "self",
        verbose_name="上期参保",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # 退保: cover stops from this day (events on or after it are not covered).
    cancelled_on = models.DateField("退保日期（保障终止日）", null=True, blank=True)
    cancel_reason = models.CharField("退保原因", max_length=200, blank=True, default="")
    bill = models.ForeignKey(
        "Contribution",
        verbose_name="缴费单",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enrollments",
    )

    class Meta:
        verbose_name = "参保登记"
        verbose_name_plural = "参保登记"
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "plan"],
                condition=~Q(status="cancelled"),
                name="one_live_enrollment_per_person_plan",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="enrollment_amount_nonneg"),
        ]
        indexes = [models.Index(fields=["plan", "status"], name="enrollment_plan_status_idx")]

    def __str__(self) -> str:
        return f"{self.person} · {self.plan}"


class BillStatus(models.TextChoices):
    UNPAID = "unpaid", "未缴"
    PARTIAL = "partial", "部分缴纳"
    PAID = "paid", "已缴清"


class Contribution(Created):
    """缴费单: one bill per unit (employer, or the union for free cover) and plan."""

    plan = models.ForeignKey(
        AidPlan, verbose_name="保障项目", on_delete=models.PROTECT, related_name="bills"
    )
    employer = _insured_unit(related_name="+")
    org = owning_org("所属工会")
    headcount = models.PositiveIntegerField("参保人数", default=0)
    amount_due = models.DecimalField("应缴金额", max_digits=12, decimal_places=2)
    unit_share = models.DecimalField("单位承担", max_digits=12, decimal_places=2, default=0)
    worker_share = models.DecimalField("个人承担", max_digits=12, decimal_places=2, default=0)
    union_share = models.DecimalField("工会承担", max_digits=12, decimal_places=2, default=0)
    amount_paid = models.DecimalField("已缴金额", max_digits=12, decimal_places=2, default=0)
    status = models.CharField(
        "状态", max_length=8, choices=BillStatus.choices, default=BillStatus.UNPAID
    )

    class Meta:
        verbose_name = "缴费单"
        verbose_name_plural = "缴费单"
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_paid__gte=0) & Q(amount_paid__lte=models.F("amount_due")),
                name="bill_paid_within_due",
            )
        ]

    def __str__(self) -> str:
        who = self.employer.name if self.employer is not None else self.org.name
        return f"{who} · {self.plan} 缴费单"

    @property
    def balance(self) -> Any:
        return self.amount_due - self.amount_paid


class ContributionPayment(models.Model):
    """到账记录 of a bill."""

    bill = models.ForeignKey(
        Contribution, verbose_name="缴费单", on_delete=models.PROTECT, related_name="payments"
    )
    amount = models.DecimalField("到账金额", max_digits=12, decimal_places=2)
    paid_on = models.DateField("到账日期")
    reference = models.CharField("凭证号", max_length=60, blank=True, default="")
    recorded_by = user_ref("登记人", blank=False)

    class Meta:
        verbose_name = "缴费到账"
        verbose_name_plural = "缴费到账"
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="contribution_payment_pos")
        ]

    def __str__(self) -> str:
        return f"{self.bill} 到账 {self.amount}"
