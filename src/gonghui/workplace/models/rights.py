"""维权 at employers [seed 000, 001, 003, 004]: 劳动法律监督 "一函两书" (提示函, 意见书, 建议书)
with the employer's reply, the rectification and the wages recovered; multi-party mediation
(工会 + 法院 + 检察院 + 人社 + 司法); safety inspections and their hazards; consultations."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from gonghui.core.models import Employer, Organization, Person
from gonghui.core.models_base import Created, Recorded, StoredDocument, owning_org, user_ref


class LetterKind(models.TextChoices):
    NOTICE = "notice", "提示函"
    OPINION = "opinion", "意见书"
    SUGGESTION = "suggestion", "建议书"


class Violation(models.TextChoices):
    WAGE_ARREARS = "wage_arrears", "拖欠工资"
    OVERTIME = "overtime", "违法延长工时"
    CONTRACT = "contract", "未依法签订劳动合同"
    SAFETY = "safety", "劳动安全卫生"
    SOCIAL_INSURANCE = "social_insurance", "未依法缴纳社会保险"


class LetterStatus(models.TextChoices):
    ISSUED = "issued", "已送达"
    REPLIED = "replied", "单位已回复"
    RECTIFIED = "rectified", "已整改"
    UNRECTIFIED = "unrectified", "逾期未整改"


class Letter(Recorded):
    """One of 一函两书, numbered per federation, year and kind (安工监提〔2026〕3号)."""

    number = models.CharField("文书编号", max_length=40, unique=True)
    kind = models.CharField("文书类型", max_length=12, choices=LetterKind.choices)
    org = owning_org("发函单位")
    employer = models.ForeignKey(
        Employer, verbose_name="用人单位", on_delete=models.PROTECT, related_name="letters"
    )
    follows = models.ForeignKey(
        "self",
        verbose_name="前序提示函",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="followed_by",
    )
    violation = models.CharField("违法情形", max_length=20, choices=Violation.choices)
    facts = models.TextField("查明事实", max_length=3000)
    demand = models.TextField("整改要求", max_length=3000)
    issued_on = models.DateField("发函日期")
    deadline = models.DateField("整改期限")
    arrears_claimed = models.DecimalField(
        "涉及欠薪金额（元）", max_digits=14, decimal_places=2, default=0
    )
    workers_involved = models.PositiveIntegerField("涉及职工人数", default=0)
    status = models.CharField(
        "状态", max_length=12, choices=LetterStatus.choices, default=LetterStatus.ISSUED
    )
    replied_on = models.DateField("回复日期", null=True, blank=True)
    reply = models.CharField("单位回复", max_length=1000, blank=True, default="")
    rectified_on = models.DateField("整改完成日期", null=True, blank=True)
    rectification = models.CharField("整改情况", max_length=1000, blank=True, default="")

    class Meta:
        verbose_name = "一函两书"
        verbose_name_plural = "一函两书"
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("issued_on")), name="workplace_letter_deadline"
            ),
            models.CheckConstraint(
                condition=Q(arrears_claimed__gte=0), name="workplace_letter_arrears_nonneg"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class LetterCounter(models.Model):
    """The last number used for a federation's letters of one kind in one year."""

    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    kind = models.CharField("文书类型", max_length=12, choices=LetterKind.choices)
    last = models.PositiveIntegerField("已用序号", default=0)

    class Meta:
        verbose_name = "文书编号"
        verbose_name_plural = "文书编号"
        constraints = [
            models.UniqueConstraint(fields=["org", "year", "kind"], name="workplace_letter_counter")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.kind}: {self.last}"


class Recovery(Recorded):
    """Wages recovered for one worker under a letter; never more than was claimed for them."""

    letter = models.ForeignKey(
        Letter, verbose_name="文书", on_delete=models.PROTECT, related_name="recoveries"
    )
    person = models.ForeignKey(
        Person,
        verbose_name="职工",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="wage_recoveries",
    )
    worker_name = models.CharField("职工姓名", max_length=40)
    claimed = models.DecimalField("被拖欠金额（元）", max_digits=12, decimal_places=2)
    recovered = models.DecimalField("追回金额（元）", max_digits=12, decimal_places=2)
    recovered_on = models.DateField("追回日期")

    class Meta:
        verbose_name = "追回欠薪"
        verbose_name_plural = "追回欠薪"
        ordering = ["letter_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(recovered__gte=0) & Q(recovered__lte=models.F("claimed")),
                name="workplace_recovery_within_claim",
            )
        ]

    def __str__(self) -> str:
        return f"{self.worker_name} {self.recovered}"

    def owner_org(self) -> Organization:
        return self.letter.org


class MediationStage(models.TextChoices):
    INTAKE = "intake", "受理"
    MEDIATING = "mediating", "调解中"
    AGREED = "agreed", "达成调解协议"
    ARBITRATION = "arbitration", "转劳动仲裁"
    LITIGATION = "litigation", "转诉讼"
    WITHDRAWN = "withdrawn", "撤回"


class Body(models.TextChoices):
    """The bodies that mediate with the union [seed 001]."""

    COURT = "court", "法院"
    PROCURATORATE = "procuratorate", "检察院"
    HRSS = "hrss", "人社"
    JUSTICE = "justice", "司法"


class Mediation(Recorded):
    """A labour dispute mediated by the union with cooperating bodies."""

    number = models.CharField("案件编号", max_length=24, unique=True)
    org = owning_org("受理单位")
    employer = models.ForeignKey(
        Employer,
        verbose_name="用人单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mediations",
    )
    applicant = models.CharField("申请人", max_length=100)
    applicants = models.PositiveIntegerField("涉及职工人数", default=1)
    respondent = models.CharField("被申请人", max_length=200)
    dispute = models.CharField("争议类型", max_length=20, choices=Violation.choices)
    bodies = models.JSONField("协同单位", default=list)
    stage = models.CharField(
        "阶段", max_length=12, choices=MediationStage.choices, default=MediationStage.INTAKE
    )
    received_on = models.DateField("受理日期")
    closed_on = models.DateField("结案日期", null=True, blank=True)
    amount_claimed = models.DecimalField(
        "请求金额（元）", max_digits=14, decimal_places=2, default=0
    )
    amount_agreed = models.DecimalField(
        "协议金额（元）", max_digits=14, decimal_places=2, default=0
    )
    summary = models.TextField("案情摘要", max_length=3000)
    outcome = models.CharField("处理结果", max_length=1000, blank=True, default="")

    class Meta:
        verbose_name = "调解案件"
        verbose_name_plural = "调解案件"
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_claimed__gte=0) & Q(amount_agreed__gte=0),
                name="workplace_mediation_nonneg",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.applicant}"


class MediationCounter(models.Model):
    """The last 调解案件编号 used in a year (调2026-0001; numbers are gap-free per year)."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    last = models.PositiveIntegerField("已用序号", default=0)

    class Meta:
        verbose_name = "调解案件编号"
        verbose_name_plural = "调解案件编号"

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class MediationStep(Created):
    mediation = models.ForeignKey(
        Mediation, verbose_name="调解案件", on_delete=models.CASCADE, related_name="steps"
    )
    stage = models.CharField("阶段", max_length=12, choices=MediationStage.choices)
    on_date = models.DateField("日期")
    by = user_ref("办理人")
    note = models.CharField("说明", max_length=1000, blank=True, default="")

    class Meta:
        verbose_name = "调解记录"
        verbose_name_plural = "调解记录"
        ordering = ["mediation_id", "id"]

    def __str__(self) -> str:
        return self.get_stage_display()

    def owner_org(self) -> Organization:
        return self.mediation.org


class Inspection(Recorded):
    """A safety inspection (安全生产检查) of an employer by the union."""

    org = owning_org("检查单位")
    employer = models.ForeignKey(
        Employer, verbose_name="被检查单位", on_delete=models.PROTECT, related_name="inspections"
    )
    inspected_on = models.DateField("检查日期")
    inspectors = models.CharField("检查人员", max_length=200)
    note = models.CharField("检查情况", max_length=1000, blank=True, default="")

    class Meta:
        verbose_name = "安全检查"
        verbose_name_plural = "安全检查"
        ordering = ["-inspected_on", "-id"]

    def __str__(self) -> str:
        return f"{self.inspected_on} 检查{self.employer}"


class Hazard(Created):
    """A hazard found in an inspection; closed only with an evidence photo of the fix."""

    inspection = models.ForeignKey(
        Inspection, verbose_name="安全检查", on_delete=models.CASCADE, related_name="hazards"
    )
    description = models.CharField("隐患描述", max_length=500)
    deadline = models.DateField("整改期限")
    fixed = models.BooleanField("已整改", default=False)
    fixed_on = models.DateField("整改日期", null=True, blank=True)
    closed_by = user_ref("销号人")

    class Meta:
        verbose_name = "安全隐患"
        verbose_name_plural = "安全隐患"
        ordering = ["inspection_id", "id"]

    def __str__(self) -> str:
        return self.description

    def owner_org(self) -> Organization:
        return self.inspection.org


class HazardEvidence(StoredDocument):
    hazard = models.ForeignKey(
        Hazard, verbose_name="安全隐患", on_delete=models.CASCADE, related_name="evidence"
    )

    class Meta:
        verbose_name = "整改佐证"
        verbose_name_plural = "整改佐证"
        ordering = ["hazard_id", "id"]

    def owner_org(self) -> Organization:
        return self.hazard.inspection.org


class Channel(models.TextChoices):
    VISIT = "visit", "来访"
    PHONE = "phone", "电话"
    ONLINE = "online", "网上"
    HOTLINE = "hotline", "12351热线"


class Consultation(Recorded):
    """A legal consultation answered by the union (法律咨询)."""

    org = owning_org("接待单位")
    consulted_on = models.DateField("咨询日期")
    channel = models.CharField("咨询方式", max_length=10, choices=Channel.choices)
    asker = models.CharField("咨询人", max_length=40, blank=True, default="")
    employer = models.ForeignKey(
        Employer,
        verbose_name="涉及单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    topic = models.CharField("咨询事项", max_length=20, choices=Violation.choices)
    question = models.CharField("咨询内容", max_length=1000)
    answer = models.CharField("解答情况", max_length=1000)

    class Meta:
        verbose_name = "法律咨询"
        verbose_name_plural = "法律咨询"
        ordering = ["-consulted_on", "-id"]

    def __str__(self) -> str:
        return f"{self.consulted_on} {self.get_topic_display()}"
