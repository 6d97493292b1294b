"""Pages of 一函两书: the list, issuing a letter (a 意见书/建议书 from its 提示函's page), the
letter's page with its chain, reply, rectification and recoveries, and its PDF."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from gonghui.core import clock, workdays
from gonghui.core.models import User
from gonghui.core.params import query_id
from gonghui.core.permissions import authorize
from gonghui.core.views_list import ListPageView
from gonghui.core.web import act_on_form, download_or_back, page, submit
from gonghui.workplace import selectors_letters as selectors
from gonghui.workplace import selectors_lookup as lookup
from gonghui.workplace import services_letters as services
from gonghui.workplace.exporters_letters import letter_pdf as make_pdf
from gonghui.workplace.filters_letters import LetterFilterSet
from gonghui.workplace.forms_letters import (
    LetterForm,
    RecoveryForm,
    RectifiedForm,
    ReplyForm,
    UnrectifiedForm,
)
from gonghui.workplace.models import Letter, LetterKind, LetterStatus
from gonghui.workplace.selectors_settings import setting_for
from gonghui.workplace.tables_letters import LetterTable


class LetterListView(ListPageView):
    title = "一函两书"
    filterset_class = LetterFilterSet
    table_class = LetterTable
    view_action = "workplace.letter.view"
    export_action = "workplace.letter.export"
    create_url_name = "workplace:letter_create"
    create_action = "workplace.letter.issue"
    create_label = "发出提示函"


def _letter(user: User, pk: int) -> Letter:
    authorize(user, "workplace.letter.view")
    try:
        letter = selectors.letter_get(user=user, pk=pk)
    except Letter.DoesNotExist:
        raise Http404("找不到该文书，或不在您的管辖范围内") from None
    authorize(user, "workplace.letter.view", letter)
    return letter


def _initial(request: HttpRequest, user: User) -> dict[str, Any]:
    """A 意见书/建议书 started from its 提示函's page: the notice, its employer and violation."""
    kind = request.GET.get("kind", "")
    initial: dict[str, Any] = {"kind": kind if kind in LetterKind.values else LetterKind.NOTICE}
    pk = query_id(request.GET, "follows", label="前序提示函")
    if pk is not None:
        notice = selectors.notices_open(user=user).filter(pk=pk).first()
        if notice is not None:
            initial.update(
                follows=notice.pk,
                employer=notice.employer.credit_code,
                violation=notice.violation,
                arrears_claimed=notice.arrears_claimed,
                workers_involved=notice.workers_involved,
            )
    return initial


@page("workplace.letter.issue")
def letter_create(request: HttpRequest, user: User) -> HttpResponse:
    """发出提示函、意见书或建议书."""
    authorize(user, "workplace.letter.issue")
    form = LetterForm(request.POST or None, user=user, initial=_initial(request, user))

    def issue(d: dict[str, Any]) -> Letter:
        follows = d["follows"]
        if d["employer"].strip() or follows is None:
            employer = lookup.employer_find(user=user, text=d["employer"])
        else:
            employer = follows.employer
        return services.letter_issue(
            user=user,
            kind=d["kind"],
            employer=employer,
            violation=d["violation"],
            facts=d["facts"],
            demand=d["demand"],
            follows=follows,
            issued_on=d["issued_on"],
            deadline=d["deadline"],
            arrears_claimed=d["arrears_claimed"],
            workers_involved=d["workers_involved"],
        )

    done = submit(request, form, issue, lambda x: f"已发出{x.get_kind_display()}{x.number}")
    if done:
        return redirect("workplace:letter_detail", done.value.pk)
    org = user.organization
    assert org is not None
    setting = setting_for(org, clock.today().year)
    form.fields[
        "deadline"
    ].help_text = (
        f"留空则为发函日期后{setting.rectify_days}个工作日（按企业工作设置）；不能早于发函日期"
    )
    return render(
        request,
        "workplace/letter_form.html",
        {
            "title": "发出一函两书",
            "form": form,
            "setting": setting,
            "back": reverse("workplace:letter_list"),
        },
    )


@page()
def letter_detail(request: HttpRequest, user: User, letter_id: int) -> HttpResponse:
    letter = _letter(user, letter_id)
    recoveries, totals = selectors.letter_recoveries(letter=letter)
    today = clock.today()
    waiting = letter.status in (LetterStatus.ISSUED, LetterStatus.REPLIED)
    return render(
        request,
        "workplace/letter_detail.html",
        {
            "title": f"{letter.get_kind_display()} {letter.number}",
            "letter": letter,
            "chain": selectors.letter_chain(user=user, letter=letter),
            "recoveries": recoveries,
            "totals": totals,
            "today": today,
            "waiting": waiting,
            "overdue": waiting and today > letter.deadline,
            "estimated": workdays.estimated(letter.issued_on, letter.deadline),
            "may_follow": letter.kind == LetterKind.NOTICE
            and letter.status != LetterStatus.RECTIFIED,
            "reply_form": ReplyForm(initial={"replied_on": today}),
            "rectified_form": RectifiedForm(initial={"rectified_on": today}),
            "unrectified_form": UnrectifiedForm(),
            "recovery_form": RecoveryForm(initial={"recovered_on": today}),
        },
    )


# The buttons of a letter's page: letters/<id>/<action>/, one table action each.
LETTER_ACTIONS = {
    "reply": "workplace.letter.track",
    "rectified": "workplace.letter.track",
    "unrectified": "workplace.letter.track",
    "recovery": "workplace.letter.track",
}


def _recovery(request: HttpRequest, user: User, letter: Letter) -> None:
    def record(d: dict[str, Any]) -> Any:
        person = None
        if d["id_number"].strip():
            person = selectors.person_by_id_number(user=user, id_number=d["id_number"])
        return services.recovery_record(
            user=user,
            letter=letter,
            worker_name=d["worker_name"],
            person=person,
            claimed=d["claimed"],
            recovered=d["recovered"],
            recovered_on=d["recovered_on"],
        )

    act_on_form(
        request,
        RecoveryForm(request.POST),
        record,
        lambda r: f"已登记{r.worker_name}追回欠薪",
        invalid="请填写被拖欠金额、追回金额和追回日期",
    )


@page(lambda action, **kw: LETTER_ACTIONS[action], post=True)
def letter_action(request: HttpRequest, user: User, letter_id: int, action: str) -> HttpResponse:
    letter = _letter(user, letter_id)
    if action == "reply":
        act_on_form(
            request,
            ReplyForm(request.POST),
            lambda d: services.letter_reply(
                user=user, letter=letter, replied_on=d["replied_on"], reply=d["reply"]
            ),
            "已登记单位回复",
            invalid="请填写回复日期和单位回复",
        )
    elif action == "rectified":
        act_on_form(
            request,
            RectifiedForm(request.POST),
            lambda d: services.letter_rectified(
                user=user,
                letter=letter,
                rectified_on=d["rectified_on"],
                rectification=d["rectification"],
            ),
            "已登记整改完成",
            invalid="请填写整改完成日期和整改情况",
        )
    elif action == "unrectified":
        act_on_form(
            request,
            UnrectifiedForm(request.POST),
            lambda d: services.letter_unrectified(user=user, letter=letter, note=d["note"]),
            "已登记逾期未整改",
            invalid="请填写未整改情况",
        )
    else:
        _recovery(request, user, letter)
    return redirect("workplace:letter_detail", letter.pk)


@require_safe
@page()
def letter_pdf(request: HttpRequest, user: User, letter_id: int) -> HttpResponse:
    """The letter as served to the employer (PDF); each download is logged."""
    letter = _letter(user, letter_id)
    return download_or_back(
        request,
        lambda: make_pdf(user=user, letter=letter),
        back=redirect("workplace:letter_detail", letter.pk),
        filename=f"{letter.get_kind_display()}_{letter.number}.pdf",
        fallback=f"letter_{letter.pk}.pdf",
        content_type="application/pdf",
    )
