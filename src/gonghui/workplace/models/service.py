"""劳模工匠助企行: "企业点单、总队派单、分队接单" [seed 001, 004]. Squads (分队) are built from the
劳模 registry; an enterprise's need is assigned by the city team (总队) to a squad, which accepts
or declines, visits, and records the outcome; the enterprise confirms and rates."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from gonghui.core.models import Employer, Organization
from gonghui.core.models_base import Created, Recorded, owning_org, user_ref
from gonghui.honors.models import ModelWorker


class Field(models.TextChoices):
    """The fields a need belongs to and a squad member knows."""

    MACHINERY = "machinery", "机械制造"
    ELECTRIC = "electric", "电气电力"
    CHEMICAL = "chemical", "化工材料"
    CONSTRUCTION = "construction", "建筑施工"
    MINING = "mining", "矿山冶金"
    AGRICULTURE = "agriculture", "农业农产品"
    FOOD = "food", "食品加工"
    TEXTILE = "textile", "纺织服装"
    IT = "it", "信息技术"
    SAFETY = "safety", "安全生产"
    MANAGEMENT = "management", "企业管理"
    MEDICAL = "medical", "医疗卫生"


class Squad(Recorded):
    """A technical service squad (分队) of the city team (总队)."""

    org = owning_org("所属工会")
    name = models.CharField("分队名称", max_length=60)
    fields = models.JSONField("服务领域", default=list)
    leader = models.ForeignKey(
        ModelWorker,
        verbose_name="分队长",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_active = models.BooleanField("在岗", default=True)

    class Meta:
        verbose_name = "技术服务分队"
        verbose_name_plural = "技术服务分队"
        ordering = ["org_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["org", "name"], name="workplace_squad_name_once")
        ]

    def __str__(self) -> str:
        return self.name


class SquadMember(models.Model):
    squad = models.ForeignKey(
        Squad, verbose_name="分队", on_delete=models.CASCADE, related_name="members"
    )
    model_worker = models.ForeignKey(
        ModelWorker, verbose_name="劳模工匠", on_delete=models.PROTECT, related_name="squads"
    )
    skills = models.JSONField("专长领域", default=list)
    specialty = models.CharField("专长说明", max_length=200, blank=True, default="")

    class Meta:
        verbose_name = "分队成员"
        verbose_name_plural = "分队成员"
        ordering = ["squad_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["squad", "model_worker"], name="workplace_squad_member_once"
            )
        ]

    def __str__(self) -> str:
        return str(self.model_worker)

    def owner_org(self) -> Organization:
        return self.squad.org


class NeedKind(models.TextChoices):
    TECHNICAL = "technical", "技术难题"
    MANAGEMENT = "management", "管理难题"
    TRAINING = "training", "技能培训"


class Urgency(models.TextChoices):
    NORMAL = "normal", "一般"
    URGENT = "urgent", "较急"
    CRITICAL = "critical", "紧急"


class NeedStatus(models.TextChoices):
    FILED = "filed", "待派单"
    ASSIGNED = "assigned", "已派单"
    ACCEPTED = "accepted", "已接单"
    DONE = "done", "已服务"
    CONFIRMED = "confirmed", "企业已确认"
    WITHDRAWN = "withdrawn", "已撤回"


class Outcome(models.TextChoices):
    SOLVED = "solved", "解决难题"
    SUGGESTION = "suggestion", "提出建议"
    TRAINING = "training", "开展培训"


class Need(Recorded):
    """企业点单: a problem an enterprise asks the model workers to help with."""

    number = models.CharField("点单编号", max_length=24, unique=True)
    employer = models.ForeignKey(
        Employer, verbose_name="企业", on_delete=models.PROTECT, related_name="needs"
    )
    org = owning_org("属地工会")
    kind = models.CharField("需求类型", max_length=12, choices=NeedKind.choices)
    field = models.CharField("所属领域", max_length=16, choices=Field.choices)
    urgency = models.CharField(
        "紧急程度", max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    title = models.CharField("需求标题", max_length=100)
    description = models.TextField("需求描述", max_length=2000)
    contact = models.CharField("企业联系人", max_length=40, blank=True, default="")
    status = models.CharField(
        "状态", max_length=10, choices=NeedStatus.choices, default=NeedStatus.FILED
    )
    squad = models.ForeignKey(
        Squad,
        verbose_name="承接分队",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="needs",
    )
    assigned_by = user_ref("派单人")
    assigned_at = models.DateTimeField("派单时间", null=True, blank=True)
    outcome = models.CharField(
        "服务成效", max_length=12, choices=Outcome.choices, blank=True, default=""
    )
    trained = models.PositiveIntegerField("培训人数", default=0)
    outcome_note = models.CharField("成效说明", max_length=500, blank=True, default="")
    done_on = models.DateField("服务完成日期", null=True, blank=True)
    confirmed_by = user_ref("企业确认人")
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    rating = models.PositiveSmallIntegerField("企业评价（1-5星）", null=True, blank=True)
    comment = models.CharField("企业意见", max_length=300, blank=True, default="")

    class Meta:
        verbose_name = "企业点单"
        verbose_name_plural = "企业点单"
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="workplace_need_rating_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class NeedStepKind(models.TextChoices):
    FILED = "filed", "企业点单"
    ASSIGNED = "assigned", "总队派单"
    ACCEPTED = "accepted", "分队接单"
    DECLINED = "declined", "分队退单"
    VISITED = "visited", "上门服务"
    DONE = "done", "服务完成"
    CONFIRMED = "confirmed", "企业确认"
    WITHDRAWN = "withdrawn", "撤回"


class NeedStep(Created):
    """One step of a need's history (who did what, when, why); a decline keeps its reason."""

    need = models.ForeignKey(
        Need, verbose_name="点单", on_delete=models.CASCADE, related_name="steps"
    )
    kind = models.CharField("环节", max_length=12, choices=NeedStepKind.choices)
    squad = models.ForeignKey(
        Squad,
        verbose_name="分队",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    by = user_ref("办理人")
    on_date = models.DateField("日期", null=True, blank=True)
    note = models.CharField("说明", max_length=500, blank=True, default="")

    class Meta:
        verbose_name = "点单流转记录"
        verbose_name_plural = "点单流转记录"
        ordering = ["need_id", "id"]

    def __str__(self) -> str:
        return self.get_kind_display()

    def owner_org(self) -> Organization:
        return self.need.org


class NeedCounter(models.Model):
    """The last 点单编号 used in a year (numbers are gap-free per year)."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    last = models.PositiveIntegerField("已用序号", default=0)

    class Meta:
        verbose_name = "点单编号"
        verbose_name_plural = "点单编号"

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"
