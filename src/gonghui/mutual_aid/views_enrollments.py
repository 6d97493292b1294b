"""Pages of 参保登记 and 缴费单: the lists, enrolling one person, 退保, opening a bill and
recording the money received on it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from gonghui.core import clock
from gonghui.core.errors import DomainError
from gonghui.core.models import Employer, Person, User
from gonghui.core.permissions import authorize, can
from gonghui.core.templatetags.gonghui_ui import yuan
from gonghui.core.views_list import ListPageView
from gonghui.core.web import page, submit
from gonghui.mutual_aid import selectors, services
from gonghui.mutual_aid.filters import BillFilterSet, EnrollmentFilterSet
from gonghui.mutual_aid.forms import BillForm, EnrollmentCancelForm, EnrollmentForm, PayForm
from gonghui.mutual_aid.models import BillStatus, Enrollment, EnrollmentStatus
from gonghui.mutual_aid.tables import BillTable, EnrollmentTable


class EnrollmentListView(ListPageView):
    title = "参保登记"
    filterset_class = EnrollmentFilterSet
    table_class = EnrollmentTable
    create_url_name = "mutual_aid:enrollment_new"
    create_label = "登记参保"
    view_action = "mutual_aid.enrollment.view"
    export_action = "mutual_aid.enrollment.export"
    create_action = "mutual_aid.enrollment.create"


class BillListView(ListPageView):
    title = "费用缴纳"
    filterset_class = BillFilterSet
    table_class = BillTable
    create_url_name = "mutual_aid:bill_new"
    create_label = "开具缴费单"
    view_action = "mutual_aid.contribution.view"
    export_action = "mutual_aid.contribution.export"
    create_action = "mutual_aid.contribution.bill"


def person_in_scope(user: User, id_number: str) -> Person:
    """The person of an ID number typed in a form, in the user's subtree only."""
    person = selectors.person_by_id_number(user=user, id_number=id_number)
    if person is None:
        raise DomainError("您的管辖范围内没有此身份证号码的人员，请先登记人员", column="id_number")
    return person


def employer_in_scope(user: User, code: str) -> Employer | None:
    """The employer of a credit code typed in a form (None when left blank), looked up in the
    user's subtree only. A code registered elsewhere is refused without saying where."""
    if not code:
        return None
    employer = selectors.employer_by_code(user=user, code=code)
    if employer is None:
        known = selectors.employer_code_known(code=code)
        raise DomainError(
            services.UNIT_ELSEWHERE if known else "没有此统一社会信用代码的用人单位",
            column="credit_code",
        )
    return employer


# ---------------------------------------------------------------- enrollment


@page("mutual_aid.enrollment.create")
def enrollment_new(request: HttpRequest, user: User) -> HttpResponse:
    authorize(user, "mutual_aid.enrollment.create")
    form = EnrollmentForm(request.POST or None)
    done = submit(
        request,
        form,
        lambda d: services.enrollment_create(
            user=user,
            plan=d["plan"],
            person=person_in_scope(user, d["id_number"]),
            payer=d["payer"],
            employer=employer_in_scope(user, d["credit_code"]),
        ),
        lambda e: f"已登记：{e}（待缴费）",
    )
    if done:
        return redirect("mutual_aid:enrollment_list")
    return render(
        request,
        "mutual_aid/form.html",
        {
            "title": "登记参保",
            "form": form,
            "note": "批量登记请用“数据导入”中的“互助保障参保登记”。",
        },
    )


def _enrollment(user: User, enrollment_id: int) -> Enrollment:
    return get_object_or_404(selectors.enrollment_list(user=user), pk=enrollment_id)


def _may_cancel(enrollment: Enrollment) -> bool:
    return enrollment.status == EnrollmentStatus.ACTIVE or (
        enrollment.status == EnrollmentStatus.PENDING and enrollment.bill_id is None
    )


@page()
def enrollment_detail(request: HttpRequest, user: User, enrollment_id: int) -> HttpResponse:
    authorize(user, "mutual_aid.enrollment.view")
    enrollment = _enrollment(user, enrollment_id)
    return render(
        request,
        "mutual_aid/enrollment_detail.html",
        {
            "title": f"参保登记：{enrollment.person.name} · {enrollment.plan}",
            "e": enrollment,
            "claims": selectors.enrollment_claims(enrollment=enrollment),
            "can_cancel": can(user, "mutual_aid.enrollment.cancel", enrollment)
            and _may_cancel(enrollment),
        },
    )


@page("mutual_aid.enrollment.cancel")
def enrollment_cancel(request: HttpRequest, user: User, enrollment_id: int) -> HttpResponse:
    """退保, on its own confirmation page: the date cover stops, the reason, a tick to confirm."""
    enrollment = _enrollment(user, enrollment_id)
    authorize(user, "mutual_aid.enrollment.cancel", enrollment)
    form = EnrollmentCancelForm(
        request.POST if request.method == "POST" else None, initial={"on": clock.today()}
    )
    done = submit(
        request,
        form,
        lambda d: services.enrollment_cancel(
            user=user, enrollment=enrollment, reason=d["reason"], on=d["on"]
        ),
        lambda e: f"已为{e.person.name}办理退保：“{e.plan}”自{e.cancelled_on:%Y-%m-%d}起不再保障",
    )
    if done:
        return redirect("mutual_aid:enrollment_detail", enrollment.pk)
    return render(
        request,
        "mutual_aid/confirm.html",
        {
            "title": "办理退保",
            "form": form,
            "lines": [
                f"参保人：{enrollment.person.name}（{enrollment.person.id_masked}）",
                f"保障项目：{enrollment.plan}，状态：{enrollment.get_status_display()}"
                + (
                    f"，保障自{enrollment.cover_start:%Y-%m-%d}起" if enrollment.cover_start else ""
                ),
                "退保后，退保日期当日及以后发生的事件不能申领；此前发生的事件仍按规定申领。",
            ],
            "submit": "确认退保",
            "back": reverse("mutual_aid:enrollment_detail", args=[enrollment.pk]),
        },
    )


# ---------------------------------------------------------------- bills


@page("mutual_aid.contribution.bill")
def bill_new(request: HttpRequest, user: User) -> HttpResponse:
    authorize(user, "mutual_aid.contribution.bill")
    form = BillForm(request.POST or None)
    done = submit(
        request,
        form,
        lambda d: services.contribution_bill(
            user=user,
            plan=d["plan"],
            employer=employer_in_scope(user, d["credit_code"]),
            org=user.organization,
        ),
        lambda b: f"已开具缴费单：{b.headcount}人，应缴{yuan(b.amount_due)}",
    )
    if done:
        return redirect("mutual_aid:bill_detail", done.value.pk)
    return render(request, "mutual_aid/form.html", {"title": "开具缴费单", "form": form})


@page("mutual_aid.contribution.pay")
def bill_detail(request: HttpRequest, user: User, contribution_id: int) -> HttpResponse:
    authorize(user, "mutual_aid.contribution.view")
    bill = get_object_or_404(selectors.bill_list(user=user), pk=contribution_id)
    form = PayForm(request.POST or None, initial={"paid_on": clock.today()})
    done = submit(
        request,
        form,
        lambda d: services.contribution_pay(
            user=user,
            bill=bill,
            amount=d["amount"],
            paid_on=d["paid_on"],
            reference=d["reference"],
        ),
        lambda b: (
            "已登记到账" + ("，缴费单已缴清，保障生效" if b.status == BillStatus.PAID else "")
        ),
    )
    if done:
        return redirect("mutual_aid:bill_detail", bill.pk)
    return render(
        request,
        "mutual_aid/bill_detail.html",
        {
            "title": str(bill),
            "bill": bill,
            "form": form,
            "payments": selectors.bill_payments(bill=bill),
        },
    )
