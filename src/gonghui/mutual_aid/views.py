# request.user is a User behind @login_required; django-stubs types it as User | AnonymousUser.
# mypy: disable-error-code="arg-type,union-attr,misc"
"""Pages of 职工互助保障: enrollment, bills, claims and their review, payments, progress,
statistics. Thin: forms in, a service or selector call, a template out.

Who may open a page or post to it is the permission table (mutual_aid/permissions.py): each
page asks `authorize` for its view action, each POST route declares its action with
@route_action, and the services check the record again."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.core import clock
from gonghui.core.errors import DomainError
from gonghui.core.exporting import XLSX_TYPE, content_disposition
from gonghui.core.models import Employer, Role
from gonghui.core.params import query_id, query_year
from gonghui.core.permissions import authorize, can, read_only, route_action
from gonghui.core.views_list import ListPageView
from gonghui.mutual_aid import exporters, rules, selectors, services, throttle
from gonghui.mutual_aid.filters import BillFilterSet, ClaimFilterSet, EnrollmentFilterSet
from gonghui.mutual_aid.forms import (
    BankForm,
    BatchEditForm,
    BatchForm,
    BatchRemoveForm,
    BillForm,
    BudgetForm,
    ClaimForm,
    CloseForm,
    EnrollmentCancelForm,
    EnrollmentForm,
    NoteForm,
    PaidForm,
    PayForm,
    PlanForm,
    ProgressForm,
)
from gonghui.mutual_aid.models import (
    AidPlan,
    Claim,
    ClaimDocument,
    ClaimPayment,
    ClaimStatus,
    Contribution,
    Enrollment,
    EnrollmentStatus,
    PaymentBatch,
)
from gonghui.mutual_aid.tables import BillTable, ClaimTable, EnrollmentTable


def _act(request: HttpRequest, fn: Callable[[], Any], ok: str | Callable[[Any], str]) -> Any:
    """Run a service; a DomainError becomes an error message and nothing else happens."""
    try:
        result = fn()
    except DomainError as exc:
        messages.error(request, exc.message)
        return None
    messages.success(request, ok(result) if callable(ok) else ok)
    return result


# ---------------------------------------------------------------- lists


class EnrollmentListView(ListPageView):
    title = "参保登记"
    filterset_class = EnrollmentFilterSet
    table_class = EnrollmentTable
    create_url_name = "mutual_aid:enrollment_new"
    create_label = "登记参保"
    view_action = "mutual_aid.enrollment.view"
    export_action = "mutual_aid.enrollment.export"
    create_action = "mutual_aid.enrollment.create"


class ClaimListView(ListPageView):
    title = "互助金申领"
    filterset_class = ClaimFilterSet
    table_class = ClaimTable
    create_url_name = "mutual_aid:claim_new"
    create_label = "代为申报"
    view_action = "mutual_aid.claim.view"
    export_action = "mutual_aid.claim.export"
    create_action = "mutual_aid.claim.file"


class BillListView(ListPageView):
    title = "费用缴纳"
    filterset_class = BillFilterSet
    table_class = BillTable
    create_url_name = "mutual_aid:bill_new"
    create_label = "开具缴费单"
    view_action = "mutual_aid.contribution.view"
    export_action = "mutual_aid.contribution.export"
    create_action = "mutual_aid.contribution.bill"


def _employer(request: HttpRequest, form: forms.Form, code: str) -> tuple[Employer | None, bool]:
    """The employer of a credit code typed in a form, looked up in the user's subtree only:
    (employer, ok). A code registered elsewhere is refused without saying where."""
    if not code:
        return None, True
    employer = selectors.employer_by_code(user=request.user, code=code)
    if employer is None:
        known = selectors.employer_code_known(code=code)
        form.add_error(
            "credit_code", services.UNIT_ELSEWHERE if known else "没有此统一社会信用代码的用人单位"
        )
        return None, False
    return employer, True


# ---------------------------------------------------------------- enrollment and bills


@login_required
@route_action("mutual_aid.enrollment.create")
def enrollment_new(request: HttpRequest) -> HttpResponse:
    authorize(request.user, "mutual_aid.enrollment.create")
    form = EnrollmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        person = selectors.person_by_id_number(user=request.user, id_number=d["id_number"])
        employer, employer_ok = _employer(request, form, d["credit_code"])
        if person is None:
            form.add_error("id_number", "您的管辖范围内没有此身份证号码的人员，请先登记人员")
        elif employer_ok:
            done = _act(
                request,
                lambda: services.enrollment_create(
                    user=request.user,
                    plan=d["plan"],
                    person=person,
                    payer=d["payer"],
                    employer=employer,
                ),
                lambda e: f"已登记：{e}（待缴费）",
            )
            if done is not None:
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


def _enrollment(request: HttpRequest, enrollment_id: int) -> Enrollment:
    try:
        return selectors.enrollment_get(user=request.user, pk=enrollment_id)
    except Enrollment.DoesNotExist:
        raise Http404("没有这条参保登记，或不在您的管辖范围内") from None


def _may_cancel(enrollment: Enrollment) -> bool:
    return enrollment.status == EnrollmentStatus.ACTIVE or (
        enrollment.status == EnrollmentStatus.PENDING and enrollment.bill_id is None
    )


@login_required
@read_only
def enrollment_detail(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    authorize(request.user, "mutual_aid.enrollment.view")
    enrollment = _enrollment(request, enrollment_id)
    return render(
        request,
        "mutual_aid/enrollment_detail.html",
        {
            "title": f"参保登记：{enrollment.person.name} · {enrollment.plan}",
            "e": enrollment,
            "claims": enrollment.claims.select_related("plan").order_by("-id"),
            "can_cancel": can(request.user, "mutual_aid.enrollment.cancel", enrollment)
            and _may_cancel(enrollment),
        },
    )


@login_required
@route_action("mutual_aid.enrollment.cancel")
def enrollment_cancel(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    """退保, on its own confirmation page: the date cover stops, the reason, a tick to confirm."""
    enrollment = _enrollment(request, enrollment_id)
    authorize(request.user, "mutual_aid.enrollment.cancel", enrollment)
    form = EnrollmentCancelForm(
        request.POST if request.method == "POST" else None, initial={"on": clock.today()}
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.enrollment_cancel(
                user=request.user, enrollment=enrollment, reason=d["reason"], on=d["on"]
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                f"已为{enrollment.person.name}办理退保：“{enrollment.plan}”自{d['on']:%Y-%m-%d}起不再保障",
            )
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


@login_required
@route_action("mutual_aid.contribution.bill")
def bill_new(request: HttpRequest) -> HttpResponse:
    authorize(request.user, "mutual_aid.contribution.bill")
    form = BillForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        employer, employer_ok = _employer(request, form, d["credit_code"])
        if employer_ok:
            bill = _act(
                request,
                lambda: services.contribution_bill(
                    user=request.user,
                    plan=d["plan"],
                    employer=employer,
                    org=request.user.organization,
                ),
                lambda b: f"已开具缴费单：{b.headcount}人，应缴{b.amount_due:.2f}元",
            )
            if bill is not None:
                return redirect("mutual_aid:bill_detail", bill.pk)
    return render(request, "mutual_aid/form.html", {"title": "开具缴费单", "form": form})


@login_required
@route_action("mutual_aid.contribution.pay")
def bill_detail(request: HttpRequest, contribution_id: int) -> HttpResponse:
    authorize(request.user, "mutual_aid.contribution.view")
    bill = selectors.bill_list(user=request.user).filter(pk=contribution_id).first()
    if bill is None:
        raise Http404("没有这张缴费单")
    form = PayForm(request.POST or None, initial={"paid_on": clock.today()})
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            done = _act(
                request,
                lambda: services.contribution_pay(
                    user=request.user,
                    bill=bill,
                    amount=d["amount"],
                    paid_on=d["paid_on"],
                    reference=d["reference"],
                ),
                lambda b: "已登记到账" + ("，缴费单已缴清，保障生效" if b.status == "paid" else ""),
            )
            if done is not None:
                return redirect("mutual_aid:bill_detail", bill.pk)
    return render(
        request,
        "mutual_aid/bill_detail.html",
        {
            "title": str(bill),
            "bill": bill,
            "form": form,
            "payments": bill.payments.order_by("paid_on", "id"),
        },
    )


# ---------------------------------------------------------------- claims


@login_required
@route_action("mutual_aid.claim.file")
def claim_new(request: HttpRequest) -> HttpResponse:
    """申领互助金: 职工本人 for themselves, staff on behalf of a worker (by ID number)."""
    authorize(request.user, "mutual_aid.claim.file")
    member = request.user.role == Role.MEMBER
    form = ClaimForm(request.POST or None, request.FILES or None, member=member)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if member:
            person = request.user.person
        else:
            person = selectors.person_by_id_number(user=request.user, id_number=d["id_number"])
        enrollment = (
            selectors.enrollment_for(person=person, plan=d["plan"]) if person is not None else None
        )
        if person is None:
            form.add_error("id_number" if not member else None, "您的管辖范围内没有此人员")
        elif enrollment is None:
            form.add_error("plan", f"{person.name}未参加“{d['plan']}”")
        elif not can(request.user, "mutual_aid.claim.file", enrollment):
            # Enrolled through a unit registered elsewhere: that organization handles the claim.
            form.add_error("plan", "该参保登记由其他组织办理，不在您的管辖范围内，请由参保单位申报")
        else:
            claim = _act(
                request,
                lambda: services.claim_file(
                    user=request.user,
                    enrollment=enrollment,
                    event_kind=d["event_kind"],
                    event_date=d["event_date"],
                    diagnosis=d["diagnosis"],
                    hospital=d["hospital"],
                    admitted_on=d["admitted_on"],
                    discharged_on=d["discharged_on"],
                    self_paid=d["self_paid"],
                    invoices=d["invoices"],
                    documents=d["documents"],
                    payee_bank=d["payee_bank"],
                    account=d["account"],
                ),
                lambda c: f"已提交申领{c.number}，{c.amount_text}（待审核确定）",
            )
            if claim is not None:
                return redirect("mutual_aid:claim_detail", claim.pk)
    return render(
        request,
        "mutual_aid/form.html",
        {"title": "申领互助金", "form": form, "multipart": True},
    )


def _claim(request: HttpRequest, pk: int) -> Claim:
    try:
        return selectors.claim_get(user=request.user, pk=pk)
    except Claim.DoesNotExist:
        raise Http404("没有这条申领，或不在您的管辖范围内") from None


@login_required
@read_only
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim(request, pk)
    staff = can(request.user, "mutual_aid.claim.view")
    proposals = selectors.linked_benefits(claim=claim) if staff else []
    return render(
        request,
        "mutual_aid/claim_detail.html",
        {
            "title": f"申领{claim.number}",
            "claim": claim,
            "staff": staff,
            "clock": selectors.claim_clock(claim),
            "proposals": proposals,
            "steps": claim.steps.select_related("actor"),
            "invoices": claim.invoices.all(),
            "documents": claim.documents.all(),
            "linked": Claim.objects.filter(linked_to=claim).select_related("plan"),
            "diagnosis": services.claim_reveal_diagnosis(user=request.user, claim=claim),
            "note_form": NoteForm(),
            "bank_open": selectors.claim_bank_open(claim=claim),
        },
    )


@login_required
@route_action("mutual_aid.claim.bank")
@require_POST
def claim_bank(request: HttpRequest, pk: int) -> HttpResponse:
    """填写或更正收款账户 (开户行, 银行账号) of a claim not yet in a payment batch."""
    claim = _claim(request, pk)
    form = BankForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写开户行和银行账号")
    else:
        _act(
            request,
            lambda: services.claim_update_bank(
                claim=claim,
                user=request.user,
                payee_bank=form.cleaned_data["payee_bank"],
                account=form.cleaned_data["account"],
            ),
            "已更新收款账户",
        )
    return redirect("mutual_aid:claim_detail", claim.pk)


@login_required
@route_action("mutual_aid.document.view")
def claim_document(request: HttpRequest, claimdocument_id: int) -> FileResponse:
    """An uploaded document of a claim in scope, shown in the browser under its own name."""
    try:
        document = selectors.claim_document_get(user=request.user, pk=claimdocument_id)
    except ClaimDocument.DoesNotExist:
        raise Http404("没有这份申领材料，或不在您的管辖范围内") from None
    try:
        fileobj = services.claim_document_open(user=request.user, document=document)
    except DomainError:
        raise Http404("没有这份申领材料，或不在您的管辖范围内") from None
    except FileNotFoundError:
        raise Http404("申领材料文件已不存在，请联系系统管理员") from None
    response = FileResponse(fileobj, content_type=document.content_type)
    suffix = document.path.rsplit(".", 1)[-1] if "." in document.path else "bin"
    response["Content-Disposition"] = content_disposition(
        document.name, f"document.{suffix}"
    ).replace("attachment;", "inline;", 1)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# The steps of a claim posted to claims/<pk>/<step>/: (service, message, table action).
ACTIONS: dict[str, tuple[Callable[..., Claim], str, str]] = {
    "accept": (services.claim_accept, "已受理，开始计时", "mutual_aid.claim.accept"),
    "review": (services.claim_review, "审核通过，待复核", "mutual_aid.claim.review"),
    "check": (services.claim_check, "复核通过，已生成支付", "mutual_aid.claim.check"),
    "supplement": (
        services.claim_request_supplement,
        "已通知补充材料，暂停计时",
        "mutual_aid.claim.request_supplement",
    ),
    "resume": (
        services.claim_supplement_done,
        "材料已补充，恢复计时",
        "mutual_aid.claim.supplement_done",
    ),
    "reject": (services.claim_reject, "已作不予给付处理", "mutual_aid.claim.reject"),
}


def _claim_step_action(action: str, **kwargs: Any) -> str:
    """The table action of claims/<pk>/<action>/ (the urls pass the step as a kwarg)."""
    return ACTIONS[action][2] if action in ACTIONS else ""


@login_required
@route_action(_claim_step_action)
@require_POST
def claim_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    claim = _claim(request, pk)
    if action not in ACTIONS:
        raise Http404()
    fn, ok, _key = ACTIONS[action]
    note = request.POST.get("note", "")
    kwargs: dict[str, Any] = {"claim": claim, "user": request.user}
    if action in ("review", "check", "supplement"):
        kwargs["note"] = note
    if action == "reject":
        kwargs["reason"] = note
    if action == "resume":
        kwargs["documents"] = request.FILES.getlist("documents")
    _act(request, lambda: fn(**kwargs), ok)
    return redirect("mutual_aid:claim_detail", claim.pk)


@login_required
@route_action("mutual_aid.claim.link")
@require_POST
def claim_link(request: HttpRequest, pk: int, enrollment_id: int) -> HttpResponse:
    """File the linked claim the platform proposed."""
    claim = _claim(request, pk)
    proposal = next(
        (p for p in selectors.linked_benefits(claim=claim) if p.enrollment.pk == enrollment_id),
        None,
    )
    if proposal is None:
        messages.error(request, "该项目不再符合同一事件的关联申领条件")
        return redirect("mutual_aid:claim_detail", claim.pk)
    linked = _act(
        request,
        lambda: services.claim_file_linked(
            user=request.user, claim=claim, enrollment=proposal.enrollment
        ),
        lambda c: f"已生成关联申领{c.number}（{c.plan.name}），{c.amount_text}（待审核确定）",
    )
    return redirect("mutual_aid:claim_detail", linked.pk if linked else claim.pk)


# ---------------------------------------------------------------- progress


@login_required
@read_only
def mine(request: HttpRequest) -> HttpResponse:
    """职工本人: my cover and my claims, each with its steps."""
    authorize(request.user, "mutual_aid.mine.view")
    return render(
        request,
        "mutual_aid/mine.html",
        {
            "title": "我的互助保障",
            "claims": selectors.member_claims(user=request.user),
            "enrollments": selectors.member_enrollments(user=request.user),
        },
    )


@read_only
def progress(request: HttpRequest) -> HttpResponse:
    """Anyone: a claim number and the matching ID number show its status and nothing else.

    A miss says the same whether the number exists or not; too many misses from one address
    pause the query (throttle.py)."""
    form = ProgressForm(request.GET or None)
    claim = None
    searched = False
    refused = ""
    status = 200
    if request.GET and form.is_valid():
        address = throttle.client_address(request)
        minutes = throttle.blocked_minutes(address)
        if minutes:
            refused, status = throttle.blocked_message(minutes), 429
        else:
            searched = True
            claim = selectors.progress_public(
                number=form.cleaned_data["number"], id_number=form.cleaned_data["id_number"]
            )
            if claim is None and throttle.record_failure(address):
                refused = throttle.blocked_message(rules.PROGRESS_BLOCK_SECONDS // 60)
    return render(
        request,
        "mutual_aid/progress.html",
        {
            "title": "互助金进度查询",
            "form": form,
            "claim": claim,
            "searched": searched,
            "refused": refused,
        },
        status=status,
    )


# ---------------------------------------------------------------- payments


@login_required
@read_only
def payments(request: HttpRequest) -> HttpResponse:
    """The claims waiting for payment (to select into a batch, with their bank details state),
    the batches with their budget line and what remains of it, and the year's budget."""
    authorize(request.user, "mutual_aid.payment.view")
    year = clock.today().year
    batches = list(selectors.payment_batch_list(user=request.user).order_by("-id")[:50])
    budgets = selectors.budget_statuses({(b.budget_year, b.budget_line) for b in batches})
    return render(
        request,
        "mutual_aid/payments.html",
        {
            "title": "互助金支付",
            "pending": selectors.pending_payments(user=request.user),
            "batches": [(b, budgets[(b.budget_year, b.budget_line)]) for b in batches],
            "year": year,
            "budget_line": selectors.budget_default_line(year=year),
            "budget_lines": selectors.budget_lines(year=year),
            "overview": selectors.budget_overview(user=request.user, year=year),
        },
    )


def _batch_lines(summary: services.BatchSummary, budget: selectors.BudgetStatus) -> list[str]:
    after = budget.after(summary.total)
    if not summary.budget_line:  # a batch made before budget lines existed
        line = "预算科目：未填写（请先修改批次，填写预算科目）"
    else:
        line = f"预算科目：{budget.year}年“{summary.budget_line}”"
    lines = [
        f"笔数：{summary.count}笔",
        f"合计金额：{summary.total:.2f}元",
        line,
        f"预算执行：{budget.text}",
    ]
    if after is not None:
        lines.append(
            f"本批次支付后剩余：{after:.2f}元"
            if after >= 0
            else f"本批次支付后将超出预算{-after:.2f}元，请先核实预算安排"
        )
    return lines


@login_required
@route_action("mutual_aid.payment.create")
def batch_new(request: HttpRequest) -> HttpResponse:
    """生成支付批次 in two steps: the selection from the payments page gives a summary (count,
    total, budget line, which claims cannot go in and why); ticking 确认 there makes the batch."""
    authorize(request.user, "mutual_aid.payment.create")
    if request.method != "POST":
        return redirect("mutual_aid:payments")
    form = BatchForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("mutual_aid:payments")
    d = form.cleaned_data
    chosen = selectors.payments_by_ids(user=request.user, ids=d["payment"])
    unknown = len(d["payment"]) - len(chosen)
    refused: list[str] = []
    ready: list[ClaimPayment] = []
    for p in chosen:
        if p.batch_id is not None:
            refused.append(f"申领{p.claim.number}已在支付批次{p.batch.number}中")
        elif p.paid_on is not None:
            refused.append(f"申领{p.claim.number}已支付")
        elif reason := services.bank_refusal(p):
            refused.append(reason + "，请先在申领页面补全收款账户")
        else:
            ready.append(p)
    if unknown:
        refused.append(f"{unknown}条所选记录不存在或不在您的管辖范围内")
    try:
        line = services.clean_budget_line(d["budget_line"])
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("mutual_aid:payments")
    summary = services.BatchSummary(
        count=len(ready), total=sum((p.amount for p in ready), Decimal("0.00")), budget_line=line
    )
    if d["step"] == "confirm":
        if not d["confirm"]:
            form.add_error("confirm", "请勾选确认后再生成支付批次")
        else:
            try:
                batch = services.payment_batch_create(
                    user=request.user,
                    payments=chosen,
                    budget_line=line,
                    budget_year=d["budget_year"],
                    confirmed=form.summary(line),
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request,
                    f"已生成支付批次{batch.number}：{summary.text()}",
                )
                return redirect("mutual_aid:batch_detail", batch.pk)
    confirm_form = BatchForm(
        initial={
            "payment": [p.pk for p in ready],
            "budget_year": d["budget_year"],
            "budget_line": line,
            "step": "confirm",
            "count": summary.count,
            "total": f"{summary.total:.2f}",
        }
    )
    for name in ("budget_year", "budget_line"):
        confirm_form.fields[name].widget = forms.HiddenInput()
    confirm_form.fields["payment"].widget = forms.MultipleHiddenInput()
    budget = selectors.budget_status(year=d["budget_year"], line=line)
    return render(
        request,
        "mutual_aid/batch_confirm.html",
        {
            "title": "确认生成支付批次",
            "form": confirm_form,
            "lines": _batch_lines(summary, budget),
            "ready": ready,
            "refused": refused,
            # The service's answer to the confirmed step, shown above the summary.
            "errors": [e for errors in form.errors.values() for e in errors],
            "submit": "确认生成支付批次",
            "back": reverse("mutual_aid:payments"),
        },
    )


def _batch(request: HttpRequest, pk: int) -> PaymentBatch:
    try:
        return selectors.payment_batch_get(user=request.user, pk=pk)
    except PaymentBatch.DoesNotExist:
        raise Http404("没有这个支付批次，或不在您的管辖范围内") from None


@login_required
@read_only
def batch_detail(request: HttpRequest, paymentbatch_id: int) -> HttpResponse:
    """One batch: its claims with their bank details, its budget line and what remains."""
    authorize(request.user, "mutual_aid.payment.view")
    batch = _batch(request, paymentbatch_id)
    budget = selectors.budget_status(year=batch.budget_year, line=batch.budget_line)
    # An unpaid batch is not in `paid` yet: what would remain once the bank pays it.
    after = budget.after(batch.total) if batch.paid_on is None else None
    return render(
        request,
        "mutual_aid/batch_detail.html",
        {
            "title": f"支付批次{batch.number}",
            "batch": batch,
            "payments": selectors.batch_payments(batch=batch),
            "budget": budget,
            "after": after,
            "overrun": -after if after is not None and after < 0 else None,
        },
    )


@login_required
@route_action("mutual_aid.payment.export")
def batch_export(request: HttpRequest, paymentbatch_id: int) -> FileResponse:
    """The bank sheet: in full for officers (logged), masked for the other roles that may."""
    authorize(request.user, "mutual_aid.payment.export")
    batch = _batch(request, paymentbatch_id)
    full = can(request.user, "mutual_aid.payment.export_full", batch)
    tmp = tempfile.TemporaryFile()
    sheet = exporters.bank_sheet if full else exporters.bank_sheet_masked
    sheet(tmp, batch=batch, user=request.user)
    tmp.seek(0)
    response = FileResponse(tmp, content_type=XLSX_TYPE)
    suffix = "" if full else "_脱敏"
    response["Content-Disposition"] = content_disposition(
        f"互助金支付_{batch.number}{suffix}.xlsx", f"payment_{batch.number}.xlsx"
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@route_action("mutual_aid.payment.mark_paid")
def batch_paid(request: HttpRequest, paymentbatch_id: int) -> HttpResponse:
    """标记已支付, on its own confirmation page: the summary, the bank's payment date and
    voucher number, a tick to confirm."""
    batch = _batch(request, paymentbatch_id)
    authorize(request.user, "mutual_aid.payment.mark_paid", batch)
    if batch.paid_on is not None:
        messages.error(
            request,
            f"批次{batch.number}已于{batch.paid_on:%Y-%m-%d}支付（凭证号{batch.voucher}），已锁定",
        )
        return redirect("mutual_aid:batch_detail", batch.pk)
    payments = list(selectors.batch_payments(batch=batch))
    summary = services.BatchSummary(
        count=len(payments),
        total=sum((p.amount for p in payments), Decimal("0.00")),
        budget_line=batch.budget_line,
    )
    form = PaidForm(
        request.POST if request.method == "POST" else None,
        initial={
            "paid_on": clock.today(),
            "count": summary.count,
            "total": f"{summary.total:.2f}",
            "budget_line": batch.budget_line,
        },
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.payment_batch_mark_paid(
                batch=batch,
                user=request.user,
                paid_on=d["paid_on"],
                voucher=d["voucher"],
                confirmed=form.summary(d["budget_line"]),
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, f"批次{batch.number}已标记支付：{summary.text()}，凭证号{d['voucher']}"
            )
            return redirect("mutual_aid:batch_detail", batch.pk)
    budget = selectors.budget_status(year=batch.budget_year, line=batch.budget_line)
    made = batch.made_on
    return render(
        request,
        "mutual_aid/confirm.html",
        {
            "title": f"标记已支付：批次{batch.number}",
            "form": form,
            "lines": [
                f"批次号：{batch.number}（{made:%Y-%m-%d}生成）",
                *_batch_lines(summary, budget),
                f"支付日期不能晚于今天，也不能早于批次生成日期{made:%Y-%m-%d}；凭证号不能与其他批次重复。",
                "标记后批次锁定：不能再移出申领、修改预算科目或再次标记。",
            ],
            "submit": "确认标记已支付",
            "back": reverse("mutual_aid:batch_detail", args=[batch.pk]),
        },
    )


@login_required
@route_action("mutual_aid.payment.change")
def batch_edit(request: HttpRequest, paymentbatch_id: int) -> HttpResponse:
    """Change the budget line of a batch not yet paid."""
    batch = _batch(request, paymentbatch_id)
    authorize(request.user, "mutual_aid.payment.change", batch)
    form = BatchEditForm(
        request.POST if request.method == "POST" else None,
        initial={
            "budget_year": batch.budget_year or batch.made_on.year,
            "budget_line": batch.budget_line,
        },
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.payment_batch_update(
                batch=batch,
                user=request.user,
                budget_line=d["budget_line"],
                budget_year=d["budget_year"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已修改批次{batch.number}的预算科目")
            return redirect("mutual_aid:batch_detail", batch.pk)
    return render(
        request,
        "mutual_aid/form.html",
        {
            "title": f"修改支付批次：{batch.number}",
            "form": form,
            "note": "已支付的批次锁定，不能修改。",
            "back": reverse("mutual_aid:batch_detail", args=[batch.pk]),
        },
    )


@login_required
@route_action("mutual_aid.payment.change")
@require_POST
def batch_remove(request: HttpRequest, paymentbatch_id: int) -> HttpResponse:
    """移出批次: one claim of an unpaid batch goes back to the waiting list, with the reason."""
    batch = _batch(request, paymentbatch_id)
    form = BatchRemoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写移出批次的原因")
        return redirect("mutual_aid:batch_detail", batch.pk)
    payment = selectors.batch_payments(batch=batch).filter(pk=form.cleaned_data["payment"]).first()
    if payment is None:
        messages.error(request, f"该申领不在批次{batch.number}中")
        return redirect("mutual_aid:batch_detail", batch.pk)
    _act(
        request,
        lambda: services.payment_batch_remove(
            batch=batch, user=request.user, payment=payment, reason=form.cleaned_data["reason"]
        ),
        f"已将申领{payment.claim.number}移出批次{batch.number}，该申领回到待支付名单",
    )
    return redirect("mutual_aid:batch_detail", batch.pk)


@login_required
@route_action("mutual_aid.budget.change")
def budgets(request: HttpRequest) -> HttpResponse:
    """互助金预算: the 市总's budget lines per year and what remains of each."""
    authorize(request.user, "mutual_aid.budget.view")
    year = clock.today().year
    form = BudgetForm(request.POST if request.method == "POST" else None, initial={"year": year})
    if request.method == "POST":
        authorize(request.user, "mutual_aid.budget.change")
        if form.is_valid():
            d = form.cleaned_data
            try:
                budget = services.budget_save(
                    user=request.user, year=d["year"], line=d["line"], amount=d["amount"]
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, f"已保存{budget}的预算")
                return redirect("mutual_aid:budgets")
    years = sorted({year, *selectors.budget_years()}, reverse=True)
    return render(
        request,
        "mutual_aid/budgets.html",
        {
            "title": "互助金预算",
            "form": form,
            "years": [(y, selectors.budget_overview(user=request.user, year=y)) for y in years],
        },
    )


# ---------------------------------------------------------------- statistics


@login_required
@read_only
def stats(request: HttpRequest) -> HttpResponse:
    authorize(request.user, "mutual_aid.stats.view")
    today = clock.today()
    year = query_year(request.GET, default=today.year)
    s = selectors.statistics(user=request.user, year=year)
    charts = {
        "county": {
            "labels": [r["name"] for r in s["by_county"]],
            "values": [r["people"] for r in s["by_county"]],
        },
        "plan": [{"name": r["name"], "value": float(r["amount"] or 0)} for r in s["by_plan"]],
    }
    return render(
        request,
        "mutual_aid/stats.html",
        {
            "title": "互助保障统计",
            "s": s,
            "year": year,
            "years": list(range(today.year, today.year - 5, -1)),
            "ledger": selectors.ledger(user=request.user, year=year),
            "overdue": selectors.overdue_claims(user=request.user)[:50],
            "charts": charts,
        },
    )


@login_required
@route_action("mutual_aid.plan.create")
def plans(request: HttpRequest) -> HttpResponse:
    """保障项目 (everyone signed in reads the terms); POST: 按默认规则生成 a year's plans."""
    authorize(request.user, "mutual_aid.plan.view")
    if request.method == "POST":
        text = request.POST.get("year", "").strip()
        if not (text.isascii() and text.isdigit()) or not 2000 <= int(text) <= 2100:
            messages.error(request, f"年度“{text}”无效")
            return redirect("mutual_aid:plans")
        year = int(text)
        _act(
            request,
            lambda: services.plan_seed(user=request.user, year=year),
            f"已生成{year}年保障项目",
        )
        return redirect("mutual_aid:plans")
    return render(
        request,
        "mutual_aid/plans.html",
        {
            "title": "保障项目",
            "plans": selectors.plan_list(user=request.user).annotate(enrolled=Count("enrollments")),
            "next_year": clock.today().year,
        },
    )


def _plan(request: HttpRequest, aidplan_id: int) -> AidPlan:
    plan = selectors.plan_list(user=request.user).filter(pk=aidplan_id).first()
    if plan is None:
        raise Http404("没有这个保障项目")
    return plan


def _plan_form_page(request: HttpRequest, form: PlanForm, title: str) -> HttpResponse:
    return render(
        request,
        "mutual_aid/form.html",
        {
            "title": title,
            "form": form,
            "note": "保障期内已有参保登记的项目不能再修改规则；如需调整，请停止本期参保并新建下一期。",
            "back": reverse("mutual_aid:plans"),
        },
    )


@login_required
@route_action("mutual_aid.plan.create")
def plan_new(request: HttpRequest) -> HttpResponse:
    """新建保障项目 (optionally the next period of an existing one: ?from=<id>)."""
    authorize(request.user, "mutual_aid.plan.create")
    initial: dict[str, Any] = {"waiting_exempt_renewal": True, "waiting_exempt_accident": True}
    source = query_id(request.GET, "from", label="保障项目")
    if source is not None:
        initial = PlanForm.initial_from(_plan(request, source), next_period=True)
    form = PlanForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(user=request.user, data=form.plan_data())
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已新建保障项目“{plan}”，现已开放参保登记")
            return redirect("mutual_aid:plans")
    return _plan_form_page(request, form, "新建保障项目")


@login_required
@route_action("mutual_aid.plan.change")
def plan_edit(request: HttpRequest, aidplan_id: int) -> HttpResponse:
    plan = _plan(request, aidplan_id)
    authorize(request.user, "mutual_aid.plan.change", plan)
    form = PlanForm(
        request.POST if request.method == "POST" else None, initial=PlanForm.initial_from(plan)
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_update(user=request.user, plan=plan, data=form.plan_data())
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已保存“{plan}”的保障规则")
            return redirect("mutual_aid:plans")
    return _plan_form_page(request, form, f"修改保障项目：{plan}")


@login_required
@route_action("mutual_aid.plan.close")
def plan_close(request: HttpRequest, aidplan_id: int) -> HttpResponse:
    """停止参保, after a confirmation page."""
    plan = _plan(request, aidplan_id)
    authorize(request.user, "mutual_aid.plan.close", plan)
    form = CloseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        done = _act(
            request,
            lambda: services.plan_close(user=request.user, plan=plan),
            f"已停止“{plan}”的参保登记；已参保人员的保障和申领不受影响",
        )
        if done is not None:
            return redirect("mutual_aid:plans")
    return render(
        request,
        "mutual_aid/confirm.html",
        {
            "title": "停止参保",
            "form": form,
            "lines": [
                f"保障项目：{plan}（保障期{plan.period_start:%Y-%m-%d}至{plan.period_end:%Y-%m-%d}）",
                f"已参保{plan.enrollments.count()}条。停止后不能再登记参保；已参保人员在保障期内的保障和申领不受影响。",
            ],
            "submit": "确认停止参保",
            "back": reverse("mutual_aid:plans"),
        },
    )


__all__ = ["ClaimStatus", "Contribution"]
