"""Pages of invitations: the plan's invitations, answering one (the person or an officer for
them), lapsing overdue ones, host needs, and 职工本人's own page (我的疗休养): results, time
preferences, notices and feedback."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from gonghui.core.models import Role, User
from gonghui.core.permissions import authorize
from gonghui.core.web import act, act_on_form, page, submit
from gonghui.recuperation import selectors, services
from gonghui.recuperation.forms import FeedbackForm, NeedForm
from gonghui.recuperation.models import Invitation, InvitationStatus
from gonghui.recuperation.views_common import (
    back,
    chosen_batches,
    form_page,
    mine_url,
)


@page()
def invitation_list(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    authorize(user, "recuperation.plan.view")
    plan = selectors.plan_get(user=user, pk=pk)
    status = request.GET.get("status", "")
    return render(
        request,
        "recuperation/invitation_list.html",
        {
            "title": f"邀请与确认 — {plan}",
            "plan": plan,
            "invitations": selectors.plan_invitations(user=user, plan=plan, status=status),
            "statuses": InvitationStatus.choices,
            "status": status,
            "seats": selectors.batch_seats(plan),
        },
    )


@page("recuperation.invitation.respond", post=True)
def invitation_confirm(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    inv = selectors.invitation_get(user=user, pk=pk)
    act(
        request,
        lambda: services.invitation_confirm(user=user, invitation=inv),
        f"{inv.person.name}已确认参加批次{inv.batch.code}",
    )
    return back(request, mine_url())


@page("recuperation.invitation.respond", post=True)
def invitation_decline(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    inv = selectors.invitation_get(user=user, pk=pk)

    def ok(nxt: Invitation | None) -> str:
        declined = f"{inv.person.name}已谢绝批次{inv.batch.code}"
        if nxt is None:
            return f"{declined}；暂无可递补的候补人员"
        return f"{declined}；已递补邀请候补人员{nxt.person.name}"

    act(
        request,
        lambda: services.invitation_decline(
            user=user, invitation=inv, reason=request.POST.get("reason", "")
        ),
        ok,
    )
    return back(request, mine_url())


@page("recuperation.invitation.manage", post=True)
def invitations_expire(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=user, pk=pk)
    act(
        request,
        lambda: services.invitations_expire(user=user, plan=plan),
        lambda n: f"{n}份邀请逾期未确认，已按候补顺序递补",
    )
    return redirect("recuperation:invitation_list", pk=plan.pk)


@page("recuperation.invitation.respond")
def need_edit(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    inv = selectors.invitation_get(user=user, pk=pk)
    if user.role == Role.MEMBER:
        done = mine_url()
    else:
        done = reverse("recuperation:batch_detail", args=[inv.batch_id])
    initial = {} if request.method == "POST" else services.need_view(user=user, invitation=inv)
    form = NeedForm(request.POST or None, initial=initial)
    if submit(
        request,
        form,
        lambda d: services.need_save(user=user, invitation=inv, **d),
        "接待需求已保存",
    ):
        return redirect(done)
    return form_page(
        request,
        form,
        title=f"接待需求 — {inv.person.name}（批次{inv.batch.code}）",
        back=done,
        intro="健康信息加密保存，仅用于接待单位安排饮食和健康保障。",
    )


# ---------------------------------------------------------------- self-service


@page()
def mine(request: HttpRequest, user: User) -> HttpResponse:
    """职工本人: selection results with explanation, invitations, availability, feedback."""
    authorize(user, "recuperation.mine.view")
    return render(
        request,
        "recuperation/mine.html",
        {
            "title": "我的疗休养",
            "results": selectors.my_results(user=user),
            "open_plans": selectors.my_open_plans(user=user),
            "notices": selectors.notifications_for(user=user)[:20],
            "unread": selectors.unread_count(user=user),
            "feedback_form": FeedbackForm(),
        },
    )


@page("recuperation.notification.read", post=True)
def notification_read(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    notice = selectors.notification_get(user=user, pk=pk)
    act(
        request,
        lambda: services.notification_read(user=user, notification=notice),
        f"已将“{notice.title}”标为已读",
    )
    return redirect(mine_url("#notices"))


@page("recuperation.notification.read", post=True)
def notifications_read_all(request: HttpRequest, user: User) -> HttpResponse:
    act(
        request,
        lambda: services.notification_read_all(user=user),
        lambda n: f"已将{n}条通知标为已读" if n else "没有未读通知",
    )
    return redirect(mine_url("#notices"))


@page("recuperation.mine.view", post=True)
def mine_availability(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    plan = selectors.my_open_plan(user=user, pk=pk)
    person = user.person
    if plan is None or person is None:
        raise PermissionDenied("该方案不在意向征集阶段")
    un, pre = chosen_batches(request, selectors.plan_batches(plan))
    act(
        request,
        lambda: services.availability_set(
            user=user, plan=plan, person=person, unavailable=un, preferred=pre
        ),
        "时间意向已提交",
    )
    return redirect("recuperation:mine")


@page("recuperation.invitation.respond", post=True)
def feedback(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    inv = selectors.invitation_get(user=user, pk=pk)
    act_on_form(
        request,
        FeedbackForm(request.POST),
        lambda d: services.feedback_submit(user=user, invitation=inv, **d),
        "感谢您的评价",
        invalid="满意度应为1至5分",
    )
    return back(request, mine_url())
