"""The organization tree: its reads for a user, and the tree picker for forms and filters.

The 组织机构 page and the picker show the same tree: the user's own organization at the top,
children loaded over HTMX as a node is opened (core:org_tree_children), a search by name,
code, full pinyin or initials (core:org_tree_search). Everything is limited to the user's
subtree.

A form adopts the picker on an organization field, keeping the field's own validation:

    org = forms.ModelChoiceField(queryset=..., widget=OrgTreePicker())

Filter forms (core.filters.FilterForm) turn their `org` field into an `OrgTreeField` by
themselves: its value is the chosen organization's id, at any depth of the user's subtree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

from django import forms
from django.db.models import Case, Count, QuerySet, When
from django.db.models.functions import Substr
from django.urls import reverse

from gonghui.core import selectors
from gonghui.core.models import MembershipStatus, Organization, OrgKind, User
from gonghui.core.pinyin import pinyin_keys
from gonghui.core.scope import organizations_for

# Organization.path grows by one zero-padded segment ("00000007/") per level.
SEGMENT = len(Organization.segment(1))
SEARCH_LIMIT = 30


# ---------------------------------------------------------------- reads


@dataclass
class TreeNode:
    org: Organization
    child_count: int = 0
    members: int | None = None  # active members in the node's subtree (None: not counted)
    children: list[TreeNode] = field(default_factory=list)  # filled when shown open

    @property
    def open(self) -> bool:
        return bool(self.children)


def _child_counts(user: User, nodes: list[Organization]) -> dict[int, int]:
    rows = (
        organizations_for(user)
        .filter(parent__in=[n.pk for n in nodes])
        .values("parent")
        .annotate(n=Count("pk"))
    )
    return {r["parent"]: r["n"] for r in rows if r["parent"] is not None}


def _member_counts(user: User, nodes: list[Organization]) -> dict[str, int]:
    """Active members under each node (siblings share a path length: one grouped query)."""
    if not nodes:
        return {}
    width = len(nodes[0].path)
    common = nodes[0].path[: width - SEGMENT]
    rows = (
        selectors.membership_list(user=user, status=MembershipStatus.ACTIVE)
        .filter(union__path__startswith=common)
        .annotate(prefix=Substr("union__path", 1, width))
        .values("prefix")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {r["prefix"]: r["n"] for r in rows}


def tree_nodes(user: User, orgs: list[Organization], *, counts: bool) -> list[TreeNode]:
    """Sibling organizations as tree nodes with their number of children (and of members)."""
    if not orgs:
        return []
    children = _child_counts(user, orgs)
    members = _member_counts(user, orgs) if counts else {}
    return [
        TreeNode(o, children.get(o.pk, 0), members.get(o.path, 0) if counts else None) for o in orgs
    ]


def tree_root(user: User) -> Organization | None:
    """The top of the tree the user sees: their own organization (None for 职工本人)."""
    return organizations_for(user).order_by("depth", "path").first()


def tree_children(user: User, parent: Organization) -> list[Organization]:
    """Unions of unions (街道、行业、区域) first, then the grassroots unions, each as entered."""
    grassroots_last = Case(When(kind=OrgKind.GRASSROOTS, then=1), default=0)
    return list(organizations_for(user).filter(parent=parent).order_by(grassroots_last, "path"))


def tree_for(user: User, *, selected: Organization | None = None, counts: bool) -> list[TreeNode]:
    """The root with its children shown, and the branch down to `selected` opened."""
    root = tree_root(user)
    if root is None:
        return []
    top = tree_nodes(user, [root], counts=counts)
    trail = [int(p) for p in (selected.path if selected else root.path).strip("/").split("/")]
    node = top[0]
    while node.child_count:
        node.children = tree_nodes(user, tree_children(user, node.org), counts=counts)
        node = next((c for c in node.children if c.org.pk in trail[:-1]), None)  # type: ignore[assignment]
        if node is None:
            break
    return top


def _matches(name: str, needle: str) -> bool:
    full, initials = pinyin_keys(name)
    return needle in full or needle in initials


def tree_search(user: User, q: str, *, limit: int = SEARCH_LIMIT) -> list[tuple[Organization, str]]:
    """Organizations whose name holds `q` (or its pinyin / initials), with their trail."""
    text = q.strip()
    if not text:
        return []
    scope = organizations_for(user)
    if text.isascii() and text.replace(" ", "").isalpha():
        needle = text.replace(" ", "").lower()
        ids = [pk for pk, name in scope.values_list("pk", "name") if _matches(name, needle)]
        found: QuerySet[Organization] = scope.filter(pk__in=ids[: limit * 4])
    else:
        found = scope.filter(name__icontains=text) | scope.filter(code=text)
    orgs = list(found.order_by("depth", "path")[:limit])
    top = min((o.depth for o in orgs), default=0)
    root = tree_root(user)
    above = root.depth if root else top
    wanted = {int(p) for o in orgs for p in o.path.strip("/").split("/")[above:-1]}
    names = dict(scope.filter(pk__in=wanted).values_list("pk", "name"))
    return [
        (o, " › ".join(names.get(int(p), "") for p in o.path.strip("/").split("/")[above:-1]))
        for o in orgs
    ]


def org_in_scope(user: User, pk: Any) -> Organization | None:
    text = str(pk or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 18:
        return None
    return organizations_for(user).filter(pk=int(text)).first()


# ---------------------------------------------------------------- the picker


class OrgTreePicker(forms.Select):
    """A button showing the chosen organization; opens the tree with a search box."""

    template_name = "core/widgets/org_picker.html"

    def __init__(self, attrs: dict[str, Any] | None = None, *, blank_label: str = "全部"):
        super().__init__(attrs)
        self.blank_label = blank_label
        self.queryset: QuerySet[Organization] | None = None

    def label_for(self, value: Any) -> str:
        """The chosen organization's name, looked up only among the field's organizations."""
        text = str(value or "")
        if not text:
            return ""
        queryset = self.queryset
        if queryset is None:
            queryset = getattr(self.choices, "queryset", None)
        if queryset is not None:
            if not text.isascii() or not text.isdigit() or len(text) > 18:
                return ""
            found = queryset.filter(pk=int(text)).values_list("name", flat=True).first()
            return found or ""
        return str(dict((str(k), v) for k, v in self.choices).get(text, ""))

    def format_value(self, value: Any) -> str:  # type: ignore[override]
        if isinstance(value, list | tuple):
            value = value[0] if value else ""
        if isinstance(value, Organization):
            return str(value.pk)
        return "" if value is None else str(value)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = forms.Widget.get_context(self, name, value, attrs)
        widget = context["widget"]
        widget["value"] = self.format_value(value)
        widget["label"] = self.label_for(widget["value"])
        widget["blank_label"] = self.blank_label
        widget["children_url"] = reverse("core:org_tree_children")
        widget["search_url"] = reverse("core:org_tree_search")
        return context


class OrgTreeField(forms.Field):
    """An organization of the user's subtree, chosen in the tree; the value is its id (text)."""

    widget = OrgTreePicker
    default_error_messages = {"invalid": "请选择管辖范围内的组织"}

    def __init__(self, *, queryset: QuerySet[Organization] | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.queryset = queryset

    @property
    def queryset(self) -> QuerySet[Organization] | None:
        return self._queryset

    @queryset.setter
    def queryset(self, value: QuerySet[Organization] | None) -> None:
        self._queryset = value
        cast(OrgTreePicker, self.widget).queryset = value

    def __deepcopy__(self, memo: dict[int, Any]) -> OrgTreeField:
        result: OrgTreeField = super().__deepcopy__(memo)  # type: ignore[assignment]
        result.queryset = self._queryset
        return result

    def label_for(self, value: Any) -> str:
        return cast(OrgTreePicker, self.widget).label_for(value)

    def to_python(self, value: Any) -> str:
        text = str(value or "").strip()
        if not text:
            return ""
        if not text.isascii() or not text.isdigit() or len(text) > 18:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if self._queryset is not None and not self._queryset.filter(pk=int(text)).exists():
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return str(int(text))
