"""劳模服务 API (django-ninja router mounted at /api/honors/ by gonghui.api), read-only.

The same rules as the core API: every list comes from a selector already limited to the
caller's subtree (职工本人: their own records), a record outside it answers 404 without
disclosing that it exists, lists are paginated, persons are masked.
"""

from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Field

from gonghui.core.api_auth import api_user, domain_router, found
from gonghui.core.params import Id, QueryText, Year, text
from gonghui.honors import selectors
from gonghui.honors.models import ModelWorker
from gonghui.honors.schemas import DemandOut, ModelWorkerDetailOut, ModelWorkerOut, VisitTaskOut

router = domain_router("劳模服务")


@router.page(
    "/workers",
    ModelWorkerOut,
    url_name="honors_worker_list",
    summary="劳模名录（默认只含有有效荣誉者；证件号、手机号、银行账号脱敏）",
)
def worker_list(
    request: HttpRequest,
    q: QueryText = "",
    level: Annotated[int, Field(ge=1, le=5)] | None = None,
    county: Id | None = None,
    status: Annotated[str, text(16)] = "",
    valid: Literal["1", "0", "all"] = "1",
) -> Any:
    """level: 1 国家级 … 5 其他; county: 组织ID (县区或工会，含下级); status: active/retired/deceased;
    valid: 1 有有效荣誉（默认）/ 0 已无有效荣誉 / all 全部。"""
    return selectors.registry_list(
        user=api_user(request),
        q=q,
        level=str(level or ""),
        county=str(county or ""),
        status=status,
        valid="" if valid == "all" else valid,
    )


@router.record(
    "/workers/{person_id}",
    ModelWorkerDetailOut,
    url_name="honors_worker_detail",
    summary="劳模详情：荣誉、走访任务、补助（按人员ID）",
)
def worker_detail(request: HttpRequest, person_id: Id) -> Any:
    user = api_user(request)
    mw: ModelWorker = found(
        lambda: selectors.registry_get(user=user, person_pk=person_id),
        "劳模",
        person_id,
        key="人员ID",
    )
    person = mw.person
    # The lists the detail schema reads beside the registry entry's own fields.
    mw.honors = list(  # type: ignore[attr-defined]
        selectors.person_honors(person=person).order_by("-year", "pk")
    )
    mw.visit_tasks = list(  # type: ignore[attr-defined]
        selectors.person_visit_tasks(person=person).order_by("-due_date", "-pk")
    )
    mw.subsidies = list(selectors.person_subsidies(person=person))  # type: ignore[attr-defined]
    return mw


@router.page("/visits", VisitTaskOut, url_name="honors_visit_list", summary="五必访走访任务")
def visit_list(
    request: HttpRequest,
    q: QueryText = "",
    year: Year | None = None,
    status: Annotated[str, text(16)] = "",
    occasion: Annotated[str, text(16)] = "",
    overdue: bool = False,
) -> Any:
    """status: open 待走访 / done 已走访 / cancelled 已取消; overdue=true: 逾期未走访的任务。"""
    return selectors.visit_task_list(
        user=api_user(request),
        q=q,
        year=str(year or ""),
        status=status,
        occasion=occasion,
        overdue="1" if overdue else "",
    ).order_by("due_date", "pk")


@router.page("/demands", DemandOut, url_name="honors_demand_list", summary="劳模诉求")
def demand_list(
    request: HttpRequest,
    q: QueryText = "",
    status: Annotated[str, text(16)] = "",
    category: Annotated[str, text(16)] = "",
    overdue: bool = False,
) -> Any:
    """status: open 未销号，或 filed/sorted/referred/answered/closed; overdue=true: 超过当前环节时限。"""
    return selectors.demand_list(
        user=api_user(request),
        q=q,
        status=status,
        category=category,
        overdue="1" if overdue else "",
    ).order_by("-filed_on", "-pk")
