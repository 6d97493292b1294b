"""Pages of the 四送 campaigns: the campaign list, a new campaign, a campaign's page (standards,
funds, budget lines, lists), a distribution list's page (items, add, generate, import, submit,
approve, return, export), the duplicates page and the unsigned items page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from gonghui.core.exporting import export_queryset
from gonghui.core.models import User
from gonghui.core.money import yuan
from gonghui.core.params import query_page
from gonghui.core.permissions import authorize, can
from gonghui.core.views_list import ListPageView
from gonghui.core.web import act, act_on_form, download, page, submit
from gonghui.relief import selectors_campaigns as selectors
from gonghui.relief import services_lists as lists
from gonghui.relief.forms_campaigns import (
    CampaignFilterSet,
    CampaignForm,
    ConfirmForm,
    GenerateForm,
    ImportForm,
    ItemAddForm,
    ListCreateForm,
    ReasonForm,
    ReceiptForm,
    ResolveForm,
)
from gonghui.relief.importers_campaigns import list_import, list_template
from gonghui.relief.models import (
    Campaign,
    CampaignStatus,
    Distribution,
    DistributionList,
    ListStatus,
)
from gonghui.relief.services_campaigns import campaign_create, campaign_set_status
from gonghui.relief.services_receipts import receipt_open, receipt_sign
from gonghui.relief.tables_campaigns import CampaignTable, DistributionTable, group_label

ITEMS_PER_PAGE = 100
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class CampaignListView(ListPageView):
    title = "四送活动"
    filterset_class = CampaignFilterSet
    table_class = CampaignTable
    view_action = "relief.campaign.view"
    export_action = "relief.campaign.export"
    create_url_name = "relief:campaign_new"
    create_action = "relief.campaign.create"
    create_label = "新建活动"


@page("relief.campaign.create")
def campaign_new(request: HttpRequest, user: User) -> HttpResponse:
    authorize(user, "relief.campaign.create")
    form = CampaignForm(request.POST if request.method == "POST" else None, user=user)
    done = submit(
        request,
        form,
        lambda d: campaign_create(
            user=user,
            kind=d["kind"],
            name=d["name"],
            year=d["year"],
            org=d["org"],
            standards=form.standards(),
            funds=form.funds(),
            budgets=form.budgets(),
            starts_on=d["starts_on"],
            ends_on=d["ends_on"],
            note=d["note"],
        ),
        lambda c: f"已新建“{c}”",
    )
    if done:
        return redirect("relief:campaign_detail", done.value.pk)
    return render(request, "relief/campaign_form.html", {"title": "新建四送活动", "form": form})


def _campaign(user: User, pk: int) -> Campaign:
    authorize(user, "relief.campaign.view")
    return selectors.campaign_get(user=user, pk=pk)


@page("relief.list.submit")
def campaign_detail(request: HttpRequest, user: User, campaign_id: int) -> HttpResponse:
    """The campaign; POST: 编制发放名单 (a new draft list of a union in scope)."""
    campaign = _campaign(user, campaign_id)
    form = ListCreateForm(
        request.POST if request.method == "POST" else None, user=user, campaign=campaign
    )
    done = submit(
        request,
        form,
        lambda d: lists.list_create(
            user=user, campaign=campaign, org=d["org"], budget_line=d["budget_line"]
        ),
        lambda dl: f"已为{dl.org}新建发放名单",
    )
    if done:
        return redirect("relief:list_detail", done.value.pk)
    return render(
        request,
        "relief/campaign_detail.html",
        {
            "title": str(campaign),
            "campaign": campaign,
            "standards": campaign.standards.all(),
            "funds": campaign.funds.all(),
            "budgets": selectors.budget_use(campaign),
            "totals": selectors.campaign_totals(campaign),
            "lists": selectors.list_list(user=user, campaign=campaign),
            "form": form,
            "may_list": campaign.status == CampaignStatus.OPEN and can(user, "relief.list.submit"),
        },
    )


@page("relief.campaign.change", post=True)
def campaign_status(request: HttpRequest, user: User, campaign_id: int) -> HttpResponse:
    """结束活动 / 重新开放 (the button toggles)."""
    campaign = _campaign(user, campaign_id)
    closing = campaign.status == CampaignStatus.OPEN
    act(
        request,
        lambda: campaign_set_status(
            user=user,
            campaign=campaign,
            status=CampaignStatus.CLOSED if closing else CampaignStatus.OPEN,
        ),
        f"已{'结束' if closing else '重新开放'}“{campaign}”",
    )
    return redirect("relief:campaign_detail", campaign.pk)


def _list(user: User, pk: int) -> DistributionList:
    authorize(user, "relief.campaign.view")
    return selectors.list_get(user=user, pk=pk)


@page()
def list_detail(request: HttpRequest, user: User, distributionlist_id: int) -> HttpResponse:
    dlist = _list(user, distributionlist_id)
    editable = dlist.status in lists.EDITABLE and dlist.campaign.status == CampaignStatus.OPEN
    pages = Paginator(selectors.list_items(dlist), ITEMS_PER_PAGE)
    shown = pages.get_page(query_page(request.GET))
    totals = selectors.list_totals(dlist)
    return render(
        request,
        "relief/list_detail.html",
        {
            "title": f"发放名单·{dlist.org}",
            "dlist": dlist,
            "items": [(i, group_label(i)) for i in shown.object_list],
            "page": shown,
            "people": totals["people"],
            "total": totals["total"],
            "editable": editable,
            "approved": dlist.status == ListStatus.APPROVED,
            "add_form": ItemAddForm(campaign=dlist.campaign),
            "generate_form": GenerateForm(),
            "import_form": ImportForm(),
            "report": request.session.pop(f"relief_list_import_{dlist.pk}", None),
        },
    )


# The buttons of a list's page that post from it: lists/<id>/<action>/, one table action each.
LIST_POSTS = {
    "add": "relief.list.submit",
    "generate": "relief.list.submit",
    "import": "relief.list.submit",
}


@page(lambda action, **kw: LIST_POSTS[action], post=True)
def list_post(
    request: HttpRequest, user: User, distributionlist_id: int, action: str
) -> HttpResponse:
    dlist = _list(user, distributionlist_id)
    back = redirect("relief:list_detail", dlist.pk)
    if action == "add":
        form: Any = ItemAddForm(request.POST, campaign=dlist.campaign)
        act_on_form(
            request,
            form,
            lambda d: lists.list_add(
                user=user,
                dlist=dlist,
                person=selectors.person_for_list(dlist=dlist, id_number=d["id_number"]),
                group=d["group"],
                amount=d["amount"],
                override_reason=d["override_reason"],
                goods=d["goods"],
            ),
            lambda item: f"已将{item.person.name}列入名单",
        )
    elif action == "generate":
        form = GenerateForm(request.POST)
        act_on_form(
            request,
            form,
            lambda d: lists.list_generate_from_ledger(user=user, dlist=dlist, groups=d["groups"]),
            lambda r: f"已从困难职工台账生成{r[0]}人" + (f"（{r[1]}人已在名单中）" if r[1] else ""),
            invalid="请选择要生成的困难类别",
        )
    else:
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, "请选择要导入的Excel文件")
            return back
        upload = form.cleaned_data["upload"]
        check_only = form.cleaned_data["check_only"]
        done = act(
            request,
            lambda: list_import(
                user=user,
                dlist=dlist,
                filename=upload.name,
                chunks=upload.chunks(),
                size=upload.size,
                commit=not check_only,
            ),
        )
        if done:
            report = done.value
            result = report.as_result(max_errors=200)
            request.session[f"relief_list_import_{dlist.pk}"] = {
                "errors": result["errors"],
                "error_count": result["error_count"],
                "filename": upload.name,
            }
            if report.errors:
                messages.error(
                    request,
                    f"导入未执行：发现{len(report.errors)}处错误（{len(report.error_rows)}行），"
                    "没有写入任何数据",
                )
            elif check_only:
                messages.success(request, f"校验通过：{report.new}人可以导入")
            else:
                messages.success(request, f"已导入{report.new}人")
    return back


# The steps of a list with a confirmation page: lists/<id>/<action>/.
LIST_STEPS = {
    "submit": "relief.list.submit",
    "approve": "relief.list.approve",
    "return": "relief.list.return",
}


@page(lambda action, **kw: LIST_STEPS[action])
def list_step(
    request: HttpRequest, user: User, distributionlist_id: int, action: str
) -> HttpResponse:
    """报送 / 审批 (after a confirmation) and 退回 (with a reason)."""
    dlist = _list(user, distributionlist_id)
    authorize(user, LIST_STEPS[action], dlist)
    data = request.POST if request.method == "POST" else None
    form: Any = ReasonForm(data) if action == "return" else ConfirmForm(data)
    if action == "submit":
        call: Any = lambda d: lists.list_submit(user=user, dlist=dlist)  # noqa: E731
        ok, label = "已报送名单，名单中的人员已汇总至活动", "确认报送"
    elif action == "approve":
        call = lambda d: lists.list_approve(user=user, dlist=dlist)  # noqa: E731
        ok, label = "已审批名单，可登记签收", "确认审批"
    else:
        call = lambda d: lists.list_return(user=user, dlist=dlist, reason=d["reason"])  # noqa: E731
        ok, label = "已退回名单", "确认退回"
    if submit(request, form, call, ok):
        return redirect("relief:list_detail", dlist.pk)
    totals = selectors.list_totals(dlist)
    return render(
        request,
        "relief/list_confirm.html",
        {
            "title": f"{label[2:]}发放名单·{dlist.org}",
            "form": form,
            "dlist": dlist,
            "lines": [
                f"活动：{dlist.campaign}；报送单位：{dlist.org}；预算科目：{dlist.budget_line or '—'}",
                f"共{totals['people']}人，合计{yuan(totals['total'])}；"
                f"其中{totals['overrides']}人金额高于标准（均已填写调整原因）",
            ],
            "submit_label": label,
            "back": reverse("relief:list_detail", args=[dlist.pk]),
        },
    )


@page()
def list_export(request: HttpRequest, user: User, distributionlist_id: int) -> HttpResponse:
    dlist = _list(user, distributionlist_id)
    authorize(user, "relief.campaign.export", dlist)
    response: Any = export_queryset(
        user=user,
        table=DistributionTable(),
        queryset=selectors.list_items(dlist),
        title=f"发放名单_{dlist.org.name}",
        want_full=request.GET.get("full") == "1",
        filters=f"活动={dlist.campaign}",
    )
    return response  # a FileResponse streams the workbook


@page()
def list_import_template(
    request: HttpRequest, user: User, distributionlist_id: int
) -> HttpResponse:
    dlist = _list(user, distributionlist_id)
    return download(
        list_template(dlist),
        filename="发放名单导入模板.xlsx",
        fallback="distribution-list-template.xlsx",
        content_type=XLSX,
    )


def _item(user: User, pk: int) -> Distribution:
    authorize(user, "relief.campaign.view")
    return selectors.item_get(user=user, pk=pk)


@page("relief.list.submit", post=True)
def item_remove(request: HttpRequest, user: User, distribution_id: int) -> HttpResponse:
    item = _item(user, distribution_id)
    act(
        request,
        lambda: lists.list_remove_item(user=user, item=item),
        f"已将{item.person.name}移出名单",
    )
    return redirect("relief:list_detail", item.dlist_id)


@page("relief.duplicate.resolve", post=True)
def item_resolve(request: HttpRequest, user: User, distribution_id: int) -> HttpResponse:
    item = _item(user, distribution_id)
    act_on_form(
        request,
        ResolveForm(request.POST),
        lambda d: lists.duplicate_resolve(user=user, item=item, note=d["note"]),
        f"已将{item.person.name}从{item.dlist.org}的名单中移出",
        invalid="请填写处理说明",
    )
    return redirect("relief:campaign_duplicates", item.campaign_id)


@page("relief.list.receipt")
def item_receipt(request: HttpRequest, user: User, distribution_id: int) -> HttpResponse:
    """登记签收 (a scan or photo) or 代领 for one item of an approved list."""
    item = _item(user, distribution_id)
    authorize(user, "relief.list.receipt", item)
    form = ReceiptForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    done = submit(
        request,
        form,
        lambda d: receipt_sign(
            user=user,
            item=item,
            signed_on=d["signed_on"],
            upload=d["upload"],
            proxy_name=d["proxy_name"],
            proxy_reason=d["proxy_reason"],
        ),
        f"已登记{item.person.name}的签收",
    )
    if done:
        return redirect("relief:list_detail", item.dlist_id)
    return render(
        request,
        "relief/list_receipt.html",
        {"title": f"登记签收·{item.person.name}", "form": form, "item": item},
    )


@page()
def item_receipt_file(request: HttpRequest, user: User, distribution_id: int) -> HttpResponse:
    item = _item(user, distribution_id)
    shown = act(request, lambda: receipt_open(user=user, item=item))
    if not shown:
        return redirect("relief:list_detail", item.dlist_id)
    suffix = item.receipt_path.rsplit(".", 1)[-1]
    kinds = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg"}
    return download(
        shown.value,
        filename=f"签收凭证_{item.person.name}.{suffix}",
        fallback=f"receipt-{item.pk}.{suffix}",
        content_type=kinds.get(suffix, "application/octet-stream"),
    )


@page()
def campaign_duplicates(request: HttpRequest, user: User, campaign_id: int) -> HttpResponse:
    campaign = _campaign(user, campaign_id)
    found = selectors.duplicates(user=user, campaign=campaign)
    visible = set(selectors.list_list(user=user, campaign=campaign).values_list("pk", flat=True))
    return render(
        request,
        "relief/campaign_duplicates.html",
        {
            "title": f"重复人员·{campaign}",
            "campaign": campaign,
            "duplicates": [
                (d, [(i, group_label(i), i.dlist_id in visible) for i in d.items]) for d in found
            ],
            "resolutions": selectors.resolutions(user=user, campaign=campaign)[:200],
            "may_resolve": can(user, "relief.duplicate.resolve"),
        },
    )


@page()
def campaign_unsigned(request: HttpRequest, user: User, campaign_id: int) -> HttpResponse:
    campaign = _campaign(user, campaign_id)
    items = selectors.unsigned_items(user=user, campaign=campaign)
    return render(
        request,
        "relief/campaign_unsigned.html",
        {
            "title": f"未签收·{campaign}",
            "campaign": campaign,
            "items": [(i, group_label(i)) for i in items],
            "may_sign": can(user, "relief.list.receipt"),
        },
    )
