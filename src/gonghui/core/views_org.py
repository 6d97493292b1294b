"""组织机构: the tree beside the list, detail with change history, add a child, rename, move;
the tree's children and search fragments (also used by the organization picker)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from gonghui.core import selectors, services, widgets
from gonghui.core.filters import OrganizationFilterSet
from gonghui.core.forms import OrganizationCreateForm, OrganizationMoveForm, OrganizationRenameForm
from gonghui.core.models import MembershipStatus, Organization
from gonghui.core.params import MAX_QUERY_TEXT, query_id
from gonghui.core.permissions import authorize
from gonghui.core.selectors import organization_history
from gonghui.core.tables import OrganizationTable
from gonghui.core.views_list import ListPageView
from gonghui.core.web import page, submit, user_of


class OrganizationListView(ListPageView):
    """The tree of the user's subtree (members counted) beside the list of its organizations;
    a node chosen in the tree lists that branch."""

    title = "组织机构"
    view_action = "core.organization.view"
    filterset_class = OrganizationFilterSet
    table_class = OrganizationTable
    template_name = "core/organization_list.html"

    def extra_context(self, request: HttpRequest) -> dict[str, Any]:
        if request.htmx:  # type: ignore[attr-defined]
            return {}  # only the results are swapped; the tree stays as it is
        user: Any = request.user
        selected = widgets.org_in_scope(user, request.GET.get("org"))
        return {
            "tree": widgets.tree_for(user, selected=selected, counts=True),
            "selected_org": selected.pk if selected else None,
        }


@login_required
@require_GET
def org_tree_children(request: HttpRequest) -> HttpResponse:
    """The children of `parent` (the user's own organization without one) as tree nodes."""
    authorize(request.user, "core.organization.view")
    user: Any = request.user
    picker = request.GET.get("picker") == "1"
    parent_id = query_id(request.GET, "parent", label="上级组织")
    if parent_id is None:
        # The top: the user's organization, opened down to the current choice.
        selected = widgets.org_in_scope(user, request.GET.get("selected"))
        nodes = widgets.tree_for(user, selected=selected, counts=not picker)
    else:
        parent = widgets.org_in_scope(user, parent_id)
        if parent is None:
            raise Http404("组织不存在或不在您的管辖范围内")
        nodes = widgets.tree_nodes(user, widgets.tree_children(user, parent), counts=not picker)
        selected = None
    return render(
        request,
        "includes/org_tree_nodes.html",
        {"nodes": nodes, "picker": picker, "selected_org": selected.pk if selected else None},
    )


@login_required
@require_GET
def org_tree_search(request: HttpRequest) -> HttpResponse:
    """Organizations of the user's subtree by name, code, pinyin or initials (at most 30)."""
    authorize(request.user, "core.organization.view")
    q = str(request.GET.get("q", "")).replace("\x00", "")[:MAX_QUERY_TEXT]
    return render(
        request,
        "includes/org_tree_search.html",
        {
            "q": q,
            "results": widgets.tree_search(request.user, q),  # type: ignore[arg-type]
            "picker": request.GET.get("picker") == "1",
            "limit": widgets.SEARCH_LIMIT,
        },
    )


def _org_in_scope(request: HttpRequest, pk: int) -> Organization:
    authorize(request.user, "core.organization.view")
    return get_object_or_404(selectors.organization_list(user=request.user), pk=pk)  # type: ignore[arg-type]


@login_required
@require_GET
def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = _org_in_scope(request, pk)
    user = request.user
    children = selectors.annotate_member_counts(
        selectors.organization_list(user=user).filter(parent=org)  # type: ignore[arg-type]
    )
    stats = {
        "members": selectors.membership_list(user=user, status=MembershipStatus.ACTIVE)  # type: ignore[arg-type]
        .filter(union__path__startswith=org.path)
        .count(),
        "persons": selectors.person_list(user=user, org=str(org.pk)).count(),  # type: ignore[arg-type]
        "employers": selectors.employer_list(user=user, org=str(org.pk)).count(),  # type: ignore[arg-type]
    }
    return render(
        request,
        "core/organization_detail.html",
        {
            "title": org.name,
            "org": org,
            # Only the ancestors the user may open (a county officer's trail starts at the county).
            "ancestors": org.ancestors()
            .exclude(pk=org.pk)
            .filter(
                path__startswith=user.organization.path  # type: ignore[union-attr]
            ),
            "children": children,
            "stats": stats,
            "history": organization_history(org_id=org.pk),
            "can_move": org.parent_id is not None and org.pk != user.organization_id,  # type: ignore[union-attr]
        },
    )


def _org_form(
    request: HttpRequest, org: Organization, form: forms.BaseForm, **context: Any
) -> HttpResponse:
    """The form of one change to `org` (add a child, rename, move), with the way back to it."""
    return render(request, "core/organization_form.html", {"org": org, "form": form, **context})


@page("core.organization.create")
def organization_create(request: HttpRequest, pk: int) -> HttpResponse:
    parent = _org_in_scope(request, pk)
    user = user_of(request)
    authorize(user, "core.organization.create", parent)
    form = OrganizationCreateForm(request.POST or None, parent=parent)
    outcome = submit(
        request,
        form,
        lambda d: services.organization_create(parent=parent, user=user, **d),
        ok=lambda org: f"已在“{parent.name}”下新增“{org.name}”",
    )
    if outcome:
        return redirect("core:organization_detail", pk=outcome.value.pk)
    return _org_form(request, parent, form, title=f"新增下级组织 — {parent.name}", submit="新增")


@page("core.organization.change")
def organization_rename(request: HttpRequest, pk: int) -> HttpResponse:
    org = _org_in_scope(request, pk)
    user = user_of(request)
    authorize(user, "core.organization.change", org)
    form = OrganizationRenameForm(request.POST or None, initial={"name": org.name})
    old = org.name
    outcome = submit(
        request,
        form,
        lambda d: services.organization_rename(org=org, name=d["name"], user=user),
        ok=lambda _: f"已将“{old}”更名为“{org.name}”",
    )
    if outcome:
        return redirect("core:organization_detail", pk=org.pk)
    return _org_form(request, org, form, title=f"更名 — {org.name}", submit="保存")


@page("core.organization.move")
def organization_move(request: HttpRequest, pk: int) -> HttpResponse:
    org = _org_in_scope(request, pk)
    user = user_of(request)
    authorize(user, "core.organization.move", org)
    form = OrganizationMoveForm(request.POST or None, user=user, org=org)
    outcome = submit(
        request,
        form,
        lambda d: services.organization_move(org=org, new_parent=d["new_parent"], user=user),
        ok=lambda _: (
            f"已将“{org.name}”及其下级组织迁移至“{form.cleaned_data['new_parent'].name}”之下"
        ),
    )
    if outcome:
        return redirect("core:organization_detail", pk=org.pk)
    return _org_form(
        request,
        org,
        form,
        title=f"迁移 — {org.name}",
        submit="迁移",
        confirm=f"确定要把“{org.name}”及其全部下级组织迁移到新的上级组织之下吗？",
        intro=f"当前上级组织：{org.parent.name if org.parent else '无'}。迁移后，其下级组织、人员和单位随之迁移。",
    )
