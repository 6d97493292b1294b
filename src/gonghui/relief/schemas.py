"""API schemas of 困难职工帮扶 and 四送. Persons and household members appear masked (ID numbers
only as 脱敏); members' health, the case's free-text situation (it names illnesses), uploaded
documents and receipt scans are never part of a response."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import AfterValidator

from gonghui.core import clock
from gonghui.core.api_auth import api_user
from gonghui.core.money import CENT
from gonghui.relief.models import CaseStatus, Category
from gonghui.relief.selectors_campaigns import budget_use, campaign_totals, list_items, list_list

# Amounts in yuan with two places (a database SUM may come back as "1000").
Money = Annotated[Decimal, AfterValidator(lambda v: v.quantize(CENT))]

# ---------------------------------------------------------------- the ledger


class CaseOut(Schema):
    id: int
    number: str = Field(..., description="档案编号")
    person_id: int
    person_name: str = Field(..., alias="person.name")
    id_masked: str = Field(..., alias="person.id_masked", description="身份证号码（脱敏）")
    org_id: int
    org_name: str = Field(..., alias="org.name", description="建档工会")
    category: str = Field(..., description="困难类别：deep/relative/accident")
    category_label: str = Field(..., alias="get_category_display")
    causes: list[str] = Field(..., description="致困原因（代码）")
    cause_labels: list[str] = Field(..., description="致困原因")
    household_size: int = Field(..., description="家庭人口")
    income_per_head: Money = Field(..., description="家庭月人均收入（元）")
    status: str
    status_label: str = Field(..., alias="get_status_display")
    online: bool = Field(..., description="职工本人网上申请")
    applied_on: dt.date
    filed_on: dt.date | None = Field(None, description="建档日期")
    exited_on: dt.date | None = Field(None, description="解困脱困日期")


class CaseStepOut(Schema):
    step: str
    at: dt.datetime
    note: str


class MemberOut(Schema):
    id: int
    name: str
    relation: str
    relation_label: str = Field(..., alias="get_relation_display")
    id_masked: str = Field(..., description="身份证号码（脱敏）")
    occupation: str = Field(..., description="就业或就学情况")
    monthly_income: Money = Field(..., description="月收入（元）")


class CaseRecheckOut(Schema):
    id: int
    year: int
    due: dt.date = Field(..., description="截止日期")
    done_on: dt.date | None = None
    result: str = Field(..., description="复核结论：keep/change/exit，未复核为空")
    result_label: str = Field(..., alias="get_result_display")
    income_per_head: Money | None = Field(None, description="复核时家庭月人均收入（元）")
    note: str


class AidOut(Schema):
    id: int
    kind: str
    kind_label: str = Field(..., alias="get_kind_display")
    amount: Money
    description: str = Field(..., description="帮扶内容")
    given_on: dt.date
    org_name: str = Field(..., alias="org.name", description="帮扶单位")
    budget_line: str = Field(..., description="预算科目")


class CaseDetailOut(CaseOut):
    household_income: Money = Field(..., description="家庭月总收入（元）")
    address: str
    reviewed_on: dt.date | None = Field(None, description="基层审核日期")
    rejected_reason: str
    exit_reason: str
    previous_id: int | None = Field(None, description="上一次建档的档案ID")
    steps: list[CaseStepOut]
    members: list[MemberOut] = Field(..., description="家庭成员（不含健康状况）")
    rechecks: list[CaseRecheckOut]
    aids: list[AidOut] = Field(..., description="帮扶记录")

    @staticmethod
    def resolve_steps(obj: Any) -> list[Any]:
        return list(obj.steps.all())

    @staticmethod
    def resolve_members(obj: Any) -> list[Any]:
        return list(obj.members.all())

    @staticmethod
    def resolve_rechecks(obj: Any) -> list[Any]:
        return list(obj.rechecks.order_by("-year", "-id"))

    @staticmethod
    def resolve_aids(obj: Any) -> list[Any]:
        return list(obj.aids.select_related("org"))


class RecheckOut(CaseRecheckOut):
    case_id: int
    case_number: str = Field(..., alias="case.number")
    person_name: str = Field(..., alias="case.person.name")
    org_id: int = Field(..., alias="case.org_id")
    org_name: str = Field(..., alias="case.org.name")
    overdue: bool = Field(..., description="逾期：已建档、未复核且已过截止日期")

    @staticmethod
    def resolve_overdue(obj: Any) -> bool:
        return obj.case.status == CaseStatus.FILED and obj.is_overdue(clock.today())


# ---------------------------------------------------------------- 四送 campaigns


class CampaignOut(Schema):
    id: int
    kind: str = Field(..., description="活动类型：warmth/coolness/schooling/jobs/other")
    kind_label: str = Field(..., alias="get_kind_display")
    name: str
    year: int
    org_id: int
    org_name: str = Field(..., alias="org.name", description="主办工会")
    status: str
    status_label: str = Field(..., alias="get_status_display")
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    list_count: int = Field(..., description="名单数（全部报送单位）")


class StandardOut(Schema):
    group: str = Field(..., description="对象类别")
    label: str
    amount: Money = Field(..., description="慰问金标准（元）")
    goods: str


class FundOut(Schema):
    source: str = Field(..., description="资金来源")
    amount: Money
    org_name: str = Field(..., alias="org.name", description="筹集单位")


class BudgetOut(Schema):
    line: str = Field(..., description="预算科目")
    amount: Money = Field(..., description="预算金额（元）")
    used: Money = Field(..., description="已报送和已审批名单占用（元）")
    remaining: Money


class ListOut(Schema):
    id: int
    campaign_id: int
    campaign_name: str = Field(..., alias="campaign.name")
    org_id: int
    org_name: str = Field(..., alias="org.name", description="报送单位")
    status: str
    status_label: str = Field(..., alias="get_status_display")
    budget_line: str
    people: int = Field(..., description="人数")
    total: Money = Field(..., description="发放金额合计（元）")
    submitted_at: dt.datetime | None = None
    approved_at: dt.datetime | None = None
    returned_reason: str

    @staticmethod
    def resolve_total(obj: Any) -> Decimal:
        return obj.total or Decimal("0.00")


class CampaignTotalsOut(Schema):
    raised: Money = Field(..., description="筹集资金（元）")
    approved_people: int = Field(..., description="已审批名单人数")
    approved_amount: Money = Field(..., description="已审批名单金额（元）")
    unsigned: int = Field(..., description="已审批未签收人数")


class CampaignDetailOut(CampaignOut):
    note: str
    standards: list[StandardOut]
    funds: list[FundOut]
    budgets: list[BudgetOut]
    totals: CampaignTotalsOut
    lists: list[ListOut] = Field(..., description="您管辖范围内的发放名单")

    @staticmethod
    def resolve_standards(obj: Any) -> list[Any]:
        return list(obj.standards.all())

    @staticmethod
    def resolve_funds(obj: Any) -> list[Any]:
        return list(obj.funds.select_related("org"))

    @staticmethod
    def resolve_budgets(obj: Any) -> list[Any]:
        return budget_use(obj)

    @staticmethod
    def resolve_totals(obj: Any) -> dict[str, Any]:
        return campaign_totals(obj)

    @staticmethod
    def resolve_lists(obj: Any, context: Any) -> list[Any]:
        return list(list_list(user=api_user(context["request"]), campaign=obj))


def receipt_state(item: Any) -> str:
    if item.signed_on is None:
        return "unsigned"
    return "proxy" if item.proxy_name else "signed"


class ItemOut(Schema):
    id: int
    person_id: int
    person_name: str = Field(..., alias="person.name")
    id_masked: str = Field(..., alias="person.id_masked", description="身份证号码（脱敏）")
    case_id: int | None = Field(None, description="困难档案ID")
    group: str = Field(..., description="对象类别")
    group_label: str
    standard_amount: Money = Field(..., description="标准金额（元）")
    amount: Money = Field(..., description="发放金额（元）")
    override_reason: str = Field(..., description="调整金额原因")
    goods: str
    receipt: str = Field(
        ..., description="签收状态：unsigned 未签收 / signed 本人签收 / proxy 代领"
    )
    receipt_label: str
    signed_on: dt.date | None = Field(None, description="签收（或代领）日期")
    proxy_name: str = Field(..., description="代领人")
    proxy_reason: str

    @staticmethod
    def resolve_group_label(obj: Any) -> str:
        return dict(Category.choices).get(obj.group, obj.group)

    @staticmethod
    def resolve_receipt(obj: Any) -> str:
        return receipt_state(obj)

    @staticmethod
    def resolve_receipt_label(obj: Any) -> str:
        return {"unsigned": "未签收", "signed": "本人签收", "proxy": "代领"}[receipt_state(obj)]


class ListDetailOut(ListOut):
    items: list[ItemOut]

    @staticmethod
    def resolve_items(obj: Any) -> list[Any]:
        return list(list_items(obj))


# ---------------------------------------------------------------- 金秋助学 and the figures


class GrantOut(Schema):
    id: int
    campaign_id: int
    campaign_name: str = Field(..., alias="campaign.name")
    year: int
    org_id: int
    org_name: str = Field(..., alias="org.name", description="申报单位")
    person_id: int
    person_name: str = Field(..., alias="person.name", description="职工（家长）")
    id_masked: str = Field(..., alias="person.id_masked", description="职工身份证号码（脱敏）")
    case_id: int | None = None
    student_name: str
    student_id_masked: str = Field(..., description="学生身份证号码（脱敏）")
    university: str = Field(..., description="录取院校")
    amount: Money = Field(..., description="助学金（元）")
    status: str
    status_label: str = Field(..., alias="get_status_display")
    paid_on: dt.date | None = None
    rejected_reason: str


class FigureOut(Schema):
    key: str
    label: str
    unit: str
    money: bool = Field(..., description="金额（元，两位小数）；否则为人数、户数等计数")
    value: Decimal = Field(..., description="金额为两位小数的元，计数为整数")


class SourceOut(Schema):
    source: str = Field(..., description="资金来源")
    amount: Money
    n: int = Field(..., description="笔数")


class CampaignMoneyOut(Schema):
    id: int
    name: str
    raised: Money = Field(..., description="筹集资金（元）")
    given: Money = Field(..., description="发放（名单、助学金、夏送清凉）（元）")


class FiguresOut(Schema):
    year: int
    org_id: int
    org_name: str
    campaign_id: int | None = None
    figures: list[FigureOut]
    given: Money = Field(..., description="发放合计（元）")
    by_source: list[SourceOut]
    by_campaign: list[CampaignMoneyOut]
