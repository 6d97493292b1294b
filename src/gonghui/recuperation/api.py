"""劳模疗休养 API (django-ninja router mounted at /api/recuperation/ by gonghui.api), read-only.

Plans are visible to the officers under the federation that drew them up (selectors.plan_list);
a plan outside the caller's scope answers 404. The published selection lists only the people in
the caller's subtree, with masked ID numbers; the per-batch totals count everyone (as the 公示
page does). 职工本人 see no plans here: their own result is on “我的疗休养”.
"""

# No `from __future__ import annotations`: django-ninja reads the parameter types of a paginated
# handler through the wrapper, whose module cannot resolve names such as `Year`.
from typing import Annotated, Any

from django.http import HttpRequest
from ninja.errors import HttpError

from gonghui.core.api_auth import api_user, domain_router, found
from gonghui.core.models import User
from gonghui.core.params import Id, Year, text
from gonghui.recuperation import selectors
from gonghui.recuperation.models import Plan
from gonghui.recuperation.schemas import PlanDetailOut, PlanOut, SelectionOut

router = domain_router("劳模疗休养")


def _plan(user: User, plan_id: int) -> Plan:
    return found(selectors.plan_list(user=user), "工作方案", plan_id)


@router.page(
    "/plans", PlanOut, url_name="recuperation_plan_list", summary="疗休养工作方案列表（含各版本）"
)
def plan_list(
    request: HttpRequest, year: Year | None = None, status: Annotated[str, text(16)] = ""
) -> Any:
    qs = selectors.plan_list(user=api_user(request)).order_by("-year", "-version")
    if year is not None:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    return qs


@router.record(
    "/plans/{plan_id}",
    PlanDetailOut,
    url_name="recuperation_plan_detail",
    summary="工作方案详情（含批次）",
)
def plan_detail(request: HttpRequest, plan_id: Id) -> Any:
    return _plan(api_user(request), plan_id)


@router.record(
    "/plans/{plan_id}/selection",
    SelectionOut,
    url_name="recuperation_plan_selection",
    summary="已公示的遴选结果（各批次入选人员，证件号脱敏）",
)
def plan_selection(request: HttpRequest, plan_id: Id) -> Any:
    user = api_user(request)
    plan = _plan(user, plan_id)
    run = selectors.published_run(plan)
    if run is None:
        raise HttpError(404, f"“{plan}”尚未公示遴选结果")
    return {
        "plan_id": plan.pk,
        "run_id": run.pk,
        "input_sha256": run.input_sha256,
        "output_sha256": run.output_sha256,
        "published_at": run.published_at,
        "publicity_until": run.publicity_until,
        "batches": [
            {
                "batch_id": b.batch.pk,
                "code": b.batch.code,
                "base_name": b.batch.base.name,
                "start_date": b.batch.start_date,
                "end_date": b.batch.end_date,
                "total": b.total,
                "persons": [
                    {
                        "invitation_id": inv.pk,
                        "person_id": inv.person_id,
                        "name": inv.person.name,
                        "org_name": inv.person.org.name,
                        "id_masked": inv.person.id_masked,
                        "status": inv.status,
                        "status_label": inv.get_status_display(),
                        "from_waitlist": inv.from_waitlist,
                        "score": inv.score,
                    }
                    for inv in b.people
                ],
            }
            for b in selectors.publicity(run, user=user)
        ],
    }
