"""劳模疗休养: bases, exchange agreements, yearly plans and batches, selection runs, invitations,
rosters, host needs, trips (history), costs, feedback and inbound groups. [domain §2]"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.db.models import F, Q

from gonghui.core import crypto
from gonghui.core.models import Job, Organization, Person, User


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


class ExchangeAgreement(models.Model):
    """互派协议 with another city's union: both send and receive groups."""

    partner = models.CharField("合作工会", max_length=100)
    city = models.CharField("所在城市", max_length=60)
    signed_on = models.DateField("签订日期")
    valid_until = models.DateField("有效期至", null=True, blank=True)
    terms = models.TextField("协议内容", blank=True, default="")
    org = models.ForeignKey(
        Organization, verbose_name="签订单位", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "互派协议"
        verbose_name_plural = "互派协议"
        ordering = ["-signed_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("signed_on")),
                name="exchange_valid_after_signed",
            )
        ]

    def __str__(self) -> str:
        return f"{self.city}·{self.partner}"


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


class Plan(models.Model):
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
    org = models.ForeignKey(
        Organization, verbose_name="编制单位", on_delete=models.PROTECT, related_name="+"
    )
    budget = models.DecimalField("预算（元）", max_digits=12, decimal_places=2)
    budget_line = models.CharField("预算科目", max_length=100)
    policy: models.JSONField[Any, Any] = models.JSONField("遴选政策", default=dict)
    seed = models.BigIntegerField("抽签种子")
    status = models.CharField(
        "状态", max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    meeting_date = models.DateField("党组会日期", null=True, blank=True)
    meeting_minute_no = models.CharField("会议纪要编号", max_length=60, blank=True, default="")
    approved_by = models.ForeignKey(
        User,
        verbose_name="审定登记人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField("审定登记时间", null=True, blank=True)
    created_by = models.ForeignKey(
        User,
        verbose_name="编制人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

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

    def travel_for(self, code: str) -> Any:
        from decimal import Decimal

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
    updated_by = models.ForeignKey(
        User,
        verbose_name="填报人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField("填报时间", auto_now=True)

    class Meta:
        verbose_name = "时间意向"
        verbose_name_plural = "时间意向"
        constraints = [
            models.UniqueConstraint(fields=["plan", "person"], name="availability_once_per_plan"),
        ]

    def __str__(self) -> str:
        return f"{self.person.name} 时间意向"


class TripLevel(models.TextChoices):
    # Who arranged the trip: a county's own plan or outbound group is COUNTY, the city's CITY.
    COUNTY = "county", "县级"
    CITY = "city", "市级"
    PROVINCIAL = "provincial", "省级"
    NATIONAL = "national", "全国"


class TripSource(models.TextChoices):
    SYSTEM = "system", "本系统记录"
    PROVINCIAL_LIST = "provincial_list", "省总名单导入"
    EXCHANGE = "exchange", "互派外出"


class OutboundGroup(models.Model):
    """A group the city (or a county) sends to a partner under a 互派协议 (互派外出); each
    participant is one Trip of the group, which counts for the no-repeat rule."""

    agreement = models.ForeignKey(
        ExchangeAgreement,
        verbose_name="互派协议",
        on_delete=models.PROTECT,
        related_name="outbound",
    )
    destination = models.CharField("目的地", max_length=100)
    start_date = models.DateField("出发日期")
    end_date = models.DateField("返回日期")
    note = models.CharField("备注", max_length=300, blank=True, default="")
    org = models.ForeignKey(
        Organization, verbose_name="派出单位", on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        User,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "互派外出团组"
        verbose_name_plural = "互派外出团组"
        ordering = ["-start_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="outbound_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"赴{self.agreement.city}·{self.destination}（{self.start_date}）"

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1


class Trip(models.Model):
    """One recuperation trip a person went on: attendance on a city or county plan, an outbound
    互派 group, or the provincial list. Every origin counts for the no-repeat rule."""

    person = models.ForeignKey(
        Person, verbose_name="人员", on_delete=models.PROTECT, related_name="recuperation_trips"
    )
    year = models.PositiveSmallIntegerField("年度")
    level = models.CharField("级别", max_length=12, choices=TripLevel.choices)
    source = models.CharField("来源", max_length=16, choices=TripSource.choices)
    batch = models.ForeignKey(
        Batch,
        verbose_name="批次",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="trips",
    )
    outbound = models.ForeignKey(
        OutboundGroup,
        verbose_name="互派外出团组",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="trips",
    )
    destination = models.CharField("目的地", max_length=100, blank=True, default="")
    start_date = models.DateField("出发日期", null=True, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "疗休养经历"
        verbose_name_plural = "疗休养经历"
        ordering = ["-year", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "batch"],
                condition=Q(batch__isnull=False),
                name="trip_once_per_batch",
            ),
            models.UniqueConstraint(
                fields=["person", "outbound"],
                condition=Q(outbound__isnull=False),
                name="trip_once_per_outbound_group",
            ),
            models.UniqueConstraint(
                fields=["person", "year", "level"],
                condition=Q(source="provincial_list"),
                name="trip_provincial_once_per_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.name} {self.year}年{self.get_level_display()}疗休养"

    @property
    def origin(self) -> str:
        """Where the trip came from, in words: 市级方案, 县级方案, 互派外出, 省总名单."""
        if self.source == TripSource.EXCHANGE:
            return "互派外出"
        if self.source == TripSource.PROVINCIAL_LIST:
            return "省总名单"
        if self.level == TripLevel.COUNTY:
            return "县级方案"
        return f"{self.get_level_display()}方案"


class RunStatus(models.TextChoices):
    PENDING = "pending", "计算中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"
    PUBLISHED = "published", "已公示"


class SelectionRun(models.Model):
    """One run of the planner: the exact input bytes, its SHA-256, the seed and the output."""

    plan = models.ForeignKey(
        Plan, verbose_name="工作方案", on_delete=models.PROTECT, related_name="runs"
    )
    job = models.ForeignKey(
        Job,
        verbose_name="后台任务",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        "状态", max_length=10, choices=RunStatus.choices, default=RunStatus.PENDING
    )
    input_json = models.TextField("输入（JSON）")
    input_sha256 = models.CharField("输入SHA-256", max_length=64)
    seed = models.BigIntegerField("抽签种子")
    output: models.JSONField[Any, Any] = models.JSONField("输出", default=dict, blank=True)
    message = models.CharField("说明", max_length=500, blank=True, default="")
    created_by = models.ForeignKey(
        User,
        verbose_name="发起人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("发起时间", auto_now_add=True)
    published_at = models.DateTimeField("公示时间", null=True, blank=True)
    published_by = models.ForeignKey(
        User,
        verbose_name="公示人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    publicity_until = models.DateField("公示截止", null=True, blank=True)

    class Meta:
        verbose_name = "遴选计算"
        verbose_name_plural = "遴选计算"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan"], condition=Q(status="published"), name="run_one_published_per_plan"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} 遴选#{self.pk}"

    @property
    def org(self) -> Organization:
        return self.plan.org


class InvitationStatus(models.TextChoices):
    INVITED = "invited", "待确认"
    CONFIRMED = "confirmed", "已确认"
    DECLINED = "declined", "已谢绝"
    EXPIRED = "expired", "逾期未确认"
    WITHDRAWN = "withdrawn", "已撤回"  # the person lost eligibility (death, honor revoked)


# Statuses that hold a seat in a batch.
SEAT_STATUSES = (InvitationStatus.INVITED, InvitationStatus.CONFIRMED)


class Invitation(models.Model):
    """A person invited to a batch; a confirmed invitation is a place on the roster."""

    plan = models.ForeignKey(
        Plan, verbose_name="工作方案", on_delete=models.PROTECT, related_name="invitations"
    )
    batch = models.ForeignKey(
        Batch, verbose_name="批次", on_delete=models.PROTECT, related_name="invitations"
    )
    person = models.ForeignKey(
        Person,
        verbose_name="人员",
        on_delete=models.PROTECT,
        related_name="recuperation_invitations",
    )
    run = models.ForeignKey(
        SelectionRun, verbose_name="遴选计算", on_delete=models.PROTECT, related_name="invitations"
    )
    candidate_id = models.CharField("候选编号", max_length=20)
    from_waitlist = models.BooleanField("候补递补", default=False)
    score = models.IntegerField("得分", default=0)
    cost = models.DecimalField("预算费用（元）", max_digits=10, decimal_places=2)
    status = models.CharField(
        "状态", max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.INVITED
    )
    deadline = models.DateField("确认截止日期")
    invited_at = models.DateTimeField("邀请时间", auto_now_add=True)
    responded_at = models.DateTimeField("答复时间", null=True, blank=True)
    responded_by = models.ForeignKey(
        User,
        verbose_name="答复登记人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decline_reason = models.CharField("谢绝原因", max_length=200, blank=True, default="")
    withdraw_reason = models.CharField("撤回原因", max_length=200, blank=True, default="")
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    attended = models.BooleanField("实际参加", null=True, blank=True)
    travel_reimbursed = models.DecimalField(
        "报销往返差旅费（元）", max_digits=10, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = "疗休养邀请"
        verbose_name_plural = "疗休养邀请"
        ordering = ["batch", "invited_at", "id"]
        constraints = [
            # A person holds at most one seat per plan, whatever the batch (database-enforced).
            models.UniqueConstraint(
                fields=["plan", "person"],
                condition=Q(status__in=["invited", "confirmed"]),
                name="invitation_one_seat_per_plan",
            ),
            models.CheckConstraint(
                condition=Q(attended__isnull=True) | Q(status="confirmed"),
                name="invitation_attendance_only_confirmed",
            ),
        ]
        indexes = [models.Index(fields=["batch", "status"], name="invitation_batch_status_idx")]

    def __str__(self) -> str:
        return f"{self.person.name} → {self.batch.code}"

    @property
    def org(self) -> Organization:
        # The owner for answering (recuperation.invitation.respond): the invited person's
        # organization. Staff operations on a plan's invitations target the plan instead.
        return self.person.org


class Need(models.Model):
    """A participant's needs for the host (接待需求); health data is encrypted PII."""

    invitation = models.OneToOneField(
        Invitation, verbose_name="邀请", on_delete=models.CASCADE, related_name="need"
    )
    diet = models.CharField("饮食要求", max_length=200, blank=True, default="")
    health_enc = models.TextField("健康状况（密文）", blank=True, default="", editable=False)
    mobility = models.CharField("行动能力", max_length=100, blank=True, default="")
    emergency_name = models.CharField("紧急联系人", max_length=40, blank=True, default="")
    emergency_phone_enc = models.TextField(
        "紧急联系电话（密文）", blank=True, default="", editable=False
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "接待需求"
        verbose_name_plural = "接待需求"

    def __str__(self) -> str:
        return f"{self.invitation.person.name} 接待需求"

    @property
    def person(self) -> Person:
        return self.invitation.person

    @property
    def health(self) -> str:
        """Decrypted health conditions; callers must log the view (services.need_reveal)."""
        return crypto.decrypt(self.health_enc, purpose="recuperation.health")

    @property
    def emergency_phone(self) -> str:
        return crypto.decrypt(self.emergency_phone_enc, purpose="recuperation.emergency_phone")

    def set_health(self, text: str) -> None:
        self.health_enc = crypto.encrypt(text, purpose="recuperation.health")

    def set_emergency_phone(self, text: str) -> None:
        self.emergency_phone_enc = crypto.encrypt(text, purpose="recuperation.emergency_phone")


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


class Feedback(models.Model):
    """A participant's feedback after the trip."""

    invitation = models.OneToOneField(
        Invitation, verbose_name="邀请", on_delete=models.CASCADE, related_name="feedback"
    )
    satisfaction = models.PositiveSmallIntegerField("满意度（1–5）")
    comments = models.TextField("意见建议", blank=True, default="")
    created_at = models.DateTimeField("提交时间", auto_now_add=True)

    class Meta:
        verbose_name = "疗休养反馈"
        verbose_name_plural = "疗休养反馈"
        constraints = [
            models.CheckConstraint(
                condition=Q(satisfaction__gte=1) & Q(satisfaction__lte=5),
                name="feedback_satisfaction_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.invitation.person.name} 满意度{self.satisfaction}"

    @property
    def person(self) -> Person:
        return self.invitation.person


class InboundGroup(models.Model):
    """A group received from a partner (接待): size, dates, sites, local spending."""

    agreement = models.ForeignKey(
        ExchangeAgreement,
        verbose_name="互派协议",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inbound",
    )
    partner = models.CharField("来访单位", max_length=100)
    size = models.PositiveIntegerField("人数")
    start_date = models.DateField("抵达日期")
    end_date = models.DateField("离开日期")
    sites = models.CharField("参观地点", max_length=300, blank=True, default="")
    local_spending = models.DecimalField(
        "当地消费（元）", max_digits=12, decimal_places=2, default=0
    )
    note = models.CharField("备注", max_length=300, blank=True, default="")
    org = models.ForeignKey(
        Organization, verbose_name="接待单位", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "来安接待团组"
        verbose_name_plural = "来安接待团组"
        ordering = ["-start_date", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(size__gte=1), name="inbound_size_positive"),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="inbound_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(local_spending__gte=0), name="inbound_spending_nonneg"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner} {self.size}人（{self.start_date}）"

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1


class Notification(models.Model):
    """An in-app message to a person (invitations, reminders)."""

    person = models.ForeignKey(
        Person, verbose_name="人员", on_delete=models.CASCADE, related_name="recuperation_notices"
    )
    title = models.CharField("标题", max_length=100)
    body = models.TextField("内容")
    created_at = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = "站内通知"
        verbose_name_plural = "站内通知"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


def batch_end(start: dt.date, days: int) -> dt.date:
    return start + dt.timedelta(days=days - 1)
