"""Pages of 金秋助学 (list, apply, the grant's page with 审核 and 发放), 夏送清凉 sites and 春送岗位
fairs (lists and record forms), the figures with their drill-downs and the 专项审计 view."""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from gonghui.core.errors import DomainError
from gonghui.core.models import Role, User
from gonghui.core.permissions import authorize, can
from gonghui.core.views_list import ListPageView
from gonghui.core.web import (
    act,
    act_on_form,
    download_or_back,
    page,
    show_document,
    submit,
)
from gonghui.relief import selectors_activities as selectors
from gonghui.relief import services_activities as services
from gonghui.relief.exporters_audit import campaign_audit_workbook
from gonghui.relief.filters_activities import (
    FairFilterSet,
    FigureFilterSet,
    GrantFilterSet,
    SiteFilterSet,
)
from gonghui.relief.forms_activities import FairForm, GrantApplyForm, PaidForm, ReasonForm, SiteForm
from gonghui.relief.models import Campaign, StudentGrant
from gonghui.relief.selectors_audit import audit_campaign_get, campaign_audit
from gonghui.relief.selectors_figures import FIGURES, figures
from gonghui.relief.tables_activities import (
    FIGURE_TABLES,
    DuplicateTable,
    FairTable,
    GrantTable,
    RecipientTable,
    SiteTable,
    UnsignedTable,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The audit page shows this many rows of each part; the workbook holds them all.
AUDIT_ROWS = 200


# ---------------------------------------------------------------- 金秋助学


class GrantListView(ListPageView):
    title = "金秋助学"
    filterset_class = GrantFilterSet
    table_class = GrantTable
    view_action = "relief.grant.view"
    export_action = "relief.grant.export"
    create_url_name = "relief:grant_apply"
    create_action = "relief.grant.apply"
    create_label = "申报金秋助学"


@page("relief.grant.apply")
def grant_apply(request: HttpRequest, user: User) -> HttpResponse:
    """申报金秋助学: staff for a worker of their subtree, 职工本人 for their own child."""
    authorize(user, "relief.grant.apply")
    member = user.role == Role.MEMBER
    if member and user.person is None:
        raise PermissionDenied("您的账号未关联人员档案，不能申报")
    form = GrantApplyForm(request.POST or None, request.FILES or None, user=user, member=member)

    def apply(d: dict[str, Any]) -> StudentGrant:
        if member:
            person = user.person
            assert person is not None
        else:
            person = selectors.person_by_id_number(user=user, id_number=d["parent_id_number"])
        return services.grant_apply(
            user=user,
            campaign=d["campaign"],
            person=person,
            student_name=d["student_name"],
            student_id=d["student_id"],
            university=d["university"],
            amount=d["amount"],
            upload=d["upload"],
            case=selectors.filed_case_of(person=person),
        )

    done = submit(request, form, apply, lambda g: f"已申报{g}，待审核")
    if done:
        return redirect("relief:grant_detail", done.value.pk)
    return render(
        request,
        "relief/activity_form.html",
        {
            "title": "申报金秋助学",
            "form": form,
            "multipart": True,
            "note": "同一学生每年只能资助一次；学生身份证号码支持15位旧号码。",
            "back": reverse("relief:grant_list") if not member else "",
        },
    )


def _grant(user: User, pk: int) -> StudentGrant:
    try:
        grant = selectors.grant_get(user=user, pk=pk)
    except StudentGrant.DoesNotExist:
        raise Http404("找不到该申报，或不在您的管辖范围内") from None
    if user.role == Role.MEMBER:
        authorize(user, "relief.mine.view", grant)
    else:
        authorize(user, "relief.grant.view", grant)
    return grant


@page()
def grant_detail(request: HttpRequest, user: User, studentgrant_id: int) -> HttpResponse:
    grant = _grant(user, studentgrant_id)
    return render(
        request,
        "relief/grant_detail.html",
        {
            "title": f"金秋助学·{grant.student_name}",
            "grant": grant,
            "staff": user.role != Role.MEMBER,
            "reason_form": ReasonForm(),
            "paid_form": PaidForm(),
        },
    )


# The buttons of a grant's page: grants/<id>/<action>/, one table action each.
GRANT_ACTIONS = {
    "approve": "relief.grant.review",
    "reject": "relief.grant.review",
    "pay": "relief.grant.pay",
}


@page(lambda action, **kw: GRANT_ACTIONS[action], post=True)
def grant_action(
    request: HttpRequest, user: User, studentgrant_id: int, action: str
) -> HttpResponse:
    grant = _grant(user, studentgrant_id)
    if action == "approve":
        act(
            request,
            lambda: services.grant_review(user=user, grant=grant, approve=True),
            "审核通过",
        )
    elif action == "reject":
        act_on_form(
            request,
            ReasonForm(request.POST),
            lambda d: services.grant_review(
                user=user, grant=grant, approve=False, reason=d["reason"]
            ),
            "已作不予通过处理",
        )
    else:
        act_on_form(
            request,
            PaidForm(request.POST),
            lambda d: services.grant_pay(user=user, grant=grant, paid_on=d["paid_on"]),
            "已登记发放",
            invalid="请填写发放日期",
        )
    return redirect("relief:grant_detail", grant.pk)


@page()
def grant_letter(request: HttpRequest, user: User, studentgrant_id: int) -> HttpResponse:
    """The admission letter, shown in the browser; each view is logged."""
    grant = _grant(user, studentgrant_id)
    try:
        fileobj = services.grant_letter_open(user=user, grant=grant)
    except (DomainError, FileNotFoundError):
        raise Http404("录取通知书文件不存在") from None
    suffix = grant.admission_path.rsplit(".", 1)[-1]
    name = f"录取通知书_{grant.student_name}.{suffix}"
    return cast(HttpResponse, show_document(fileobj, path=grant.admission_path, name=name))


# ---------------------------------------------------------------- 夏送清凉 and 春送岗位


class SiteListView(ListPageView):
    title = "夏送清凉"
    filterset_class = SiteFilterSet
    table_class = SiteTable
    view_action = "relief.activity.view"
    export_action = "relief.activity.export"
    create_url_name = "relief:site_new"
    create_action = "relief.activity.record"
    create_label = "登记慰问点位"


class FairListView(ListPageView):
    title = "春送岗位"
    filterset_class = FairFilterSet
    table_class = FairTable
    view_action = "relief.activity.view"
    export_action = "relief.activity.export"
    create_url_name = "relief:fair_new"
    create_action = "relief.activity.record"
    create_label = "登记招聘会"


@page("relief.activity.record")
def site_new(request: HttpRequest, user: User) -> HttpResponse:
    authorize(user, "relief.activity.record")
    form = SiteForm(request.POST or None, user=user)

    def record(d: dict[str, Any]) -> Any:
        employer = selectors.employer_by_code(user=user, code=d.pop("credit_code"))
        return services.site_record(user=user, employer=employer, **d)

    if submit(request, form, record, lambda s: f"已登记夏送清凉点位{s}"):
        return redirect("relief:site_list")
    return render(
        request,
        "relief/activity_form.html",
        {"title": "登记夏送清凉点位", "form": form, "back": reverse("relief:site_list")},
    )


@page("relief.activity.record")
def fair_new(request: HttpRequest, user: User) -> HttpResponse:
    authorize(user, "relief.activity.record")
    form = FairForm(request.POST or None, user=user)
    if submit(
        request,
        form,
        lambda d: services.fair_record(user=user, **d),
        lambda f: f"已登记招聘会{f}",
    ):
        return redirect("relief:fair_list")
    return render(
        request,
        "relief/activity_form.html",
        {"title": "登记春送岗位招聘会", "form": form, "back": reverse("relief:fair_list")},
    )


# ---------------------------------------------------------------- figures


def _chart(data: dict[str, Any]) -> dict[str, Any]:
    rows = data["by_campaign"]
    return {
        "campaigns": [r["name"] for r in rows],
        "raised": [str(r["raised"]) for r in rows],
        "given": [str(r["given"]) for r in rows],
        "sources": [{"name": r["source"], "value": str(r["amount"])} for r in data["by_source"]],
    }


@page()
def figures_page(request: HttpRequest, user: User) -> HttpResponse:
    """The year's (or a campaign's) figures for an organization of the user's subtree."""
    authorize(user, "relief.figures.view")
    fs = FigureFilterSet(request.GET, user=user)
    scope = fs.scope
    data = figures(scope=scope)
    query = request.GET.urlencode()
    cards = [
        {
            "key": key,
            "label": f.label,
            "unit": f.unit,
            "money": f.money,
            "value": data["values"][key],
            "url": reverse(f"relief:figure_{key}") + (f"?{query}" if query else ""),
        }
        for key, f in FIGURES.items()
    ]
    return render(
        request,
        "relief/figures.html",
        {
            "title": "四送活动统计",
            "form": fs.form,
            "scope": scope,
            "data": data,
            "cards": cards,
            "chart": _chart(data),
        },
    )


class FigureRowsView(ListPageView):
    """The drill-down of one figure: the rows its number counts (or sums), same filters."""

    filterset_class = FigureFilterSet
    view_action = "relief.figures.view"
    export_action = "relief.figures.view"
    template_name = "relief/figures_rows.html"

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.key = kwargs["key"]
        figure = FIGURES[self.key]
        self.title = f"{figure.label}明细"  # type: ignore[misc]
        self.table_class = FIGURE_TABLES[self.key]  # type: ignore[misc]

    def filterset(self, request: HttpRequest) -> FigureFilterSet:
        return FigureFilterSet(request.GET, user=request.user, key=self.key)  # type: ignore[arg-type]

    def extra_context(self, request: HttpRequest) -> dict[str, Any]:
        fs = self.filterset(request)
        figure = FIGURES[self.key]
        return {
            "figure": figure,
            "figure_value": figure.value(fs.scope),
            "back": reverse("relief:figures") + "?" + request.GET.urlencode(),
        }

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return super().get(request)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        return super().post(request)


# ---------------------------------------------------------------- 专项审计


def _audit_campaign(user: User, pk: int) -> Campaign:
    authorize(user, "relief.audit.view")
    try:
        return audit_campaign_get(user=user, pk=pk)
    except Campaign.DoesNotExist:
        raise Http404("找不到该活动，或不在您的管辖范围内") from None


@page()
def campaign_audit_page(request: HttpRequest, user: User, campaign_id: int) -> HttpResponse:
    """专项审计 of a campaign: recipients, duplicates resolved, overrides, unsigned items."""
    campaign = _audit_campaign(user, campaign_id)
    found = campaign_audit(user=user, campaign=campaign)
    parts = [
        ("recipients", "发放对象", RecipientTable(), found.recipients),
        ("duplicates", "重复人员及处理", DuplicateTable(), found.duplicates),
        ("overrides", "调整金额及原因", RecipientTable(), found.overrides),
        ("unsigned", "未签收", UnsignedTable(), found.unsigned),
    ]
    if found.records is not None:
        table = {"schooling": GrantTable, "coolness": SiteTable, "jobs": FairTable}
        parts.append(
            ("records", campaign.get_kind_display(), table[campaign.kind](), found.records)
        )
    sections = []
    for key, label, t, qs in parts:
        count = qs.count()
        sections.append(
            {
                "key": key,
                "label": label,
                "count": count,
                "headers": t.headers,
                "rows": t.rows(qs[:AUDIT_ROWS]),
                "cut": count > AUDIT_ROWS,
            }
        )
    return render(
        request,
        "relief/audit_campaign.html",
        {
            "title": f"专项审计·{campaign.name}",
            "campaign": campaign,
            "sections": sections,
            "may_export": can(user, "relief.audit.export"),
            "limit": AUDIT_ROWS,
        },
    )


@page()
def campaign_audit_export(request: HttpRequest, user: User, campaign_id: int) -> HttpResponse:
    campaign = _audit_campaign(user, campaign_id)
    return download_or_back(
        request,
        lambda: campaign_audit_workbook(user=user, campaign=campaign),
        back=redirect("relief:campaign_audit", campaign.pk),
        filename=f"专项审计_{campaign.name}.xlsx",
        fallback=f"audit_{campaign.pk}.xlsx",
        content_type=XLSX,
    )
