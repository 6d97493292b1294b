"""Selection and its outcome: planner runs, invitations (seats), participants' needs and
feedback, and the in-app notifications sent about them."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from gonghui.core import crypto
from gonghui.core.models import Job, Organization, Person
from gonghui.core.models_base import Created, Recorded, user_ref
from gonghui.recuperation.models_plans import Batch, Plan


class RunStatus(models.TextChoices):
    PENDING = "pending", "计算中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"
    PUBLISHED = "published", "已公示"


# The columns of a run that hold its files: megabytes each for a province's list (20,000
# candidates). Pages list runs and read their figures without them; a field is read from the
# database when it is first used.
RUN_FILE_FIELDS = ("input_json", "output", "output_json", "codes")


class SelectionRunManager(models.Manager["SelectionRun"]):
    """Runs without their files (RUN_FILE_FIELDS), each read when first used."""

    def get_queryset(self) -> models.QuerySet[SelectionRun]:
        return super().get_queryset().defer(*RUN_FILE_FIELDS)


class SelectionRun(Recorded):
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
    # The output as the planner serialized it (gonghui.planner.serialize): the bytes published
    # with the 公示 and hashed, identical to what `gonghui recuperation solve` writes.
    output_json = models.TextField("输出（JSON）", blank=True, default="")
    output_sha256 = models.CharField("输出SHA-256", max_length=64, blank=True, default="")
    # Candidate code → person id: the input names candidates only by codes (pseudonymous).
    codes: models.JSONField[Any, Any] = models.JSONField("候选编号", default=dict, blank=True)
    message = models.CharField("说明", max_length=500, blank=True, default="")
    published_at = models.DateTimeField("公示时间", null=True, blank=True)
    published_by = user_ref("公示人")
    publicity_until = models.DateField("公示截止", null=True, blank=True)

    objects = SelectionRunManager()

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

    def person_id(self, code: str) -> int:
        """The person behind a candidate code of this run's input."""
        if self.codes:
            return int(self.codes[code])
        return int(code[1:])  # a run from before the codes: "P" + the person's id

    @property
    def org(self) -> Organization:
        return self.plan.org


class CandidateOutcome(models.Model):
    """One candidate's result in a run, as the planner's output explains it: written once when
    the run is stored, so that the result pages read one page of candidates (in the order the
    page shows them) instead of the whole output."""

    run = models.ForeignKey(
        SelectionRun, verbose_name="遴选计算", on_delete=models.CASCADE, related_name="outcomes"
    )
    person = models.ForeignKey(
        Person, verbose_name="人员", on_delete=models.CASCADE, related_name="+"
    )
    code = models.CharField("候选编号", max_length=20)
    # The run page's order: selected, then the waiting list in order, then the rest by score.
    position = models.PositiveIntegerField("顺序")
    eligible = models.BooleanField("符合条件")
    selected = models.BooleanField("入选")
    score = models.IntegerField("得分", null=True, blank=True)
    lottery = models.IntegerField("签位", null=True, blank=True)
    batch = models.CharField("入选批次", max_length=20, blank=True, default="")
    waitlist = models.PositiveIntegerField("候补顺序", null=True, blank=True)
    # The planner's explanation of this candidate, exactly as in the run's output.
    explanation: models.JSONField[Any, Any] = models.JSONField("说明", default=dict)

    class Meta:
        verbose_name = "遴选结果（逐人）"
        verbose_name_plural = "遴选结果（逐人）"
        ordering = ["run", "position"]
        constraints = [
            models.UniqueConstraint(fields=["run", "code"], name="outcome_one_per_code"),
        ]
        indexes = [models.Index(fields=["run", "position"], name="outcome_run_position_idx")]

    def __str__(self) -> str:
        return f"{self.run} {self.code}"

    @property
    def org(self) -> Organization:
        return self.person.org


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
    responded_by = user_ref("答复登记人")
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


class Feedback(Created):
    """A participant's feedback after the trip."""

    invitation = models.OneToOneField(
        Invitation, verbose_name="邀请", on_delete=models.CASCADE, related_name="feedback"
    )
    satisfaction = models.PositiveSmallIntegerField("满意度（1–5）")
    comments = models.TextField("意见建议", blank=True, default="")

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


class Notification(Created):
    """An in-app message to a person (invitations, reminders)."""

    person = models.ForeignKey(
        Person, verbose_name="人员", on_delete=models.CASCADE, related_name="recuperation_notices"
    )
    title = models.CharField("标题", max_length=100)
    body = models.TextField("内容")
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = "站内通知"
        verbose_name_plural = "站内通知"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title
