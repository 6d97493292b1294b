"""职工互助保障 API (django-ninja router mounted at /api/mutual-aid/ by gonghui.api).

Read-only. Every handler goes through the app's scoped selectors: records outside the caller's
subtree answer 404 (their existence is not disclosed); 职工本人 see only their own. Persons are
masked; diagnoses (health data) and bank account numbers are never part of a response.
"""

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Router
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.security import django_auth

from gonghui.core.api import Page
from gonghui.core.api_auth import TokenAuth, api_user
from gonghui.core.params import Id, QueryText, Year, text
from gonghui.core.schemas import ErrorOut
from gonghui.mutual_aid import selectors
from gonghui.mutual_aid.models import Claim
from gonghui.mutual_aid.schemas import ClaimDetailOut, ClaimOut, EnrollmentOut

router = Router(tags=["职工互助保障"], auth=[TokenAuth(), django_auth])


@router.get(
    "/enrollments",
    response=list[EnrollmentOut],
    url_name="aid_enrollment_list",
    summary="参保登记列表（可按保障项目、保障期年度、参保单位筛选）",
)
@paginate(Page)
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


@router.get(
    "/claims",
    response=list[ClaimOut],
    url_name="aid_claim_list",
    summary="互助金申领列表（q 可搜申领编号、姓名或身份证号）",
)
@paginate(Page)
def claim_list(
    request: HttpRequest,
    status: Annotated[str, text(16)] = "",
    plan_id: Id | None = None,
    year: Year | None = None,
    q: QueryText = "",
) -> Any:
    return selectors.claim_list(user=api_user(request), q=q, status=status, plan=plan_id, year=year)


@router.get(
    "/claims/{claim_id}",
    response={200: ClaimDetailOut, 404: ErrorOut},
    url_name="aid_claim_detail",
    summary="互助金申领详情（办理环节、计算明细、发票、材料、7个工作日时限）",
)
def claim_detail(request: HttpRequest, claim_id: Id) -> Any:
    try:
        return selectors.claim_get(user=api_user(request), pk=claim_id)
    except Claim.DoesNotExist:
        raise HttpError(404, f"申领（ID {claim_id}）不存在或不在您的管辖范围内") from None
