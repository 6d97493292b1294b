"""The 劳模 registry: the honor-type catalog, honors conferred, and the registry entry."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from gonghui.core.models import Organization, Person
from gonghui.core.models_base import Recorded


class HonorLevel(models.IntegerChoices):
    # Lower number = higher level, so Min() over valid honors gives a person's 劳模 level.
    NATIONAL = 1, "国家级"
    PROVINCIAL = 2, "省级"
    CITY = 3, "市级"
    COUNTY = 4, "县级"
    OTHER = 5, "其他"


class HonorCategory(models.TextChoices):
    MODEL_WORKER = "model_worker", "劳动模范"
    ADVANCED_WORKER = "advanced_worker", "先进工作者"
    MAY_DAY_MEDAL = "may_day_medal", "五一劳动奖章"
    CRAFTSMAN = "craftsman", "工匠"
    OTHER = "other", "其他个人荣誉"
    COLLECTIVE = "collective", "集体荣誉"


class HonorType(models.Model):
    """A title in the catalog (全国劳动模范 … 金州工匠, 工人先锋号 …)."""

    name = models.CharField("荣誉名称", max_length=60, unique=True)
    level = models.PositiveSmallIntegerField("级别", choices=HonorLevel.choices)
    category = models.CharField("类别", max_length=20, choices=HonorCategory.choices)
    collective = models.BooleanField("集体荣誉", default=False)
    is_active = models.BooleanField("启用", default=True)
    sort = models.PositiveSmallIntegerField("排序", default=100)

    class Meta:
        verbose_name = "荣誉类型"
        verbose_name_plural = "荣誉类型"
        ordering = ["level", "sort", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=5), name="honortype_level_range"
            ),
            models.CheckConstraint(
                condition=Q(collective=False) | Q(category="collective"),
                name="honortype_collective_category",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class HonorStatus(models.TextChoices):
    VALID = "valid", "有效"
    REVOKED = "revoked", "撤销"


class Honor(Recorded):
    """One conferral of a title on a person (or, for collective titles, an organization)."""

    person = models.ForeignKey(
        Person,
        verbose_name="获得者",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="honors",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name="获得集体",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="honors",
    )
    honor_type = models.ForeignKey(
        HonorType, verbose_name="荣誉类型", on_delete=models.PROTECT, related_name="honors"
    )
    year = models.PositiveSmallIntegerField("授予年度")
    authority = models.CharField("授予机关", max_length=100, blank=True, default="")
    doc_number = models.CharField("文号", max_length=60, blank=True, default="")
    status = models.CharField(
        "状态", max_length=10, choices=HonorStatus.choices, default=HonorStatus.VALID
    )
    revoked_on = models.DateField("撤销日期", null=True, blank=True)
    revoke_reason = models.CharField("撤销原因", max_length=200, blank=True, default="")

    class Meta:
        verbose_name = "荣誉记录"
        verbose_name_plural = "荣誉记录"
        ordering = ["-year", "honor_type__level", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(organization__isnull=True))
                | (Q(person__isnull=True) & Q(organization__isnull=False)),
                name="honor_person_xor_org",
            ),
            models.UniqueConstraint(
                fields=["person", "honor_type", "year"],
                condition=Q(person__isnull=False),
                name="honor_unique_person_type_year",
            ),
            models.UniqueConstraint(
                fields=["organization", "honor_type", "year"],
                condition=Q(organization__isnull=False),
                name="honor_unique_org_type_year",
            ),
            models.CheckConstraint(
                condition=Q(status="valid")
                | (Q(status="revoked") & Q(revoked_on__isnull=False) & ~Q(revoke_reason="")),
                name="honor_revocation_has_date_and_reason",
            ),
        ]
        indexes = [models.Index(fields=["person", "status"], name="honor_person_status_idx")]

    def __str__(self) -> str:
        who = self.person.name if self.person is not None else str(self.organization)
        return f"{who} {self.year}年{self.honor_type}"

    @property
    def holder(self) -> Person | Organization | None:
        return self.person if self.person_id else self.organization

    @property
    def org(self) -> Organization | None:
        # Lets core.audit file the entry under the holder's organization.
        return self.person.org if self.person is not None else self.organization


class ModelWorker(models.Model):
    """The registry entry of a person holding an individual honor; `level` is derived.

    `level`/`top_honor` are denormalized from the valid honors by honors.services so the
    registry (20,000 rows) filters and sorts without aggregating honors on every page.
    """

    person = models.OneToOneField(
        Person, verbose_name="人员", on_delete=models.PROTECT, related_name="model_worker"
    )
    level = models.PositiveSmallIntegerField(
        "劳模级别", choices=HonorLevel.choices, null=True, blank=True, db_index=True
    )
    top_honor = models.ForeignKey(
        Honor,
        verbose_name="最高荣誉",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    bank_name = models.CharField("开户银行", max_length=60, blank=True, default="")
    bank_account_enc = models.TextField("银行账号（密文）", blank=True, default="", editable=False)
    bank_account_masked = models.CharField("银行账号", max_length=40, blank=True, default="")
    note = models.CharField("备注", max_length=200, blank=True, default="")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "劳模档案"
        verbose_name_plural = "劳模档案"
        ordering = ["level", "person__name_pinyin", "id"]

    def __str__(self) -> str:
        return f"劳模 {self.person.name}"

    @property
    def is_valid(self) -> bool:
        return self.level is not None
