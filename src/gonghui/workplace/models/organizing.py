"""建会入会 work: drives (建会攻坚) with target employers and an officer, visits, the founding of a
union, 集中入会 events and 党工共建示范点 with their subsidy [seed 000, 001, 003, 004]."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from gonghui.core.models import Employer, Membership, Organization, Person
from gonghui.core.models_base import Recorded, owning_org, user_ref
from gonghui.workplace.models.employers import Budget


class DriveStatus(models.TextChoices):
    OPEN = "open", "进行中"
    CLOSED = "closed", "已结束"


class Drive(Recorded):
    """建会攻坚: a campaign over target employers, led by one officer."""

    org = owning_org("组织单位")
    name = models.CharField("攻坚行动名称", max_length=100)
    year = models.PositiveSmallIntegerField("年度")
    officer = user_ref("责任人", blank=False)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("截止日期")
    status = models.CharField(
        "状态", max_length=10, choices=DriveStatus.choices, default=DriveStatus.OPEN
    )
    note = models.CharField("说明", max_length=500, blank=True, default="")

    class Meta:
        verbose_name = "建会攻坚"
        verbose_name_plural = "建会攻坚"
        ordering = ["-year", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="workplace_drive_dates"
            )
        ]

    def __str__(self) -> str:
        return self.name


class TargetStatus(models.TextChoices):
    OPEN = "open", "未建会"
    FOUNDED = "founded", "已建会"
    COVERED = "covered", "联合会覆盖"
    DROPPED = "dropped", "已移出"


class DriveTarget(models.Model):
    drive = models.ForeignKey(
        Drive, verbose_name="攻坚行动", on_delete=models.CASCADE, related_name="targets"
    )
    employer = models.ForeignKey(
        Employer, verbose_name="目标企业", on_delete=models.PROTECT, related_name="drive_targets"
    )
    status = models.CharField(
        "状态", max_length=10, choices=TargetStatus.choices, default=TargetStatus.OPEN
    )
    added_at = models.DateTimeField("加入时间", auto_now_add=True)

    class Meta:
        verbose_name = "攻坚目标企业"
        verbose_name_plural = "攻坚目标企业"
        ordering = ["drive_id", "employer__name"]
        constraints = [
            models.UniqueConstraint(fields=["drive", "employer"], name="workplace_target_once")
        ]

    def __str__(self) -> str:
        return str(self.employer)

    def owner_org(self) -> Organization:
        return self.drive.org


class VisitOutcome(models.TextChoices):
    AGREED = "agreed", "同意建会"
    FOLLOW_UP = "follow_up", "需再次走访"
    REFUSED = "refused", "暂不同意"
    COVERED = "covered", "纳入联合会覆盖"
    FOUNDED = "founded", "已召开成立大会"


class OrganizingVisit(Recorded):
    """A visit to an employer to found a union (上门服务), inside a drive or not."""

    employer = models.ForeignKey(
        Employer, verbose_name="企业", on_delete=models.PROTECT, related_name="organizing_visits"
    )
    drive = models.ForeignKey(
        Drive,
        verbose_name="攻坚行动",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="visits",
    )
    org = owning_org("走访单位")
    visited_on = models.DateField("走访日期")
    visitors = models.CharField("走访人员", max_length=200)
    outcome = models.CharField("走访结果", max_length=12, choices=VisitOutcome.choices)
    note = models.CharField("情况记录", max_length=500, blank=True, default="")

    class Meta:
        verbose_name = "建会走访"
        verbose_name_plural = "建会走访"
        ordering = ["-visited_on", "-id"]

    def __str__(self) -> str:
        return f"{self.visited_on} 走访{self.employer}"


class Founding(Recorded):
    """A union founded at an employer: the grassroots union created in the tree and its
    founding meeting (成立大会)."""

    employer = models.OneToOneField(
        Employer, verbose_name="企业", on_delete=models.PROTECT, related_name="founding"
    )
    union = models.OneToOneField(
        Organization, verbose_name="基层工会", on_delete=models.PROTECT, related_name="founding"
    )
    drive = models.ForeignKey(
        Drive,
        verbose_name="攻坚行动",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="foundings",
    )
    org = owning_org("上级工会")
    meeting_on = models.DateField("成立大会日期")
    chair_name = models.CharField("工会主席", max_length=40)
    attendees = models.PositiveIntegerField("参会人数")
    members = models.PositiveIntegerField("首批会员人数")
    note = models.CharField("说明", max_length=500, blank=True, default="")

    class Meta:
        verbose_name = "建会记录"
        verbose_name_plural = "建会记录"
        ordering = ["-meeting_on", "-id"]

    def __str__(self) -> str:
        return f"{self.union}成立"


class JoinEvent(Recorded):
    """集中入会: an event where workers join at once (often new-employment-form workers)."""

    org = owning_org("主办单位")
    title = models.CharField("活动名称", max_length=100)
    held_on = models.DateField("活动日期")
    place = models.CharField("地点", max_length=100, blank=True, default="")
    union = models.ForeignKey(
        Organization,
        verbose_name="入会的工会",
        on_delete=models.PROTECT,
        related_name="join_events",
        help_text="新会员加入的基层工会或行业、区域性工会联合会",
    )
    note = models.CharField("说明", max_length=500, blank=True, default="")

    class Meta:
        verbose_name = "集中入会活动"
        verbose_name_plural = "集中入会活动"
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.title


class JoinEventMember(models.Model):
    event = models.ForeignKey(
        JoinEvent, verbose_name="集中入会活动", on_delete=models.CASCADE, related_name="joiners"
    )
    person = models.ForeignKey(
        Person, verbose_name="人员", on_delete=models.PROTECT, related_name="join_events"
    )
    membership = models.ForeignKey(
        Membership, verbose_name="会籍", on_delete=models.PROTECT, related_name="+"
    )
    new_employment_form = models.CharField("新就业形态", max_length=16, blank=True, default="")

    class Meta:
        verbose_name = "集中入会人员"
        verbose_name_plural = "集中入会人员"
        ordering = ["event_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], name="workplace_joiner_once")
        ]

    def __str__(self) -> str:
        return str(self.person)

    def owner_org(self) -> Organization:
        return self.event.org


class SiteStatus(models.TextChoices):
    DESIGNATED = "designated", "已命名"
    APPROVED = "approved", "补助已审批"
    PAID = "paid", "补助已发放"
    REVOKED = "revoked", "已撤销"


class DemoSite(Recorded):
    """党工共建示范点 of a year, with its subsidy: entered by one officer, approved by another
    (maker-checker), paid from a budget line."""

    employer = models.ForeignKey(
        Employer, verbose_name="企业", on_delete=models.PROTECT, related_name="demo_sites"
    )
    year = models.PositiveSmallIntegerField("年度")
    org = owning_org("命名单位")
    subsidy = models.DecimalField("补助金额（元）", max_digits=12, decimal_places=2)
    budget = models.ForeignKey(
        Budget, verbose_name="预算科目", on_delete=models.PROTECT, related_name="sites"
    )
    status = models.CharField(
        "状态", max_length=12, choices=SiteStatus.choices, default=SiteStatus.DESIGNATED
    )
    approved_by = user_ref("审批人")
    approved_at = models.DateTimeField("审批时间", null=True, blank=True)
    paid_on = models.DateField("发放日期", null=True, blank=True)
    voucher = models.CharField("凭证号", max_length=40, blank=True, default="")
    note = models.CharField("说明", max_length=300, blank=True, default="")

    class Meta:
        verbose_name = "党工共建示范点"
        verbose_name_plural = "党工共建示范点"
        ordering = ["-year", "employer__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["employer", "year"],
                condition=~Q(status="revoked"),
                name="workplace_site_once_a_year",
            ),
            models.CheckConstraint(condition=Q(subsidy__gte=0), name="workplace_site_nonneg"),
        ]

    def __str__(self) -> str:
        return f"{self.year}年示范点 {self.employer}"
