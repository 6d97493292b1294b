"""The hardship ledger (困难职工档案): one case per household, filed on the person registry.

A case goes 申请 → 基层审核 → 县区审批 → 建档; every open case is re-checked once a year (年度复核)
and leaves the ledger by 解困脱困 with a reason and a date. A person has at most one open case
in the whole city (a partial unique constraint); filing again after an exit makes a new case
that points to the old one, so the history stays.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q

from gonghui.core import crypto
from gonghui.core.models import Organization, Person
from gonghui.core.models_base import Created, Recorded, StoredDocument, owning_org, user_ref
from gonghui.core.validators import mask_id

MEMBER_ID_PURPOSE = "relief.member.id_number"


class Category(models.TextChoices):
    DEEP = "deep", "深度困难"
    RELATIVE = "relative", "相对困难"
    ACCIDENT = "accident", "意外致困"


class Cause(models.TextChoices):
    ILLNESS = "illness", "本人大病"
    FAMILY_ILLNESS = "family_illness", "家属大病"
    SCHOOLING = "schooling", "子女就学"
    DISABILITY = "disability", "残疾"
    UNEMPLOYMENT = "unemployment", "失业"
    ACCIDENT = "accident", "意外事故"
    SINGLE_PARENT = "single_parent", "单亲"
    DISASTER = "disaster", "自然灾害"
    OTHER = "other", "其他"


class CaseStatus(models.TextChoices):
    APPLIED = "applied", "待基层审核"
    REVIEWED = "reviewed", "待县区审批"
    FILED = "filed", "已建档"
    REJECTED = "rejected", "未通过"
    EXITED = "exited", "已解困脱困"


# A case in one of these holds the person: a second filing anywhere in the city is refused.
OPEN_STATUSES = (CaseStatus.APPLIED, CaseStatus.REVIEWED, CaseStatus.FILED)


class ReliefSetting(Created):
    """The year's thresholds of an organization (the city's, or a county's own): a household
    whose monthly income per head is at most `deep_multiple` × the local 城市低保标准 is 深度困难,
    at most `relative_multiple` × it 相对困难; 年度复核 is due by `recheck_due`. A unit without
    its own setting uses its nearest ancestor's."""

    org = owning_org("制定组织")
    year = models.PositiveSmallIntegerField("年度")
    dibao = models.DecimalField("城市低保标准（元/人·月）", max_digits=10, decimal_places=2)
    deep_multiple = models.DecimalField(
        "深度困难收入倍数", max_digits=4, decimal_places=2, default=Decimal("1.00")
    )
    relative_multiple = models.DecimalField(
        "相对困难收入倍数", max_digits=4, decimal_places=2, default=Decimal("1.50")
    )
    recheck_due = models.DateField("年度复核截止日期")

    class Meta:
        verbose_name = "困难认定标准"
        verbose_name_plural = "困难认定标准"
        ordering = ["-year", "org__path"]
        constraints = [
            models.UniqueConstraint(fields=["org", "year"], name="relief_setting_org_year"),
            models.CheckConstraint(condition=Q(dibao__gt=0), name="relief_setting_dibao_pos"),
            models.CheckConstraint(
                condition=Q(deep_multiple__gt=0)
                & Q(relative_multiple__gte=models.F("deep_multiple")),
                name="relief_setting_multiples",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.org} {self.year}年困难认定标准"

    def category_for(self, income_per_head: Decimal) -> str | None:
        """The category an income per head falls in by the thresholds (None: above both)."""
        if income_per_head <= self.dibao * self.deep_multiple:
            return Category.DEEP
        if income_per_head <= self.dibao * self.relative_multiple:
            return Category.RELATIVE
        return None


class Case(Recorded):
    """A household's case in the ledger, filed by a union on the applicant's registry record."""

    number = models.CharField("档案编号", max_length=20, unique=True)
    person = models.ForeignKey(
        Person, verbose_name="申请人", on_delete=models.PROTECT, related_name="relief_cases"
    )
    org = owning_org("建档工会")
    category = models.CharField("困难类别", max_length=10, choices=Category.choices)
    # A list of Cause values (multi-select).
    causes = models.JSONField("致困原因", default=list)
    household_size = models.PositiveSmallIntegerField("家庭人口", default=1)
    household_income = models.DecimalField(
        "家庭月总收入（元）", max_digits=12, decimal_places=2, default=Decimal("0.00")
    )
    income_per_head = models.DecimalField(
        "家庭月人均收入（元）", max_digits=12, decimal_places=2, default=Decimal("0.00")
    )
    address = models.CharField("家庭住址", max_length=200, blank=True, default="")
    situation = models.TextField("困难情况说明", blank=True, default="")
    status = models.CharField(
        "状态", max_length=10, choices=CaseStatus.choices, default=CaseStatus.APPLIED
    )
    online = models.BooleanField("职工本人网上申请", default=False)
    applied_on = models.DateField("申请日期")
    reviewed_by = user_ref("基层审核人")
    reviewed_on = models.DateField("基层审核日期", null=True, blank=True)
    approved_by = user_ref("县区审批人")
    filed_on = models.DateField("建档日期", null=True, blank=True)
    rejected_reason = models.CharField("未通过原因", max_length=300, blank=True, default="")
    exit_reason = models.CharField("解困脱困原因", max_length=300, blank=True, default="")
    exited_on = models.DateField("解困脱困日期", null=True, blank=True)
    # Filing again after an exit (or a rejection) starts a new case that names the old one.
    previous = models.ForeignKey(
        "self",
        verbose_name="上一次建档",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "困难职工档案"
        verbose_name_plural = "困难职工档案"
        ordering = ["-applied_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status__in=["applied", "reviewed", "filed"]),
                name="relief_case_one_open_per_person",
            ),
            models.CheckConstraint(
                condition=Q(household_size__gte=1), name="relief_case_household_size"
            ),
            models.CheckConstraint(
                condition=Q(household_income__gte=0) & Q(income_per_head__gte=0),
                name="relief_case_income_nonneg",
            ),
        ]
        indexes = [models.Index(fields=["org", "status"], name="relief_case_org_status")]

    def __str__(self) -> str:
        return f"{self.number} {self.person.name}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def cause_labels(self) -> list[str]:
        labels = dict(Cause.choices)
        return [labels.get(c, c) for c in self.causes]


class Relation(models.TextChoices):
    SPOUSE = "spouse", "配偶"
    CHILD = "child", "子女"
    PARENT = "parent", "父母"
    SIBLING = "sibling", "兄弟姐妹"
    OTHER = "other", "其他"


class HouseholdMember(models.Model):
    """A member of the applicant's household (not the applicant), with an ID number kept as the
    registry keeps one: encrypted, a lookup hash, a masked form for display."""

    case = models.ForeignKey(
        Case, verbose_name="档案", on_delete=models.CASCADE, related_name="members"
    )
    name = models.CharField("姓名", max_length=40)
    relation = models.CharField("与申请人关系", max_length=10, choices=Relation.choices)
    id_number_enc = models.TextField("身份证号码（密文）", editable=False)
    id_hash = models.CharField("身份证号码索引", max_length=64, editable=False, db_index=True)
    id_masked = models.CharField("身份证号码", max_length=18, editable=False)
    occupation = models.CharField("就业或就学情况", max_length=100, blank=True, default="")
    monthly_income = models.DecimalField(
        "月收入（元）", max_digits=12, decimal_places=2, default=Decimal("0.00")
    )
    health = models.CharField("健康状况", max_length=100, blank=True, default="")

    class Meta:
        verbose_name = "家庭成员"
        verbose_name_plural = "家庭成员"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "id_hash"], name="relief_member_once"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_relation_display()}）"

    def owner_org(self) -> Organization:
        return self.case.org

    @property
    def person(self) -> Person:
        return self.case.person

    @property
    def id_number(self) -> str:
        """The full ID number; callers must log the view (see core.pii)."""
        return crypto.decrypt(self.id_number_enc, purpose=MEMBER_ID_PURPOSE)

    def set_id_number(self, number: str) -> None:
        self.id_number_enc = crypto.encrypt(number, purpose=MEMBER_ID_PURPOSE)
        self.id_hash = crypto.lookup_hash(number, purpose="person.id_number")
        self.id_masked = mask_id(number)


class CaseStep(models.Model):
    """One dated step of a case (申请, 基层审核, 县区审批, 复核, 解困脱困 …): the case's history."""

    case = models.ForeignKey(
        Case, verbose_name="档案", on_delete=models.CASCADE, related_name="steps"
    )
    step = models.CharField("环节", max_length=20)
    at = models.DateTimeField("时间", auto_now_add=True)
    actor = user_ref("经办人")
    note = models.CharField("说明", max_length=300, blank=True, default="")

    class Meta:
        verbose_name = "办理环节"
        verbose_name_plural = "办理环节"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case.number} {self.step}"

    def owner_org(self) -> Organization:
        return self.case.org


class RecheckResult(models.TextChoices):
    KEEP = "keep", "维持"
    CHANGE = "change", "调整困难类别"
    EXIT = "exit", "解困脱困"


class Recheck(Created):
    """年度复核: the task a filed case gets each year, due by the year's setting."""

    case = models.ForeignKey(
        Case, verbose_name="档案", on_delete=models.CASCADE, related_name="rechecks"
    )
    year = models.PositiveSmallIntegerField("年度")
    due = models.DateField("截止日期")
    done_on = models.DateField("完成日期", null=True, blank=True)
    result = models.CharField(
        "复核结论", max_length=10, choices=RecheckResult.choices, blank=True, default=""
    )
    income_per_head = models.DecimalField(
        "复核时家庭月人均收入（元）", max_digits=12, decimal_places=2, null=True, blank=True
    )
    note = models.CharField("说明", max_length=300, blank=True, default="")
    done_by = user_ref("复核人")

    class Meta:
        verbose_name = "年度复核"
        verbose_name_plural = "年度复核"
        ordering = ["due", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "year"], name="relief_recheck_once_a_year"),
        ]

    def __str__(self) -> str:
        return f"{self.case.number} {self.year}年复核"

    def owner_org(self) -> Organization:
        return self.case.org

    @property
    def person(self) -> Person:
        return self.case.person

    def is_overdue(self, today: object) -> bool:
        return self.done_on is None and self.due < today  # type: ignore[operator]


class AidKind(models.TextChoices):
    MONEY = "money", "资金帮扶"
    GOODS = "goods", "物资帮扶"
    MEDICAL = "medical", "医疗救助"
    SCHOOLING = "schooling", "助学"
    JOB = "job", "就业帮扶"
    OTHER = "other", "其他帮扶"


class Aid(Recorded):
    """A 帮扶 record on a case: what was given (money, goods or a service), by whom, from which
    budget line."""

    case = models.ForeignKey(
        Case, verbose_name="档案", on_delete=models.PROTECT, related_name="aids"
    )
    kind = models.CharField("帮扶方式", max_length=10, choices=AidKind.choices)
    amount = models.DecimalField(
        "金额（元）", max_digits=12, decimal_places=2, default=Decimal("0.00")
    )
    description = models.CharField("帮扶内容", max_length=300)
    given_on = models.DateField("帮扶日期")
    org = owning_org("帮扶单位")
    budget_line = models.CharField("预算科目", max_length=60, blank=True, default="")

    class Meta:
        verbose_name = "帮扶记录"
        verbose_name_plural = "帮扶记录"
        ordering = ["-given_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="relief_aid_amount_nonneg"),
        ]

    def __str__(self) -> str:
        return f"{self.case.number} {self.get_kind_display()} {self.given_on}"

    @property
    def person(self) -> Person:
        return self.case.person


class CaseCounter(models.Model):
    """The last case number given in a year; locked while the next one is allocated, so numbers
    run KN2026-000001, -000002 … without gaps or duplicates whoever files the cases."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    last = models.PositiveIntegerField("已用至", default=0)

    class Meta:
        verbose_name = "档案编号"
        verbose_name_plural = "档案编号"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年困难职工档案已编至{self.last}号"


class CaseDocument(StoredDocument):
    """An uploaded supporting document of an application (PDF or image, checked by content)."""

    case = models.ForeignKey(
        Case, verbose_name="档案", on_delete=models.CASCADE, related_name="documents"
    )

    class Meta:
        verbose_name = "困难申请材料"
        verbose_name_plural = "困难申请材料"
        ordering = ["id"]

    # A document belongs where its case does (core.permissions reads these two).
    def owner_org(self) -> Organization:
        return self.case.org

    @property
    def person(self) -> Person:
        return self.case.person
