"""职工互助保障: plans, enrollments, contribution bills, claims, payments."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from gonghui.core import clock, crypto
from gonghui.core.models import Employer, Organization, Person


class Category(models.TextChoices):
    HOSPITAL = "hospital", "住院医疗"
    CRITICAL = "critical", "重大疾病"
    FEMALE = "female", "女职工特殊疾病"
    ACCIDENT = "accident", "意外伤害"
    ALLOWANCE = "allowance", "住院津贴"


class PayoutRule(models.TextChoices):
    RATIO = "ratio", "自付费用扣除起付线后按比例"
    PER_DAY = "per_day", "按住院天数每日定额"
    FIXED = "fixed", "定额给付"


class AidPlan(models.Model):
    """保障项目 for one coverage period, with its rules as data an administrator edits."""

    name = models.CharField("项目名称", max_length=80)
    category = models.CharField("保障类别", max_length=16, choices=Category.choices)
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    period_start = models.DateField("保障期起")
    period_end = models.DateField("保障期止")
    contribution = models.DecimalField("每人缴费", max_digits=10, decimal_places=2)
    waiting_days = models.PositiveSmallIntegerField("观察期（天）", default=90)
    waiting_exempt_renewal = models.BooleanField("连续续保免观察期", default=True)
    waiting_exempt_accident = models.BooleanField("意外事故免观察期", default=True)
    payout_rule = models.CharField("给付方式", max_length=10, choices=PayoutRule.choices)
    deductible = models.DecimalField("起付线", max_digits=10, decimal_places=2, default=0)
    ratio = models.DecimalField("给付比例", max_digits=4, decimal_places=3, default=0)
    per_day = models.DecimalField("每日津贴", max_digits=10, decimal_places=2, default=0)
    max_days = models.PositiveSmallIntegerField("每次最多天数", default=0)
    fixed_amount = models.DecimalField("定额", max_digits=10, decimal_places=2, default=0)
    cap_per_claim = models.DecimalField("每次最高给付", max_digits=10, decimal_places=2)
    cap_per_year = models.DecimalField("年度累计最高给付", max_digits=10, decimal_places=2)
    women_only = models.BooleanField("仅限女职工", default=False)
    # [{"name": "恶性肿瘤", "keywords": ["恶性肿瘤", "癌"]}, ...]; empty for non-disease plans.
    diseases: models.JSONField[Any, Any] = models.JSONField("病种目录", default=list, blank=True)
    is_active = models.BooleanField("开放参保", default=True)

    class Meta:
        verbose_name = "保障项目"
        verbose_name_plural = "保障项目"
        ordering = ["-year", "category", "id"]
        constraints = [
            models.UniqueConstraint(fields=["name", "year"], name="aidplan_name_year_unique"),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="aidplan_period_order"
            ),
            models.CheckConstraint(
                condition=Q(contribution__gte=0)
                & Q(cap_per_claim__gte=0)
                & Q(cap_per_year__gte=0)
                & Q(deductible__gte=0),
                name="aidplan_amounts_nonneg",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年{self.name}"

    @property
    def ratio_percent(self) -> str:
        """给付比例 as people write it: 55%, 55.5%."""
        return f"{(self.ratio * 100).normalize():f}%"


class Payer(models.TextChoices):
    UNIT = "unit", "单位缴纳"
    WORKER = "worker", "个人缴纳"
    SPLIT = "split", "单位50%+工会50%"
    UNION = "union", "工会全额（免费保障）"


class EnrollmentStatus(models.TextChoices):
    PENDING = "pending", "待缴费"
    ACTIVE = "active", "保障中"
    CANCELLED = "cancelled", "已退保"


class Enrollment(models.Model):
    """参保登记: one person in one plan (the plan fixes the period)."""

    plan = models.ForeignKey(
        AidPlan, verbose_name="保障项目", on_delete=models.PROTECT, related_name="enrollments"
    )
    person = models.ForeignKey(
        Person, verbose_name="参保人", on_delete=models.PROTECT, related_name="aid_enrollments"
    )
    employer = models.ForeignKey(
        Employer,
        verbose_name="参保单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="aid_enrollments",
    )
    # Scope: the employer's territorial union, else the person's union.
    org = models.ForeignKey(
        Organization, verbose_name="所属工会", on_delete=models.PROTECT, related_name="+"
    )
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
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

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


class Contribution(models.Model):
    """缴费单: one bill per unit (employer, or the union for free cover) and plan."""

    plan = models.ForeignKey(
        AidPlan, verbose_name="保障项目", on_delete=models.PROTECT, related_name="bills"
    )
    employer = models.ForeignKey(
        Employer,
        verbose_name="参保单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    org = models.ForeignKey(
        Organization, verbose_name="所属工会", on_delete=models.PROTECT, related_name="+"
    )
    headcount = models.PositiveIntegerField("参保人数", default=0)
    amount_due = models.DecimalField("应缴金额", max_digits=12, decimal_places=2)
    unit_share = models.DecimalField("单位承担", max_digits=12, decimal_places=2, default=0)
    worker_share = models.DecimalField("个人承担", max_digits=12, decimal_places=2, default=0)
    union_share = models.DecimalField("工会承担", max_digits=12, decimal_places=2, default=0)
    amount_paid = models.DecimalField("已缴金额", max_digits=12, decimal_places=2, default=0)
    status = models.CharField(
        "状态", max_length=8, choices=BillStatus.choices, default=BillStatus.UNPAID
    )
    created_at = models.DateTimeField("开单时间", auto_now_add=True)

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
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "缴费到账"
        verbose_name_plural = "缴费到账"
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="contribution_payment_pos")
        ]

    def __str__(self) -> str:
        return f"{self.bill} 到账 {self.amount}"


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
    org = models.ForeignKey(
        Organization, verbose_name="所属工会", on_delete=models.PROTECT, related_name="+"
    )
    linked_to = models.ForeignKey(
        "self",
        verbose_name="同一事件的原申领",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="linked",
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="提交人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
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
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="受理人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="复核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
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
        """The amount as every page shows it: 测算互助金6765.00元 / 核定互助金6765.00元."""
        if self.status == ClaimStatus.REJECTED:
            return "不予给付"
        return f"{self.amount_label}{self.amount:.2f}元"

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


class ClaimDocument(models.Model):
    """An uploaded supporting document (PDF or image, checked by content)."""

    claim = models.ForeignKey(
        Claim, verbose_name="申领", on_delete=models.CASCADE, related_name="documents"
    )
    # A storage path, not a FileField: core.audit's snapshot serialises plain values only.
    path = models.CharField("存储路径", max_length=255)
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("类型", max_length=40)
    size = models.PositiveIntegerField("大小")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "申领材料"
        verbose_name_plural = "申领材料"

    def __str__(self) -> str:
        return self.name

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
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="经办人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField("说明", max_length=300, blank=True, default="")

    class Meta:
        verbose_name = "办理环节"
        verbose_name_plural = "办理环节"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.claim.number} {self.step}"


class AidBudget(models.Model):
    """预算: one budget line (预算科目) of a year that 互助金 batches are paid from, set by the
    市总. Without an amount the line is only a name (offered as the batches' default)."""

    year = models.PositiveSmallIntegerField("预算年度", db_index=True)
    line = models.CharField("预算科目", max_length=60)
    amount = models.DecimalField("预算金额", max_digits=14, decimal_places=2, null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="设置人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

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


class PaymentBatch(models.Model):
    """支付批次: the claims an officer selected, exported as one bank sheet, then marked paid
    with the bank's date and voucher number; a paid batch is locked."""

    number = models.CharField("批次号", max_length=20, unique=True)
    org = models.ForeignKey(
        Organization, verbose_name="经办组织", on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="制单人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("制单时间", auto_now_add=True)
    budget_year = models.PositiveSmallIntegerField("预算年度", null=True, blank=True)
    budget_line = models.CharField("预算科目", max_length=60, blank=True, default="")
    paid_on = models.DateField("支付日期", null=True, blank=True)
    voucher = models.CharField("凭证号", max_length=40, blank=True, default="")
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="标记支付人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
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


class ClaimPayment(models.Model):
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
    created_at = models.DateTimeField("生成时间", auto_now_add=True)
    paid_on = models.DateField("支付日期", null=True, blank=True)

    class Meta:
        verbose_name = "互助金支付"
        verbose_name_plural = "互助金支付"
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="claim_payment_pos")]

    def __str__(self) -> str:
        return f"{self.claim.number} {self.amount}"
