"""职工互助保障 API (django-ninja router mounted at /api/mutual-aid/ by gonghui.api).

Read-only. Every handler goes through the app's scoped selectors: records outside the caller's
subtree answer 404 (their existence is not disclosed); 职工本人 see only their own. Persons are
masked; diagnoses (health data) and bank account numbers are never part of a response.
"""

from typing import Annotated, Any

from django.http import HttpRequest

from gonghui.core.api_auth import api_user, domain_router, found
from gonghui.core.params import Id, QueryText, Year, text
from gonghui.mutual_aid import selectors
from gonghui.mutual_aid.schemas import ClaimDetailOut, ClaimOut, EnrollmentOut

router = domain_router("职工互助保障")


@router.page(
    "/enrollments",
    EnrollmentOut,
    url_name="aid_enrollment_list",
    summary="参保登记列表（可按保障项目、保障期年度、参保单位筛选）",
)
def enrollment_list(
    request: HttpRequest,
    plan_id: Id | None = None,
    year: Year | None = None,
    employer_id: Id | None = None,
    status: Annotated[str, text(16)] = "",
    q: QueryText = "",
) -> Any:
    return selectors.enrollment_list(
        user=api_user(request), q=q, plan=plan_id, status=status, employer=employer_id, year=year
    )


@router.page(
    "/claims",
    ClaimOut,
    url_name="aid_claim_list",
    summary="互助金申领列表（q 可搜申领编号、姓名或身份证号）",
)
def claim_list(
    request: HttpRequest,
    status: Annotated[str, text(16)] = "",
    plan_id: Id | None = None,
    year: Year | None = None,
    q: QueryText = "",
) -> Any:
    return selectors.claim_list(user=api_user(request), q=q, status=status, plan=plan_id, year=year)


@router.record(
    "/claims/{claim_id}",
    ClaimDetailOut,
    url_name="aid_claim_detail",
    summary="互助金申领详情（办理环节、计算明细、发票、材料、7个工作日时限）",
)
def claim_detail(request: HttpRequest, claim_id: Id) -> Any:
    user = api_user(request)
    return found(lambda: selectors.claim_get(user=user, pk=claim_id), "申领", claim_id)
