"""Accounts in the browser: a worker registers with ID + phone + SMS code and sees 我的信息; an
admin creates a county officer, who must change the temporary password at the first login."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from gonghui.core import sms
from gonghui.core.models import User
from tests import factories
from tests.conftest import E2E
from tests.kit import pick_org

pytestmark = [*E2E, pytest.mark.django_db(transaction=True)]

PHONE = "13911223344"


def test_a_worker_registers_with_id_phone_and_code_and_sees_their_records(
    world, live_server, page, shot
):
    worker = factories.person(world.hanbin_union, "陈静", phone=PHONE)
    sms.LogSmsSender.sent.clear()
    page.goto(f"{live_server.url}/login/")
    page.get_by_role("link", name="职工注册").click()
    page.get_by_role("heading", name="职工注册").wait_for()
    page.get_by_label("姓名").fill("陈静")
    page.get_by_label("身份证号码").fill(worker.id_number)
    page.get_by_label("手机号").fill(PHONE)
    page.get_by_role("button", name="获取验证码").click()
    expect(page.get_by_role("status")).to_contain_text("验证码已通过短信发送")

    # The log backend keeps the text it would have sent.
    masked, text = sms.outbox()[-1]
    assert masked == "139****3344"
    code = re.search(r"验证码为(\d{6})", text)[1]  # type: ignore[index]
    page.get_by_label("短信验证码").fill(code)
    page.get_by_label("用户名").fill("chenjing")
    page.get_by_label(re.compile(r"^密码")).fill("Ankang-Worker-2026")
    page.get_by_label("确认密码").fill("Ankang-Worker-2026")
    page.get_by_role("button", name="注册", exact=True).click()

    page.get_by_role("heading", name="我的信息").wait_for()
    expect(page.locator("main")).to_contain_text("陈静")
    expect(page.locator("main")).to_contain_text("汉滨区第一中学工会")
    assert User.objects.get(username="chenjing").person == worker
    shot(page, "register-worker")


def test_an_admin_creates_a_county_officer_who_must_change_the_password(
    world, live_server, page, login, shot
):
    login("city_admin", page=page)
    page.get_by_role("link", name="用户管理").click()
    page.get_by_role("heading", name="用户管理").wait_for()
    page.get_by_role("link", name="新增账号").click()
    page.get_by_label("用户名").fill("hanbin_wang")
    page.get_by_label("姓名").fill("王芳")
    page.get_by_label("手机号").fill("13912345678")
    pick_org(page, "所属组织", world.hanbin.name)
    page.get_by_label("角色").select_option("county_officer")
    page.get_by_role("button", name="创建账号").click()
    page.get_by_role("heading", name="账号已创建").wait_for()
    temporary = page.locator("#temporary-password").inner_text().strip()
    shot(page, "account-created")
    page.get_by_role("button", name="退出").click()
    page.wait_for_url(re.compile(r"/login/"))

    login("hanbin_wang", temporary, page=page)
    page.get_by_role("heading", name="修改密码").wait_for()
    expect(page.get_by_role("alert").first).to_contain_text("临时密码")
    page.get_by_label("原密码").fill(temporary)
    page.get_by_label(re.compile(r"^新密码")).fill("Hanbin-Officer-2026")
    page.get_by_label("确认新密码").fill("Hanbin-Officer-2026")
    page.get_by_role("button", name="保存新密码").click()

    page.get_by_role("heading", name="工作台").wait_for()
    expect(page.locator("header")).to_contain_text("汉滨区总工会")
    expect(page.locator("header")).to_contain_text("县区工会干部")
    account = User.objects.get(username="hanbin_wang")
    assert not account.must_change_password and account.check_password("Hanbin-Officer-2026")
    shot(page, "password-changed")
