"""What account holders do themselves: register with an SMS code, change their password.

No acting officer and no permission table entry: the SMS code (5 tries, 10 minutes) and the
match against the person record guard registration; the old password guards a change.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets

from django.db import transaction

from gonghui.core import clock, sms
from gonghui.core.accounts_rules import (
    AccountError,
    _audit,
    _clean_phone,
    _insert,
    _locked,
    _state,
    _write,
    clean_username,
    password_check,
)
from gonghui.core.crypto import lookup_hash
from gonghui.core.errors import DomainError
from gonghui.core.models import AuditAction, Person, PersonStatus, RegistrationCode, Role, User
from gonghui.core.validators import normalize_text, parse_id_number

# Self-registration: a code lives 10 minutes and allows 5 wrong tries; one code a minute and
# at most ten a day per phone number.
CODE_TTL = dt.timedelta(minutes=10)
CODE_MAX_ATTEMPTS = 5
CODE_RESEND_SECONDS = 60
CODE_DAILY_LIMIT = 10

REGISTRATION_FAILED = (
    "注册失败：姓名、身份证号码、手机号与人员档案不一致，或验证码错误、已失效"
    "（验证码10分钟内有效，最多可输错5次）。请核对后重新获取验证码；"
    "如仍无法注册，请联系所在工会。"
)
CODE_SENT = (
    "如姓名、身份证号码和手机号与人员档案一致，验证码已通过短信发送到该手机号，10分钟内有效。"
)


class RegistrationRefused(DomainError):
    """Self-registration refused; always the one message that says nothing of the records."""


# ---------------------------------------------------------------- own password


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


# ---------------------------------------------------------------- self-registration


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
