"""互助金申领: the claim, its invoices, uploaded documents and dated steps."""

from __future__ import annotations

import re
from typing import Any

from django.db import models
from django.db.models import Q

from gonghui.core import crypto
from gonghui.core.models import Organization, Person
from gonghui.core.models_base import StoredDocument, owning_org, user_ref
from gonghui.mutual_aid.models_enrollments import Enrollment
from gonghui.mutual_aid.models_plans import AidPlan


class EventKind(models.TextChoices):
    ILLNESS = "illness", "疾病"
    ACCIDENT = "accident", "意外伤害"


class ClaimStatus(models.TextChoices):
    SUBMITTED = "submitted", "已提交（待受理）"
    ACCEPTED = "accepted", "已受理（待审核）"
    SUPPLEMENT = "supplement", "待补充材料"
    REVIEWED = "reviewed", "已审核（待复核）"
    APPROVED = "approved", "已复核（待支付）"
    PAID = "paid", "已支付"
    REJECTED = "rejected", "不予给付"


# Once reviewed (审核) the amount is 核定; before, it is only 测算 (an estimate).
REVIEWED_STATUSES = frozenset({ClaimStatus.REVIEWED, ClaimStatus.APPROVED, ClaimStatus.PAID})
AMOUNT_LABELS = frozenset({"核定互助金", "测算互助金"})


def _yuan(value: Any) -> str:
    """The pages' money filter, imported on use: models load before the template machinery."""
    from gonghui.core.templatetags.gonghui_ui import yuan

    return yuan(value)


# How rules.compute_payout stores an amount in the breakdown ("16462.84").
_STORED_AMOUNT = re.compile(r"-?\d+\.\d{2}")


class Claim(models.Model):
    """互助金申领 under one enrollment."""

    number = models.CharField("申领编号", max_length=20, unique=True)
    enrollment = models.ForeignKey(
        Enrollment, verbose_name="参保登记", on_delete=models.PROTECT, related_name="claims"
    )
    plan = models.ForeignKey(
        AidPlan, verbose_name="保障项目", on_delete=models.PROTECT, related_name="claims"
    )
    person = models.ForeignKey(
        Person, verbose_name="申领人", on_delete=models.PROTECT, related_name="aid_claims"
    )
    org = owning_org("所属工会")
    linked_to = models.ForeignKey(
        "self",
        verbose_name="同一事件的原申领",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="linked",
    )
    filed_by = user_ref("提交人", blank=False)
    event_kind = models.CharField("事件类型", max_length=10, choices=EventKind.choices)
    event_date = models.DateField("出险日期")
    diagnosis_enc = models.TextField("诊断（密文）", editable=False, default="")
    hospital = models.CharField("就诊医院", max_length=100, blank=True, default="")
    admitted_on = models.DateField("入院日期", null=True, blank=True)
    discharged_on = models.DateField("出院日期", null=True, blank=True)
    self_paid = models.DecimalField(
        "医保报销后个人自付", max_digits=12, decimal_places=2, default=0
    )
    # 测算 when filed, 核定 once reviewed (审核): see `amount_label`.
    amount = models.DecimalField("互助金金额", max_digits=12, decimal_places=2, default=0)
    breakdown: models.JSONField[Any, Any] = models.JSONField("计算明细", default=list, blank=True)
    status = models.CharField(
        "状态",
        max_length=12,
        choices=ClaimStatus.choices,
        default=ClaimStatus.SUBMITTED,
        db_index=True,
    )
    filed_at = models.DateTimeField("提交时间", auto_now_add=True)
    accepted_on = models.DateField("受理日期（材料齐全）", null=True, blank=True)
    supplement_since = models.DateField("补充材料起", null=True, blank=True)
    paused_workdays = models.PositiveSmallIntegerField("暂停计时工作日", default=0)
    accepted_by = user_ref("受理人")
    reviewed_by = user_ref("审核人")
    checked_by = user_ref("复核人")
    paid_on = models.DateField("支付日期", null=True, blank=True, db_index=True)
    workdays_to_pay = models.PositiveSmallIntegerField("办结用时（工作日）", null=True, blank=True)
    payee_bank = models.CharField("开户行", max_length=60, blank=True, default="")
    account_enc = models.TextField("银行账号（密文）", blank=True, default="", editable=False)
    account_masked = models.CharField("银行账号", max_length=30, blank=True, default="")
    reject_reason = models.CharField("不予给付原因", max_length=200, blank=True, default="")

    class Meta:
        verbose_name = "互助金申领"
        verbose_name_plural = "互助金申领"
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0) & Q(self_paid__gte=0), name="claim_amounts_nonneg"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.plan.name}"

    @property
    def diagnosis(self) -> str:
        return crypto.decrypt(self.diagnosis_enc, purpose="claim.diagnosis")

    def set_diagnosis(self, text: str) -> None:
        self.diagnosis_enc = crypto.encrypt(text, purpose="claim.diagnosis")

    @property
    def account(self) -> str:
        return crypto.decrypt(self.account_enc, purpose="claim.account")

    def set_account(self, number: str) -> None:
        self.account_enc = crypto.encrypt(number, purpose="claim.account")
        self.account_masked = (number[:4] + "****" + number[-4:]) if len(number) > 8 else "****"

    # ---- the amount: an estimate (测算) until a reviewer has confirmed it (核定)

    @property
    def amount_reviewed(self) -> bool:
        """Whether a reviewer has confirmed the amount (审核); before that it is an estimate."""
        return self.status in REVIEWED_STATUSES

    @property
    def amount_label(self) -> str:
        return "核定互助金" if self.amount_reviewed else "测算互助金"

    @property
    def amount_text(self) -> str:
        """The amount as every page shows it: 测算互助金6,765.00 元 / 核定互助金6,765.00 元."""
        if self.status == ClaimStatus.REJECTED:
            return "不予给付"
        return f"{self.amount_label}{_yuan(self.amount)}"

    @property
    def breakdown_lines(self) -> list[tuple[str, str]]:
        """The stored breakdown, its result line named after the state of review (rows stored
        before review, or before this label existed, say 核定 for what was only computed)."""
        out = []
        for label, value in self.breakdown or []:
            if label in AMOUNT_LABELS:
                label = self.amount_label
            out.append((str(label), str(value)))
        return out

    @property
    def breakdown_shown(self) -> list[tuple[str, str]]:
        """The breakdown as the claim page shows it: its amounts (stored with two decimals, unlike
        the days and the percentage) written 1,234.00 元."""
        return [
            (label, _yuan(value) if _STORED_AMOUNT.fullmatch(value) else value)
            for label, value in self.breakdown_lines
        ]

    # ---- the payee: 开户行 and 银行账号, both needed before a claim goes into a payment batch

    @property
    def bank_missing(self) -> list[str]:
        """What of the payee's bank details is missing (empty when complete)."""
        missing = []
        if not self.payee_bank.strip():
            missing.append("开户行")
        if not self.account_enc:
            missing.append("银行账号")
        return missing

    @property
    def bank_state(self) -> str:
        missing = self.bank_missing
        return "收款信息齐全" if not missing else "缺少" + "和".join(missing)


class Invoice(models.Model):
    """医疗发票 attached to a claim; a number is used once across the whole system."""

    claim = models.ForeignKey(
        Claim, verbose_name="申领", on_delete=models.CASCADE, related_name="invoices"
    )
    number = models.CharField("发票号码", max_length=40, unique=True)
    amount = models.DecimalField("发票金额", max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = "医疗发票"
        verbose_name_plural = "医疗发票"
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="invoice_nonneg")]

    def __str__(self) -> str:
        return self.number


class ClaimDocument(StoredDocument):
    """An uploaded supporting document (PDF or image, checked by content)."""

    claim = models.ForeignKey(
        Claim, verbose_name="申领", on_delete=models.CASCADE, related_name="documents"
    )

    class Meta:
        verbose_name = "申领材料"
        verbose_name_plural = "申领材料"

    # A document belongs where its claim does (core.permissions reads these two).
    def owner_org(self) -> Organization:
        return self.claim.org

    @property
    def person(self) -> Person:
        return self.claim.person


class ClaimStep(models.Model):
    """One dated step of a claim's progress (what the member's progress page lists)."""

    claim = models.ForeignKey(
        Claim, verbose_name="申领", on_delete=models.CASCADE, related_name="steps"
    )
    step = models.CharField("环节", max_length=20)
    at = models.DateTimeField("时间", auto_now_add=True)
    actor = user_ref("经办人", blank=False)
    note = models.CharField("说明", max_length=300, blank=True, default="")

    class Meta:
        verbose_name = "办理环节"
        verbose_name_plural = "办理环节"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.claim.number} {self.step}"
