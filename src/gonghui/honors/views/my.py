"""我的劳模服务: a model worker's own honors, visits, subsidies and demands."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from gonghui.core import clock
from gonghui.core.permissions import authorize
from gonghui.core.web import user_of
from gonghui.honors import selectors


@login_required
@require_safe
def my(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    authorize(user, "honors.my.view")
    person = user.person
    if person is None:
        raise PermissionDenied("您的账号未关联人员档案")
    return render(
        request,
        "honors/my.html",
        {
            "title": "我的劳模服务",
            "person": person,
            "mw": selectors.model_worker_of(person=person),
            "honors": selectors.honor_list(user=user),
            "visits": selectors.visit_task_list(user=user, status="done").order_by("-visited_on"),
            "payments": selectors.subsidy_payment_list(user=user).exclude(status="cancelled"),
            "demands": selectors.demand_list(user=user).prefetch_related("steps"),
            "today": clock.today(),
        },
    )
