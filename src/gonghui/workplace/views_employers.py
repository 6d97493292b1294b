"""Pages of the 企业台账: the list (search, filters, export, the four department imports), the
per-county 需要推动的企业 counts, an employer's page (its status with the rule's text, its
sources, headcount history and related records), the review queue with its three decisions,
and 企业工作设置 with the budget lines.

Thin: a form in, a service or selector call, a template out (core.web)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from gonghui.core import clock
from gonghui.core.models import Employer, User
from gonghui.core.params import query_year
from gonghui.core.permissions import authorize, can
from gonghui.core.views_list import ListPageView, importers_for
from gonghui.core.web import act, act_on_form, page, submit, user_of
from gonghui.workplace import selectors_employers as selectors
from gonghui.workplace import services_employers as services
from gonghui.workplace import services_settings
from gonghui.workplace.filters_employers import EmployerFilterSet, ReviewFilterSet
from gonghui.workplace.forms_employers import BudgetForm, DecisionForm, RejectForm, SettingForm
from gonghui.workplace.importers_employers import SourceImporter
from gonghui.workplace.models import Budget, MergeReview, ReviewStatus
from gonghui.workplace.rules import NEEDS_ACTION, RULE_TEXT, rule_text, status_of
from gonghui.workplace.selectors_settings import setting_for
from gonghui.workplace.tables_employers import EmployerTable, ReviewTable


def _rules(threshold: int) -> list[tuple[str, str]]:
    return [(str(s.label), rule_text(s, threshold=threshold)) for s in RULE_TEXT]


class EmployerListView(ListPageView):
    title = "企业台账"
    filterset_class = EmployerFilterSet
    table_class = EmployerTable
    template_name = "workplace/employer_list.html"
    view_action = "workplace.employer.view"
    export_action = "workplace.employer.export"

    def filterset(self, request: HttpRequest) -> EmployerFilterSet:
        user = user_of(request)
        return EmployerFilterSet(request.GET, user=user, threshold=self._threshold(user))

    def _threshold(self, user: User) -> int:
        cached = getattr(self, "_threshold_value", None)
        if cached is None:
            cached = self._threshold_value = selectors.threshold_for(user)
        return int(cached)

    def extra_context(self, request: HttpRequest) -> dict[str, Any]:
        user = user_of(request)
        threshold = self._threshold(user)
        return {
            # The four department feeds (their model is the sighting each row records).
            "importers": importers_for(user, SourceImporter.model_label),
            "threshold": threshold,
            "rules": _rules(threshold),
            "pending": selectors.pending_count(user=user),
        }


def _employer(user: User, employer_id: int) -> Employer:
    authorize(user, "workplace.employer.view")
    try:
        return selectors.employer_get(user=user, pk=employer_id)
    except Employer.DoesNotExist:
        raise Http404("找不到该企业，或不在您的管辖范围内") from None


@page()
def employer_detail(request: HttpRequest, user: User, employer_id: int) -> HttpResponse:
    """An employer: its status by the rule with the rule's text, its sources, headcounts."""
    employer = _employer(user, employer_id)
    threshold = selectors.threshold_for(user)
    decision = status_of(employer, threshold=threshold)
    return render(
        request,
        "workplace/employer_detail.html",
        {
            "title": employer.name,
            "employer": employer,
            "decision": decision,
            "threshold": threshold,
            "sightings": selectors.sightings_of(employer),
            "headcounts": selectors.headcounts_of(employer)[:50],
            "reviews": selectors.reviews_naming(user=user, employer=employer),
            "related": selectors.related_of(user=user, employer=employer),
            "may_edit": can(user, "core.employer.change", employer),
        },
    )


@page()
def employer_needs(request: HttpRequest, user: User) -> HttpResponse:
    """需要推动的企业: per county, the employers each status asks the union to act on."""
    authorize(user, "workplace.employer.view")
    threshold = selectors.threshold_for(user)
    rows = selectors.needs_action_by_county(user=user, threshold=threshold)
    totals = {s.value: sum(r.counts.get(s.value, 0) for r in rows) for s in NEEDS_ACTION}
    return render(
        request,
        "workplace/employer_needs.html",
        {
            "title": "需要推动的企业",
            "rows": rows,
            "statuses": [
                (s.value, s.label, rule_text(s, threshold=threshold)) for s in NEEDS_ACTION
            ],
            "totals": totals,
            "total": sum(totals.values()),
            "threshold": threshold,
            "list_url": reverse("workplace:employer_list"),
            "city_id": user.organization_id,
        },
    )


# ---------------------------------------------------------------- 待核对企业


class ReviewListView(ListPageView):
    title = "待核对企业"
    filterset_class = ReviewFilterSet
    table_class = ReviewTable
    template_name = "workplace/review_list.html"
    view_action = "workplace.employer.view"
    export_action = "workplace.employer.export"


def _review(user: User, review_id: int) -> MergeReview:
    authorize(user, "workplace.employer.view")
    try:
        return selectors.review_get(user=user, pk=review_id)
    except MergeReview.DoesNotExist:
        raise Http404("找不到该待核对记录，或不在您的管辖范围内") from None


@page()
def review_detail(request: HttpRequest, user: User, mergereview_id: int) -> HttpResponse:
    """The source's record beside the employer of the same name, and the three decisions."""
    review = _review(user, mergereview_id)
    candidate = None
    try:
        candidate = selectors.employer_get(user=user, pk=review.candidate_id)
    except Employer.DoesNotExist:
        pass  # moved out of the user's area since: shown as such
    threshold = selectors.threshold_for(user)
    data = review.data or {}
    return render(
        request,
        "workplace/review_detail.html",
        {
            "title": f"待核对企业：{review.name}",
            "review": review,
            "data": data,
            "cells": list((data.get("cells") or {}).items()),
            "candidate": candidate,
            "candidate_status": status_of(candidate, threshold=threshold) if candidate else None,
            "candidate_sources": selectors.sightings_of(candidate) if candidate else [],
            "source_label": services.source_label(review.source),
            "pending": review.status == ReviewStatus.PENDING,
            "may_decide": can(user, "workplace.employer.review", review),
            "decision_form": DecisionForm(),
            "reject_form": RejectForm(),
        },
    )


def _merge(request: HttpRequest, user: User, review: MergeReview) -> None:
    act_on_form(
        request,
        DecisionForm(request.POST),
        lambda d: services.review_merge(user=user, review=review, note=d["note"]),
        lambda r: (
            f"已将{services.source_label(r.source)}的“{r.name}”合并到“{r.candidate.name}”，"
            f"作为该单位的{services.source_label(r.source)}来源记录。统一社会信用代码未更改："
            f"仍为{r.candidate.credit_code}，来源中的{r.credit_code}未写入台账"
            "（如台账中的代码有误，请在单位信息中更正）"
        ),
    )


def _separate(request: HttpRequest, user: User, review: MergeReview) -> None:
    act_on_form(
        request,
        DecisionForm(request.POST),
        lambda d: services.review_separate(user=user, review=review, note=d["note"]),
        lambda e: f"已确认为不同单位，新增“{e.name}”（{e.credit_code}）",
    )


def _reject(request: HttpRequest, user: User, review: MergeReview) -> None:
    act_on_form(
        request,
        RejectForm(request.POST),
        lambda d: services.review_reject(user=user, review=review, note=d["note"]),
        "已驳回：该来源记录不进入企业台账，今后导入同一来源的此代码也不再提示",
        invalid="请填写驳回原因",
    )


# The buttons of a review page, posted to reviews/<id>/<action>/: handler by action.
REVIEW_ACTIONS: dict[str, Callable[[HttpRequest, User, MergeReview], None]] = {
    "merge": _merge,
    "separate": _separate,
    "reject": _reject,
}


@page("workplace.employer.review", post=True)
def review_action(
    request: HttpRequest, user: User, mergereview_id: int, action: str
) -> HttpResponse:
    if action not in REVIEW_ACTIONS:
        raise Http404()
    review = _review(user, mergereview_id)
    REVIEW_ACTIONS[action](request, user, review)
    return redirect("workplace:review_detail", review.pk)


# ---------------------------------------------------------------- 企业工作设置


def _settings_page(
    request: HttpRequest, user: User, form: SettingForm, budget_form: BudgetForm, year: int
) -> HttpResponse:
    org = user.organization
    return render(
        request,
        "workplace/settings.html",
        {
            "title": "企业工作设置",
            "year": year,
            "current": setting_for(org, year) if org is not None else None,
            "settings": selectors.settings_in_view(user=user),
            "budgets": selectors.budget_list(user=user),
            "form": form,
            "budget_form": budget_form,
            "may_edit": can(user, "workplace.setting.edit"),
            "rules": _rules(setting_for(org, year).union_threshold) if org else [],
        },
        status=400 if form.errors or budget_form.errors else 200,
    )


def _initial(user: User, year: int) -> dict[str, Any]:
    org = user.organization
    current = setting_for(org, year) if org is not None else None
    if current is None:
        return {"year": year}
    return {
        "year": year,
        "union_threshold": current.union_threshold,
        "site_subsidy": current.site_subsidy,
        "notice_first": current.notice_first,
        "rectify_days": current.rectify_days,
        "hazard_days": current.hazard_days,
    }


def _own_org(user: User) -> Any:
    org = user.organization
    if org is None:
        raise PermissionDenied("您的账号未关联组织，不能修改企业工作设置")
    return org


@page("workplace.setting.edit")
def settings(request: HttpRequest, user: User) -> HttpResponse:
    """The settings in force for the user's organization (a year), those around it, the budget
    lines; officers of a county or the city set their own."""
    authorize(user, "workplace.setting.view")
    year = query_year(request.GET, default=clock.today().year)
    form = SettingForm(request.POST or None, initial=_initial(user, year))
    if request.method == "POST":
        authorize(user, "workplace.setting.edit")
        org = _own_org(user)
        done = submit(
            request,
            form,
            lambda d: services_settings.setting_save(user=user, org=org, **d),
            lambda s: f"已保存{s.org.name}{s.year}年企业工作设置",
        )
        if done:
            return redirect(f"{reverse('workplace:settings')}?year={done.value.year}")
    return _settings_page(request, user, form, BudgetForm(initial={"year": year}), year)


@page("workplace.setting.edit", post=True)
def budget_save(request: HttpRequest, user: User) -> HttpResponse:
    """Add a budget line or change its amount (from the settings page)."""
    org = _own_org(user)
    form = BudgetForm(request.POST)
    done = submit(
        request,
        form,
        lambda d: services_settings.budget_save(user=user, org=org, **d),
        lambda b: f"已保存预算科目“{b.line}”（{b.year}年）",
    )
    if done:
        return redirect(f"{reverse('workplace:settings')}?year={done.value.year}")
    year = clock.today().year
    return _settings_page(request, user, SettingForm(initial=_initial(user, year)), form, year)


@page("workplace.setting.edit", post=True)
def budget_delete(request: HttpRequest, user: User, budget_id: int) -> HttpResponse:
    try:
        budget = selectors.budget_get(user=user, pk=budget_id)
    except Budget.DoesNotExist:
        raise Http404("找不到该预算科目，或不在您的管辖范围内") from None
    act(
        request,
        lambda: services_settings.budget_delete(user=user, budget=budget),
        f"已删除预算科目“{budget.line}”",
    )
    return redirect(f"{reverse('workplace:settings')}?year={budget.year}")


__all__ = [
    "EmployerListView",
    "ReviewListView",
    "budget_delete",
    "budget_save",
    "employer_detail",
    "employer_needs",
    "review_action",
    "review_detail",
    "settings",
]
