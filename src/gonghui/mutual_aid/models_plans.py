"""保障项目: a plan for one coverage period, its category and payout rule."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q


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
