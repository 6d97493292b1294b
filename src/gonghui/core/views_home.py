"""工作台: what waits for the user in every domain and the year's key figures of their subtree;
职工本人 get their own to-dos, the services they use and a short summary of their record."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from gonghui.core import dashboard, selectors
from gonghui.core.models import MembershipStatus, Role
from gonghui.core.web import user_of


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    board = dashboard.board(user)
    if user.role == Role.MEMBER:
        person = user.person
        active = None
        if person is not None:
            active = (
                selectors.membership_list(user=user, status=MembershipStatus.ACTIVE)
                .filter(person=person)
                .first()
            )
        return render(
            request,
            "core/home_member.html",
            {"title": "工作台", "board": board, "person": person, "active": active},
        )
    rows = selectors.organization_counts(user=user)
    # The first row is the user's own organization only; the others are whole subtrees.
    totals = {key: sum(r[key] for r in rows) for key in ("persons", "employers", "members")}
    return render(
        request,
        "core/home.html",
        {"title": "工作台", "board": board, "rows": rows, "totals": totals},
    )
