"""API schemas of 企业工作. Workers named on a record appear by name only (a recovery's person by
name, never an ID number); uploaded evidence and letter texts beyond their summary fields are
read on the pages, not here."""

import datetime as dt
from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema
from pydantic import AfterValidator

from gonghui.core.money import CENT

# Amounts in yuan with two places (a database SUM may come back as "1000").
Money = Annotated[Decimal, AfterValidator(lambda v: v.quantize(CENT))]


class LedgerEmployerOut(Schema):
    id: int
    credit_code: str = Field(..., description="统一社会信用代码")
    name: str
    org_id: int
    org_name: str = Field(..., alias="org.name", description="属地工会")
    employee_count: int = Field(..., description="职工人数")
    has_union: bool
    has_party_org: bool
    organizing_status: str = Field(
        ..., description="组织状态：founded/own_union/visit/federation/first_step（按建会规则计算）"
    )


class SightingOut(Schema):
    source: str
    source_label: str = Field(..., alias="get_source_display")
    name_in_source: str
    employee_count: int | None
    first_seen: dt.date
    last_seen: dt.date


class HeadcountOut(Schema):
    as_of: dt.date
    count: int
    source: str


class LedgerEmployerDetailOut(LedgerEmployerOut):
    status_label: str = Field(..., description="组织状态")
    rule: str = Field(..., description="适用的建会规则原文")
    seen_by: list[SightingOut] = Field(..., description="报送该单位的部门及时间")
    headcount_history: list[HeadcountOut] = Field(..., description="职工人数记录（新的在前）")


class ReviewOut(Schema):
    id: int
    source: str
    credit_code: str = Field(..., description="来源中的统一社会信用代码")
    name: str
    candidate_id: int = Field(..., description="同名单位")
    candidate_code: str = Field(..., alias="candidate.credit_code")
    status: str
    created_at: dt.datetime


class SiteOut(Schema):
    id: int
    year: int
    employer_id: int
    employer_name: str = Field(..., alias="employer.name")
    org_id: int
    subsidy: Money = Field(..., description="补助金额（元）")
    budget_line: str = Field(..., alias="budget.line", description="预算科目")
    status: str
    paid_on: dt.date | None


class DriveOut(Schema):
    id: int
    name: str
    year: int
    org_id: int
    starts_on: dt.date
    ends_on: dt.date
    status: str


class NeedOut(Schema):
    id: int
    number: str = Field(..., description="点单编号")
    employer_id: int
    employer_name: str = Field(..., alias="employer.name")
    org_id: int
    kind: str
    field: str
    urgency: str
    title: str
    status: str
    status_label: str = Field(..., alias="get_status_display")
    squad_id: int | None
    outcome: str
    trained: int
    done_on: dt.date | None
    rating: int | None


class NeedStepOut(Schema):
    kind: str
    kind_label: str = Field(..., alias="get_kind_display")
    squad_id: int | None
    on_date: dt.date | None
    note: str
    created_at: dt.datetime


class NeedDetailOut(NeedOut):
    description: str
    history: list[NeedStepOut] = Field(..., description="流转记录（点单、派单、接单、服务、确认）")


class SquadOut(Schema):
    id: int
    name: str
    org_id: int
    fields: list[str] = Field(..., description="服务领域")
    is_active: bool


class LetterOut(Schema):
    id: int
    number: str = Field(..., description="文书编号")
    kind: str = Field(..., description="notice 提示函 / opinion 意见书 / suggestion 建议书")
    org_id: int
    employer_id: int
    employer_name: str = Field(..., alias="employer.name")
    follows_id: int | None = Field(None, description="前序提示函")
    violation: str
    issued_on: dt.date
    deadline: dt.date
    status: str
    arrears_claimed: Money = Field(..., description="涉及欠薪金额（元）")
    recovered_total: Money = Field(..., description="已追回欠薪（元）")


class MediationOut(Schema):
    id: int
    number: str
    org_id: int
    employer_id: int | None
    dispute: str
    bodies: list[str] = Field(..., description="协同单位：court/procuratorate/hrss/justice")
    stage: str
    received_on: dt.date
    closed_on: dt.date | None
    amount_claimed: Money
    amount_agreed: Money


class InspectionOut(Schema):
    id: int
    org_id: int
    employer_id: int
    employer_name: str = Field(..., alias="employer.name")
    inspected_on: dt.date
    hazards_found: int = Field(..., description="发现隐患")
    hazards_fixed: int = Field(..., description="已整改")


class ConsultationOut(Schema):
    id: int
    org_id: int
    consulted_on: dt.date
    channel: str
    topic: str


class WorkplaceFigureOut(Schema):
    key: str
    label: str
    unit: str
    section: str
    value: Decimal | None = Field(
        ..., description="金额为元（两位小数），评价为平均星级（无评价时为空）"
    )


class WorkplaceFiguresOut(Schema):
    year: int
    org_id: int
    org_name: str
    figures: list[WorkplaceFigureOut]
