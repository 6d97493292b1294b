"""四送 campaigns: 冬送温暖, 夏送清凉, 金秋助学, 春送岗位 (or another named one).

A campaign has standards per target group, funds raised by source and budget lines. Counties and
grassroots unions submit distribution lists; submitting pools a list's people into the campaign,
and a person is pooled once in the whole city (a partial unique constraint on the items). A list
is approved by a user other than its submitter; each item is then signed for (签收) or taken by
a proxy (代领). 金秋助学 grants a student once a year; 夏送清凉 goes to employer sites; 春送岗位
logs job fairs.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from gonghui.core.models import Organization, Person
from gonghui.core.models_base import Recorded, owning_org, user_ref
from gonghui.relief.models.cases import Case

STUDENT_ID_PURPOSE = "relief.student.id_number"


class CampaignKind(models.TextChoices):
    WARMTH = "warmth", "冬送温暖"
    COOLNESS = "coolness", "夏送清凉"
    SCHOOLING = "schooling", "金秋助学"
    JOBS = "jobs", "春送岗位"
    OTHER = "other", "其他"


class CampaignStatus(models.TextChoices):
    OPEN = "open", "名单申报中"
    CLOSED = "closed", "已结束"


class Campaign(Recorded):
    """One campaign of a year, owned by the organization that runs it."""

    kind = models.CharField("活动类型", max_length=10, choices=CampaignKind.choices)
    name = models.CharField("活动名称", max_length=100)
    year = models.PositiveSmallIntegerField("年度")
    org = owning_org("主办工会")
    status = models.CharField(
        "状态", max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.OPEN
    )
    starts_on = models.DateField("开始日期", null=True, blank=True)
    ends_on = models.DateField("结束日期", null=True, blank=True)
    note = models.TextField("活动说明", blank=True, default="")

    class Meta:
        verbose_name = "四送活动"
        verbose_name_plural = "四送活动"
        ordering = ["-year", "kind", "id"]
        constraints = [
            models.UniqueConstraint(fields=["org", "year", "name"], name="relief_campaign_name"),
        ]

    def __str__(self) -> str:
        return self.name


class CampaignStandard(models.Model):
    """The standard of one target group: e.g. 深度困难 1,000 元, 相对困难 500 元. `group` is a
    困难类别 value for groups drawn from the ledger, or any other named group."""

    campaign = models.ForeignKey(
        Campaign, verbose_name="活动", on_delete=models.CASCADE, related_name="standards"
    )
    group = models.CharField("对象类别", max_length=20)
    label = models.CharField("对象类别名称", max_length=40)
    amount = models.DecimalField("慰问金标准（元）", max_digits=12, decimal_places=2)
    goods = models.CharField("慰问物资", max_length=200, blank=True, default="")

    class Meta:
        verbose_name = "慰问标准"
        verbose_name_plural = "慰问标准"
        ordering = ["-amount", "id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "group"], name="relief_standard_group"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="relief_standard_nonneg"),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.amount}元"

    def owner_org(self) -> Organization:
        return self.campaign.org


class CampaignFund(models.Model):
    """Money raised for a campaign, by source (筹集资金: 上级拨付, 本级经费, 社会捐赠 …)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name="活动", on_delete=models.CASCADE, related_name="funds"
    )
    source = models.CharField("资金来源", max_length=60)
    amount = models.DecimalField("金额（元）", max_digits=14, decimal_places=2)
    org = owning_org("筹集单位")

    class Meta:
        verbose_name = "筹集资金"
        verbose_name_plural = "筹集资金"
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="relief_fund_nonneg"),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.amount}元"


class CampaignBudget(models.Model):
    """A budget line (预算科目) a campaign pays from, with its amount."""

    campaign = models.ForeignKey(
        Campaign, verbose_name="活动", on_delete=models.CASCADE, related_name="budgets"
    )
    line = models.CharField("预算科目", max_length=60)
    amount = models.DecimalField("预算金额（元）", max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = "活动预算"
        verbose_name_plural = "活动预算"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "line"], name="relief_budget_line"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="relief_budget_nonneg"),
        ]

    def __str__(self) -> str:
        return self.line

    def owner_org(self) -> Organization:
        return self.campaign.org


class ListStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已报送"
    APPROVED = "approved", "已审批"
    RETURNED = "returned", "已退回"


class DistributionList(Recorded):
    """A distribution list (发放名单) a county or grassroots union submits to a campaign."""

    campaign = models.ForeignKey(
        Campaign, verbose_name="活动", on_delete=models.PROTECT, related_name="lists"
    )
    org = owning_org("报送单位")
    status = models.CharField(
        "状态", max_length=10, choices=ListStatus.choices, default=ListStatus.DRAFT
    )
    budget_line = models.CharField("预算科目", max_length=60, blank=True, default="")
    submitted_by = user_ref("报送人")
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    approved_by = user_ref("审批人")
    approved_at = models.DateTimeField("审批时间", null=True, blank=True)
    returned_reason = models.CharField("退回原因", max_length=300, blank=True, default="")

    class Meta:
        verbose_name = "发放名单"
        verbose_name_plural = "发放名单"
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.org}"


class Distribution(models.Model):
    """One person on a distribution list, with the amount and goods given and its receipt.

    `pooled` is set when the list is submitted: a person is pooled at most once per campaign in
    the whole city (the constraint decides between two counties submitting at once)."""

    dlist = models.ForeignKey(
        DistributionList, verbose_name="名单", on_delete=models.CASCADE, related_name="items"
    )
    campaign = models.ForeignKey(
        Campaign, verbose_name="活动", on_delete=models.PROTECT, related_name="distributions"
    )
    person = models.ForeignKey(
        Person, verbose_name="慰问对象", on_delete=models.PROTECT, related_name="relief_items"
    )
    case = models.ForeignKey(
        Case,
        verbose_name="困难档案",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="distributions",
    )
    group = models.CharField("对象类别", max_length=20)
    standard_amount = models.DecimalField("标准金额（元）", max_digits=12, decimal_places=2)
    amount = models.DecimalField("发放金额（元）", max_digits=12, decimal_places=2)
    override_reason = models.CharField("调整金额原因", max_length=200, blank=True, default="")
    goods = models.CharField("慰问物资", max_length=200, blank=True, default="")
    pooled = models.BooleanField("已报送汇总", default=False)
    # 签收: the date and a scan or photo, or 代领 with the receiver's name and reason.
    signed_on = models.DateField("签收日期", null=True, blank=True)
    receipt_path = models.CharField("签收凭证", max_length=255, blank=True, default="")
    proxy_name = models.CharField("代领人", max_length=40, blank=True, default="")
    proxy_reason = models.CharField("代领原因", max_length=200, blank=True, default="")
    receipt_by = user_ref("签收登记人")

    class Meta:
        verbose_name = "发放明细"
        verbose_name_plural = "发放明细"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "person"],
                condition=Q(pooled=True),
                name="relief_one_per_campaign",
            ),
            models.UniqueConstraint(fields=["dlist", "person"], name="relief_once_per_list"),
            models.CheckConstraint(
                condition=Q(amount__gte=0) & Q(standard_amount__gte=0),
                name="relief_item_nonneg",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.name} {self.amount}元"

    def owner_org(self) -> Organization:
        return self.dlist.org

    @property
    def signed(self) -> bool:
        return self.signed_on is not None


class DuplicateResolution(models.Model):
    """How a person found on two lists of one campaign was resolved: the item removed from one
    list, the list kept, who decided and why (the 审计员's audit view reads these)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name="活动", on_delete=models.PROTECT, related_name="resolutions"
    )
    person = models.ForeignKey(
        Person, verbose_name="重复人员", on_delete=models.PROTECT, related_name="+"
    )
    kept_list = models.ForeignKey(
        DistributionList,
        verbose_name="保留名单",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    removed_list = models.ForeignKey(
        DistributionList,
        verbose_name="移出名单",
        on_delete=models.PROTECT,
        related_name="+",
    )
    removed_group = models.CharField("移出的对象类别", max_length=20, blank=True, default="")
    removed_amount = models.DecimalField(
        "移出的金额（元）", max_digits=12, decimal_places=2, null=True, blank=True
    )
    by = user_ref("处理人")
    at = models.DateTimeField("处理时间")
    note = models.CharField("处理说明", max_length=300)

    class Meta:
        verbose_name = "重复人员处理"
        verbose_name_plural = "重复人员处理"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.person.name}"

    def owner_org(self) -> Organization:
        return self.campaign.org
