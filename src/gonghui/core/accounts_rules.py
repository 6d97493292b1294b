"""What an account must satisfy (usernames, names, phones, passwords, where a role may sit) and
the writes every account service shares.

Account services update the user row with `QuerySet.update()` / `bulk_create()` rather than
`save()`: the generic change log (signals) would copy the password hash into the audit log, so
each service writes one explicit audit entry (`_audit`) that says what happened.
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from gonghui.core import audit
from gonghui.core.db import unique_or
from gonghui.core.errors import DomainError
from gonghui.core.models import Organization, OrgKind, Role, User
from gonghui.core.permissions import ROLE_RANK, Denied, role_label
from gonghui.core.validators import normalize_text, parse_mobile

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


class AccountError(DomainError):
    """A refused account change, with a Chinese message (column = the form field)."""


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
    audit.record(
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
    with unique_or(f"用户名“{account.username}”已被使用", "username", error=AccountError):
        User.objects.bulk_create([account])


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
