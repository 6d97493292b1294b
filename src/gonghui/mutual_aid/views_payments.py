"""Pages of 互助金支付: the waiting claims, making a payment batch (with its confirmation; also
from the claims checked on the claim list), the batch page, the bank sheet, 标记已支付, and the
市总's budget lines (互助金预算)."""

from __future__ import annotations

import tempfile

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.core import clock
from gonghui.core.exporting import XLSX_TYPE
from gonghui.core.models import User
from gonghui.core.permissions import authorize, can, read_only, route_action
from gonghui.core.templatetags.gonghui_ui import yuan
from gonghui.core.views_list import batch_return, selected_ids
from gonghui.core.web import act, download, submit, user_of
from gonghui.mutual_aid import exporters, selectors, services, services_payments
from gonghui.mutual_aid.forms import (
    BatchEditForm,
    BatchForm,
    BatchRemoveForm,
    BudgetForm,
    PaidForm,
)
from gonghui.mutual_aid.models import ClaimPayment, PaymentBatch


@login_required
@read_only
def payments(request: HttpRequest) -> HttpResponse:
    """The claims waiting for payment (to select into a batch, with their bank details state),
    the batches with their budget line and what remains of it, and the year's budget."""
    user = user_of(request)
    authorize(user, "mutual_aid.payment.view")
    year = clock.today().year
    batches = list(selectors.payment_batch_list(user=user).order_by("-id")[:50])
    budgets = selectors.budget_statuses({(b.budget_year, b.budget_line) for b in batches})
    return render(
        request,
        "mutual_aid/payments.html",
        {
            "title": "互助金支付",
            "pending": selectors.pending_payments(user=user),
            "batches": [(b, budgets[(b.budget_year, b.budget_line)]) for b in batches],
            "year": year,
            "budget_line": selectors.budget_default_line(year=year),
            "budget_lines": selectors.budget_lines(year=year),
            "overview": selectors.budget_overview(user=user, year=year),
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
        f"合计金额：{yuan(summary.total)}",
        line,
        f"预算执行：{budget.text}",
    ]
    if after is not None:
        lines.append(
            f"本批次支付后剩余：{yuan(after)}"
            if after >= 0
            else f"本批次支付后将超出预算{yuan(-after)}，请先核实预算安排"
        )
    return lines


def _sort_out(chosen: list[ClaimPayment]) -> tuple[list[ClaimPayment], list[str]]:
    """The chosen payments that can go into a batch, and why each other one cannot."""
    refused: list[str] = []
    ready: list[ClaimPayment] = []
    for p in chosen:
        if p.batch is not None:
            refused.append(f"申领{p.claim.number}已在支付批次{p.batch.number}中")
        elif p.paid_on is not None:
            refused.append(f"申领{p.claim.number}已支付")
        elif reason := services.bank_refusal(p):
            refused.append(reason + "，请先在申领页面补全收款账户")
        else:
            ready.append(p)
    return ready, refused


def _confirmation(
    request: HttpRequest,
    *,
    ready: list[ClaimPayment],
    refused: list[str],
    budget_year: int,
    line: str,
    errors: list[str],
    back: str,
) -> HttpResponse:
    """The confirmation step of 生成支付批次: count, total and budget line of the ready claims,
    the ones left out and why; its form posts them to batch_new with 确认 ticked (another budget
    line posted from it shows the summary again)."""
    summary = services.BatchSummary.of(ready, line)
    confirm_form = BatchForm(
        initial={
            "payment": [p.pk for p in ready],
            "budget_year": budget_year,
            "budget_line": line,
            "step": "confirm",
            "count": summary.count,
            "total": f"{summary.total:.2f}",
        }
    )
    for name in ("budget_year", "budget_line"):
        confirm_form.fields[name].widget = forms.HiddenInput()
    confirm_form.fields["payment"].widget = forms.MultipleHiddenInput()
    budget = selectors.budget_status(year=budget_year, line=line)
    return render(
        request,
        "mutual_aid/batch_confirm.html",
        {
            "title": "确认生成支付批次",
            "form": confirm_form,
            "lines": _batch_lines(summary, budget) if line else [],
            "ready": ready,
            "refused": refused,
            # The service's answer to the confirmed step, shown above the summary.
            "errors": errors,
            "budget_year": budget_year,
            "budget_line": line,
            "budget_lines": selectors.budget_lines(year=budget_year),
            "submit": "确认生成支付批次",
            "back": back,
        },
    )


@login_required
@route_action("mutual_aid.payment.create")
def batch_new(request: HttpRequest) -> HttpResponse:
    """生成支付批次 in two steps: the selection from the payments page gives a summary (count,
    total, budget line, which claims cannot go in and why); ticking 确认 there makes the batch."""
    user = user_of(request)
    authorize(user, "mutual_aid.payment.create")
    if request.method != "POST":
        return redirect("mutual_aid:payments")
    form = BatchForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("mutual_aid:payments")
    d = form.cleaned_data
    chosen = selectors.payments_by_ids(user=user, ids=d["payment"])
    unknown = len(d["payment"]) - len(chosen)
    ready, refused = _sort_out(chosen)
    if unknown:
        refused.append(f"{unknown}条所选记录不存在或不在您的管辖范围内")
    cleaned = act(request, lambda: services.clean_budget_line(d["budget_line"]))
    if not cleaned:
        return redirect("mutual_aid:payments")
    line: str = cleaned.value
    summary = services.BatchSummary.of(ready, line)
    if d["step"] == "confirm":
        if not d["confirm"]:
            form.add_error("confirm", "请勾选确认后再生成支付批次")
        else:
            done = submit(
                request,
                form,
                lambda d: services.payment_batch_create(
                    user=user,
                    payments=chosen,
                    budget_line=line,
                    budget_year=d["budget_year"],
                    confirmed=form.summary(line),
                ),
                lambda batch: f"已生成支付批次{batch.number}：{summary.text()}",
            )
            if done:
                return redirect("mutual_aid:batch_detail", done.value.pk)
    return _confirmation(
        request,
        ready=ready,
        refused=refused,
        budget_year=d["budget_year"],
        line=line,
        errors=[str(e) for errors in form.errors.values() for e in errors],
        back=reverse("mutual_aid:payments"),
    )


@login_required
@route_action("mutual_aid.payment.create")
@require_POST
def batch_from_claims(request: HttpRequest) -> HttpResponse:
    """纳入支付批次, the claim list's batch button: the checked claims (all in scope and waiting
    for payment, or the list says which are not and nothing happens) lead to the confirmation
    of 生成支付批次 with the year's first budget line; nothing is made before it is confirmed."""
    user = user_of(request)
    back = batch_return(request, "mutual_aid:claim_list")
    ids = selected_ids(request)
    found = act(request, lambda: services_payments.claim_payments_waiting(user=user, claim_ids=ids))
    if not found:
        return redirect(back)
    ready, refused = _sort_out(found.value)
    year = clock.today().year
    line = selectors.budget_default_line(year=year)
    missing = f"{year}年尚未设置预算科目：请在下方填写预算科目，重新核对后再确认"
    return _confirmation(
        request,
        ready=ready,
        refused=refused,
        budget_year=year,
        line=line,
        errors=[] if line else [missing],
        back=back,
    )


def _batch(user: User, pk: int) -> PaymentBatch:
    return get_object_or_404(selectors.payment_batch_list(user=user), pk=pk)


@login_required
@read_only
def batch_detail(request: HttpRequest, paymentbatch_id: int) -> HttpResponse:
    """One batch: its claims with their bank details, its budget line and what remains."""
    user = user_of(request)
    authorize(user, "mutual_aid.payment.view")
    batch = _batch(user, paymentbatch_id)
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
    user = user_of(request)
    authorize(user, "mutual_aid.payment.export")
    batch = _batch(user, paymentbatch_id)
    full = can(user, "mutual_aid.payment.export_full", batch)
    tmp = tempfile.TemporaryFile()
    sheet = exporters.bank_sheet if full else exporters.bank_sheet_masked
    sheet(tmp, batch=batch, user=user)
    tmp.seek(0)
    suffix = "" if full else "_脱敏"
    return download(
        tmp,
        filename=f"互助金支付_{batch.number}{suffix}.xlsx",
        fallback=f"payment_{batch.number}.xlsx",
        content_type=XLSX_TYPE,
    )


@login_required
@route_action("mutual_aid.payment.mark_paid")
def batch_paid(request: HttpRequest, paymentbatch_id: int) -> HttpResponse:
    """标记已支付, on its own confirmation page: the summary, the bank's payment date and
    voucher number, a tick to confirm."""
    user = user_of(request)
    batch = _batch(user, paymentbatch_id)
    authorize(user, "mutual_aid.payment.mark_paid", batch)
    if batch.paid_on is not None:
        messages.error(
            request,
            f"批次{batch.number}已于{batch.paid_on:%Y-%m-%d}支付（凭证号{batch.voucher}），已锁定",
        )
        return redirect("mutual_aid:batch_detail", batch.pk)
    summary = services.BatchSummary.of(
        list(selectors.batch_payments(batch=batch)), batch.budget_line
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
    done = submit(
        request,
        form,
        lambda d: services.payment_batch_mark_paid(
            batch=batch,
            user=user,
            paid_on=d["paid_on"],
            voucher=d["voucher"],
            confirmed=form.summary(d["budget_line"]),
        ),
        lambda b: f"批次{b.number}已标记支付：{summary.text()}，凭证号{b.voucher}",
    )
    if done:
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
    user = user_of(request)
    batch = _batch(user, paymentbatch_id)
    authorize(user, "mutual_aid.payment.change", batch)
    form = BatchEditForm(
        request.POST if request.method == "POST" else None,
        initial={
            "budget_year": batch.budget_year or batch.made_on.year,
            "budget_line": batch.budget_line,
        },
    )
    done = submit(
        request,
        form,
        lambda d: services.payment_batch_update(
            batch=batch,
            user=user,
            budget_line=d["budget_line"],
            budget_year=d["budget_year"],
        ),
        f"已修改批次{batch.number}的预算科目",
    )
    if done:
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
    user = user_of(request)
    batch = _batch(user, paymentbatch_id)
    form = BatchRemoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写移出批次的原因")
        return redirect("mutual_aid:batch_detail", batch.pk)
    payment = selectors.batch_payments(batch=batch).filter(pk=form.cleaned_data["payment"]).first()
    if payment is None:
        messages.error(request, f"该申领不在批次{batch.number}中")
        return redirect("mutual_aid:batch_detail", batch.pk)
    act(
        request,
        lambda: services.payment_batch_remove(
            batch=batch, user=user, payment=payment, reason=form.cleaned_data["reason"]
        ),
        f"已将申领{payment.claim.number}移出批次{batch.number}，该申领回到待支付名单",
    )
    return redirect("mutual_aid:batch_detail", batch.pk)


@login_required
@route_action("mutual_aid.budget.change")
def budgets(request: HttpRequest) -> HttpResponse:
    """互助金预算: the 市总's budget lines per year and what remains of each."""
    user = user_of(request)
    authorize(user, "mutual_aid.budget.view")
    year = clock.today().year
    form = BudgetForm(request.POST if request.method == "POST" else None, initial={"year": year})
    if request.method == "POST":
        authorize(user, "mutual_aid.budget.change")
    done = submit(
        request,
        form,
        lambda d: services.budget_save(
            user=user, year=d["year"], line=d["line"], amount=d["amount"]
        ),
        lambda budget: f"已保存{budget}的预算",
    )
    if done:
        return redirect("mutual_aid:budgets")
    years = sorted({year, *selectors.budget_years()}, reverse=True)
    return render(
        request,
        "mutual_aid/budgets.html",
        {
            "title": "互助金预算",
            "form": form,
            "years": [(y, selectors.budget_overview(user=user, year=y)) for y in years],
        },
    )
