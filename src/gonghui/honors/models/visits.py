"""五必访: life events of a model worker and the visit tasks they (and holidays) make."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q

from gonghui.core.models import Person
from gonghui.core.models_base import Recorded, owning_org, user_ref
from gonghui.honors.models.rules import VisitHoliday


class VisitOccasion(models.TextChoices):
    HOLIDAY = "holiday", "重大节日"
    HOSPITALIZED = "hospitalized", "伤病住院"
    HARDSHIP = "hardship", "突发困难"
    ACHIEVEMENT = "achievement", "取得特殊成就"
    RETIREMENT = "retirement", "退休离岗"


EVENT_OCCASIONS = [c for c in VisitOccasion.choices if c[0] != VisitOccasion.HOLIDAY]


class LifeEvent(Recorded):
    """Something that happened to a model worker and requires a visit (五必访)."""

    person = models.ForeignKey(
        Person, verbose_name="人员", on_delete=models.PROTECT, related_name="life_events"
    )
    kind = models.CharField("事件", max_length=16, choices=EVENT_OCCASIONS)
    occurred_on = models.DateField("发生日期")
    note = models.CharField("情况说明", max_length=300, blank=True, default="")

    class Meta:
        verbose_name = "劳模事件"
        verbose_name_plural = "劳模事件"
        ordering = ["-occurred_on", "-id"]

    def __str__(self) -> str:
        return f"{self.person.name} {self.get_kind_display()}"


class VisitStatus(models.TextChoices):
    OPEN = "open", "待走访"
    DONE = "done", "已走访"
    CANCELLED = "cancelled", "已取消"


class VisitTask(Recorded):
    """One 五必访 visit: due date, officer, and once done the record of what was given.

    `created_by` is who made the task (None: made by the system, e.g. a status change on the
    人员 page).
    """

    person = models.ForeignKey(
        Person, verbose_name="走访对象", on_delete=models.PROTECT, related_name="visit_tasks"
    )
    # The union responsible: the person's organization when the task was created.
    org = owning_org("责任组织")
    occasion = models.CharField("走访时机", max_length=16, choices=VisitOccasion.choices)
    holiday = models.ForeignKey(
        VisitHoliday,
        verbose_name="节日",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    event = models.ForeignKey(
        LifeEvent,
        verbose_name="事件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    due_date = models.DateField("应走访日期", db_index=True)
    officer = user_ref("走访干部")
    status = models.CharField(
        "状态", max_length=10, choices=VisitStatus.choices, default=VisitStatus.OPEN
    )
    cancel_reason = models.CharField("取消原因", max_length=200, blank=True, default="")
    visited_on = models.DateField("走访日期", null=True, blank=True)
    money = models.DecimalField("慰问金（元）", max_digits=10, decimal_places=2, default=0)
    goods = models.CharField("慰问物品", max_length=200, blank=True, default="")
    notes = models.TextField("走访记录", blank=True, default="")
    recorded_by = user_ref("记录人")

    class Meta:
        verbose_name = "走访任务"
        verbose_name_plural = "走访任务"
        ordering = ["due_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "holiday"],
                condition=Q(holiday__isnull=False),
                name="visittask_one_per_holiday",
            ),
            models.CheckConstraint(condition=Q(money__gte=0), name="visittask_money_nonneg"),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(visited_on__isnull=False),
                name="visittask_done_has_date",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_date"], name="visittask_status_due_idx")]

    def __str__(self) -> str:
        return f"{self.person.name} {self.get_occasion_display()} {self.due_date}"

    def is_overdue(self, today: dt.date) -> bool:
        return self.status == VisitStatus.OPEN and self.due_date < today
