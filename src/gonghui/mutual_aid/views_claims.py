"""Pages of 互助金申领: the list, filing (职工本人 or staff on their behalf), the claim page with
its steps (受理, 审核, 复核 …), documents, linked claims, and the member's own pages (我的互助保障,
进度查询)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gonghui.core.errors import DomainError
from gonghui.core.models import Role, User
from gonghui.core.permissions import authorize, can, read_only, route_action
from gonghui.core.views_list import BatchAction, ListPageView
from gonghui.core.web import act, act_on_form, show_document, submit, user_of
from gonghui.mutual_aid import rules, selectors, services, throttle
from gonghui.mutual_aid.filters import ClaimFilterSet
from gonghui.mutual_aid.forms import BankForm, ClaimForm, NoteForm, ProgressForm
from gonghui.mutual_aid.models import Claim, ClaimDocument, Enrollment
from gonghui.mutual_aid.tables import ClaimTable
from gonghui.mutual_aid.views_enrollments import person_in_scope


class ClaimListView(ListPageView):
    title = "互助金申领"
    filterset_class = ClaimFilterSet
    table_class = ClaimTable
    create_url_name = "mutual_aid:claim_new"
    create_label = "代为申报"
    view_action = "mutual_aid.claim.view"
    export_action = "mutual_aid.claim.export"
    create_action = "mutual_aid.claim.file"
    # The checked claims waiting for payment go to the confirmation of 生成支付批次 (views_payments).
    batch_actions = [
        BatchAction(
            "纳入支付批次…",
            "mutual_aid:batch_from_claims",
            "mutual_aid.payment.create",
            confirm="将所选申领纳入新的支付批次？下一步核对笔数、合计金额和预算科目后确认",
        )
    ]


def _enrollment_to_claim(user: User, d: dict[str, Any]) -> Enrollment:
    """The enrollment a claim is filed under: the member's own, or, for staff, that of the
    person whose ID number was typed, when the enrollment is handled in the user's subtree."""
    if user.role == Role.MEMBER:
        person = user.person
        if person is None:
            raise DomainError("您的管辖范围内没有此人员")
    else:
        person = person_in_scope(user, d["id_number"])
    enrollment = selectors.enrollment_for(person=person, plan=d["plan"])
    if enrollment is None:
        raise DomainError(f"{person.name}未参加“{d['plan']}”", column="plan")
    if not can(user, "mutual_aid.claim.file", enrollment):
        # Enrolled through a unit registered elsewhere: that organization handles the claim.
        raise DomainError(
            "该参保登记由其他组织办理，不在您的管辖范围内，请由参保单位申报", column="plan"
        )
    return enrollment


@login_required
@route_action("mutual_aid.claim.file")
def claim_new(request: HttpRequest) -> HttpResponse:
    """申领互助金: 职工本人 for themselves, staff on behalf of a worker (by ID number)."""
    user = user_of(request)
    authorize(user, "mutual_aid.claim.file")
    form = ClaimForm(request.POST or None, request.FILES or None, member=user.role == Role.MEMBER)
    done = submit(
        request,
        form,
        lambda d: services.claim_file(
            user=user,
            enrollment=_enrollment_to_claim(user, d),
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
    if done:
        return redirect("mutual_aid:claim_detail", done.value.pk)
    return render(
        request,
        "mutual_aid/form.html",
        {"title": "申领互助金", "form": form, "multipart": True},
    )


def _claim(user: User, pk: int) -> Claim:
    return get_object_or_404(selectors.claim_list(user=user), pk=pk)


@login_required
@read_only
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    claim = _claim(user, pk)
    staff = can(user, "mutual_aid.claim.view")
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
            "linked": selectors.linked_claims(claim=claim),
            "diagnosis": services.claim_reveal_diagnosis(user=user, claim=claim),
            "note_form": NoteForm(),
            "bank_open": selectors.claim_bank_open(claim=claim),
        },
    )


@login_required
@route_action("mutual_aid.claim.bank")
@require_POST
def claim_bank(request: HttpRequest, pk: int) -> HttpResponse:
    """填写或更正收款账户 (开户行, 银行账号) of a claim not yet in a payment batch."""
    user = user_of(request)
    claim = _claim(user, pk)
    act_on_form(
        request,
        BankForm(request.POST),
        lambda d: services.claim_update_bank(
            claim=claim, user=user, payee_bank=d["payee_bank"], account=d["account"]
        ),
        "已更新收款账户",
        invalid="请填写开户行和银行账号",
    )
    return redirect("mutual_aid:claim_detail", claim.pk)


@login_required
@route_action("mutual_aid.document.view")
def claim_document(request: HttpRequest, claimdocument_id: int) -> FileResponse:
    """An uploaded document of a claim in scope, shown in the browser under its own name."""
    user = user_of(request)
    try:
        document = selectors.claim_document_get(user=user, pk=claimdocument_id)
        fileobj = services.claim_document_open(user=user, document=document)
    except (ClaimDocument.DoesNotExist, DomainError):
        raise Http404("没有这份申领材料，或不在您的管辖范围内") from None
    except FileNotFoundError:
        raise Http404("申领材料文件已不存在，请联系系统管理员") from None
    return show_document(fileobj, path=document.path, name=document.name)


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
    user = user_of(request)
    claim = _claim(user, pk)
    if action not in ACTIONS:
        raise Http404()
    fn, ok, _key = ACTIONS[action]
    note = request.POST.get("note", "")
    kwargs: dict[str, Any] = {"claim": claim, "user": user}
    if action in ("review", "check", "supplement"):
        kwargs["note"] = note
    if action == "reject":
        kwargs["reason"] = note
    if action == "resume":
        kwargs["documents"] = request.FILES.getlist("documents")
    act(request, lambda: fn(**kwargs), ok)
    return redirect("mutual_aid:claim_detail", claim.pk)


@login_required
@route_action("mutual_aid.claim.link")
@require_POST
def claim_link(request: HttpRequest, pk: int, enrollment_id: int) -> HttpResponse:
    """File the linked claim the platform proposed."""
    user = user_of(request)
    claim = _claim(user, pk)
    proposal = next(
        (p for p in selectors.linked_benefits(claim=claim) if p.enrollment.pk == enrollment_id),
        None,
    )
    if proposal is None:
        messages.error(request, "该项目不再符合同一事件的关联申领条件")
        return redirect("mutual_aid:claim_detail", claim.pk)
    linked = act(
        request,
        lambda: services.claim_file_linked(user=user, claim=claim, enrollment=proposal.enrollment),
        lambda c: f"已生成关联申领{c.number}（{c.plan.name}），{c.amount_text}（待审核确定）",
    )
    return redirect("mutual_aid:claim_detail", linked.value.pk if linked else claim.pk)


# ---------------------------------------------------------------- the member's pages


@login_required
@read_only
def mine(request: HttpRequest) -> HttpResponse:
    """职工本人: my cover and my claims, each with its steps."""
    user = user_of(request)
    authorize(user, "mutual_aid.mine.view")
    return render(
        request,
        "mutual_aid/mine.html",
        {
            "title": "我的互助保障",
            "claims": selectors.member_claims(user=user),
            "enrollments": selectors.member_enrollments(user=user),
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
