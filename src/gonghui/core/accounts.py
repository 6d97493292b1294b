"""Accounts (用户管理): staff and worker accounts opened and managed by officers, login history.

Writes are keyword-only services checked against the permission table (`@requires`), run in one
transaction and write one explicit audit entry each (see core.accounts_rules for why they
bypass `save()`). What account holders do themselves (registration, their own password) is in
core.accounts_self; both modules' public names are re-exported here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q, QuerySet

from gonghui.core import clock
from gonghui.core.accounts_rules import (
    ROLE_ORG_KINDS,
    STAFF_ROLES,
    USERNAME_RE,
    USERNAME_RULE,
    AccountError,
    _audit,
    _check_grant,
    _check_manage,
    _check_role_org,
    _clean_name,
    _clean_phone,
    _insert,
    _locked,
    _state,
    _write,
    clean_username,
    password_check,
    role_org_error,
    temporary_password,
)
from gonghui.core.accounts_self import (
    CODE_DAILY_LIMIT,
    CODE_MAX_ATTEMPTS,
    CODE_RESEND_SECONDS,
    CODE_SENT,
    CODE_TTL,
    REGISTRATION_FAILED,
    RegistrationRefused,
    password_change,
    worker_register,
    worker_register_request_code,
)
from gonghui.core.crypto import lookup_hash
from gonghui.core.db import unique_or
from gonghui.core.errors import DomainError
from gonghui.core.models import (
    AuditAction,
    AuditLog,
    Organization,
    Person,
    PersonStatus,
    Role,
    User,
)
from gonghui.core.permissions import authorize, requires, role_label
from gonghui.core.selectors import within_days
from gonghui.core.validators import normalize_text, parse_mobile

LOGIN_ACTIONS = (
    AuditAction.LOGIN,
    AuditAction.LOGIN_FAILED,
    AuditAction.LOCKED,
    AuditAction.LOGOUT,
)


# ---------------------------------------------------------------- staff accounts


@requires("core.user.create", on="organization")
def user_create(
    *, actor: User, organization: Organization, username: str, name: str, phone: str, role: str
) -> tuple[User, str]:
    """Create a staff account; returns it with its temporary password (shown once)."""
    if role == Role.MEMBER:
        raise AccountError("职工本人账号请通过“开通职工账号”或职工自助注册创建", column="role")
    _check_grant(actor, role, "core.user.create")
    _check_role_org(role, organization)
    name = _clean_name(name)
    phone = _clean_phone(phone, required=True)
    password = temporary_password()
    with transaction.atomic():
        account = User(
            username=clean_username(username),
            first_name=name,
            role=role,
            organization=organization,
            must_change_password=True,
            date_joined=clock.now(),
        )
        account.set_phone(phone)
        account.set_password(password)
        _insert(account)
        _audit(
            actor, account, AuditAction.CREATE, None, f"新增{role_label(role)}账号，已设临时密码"
        )
    return account, password


@requires("core.user.change", on="account")
def user_update(
    *,
    actor: User,
    account: User,
    name: str | None = None,
    phone: str | None = None,
    organization: Organization | None = None,
    role: str | None = None,
) -> User:
    """Change an account's name, phone and (staff) organization and role (None: keep)."""
    _check_manage(actor, account, "core.user.change")
    organization = organization or account.organization
    role = role or account.role
    if account.pk == actor.pk and (role != account.role or organization != account.organization):
        raise AccountError("不能修改本人的角色或所属组织", column="role")
    if Role.MEMBER in (role, account.role):
        if role != account.role:
            raise AccountError("职工本人账号与人员档案绑定，不能与其他角色互换", column="role")
        if organization != account.organization:
            raise AccountError(
                "职工本人账号的所属组织随人员档案，不能在此修改", column="organization"
            )
    else:
        if organization is None:
            raise AccountError("请选择所属组织", column="organization")
        authorize(actor, "core.user.change", organization)  # the new place is in scope too
        _check_grant(actor, role, "core.user.change")
        _check_role_org(role, organization)
    if account.person_id is not None and account.person is not None:
        name = account.person.name  # a worker's name is their person record's
    name = _clean_name(name) if name is not None else account.first_name
    if phone is not None:
        phone = _clean_phone(phone, required=account.role != Role.MEMBER)
    with transaction.atomic():
        account = _locked(account)
        before = _state(account)
        account.first_name = name
        account.role = role
        account.organization = organization
        if phone is not None and phone != account.phone:
            account.set_phone(phone)
        _write(
            account,
            ["first_name", "role", "organization", "phone_enc", "phone_hash", "phone_masked"],
        )
        if before != _state(account):
            _audit(actor, account, AuditAction.UPDATE, before, "修改账号信息")
    return account


def _set_active(actor: User, account: User, active: bool) -> User:
    _check_manage(actor, account, "core.user.change")
    state = "启用" if active else "停用"
    with transaction.atomic():
        account = _locked(account)
        if account.is_active == active:
            raise AccountError(f"账号“{account.username}”已是{state}状态")
        before = _state(account)
        account.is_active = active
        _write(account, ["is_active"])
        _audit(actor, account, AuditAction.UPDATE, before, f"{state}账号")
    return account


@requires("core.user.change", on="account")
def user_deactivate(*, actor: User, account: User) -> User:
    """停用: the account can no longer log in; its open sessions end at their next request."""
    if account.pk == actor.pk:
        raise AccountError("不能停用本人的账号")
    return _set_active(actor, account, False)


@requires("core.user.change", on="account")
def user_activate(*, actor: User, account: User) -> User:
    """启用 a deactivated account again."""
    return _set_active(actor, account, True)


@requires("core.user.change", on="account")
def user_unlock(*, actor: User, account: User) -> User:
    """解锁 an account locked after repeated wrong passwords."""
    _check_manage(actor, account, "core.user.change")
    with transaction.atomic():
        account = _locked(account)
        if not account.is_locked and not account.failed_logins:
            raise AccountError(f"账号“{account.username}”未被锁定")
        before = _state(account)
        account.failed_logins = 0
        account.locked_until = None
        _write(account, ["failed_logins", "locked_until"])
        _audit(actor, account, AuditAction.UPDATE, before, "解除登录锁定")
    return account


@requires("core.user.change", on="account")
def user_reset_password(*, actor: User, account: User) -> str:
    """重置密码: a temporary password (returned, shown once) to be changed at the next login."""
    if account.pk == actor.pk:
        raise AccountError("不能在此重置本人的密码，请使用“修改密码”")
    _check_manage(actor, account, "core.user.change")
    password = temporary_password()
    with transaction.atomic():
        account = _locked(account)
        before = _state(account)
        account.set_password(password)
        account.must_change_password = True
        account.failed_logins = 0
        account.locked_until = None
        _write(account, ["password", "must_change_password", "failed_logins", "locked_until"])
        _audit(actor, account, AuditAction.UPDATE, before, "重置密码（下次登录须修改）")
    return password


# ---------------------------------------------------------------- bulk creation (imports)


@dataclass
class AccountRow:
    """One account of a bulk import, already validated by the importer."""

    username: str
    name: str
    phone: str
    role: str
    organization: Organization
    person: Person | None = None
    password: str = ""  # blank: no usable password until an officer resets it


@requires("core.user.import")
def users_import(*, actor: User, rows: list[AccountRow]) -> list[User]:
    """Create the accounts of an import in one transaction, each with its audit entry."""
    accounts = []
    for row in rows:
        authorize(actor, "core.user.import", row.person or row.organization)
        if row.role == Role.MEMBER:
            if row.person is None:
                raise AccountError("职工本人账号须对应人员档案", column="id_number")
        else:
            _check_grant(actor, row.role, "core.user.import")
            _check_role_org(row.role, row.organization)
        account = User(
            username=row.username,
            first_name=row.name,
            role=row.role,
            organization=row.organization,
            person=row.person,
            must_change_password=True,
            date_joined=clock.now(),
        )
        account.set_phone(row.phone)
        if row.password:
            account.set_password(row.password)
        else:
            account.set_unusable_password()
        accounts.append(account)
    with transaction.atomic():
        with unique_or("导入的用户名或人员档案已有账号，请重新校验后导入", error=AccountError):
            User.objects.bulk_create(accounts)
        for account in accounts:
            _audit(
                actor, account, AuditAction.CREATE, None, f"批量导入{role_label(account.role)}账号"
            )
    return accounts


# ---------------------------------------------------------------- worker accounts


@requires("core.user.create", on="person")
def worker_account_create(*, actor: User, person: Person, username: str) -> tuple[User, str]:
    """An officer opens a 职工本人 account for a person in scope (temporary password, shown once)."""
    password = temporary_password()
    with transaction.atomic():
        person = Person.objects.select_for_update().select_related("org").get(pk=person.pk)
        if person.status == PersonStatus.DECEASED:
            raise AccountError(f"{person.name}已登记为已故，不能开通账号")
        if User.objects.filter(person=person).exists():
            raise AccountError(f"{person.name}已开通账号，如忘记密码请重置密码")
        account = User(
            username=clean_username(username),
            first_name=person.name,
            role=Role.MEMBER,
            organization=person.org,
            person=person,
            must_change_password=True,
            date_joined=clock.now(),
        )
        account.set_phone(person.phone if person.phone_enc else "")
        account.set_password(password)
        _insert(account)
        _audit(actor, account, AuditAction.CREATE, None, "开通职工本人账号，已设临时密码")
    return account, password


# ---------------------------------------------------------------- reads


def _org_within(user: User, org: str) -> str | None:
    """The path of organization `org` (an id) when it lies in the user's subtree."""
    if not str(org).isdigit() or user.organization is None:
        return None
    return (
        Organization.objects.filter(pk=int(org), path__startswith=user.organization.path)
        .values_list("path", flat=True)
        .first()
    )


def _owned_under(path: str) -> Q:
    """Accounts owned under `path`: staff by their organization, workers by their person's."""
    return Q(person__isnull=True, organization__path__startswith=path) | Q(
        person__org__path__startswith=path
    )


ACCOUNT_STATUSES = [
    ("active", "正常"),
    ("inactive", "已停用"),
    ("locked", "已锁定"),
    ("must_change", "须修改密码"),
]


@requires("core.user.view")
def user_list(
    *, user: User, q: str = "", role: str = "", org: str = "", status: str = ""
) -> QuerySet[User]:
    """Accounts owned in the user's subtree (a worker's by their person record's union)."""
    assert user.organization is not None  # the table's level check needs one
    scope = _owned_under(user.organization.path)
    if user.organization.parent_id is None:
        scope |= Q(person__isnull=True, organization__isnull=True)
    qs = User.objects.select_related("organization", "person__org").filter(scope)
    text = normalize_text(q)
    if text:
        found = Q(username__icontains=text) | Q(first_name__icontains=text)
        try:
            found |= Q(phone_hash=lookup_hash(parse_mobile(text), purpose="user.phone"))
        except DomainError:
            pass
        qs = qs.filter(found)
    if role:
        qs = qs.filter(role=role)
    if org:
        path = _org_within(user, org)
        qs = qs.filter(_owned_under(path)) if path else qs.none()
    now = clock.now()
    if status == "active":
        qs = qs.filter(is_active=True).exclude(locked_until__gt=now)
    elif status == "inactive":
        qs = qs.filter(is_active=False)
    elif status == "locked":
        qs = qs.filter(locked_until__gt=now)
    elif status == "must_change":
        qs = qs.filter(must_change_password=True)
    return qs.order_by("organization__path", "username")


@requires("core.login_history.view")
def login_history(
    *,
    user: User,
    q: str = "",
    result: str = "",
    org: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditLog]:
    """Logins, failures, lockouts and logouts of accounts in the user's subtree, newest first."""
    assert user.organization is not None
    scope = Q(org_path__startswith=user.organization.path)
    if user.organization.parent_id is None:
        scope |= Q(org_path="")  # unknown usernames belong to no organization
    qs = (
        AuditLog.objects.select_related("user", "org")
        .filter(model="core.user", action__in=LOGIN_ACTIONS)
        .filter(scope)
    )
    text = normalize_text(q)
    if text:
        qs = qs.filter(
            Q(user__username__icontains=text)
            | Q(user__first_name__icontains=text)
            | Q(note__icontains=text)
        )
    if result:
        qs = qs.filter(action=result)
    if org:
        path = _org_within(user, org)
        qs = qs.filter(org_path__startswith=path) if path else qs.none()
    return within_days(qs, date_from, date_to).order_by("-at", "-id")


__all__ = [
    "ACCOUNT_STATUSES",
    "CODE_DAILY_LIMIT",
    "CODE_MAX_ATTEMPTS",
    "CODE_RESEND_SECONDS",
    "CODE_SENT",
    "CODE_TTL",
    "LOGIN_ACTIONS",
    "REGISTRATION_FAILED",
    "ROLE_ORG_KINDS",
    "STAFF_ROLES",
    "USERNAME_RE",
    "USERNAME_RULE",
    "AccountError",
    "AccountRow",
    "RegistrationRefused",
    "clean_username",
    "login_history",
    "password_change",
    "password_check",
    "role_org_error",
    "temporary_password",
    "user_activate",
    "user_create",
    "user_deactivate",
    "user_list",
    "user_reset_password",
    "user_unlock",
    "user_update",
    "users_import",
    "worker_account_create",
    "worker_register",
    "worker_register_request_code",
]
