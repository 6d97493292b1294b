"""用户管理 (accounts), 登录记录, 权限说明, 修改密码 and 职工注册 pages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET

from gonghui.core import accounts, permissions, selectors
from gonghui.core.auth import login_record
from gonghui.core.crypto import lookup_hash
from gonghui.core.errors import DomainError
from gonghui.core.forms_users import (
    LoginHistoryFilterSet,
    MemberAccountForm,
    PasswordChangeForm,
    RegisterForm,
    StaffAccountForm,
    UserFilterSet,
    WorkerAccountForm,
)
from gonghui.core.models import Role, User
from gonghui.core.permissions import authorize, can, read_only, route_action
from gonghui.core.tables import Column, Table, fmt_datetime
from gonghui.core.views_list import ListPageView
from gonghui.core.web import act, page, submit, user_of

# ---------------------------------------------------------------- tables


def account_status(account: User) -> str:
    if not account.is_active:
        return "已停用"
    if account.is_locked:
        return "已锁定"
    if account.must_change_password:
        return "须修改密码"
    return "正常"


class UserTable(Table):
    model_label = "core.user"
    url_name = "core:user_detail"
    columns = [
        Column("用户名", lambda u: u.username, width=16),
        Column("姓名", lambda u: u.first_name, width=10),
        Column("角色", lambda u: u.get_role_display(), width=14, css="text-nowrap"),
        Column("所属组织", lambda u: u.organization.name if u.organization else "", width=28),
        Column("手机号", lambda u: u.phone_masked, full=lambda u: u.phone, width=14),
        Column("状态", account_status, width=10, css="text-nowrap"),
        Column("最近登录", lambda u: fmt_datetime(u.last_login), width=20, css="text-nowrap"),
        Column("创建时间", lambda u: fmt_datetime(u.date_joined), width=20, page=False),
    ]


class LoginHistoryTable(Table):
    model_label = "core.auditlog"
    columns = [
        Column("时间", lambda a: fmt_datetime(a.at), width=20, css="text-nowrap"),
        Column("用户名", lambda a: a.user.username if a.user else "", width=16),
        Column("姓名", lambda a: a.user.first_name if a.user else "", width=10),
        Column("结果", lambda a: a.get_action_display(), width=10, css="text-nowrap"),
        Column("所属组织", lambda a: a.org.name if a.org else "", width=26),
        Column("说明", lambda a: a.note, width=44),
    ]


# ---------------------------------------------------------------- lists


class UserListView(ListPageView):
    title = "用户管理"
    view_action = "core.user.view"
    filterset_class = UserFilterSet
    table_class = UserTable
    template_name = "core/users/user_list.html"
    create_url_name = "core:user_create"
    create_action = "core.user.create"
    create_label = "新增账号"
    route_action = None  # its POST only exports the listed rows


class LoginHistoryView(ListPageView):
    title = "登录记录"
    view_action = "core.login_history.view"
    filterset_class = LoginHistoryFilterSet
    table_class = LoginHistoryTable
    per_page = 50
    route_action = None  # its POST only exports the listed rows


# ---------------------------------------------------------------- accounts


def _account_in_scope(request: HttpRequest, pk: int) -> User:
    """An account of the user's subtree (403 for roles that may not see accounts), else 404."""
    return get_object_or_404(accounts.user_list(user=user_of(request)), pk=pk)


def _password_issued(
    request: HttpRequest, account: User, password: str, *, title: str, intro: str
) -> HttpResponse:
    """The temporary password, shown this once (the page is not cached)."""
    response = render(
        request,
        "core/users/password_issued.html",
        {"title": title, "account": account, "password": password, "intro": intro},
    )
    add_never_cache_headers(response)
    return response


@login_required
@require_GET
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    account = _account_in_scope(request, pk)
    user = user_of(request)
    logins: Any = []
    if can(user, "core.login_history.view"):
        logins = accounts.login_history(user=user).filter(user=account)[:20]
    return render(
        request,
        "core/users/user_detail.html",
        {
            "title": f"账号 {account.username}",
            "account": account,
            "status": account_status(account),
            "logins": logins,
            "is_self": account.pk == user.pk,
        },
    )


@login_required
@route_action("core.user.create")
@sensitive_post_parameters()
def user_create(request: HttpRequest) -> HttpResponse:
    """新增 a staff account; the temporary password is shown once."""
    actor = user_of(request)
    authorize(actor, "core.user.create")
    form = StaffAccountForm(request.POST or None, actor=actor)
    outcome = submit(
        request,
        form,
        lambda d: accounts.user_create(
            actor=actor,
            organization=d["organization"],
            username=d["username"],
            name=d["name"],
            phone=d["phone"],
            role=d["role"],
        ),
    )
    if outcome:
        account, password = outcome.value
        return _password_issued(
            request,
            account,
            password,
            title="账号已创建",
            intro=f"已为{account.first_name}创建{account.get_role_display()}账号。",
        )
    return render(
        request,
        "core/users/user_form.html",
        {"title": "新增账号", "form": form, "submit": "创建账号"},
    )


def _open_worker_account(actor: User, data: dict[str, Any]) -> tuple[User, str]:
    """The 职工本人 account of the person with this ID number in the officer's subtree."""
    id_hash = lookup_hash(data["id_number"], purpose="person.id_number")
    person = selectors.person_list(user=actor).filter(id_hash=id_hash).first()
    if person is None:
        raise DomainError(
            "在您的管辖范围内没有该身份证号码的人员档案，请先登记人员", column="id_number"
        )
    return accounts.worker_account_create(actor=actor, person=person, username=data["username"])


@page("core.user.create")
def user_create_worker(request: HttpRequest) -> HttpResponse:
    """开通职工账号: a 职工本人 account for a person of the officer's subtree."""
    actor = user_of(request)
    authorize(actor, "core.user.create")
    form = WorkerAccountForm(request.POST or None)
    outcome = submit(request, form, lambda d: _open_worker_account(actor, d))
    if outcome:
        account, password = outcome.value
        person = account.person
        return _password_issued(
            request,
            account,
            password,
            title="职工账号已开通",
            intro=f"已为{person.name}（{person.id_masked}）开通职工本人账号。",
        )
    return render(
        request,
        "core/users/user_form.html",
        {
            "title": "开通职工账号",
            "form": form,
            "submit": "开通账号",
            "intro": "为已登记的人员开通“职工本人”账号，职工登录后可查看本人的会员、劳模、疗休养、"
            "互助保障等信息。职工也可以在登录页通过“职工注册”自行开通。",
        },
    )


@page("core.user.change")
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = user_of(request)
    account = _account_in_scope(request, pk)
    authorize(actor, "core.user.change", account)
    form: StaffAccountForm | MemberAccountForm
    if account.role == Role.MEMBER:
        form = MemberAccountForm(request.POST or None)
    else:
        form = StaffAccountForm(
            request.POST or None,
            actor=actor,
            account=account,
            initial={
                "name": account.first_name,
                "organization": account.organization_id,
                "role": account.role,
            },
        )
        form.fields["phone"].required = False
    form.fields["phone"].help_text = f"留空则不修改（当前 {account.phone_masked or '未登记'}）"
    outcome = submit(
        request,
        form,
        lambda d: accounts.user_update(
            actor=actor,
            account=account,
            name=d.get("name"),
            phone=d["phone"] or None,
            organization=d.get("organization"),
            role=d.get("role"),
        ),
        ok=f"已保存账号“{account.username}”",
    )
    if outcome:
        return redirect("core:user_detail", pk=account.pk)
    return render(
        request,
        "core/users/user_form.html",
        {
            "title": f"修改账号 {account.username}",
            "form": form,
            "account": account,
            "submit": "保存",
        },
    )


def _state_change(request: HttpRequest, pk: int, service: Any, done: str) -> HttpResponse:
    account = _account_in_scope(request, pk)
    act(
        request,
        lambda: service(actor=user_of(request), account=account),
        done.format(username=account.username),
    )
    return redirect("core:user_detail", pk=account.pk)


@page("core.user.change", post=True)
def user_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _state_change(request, pk, accounts.user_deactivate, "已停用账号“{username}”")


@page("core.user.change", post=True)
def user_activate(request: HttpRequest, pk: int) -> HttpResponse:
    return _state_change(request, pk, accounts.user_activate, "已启用账号“{username}”")


@page("core.user.change", post=True)
def user_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    return _state_change(request, pk, accounts.user_unlock, "已解除账号“{username}”的登录锁定")


@page("core.user.change", post=True)
def user_reset_password(request: HttpRequest, pk: int) -> HttpResponse:
    account = _account_in_scope(request, pk)
    outcome = act(
        request, lambda: accounts.user_reset_password(actor=user_of(request), account=account)
    )
    if not outcome:
        return redirect("core:user_detail", pk=account.pk)
    return _password_issued(
        request,
        account,
        outcome.value,
        title="密码已重置",
        intro=f"已重置账号“{account.username}”的密码，登录锁定一并解除。",
    )


# ---------------------------------------------------------------- 权限说明


@login_required
@require_GET
def permission_list(request: HttpRequest) -> HttpResponse:
    """The permission table as a matrix: action × the five roles, with level and note."""
    authorize(request.user, "core.permission.view")
    return render(
        request,
        "core/users/permissions.html",
        {
            "title": "权限说明",
            "roles": [label for _, label in Role.choices],
            "rows": permissions.rows(),
        },
    )


# ---------------------------------------------------------------- one's own password


def _safe_next(request: HttpRequest) -> str:
    next_url = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        return "/"
    return next_url


# Changing one's own password is no action of the table (every account may): declared
# read_only for the permission walk; the service checks the old password.
@read_only
@login_required
@sensitive_post_parameters()
@never_cache
def password_change(request: HttpRequest) -> HttpResponse:
    account = user_of(request)
    form = PasswordChangeForm(request.POST or None)
    next_url = _safe_next(request)
    outcome = submit(
        request,
        form,
        lambda d: accounts.password_change(
            account=account, old_password=d["old_password"], new_password=d["password1"]
        ),
        ok="密码已修改",
    )
    if outcome:
        update_session_auth_hash(request, account)
        return redirect(next_url)
    return render(
        request,
        "core/users/password_change.html",
        {
            "title": "修改密码",
            "form": form,
            "next": next_url,
            "forced": account.must_change_password,
        },
    )


# ---------------------------------------------------------------- 职工注册


# Public, like the login page: anyone may register; the SMS code (5 tries, 10 minutes) and the
# match against the person record guard it. No table action: declared read_only for the walk.
@read_only
@sensitive_post_parameters("id_number", "password1", "password2", "code")
@csrf_protect
@never_cache
def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("core:home")
    sending = "send_code" in request.POST
    form = RegisterForm(request.POST or None, sending_code=sending)
    notice = ""
    error = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if sending:
                notice = accounts.worker_register_request_code(
                    name=data["name"], id_number=data["id_number"], phone=data["phone"]
                )
            else:
                account = accounts.worker_register(
                    name=data["name"],
                    id_number=data["id_number"],
                    phone=data["phone"],
                    code=data["code"],
                    username=data["username"],
                    password=data["password1"],
                )
                login(request, account, backend="django.contrib.auth.backends.ModelBackend")
                login_record(request=request, user=account, note="注册后登录")
                messages.success(request, "注册成功，欢迎使用安康市总工会·工会服务平台")
                return redirect("core:me")
        except accounts.RegistrationRefused as exc:
            error = exc.message
        except DomainError as exc:
            form.add_domain_error(exc)
    return render(
        request,
        "core/users/register.html",
        {"title": "职工注册", "form": form, "notice": notice, "error": error},
        status=400 if error else 200,
    )
