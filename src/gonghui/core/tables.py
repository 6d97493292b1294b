"""List columns, declared once for the page and for the Excel export.

A column's `value` is what everyone sees (personal information masked); `full` is the
unmasked value, used only in an export by a role allowed to see it. `value` is a function of
the row, or the row's attribute path ("person.name"), which is also the field a column
declared `sortable=True` orders by (or give the field: `sortable="person__name"`).

A table may declare row `actions` (the 操作 column): each row shows only those the permission
table allows on that row; an action with `confirm` text is POSTed after the user confirms.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, ClassVar

from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from gonghui.core.models import Membership
from gonghui.core.money import yuan
from gonghui.core.permissions import can


def yes_no(value: bool) -> str:
    return "是" if value else "否"


def fmt_date(value: dt.date | None) -> str:
    return f"{value:%Y-%m-%d}" if value else ""


def fmt_datetime(value: dt.datetime | None) -> str:
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M:%S}" if value else ""


# How a page shows an amount: 1,234,567.00 元 (core.money.yuan, the one formatter).
fmt_money = yuan


def _getter(path: str) -> Callable[[Any], Any]:
    """person.org.name → a function of the row that gives "" where the chain is empty."""
    names = path.split(".")

    def get(obj: Any) -> Any:
        for name in names:
            if obj is None:
                return ""
            obj = getattr(obj, name)
        return "" if obj is None else obj

    return get


# Columns at least this wide (in Excel characters) hold free text and may wrap on the page;
# narrower ones (names, codes, dates, amounts) never wrap.
WRAP_WIDTH = 30


@dataclass(frozen=True)
class Column:
    header: str
    # A function of the row, or the row's attribute path ("person.name"), made into one.
    value: Any
    full: Callable[[Any], Any] | None = None
    width: int = 14
    page: bool = True  # shown on the page; False = export only
    css: str = ""
    # True: order by the attribute path given as `value`; a string: the model field to order by.
    sortable: bool | str = False
    kind: str = "text"  # text | money (a Decimal, shown as 1,234.00 元) | date (shown 2026-03-02)
    field: str = ""  # the attribute path, when `value` was given as one

    def __post_init__(self) -> None:
        if isinstance(self.value, str):
            object.__setattr__(self, "field", self.value.replace(".", "__"))
            object.__setattr__(self, "value", _getter(self.value))
        if self.sortable is True and not self.field:
            raise ValueError(f"column {self.header}: sortable=True needs value as a field path")

    @property
    def is_pii(self) -> bool:
        return self.full is not None

    @property
    def sort_field(self) -> str:
        """The model field the column orders by ("" when it is not sortable)."""
        if isinstance(self.sortable, str):
            return self.sortable
        return self.field if self.sortable else ""

    @property
    def page_css(self) -> str:
        """Classes of the column's cells on the page: amounts right-aligned, text kept whole."""
        extra = "text-end" if self.kind == "money" else ""
        wrap = "gh-wrap" if self.kind == "text" and self.width >= WRAP_WIDTH else "gh-nowrap"
        return " ".join(c for c in (self.css, extra, wrap) if c)

    def shown(self, obj: Any) -> Any:
        value = self.value(obj)
        if self.kind == "money":
            return fmt_money(value)
        if self.kind == "date" and isinstance(value, dt.date):
            return fmt_date(value)
        return value


def money(header: str, value: Callable[[Any], Any] | str, **kwargs: Any) -> Column:
    """An amount column: 1,234,567.00 元 on the page, a number in the export."""
    return Column(header, value, kind="money", **kwargs)


def date(header: str, value: Callable[[Any], Any] | str, **kwargs: Any) -> Column:
    """A date column: 2026-03-02 on the page and in the export."""
    kwargs.setdefault("width", 12)
    return Column(header, value, kind="date", **kwargs)


@dataclass(frozen=True)
class RowAction:
    """One entry of the 操作 column: shown on a row when `can(user, action, row)` allows it.

    With `confirm` (text, or a function of the row giving it) the action changes something: it
    is POSTed to the URL after the user confirms. Otherwise it is a link.
    """

    label: str
    url_name: str
    action: str
    confirm: str | Callable[[Any], str] = ""
    danger: bool = False

    def url(self, obj: Any) -> str:
        return reverse(self.url_name, args=[obj.pk])

    def question(self, obj: Any) -> str:
        return self.confirm(obj) if callable(self.confirm) else self.confirm


@dataclass(frozen=True)
class BoundAction:
    label: str
    url: str
    confirm: str
    danger: bool


@dataclass
class Row:
    obj: Any
    url: str | None
    cells: list[tuple[Any, str]]
    actions: list[BoundAction] = dataclasses.field(default_factory=list)


class Table:
    """Subclass with `columns`, `model_label` and optionally `url_name` for the detail link
    and `actions` for the 操作 column."""

    columns: ClassVar[list[Column]] = []
    model_label: ClassVar[str] = ""
    url_name: ClassVar[str | None] = None
    actions: ClassVar[list[RowAction]] = []

    def url(self, obj: Any) -> str | None:
        return reverse(self.url_name, args=[obj.pk]) if self.url_name else None

    @property
    def page_columns(self) -> list[Column]:
        return [c for c in self.columns if c.page]

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.page_columns]

    @property
    def has_pii(self) -> bool:
        return any(c.is_pii for c in self.columns)

    @property
    def sort_fields(self) -> frozenset[str]:
        """The whitelist of the page's `sort` parameter."""
        return frozenset(c.sort_field for c in self.page_columns if c.sort_field)

    def row_actions(self, obj: Any, user: Any) -> list[BoundAction]:
        return [
            BoundAction(a.label, a.url(obj), a.question(obj), a.danger or bool(a.confirm))
            for a in self.actions
            if can(user, a.action, obj)
        ]

    def rows(self, objects: Iterable[Any], user: Any = None) -> list[Row]:
        cols = self.page_columns
        css = [c.page_css for c in cols]
        rows = []
        for obj in objects:
            actions = self.row_actions(obj, user) if self.actions and user is not None else []
            cells = [(c.shown(obj), k) for c, k in zip(cols, css, strict=True)]
            rows.append(Row(obj, self.url(obj), cells, actions))
        return rows

    def export_values(self, obj: Any, *, full: bool) -> list[Any]:
        return [(c.full if full and c.full else c.value)(obj) for c in self.columns]


class OrganizationTable(Table):
    model_label = "core.organization"
    url_name = "core:organization_detail"
    columns = [
        Column("名称", "name", width=30, sortable=True),
        Column("类型", lambda o: o.get_kind_display(), width=18, sortable="kind"),
        Column("行政区划代码", "code", width=14, sortable=True),
        Column("上级组织", "parent.name", width=26, sortable=True),
        Column("层级", "depth", width=8, sortable=True),
        Column(
            "直属会员",
            lambda o: getattr(o, "member_count", ""),
            width=10,
            css="text-end",
            sortable="member_count",
        ),
        Column("状态", lambda o: "有效" if o.is_active else "停用", width=8),
    ]
    actions = [
        RowAction("新增下级", "core:organization_create", "core.organization.create"),
        RowAction("更名", "core:organization_rename", "core.organization.change"),
    ]


class EmployerTable(Table):
    model_label = "core.employer"
    url_name = "core:employer_detail"
    columns = [
        Column("单位名称", "name", width=32, sortable=True),
        Column("统一社会信用代码", lambda e: e.credit_code, width=22),
        Column("单位类型", lambda e: e.get_kind_display(), width=10),
        Column("新经济组织", lambda e: yes_no(e.is_new_economy), width=10),
        Column("新社会组织", lambda e: yes_no(e.is_new_social), width=10),
        Column("职工人数", "employee_count", width=10, css="text-end", sortable=True),
        Column("行业", lambda e: e.industry, width=14),
        Column("已建工会", lambda e: yes_no(e.has_union), width=10),
        Column("已建党组织", lambda e: yes_no(e.has_party_org), width=10),
        Column("属地工会", "org.name", width=26, sortable=True),
    ]
    actions = [RowAction("编辑", "core:employer_edit", "core.employer.change")]


class PersonTable(Table):
    model_label = "core.person"
    url_name = "core:person_detail"
    columns = [
        Column("姓名", "name", width=10, sortable="name_pinyin"),
        Column("性别", lambda p: p.get_sex_display(), width=6),
        date("出生日期", "birth_date", sortable=True),
        Column("身份证号码", lambda p: p.id_masked, full=lambda p: p.id_number, width=22),
        Column("手机号", lambda p: p.phone_masked, full=lambda p: p.phone, width=14),
        Column("所属工会", "org.name", width=26, sortable=True),
        Column("工作单位", lambda p: p.employer.name if p.employer else p.work_unit, width=26),
        Column("岗位", lambda p: p.post, width=12, page=False),
        Column("民族", lambda p: p.ethnicity, width=8, page=False),
        Column("政治面貌", lambda p: p.political_status, width=10, page=False),
        Column("学历", lambda p: p.education, width=8, page=False),
        Column("一线职工", lambda p: yes_no(p.frontline), width=8),
        Column("艰苦岗位", lambda p: yes_no(p.hardship_post), width=8, page=False),
        Column("重点领域", lambda p: yes_no(p.key_sector), width=8, page=False),
        Column(
            "新就业形态",
            lambda p: p.get_new_employment_form_display() if p.new_employment_form else "",
            width=12,
        ),
        Column("农民工", lambda p: yes_no(p.migrant_worker), width=8, page=False),
        Column("状态", lambda p: p.get_status_display(), width=6, sortable="status"),
    ]
    actions = [RowAction("编辑", "core:person_edit", "core.person.change")]


class MembershipTable(Table):
    model_label = "core.membership"
    columns = [
        Column("姓名", lambda m: m.person.name, width=10),
        Column(
            "身份证号码", lambda m: m.person.id_masked, full=lambda m: m.person.id_number, width=22
        ),
        Column("基层工会", lambda m: m.union.name, width=30),
        date("入会日期", "joined_on", sortable=True),
        date("转出/退会日期", "left_on", width=14, sortable=True),
        Column("会员状态", lambda m: m.get_status_display(), width=10),
        Column("备注", lambda m: m.note, width=30),
    ]

    def url(self, obj: Membership) -> str | None:
        return reverse("core:person_detail", args=[obj.person_id])


@lru_cache(maxsize=256)
def model_name_cn(label: str) -> str:
    """ "core.person" → "人员" (the model's verbose_name), else the label itself."""
    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return label


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True) if value is not None else ""


class AuditLogTable(Table):
    model_label = "core.auditlog"
    columns = [
        Column("时间", lambda a: fmt_datetime(a.at), width=20, sortable="at"),
        Column("操作人", lambda a: a.user.username if a.user else "系统", width=14),
        Column("操作", lambda a: a.get_action_display(), width=16, css="text-nowrap"),
        Column("对象类型", lambda a: model_name_cn(a.model), width=12, css="text-nowrap"),
        Column("对象", lambda a: a.object_repr, width=26),
        Column("涉及人员", lambda a: a.person.name if a.person else "", width=10),
        Column("所属组织", lambda a: a.org.name if a.org else "", width=24),
        Column("说明", lambda a: a.note, width=36),
        Column("修改前", lambda a: _json(a.before), width=40, page=False),
        Column("修改后", lambda a: _json(a.after), width=40, page=False),
    ]
