"""Forms of the core pages. They only parse input; services validate and write."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.db.models import QuerySet

from gonghui.core import selectors
from gonghui.core.codes import BY_FIELD as CODE_LISTS
from gonghui.core.codes import CodeList
from gonghui.core.errors import DomainError
from gonghui.core.models import (
    EmployerKind,
    NewEmploymentForm,
    Organization,
    OrgKind,
    PersonStatus,
    Sex,
    User,
)
from gonghui.core.validators import parse_credit_code, parse_id_number, parse_mobile
from gonghui.core.widgets import OrgTreePicker

UNION_KINDS = [OrgKind.GRASSROOTS, OrgKind.INDUSTRY, OrgKind.REGIONAL, OrgKind.GROUP]


class DateInput(forms.DateInput):
    """<input type=date> needs ISO values (YYYY-MM-DD) whatever the locale's display format:
    with zh-hans's 2026/03/02 an edit form's dates would show empty in the browser."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:
        super().__init__(attrs=attrs, format=format or "%Y-%m-%d")


def org_field(
    label: str, qs: QuerySet[Organization], user: User, **kw: Any
) -> forms.ModelChoiceField:
    """An organization of `qs` (within the user's subtree), chosen in the organization tree."""
    kw.setdefault("empty_label", "请选择")
    field = forms.ModelChoiceField(
        queryset=qs,
        label=label,
        widget=OrgTreePicker(blank_label=kw["empty_label"] or "请选择"),
        **kw,
    )
    field.error_messages["invalid_choice"] = "所选组织不存在或不在您的管辖范围内"
    return field


def _domain_clean(parse: Callable[[Any], Any], value: Any) -> Any:
    """Run a validator from core.validators, turning its DomainError into a field error."""
    try:
        return parse(value)
    except DomainError as exc:
        raise forms.ValidationError(exc.message) from None


class DomainErrorFormMixin:
    """Put a service's DomainError on the field it names (its `column`), else on the form."""

    column_fields: dict[str, str] = {}

    def add_domain_error(self, exc: DomainError) -> None:
        field = self.column_fields.get(exc.column or "")
        if field is None:
            for prefix, name in self.column_fields.items():
                if exc.message.startswith(prefix):
                    field = name
                    break
        if field not in self.fields:  # type: ignore[attr-defined]
            field = None
        self.add_error(field, exc.message)  # type: ignore[attr-defined]


# ---------------------------------------------------------------- login


class LoginForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150)
    password = forms.CharField(label="密码", widget=forms.PasswordInput, max_length=128)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "请输入用户名"
        self.fields["password"].error_messages["required"] = "请输入密码"
        self.fields["username"].widget.attrs.update(autofocus=True, autocomplete="username")
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"


# ---------------------------------------------------------------- organizations


class OrganizationCreateForm(DomainErrorFormMixin, forms.Form):
    name = forms.CharField(label="名称", max_length=120)
    kind = forms.ChoiceField(
        label="类型", choices=[c for c in OrgKind.choices if c[0] != OrgKind.CITY]
    )
    code = forms.CharField(
        label="行政区划代码",
        max_length=12,
        required=False,
        help_text="县级组织填写 GB/T 2260 代码，其他留空",
    )
    column_fields = {
        "组织名称": "name",
        "上级组织下已有同名": "name",
        "行政区划代码": "code",
        "未知的组织类型": "kind",
        "县（市、区）总工会只能": "kind",
    }

    def __init__(self, *args: Any, parent: Organization | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if parent is not None and parent.kind != OrgKind.CITY:
            # A county federation sits only under the city (organization_create says so too).
            field = self.fields["kind"]
            field.choices = [c for c in field.choices if c[0] != OrgKind.COUNTY]  # type: ignore[attr-defined]


class OrganizationRenameForm(DomainErrorFormMixin, forms.Form):
    name = forms.CharField(label="新名称", max_length=120)
    column_fields = {"组织名称": "name", "上级组织下已有同名": "name"}


class OrganizationMoveForm(DomainErrorFormMixin, forms.Form):
    column_fields = {"不能把组织": "new_parent"}

    def __init__(self, *args: Any, user: User, org: Organization, **kwargs: Any):
        super().__init__(*args, **kwargs)
        qs = (
            selectors.organization_list(user=user)
            .exclude(path__startswith=org.path)
            .exclude(pk=org.parent_id or 0)
            .exclude(kind=OrgKind.GROUP)
        )
        self.fields["new_parent"] = org_field("新的上级组织", qs, user)


# ---------------------------------------------------------------- employers


class EmployerForm(DomainErrorFormMixin, forms.Form):
    credit_code = forms.CharField(label="统一社会信用代码", max_length=30)
    name = forms.CharField(label="单位名称", max_length=200)
    kind = forms.ChoiceField(label="单位类型", choices=EmployerKind.choices)
    is_new_economy = forms.BooleanField(label="新经济组织", required=False)
    is_new_social = forms.BooleanField(label="新社会组织", required=False)
    employee_count = forms.IntegerField(label="职工人数", min_value=0, initial=0)
    industry = forms.CharField(label="行业", max_length=60, required=False)
    has_union = forms.BooleanField(label="已建工会", required=False)
    has_party_org = forms.BooleanField(label="已建党组织", required=False)
    column_fields = {
        "统一社会信用代码": "credit_code",
        "单位名称": "name",
        "单位类型": "kind",
        "职工人数": "employee_count",
    }

    def __init__(self, *args: Any, user: User, editing: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        qs = selectors.organization_list(user=user)
        self.fields["org"] = org_field("属地工会", qs, user, initial=user.organization_id)
        self.fields["employee_count"].error_messages["min_value"] = "职工人数不能为负数"
        if editing:
            # The credit code is the employer's identity: changing it would make another one.
            self.fields["credit_code"].disabled = True

    def clean_credit_code(self) -> str:
        if self.fields["credit_code"].disabled:
            return self.cleaned_data["credit_code"]
        return _domain_clean(parse_credit_code, self.cleaned_data["credit_code"])


# ---------------------------------------------------------------- persons


def code_choices(codes: CodeList, stored: str = "") -> list[tuple[str, str]]:
    """The list's dropdown; a stored value outside it (an old record) stays selectable, marked
    （原值）, so saving the record does not silently drop it."""
    if not stored or stored in codes.names:
        return codes.choices
    blank, *names = codes.choices
    return [blank, (stored, f"（原值）{stored}"), *names]


class PersonForm(DomainErrorFormMixin, forms.Form):
    name = forms.CharField(label="姓名", max_length=40)
    id_number = forms.CharField(label="居民身份证号码", max_length=30)
    phone = forms.CharField(label="手机号", max_length=20, required=False)
    birth_date = forms.DateField(
        label="出生日期", required=False, widget=DateInput, help_text="可不填，按身份证号码计算"
    )
    sex = forms.ChoiceField(
        label="性别", required=False, choices=[("", "按身份证号码"), *Sex.choices]
    )
    ethnicity = forms.ChoiceField(label="民族", required=False)
    political_status = forms.ChoiceField(label="政治面貌", required=False)
    education = forms.ChoiceField(label="学历", required=False)
    work_unit = forms.CharField(label="工作单位名称", max_length=200, required=False)
    post = forms.CharField(label="岗位", max_length=60, required=False)
    frontline = forms.BooleanField(label="一线职工", required=False)
    hardship_post = forms.BooleanField(label="艰苦岗位", required=False)
    key_sector = forms.BooleanField(label="重点领域", required=False)
    migrant_worker = forms.BooleanField(label="农民工", required=False)
    new_employment_form = forms.ChoiceField(
        label="新就业形态", required=False, choices=NewEmploymentForm.choices
    )
    column_fields = {
        "姓名": "name",
        "身份证号码": "id_number",
        "出生日期": "birth_date",
        "性别": "sex",
        "手机号": "phone",
        "手机号码": "phone",
        "入会日期": "joined_on",
        **{codes.label: field for field, codes in CODE_LISTS.items()},
    }

    def __init__(self, *args: Any, user: User, editing: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for field, codes in CODE_LISTS.items():
            stored = self.initial.get(field) or ""
            self.initial[field] = value = codes.normalize(stored) or stored
            self.fields[field].choices = code_choices(codes, value)  # type: ignore[attr-defined]
            if value not in ("", *codes.names):
                self.fields[
                    field
                ].help_text = f"原值不在{codes.label}标准代码表中，建议改选标准名称"
        self.fields["employer"] = forms.ModelChoiceField(
            queryset=selectors.employer_list(user=user),
            label="用人单位",
            required=False,
            empty_label="（未登记的单位）",
        )
        self.fields["employer"].error_messages["invalid_choice"] = "所选单位不在您的管辖范围内"
        if editing:
            # The ID number is the person's identity; it is shown masked and not editable.
            del self.fields["id_number"]
            self.fields["phone"].help_text = "留空则不修改"
        else:
            orgs = selectors.organization_list(user=user).exclude(kind=OrgKind.CITY)
            self.fields["org"] = org_field("所属工会", orgs, user, initial=user.organization_id)
            self.fields["joined_on"] = forms.DateField(
                label="入会日期",
                required=False,
                widget=DateInput,
                help_text="所属组织为基层工会时填写，即同时登记为会员",
            )

    # The services check these again; checking here shows every field's error in one round.
    def clean_id_number(self) -> str:
        return _domain_clean(parse_id_number, self.cleaned_data["id_number"]).number

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"]
        return _domain_clean(parse_mobile, phone) if phone else ""


class PersonStatusForm(forms.Form):
    status = forms.ChoiceField(label="状态", choices=PersonStatus.choices)


class MembershipTransferForm(DomainErrorFormMixin, forms.Form):
    on = forms.DateField(label="转会日期", widget=DateInput)
    note = forms.CharField(label="备注", max_length=200, required=False)
    column_fields = {"转会日期": "on"}

    def __init__(self, *args: Any, user: User, exclude_union: int | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        qs = selectors.organization_list(user=user).filter(kind__in=UNION_KINDS)
        if exclude_union:
            qs = qs.exclude(pk=exclude_union)
        self.fields["to_union"] = org_field("转入工会", qs, user)
        self.order_fields(["to_union", "on", "note"])


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several documents in one input (PDF or images; core.documents checks their bytes): the
    cleaned value is a list, empty when none was chosen."""

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []
