"""Core records: organizations, employers, persons, memberships, users, audit log, jobs."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q

from gonghui.core import clock, crypto
from gonghui.core.models_base import Created, Stamped, user_ref
from gonghui.core.validators import mask_id, mask_phone


class OrgKind(models.TextChoices):
    CITY = "city", "市总工会"
    COUNTY = "county", "县（市、区）总工会"
    GRASSROOTS = "grassroots", "基层工会"
    INDUSTRY = "industry", "行业工会联合会"
    REGIONAL = "regional", "区域性工会联合会"
    GROUP = "group", "工会小组"


class Organization(Created):
    """A node of the union tree; `path` is a materialized path for fast subtree queries."""

    name = models.CharField("名称", max_length=120)
    kind = models.CharField("类型", max_length=16, choices=OrgKind.choices)
    code = models.CharField("行政区划代码", max_length=12, blank=True, default="")
    parent = models.ForeignKey(
        "self",
        verbose_name="上级组织",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # "/00000001/00000007/": ids of the ancestors and the node itself, zero-padded.
    path = models.CharField("路径", max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField("层级", default=0, editable=False)
    employer = models.ForeignKey(
        "Employer",
        verbose_name="所在用人单位",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="unions",
    )
    is_active = models.BooleanField("有效", default=True)

    class Meta:
        verbose_name = "组织"
        verbose_name_plural = "组织"
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="org_code_unique_when_set"
            ),
            models.UniqueConstraint(fields=["parent", "name"], name="org_name_unique_in_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def segment(pk: int) -> str:
        return f"{pk:08d}/"

    def subtree(self) -> models.QuerySet[Organization]:
        return Organization.objects.filter(path__startswith=self.path)

    def ancestors(self) -> models.QuerySet[Organization]:
        ids = [int(p) for p in self.path.strip("/").split("/") if p]
        return Organization.objects.filter(pk__in=ids).order_by("depth")

    def is_within(self, other: Organization) -> bool:
        return self.path.startswith(other.path)


class EmployerKind(models.TextChoices):
    STATE = "state", "国有"
    PRIVATE = "private", "民营"
    FOREIGN = "foreign", "外资"
    INSTITUTION = "institution", "事业单位"
    ORGAN = "organ", "机关"
    SOCIAL = "social", "社会组织"


class Employer(models.Model):
    """用人单位 — not a union; identified by its 统一社会信用代码."""

    credit_code = models.CharField("统一社会信用代码", max_length=18, unique=True)
    name = models.CharField("单位名称", max_length=200, db_index=True)
    kind = models.CharField("单位类型", max_length=16, choices=EmployerKind.choices)
    is_new_economy = models.BooleanField("新经济组织", default=False)
    is_new_social = models.BooleanField("新社会组织", default=False)
    employee_count = models.PositiveIntegerField("职工人数", default=0)
    industry = models.CharField("行业", max_length=60, blank=True, default="")
    has_union = models.BooleanField("已建工会", default=False)
    has_party_org = models.BooleanField("已建党组织", default=False)
    org = models.ForeignKey(
        Organization, verbose_name="属地工会", on_delete=models.PROTECT, related_name="employers"
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "用人单位"
        verbose_name_plural = "用人单位"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(employee_count__gte=0), name="employer_count_nonneg")
        ]

    def __str__(self) -> str:
        return self.name


class PersonStatus(models.TextChoices):
    ACTIVE = "active", "在职"
    RETIRED = "retired", "退休"
    DECEASED = "deceased", "已故"


class NewEmploymentForm(models.TextChoices):
    NONE = "", "否"
    COURIER = "courier", "快递员"
    RIDER = "rider", "外卖配送员"
    RIDE_HAILING = "ride_hailing", "网约车司机"
    TRUCK = "truck", "货车司机"
    OTHER = "other", "其他新就业形态"


class Sex(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"


class Person(Stamped):
    """One person, one record: the (encrypted) ID number is the identity."""

    name = models.CharField("姓名", max_length=40, db_index=True)
    name_pinyin = models.CharField("姓名拼音", max_length=120, db_index=True, default="")
    name_initials = models.CharField("拼音首字母", max_length=40, db_index=True, default="")
    id_number_enc = models.TextField("身份证号码（密文）", editable=False)
    id_hash = models.CharField("身份证号码索引", max_length=64, unique=True, editable=False)
    id_masked = models.CharField("身份证号码", max_length=18, editable=False)
    # Registered from an old 15-digit number: 19 inserted before the birth year, check digit computed.
    id_converted = models.BooleanField("由15位号码转换", default=False, editable=False)
    phone_enc = models.TextField("手机号（密文）", blank=True, default="", editable=False)
    phone_hash = models.CharField(
        "手机号索引", max_length=64, blank=True, default="", db_index=True, editable=False
    )
    phone_masked = models.CharField("手机号", max_length=11, blank=True, default="", editable=False)
    birth_date = models.DateField("出生日期")
    sex = models.CharField("性别", max_length=1, choices=Sex.choices)
    ethnicity = models.CharField("民族", max_length=20, blank=True, default="")
    political_status = models.CharField("政治面貌", max_length=20, blank=True, default="")
    education = models.CharField("学历", max_length=20, blank=True, default="")
    employer = models.ForeignKey(
        Employer,
        verbose_name="工作单位",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="persons",
    )
    work_unit = models.CharField("工作单位名称", max_length=200, blank=True, default="")
    post = models.CharField("岗位", max_length=60, blank=True, default="")
    frontline = models.BooleanField("一线职工", default=False)
    hardship_post = models.BooleanField("艰苦岗位", default=False)
    key_sector = models.BooleanField("重点领域", default=False)
    new_employment_form = models.CharField(
        "新就业形态", max_length=16, blank=True, default="", choices=NewEmploymentForm.choices
    )
    migrant_worker = models.BooleanField("农民工", default=False)
    status = models.CharField(
        "状态", max_length=10, choices=PersonStatus.choices, default=PersonStatus.ACTIVE
    )
    # The organization whose subtree may see this person (the current union, or the creator's).
    org = models.ForeignKey(
        Organization, verbose_name="所属工会", on_delete=models.PROTECT, related_name="persons"
    )

    class Meta:
        verbose_name = "人员"
        verbose_name_plural = "人员"
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["org", "name"], name="person_org_name_idx"),
            models.Index(fields=["name_pinyin", "id"], name="person_pinyin_idx"),
            models.Index(fields=["name_initials", "id"], name="person_initials_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def id_number(self) -> str:
        """The full ID number; callers must log the view (see core.pii)."""
        return crypto.decrypt(self.id_number_enc, purpose="person.id_number")

    @property
    def phone(self) -> str:
        return crypto.decrypt(self.phone_enc, purpose="person.phone")

    def set_id_number(self, number: str) -> None:
        self.id_number_enc = crypto.encrypt(number, purpose="person.id_number")
        self.id_hash = crypto.lookup_hash(number, purpose="person.id_number")
        self.id_masked = mask_id(number)

    def set_phone(self, number: str) -> None:
        self.phone_enc = crypto.encrypt(number, purpose="person.phone")
        self.phone_hash = crypto.lookup_hash(number, purpose="person.phone")
        self.phone_masked = mask_phone(number) if number else ""


class MembershipStatus(models.TextChoices):
    ACTIVE = "active", "在册"
    TRANSFERRED = "transferred", "已转出"
    LEFT = "left", "已退会"


class Membership(models.Model):
    """A person's membership of a grassroots union; a transfer closes one and opens the next."""

    person = models.ForeignKey(
        Person, verbose_name="人员", on_delete=models.CASCADE, related_name="memberships"
    )
    union = models.ForeignKey(
        Organization, verbose_name="基层工会", on_delete=models.PROTECT, related_name="memberships"
    )
    joined_on = models.DateField("入会日期")
    left_on = models.DateField("转出/退会日期", null=True, blank=True)
    status = models.CharField(
        "会员状态",
        max_length=12,
        choices=MembershipStatus.choices,
        default=MembershipStatus.ACTIVE,
    )
    note = models.CharField("备注", max_length=200, blank=True, default="")

    class Meta:
        verbose_name = "会员关系"
        verbose_name_plural = "会员关系"
        ordering = ["-joined_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(status="active"), name="one_active_membership"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.union}"


class Role(models.TextChoices):
    CITY_ADMIN = "city_admin", "市总管理员"
    COUNTY_OFFICER = "county_officer", "县区工会干部"
    GRASSROOTS_CHAIR = "grassroots_chair", "基层工会主席"
    AUDITOR = "auditor", "审计员"
    MEMBER = "member", "职工本人"


class User(AbstractUser):
    role = models.CharField("角色", max_length=20, choices=Role.choices, default=Role.MEMBER)
    organization = models.ForeignKey(
        Organization,
        verbose_name="所属组织",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    person = models.OneToOneField(
        Person,
        verbose_name="本人档案",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="user",
    )
    failed_logins = models.PositiveSmallIntegerField("连续登录失败次数", default=0)
    locked_until = models.DateTimeField("锁定至", null=True, blank=True)
    # The whole Chinese name lives in first_name (get_full_name() then reads right).
    first_name = models.CharField("姓名", max_length=150, blank=True)
    phone_enc = models.TextField("手机号（密文）", blank=True, default="", editable=False)
    phone_hash = models.CharField(
        "手机号索引", max_length=64, blank=True, default="", db_index=True, editable=False
    )
    phone_masked = models.CharField("手机号", max_length=11, blank=True, default="", editable=False)
    must_change_password = models.BooleanField("下次登录须修改密码", default=False)
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.username

    @property
    def phone(self) -> str:
        return crypto.decrypt(self.phone_enc, purpose="user.phone")

    def set_phone(self, number: str) -> None:
        self.phone_enc = crypto.encrypt(number, purpose="user.phone")
        self.phone_hash = crypto.lookup_hash(number, purpose="user.phone")
        self.phone_masked = mask_phone(number) if number else ""

    def owner_org(self) -> Organization | None:
        """The organization an account belongs to; a worker's follows their person record."""
        if self.person_id is not None and self.person is not None:
            return self.person.org
        return self.organization

    @property
    def is_locked(self) -> bool:
        return self.locked_until is not None and self.locked_until > clock.now()


class RegistrationCode(models.Model):
    """A one-time SMS code for a worker's self-registration (only hashes are stored).

    A row is written for every request, matching a person or not, so that limits and answers
    are the same whether or not an ID number is on record.
    """

    id_hash = models.CharField("身份证号码索引", max_length=64, db_index=True, editable=False)
    phone_hash = models.CharField("手机号索引", max_length=64, db_index=True, editable=False)
    person = models.ForeignKey(
        Person,
        verbose_name="匹配的人员",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    code_hash = models.CharField("验证码摘要", max_length=64, editable=False)
    created_at = models.DateTimeField("发送时间", db_index=True)
    expires_at = models.DateTimeField("失效时间")
    attempts = models.PositiveSmallIntegerField("错误次数", default=0)
    used_at = models.DateTimeField("使用时间", null=True, blank=True)

    class Meta:
        verbose_name = "注册验证码"
        verbose_name_plural = "注册验证码"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"注册验证码 #{self.pk}"


class AuditAction(models.TextChoices):
    CREATE = "create", "新增"
    UPDATE = "update", "修改"
    DELETE = "delete", "删除"
    MOVE = "move", "迁移"
    VIEW_PII = "view_pii", "查看完整个人信息"
    EXPORT_PII = "export_pii", "导出完整个人信息"
    EXPORT = "export", "导出"
    IMPORT = "import", "导入"
    LOGIN = "login", "登录成功"
    LOGOUT = "logout", "退出登录"
    LOGIN_FAILED = "login_failed", "登录失败"
    LOCKED = "locked", "账号锁定"


class AuditLog(models.Model):
    """Who did what to which record, when, with before and after (PII only masked)."""

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    user = user_ref("操作人")
    action = models.CharField("操作", max_length=16, choices=AuditAction.choices)
    model = models.CharField("对象类型", max_length=60, db_index=True)
    object_id = models.CharField("对象ID", max_length=40, blank=True, default="")
    object_repr = models.CharField("对象", max_length=200, blank=True, default="")
    org = models.ForeignKey(
        Organization,
        verbose_name="所属组织",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    org_path = models.CharField("组织路径", max_length=255, blank=True, default="", db_index=True)
    person = models.ForeignKey(
        Person,
        verbose_name="涉及人员",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    before = models.JSONField("修改前", null=True, blank=True)
    after = models.JSONField("修改后", null=True, blank=True)
    note = models.CharField("说明", max_length=200, blank=True, default="")

    class Meta:
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.object_repr}"


class JobStatus(models.TextChoices):
    PENDING = "pending", "排队中"
    RUNNING = "running", "进行中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


class Job(models.Model):
    """A background job with progress the pages can poll (imports, planner runs, exports)."""

    kind = models.CharField("类型", max_length=40)
    status = models.CharField(
        "状态", max_length=10, choices=JobStatus.choices, default=JobStatus.PENDING
    )
    progress = models.PositiveIntegerField("进度", default=0)
    total = models.PositiveIntegerField("总量", default=0)
    message = models.CharField("说明", max_length=500, blank=True, default="")
    params: models.JSONField[Any, Any] = models.JSONField("参数", default=dict, blank=True)
    result: models.JSONField[Any, Any] = models.JSONField("结果", default=dict, blank=True)
    created_by = user_ref("发起人", blank=False)
    org = models.ForeignKey(
        Organization, verbose_name="组织", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "后台任务"
        verbose_name_plural = "后台任务"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def percent(self) -> int:
        return int(100 * self.progress / self.total) if self.total else 0


from gonghui.core.models_api import ApiToken  # noqa: E402,F401
from gonghui.core.models_calendar import CalendarDay, CalendarYear  # noqa: E402,F401
