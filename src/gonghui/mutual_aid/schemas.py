"""API schemas of 职工互助保障. Persons appear masked; diagnoses and account numbers never."""

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field, Schema


class EnrollmentOut(Schema):
    id: int
    plan_id: int
    plan_name: str = Field(..., alias="plan.name")
    year: int = Field(..., alias="plan.year", description="保障期年度")
    category: str = Field(..., alias="plan.category")
    person_id: int
    person_name: str = Field(..., alias="person.name")
    id_masked: str = Field(..., alias="person.id_masked", description="身份证号码（脱敏）")
    employer_id: int | None = Field(None, description="参保单位ID")
    employer_name: str = ""
    org_id: int
    org_name: str = Field(..., alias="org.name")
    payer: str
    payer_label: str = Field(..., alias="get_payer_display")
    amount: Decimal = Field(..., description="应缴金额（元）")
    status: str
    status_label: str = Field(..., alias="get_status_display")
    cover_start: dt.date | None = Field(None, description="保障生效日")
    continuous: bool
    cancelled_on: dt.date | None = Field(None, description="退保日期（保障终止日）")
    cancel_reason: str

    @staticmethod
    def resolve_employer_name(obj: Any) -> str:
        return obj.employer.name if obj.employer_id else ""


class ClaimOut(Schema):
    id: int
    number: str = Field(..., description="申领编号")
    plan_id: int
    plan_name: str = Field(..., alias="plan.name")
    category: str = Field(..., alias="plan.category")
    person_id: int
    person_name: str = Field(..., alias="person.name")
    id_masked: str = Field(..., alias="person.id_masked", description="身份证号码（脱敏）")
    org_id: int
    org_name: str = Field(..., alias="org.name")
    event_kind: str
    event_date: dt.date
    self_paid: Decimal = Field(..., description="医保报销后个人自付（元）")
    amount: Decimal = Field(
        ..., description="互助金（元）：审核前为按规则测算的金额，审核后为核定金额"
    )
    amount_label: str = Field(..., description="测算互助金（审核前）或核定互助金（审核后）")
    status: str
    status_label: str = Field(..., alias="get_status_display")
    filed_at: dt.datetime
    accepted_on: dt.date | None = Field(None, description="受理日期（开始计时）")
    paid_on: dt.date | None = None
    workdays_to_pay: int | None = Field(None, description="办结用时（工作日）")
    linked_to_id: int | None = Field(None, description="同一事件的原申领ID")


class StepOut(Schema):
    step: str
    at: dt.datetime
    note: str


class BreakdownLine(Schema):
    label: str
    value: str


class InvoiceOut(Schema):
    number: str
    amount: Decimal


class DocumentOut(Schema):
    id: int
    name: str = Field(..., description="原始文件名")
    content_type: str
    size: int
    uploaded_at: dt.datetime


class ClockOut(Schema):
    started: dt.date | None
    elapsed: int = Field(..., description="已用工作日（补充材料期间不计）")
    due: dt.date | None
    overdue: bool
    paused: bool
    text: str


class ClaimDetailOut(ClaimOut):
    hospital: str
    admitted_on: dt.date | None
    discharged_on: dt.date | None
    reject_reason: str
    breakdown: list[BreakdownLine]
    steps: list[StepOut]
    invoices: list[InvoiceOut]
    documents: list[DocumentOut]
    linked_ids: list[int] = Field(..., description="由本申领发现的同一事件关联申领ID")
    clock: ClockOut

    @staticmethod
    def resolve_breakdown(obj: Any) -> list[dict[str, str]]:
        return [{"label": label, "value": value} for label, value in obj.breakdown_lines]

    @staticmethod
    def resolve_steps(obj: Any) -> list[Any]:
        return list(obj.steps.all())

    @staticmethod
    def resolve_invoices(obj: Any) -> list[Any]:
        return list(obj.invoices.all())

    @staticmethod
    def resolve_documents(obj: Any) -> list[Any]:
        return list(obj.documents.all())

    @staticmethod
    def resolve_linked_ids(obj: Any) -> list[int]:
        return list(obj.linked.order_by("pk").values_list("pk", flat=True))

    @staticmethod
    def resolve_clock(obj: Any) -> Any:
        from gonghui.mutual_aid.selectors import claim_clock

        return claim_clock(obj)
