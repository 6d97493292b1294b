"""List columns, declared once for the page and for the Excel export.

A column's `value` is what everyone sees (personal information masked); `full` is the
unmasked value, used only in an export by a role allowed to see it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from gonghui.core.models import Membership


def yes_no(value: bool) -> str:
    return "是" if value else "否"


def fmt_date(value: dt.date | None) -> str:
    return f"{value:%Y-%m-%d}" if value else ""


def fmt_datetime(value: dt.datetime | None) -> str:
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M:%S}" if value else ""


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], Any]
    full: Callable[[Any], Any] | None = None
    width: int = 14
    page: bool = True  # shown on the page; False = export only
    css: str = ""

    @property
    def is_pii(self) -> bool:
        return self.full is not None


@dataclass
class Row:
    obj: Any
    url: str | None
    cells: list[tuple[Any, str]]


class Table:
    """Subclass with `columns`, `model_label` and optionally `url_name` for the detail link."""

    columns: list[Column] = []
    model_label: str = ""
    url_name: str | None = None

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

    def rows(self, objects: Iterable[Any]) -> list[Row]:
        cols = self.page_columns
        return [Row(obj, self.url(obj), [(c.value(obj), c.css) for c in cols]) for obj in objects]

    def export_values(self, obj: Any, *, full: bool) -> list[Any]:
        return [(c.full if full and c.full else c.value)(obj) for c in self.columns]


class OrganizationTable(Table):
    model_label = "core.organization"
    url_name = "core:organization_detail"
    columns = [
        Column("名称", lambda o: o.name, width=30),
        Column("类型", lambda o: o.get_kind_display(), width=18),
        Column("行政区划代码", lambda o: o.code, width=14),
        Column("上级组织", lambda o: o.parent.name if o.parent else "", width=26),
        Column("层级", lambda o: o.depth, width=8),
        Column("直属会员", lambda o: getattr(o, "member_count", ""), width=10, css="text-end"),
        Column("状态", lambda o: "有效" if o.is_active else "停用", width=8),
    ]


class EmployerTable(Table):
    model_label = "core.employer"
    url_name = "core:employer_detail"
    columns = [
        Column("单位名称", lambda e: e.name, width=32),
        Column("统一社会信用代码", lambda e: e.credit_code, width=22),
        Column("单位类型", lambda e: e.get_kind_display(), width=10),
        Column("新经济组织", lambda e: yes_no(e.is_new_economy), width=10),
        Column("新社会组织", lambda e: yes_no(e.is_new_social), width=10),
        Column("职工人数", lambda e: e.employee_count, width=10, css="text-end"),
        Column("行业", lambda e: e.industry, width=14),
        Column("已建工会", lambda e: yes_no(e.has_union), width=10),
        Column("已建党组织", lambda e: yes_no(e.has_party_org), width=10),
        Column("属地工会", lambda e: e.org.name, width=26),
    ]


class PersonTable(Table):
    model_label = "core.person"
    url_name = "core:person_detail"
    columns = [
        Column("姓名", lambda p: p.name, width=10),
        Column("性别", lambda p: p.get_sex_display(), width=6),
        Column("出生日期", lambda p: fmt_date(p.birth_date), width=12),
        Column("身份证号码", lambda p: p.id_masked, full=lambda p: p.id_number, width=22),
        Column("手机号", lambda p: p.phone_masked, full=lambda p: p.phone, width=14),
        Column("所属工会", lambda p: p.org.name, width=26),
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
        Column("状态", lambda p: p.get_status_display(), width=6),
    ]


class MembershipTable(Table):
    model_label = "core.membership"
    columns = [
        Column("姓名", lambda m: m.person.name, width=10),
        Column(
            "身份证号码", lambda m: m.person.id_masked, full=lambda m: m.person.id_number, width=22
        ),
        Column("基层工会", lambda m: m.union.name, width=30),
        Column("入会日期", lambda m: fmt_date(m.joined_on), width=12),
        Column("转出/退会日期", lambda m: fmt_date(m.left_on), width=14),
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
        Column("时间", lambda a: fmt_datetime(a.at), width=20, css="text-nowrap"),
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
