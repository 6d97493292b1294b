"""The statutory holiday calendar as data: a year's State Council notice entered by an admin.

`chinese-calendar` knows the years up to its release; an entered year overrides it for that whole
year (core/workdays.py reads both). A year that is neither entered nor in the package is unknown:
deadlines in it are estimated Monday–Friday and shown as such, never invented.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from gonghui.core.models_base import user_ref


class CalendarDayKind(models.TextChoices):
    HOLIDAY = "holiday", "放假"
    WORKDAY = "workday", "调休上班"


class CalendarYear(models.Model):
    """One year's 节假日安排 as published by the General Office of the State Council."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    title = models.CharField("通知标题", max_length=200)
    document_no = models.CharField("文号", max_length=60, blank=True, default="")
    updated_by = user_ref("录入人")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "节假日安排"
        verbose_name_plural = "节假日安排"
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year}年节假日安排"


class CalendarDay(models.Model):
    """A day the notice names: a holiday (放假), or a weekend made a working day (调休上班)."""

    calendar = models.ForeignKey(
        CalendarYear, verbose_name="年度安排", on_delete=models.CASCADE, related_name="days"
    )
    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=10, choices=CalendarDayKind.choices)
    name = models.CharField("节日", max_length=40, blank=True, default="")

    class Meta:
        verbose_name = "节假日安排日期"
        verbose_name_plural = "节假日安排日期"
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=CalendarDayKind.values), name="calendarday_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}{self.name and ' ' + self.name}"
