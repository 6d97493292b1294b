"""Worker accounts: opened by an officer, or self-registered with name + ID + phone and an SMS code
(5 tries, 10 minutes), never telling whether an ID number is on record."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from gonghui.core import accounts, sms
from gonghui.core.errors import DomainError
from gonghui.core.models import AuditAction, AuditLog, RegistrationCode, Role, User
from gonghui.core.permissions import Denied
from tests import factories

PHONE = "13911223344"
NEW_PASSWORD = "Ankang-Worker-2026"


@pytest.fixture(autouse=True)
def _empty_outbox():
    sms.LogSmsSender.sent.clear()


@pytest.fixture
def worker(world):
    """A registered member of 汉滨区第一中学工会 without an account."""
    return factories.person(world.hanbin_union, "陈静", phone=PHONE)


def identity(person, **kw):
    data = {"name": person.name, "id_number": person.id_number, "phone": PHONE}
    data.update(kw)
    return data


def last_code() -> str:
    assert sms.outbox(), "no SMS was sent"
    found = re.search(r"验证码为(\d{6})", sms.outbox()[-1][1])
    assert found, sms.outbox()[-1]
    return found[1]


def register(person, code: str, **kw):
    data = {**identity(person), "code": code, "username": "chenjing", "password": NEW_PASSWORD}
    data.update(kw)
    return accounts.worker_register(**data)


# ---------------------------------------------------------------- self-registration


def test_a_worker_registers_with_the_texted_code(world, worker):
    message = accounts.worker_register_request_code(**identity(worker))
    assert "验证码已通过短信发送" in message
    masked, text = sms.outbox()[-1]
    assert masked == "139****3344" and "10分钟内有效" in text
    account = register(worker, last_code())
    assert account.role == Role.MEMBER and account.person == worker
    assert account.organization == world.hanbin_union and not account.must_change_password
    assert account.check_password(NEW_PASSWORD)
    entry = AuditLog.objects.get(
        action=AuditAction.CREATE, model="core.user", object_id=str(account.pk)
    )
    assert entry.user == account and entry.person == worker and "自助注册" in entry.note


def test_the_code_is_stored_only_as_a_hash(world, worker):
    accounts.worker_register_request_code(**identity(worker))
    code = last_code()
    record = RegistrationCode.objects.get()
    assert code not in record.code_hash and record.person == worker


def test_an_unknown_id_number_gets_the_same_answer_and_no_sms(world):
    stranger = factories.id_number()
    known = factories.person(world.hanbin_union, "陈静", phone=PHONE)
    unknown = accounts.worker_register_request_code(name="陈静", id_number=stranger, phone=PHONE)
    assert unknown == accounts.worker_register_request_code(**identity(known, phone="13911229999"))
    assert sms.outbox() == []
    assert RegistrationCode.objects.count() == 2  # counted alike, matched or not


def test_a_wrong_phone_or_name_is_refused_with_the_one_generic_message(world, worker):
    accounts.worker_register_request_code(**identity(worker, phone="13911229999"))
    with pytest.raises(accounts.RegistrationRefused) as wrong_phone:
        register(worker, "123456", phone="13911229999")
    accounts.worker_register_request_code(**identity(worker, name="陈晶"))
    with pytest.raises(accounts.RegistrationRefused) as wrong_name:
        register(worker, "123456", name="陈晶")
    with pytest.raises(accounts.RegistrationRefused) as unknown_id:
        register(worker, "123456", id_number=factories.id_number())
    assert wrong_phone.value.message == wrong_name.value.message == unknown_id.value.message
    assert wrong_phone.value.message == accounts.REGISTRATION_FAILED
    assert not User.objects.filter(username="chenjing").exists()


def test_five_wrong_codes_spend_the_code_even_for_the_right_one(world, worker):
    accounts.worker_register_request_code(**identity(worker))
    code = last_code()
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(accounts.CODE_MAX_ATTEMPTS):
        with pytest.raises(accounts.RegistrationRefused):
            register(worker, wrong)
    assert RegistrationCode.objects.get().attempts == 5
    with pytest.raises(accounts.RegistrationRefused):
        register(worker, code)
    assert not User.objects.filter(person=worker).exists()


def test_four_wrong_codes_still_leave_the_right_one(world, worker):
    accounts.worker_register_request_code(**identity(worker))
    code = last_code()
    for _ in range(accounts.CODE_MAX_ATTEMPTS - 1):
        with pytest.raises(accounts.RegistrationRefused):
            register(worker, "000000" if code != "000000" else "111111")
    assert register(worker, code).person == worker


def test_the_code_expires_after_ten_minutes(world, worker):
    start = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        accounts.worker_register_request_code(**identity(worker))
        code = last_code()
        traveller.shift(dt.timedelta(minutes=10, seconds=1))
        with pytest.raises(accounts.RegistrationRefused):
            register(worker, code)
    assert not User.objects.filter(person=worker).exists()


def test_the_code_works_just_before_ten_minutes(world, worker):
    start = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        accounts.worker_register_request_code(**identity(worker))
        code = last_code()
        traveller.shift(dt.timedelta(minutes=9, seconds=59))
        assert register(worker, code).person == worker


def test_a_code_is_used_once(world, worker):
    accounts.worker_register_request_code(**identity(worker))
    code = last_code()
    register(worker, code)
    with pytest.raises((accounts.RegistrationRefused, DomainError)):
        register(worker, code, username="chenjing2")


def test_a_new_code_needs_a_minute_s_wait(world, worker):
    start = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        accounts.worker_register_request_code(**identity(worker))
        with pytest.raises(DomainError, match="秒后再重新获取"):
            accounts.worker_register_request_code(**identity(worker))
        traveller.shift(dt.timedelta(seconds=61))
        accounts.worker_register_request_code(**identity(worker))
    assert len(sms.outbox()) == 2


def test_a_worker_with_an_account_is_told_by_sms_not_on_the_page(world):
    person = world.hanbin_person  # hanbin_member's person
    message = accounts.worker_register_request_code(
        name=person.name, id_number=person.id_number, phone="13800135678"
    )
    assert message == accounts.CODE_SENT
    assert "已开通" in sms.outbox()[-1][1] and "验证码" not in sms.outbox()[-1][1]


def test_a_weak_password_is_refused_before_the_code_is_spent(world, worker):
    accounts.worker_register_request_code(**identity(worker))
    with pytest.raises(DomainError, match="密码不能全部是数字"):
        register(worker, last_code(), password="8405712396")
    assert RegistrationCode.objects.get().attempts == 0


def test_the_registration_page_sends_the_code_then_registers_and_logs_in(world, worker, client):
    url = reverse("core:register")
    page = client.post(url, {**identity(worker), "send_code": "1"})
    assert page.status_code == 200 and "验证码已通过短信发送" in page.text
    response = client.post(
        url,
        {
            **identity(worker),
            "code": last_code(),
            "username": "chenjing",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("core:me")
    me = client.get(reverse("core:me"))
    assert "陈静" in me.text and "汉滨区第一中学工会" in me.text
    assert AuditLog.objects.filter(action=AuditAction.LOGIN, note__contains="注册后登录")


def test_the_registration_page_shows_the_generic_failure(world, worker, client):
    response = client.post(
        reverse("core:register"),
        {
            **identity(worker),
            "code": "123456",
            "username": "chenjing",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 400 and "注册失败" in response.text


def test_the_registration_page_checks_the_id_number_format(db, client):
    response = client.post(
        reverse("core:register"),
        {"name": "陈静", "id_number": "61090219850314001", "phone": PHONE, "send_code": "1"},
    )
    assert "身份证号码应为18位" in response.text
    assert sms.outbox() == []


# ---------------------------------------------------------------- opened by an officer


def test_an_officer_opens_a_worker_account_for_a_person_in_scope(world, worker):
    account, password = accounts.worker_account_create(
        actor=world.hanbin_officer, person=worker, username="chenjing"
    )
    assert account.role == Role.MEMBER and account.person == worker
    assert account.must_change_password and account.check_password(password)
    assert account.phone_masked == "139****3344"


def test_an_officer_cannot_open_an_account_for_a_person_of_another_county(world):
    with pytest.raises(Denied):
        accounts.worker_account_create(
            actor=world.hanbin_officer, person=world.shiquan_person, username="lina"
        )


def test_a_person_gets_one_account(world):
    with pytest.raises(DomainError, match="已开通账号"):
        accounts.worker_account_create(
            actor=world.hanbin_officer, person=world.hanbin_person, username="zhangwei2"
        )


def test_the_worker_account_page_finds_the_person_by_id_number_in_scope(world, worker, client):
    client.force_login(world.hanbin_officer)
    url = reverse("core:user_create_worker")
    outside = client.post(url, {"id_number": world.shiquan_person.id_number, "username": "lina"})
    assert "在您的管辖范围内没有该身份证号码的人员档案" in outside.text
    response = client.post(url, {"id_number": worker.id_number, "username": "chenjing"})
    assert response.status_code == 200 and 'id="temporary-password"' in response.text
    assert User.objects.get(username="chenjing").person == worker
