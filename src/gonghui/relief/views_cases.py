"""Pages of the hardship ledger: the case list, applying (staff for a worker, the worker online),
a case's page with its steps, members, re-checks, 帮扶 records and everything the platform gave
the household, the re-check list, the thresholds, and 我的困难帮扶 for the worker.

Thin: a form in, a service or selector call, a template out (core.web)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from gonghui.core import clock
from gonghui.core.errors import DomainError
from gonghui.core.models import Role, User
from gonghui.core.permissions import authorize, can
from gonghui.core.views_list import ListPageView
from gonghui.core.web import act_on_form, page, show_document, submit
from gonghui.relief import selectors_cases as selectors
from gonghui.relief import services_cases as services
from gonghui.relief import services_rechecks
from gonghui.relief.filters_cases import CaseFilterSet, RecheckFilterSet
from gonghui.relief.forms_cases import (
    AidForm,
    CaseForm,
    ExitForm,
    GenerateForm,
    NoteForm,
    ReasonForm,
    RecheckForm,
    SettingForm,
    member_rows,
    members_of,
    rows_filled,
)
from gonghui.relief.models.cases import Case, CaseDocument, CaseStatus, HouseholdMember, Recheck
from gonghui.relief.tables_cases import CaseTable, RecheckTable


class CaseListView(ListPageView):
    title = "困难职工档案"
    filterset_class = CaseFilterSet
    table_class = CaseTable
    view_action = "relief.case.view"
    export_action = "relief.case.export"
    create_url_name = "relief:case_new"
    create_action = "relief.case.apply"
    create_label = "申请建档"


def _case(user: User, case_id: int) -> Case:
    """A case of the user's subtree (职工本人: their own), else 404."""
    try:
        case = selectors.case_get(user=user, pk=case_id)
    except Case.DoesNotExist:
        raise Http404("找不到该困难职工档案，或不在您的管辖范围内") from None
    if user.role == Role.MEMBER:
        authorize(user, "relief.mine.view", case)
    else:
        authorize(user, "relief.case.view", case)
    return case


def _apply_page(
    request: HttpRequest, form: CaseForm, rows: list[Any], title: str, back: str
) -> HttpResponse:
    return render(
        request,
        "relief/case_form.html",
        {"title": title, "form": form, "rows": rows, "back": back, "multipart": True},
    )


def _applicant(user: User, id_number: str) -> Any:
    person = selectors.person_by_id_number(user=user, id_number=id_number)
    if person is None:
        raise DomainError(
            "您的管辖范围内没有此身份证号码的人员，请先在人员库中登记", column="person"
        )
    return person


@page("relief.case.apply")
def case_new(request: HttpRequest, user: User) -> HttpResponse:
    """申请建档 by a union for a worker of its subtree."""
    if user.role == Role.MEMBER:
        if request.method == "POST":
            raise PermissionDenied("职工本人请在“我的困难帮扶”中网上申请")
        return redirect("relief:mine_apply")
    authorize(user, "relief.case.apply")
    form = CaseForm(request.POST or None, request.FILES or None)
    rows = member_rows(request.POST or None)
    done = submit(
        request,
        form,
        lambda d: services.case_apply(
            user=user,
            person=_applicant(user, d["id_number"]),
            members=members_of(rows),
            documents=d["documents"],
            **form.service_kwargs(),
        ),
        lambda c: f"已提交建档申请{c.number}，待基层审核",
    )
    if done:
        return redirect("relief:case_detail", done.value.pk)
    return _apply_page(request, form, rows, "申请困难职工建档", reverse("relief:case_list"))


@page("relief.case.apply")
def mine_apply(request: HttpRequest, user: User) -> HttpResponse:
    """网上申请 by the worker for their own household."""
    if user.role != Role.MEMBER:
        return redirect("relief:case_new")
    person = user.person
    if person is None:
        raise PermissionDenied("您的账号未关联人员档案，不能网上申请")
    authorize(user, "relief.case.apply", person)
    form = CaseForm(request.POST or None, request.FILES or None, applicant=False)
    rows = member_rows(request.POST or None)
    done = submit(
        request,
        form,
        lambda d: services.case_apply(
            user=user,
            person=person,
            members=members_of(rows),
            documents=d["documents"],
            online=True,
            **form.service_kwargs(),
        ),
        lambda c: f"已提交困难职工建档申请{c.number}，请等待工会审核",
    )
    if done:
        return redirect("relief:mine")
    return _apply_page(request, form, rows, "网上申请困难职工建档", reverse("relief:mine"))


@page("relief.case.change")
def case_edit(request: HttpRequest, user: User, case_id: int) -> HttpResponse:
    """修改申请 before filing; household rows filled in replace the members."""
    case = _case(user, case_id)
    authorize(user, "relief.case.change", case)
    initial = {
        "causes": case.causes,
        "household_size": case.household_size,
        "household_income": case.household_income,
        "accident": case.category == "accident",
        "address": case.address,
        "situation": case.situation,
    }
    form = CaseForm(request.POST or None, initial=initial, applicant=False, uploads=False)
    rows = member_rows(request.POST or None)
    done = submit(
        request,
        form,
        lambda d: services.case_change(
            user=user,
            case=case,
            members=members_of(rows) if rows_filled(rows) else None,
            **form.service_kwargs(),
        ),
        lambda c: f"已修改{c.number}",
    )
    if done:
        return redirect("relief:case_detail", case.pk)
    return render(
        request,
        "relief/case_form.html",
        {
            "title": f"修改建档申请{case.number}",
            "form": form,
            "rows": rows,
            "case": case,
            "members": case.members.all(),
            "back": reverse("relief:case_detail", args=[case.pk]),
        },
    )


@page()
def case_detail(request: HttpRequest, user: User, case_id: int) -> HttpResponse:
    return _detail(request, user, _case(user, case_id))


def _detail(
    request: HttpRequest, user: User, case: Case, revealed: dict[int, str] | None = None
) -> HttpResponse:
    given = selectors.given_to(person=case.person)
    return render(
        request,
        "relief/case_detail.html",
        {
            "title": f"困难职工档案{case.number}",
            "case": case,
            "staff": user.role != Role.MEMBER,
            "steps": case.steps.select_related("actor"),
            "members": [(m, (revealed or {}).get(m.pk, "")) for m in case.members.all()],
            "documents": case.documents.all(),
            "rechecks": case.rechecks.select_related("done_by"),
            "history": selectors.case_history(case=case),
            "given": given,
            "given_total": selectors.given_total(given),
            "today": clock.today(),
            "S": CaseStatus,
            "note_form": NoteForm(),
            "reason_form": ReasonForm(),
            "exit_form": ExitForm(initial={"exited_on": clock.today()}),
            "aid_form": AidForm(user=user, initial={"given_on": clock.today()}),
            "may_approve_self": case.reviewed_by_id != user.pk,
        },
    )


def _review(request: HttpRequest, user: User, case: Case) -> None:
    act_on_form(
        request,
        NoteForm(request.POST),
        lambda d: services.case_review(user=user, case=case, note=d["note"]),
        "基层审核通过，已报县区审批",
    )


def _approve(request: HttpRequest, user: User, case: Case) -> None:
    act_on_form(
        request,
        NoteForm(request.POST),
        lambda d: services.case_approve(user=user, case=case, note=d["note"]),
        lambda c: f"审批通过，{c.number}已建档",
    )


def _reject(request: HttpRequest, user: User, case: Case) -> None:
    act_on_form(
        request,
        ReasonForm(request.POST),
        lambda d: services.case_reject(user=user, case=case, reason=d["reason"]),
        "已作不予建档处理",
        invalid="请填写不予建档的原因",
    )


def _exit(request: HttpRequest, user: User, case: Case) -> None:
    act_on_form(
        request,
        ExitForm(request.POST),
        lambda d: services.case_exit(
            user=user, case=case, reason=d["reason"], exited_on=d["exited_on"]
        ),
        "已办理解困脱困",
    )


def _aid(request: HttpRequest, user: User, case: Case) -> None:
    act_on_form(
        request,
        AidForm(request.POST, user=user),
        lambda d: services_rechecks.aid_create(user=user, case=case, **d),
        "已登记帮扶记录",
    )


# The buttons of a case page, posted to cases/<id>/<action>/: (handler, table action).
CASE_ACTIONS: dict[str, tuple[Callable[[HttpRequest, User, Case], None], str]] = {
    "review": (_review, "relief.case.review"),
    "approve": (_approve, "relief.case.approve"),
    "reject": (_reject, "relief.case.reject"),
    "exit": (_exit, "relief.case.exit"),
    "aid": (_aid, "relief.aid.create"),
}


def _case_action_key(action: str, **kwargs: Any) -> str:
    return CASE_ACTIONS[action][1] if action in CASE_ACTIONS else ""


@page(_case_action_key, post=True)
def case_action(request: HttpRequest, user: User, case_id: int, action: str) -> HttpResponse:
    if action not in CASE_ACTIONS:
        raise Http404()
    case = _case(user, case_id)
    CASE_ACTIONS[action][0](request, user, case)
    return redirect("relief:case_detail", case.pk)


@page("relief.case.reveal", post=True)
def member_reveal(request: HttpRequest, user: User, householdmember_id: int) -> HttpResponse:
    """A household member's full ID number (htmx swap), logged."""
    try:
        member = selectors.member_get(user=user, pk=householdmember_id)
    except HouseholdMember.DoesNotExist:
        raise Http404("找不到该家庭成员，或不在您的管辖范围内") from None
    number = services.member_reveal(user=user, member=member)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "relief/_member_id.html", {"m": member, "full": number})
    return _detail(request, user, member.case, revealed={member.pk: number})


@page()
def case_document(request: HttpRequest, user: User, casedocument_id: int) -> HttpResponse:
    """An uploaded application document of a case in scope, shown in the browser."""
    try:
        document = selectors.case_document_get(user=user, pk=casedocument_id)
        if user.role == Role.MEMBER:
            fileobj = services.my_document_open(user=user, document=document)
        else:
            fileobj = services.case_document_open(user=user, document=document)
    except CaseDocument.DoesNotExist:
        raise Http404("没有这份申请材料，或不在您的管辖范围内") from None
    except FileNotFoundError:
        raise Http404("申请材料文件已不存在，请联系系统管理员") from None
    return cast(HttpResponse, show_document(fileobj, path=document.path, name=document.name))


# ---------------------------------------------------------------- 年度复核


class RecheckListView(ListPageView):
    title = "年度复核"
    filterset_class = RecheckFilterSet
    table_class = RecheckTable
    template_name = "relief/recheck_list.html"
    view_action = "relief.case.view"
    export_action = "relief.case.export"

    def extra_context(self, request: HttpRequest) -> dict[str, Any]:
        return {
            "generate_form": GenerateForm(initial={"year": clock.today().year}),
            "may_generate": can(request.user, "relief.case.recheck"),
        }


@page("relief.case.recheck", post=True)
def recheck_generate(request: HttpRequest, user: User) -> HttpResponse:
    act_on_form(
        request,
        GenerateForm(request.POST),
        lambda d: services_rechecks.rechecks_generate(user=user, year=d["year"]),
        str,
        invalid="请填写2000到2100之间的年度",
    )
    return redirect("relief:recheck_list")


@page("relief.case.recheck")
def recheck_complete(request: HttpRequest, user: User, recheck_id: int) -> HttpResponse:
    """办理年度复核: the conclusion, the income per head now, a note."""
    try:
        recheck = selectors.recheck_get(user=user, pk=recheck_id)
    except Recheck.DoesNotExist:
        raise Http404("找不到该复核任务，或不在您的管辖范围内") from None
    authorize(user, "relief.case.view", recheck)
    form = RecheckForm(
        request.POST or None,
        initial={"income_per_head": recheck.case.income_per_head, "done_on": clock.today()},
    )
    done = submit(
        request,
        form,
        lambda d: services_rechecks.recheck_complete(
            user=user,
            recheck=recheck,
            result=d["result"],
            income_per_head=d["income_per_head"],
            note=d["note"],
            done_on=d["done_on"],
        ),
        lambda r: f"已完成{r.case.number}的{r.year}年复核（{r.get_result_display()}）",
    )
    if done:
        return redirect("relief:case_detail", recheck.case_id)
    return render(
        request,
        "relief/recheck_form.html",
        {"title": f"年度复核·{recheck.case.number}", "recheck": recheck, "form": form},
    )


# ---------------------------------------------------------------- 困难认定标准


@page("relief.setting.change")
def settings(request: HttpRequest, user: User) -> HttpResponse:
    """The thresholds in force for the user's organization, the settings of their subtree and
    of the organizations above, and (for county and city officers) the form to set their own."""
    authorize(user, "relief.setting.view")
    year = clock.today().year
    form = SettingForm(request.POST or None, initial={"year": year})
    if request.method == "POST":
        authorize(user, "relief.setting.change")
        own = user.organization
        if own is None:
            raise PermissionDenied("您的账号未关联组织，不能设置困难认定标准")
        done = submit(
            request,
            form,
            lambda d: services.setting_save(user=user, org=own, **d),
            lambda s: f"已保存{s}",
        )
        if done:
            return redirect("relief:settings")
    org = user.organization
    return render(
        request,
        "relief/setting_list.html",
        {
            "title": "困难认定标准",
            "year": year,
            "current": selectors.setting_for(org, year) if org is not None else None,
            "settings": selectors.setting_list(user=user),
            "form": form,
            "may_change": can(user, "relief.setting.change"),
        },
    )


# ---------------------------------------------------------------- 我的困难帮扶


@page()
def mine(request: HttpRequest, user: User) -> HttpResponse:
    """The worker's own cases (status, steps, re-check dates) and what they received."""
    authorize(user, "relief.mine.view")
    cases = list(selectors.my_cases(user=user))
    given = selectors.given_to(person=user.person) if user.person is not None else []
    if user.person is None:
        messages.info(request, "您的账号未关联人员档案，请联系所在工会")
    return render(
        request,
        "relief/mine.html",
        {
            "title": "我的困难帮扶",
            "cases": cases,
            "open_case": next((c for c in cases if c.is_open), None),
            "given": given,
            "given_total": selectors.given_total(given),
            "today": clock.today(),
        },
    )
