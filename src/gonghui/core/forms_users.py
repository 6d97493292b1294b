"""Forms and list filters of 用户管理, 登录记录, 修改密码 and 职工注册.

They parse input; the services in core.accounts validate and write.
"""

from __future__ import annotations

from typing import Any

from django import forms

from gonghui.core import accounts, selectors
from gonghui.core.filters import ALL, DateRangeFilterForm, FilterForm, FilterSet
from gonghui.core.forms import DomainErrorFormMixin, _domain_clean, org_field
from gonghui.core.models import AuditAction, Role, User
from gonghui.core.permissions import ROLE_RANK
from gonghui.core.validators import parse_id_number, parse_mobile

_NEW_PASSWORD_HELP = "至少10个字符，不能是常见密码，也不能全部是数字"


def _password_field(label: str, *, autocomplete: str, help_text: str = "") -> forms.CharField:
    field = forms.CharField(
        label=label,
        max_length=128,
        strip=False,
        help_text=help_text,
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
    )
    field.error_messages["required"] = f"请填写{label}"
    return field


def _grantable_roles(user: User) -> list[tuple[str, str]]:
    """The staff roles `user` may give (none above their own); the service checks it again."""
    rank = ROLE_RANK.get(user.role, -1)
    return [(r.value, str(r.label)) for r in accounts.STAFF_ROLES if ROLE_RANK[r.value] <= rank]


def _chinese_required(form: forms.Form) -> None:
    for field in form.fields.values():
        field.error_messages["required"] = f"请填写{field.label}"


class _TwoPasswordsMixin:
    """`password1` and `password2` must be equal (the strength is checked by the service)."""

    def clean(self) -> dict[str, Any]:
        data = super().clean()  # type: ignore[misc]
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", "两次输入的新密码不一致")  # type: ignore[attr-defined]
        return data


# ---------------------------------------------------------------- staff accounts


class StaffAccountForm(DomainErrorFormMixin, forms.Form):
    """新增 / 修改 a staff account: the organization from the user's subtree, roles up to theirs."""

    username = forms.CharField(label="用户名", max_length=30, help_text=accounts.USERNAME_RULE)
    name = forms.CharField(label="姓名", max_length=40)
    phone = forms.CharField(label="手机号", max_length=20)
    column_fields = {
        "username": "username",
        "name": "name",
        "phone": "phone",
        "organization": "organization",
        "role": "role",
    }

    def __init__(self, *args: Any, actor: User, account: User | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        orgs = selectors.organization_list(user=actor).filter(is_active=True)
        role_choices = [("", "请选择"), *_grantable_roles(actor)]
        if account is not None and account.pk == actor.pk:
            # Nobody changes their own role or place: that would be granting it to oneself.
            orgs = orgs.filter(pk=account.organization_id or 0)
            role_choices = [(account.role, str(account.get_role_display()))]
        self.fields["organization"] = org_field(
            "所属组织", orgs, actor, help_text="按组织层级排列，只能选择本级及下级组织"
        )
        self.fields["role"] = forms.ChoiceField(
            label="角色", choices=role_choices, help_text="不能授予高于本人的角色"
        )
        _chinese_required(self)
        self.fields["organization"].error_messages["required"] = "请选择所属组织"
        self.fields["role"].error_messages["required"] = "请选择角色"
        self.fields["role"].error_messages["invalid_choice"] = "不能授予该角色"
        if account is not None:
            del self.fields["username"]
            if account.pk == actor.pk:
                self.fields["organization"].disabled = True
                self.fields["role"].disabled = True

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"]
        if not phone and not self.fields["phone"].required:
            return ""  # editing: blank keeps the stored number
        return _domain_clean(parse_mobile, phone)


class MemberAccountForm(DomainErrorFormMixin, forms.Form):
    """修改 a 职工本人 account: name and place follow the person record; the phone may change."""

    phone = forms.CharField(label="手机号", max_length=20, required=False)
    column_fields = {"phone": "phone"}

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"]
        return _domain_clean(parse_mobile, phone) if phone else ""


class WorkerAccountForm(DomainErrorFormMixin, forms.Form):
    """开通职工账号: the person by ID number (within the officer's subtree) and a username."""

    id_number = forms.CharField(label="身份证号码", max_length=30)
    username = forms.CharField(label="用户名", max_length=30, help_text=accounts.USERNAME_RULE)
    column_fields = {"username": "username", "id_number": "id_number"}

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _chinese_required(self)

    def clean_id_number(self) -> str:
        return _domain_clean(parse_id_number, self.cleaned_data["id_number"]).number


# ---------------------------------------------------------------- passwords


class PasswordChangeForm(_TwoPasswordsMixin, DomainErrorFormMixin, forms.Form):
    old_password = _password_field("原密码", autocomplete="current-password")
    password1 = _password_field("新密码", autocomplete="new-password", help_text=_NEW_PASSWORD_HELP)
    password2 = _password_field("确认新密码", autocomplete="new-password")
    column_fields = {"old_password": "old_password", "password": "password1"}


# ---------------------------------------------------------------- self-registration


class RegisterForm(_TwoPasswordsMixin, DomainErrorFormMixin, forms.Form):
    """职工注册: name + ID + phone as on record, the texted code, then a username and password."""

    name = forms.CharField(label="姓名", max_length=40)
    id_number = forms.CharField(label="身份证号码", max_length=30)
    phone = forms.CharField(
        label="手机号", max_length=20, help_text="须与人员档案中登记的手机号一致"
    )
    code = forms.CharField(label="短信验证码", max_length=6, required=False)
    username = forms.CharField(
        label="用户名", max_length=30, required=False, help_text=accounts.USERNAME_RULE
    )
    password1 = _password_field("密码", autocomplete="new-password", help_text=_NEW_PASSWORD_HELP)
    password2 = _password_field("确认密码", autocomplete="new-password")
    column_fields = {
        "name": "name",
        "id_number": "id_number",
        "phone": "phone",
        "username": "username",
        "password": "password1",
    }
    IDENTITY = ("name", "id_number", "phone")

    def __init__(self, *args: Any, sending_code: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _chinese_required(self)
        self.fields["code"].widget.attrs.update(autocomplete="one-time-code", inputmode="numeric")
        self.fields["id_number"].widget.attrs["autocomplete"] = "off"
        if sending_code:
            # Asking for a code needs only who one is; the rest comes with the code.
            for name in list(self.fields):
                if name not in self.IDENTITY:
                    self.fields[name].required = False
        else:
            for name in ("code", "username"):
                self.fields[name].required = True

    def clean_id_number(self) -> str:
        return _domain_clean(parse_id_number, self.cleaned_data["id_number"]).number

    def clean_phone(self) -> str:
        return _domain_clean(parse_mobile, self.cleaned_data["phone"])


# ---------------------------------------------------------------- list filters


class UserFilterForm(FilterForm):
    role = forms.ChoiceField(label="角色", required=False, choices=ALL + Role.choices)
    status = forms.ChoiceField(
        label="状态", required=False, choices=ALL + accounts.ACCOUNT_STATUSES
    )
    org = forms.ChoiceField(label="所属组织", required=False)


class UserFilterSet(FilterSet):
    form_class = UserFilterForm
    search_placeholder = "用户名、姓名或手机号"

    selector = accounts.user_list


_LOGIN_RESULTS: list[tuple[str, str]] = [
    (a.value, str(a.label))
    for a in (AuditAction.LOGIN, AuditAction.LOGIN_FAILED, AuditAction.LOCKED, AuditAction.LOGOUT)
]


class LoginHistoryFilterForm(DateRangeFilterForm):
    field_order = ["q", "result", "org", "date_from", "date_to"]
    result = forms.ChoiceField(label="结果", required=False, choices=ALL + _LOGIN_RESULTS)
    org = forms.ChoiceField(label="所属组织", required=False)


class LoginHistoryFilterSet(FilterSet):
    form_class = LoginHistoryFilterForm
    search_placeholder = "用户名、姓名或IP"

    selector = accounts.login_history
