"""劳模疗休养 plans: the bases they use, the year's settings, plans and their batches, the time
preferences of model workers, and what a running batch carries (staff, itinerary)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import F, Q

from gonghui.core.models import Organization, Person
from gonghui.core.models_base import Recorded, owning_org, user_ref


class Base(models.Model):
    """疗休养基地 — a sanatorium or base that hosts batches."""

    name = models.CharField("基地名称", max_length=100, unique=True)
    place = models.CharField("所在地", max_length=100)
    capacity = models.PositiveIntegerField("接待能力（人/批）", default=40)
    services = models.TextField("服务内容", blank=True, default="")
    contact = models.CharField("联系人及电话", max_length=100, blank=True, default="")
    is_active = models.BooleanField("启用", default=True)
    # Who maintains the base. Empty: the 市总 (the catalog seeded before any organization
    # existed); a county may keep bases of its own. Every staff user may plan batches there.
    org = models.ForeignKey(
        Organization,
        verbose_name="维护单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "疗休养基地"
        verbose_name_plural = "疗休养基地"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class YearSettings(models.Model):
    """The year's recuperation settings an administrator can change (see rules.py)."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    publicity_workdays = models.PositiveSmallIntegerField("公示期（工作日）", default=5)
    confirm_workdays = models.PositiveSmallIntegerField("确认期限（工作日）", default=3)
    roster_lock_days = models.PositiveSmallIntegerField("出发前锁定名单（天）", default=7)

    class Meta:
        verbose_name = "疗休养年度设置"
        verbose_name_plural = "疗休养年度设置"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年疗休养设置"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    APPROVED = "approved", "党组会审定"
    RUNNING = "running", "执行中"
    COMPLETED = "completed", "已完成"
    SUPERSEDED = "superseded", "已被新版本替代"


class Plan(Recorded):
    """工作方案 of a year; approved by the 党组会 before it runs, frozen afterwards."""

    year = models.PositiveSmallIntegerField("年度", db_index=True)
    version = models.PositiveSmallIntegerField("版本", default=1)
    previous = models.OneToOneField(
        "self",
        verbose_name="上一版本",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_version",
    )
    change_reason = models.CharField("修订原因", max_length=300, blank=True, default="")
    title = models.CharField("方案名称", max_length=120)
    org = owning_org("编制单位")
    budget = models.DecimalField("预算（元）", max_digits=12, decimal_places=2)
    budget_line = models.CharField("预算科目", max_length=100)
    policy: models.JSONField[Any, Any] = models.JSONField("遴选政策", default=dict)
    seed = models.BigIntegerField("抽签种子")
    status = models.CharField(
        "状态", max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    meeting_date = models.DateField("党组会日期", null=True, blank=True)
    meeting_minute_no = models.CharField("会议纪要编号", max_length=60, blank=True, default="")
    approved_by = user_ref("审定登记人")
    approved_at = models.DateTimeField("审定登记时间", null=True, blank=True)

    class Meta:
        verbose_name = "疗休养工作方案"
        verbose_name_plural = "疗休养工作方案"
        ordering = ["-year", "-version"]
        constraints = [
            # A county may run its own plan for its subtree: one current plan per (org, year).
            models.UniqueConstraint(
                fields=["org", "year", "version"], name="plan_unique_org_year_version"
            ),
            models.UniqueConstraint(
                fields=["org", "year"],
                condition=~Q(status="superseded"),
                name="plan_one_current_per_org_year",
            ),
            models.CheckConstraint(condition=Q(budget__gte=0), name="plan_budget_nonneg"),
            models.CheckConstraint(
                condition=Q(status="draft")
                | (Q(meeting_date__isnull=False) & ~Q(meeting_minute_no="")),
                name="plan_approved_has_meeting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}（第{self.version}版）"

    @property
    def is_frozen(self) -> bool:
        return self.status != PlanStatus.DRAFT


class ItemKind(models.TextChoices):
    PATRIOTIC = "patriotic", "爱国主义教育"
    RED = "red", "红色教育"
    REHAB = "rehab", "理疗康复"
    STUDY = "study", "学习交流"
    FORUM = "forum", "座谈"
    REPORT = "report", "事迹报告"
    PHOTO = "photo", "合影"


class Batch(models.Model):
    """One batch (批次) of a plan: a base, dates, size limits and costs."""

    plan = models.ForeignKey(
        Plan, verbose_name="工作方案", on_delete=models.CASCADE, related_name="batches"
    )
    code = models.CharField("批次编号", max_length=10)
    base = models.ForeignKey(
        Base, verbose_name="基地", on_delete=models.PROTECT, related_name="batches"
    )
    start_date = models.DateField("出发日期")
    end_date = models.DateField("返回日期")
    min_size = models.PositiveSmallIntegerField("最少人数")
    max_size = models.PositiveSmallIntegerField("最多人数")
    cost_per_person = models.DecimalField("人均费用（元）", max_digits=10, decimal_places=2)
    # County GB/T 2260 code (or zone name) → round-trip travel cost; "*" is the fallback.
    travel_cost: models.JSONField[Any, Any] = models.JSONField("往返差旅费（元）", default=dict)
    actual_accommodation = models.DecimalField(
        "实际食宿费（元）", max_digits=12, decimal_places=2, null=True, blank=True
    )
    finished = models.BooleanField("已结束", default=False)

    class Meta:
        verbose_name = "疗休养批次"
        verbose_name_plural = "疗休养批次"
        ordering = ["plan", "start_date", "code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="batch_unique_code_in_plan"),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="batch_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(min_size__gte=1) & Q(max_size__gte=F("min_size")),
                name="batch_min_le_max",
            ),
            models.CheckConstraint(condition=Q(cost_per_person__gte=0), name="batch_cost_nonneg"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.base.name}（{self.start_date:%m月%d日}）"

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1

    @property
    def org(self) -> Organization:
        return self.plan.org

    def travel_for(self, code: str) -> Decimal:
        value = self.travel_cost.get(code, self.travel_cost.get("*", "0"))
        return Decimal(str(value))


class Availability(models.Model):
    """A model worker's availability and preferred batches for a plan (self-service or officer)."""

    plan = models.ForeignKey(
        Plan, verbose_name="工作方案", on_delete=models.CASCADE, related_name="availabilities"
    )
    person = models.ForeignKey(
        Person, verbose_name="人员", on_delete=models.CASCADE, related_name="+"
    )
    unavailable = models.ManyToManyField(
        Batch, verbose_name="不能参加的批次", blank=True, related_name="+"
    )
    preferred = models.ManyToManyField(
        Batch, verbose_name="希望参加的批次", blank=True, related_name="+"
    )
    self_service = models.BooleanField("本人填报", default=False)
    updated_by = user_ref("填报人")
    updated_at = models.DateTimeField("填报时间", auto_now=True)

    class Meta:
        verbose_name = "时间意向"
        verbose_name_plural = "时间意向"
        constraints = [
            models.UniqueConstraint(fields=["plan", "person"], name="availability_once_per_plan"),
        ]

    def __str__(self) -> str:
        return f"{self.person.name} 时间意向"


class Staff(models.Model):
    """随队工作人员 accompanying a batch."""

    batch = models.ForeignKey(
        Batch, verbose_name="批次", on_delete=models.CASCADE, related_name="staff"
    )
    name = models.CharField("姓名", max_length=40)
    duty = models.CharField("职责", max_length=60, default="领队")
    phone = models.CharField("联系电话", max_length=20, blank=True, default="")

    class Meta:
        verbose_name = "随队工作人员"
        verbose_name_plural = "随队工作人员"
        ordering = ["batch", "id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.duty}）"

    @property
    def org(self) -> Organization:
        return self.batch.plan.org


class ItineraryItem(models.Model):
    """One item of a batch's itinerary (日程)."""

    batch = models.ForeignKey(
        Batch, verbose_name="批次", on_delete=models.CASCADE, related_name="itinerary"
    )
    date = models.DateField("日期")
    kind = models.CharField("内容类别", max_length=12, choices=ItemKind.choices)
    title = models.CharField("安排", max_length=120)
    place = models.CharField("地点", max_length=100, blank=True, default="")

    class Meta:
        verbose_name = "日程安排"
        verbose_name_plural = "日程安排"
        ordering = ["batch", "date", "id"]

    def __str__(self) -> str:
        return f"{self.date} {self.title}"

    @property
    def org(self) -> Organization:
        return self.batch.plan.org


def batch_end(start: dt.date, days: int) -> dt.date:
    return start + dt.timedelta(days=days - 1)
