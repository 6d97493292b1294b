"""What the other three 四送 campaigns record: 金秋助学 grants (a student once a year), 夏送清凉
visits to employer sites, 春送岗位 job fairs."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q

from gonghui.core import crypto
from gonghui.core.models import Employer, Person
from gonghui.core.models_base import Created, Recorded, owning_org, user_ref
from gonghui.core.validators import mask_id
from gonghui.relief.models.campaigns import Campaign
from gonghui.relief.models.cases import Case

STUDENT_ID_PURPOSE = "relief.student.id_number"


class GrantStatus(models.TextChoices):
    APPLIED = "applied", "待审核"
    APPROVED = "approved", "已审核"
    REJECTED = "rejected", "未通过"
    PAID = "paid", "已发放"


class StudentGrant(Recorded):
    """金秋助学: a grant to a student of a household, once per student per year."""

    campaign = models.ForeignKey(
        Campaign, verbose_name="活动", on_delete=models.PROTECT, related_name="grants"
    )
    year = models.PositiveSmallIntegerField("年度")
    org = owning_org("申报单位")
    case = models.ForeignKey(
        Case,
        verbose_name="困难档案",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grants",
    )
    person = models.ForeignKey(
        Person, verbose_name="职工（家长）", on_delete=models.PROTECT, related_name="relief_grants"
    )
    student_name = models.CharField("学生姓名", max_length=40)
    student_id_enc = models.TextField("学生身份证号码（密文）", editable=False)
    student_id_hash = models.CharField("学生身份证号码索引", max_length=64, editable=False)
    student_id_masked = models.CharField("学生身份证号码", max_length=18, editable=False)
    university = models.CharField("录取院校", max_length=100)
    admission_path = models.CharField("录取通知书", max_length=255, blank=True, default="")
    amount = models.DecimalField("助学金（元）", max_digits=12, decimal_places=2)
    status = models.CharField(
        "状态", max_length=10, choices=GrantStatus.choices, default=GrantStatus.APPLIED
    )
    reviewed_by = user_ref("审核人")
    paid_on = models.DateField("发放日期", null=True, blank=True)
    rejected_reason = models.CharField("未通过原因", max_length=300, blank=True, default="")

    class Meta:
        verbose_name = "金秋助学"
        verbose_name_plural = "金秋助学"
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "student_id_hash"],
                condition=~Q(status="rejected"),
                name="relief_grant_once_a_year",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="relief_grant_nonneg"),
        ]

    def __str__(self) -> str:
        return f"{self.year}年金秋助学 {self.student_name}"

    @property
    def student_id(self) -> str:
        return crypto.decrypt(self.student_id_enc, purpose=STUDENT_ID_PURPOSE)

    def set_student_id(self, number: str) -> None:
        self.student_id_enc = crypto.encrypt(number, purpose=STUDENT_ID_PURPOSE)
        self.student_id_hash = crypto.lookup_hash(number, purpose="person.id_number")
        self.student_id_masked = mask_id(number)


class CoolingSite(Created):
    """夏送清凉 at an employer's site: the frontline workers in high temperature reached, with the
    goods and money given."""

    campaign = models.ForeignKey(
        Campaign, verbose_name="活动", on_delete=models.PROTECT, related_name="sites"
    )
    org = owning_org("慰问单位")
    employer = models.ForeignKey(
        Employer, verbose_name="企业", on_delete=models.PROTECT, related_name="cooling_sites"
    )
    site = models.CharField("慰问点位", max_length=100)
    workers = models.PositiveIntegerField("高温一线职工人数")
    goods = models.CharField("慰问物资", max_length=200, blank=True, default="")
    amount = models.DecimalField(
        "慰问金额（元）", max_digits=12, decimal_places=2, default=Decimal("0.00")
    )
    visited_on = models.DateField("慰问日期")

    class Meta:
        verbose_name = "夏送清凉点位"
        verbose_name_plural = "夏送清凉点位"
        ordering = ["-visited_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="relief_site_nonneg"),
        ]

    def __str__(self) -> str:
        return f"{self.employer} {self.site}"


class JobFair(Created):
    """春送岗位: one job fair, an event log that feeds the figures."""

    campaign = models.ForeignKey(
        Campaign, verbose_name="活动", on_delete=models.PROTECT, related_name="fairs"
    )
    org = owning_org("主办单位")
    held_on = models.DateField("举办日期")
    place = models.CharField("地点", max_length=100)
    employers = models.PositiveIntegerField("参会企业数", default=0)
    positions = models.PositiveIntegerField("提供岗位数", default=0)
    placed = models.PositiveIntegerField("达成就业意向人数", default=0)

    class Meta:
        verbose_name = "春送岗位招聘会"
        verbose_name_plural = "春送岗位招聘会"
        ordering = ["-held_on", "id"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.place}"
