"""The 企业台账: which source departments reported an employer and when, its headcount history,
the review queue for records that match an employer by name but not by code, and the settings
(the 单独建会 threshold, the 示范点 subsidy, whether an 意见书/建议书 needs a 提示函 first)."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q

from gonghui.core.models import Employer, Organization
from gonghui.core.models_base import Created, owning_org, user_ref


class Source(models.TextChoices):
    """The departments whose Excel exports feed the 企业台账 [seed 003]."""

    UNITED_FRONT = "united_front", "统战部"
    CIVIL_AFFAIRS = "civil_affairs", "民政局"
    TAX = "tax", "税务局"
    MARKET = "market", "市场监管局"
    UNION = "union", "工会登记"


class EmployerSighting(models.Model):
    """One source's view of an employer: first and last seen, the name and headcount it gave."""

    employer = models.ForeignKey(
        Employer, verbose_name="用人单位", on_delete=models.CASCADE, related_name="sightings"
    )
    source = models.CharField("数据来源", max_length=16, choices=Source.choices)
    name_in_source = models.CharField("来源中的名称", max_length=200)
    employee_count = models.PositiveIntegerField("来源中的职工人数", null=True, blank=True)
    first_seen = models.DateField("首次报送日期")
    last_seen = models.DateField("最近报送日期")
    file_name = models.CharField("来源文件", max_length=200, blank=True, default="")

    class Meta:
        verbose_name = "企业来源记录"
        verbose_name_plural = "企业来源记录"
        ordering = ["employer_id", "source"]
        constraints = [
            models.UniqueConstraint(fields=["employer", "source"], name="workplace_sighting_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()}：{self.name_in_source}"

    def owner_org(self) -> Organization:
        return self.employer.org


class HeadcountEntry(models.Model):
    """The employer's employee count as one source gave it on one date (history, newest first)."""

    employer = models.ForeignKey(
        Employer, verbose_name="用人单位", on_delete=models.CASCADE, related_name="headcounts"
    )
    as_of = models.DateField("统计日期")
    count = models.PositiveIntegerField("职工人数")
    source = models.CharField("数据来源", max_length=16, choices=Source.choices)

    class Meta:
        verbose_name = "职工人数记录"
        verbose_name_plural = "职工人数记录"
        ordering = ["-as_of", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["employer", "as_of", "source"], name="workplace_headcount_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.as_of} {self.count}人"

    def owner_org(self) -> Organization:
        return self.employer.org


class ReviewStatus(models.TextChoices):
    PENDING = "pending", "待核对"
    MERGED = "merged", "已合并"
    SEPARATE = "separate", "确认为不同单位"
    REJECTED = "rejected", "已驳回"


class MergeReview(Created):
    """A source record whose name matches an employer already in the base while its 统一社会信用
    代码 differs: never merged silently — an officer decides."""

    source = models.CharField("数据来源", max_length=16, choices=Source.choices)
    credit_code = models.CharField("来源中的统一社会信用代码", max_length=18)
    name = models.CharField("来源中的名称", max_length=200)
    data = models.JSONField("来源记录", default=dict)
    candidate = models.ForeignKey(
        Employer,
        verbose_name="同名单位",
        on_delete=models.CASCADE,
        related_name="merge_reviews",
    )
    org = owning_org("属地工会")
    file_name = models.CharField("来源文件", max_length=200, blank=True, default="")
    row = models.PositiveIntegerField("来源行号", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PENDING
    )
    decided_by = user_ref("核对人")
    decided_at = models.DateTimeField("核对时间", null=True, blank=True)
    note = models.CharField("核对说明", max_length=300, blank=True, default="")

    class Meta:
        verbose_name = "待核对企业"
        verbose_name_plural = "待核对企业"
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "credit_code", "candidate"],
                condition=Q(status="pending"),
                name="workplace_review_pending_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.credit_code}）"


class WorkplaceSetting(models.Model):
    """A federation's settings for a year; an organization without its own uses its nearest
    ancestor's, and the defaults below when none has any [default]."""

    org = owning_org("设置单位")
    year = models.PositiveSmallIntegerField("年度")
    union_threshold = models.PositiveIntegerField(
        "单独建会职工人数下限", default=25, help_text="职工人数达到此数的企业依法推动单独建工会"
    )
    site_subsidy = models.DecimalField(
        "示范点补助标准（元）", max_digits=12, decimal_places=2, default=Decimal("5000.00")
    )
    notice_first = models.BooleanField("意见书、建议书须先发提示函", default=True)
    rectify_days = models.PositiveSmallIntegerField("整改期限（工作日）", default=15)
    hazard_days = models.PositiveSmallIntegerField("隐患整改期限（工作日）", default=10)

    class Meta:
        verbose_name = "企业工作设置"
        verbose_name_plural = "企业工作设置"
        ordering = ["-year", "org_id"]
        constraints = [
            models.UniqueConstraint(fields=["org", "year"], name="workplace_setting_once"),
            models.CheckConstraint(
                condition=Q(site_subsidy__gte=0), name="workplace_setting_subsidy_nonneg"
            ),
            models.CheckConstraint(
                condition=Q(union_threshold__gte=1), name="workplace_setting_threshold_pos"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年企业工作设置"


class Budget(models.Model):
    """A budget line (预算科目) of an organization's year that 示范点 subsidies are paid from."""

    org = owning_org("预算单位")
    year = models.PositiveSmallIntegerField("预算年度")
    line = models.CharField("预算科目", max_length=60)
    amount = models.DecimalField("预算金额（元）", max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = "企业工作预算"
        verbose_name_plural = "企业工作预算"
        ordering = ["-year", "line"]
        constraints = [
            models.UniqueConstraint(fields=["org", "year", "line"], name="workplace_budget_line"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="workplace_budget_nonneg"),
        ]

    def __str__(self) -> str:
        return f"{self.year}年 {self.line}"
