"""劳模 registry: honors, 五必访 visit tasks, care subsidies, 劳模诉求, and the year's rules."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import F, Q, Sum

from gonghui.core.models import Organization, Person, User


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


class Honor(models.Model):
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


# ---------------------------------------------------------------- the year's rules


class YearRules(models.Model):
    """The year's settings an administrator can change; `honors.rules` supplies defaults."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    visit_event_days = models.PositiveSmallIntegerField("事件走访时限（工作日）", default=3)
    holiday_visit_lead_days = models.PositiveSmallIntegerField("节日走访提前（工作日）", default=0)
    demand_sort_days = models.PositiveSmallIntegerField("诉求梳理时限（工作日）", default=3)
    demand_refer_days = models.PositiveSmallIntegerField("部门联动时限（工作日）", default=5)
    demand_feedback_days = models.PositiveSmallIntegerField("反馈时限（工作日）", default=15)
    demand_close_days = models.PositiveSmallIntegerField("销号时限（工作日）", default=5)
    # Who keeps the 劳模礼遇 (visits, subsidy, 诉求 and what other modules hold for them):
    # a person with a valid honor at this level or above, not deceased, and — unless the year
    # excludes them — also when retired [default: every level, retirees included].
    care_min_level = models.PositiveSmallIntegerField(
        "享受礼遇的最低劳模级别", choices=HonorLevel.choices, default=HonorLevel.OTHER
    )
    retirees_eligible = models.BooleanField("退休劳模继续享受礼遇", default=True)
    # A newly recorded honor conferred this recently is a 取得特殊成就 moment (a visit task);
    # an old honor entered into the registry now is not [default: this year and last year].
    achievement_visit_years = models.PositiveSmallIntegerField(
        "新获荣誉走访：授予年度距今不超过（年）", default=1
    )

    class Meta:
        verbose_name = "年度规则"
        verbose_name_plural = "年度规则"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年度规则"


class VisitHoliday(models.Model):
    """A major holiday of the year on which every model worker in scope is visited."""

    year = models.PositiveSmallIntegerField("年度")
    name = models.CharField("节日", max_length=20)
    date = models.DateField("日期")

    class Meta:
        verbose_name = "走访节日"
        verbose_name_plural = "走访节日"
        ordering = ["year", "date"]
        constraints = [
            models.UniqueConstraint(fields=["year", "name"], name="visitholiday_unique_year_name"),
        ]

    def __str__(self) -> str:
        return f"{self.year}年{self.name}"


class SubsidyStandard(models.Model):
    """Yearly care subsidy per level for a region (None = the whole city's default)."""

    region = models.ForeignKey(
        Organization,
        verbose_name="适用地区",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField("年度")
    level = models.PositiveSmallIntegerField("劳模级别", choices=HonorLevel.choices)
    amount = models.DecimalField("年补助标准（元）", max_digits=10, decimal_places=2)

    class Meta:
        verbose_name = "补助标准"
        verbose_name_plural = "补助标准"
        ordering = ["year", "region", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "level"], name="subsidystandard_unique"
            ),
            models.UniqueConstraint(
                fields=["year", "level"],
                condition=Q(region__isnull=True),
                name="subsidystandard_unique_default",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="subsidystandard_amount_nonneg"
            ),
        ]

    def __str__(self) -> str:
        where = self.region.name if self.region_id and self.region else "全市默认"
        return f"{where} {self.year}年 {self.get_level_display()} {self.amount}元"

    @property
    def org(self) -> Organization | None:
        # Lets core.audit file the entry under the region (None: the city-wide row).
        return self.region


# ---------------------------------------------------------------- 五必访


class VisitOccasion(models.TextChoices):
    HOLIDAY = "holiday", "重大节日"
    HOSPITALIZED = "hospitalized", "伤病住院"
    HARDSHIP = "hardship", "突发困难"
    ACHIEVEMENT = "achievement", "取得特殊成就"
    RETIREMENT = "retirement", "退休离岗"


EVENT_OCCASIONS = [c for c in VisitOccasion.choices if c[0] != VisitOccasion.HOLIDAY]


class LifeEvent(models.Model):
    """Something that happened to a model worker and requires a visit (五必访)."""

    person = models.ForeignKey(
        Person, verbose_name="人员", on_delete=models.PROTECT, related_name="life_events"
    )
    kind = models.CharField("事件", max_length=16, choices=EVENT_OCCASIONS)
    occurred_on = models.DateField("发生日期")
    note = models.CharField("情况说明", max_length=300, blank=True, default="")
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
        verbose_name = "劳模事件"
        verbose_name_plural = "劳模事件"
        ordering = ["-occurred_on", "-id"]

    def __str__(self) -> str:
        return f"{self.person.name} {self.get_kind_display()}"


class VisitStatus(models.TextChoices):
    OPEN = "open", "待走访"
    DONE = "done", "已走访"
    CANCELLED = "cancelled", "已取消"


class VisitTask(models.Model):
    """One 五必访 visit: due date, officer, and once done the record of what was given."""

    person = models.ForeignKey(
        Person, verbose_name="走访对象", on_delete=models.PROTECT, related_name="visit_tasks"
    )
    # The union responsible: the person's organization when the task was created.
    org = models.ForeignKey(
        Organization, verbose_name="责任组织", on_delete=models.PROTECT, related_name="+"
    )
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
    officer = models.ForeignKey(
        User,
        verbose_name="走访干部",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        "状态", max_length=10, choices=VisitStatus.choices, default=VisitStatus.OPEN
    )
    cancel_reason = models.CharField("取消原因", max_length=200, blank=True, default="")
    visited_on = models.DateField("走访日期", null=True, blank=True)
    money = models.DecimalField("慰问金（元）", max_digits=10, decimal_places=2, default=0)
    goods = models.CharField("慰问物品", max_length=200, blank=True, default="")
    notes = models.TextField("走访记录", blank=True, default="")
    recorded_by = models.ForeignKey(
        User,
        verbose_name="记录人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Who made the task (None: made by the system, e.g. a status change on the 人员 page).
    created_by = models.ForeignKey(
        User,
        verbose_name="创建人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

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

    def is_overdue(self, today) -> bool:  # type: ignore[no-untyped-def]
        return self.status == VisitStatus.OPEN and self.due_date < today


# ---------------------------------------------------------------- care subsidies


class SubsidyListStatus(models.TextChoices):
    DRAFT = "draft", "待审核"
    APPROVED = "approved", "已审核"
    PAID = "paid", "已发放"


class SubsidyList(models.Model):
    """A yearly payout list computed from the registry; made by one user, approved by another."""

    org = models.ForeignKey(
        Organization, verbose_name="编制单位", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度")
    status = models.CharField(
        "状态", max_length=10, choices=SubsidyListStatus.choices, default=SubsidyListStatus.DRAFT
    )
    made_by = models.ForeignKey(
        User, verbose_name="制表人", on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField("制表时间", auto_now_add=True)
    approved_by = models.ForeignKey(
        User,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField("审核时间", null=True, blank=True)
    paid_at = models.DateTimeField("发放时间", null=True, blank=True)
    paid_by = models.ForeignKey(
        User,
        verbose_name="发放登记人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Every payment belongs to a budget line of a year (domain §0 money).
    budget_line = models.CharField("预算科目", max_length=100)
    budget_amount = models.DecimalField(
        "预算金额（元）", max_digits=12, decimal_places=2, null=True, blank=True
    )
    paid_on = models.DateField("发放日期", null=True, blank=True)
    voucher_number = models.CharField("凭证号", max_length=60, blank=True, default="")

    class Meta:
        verbose_name = "补助发放名单"
        verbose_name_plural = "补助发放名单"
        ordering = ["-year", "-id"]
        constraints = [
            # The maker cannot approve their own list (enforced in the database as well).
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("made_by")),
                name="subsidylist_maker_not_approver",
            ),
            models.CheckConstraint(
                condition=~Q(budget_line=""), name="subsidylist_has_budget_line"
            ),
            models.CheckConstraint(
                condition=Q(budget_amount__isnull=True) | Q(budget_amount__gte=0),
                name="subsidylist_budget_nonneg",
            ),
            # A paid list names the day of the transfer and its accounting voucher.
            models.CheckConstraint(
                condition=~Q(status="paid") | (Q(paid_on__isnull=False) & ~Q(voucher_number="")),
                name="subsidylist_paid_has_date_and_voucher",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.org} {self.year}年劳模补助名单"

    @property
    def lines_total(self) -> Decimal:
        """The sum of the lines not cancelled (annotated `total` when the selector gave it)."""
        total = getattr(self, "total", None)
        if total is None:
            total = self.payments.exclude(status=PaymentStatus.CANCELLED).aggregate(
                s=Sum("amount")
            )["s"]
        return Decimal(total or 0).quantize(Decimal("0.01"))

    @property
    def budget_remaining(self) -> Decimal | None:
        """What is left of the recorded budget amount after this list (None: no amount)."""
        if self.budget_amount is None:
            return None
        return self.budget_amount - self.lines_total


class PaymentStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    APPROVED = "approved", "已审核"
    PAID = "paid", "已发放"
    CANCELLED = "cancelled", "已取消"


class SubsidyPayment(models.Model):
    """One person's line on a payout list."""

    subsidy_list = models.ForeignKey(
        SubsidyList, verbose_name="发放名单", on_delete=models.CASCADE, related_name="payments"
    )
    person = models.ForeignKey(
        Person, verbose_name="人员", on_delete=models.PROTECT, related_name="subsidy_payments"
    )
    year = models.PositiveSmallIntegerField("年度")
    level = models.PositiveSmallIntegerField("劳模级别", choices=HonorLevel.choices)
    amount = models.DecimalField("金额（元）", max_digits=10, decimal_places=2)
    status = models.CharField(
        "状态", max_length=10, choices=PaymentStatus.choices, default=PaymentStatus.PENDING
    )
    cancel_reason = models.CharField("取消原因", max_length=200, blank=True, default="")

    class Meta:
        verbose_name = "补助发放明细"
        verbose_name_plural = "补助发放明细"
        ordering = ["subsidy_list", "level", "person__name_pinyin", "id"]
        constraints = [
            # Nobody is paid the same subsidy twice in a year.
            models.UniqueConstraint(
                fields=["person", "year"],
                condition=Q(status__in=["approved", "paid"]),
                name="subsidy_once_per_person_year",
            ),
            models.UniqueConstraint(
                fields=["subsidy_list", "person"], name="subsidy_person_once_per_list"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="subsidy_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.person.name} {self.year}年 {self.amount}元"


# ---------------------------------------------------------------- 劳模诉求


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
    filed_by = models.ForeignKey(
        User,
        verbose_name="提交人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    self_service = models.BooleanField("本人提交", default=False)
    filed_on = models.DateField("提交日期")
    category = models.CharField(
        "诉求类别", max_length=16, choices=DemandCategory.choices, blank=True, default=""
    )
    officer = models.ForeignKey(
        User,
        verbose_name="承办干部",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
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

    def is_overdue(self, today) -> bool:  # type: ignore[no-untyped-def]
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
    by = models.ForeignKey(
        User,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
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
