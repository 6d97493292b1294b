"""Filter sets of the list pages: a GET form whose cleaned values feed a scoped selector."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from django import forms
from django.db.models import QuerySet, Subquery

from gonghui.core import selectors
from gonghui.core.forms import DateInput
from gonghui.core.models import (
    AuditAction,
    EmployerKind,
    MembershipStatus,
    NewEmploymentForm,
    OrgKind,
    PersonStatus,
    User,
)
from gonghui.core.scope import organizations_for
from gonghui.core.widgets import OrgTreeField

ALL = [("", "全部")]
YES_NO = [("", "全部"), ("1", "是"), ("0", "否")]


def org_filter_choices(user: User) -> list[tuple[str, str]]:
    """The user's organization and the level below it (for a plain select of organizations)."""
    root = user.organization
    if root is None:
        return ALL
    orgs = organizations_for(user).filter(depth__lte=root.depth + 1).only("id", "name", "depth")
    return ALL + [(str(o.pk), ("" if o.depth == root.depth else "　") + o.name) for o in orgs]


class FilterForm(forms.Form):
    """The search box and filters of a list. A field named `org` becomes the tree picker of the
    user's subtree (its value the chosen organization's id, at any depth)."""

    q = forms.CharField(label="搜索", required=False, max_length=60)

    def __init__(self, *args: Any, user: User, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.user = user
        old = self.fields.get("org")
        if old is not None and not isinstance(old, OrgTreeField):
            self.fields["org"] = OrgTreeField(
                label=old.label, required=False, queryset=organizations_for(user)
            )


class DateRangeFilterForm(FilterForm):
    """A filter form with 起始日期/截止日期; a reversed range is shown as an error and not applied."""

    date_from = forms.DateField(label="起始日期", required=False, widget=DateInput)
    date_to = forms.DateField(label="截止日期", required=False, widget=DateInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error(None, "起始日期不能晚于截止日期")
            data.pop("date_from", None)
            data.pop("date_to", None)
        return data


class FilterSet:
    """Binds request.GET to a filter form and returns the selector's queryset: `selector` called
    with the user and the values filled in (a filter set that translates them overrides
    `queryset`)."""

    form_class: type[FilterForm] = FilterForm
    search_placeholder = "搜索"
    selector: ClassVar[Callable[..., QuerySet[Any]] | None] = None

    def __init__(self, data: Any, *, user: User):
        self.user = user
        self.form = self.form_class(data, user=user)
        self.form.fields["q"].widget.attrs["placeholder"] = self.search_placeholder
        self.form.is_valid()

    @property
    def values(self) -> dict[str, Any]:
        data = getattr(self.form, "cleaned_data", {})
        return {k: v for k, v in data.items() if v not in (None, "")}

    def describe(self) -> str:
        """The active filters in words, for the export's audit entry."""
        parts = []
        for name, value in self.values.items():
            field = self.form.fields[name]
            if isinstance(field, OrgTreeField):
                shown = field.label_for(value) or value
            else:
                shown = dict(getattr(field, "choices", [])).get(str(value), value)
            parts.append(f"{field.label}={str(shown).strip()}")
        return "；".join(parts)

    @property
    def queryset(self) -> QuerySet[Any]:
        selector = type(self).selector
        if selector is None:
            raise NotImplementedError
        return selector(user=self.user, **self.values)


# ---------------------------------------------------------------- organizations


class OrganizationFilterForm(FilterForm):
    kind = forms.ChoiceField(label="类型", required=False, choices=ALL + OrgKind.choices)
    org = forms.ChoiceField(label="上级组织", required=False)


class OrganizationFilterSet(FilterSet):
    form_class = OrganizationFilterForm
    search_placeholder = "名称或行政区划代码"

    @property
    def queryset(self) -> QuerySet[Any]:
        v = self.values
        qs = selectors.organization_list(user=self.user, q=v.get("q", ""), kind=v.get("kind", ""))
        if v.get("org"):
            # The chosen organization and everything under it (it lies in scope: the field says).
            branch = organizations_for(self.user).filter(pk=v["org"]).values("path")[:1]
            qs = qs.filter(path__startswith=Subquery(branch))
        return selectors.annotate_member_counts(qs).order_by("path")


# ---------------------------------------------------------------- employers


class EmployerFilterForm(FilterForm):
    kind = forms.ChoiceField(label="单位类型", required=False, choices=ALL + EmployerKind.choices)
    has_union = forms.ChoiceField(label="已建工会", required=False, choices=YES_NO)
    sanxin = forms.ChoiceField(
        label="三新", required=False, choices=[("", "全部"), ("1", "新经济/新社会组织")]
    )
    org = forms.ChoiceField(label="属地工会", required=False)


class EmployerFilterSet(FilterSet):
    form_class = EmployerFilterForm
    search_placeholder = "单位名称或统一社会信用代码"

    selector = selectors.employer_list


# ---------------------------------------------------------------- persons


class PersonFilterForm(FilterForm):
    status = forms.ChoiceField(label="状态", required=False, choices=ALL + PersonStatus.choices)
    org = forms.ChoiceField(label="所属工会", required=False)
    frontline = forms.ChoiceField(label="一线职工", required=False, choices=YES_NO)
    new_form = forms.ChoiceField(
        label="新就业形态",
        required=False,
        choices=[*ALL, ("any", "任一新就业形态"), *NewEmploymentForm.choices[1:]],
    )


class PersonFilterSet(FilterSet):
    form_class = PersonFilterForm
    search_placeholder = "姓名 / 拼音 / 首字母 / 身份证号 / 手机号"

    # Ordered by the index that serves the search (alphabetical by pinyin without one).
    selector = selectors.person_list


# ---------------------------------------------------------------- memberships


class MembershipFilterForm(FilterForm):
    status = forms.ChoiceField(
        label="会员状态", required=False, choices=ALL + MembershipStatus.choices
    )


class MembershipFilterSet(FilterSet):
    form_class = MembershipFilterForm
    search_placeholder = "姓名、拼音、身份证号、手机号或工会名称"

    selector = selectors.membership_list


# ---------------------------------------------------------------- audit log


class AuditFilterForm(DateRangeFilterForm):
    field_order = ["q", "org", "actor", "date_from", "date_to", "action"]
    q = forms.CharField(label="涉及人员", required=False, max_length=60)
    org = forms.ChoiceField(label="所属组织", required=False)
    actor = forms.CharField(label="操作人", required=False, max_length=60)
    action = forms.ChoiceField(label="操作", required=False, choices=ALL + AuditAction.choices)


class AuditFilterSet(FilterSet):
    form_class = AuditFilterForm
    search_placeholder = "姓名、拼音或身份证号"

    @property
    def queryset(self) -> QuerySet[Any]:
        v = dict(self.values)
        return selectors.audit_list(user=self.user, person=v.pop("q", ""), **v)


# ---------------------------------------------------------------- reads not (yet) in selectors.py
# The pages need these two; they belong in core/selectors.py (owned elsewhere) and can move.
