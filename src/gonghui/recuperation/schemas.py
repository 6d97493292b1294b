"""API schemas of 劳模疗休养. Persons appear with masked ID numbers only; money is a decimal
string in yuan (two places), as in the planner's contract."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema


class BatchOut(Schema):
    id: int
    code: str
    base_id: int
    base_name: str = Field(..., alias="base.name")
    start_date: dt.date
    end_date: dt.date
    days: int
    min_size: int
    max_size: int
    cost_per_person: str = Field(..., description="人均费用（元）")
    travel_cost: dict[str, str] = Field(..., description="县区代码 → 往返差旅费（元），* 为其余")
    finished: bool

    @staticmethod
    def resolve_cost_per_person(obj: Any) -> str:
        return str(obj.cost_per_person)


class PlanOut(Schema):
    id: int
    year: int
    version: int
    title: str
    status: str
    status_label: str = Field(..., alias="get_status_display")
    org_id: int
    org_name: str = Field(..., alias="org.name")
    budget: str = Field(..., description="预算（元）")
    budget_line: str
    meeting_date: dt.date | None = Field(None, description="党组会日期")
    meeting_minute_no: str = Field("", description="会议纪要编号")
    previous_id: int | None = Field(None, description="上一版本ID")
    change_reason: str

    @staticmethod
    def resolve_budget(obj: Any) -> str:
        return str(obj.budget)


class PlanDetailOut(PlanOut):
    seed: int = Field(..., description="抽签种子")
    policy: dict[str, Any] = Field(..., description="遴选政策（与遴选计算的输入一致）")
    batches: list[BatchOut]

    @staticmethod
    def resolve_batches(obj: Any) -> list[Any]:
        return list(obj.batches.select_related("base").order_by("start_date", "code"))


class SelectedPersonOut(Schema):
    invitation_id: int
    person_id: int
    name: str
    org_name: str
    id_masked: str = Field(..., description="身份证号码（脱敏）")
    status: str
    status_label: str
    from_waitlist: bool = Field(..., description="候补递补")
    score: int


class SelectionBatchOut(Schema):
    batch_id: int
    code: str
    base_name: str
    start_date: dt.date
    end_date: dt.date
    total: int = Field(..., description="本批次入选总人数（含管辖范围外）")
    persons: list[SelectedPersonOut] = Field(..., description="管辖范围内的入选人员")


class SelectionOut(Schema):
    plan_id: int
    run_id: int
    input_sha256: str = Field(..., description="遴选输入的SHA-256，可下载输入复算")
    output_sha256: str = Field(
        "",
        description="遴选结果的SHA-256：对公示的输入运行 gonghui recuperation solve 所得文件的SHA-256",
    )
    published_at: dt.datetime | None
    publicity_until: dt.date | None = Field(None, description="公示截止日期")
    batches: list[SelectionBatchOut]
