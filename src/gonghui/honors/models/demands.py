"""劳模诉求: 诉求 → 工会梳理 → 部门联动 → 反馈 → 销号, and the referral letter numbers."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q

from gonghui.core.models import Person
from gonghui.core.models_base import user_ref


class DemandCategory(models.TextChoices):
    EMPLOYMENT = "employment", "就业创业"
    SCHOOLING = "schooling", "子女入学"
    HOUSING = "housing", "住房"
    MEDICAL = "medical", "医疗健康"
    LIVELIHOOD = "livelihood", "生活困难"
    OTHER = "other", "其他"


class Department(models.TextChoices):
    HRSS = "hrss", "人社部门"
    EDUCATION = "education", "教体部门"
    HOUSING = "housing", "住建部门"
    HEALTH = "health", "卫健部门"
    CIVIL = "civil", "民政部门"
    OTHER = "other", "其他部门"


class DemandStatus(models.TextChoices):
    FILED = "filed", "已提交"
    SORTED = "sorted", "工会梳理"
    REFERRED = "referred", "部门联动"
    ANSWERED = "answered", "已反馈"
    CLOSED = "closed", "已销号"


class Demand(models.Model):
    """劳模诉求 — 诉求 → 工会梳理 → 部门联动 → 反馈 → 销号, each step with a deadline."""

    person = models.ForeignKey(
        Person, verbose_name="劳模", on_delete=models.PROTECT, related_name="demands"
    )
    title = models.CharField("诉求标题", max_length=100)
    content = models.TextField("诉求内容")
    filed_by = user_ref("提交人")
    self_service = models.BooleanField("本人提交", default=False)
    filed_on = models.DateField("提交日期")
    category = models.CharField(
        "诉求类别", max_length=16, choices=DemandCategory.choices, blank=True, default=""
    )
    officer = user_ref("承办干部")
    department = models.CharField(
        "联动部门", max_length=16, choices=Department.choices, blank=True, default=""
    )
    department_name = models.CharField("部门名称", max_length=60, blank=True, default="")
    referred_on = models.DateField("转办日期", null=True, blank=True)
    letter_number = models.CharField("联系函编号", max_length=40, blank=True, default="")
    feedback = models.TextField("办理反馈", blank=True, default="")
    answered_on = models.DateField("反馈日期", null=True, blank=True)
    closed_on = models.DateField("销号日期", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=DemandStatus.choices, default=DemandStatus.FILED
    )
    due_date = models.DateField("当前环节时限", db_index=True)

    class Meta:
        verbose_name = "劳模诉求"
        verbose_name_plural = "劳模诉求"
        ordering = ["-filed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="closed") | ~Q(feedback=""), name="demand_closed_has_feedback"
            ),
            # Two referral letters never share a number (allocated from DemandLetterCounter).
            models.UniqueConstraint(
                fields=["letter_number"],
                condition=~Q(letter_number=""),
                name="demand_letter_number_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.name}：{self.title}"

    def is_overdue(self, today: dt.date) -> bool:
        return self.status != DemandStatus.CLOSED and self.due_date < today


class DemandLetterCounter(models.Model):
    """The last 安工诉函 number given in a year; locked while the next one is allocated."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    last = models.PositiveIntegerField("已用至", default=0)

    class Meta:
        verbose_name = "联系函编号"
        verbose_name_plural = "联系函编号"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年联系函已编至{self.last}号"


class DemandStep(models.Model):
    """One dated step in a demand's history."""

    demand = models.ForeignKey(
        Demand, verbose_name="诉求", on_delete=models.CASCADE, related_name="steps"
    )
    status = models.CharField("环节", max_length=10, choices=DemandStatus.choices)
    at = models.DateTimeField("时间", auto_now_add=True)
    on = models.DateField("日期")
    by = user_ref("操作人")
    note = models.TextField("说明", blank=True, default="")
    due_date = models.DateField("下一环节时限", null=True, blank=True)

    class Meta:
        verbose_name = "诉求办理记录"
        verbose_name_plural = "诉求办理记录"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.demand_id} {self.get_status_display()}"

    @property
    def person(self) -> Person:
        # Lets core.audit attribute history entries to the person and their organization.
        return self.demand.person
