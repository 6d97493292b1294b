"""Accounts (用户管理): staff and worker accounts, passwords, self-registration, login history.

Writes are keyword-only services checked against the permission table (`@requires`), run in one
transaction and write one explicit audit entry each. They update the user row with
`QuerySet.update()` / `bulk_create()` rather than `save()`: the generic change log (signals)
would copy the password hash into the audit log, and the entry written here says what happened.
"""

from __future__ import annotations

import datetime as dt
import hmac
import re
import secrets
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet

from gonghui.core import clock, sms
from gonghui.core.audit import audit_log
from gonghui.core.crypto import lookup_hash
from gonghui.core.errors import DomainError
from gonghui.core.models import (
    AuditAction,
    AuditLog,
    Organization,
    OrgKind,
    Person,
    PersonStatus,
    RegistrationCode,
    Role,
    User,
)
from gonghui.core.permissions import ROLE_RANK, Denied, authorize, requires, role_label
from gonghui.core.validators import normalize_text, parse_id_number, parse_mobile

# Self-registration: a code lives 10 minutes and allows 5 wrong tries; one code a minute and
# at most ten a day per phone number.
CODE_TTL = dt.timedelta(minutes=10)
CODE_MAX_ATTEMPTS = 5
CODE_RESEND_SECONDS = 60
CODE_DAILY_LIMIT = 10

STAFF_ROLES = (Role.CITY_ADMIN, Role.COUNTY_OFFICER, Role.GRASSROOTS_CHAIR, Role.AUDITOR)
_UNION_KINDS = frozenset({OrgKind.GRASSROOTS, OrgKind.INDUSTRY, OrgKind.REGIONAL, OrgKind.GROUP})
_CITY_OR_COUNTY = frozenset({OrgKind.CITY, OrgKind.COUNTY})
# Where each staff role may sit: the table's levels read the acting user's organization kind.
ROLE_ORG_KINDS: dict[str, tuple[frozenset[str], str]] = {
    Role.CITY_ADMIN: (frozenset({OrgKind.CITY}), "市总工会"),
    Role.COUNTY_OFFICER: (_CITY_OR_COUNTY, "市总工会或县（市、区）总工会"),
    Role.AUDITOR: (_CITY_OR_COUNTY, "市总工会或县（市、区）总工会"),
    Role.GRASSROOTS_CHAIR: (_UNION_KINDS, "基层工会、行业或区域工会联合会、工会小组"),
}

USERNAME_RE = re.compile(r"^[A-Za-z0-9_.@\-]{3,30}$")
USERNAME_RULE = "用户名须为3至30位英文字母、数字或 _ . - @"

LOGIN_ACTIONS = (
    AuditAction.LOGIN,
    AuditAction.LOGIN_FAILED,
    AuditAction.LOCKED,
    AuditAction.LOGOUT,
)

REGISTRATION_FAILED = (
    "注册失败：姓名、身份证号码、手机号与人员档案不一致，或验证码错误、已失效"
    "（验证码10分钟内有效，最多可输错5次）。请核对后重新获取验证码；"
    "如仍无法注册，请联系所在工会。"
)
CODE_SENT = (
    "如姓名、身份证号码和手机号与人员档案一致，验证码已通过短信发送到该手机号，10分钟内有效。"
)


class AccountError(DomainError):
    """A refused account change, with a Chinese message (column = the form field)."""


class RegistrationRefused(DomainError):
    """Self-registration refused; always the one message that says nothing of the records."""


# ---------------------------------------------------------------- passwords

_PASSWORD_MESSAGES = {
    "password_too_short": "密码太短，至少需要{min_length}个字符",
    "password_too_common": "密码过于常见，容易被猜到，请换一个",
    "password_entirely_numeric": "密码不能全部是数字",
    "password_too_similar": "密码与用户名或姓名过于相似",
}


def password_check(password: str, account: User | None = None) -> None:
    """Django's password validators (settings) with Chinese messages; raises AccountError."""
    try:
        validate_password(password, account)
    except ValidationError as exc:
        reasons = []
        for error in exc.error_list:
            template = _PASSWORD_MESSAGES.get(error.code or "")
            params = error.params if isinstance(error.params, dict) else {}
            reasons.append(template.format(**params) if template else " ".join(error.messages))
        raise AccountError("；".join(reasons), column="password") from None


_PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"


def temporary_password() -> str:
    """12 characters without look-alikes (0/O, 1/l/I), with upper, lower and digit."""
    while True:
        value = "".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(12))
        if (
            any(c.isupper() for c in value)
            and any(c.islower() for c in value)
            and any(c.isdigit() for c in value)
        ):
            return value


# ---------------------------------------------------------------- helpers


def _state(account: User) -> dict[str, Any]:
    """What the audit log keeps of an account (never the password hash)."""
    return {
        "username": account.username,
        "first_name": account.first_name,
        "role": account.role,
        "organization_id": account.organization_id,
        "person_id": account.person_id,
        "phone_masked": account.phone_masked,
        "is_active": account.is_active,
        "must_change_password": account.must_change_password,
        "locked_until": account.locked_until.isoformat() if account.locked_until else None,
    }


def _audit(
    actor: Any, account: User, action: str, before: dict[str, Any] | None, note: str
) -> None:
    audit_log(
        action=action,
        instance=account,
        before=before,
        after=_state(account),
        user=actor,
        org=account.owner_org(),
        note=note,
    )


def _write(account: User, fields: list[str]) -> None:
    """UPDATE the given fields without the generic change log (see the module docstring)."""
    User.objects.filter(pk=account.pk).update(**{f: getattr(account, f) for f in fields})


def _insert(account: User) -> None:
    try:
        with transaction.atomic():
            User.objects.bulk_create([account])
    except IntegrityError:
        raise AccountError(f"用户名“{account.username}”已被使用", column="username") from None


def _locked(account: User) -> User:
    return (
        User.objects.select_for_update(of=("self",))
        .select_related("organization", "person__org")
        .get(pk=account.pk)
    )


def _clean_name(name: str) -> str:
    name = normalize_text(name)
    if not name:
        raise AccountError("姓名不能为空", column="name")
    if len(name) > 40:
        raise AccountError("姓名最多40个字", column="name")
    return name


def _clean_phone(phone: str, *, required: bool) -> str:
    if not normalize_text(phone):
        if required:
            raise AccountError("手机号不能为空", column="phone")
        return ""
    try:
        return parse_mobile(phone)
    except DomainError as exc:
        raise AccountError(exc.message, column="phone") from None


def clean_username(username: str) -> str:
    """A valid username that nobody has yet (compared case-insensitively)."""
    username = normalize_text(username)
    if not USERNAME_RE.fullmatch(username):
        raise AccountError(USERNAME_RULE, column="username")
    if User.objects.filter(username__iexact=username).exists():
        raise AccountError(f"用户名“{username}”已被使用", column="username")
    return username


def _check_grant(actor: User, role: str, key: str) -> None:
    if role not in ROLE_RANK:
        raise AccountError(f"未知的角色“{role}”", column="role")
    if ROLE_RANK[role] > ROLE_RANK.get(actor.role, -1):
        raise Denied(f"不能授予高于本人的角色（{role_label(role)}）", action=key)


def _check_manage(actor: User, account: User, key: str) -> None:
    if ROLE_RANK.get(account.role, 0) > ROLE_RANK.get(actor.role, -1):
        raise Denied("不能管理角色高于本人的账号", action=key)


def role_org_error(role: str, org: Organization) -> str:
    """Why `role` cannot sit at `org` ("" when it can)."""
    if not org.is_active:
        return f"组织“{org.name}”已停用"
    allowed = ROLE_ORG_KINDS.get(role)
    if allowed is not None and org.kind not in allowed[0]:
        return f"“{role_label(role)}”的所属组织只能是{allowed[1]}"
    return ""


def _check_role_org(role: str, org: Organization) -> None:
    message = role_org_error(role, org)
    if message:
        raise AccountError(message, column="organization")


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


@requires("core.user.change", on="account")
def user_deactivate(*, actor: User, account: User) -> User:
    """停用: the account can no longer log in; its open sessions end at their next request."""
    if account.pk == actor.pk:
        raise AccountError("不能停用本人的账号")
    _check_manage(actor, account, "core.user.change")
    with transaction.atomic():
        account = _locked(account)
        if not account.is_active:
            raise AccountError(f"账号“{account.username}”已是停用状态")
        before = _state(account)
        account.is_active = False
        _write(account, ["is_active"])
        _audit(actor, account, AuditAction.UPDATE, before, "停用账号")
    return account


@requires("core.user.change", on="account")
def user_activate(*, actor: User, account: User) -> User:
    """启用 a deactivated account again."""
    _check_manage(actor, account, "core.user.change")
    with transaction.atomic():
        account = _locked(account)
        if account.is_active:
            raise AccountError(f"账号“{account.username}”已是启用状态")
        before = _state(account)
        account.is_active = True
        _write(account, ["is_active"])
        _audit(actor, account, AuditAction.UPDATE, before, "启用账号")
    return account


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


def password_change(*, account: User, old_password: str, new_password: str) -> User:
    """The account holder changes their own password (this also ends a forced change)."""
    if not account.check_password(old_password):
        raise AccountError("原密码不正确", column="old_password")
    if old_password == new_password:
        raise AccountError("新密码不能与原密码相同", column="password")
    password_check(new_password, account)
    with transaction.atomic():
        fresh = _locked(account)
        before = _state(fresh)
        fresh.set_password(new_password)
        fresh.must_change_password = False
        fresh.password_changed_at = clock.now()
        _write(fresh, ["password", "must_change_password", "password_changed_at"])
        _audit(fresh, fresh, AuditAction.UPDATE, before, "本人修改密码")
    # The caller's object (request.user) now carries the new hash: the session stays valid.
    account.password = fresh.password
    account.must_change_password = False
    account.password_changed_at = fresh.password_changed_at
    return account


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
        try:
            with transaction.atomic():
                User.objects.bulk_create(accounts)
        except IntegrityError:
            raise AccountError("导入的用户名或人员档案已有账号，请重新校验后导入") from None
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


def _registration_keys(name: str, id_number: str, phone: str) -> tuple[str, str, str, str]:
    """(name, ID hash, phone, phone hash) — format errors only, nothing looked up."""
    name = normalize_text(name).replace(" ", "")
    if not name:
        raise AccountError("请填写姓名", column="name")
    try:
        number = parse_id_number(id_number).number
    except DomainError as exc:
        raise AccountError(exc.message, column="id_number") from None
    phone = _clean_phone(phone, required=True)
    return (
        name,
        lookup_hash(number, purpose="person.id_number"),
        phone,
        lookup_hash(phone, purpose="person.phone"),
    )


def _code_hash(phone_hash: str, code: str) -> str:
    return lookup_hash(f"{phone_hash}:{code}", purpose="core.registration_code")


def _matching_person(name: str, id_hash: str, phone_hash: str) -> Person | None:
    person = Person.objects.select_related("org").filter(id_hash=id_hash).first()
    if (
        person is None
        or person.status == PersonStatus.DECEASED
        or normalize_text(person.name).replace(" ", "") != name
        or not person.phone_hash
        or not hmac.compare_digest(person.phone_hash, phone_hash)
    ):
        return None
    return person


def worker_register_request_code(*, name: str, id_number: str, phone: str) -> str:
    """Text a one-time code when name + ID + phone match a person; the answer is always the same."""
    name, id_hash, phone, phone_hash = _registration_keys(name, id_number, phone)
    now = clock.now()
    text = ""
    with transaction.atomic():
        today = RegistrationCode.objects.filter(
            phone_hash=phone_hash, created_at__gte=now - dt.timedelta(days=1)
        )
        last = today.order_by("-created_at").first()
        if last is not None:
            waited = (now - last.created_at).total_seconds()
            if waited < CODE_RESEND_SECONDS:
                wait = int(CODE_RESEND_SECONDS - waited) + 1
                raise AccountError(f"验证码已发送，请{wait}秒后再重新获取", column="phone")
        if today.count() >= CODE_DAILY_LIMIT:
            raise AccountError("该手机号今天获取验证码的次数已达上限，请明天再试", column="phone")
        person = _matching_person(name, id_hash, phone_hash)
        has_account = person is not None and User.objects.filter(person=person).exists()
        code = f"{secrets.randbelow(10**6):06d}"
        RegistrationCode.objects.create(
            id_hash=id_hash,
            phone_hash=phone_hash,
            person=person if person is not None and not has_account else None,
            code_hash=_code_hash(phone_hash, code),
            created_at=now,
            expires_at=now + CODE_TTL,
        )
        if has_account:
            # Only the person's own phone learns this, so it tells a stranger nothing.
            text = "【安康市总工会】您已开通工会服务平台账号，无需再次注册。如忘记密码，请联系所在工会重置。"
        elif person is not None:
            minutes = int(CODE_TTL.total_seconds() // 60)
            text = (
                f"【安康市总工会】您的职工注册验证码为{code}，{minutes}分钟内有效。"
                "如非本人操作，请忽略本短信。"
            )
    if text:
        sms.send_sms(phone, text)
    return CODE_SENT


def worker_register(
    *, name: str, id_number: str, phone: str, code: str, username: str, password: str
) -> User:
    """Self-registration with the texted code: a 职工本人 account linked to the person."""
    name, id_hash, phone, phone_hash = _registration_keys(name, id_number, phone)
    username = clean_username(username)
    password_check(password, User(username=username, first_name=name))
    code = normalize_text(code).replace(" ", "")
    now = clock.now()
    account: User | None = None
    with transaction.atomic():
        record = (
            RegistrationCode.objects.select_for_update()
            .filter(id_hash=id_hash, phone_hash=phone_hash, used_at__isnull=True)
            .order_by("-created_at", "-id")
            .first()
        )
        if record is None or record.expires_at <= now or record.attempts >= CODE_MAX_ATTEMPTS:
            pass
        elif not hmac.compare_digest(record.code_hash, _code_hash(phone_hash, code)):
            record.attempts += 1
            record.save(update_fields=["attempts"])
        else:
            person = _matching_person(name, id_hash, phone_hash)
            if person is None or record.person_id != person.pk:
                record.attempts += 1
                record.save(update_fields=["attempts"])
            elif not User.objects.filter(person=person).exists():
                record.used_at = now
                record.save(update_fields=["used_at"])
                account = User(
                    username=username,
                    first_name=person.name,
                    role=Role.MEMBER,
                    organization=person.org,
                    person=person,
                    password_changed_at=now,
                    date_joined=now,
                )
                account.set_phone(phone)
                account.set_password(password)
                _insert(account)
                _audit(account, account, AuditAction.CREATE, None, "职工自助注册（短信验证码）")
    # Outside the transaction: a wrong try is counted even though the call fails.
    if account is None:
        raise RegistrationRefused(REGISTRATION_FAILED)
    return account


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
    if date_from:
        qs = qs.filter(at__date__gte=date_from)
    if date_to:
        qs = qs.filter(at__date__lte=date_to)
    return qs.order_by("-at", "-id")
