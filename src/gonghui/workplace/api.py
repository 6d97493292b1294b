"""企业工作 API (django-ninja router mounted at /api/workplace/ by gonghui.api).

Read-only. Every handler goes through the domain's scoped selectors: records outside the caller's
subtree answer 404 (their existence is not disclosed). The employer's organizing status is the
rule's (gonghui.workplace.rules), with the threshold in force for the caller; the figures are
the figures page's, one query each.
"""

from typing import Any

from django.http import HttpRequest
from ninja.errors import HttpError

from gonghui.core import clock
from gonghui.core.api_auth import api_user, domain_router, found
from gonghui.core.errors import ScopeError
from gonghui.core.params import Id, QueryText, Year
from gonghui.workplace import selectors_employers as employers
from gonghui.workplace import selectors_letters as letters
from gonghui.workplace import selectors_organizing as organizing
from gonghui.workplace import selectors_rights as rights
from gonghui.workplace import selectors_service as service
from gonghui.workplace.models import (
    Channel,
    LetterKind,
    LetterStatus,
    MediationStage,
    NeedStatus,
    ReviewStatus,
    SiteStatus,
    Violation,
)
from gonghui.workplace.rules import OrganizingStatus, rule_text
from gonghui.workplace.schemas import (
    ConsultationOut,
    DriveOut,
    InspectionOut,
    LedgerEmployerDetailOut,
    LedgerEmployerOut,
    LetterOut,
    MediationOut,
    NeedDetailOut,
    NeedOut,
    ReviewOut,
    SiteOut,
    SquadOut,
    WorkplaceFiguresOut,
)
from gonghui.workplace.selectors_figures import FIGURES, figure_scope, figures

router = domain_router("企业工作")


# ---------------------------------------------------------------- 企业台账 and 三新


@router.page(
    "/employers",
    LedgerEmployerOut,
    url_name="workplace_employer_list",
    summary="企业台账（q 可搜单位名称或统一社会信用代码；status 为按建会规则计算的组织状态）",
)
def employer_list(
    request: HttpRequest, q: QueryText = "", status: OrganizingStatus | None = None
) -> Any:
    return employers.employer_list(user=api_user(request), q=q, status=status or "")


@router.record(
    "/employers/{employer_id}",
    LedgerEmployerDetailOut,
    url_name="workplace_employer_detail",
    summary="企业详情：组织状态及适用的建会规则原文、报送部门、职工人数记录",
)
def employer_detail(request: HttpRequest, employer_id: Id) -> Any:
    user = api_user(request)
    employer: Any = found(employers.employer_list(user=user), "用人单位", employer_id)
    status = OrganizingStatus(employer.organizing_status)
    employer.status_label = str(status.label)
    employer.rule = rule_text(status, threshold=employers.threshold_for(user))
    employer.seen_by = list(employers.sightings_of(employer))
    employer.headcount_history = list(employers.headcounts_of(employer))
    return employer


@router.page(
    "/reviews",
    ReviewOut,
    url_name="workplace_review_list",
    summary="待核对企业（同名不同统一社会信用代码，不会自动合并）",
)
def review_list(request: HttpRequest, status: ReviewStatus | None = None) -> Any:
    return employers.review_list(user=api_user(request), status=status or "")


@router.page("/drives", DriveOut, url_name="workplace_drive_list", summary="建会攻坚行动")
def drive_list(request: HttpRequest, year: Year | None = None) -> Any:
    return organizing.drive_list(user=api_user(request), year=year)


@router.page(
    "/sites",
    SiteOut,
    url_name="workplace_site_list",
    summary="党工共建示范点及补助（status: designated/approved/paid/revoked）",
)
def site_list(
    request: HttpRequest, year: Year | None = None, status: SiteStatus | None = None
) -> Any:
    return organizing.site_list(user=api_user(request), year=year, status=status or "")


# ---------------------------------------------------------------- 助企行


@router.page("/needs", NeedOut, url_name="workplace_need_list", summary="企业点单")
def need_list(
    request: HttpRequest,
    q: QueryText = "",
    status: NeedStatus | None = None,
    year: Year | None = None,
) -> Any:
    return service.need_list(user=api_user(request), q=q, status=status or "", year=year)


@router.record(
    "/needs/{need_id}",
    NeedDetailOut,
    url_name="workplace_need_detail",
    summary="企业点单详情及流转记录（点单、派单、接单、服务、确认）",
)
def need_detail(request: HttpRequest, need_id: Id) -> Any:
    user = api_user(request)
    need: Any = found(lambda: service.need_get(user=user, pk=need_id), "企业点单", need_id)
    need.history = list(service.need_steps(need=need))
    return need


@router.page("/squads", SquadOut, url_name="workplace_squad_list", summary="技术服务分队")
def squad_list(request: HttpRequest, q: QueryText = "") -> Any:
    return service.squad_list(user=api_user(request), q=q)


# ---------------------------------------------------------------- 维权


@router.page("/letters", LetterOut, url_name="workplace_letter_list", summary="一函两书")
def letter_list(
    request: HttpRequest,
    q: QueryText = "",
    kind: LetterKind | None = None,
    violation: Violation | None = None,
    status: LetterStatus | None = None,
    year: Year | None = None,
) -> Any:
    return letters.letter_list(
        user=api_user(request),
        q=q,
        kind=kind or "",
        violation=violation or "",
        status=status or "",
        year=year,
    )


@router.record(
    "/letters/{letter_id}", LetterOut, url_name="workplace_letter_detail", summary="文书详情"
)
def letter_detail(request: HttpRequest, letter_id: Id) -> Any:
    user = api_user(request)
    return found(lambda: letters.letter_get(user=user, pk=letter_id), "文书", letter_id)


@router.page("/mediations", MediationOut, url_name="workplace_mediation_list", summary="调解案件")
def mediation_list(
    request: HttpRequest,
    q: QueryText = "",
    stage: MediationStage | None = None,
    year: Year | None = None,
) -> Any:
    return rights.mediation_list(user=api_user(request), q=q, stage=stage or "", year=year)


@router.page(
    "/inspections",
    InspectionOut,
    url_name="workplace_inspection_list",
    summary="安全检查（含发现和已整改的隐患数）",
)
def inspection_list(request: HttpRequest, q: QueryText = "", year: Year | None = None) -> Any:
    return rights.inspection_list(user=api_user(request), q=q, year=year)


@router.page(
    "/consultations", ConsultationOut, url_name="workplace_consultation_list", summary="法律咨询"
)
def consultation_list(
    request: HttpRequest,
    channel: Channel | None = None,
    topic: Violation | None = None,
    year: Year | None = None,
) -> Any:
    return rights.consultation_list(
        user=api_user(request), channel=channel or "", topic=topic or "", year=year
    )


# ---------------------------------------------------------------- figures


@router.record(
    "/figures",
    WorkplaceFiguresOut,
    url_name="workplace_figures",
    summary="企业工作统计（与统计页面同一口径；org_id 默认本级组织）",
)
def figure_list(request: HttpRequest, year: Year | None = None, org_id: Id | None = None) -> Any:
    user = api_user(request)
    try:
        scope = figure_scope(user=user, year=year or clock.today().year, org=org_id)
    except ScopeError as exc:
        raise HttpError(404, exc.message) from None
    data = figures(scope=scope)
    return {
        "year": scope.year,
        "org_id": scope.org.pk,
        "org_name": scope.org.name,
        "figures": [
            {
                "key": k,
                "label": f.label,
                "unit": f.unit,
                "section": f.section,
                "value": data.totals[k],
            }
            for k, f in FIGURES.items()
            if k in data.totals
        ],
    }
