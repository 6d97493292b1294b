"""劳模疗休养 on the 工作台: plans awaiting the 党组会, invitations awaiting an answer; the year's
figures. 职工本人 see their own open invitations and unread notices.

The invitation to-dos are one per plan and link to that plan's 邀请与确认 page filtered to
待确认, which lists exactly what they count.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.http import urlencode

from gonghui.core import clock
from gonghui.core.dashboard import Figure, Todo
from gonghui.core.models import Role, User
from gonghui.core.permissions import can
from gonghui.recuperation import selectors
from gonghui.recuperation.models import InvitationStatus, PlanStatus


def _mine(user: User) -> list[Todo]:
    if not can(user, "recuperation.mine.view"):
        return []
    mine = reverse("recuperation:mine")
    invited = selectors.invitation_list(user=user).filter(status=InvitationStatus.INVITED).count()
    unread = selectors.notifications_for(user=user).filter(read_at__isnull=True).count()
    return [
        Todo("待确认的疗休养邀请", invited, mine, "warning"),
        Todo("未读的疗休养通知", unread, f"{mine}#notices", "info"),
    ]


def todos(user: User) -> list[Todo]:
    if user.role == Role.MEMBER:
        return _mine(user)
    if user.organization is None:
        return []
    out = []
    if can(user, "recuperation.plan.approve"):
        drafts = [
            p
            for p in selectors.plan_list(user=user).filter(status=PlanStatus.DRAFT)
            if can(user, "recuperation.plan.approve", p)
        ]
        if drafts:
            url = (
                reverse("recuperation:plan_detail", args=[drafts[0].pk])
                if len(drafts) == 1
                else reverse("recuperation:plan_list")
            )
            out.append(Todo("工作方案待党组会审定", len(drafts), url))
    if can(user, "recuperation.invitation.respond"):
        today = clock.today()
        per_plan = (
            selectors.invitation_list(user=user)
            .filter(status=InvitationStatus.INVITED)
            .values("plan_id", "plan__year")
            .annotate(n=Count("id"), late=Count("id", filter=Q(deadline__lt=today)))
            .order_by("-plan__year", "plan_id")
        )
        for row in per_plan:
            url = reverse("recuperation:invitation_list", args=[row["plan_id"]])
            label = f"{row['plan__year']}年疗休养邀请待确认"
            if row["late"]:
                label += f"（{row['late']}人已逾期）"
            level = "danger" if row["late"] else "warning"
            query = urlencode({"status": InvitationStatus.INVITED})
            out.append(Todo(label, row["n"], f"{url}?{query}", level))
    return out


def figures(user: User, year: int) -> list[Figure]:
    if not can(user, "recuperation.plan.view") or user.organization is None:
        return []
    out = []
    plan = selectors.current_plan(org=user.organization, year=year)
    if plan is not None:
        url = reverse("recuperation:plan_detail", args=[plan.pk])
        out.append(Figure(f"{year}年本级工作方案", plan.get_status_display(), "", url))
    counts = (
        selectors.invitation_list(user=user)
        .filter(plan__year=year)
        .aggregate(
            confirmed=Count("id", filter=Q(status=InvitationStatus.CONFIRMED)),
            went=Count("id", filter=Q(attended=True)),
        )
    )
    report = ""
    if can(user, "recuperation.report.view"):
        report = f"{reverse('recuperation:report')}?{urlencode({'year': year})}"
    out.append(Figure("确认参加疗休养", counts["confirmed"], "人", report))
    out.append(Figure("已参加疗休养", counts["went"], "人", report))
    return out
