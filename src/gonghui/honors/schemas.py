"""API schemas of the 劳模 registry. Persons are always masked here (ID, phone, bank account)."""

import datetime as dt
from typing import Any

from ninja import Field, Schema

from gonghui.core import clock


def _money(value: Any) -> str:
    """Decimal yuan as text with two places ("800.00"): JSON numbers would be floats."""
    return f"{value or 0:.2f}"


def _username(user: Any) -> str | None:
    if user is None:
        return None
    return str(user.get_full_name() or user.username)


class HonorOut(Schema):
    id: int
    honor_type_id: int
    honor_type: str = Field(..., alias="honor_type.name")
    level: int = Field(..., alias="honor_type.level")
    level_label: str = Field(..., alias="honor_type.get_level_display")
    year: int
    authority: str
    doc_number: str
    status: str
    status_label: str = Field(..., alias="get_status_display")
    revoked_on: dt.date | None
    revoke_reason: str


class ModelWorkerOut(Schema):
    """A registry entry: the person masked, the derived 劳模 level and the top honor."""

    person_id: int
    name: str = Field(..., alias="person.name")
    id_masked: str = Field(..., alias="person.id_masked")
    phone_masked: str = Field(..., alias="person.phone_masked")
    sex: str = Field(..., alias="person.sex")
    birth_date: dt.date = Field(..., alias="person.birth_date")
    level: int | None
    level_label: str
    top_honor: str
    org_id: int = Field(..., alias="person.org_id")
    org_name: str = Field(..., alias="person.org.name")
    work_unit: str = Field(..., alias="person.work_unit")
    post: str = Field(..., alias="person.post")
    status: str = Field(..., alias="person.status")
    status_label: str = Field(..., alias="person.get_status_display")
    frontline: bool = Field(..., alias="person.frontline")
    hardship_post: bool = Field(..., alias="person.hardship_post")
    key_sector: bool = Field(..., alias="person.key_sector")
    new_employment_form: str = Field(..., alias="person.new_employment_form")
    bank_name: str
    bank_account_masked: str

    @staticmethod
    def resolve_level_label(obj: Any) -> str:
        return str(obj.get_level_display()) if obj.level else "无有效荣誉"

    @staticmethod
    def resolve_top_honor(obj: Any) -> str:
        top = obj.top_honor
        return f"{top.year}年{top.honor_type.name}" if top is not None else ""


class _DueWork(Schema):
    """The resolvers of work an officer has to finish by a due date (a visit task, a 诉求): its
    `overdue` flag and its `officer`; the fields stay with each schema, in its order."""

    @staticmethod
    def resolve_overdue(obj: Any) -> bool:
        return bool(obj.is_overdue(clock.today()))

    @staticmethod
    def resolve_officer(obj: Any) -> str | None:
        return _username(obj.officer)


class VisitTaskOut(_DueWork):
    id: int
    person_id: int
    person_name: str = Field(..., alias="person.name")
    occasion: str
    occasion_label: str = Field(..., alias="get_occasion_display")
    holiday: str | None
    year: int
    due_date: dt.date
    overdue: bool
    status: str
    status_label: str = Field(..., alias="get_status_display")
    org_id: int
    org_name: str = Field(..., alias="org.name")
    officer: str | None
    visited_on: dt.date | None
    money: str = Field(..., description="慰问金（元，两位小数）")
    goods: str
    notes: str
    cancel_reason: str

    @staticmethod
    def resolve_holiday(obj: Any) -> str | None:
        return obj.holiday.name if obj.holiday_id else None

    @staticmethod
    def resolve_money(obj: Any) -> str:
        return _money(obj.money)


class SubsidyOut(Schema):
    id: int
    year: int
    level: int
    level_label: str = Field(..., alias="get_level_display")
    amount: str = Field(..., description="金额（元，两位小数）")
    status: str
    status_label: str = Field(..., alias="get_status_display")
    cancel_reason: str
    list_id: int = Field(..., alias="subsidy_list_id")
    list_org: str = Field(..., alias="subsidy_list.org.name")

    @staticmethod
    def resolve_amount(obj: Any) -> str:
        return _money(obj.amount)


class ModelWorkerDetailOut(ModelWorkerOut):
    honors: list[HonorOut]
    visit_tasks: list[VisitTaskOut]
    subsidies: list[SubsidyOut]


class DemandOut(_DueWork):
    id: int
    person_id: int
    person_name: str = Field(..., alias="person.name")
    title: str
    content: str
    self_service: bool
    filed_on: dt.date
    category: str
    category_label: str = Field(..., alias="get_category_display")
    status: str
    status_label: str = Field(..., alias="get_status_display")
    due_date: dt.date = Field(..., description="当前环节时限")
    overdue: bool
    officer: str | None
    department: str
    department_name: str
    referred_on: dt.date | None
    letter_number: str
    feedback: str
    answered_on: dt.date | None
    closed_on: dt.date | None
