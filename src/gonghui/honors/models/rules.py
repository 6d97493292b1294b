"""The year's rules an administrator can change: deadlines, visit holidays, subsidy standards."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from gonghui.core.models import Organization
from gonghui.honors.models.registry import HonorLevel


class YearRules(models.Model):
    """The year's settings an administrator can change; `honors.rules` supplies defaults."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    visit_event_days = models.PositiveSmallIntegerField("事件走访时限（工作日）", default=3)
    holiday_visit_lead_days = models.PositiveSmallIntegerField("节日走访提前（工作日）", default=0)
    demand_sort_days = models.PositiveSmallIntegerField("诉求梳理时限（工作日）", default=3)
    demand_refer_days = models.PositiveSmallIntegerField("部门联动时限（工作日）", default=5)
    demand_feedback_days = models.PositiveSmallIntegerField("反馈时限（工作日）", default=15)
    demand_close_days = models.PositiveSmallIntegerField("销号时限（工作日）", default=5)
    # Who keeps the 劳模礼遇 (visits, subsidy, 诉求 and what other modules hold for them):
    # a person with a valid honor at this level or above, not deceased, and — unless the year
    # excludes them — also when retired [default: every level, retirees included].
    care_min_level = models.PositiveSmallIntegerField(
        "享受礼遇的最低劳模级别", choices=HonorLevel.choices, default=HonorLevel.OTHER
    )
    retirees_eligible = models.BooleanField("退休劳模继续享受礼遇", default=True)
    # A newly recorded honor conferred this recently is a 取得特殊成就 moment (a visit task);
    # an old honor entered into the registry now is not [default: this year and last year].
    achievement_visit_years = models.PositiveSmallIntegerField(
        "新获荣誉走访：授予年度距今不超过（年）", default=1
    )

    class Meta:
        verbose_name = "年度规则"
        verbose_name_plural = "年度规则"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年度规则"


class VisitHoliday(models.Model):
    """A major holiday of the year on which every model worker in scope is visited."""

    year = models.PositiveSmallIntegerField("年度")
    name = models.CharField("节日", max_length=20)
    date = models.DateField("日期")

    class Meta:
        verbose_name = "走访节日"
        verbose_name_plural = "走访节日"
        ordering = ["year", "date"]
        constraints = [
            models.UniqueConstraint(fields=["year", "name"], name="visitholiday_unique_year_name"),
        ]

    def __str__(self) -> str:
        return f"{self.year}年{self.name}"


class SubsidyStandard(models.Model):
    """Yearly care subsidy per level for a region (None = the whole city's default)."""

    region = models.ForeignKey(
        Organization,
        verbose_name="适用地区",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField("年度")
    level = models.PositiveSmallIntegerField("劳模级别", choices=HonorLevel.choices)
    amount = models.DecimalField("年补助标准（元）", max_digits=10, decimal_places=2)

    class Meta:
        verbose_name = "补助标准"
        verbose_name_plural = "补助标准"
        ordering = ["year", "region", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "level"], name="subsidystandard_unique"
            ),
            models.UniqueConstraint(
                fields=["year", "level"],
                condition=Q(region__isnull=True),
                name="subsidystandard_unique_default",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="subsidystandard_amount_nonneg"
            ),
        ]

    def __str__(self) -> str:
        where = self.region.name if self.region_id and self.region else "全市默认"
        return f"{where} {self.year}年 {self.get_level_display()} {self.amount}元"

    @property
    def org(self) -> Organization | None:
        # Lets core.audit file the entry under the region (None: the city-wide row).
        return self.region
