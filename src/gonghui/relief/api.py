"""困难职工帮扶 and 四送 API (django-ninja router mounted at /api/relief/ by gonghui.api).

Read-only. Every handler goes through the app's scoped selectors: records outside the caller's
subtree answer 404 (their existence is not disclosed); 职工本人 see only their own case and
grants. Persons and household members are masked; members' health, the case's situation text,
documents and receipt scans are never part of a response.
"""

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field
from ninja.errors import HttpError

from gonghui.core import clock
from gonghui.core.api_auth import api_user, domain_router, found
from gonghui.core.errors import ScopeError
from gonghui.core.params import Id, QueryText, Year
from gonghui.core.scope import organizations_for
from gonghui.relief import selectors_activities as activities
from gonghui.relief import selectors_campaigns as campaigns
from gonghui.relief import selectors_cases as cases
from gonghui.relief.models import CampaignKind, CaseStatus, Category, GrantStatus
from gonghui.relief.schemas import (
    CampaignDetailOut,
    CampaignOut,
    CaseDetailOut,
    CaseOut,
    FiguresOut,
    GrantOut,
    ListDetailOut,
    RecheckOut,
)
from gonghui.relief.selectors_figures import FIGURES, figure_scope, figures

router = domain_router("困难职工帮扶")


# ---------------------------------------------------------------- the ledger


@router.page(
    "/cases",
    CaseOut,
    url_name="relief_case_list",
    summary="困难职工档案列表（q 可搜档案编号、姓名或身份证号；year 为申请年度）",
)
def case_list(
    request: HttpRequest,
    q: QueryText = "",
    status: CaseStatus | None = None,
    category: Category | None = None,
    year: Year | None = None,
) -> Any:
    return cases.case_list(
        user=api_user(request),
        q=q,
        status=status or "",
        category=category or "",
        year=year,
    )


@router.record(
    "/cases/{case_id}",
    CaseDetailOut,
    url_name="relief_case_detail",
    summary="困难职工档案详情（办理环节、家庭成员（身份证号脱敏）、年度复核、帮扶记录）",
)
def case_detail(request: HttpRequest, case_id: Id) -> Any:
    user = api_user(request)
    return found(lambda: cases.case_get(user=user, pk=case_id), "困难职工档案", case_id)


@router.page(
    "/rechecks",
    RecheckOut,
    url_name="relief_recheck_list",
    summary="年度复核任务（截止日期先到的在前；overdue=true 只列逾期未复核的）",
)
def recheck_list(
    request: HttpRequest,
    year: Year | None = None,
    overdue: Annotated[bool, Field(description="只列逾期未复核的")] = False,
) -> Any:
    return cases.recheck_list(user=api_user(request), year=year, state="overdue" if overdue else "")


# ---------------------------------------------------------------- 四送 campaigns


@router.page(
    "/campaigns",
    CampaignOut,
    url_name="relief_campaign_list",
    summary="四送活动列表（本级、下级和上级工会举办的活动）",
)
def campaign_list(
    request: HttpRequest,
    year: Year | None = None,
    kind: CampaignKind | None = None,
    q: QueryText = "",
) -> Any:
    return campaigns.campaign_list(user=api_user(request), q=q, year=year, kind=kind or "")


@router.record(
    "/campaigns/{campaign_id}",
    CampaignDetailOut,
    url_name="relief_campaign_detail",
    summary="四送活动详情（慰问标准、筹集资金、预算使用、您管辖范围内的发放名单）",
)
def campaign_detail(request: HttpRequest, campaign_id: Id) -> Any:
    user = api_user(request)
    return found(campaigns.campaign_list(user=user), "四送活动", campaign_id)


@router.record(
    "/lists/{list_id}",
    ListDetailOut,
    url_name="relief_list_detail",
    summary="发放名单详情（人员身份证号脱敏、金额、签收状态）",
)
def list_detail(request: HttpRequest, list_id: Id) -> Any:
    user = api_user(request)
    return found(campaigns.list_list(user=user), "发放名单", list_id)


@router.page(
    "/grants",
    GrantOut,
    url_name="relief_grant_list",
    summary="金秋助学申请（q 可搜学生姓名、职工姓名或录取院校；学生身份证号脱敏）",
)
def grant_list(
    request: HttpRequest,
    q: QueryText = "",
    status: GrantStatus | None = None,
    year: Year | None = None,
    campaign_id: Id | None = None,
) -> Any:
    return activities.grant_list(
        user=api_user(request),
        q=q,
        status=status or "",
        year=year,
        campaign=str(campaign_id or ""),
    ).order_by("-id")


@router.record(
    "/figures",
    FiguresOut,
    url_name="relief_figures",
    summary="四送活动统计（与统计页面同一口径；org_id 默认本级组织，campaign_id 时按该活动年度）",
)
def figure_list(
    request: HttpRequest,
    year: Year | None = None,
    org_id: Id | None = None,
    campaign_id: Id | None = None,
) -> Any:
    user = api_user(request)
    if org_id is not None:
        found(organizations_for(user), "组织", org_id)
    if campaign_id is not None:
        found(activities.campaigns_seen(user=user), "四送活动", campaign_id)
    try:
        scope = figure_scope(
            user=user, year=year or clock.today().year, org=org_id, campaign=campaign_id
        )
    except ScopeError as exc:
        raise HttpError(404, exc.message) from None
    data = figures(scope=scope)
    return {
        "year": scope.year,
        "org_id": scope.org.pk,
        "org_name": scope.org.name,
        "campaign_id": scope.campaign.pk if scope.campaign else None,
        "figures": [
            {
                "key": k,
                "label": f.label,
                "unit": f.unit,
                "money": f.money,
                "value": data["values"][k],
            }
            for k, f in FIGURES.items()
        ],
        "given": data["given"],
        "by_source": data["by_source"],
        "by_campaign": data["by_campaign"],
    }
