"""用户管理: staff accounts, the subtree and rank rules, deactivate/unlock/reset, passwords,
idle timeout, login history and the 权限说明 page."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gonghui.core import accounts
from gonghui.core.errors import DomainError
from gonghui.core.models import AuditAction, AuditLog, Person, Role, User
from gonghui.core.permissions import Denied
from tests import factories

PASSWORD = "Gonghui#2026"
FORCED_CHANGE = "gonghui.core.middleware.PasswordChangeRequiredMiddleware"


@pytest.fixture
def forced_change(settings):
    """The forced-change middleware, until the lead adds it to settings.MIDDLEWARE."""
    if FORCED_CHANGE not in settings.MIDDLEWARE:
        settings.MIDDLEWARE = [*settings.MIDDLEWARE, FORCED_CHANGE]


def login(client, username: str, password: str = PASSWORD):
    return client.post(reverse("core:login"), {"username": username, "password": password})


def create_officer(world, **kw):
    data = {
        "actor": world.city_admin,
        "organization": world.hanbin,
        "username": "hb_new",
        "name": "王芳",
        "phone": "13912345678",
        "role": Role.COUNTY_OFFICER,
    }
    data.update(kw)
    return accounts.user_create(**data)


# ---------------------------------------------------------------- creating staff accounts


def test_city_admin_creates_a_county_officer_with_a_temporary_password(world):
    account, password = create_officer(world)
    account.refresh_from_db()
    assert account.role == Role.COUNTY_OFFICER and account.organization == world.hanbin
    assert account.first_name == "王芳" and account.phone_masked == "139****5678"
    assert account.phone == "13912345678"
    assert account.must_change_password and account.check_password(password)
    entry = AuditLog.objects.get(
        action=AuditAction.CREATE, model="core.user", object_id=str(account.pk)
    )
    assert entry.user == world.city_admin and entry.org == world.hanbin
    assert "临时密码" in entry.note


def test_account_changes_never_put_the_password_hash_in_the_audit_log(world):
    account, _ = create_officer(world)
    accounts.user_reset_password(actor=world.city_admin, account=account)
    accounts.user_deactivate(actor=world.city_admin, account=account)
    entries = AuditLog.objects.filter(model="core.user", object_id=str(account.pk))
    assert entries.count() == 3
    for entry in entries:
        text = json.dumps([entry.before, entry.after], ensure_ascii=False)
        assert '"password"' not in text and "md5$" not in text


def test_county_officer_cannot_grant_a_city_admin(world):
    with pytest.raises(Denied, match="不能授予高于本人的角色"):
        create_officer(world, actor=world.hanbin_officer, role=Role.CITY_ADMIN)
    assert not User.objects.filter(username="hb_new").exists()


def test_county_officer_cannot_create_an_account_in_another_county(world):
    with pytest.raises(Denied, match="不在您的管辖范围内"):
        create_officer(world, actor=world.hanbin_officer, organization=world.shiquan)
    assert not User.objects.filter(username="hb_new").exists()


def test_county_officer_creates_a_chair_in_its_subtree(world):
    account, _ = create_officer(
        world,
        actor=world.hanbin_officer,
        organization=world.hanbin_union,
        role=Role.GRASSROOTS_CHAIR,
    )
    assert account.organization == world.hanbin_union


def test_grassroots_chair_may_not_create_accounts(world):
    with pytest.raises(Denied):
        create_officer(world, actor=world.hanbin_chair, organization=world.hanbin_union)


def test_role_must_fit_the_level_of_its_organization(world):
    with pytest.raises(DomainError, match="所属组织只能是"):
        create_officer(world, organization=world.hanbin_union, role=Role.COUNTY_OFFICER)


def test_usernames_are_unique_whatever_the_case(world):
    with pytest.raises(DomainError, match="已被使用"):
        create_officer(world, username="HANBIN_OFFICER")


def test_the_create_page_shows_the_temporary_password_once(world, client):
    client.force_login(world.hanbin_officer)
    page = client.get(reverse("core:user_create"))
    roles = page.text.split('name="role"')[1].split("</select>")[0]
    assert "县区工会干部" in roles and "市总管理员" not in roles
    response = client.post(
        reverse("core:user_create"),
        {
            "username": "hb_chair2",
            "name": "赵敏",
            "phone": "13700001111",
            "organization": world.hanbin_union.pk,
            "role": Role.GRASSROOTS_CHAIR,
        },
    )
    assert response.status_code == 200 and "临时密码" in response.text
    assert "no-store" in response["Cache-Control"]
    account = User.objects.get(username="hb_chair2")
    password = response.text.split('id="temporary-password">')[1].split("<")[0]
    assert account.check_password(password)


def test_the_create_page_refuses_an_organization_outside_the_subtree(world, client):
    client.force_login(world.hanbin_officer)
    response = client.post(
        reverse("core:user_create"),
        {
            "username": "sq_x",
            "name": "赵敏",
            "phone": "13700001111",
            "organization": world.shiquan_union.pk,
            "role": Role.GRASSROOTS_CHAIR,
        },
    )
    assert "所选组织不存在或不在您的管辖范围内" in response.text
    assert not User.objects.filter(username="sq_x").exists()


def test_the_create_page_shows_a_weak_input_in_chinese(world, client):
    client.force_login(world.city_admin)
    response = client.post(
        reverse("core:user_create"),
        {"username": "a", "name": "", "phone": "123", "role": Role.AUDITOR},
    )
    assert "请填写姓名" in response.text and "手机号码“123”无效" in response.text


# ---------------------------------------------------------------- changing accounts


def test_county_officer_cannot_touch_an_account_of_another_county(world):
    with pytest.raises(Denied):
        accounts.user_deactivate(actor=world.hanbin_officer, account=world.shiquan_officer)
    world.shiquan_officer.refresh_from_db()
    assert world.shiquan_officer.is_active


def test_nobody_deactivates_themselves(world):
    with pytest.raises(DomainError, match="不能停用本人的账号"):
        accounts.user_deactivate(actor=world.city_admin, account=world.city_admin)


def test_a_deactivated_account_cannot_log_in(world, client):
    accounts.user_deactivate(actor=world.hanbin_officer, account=world.hanbin_chair)
    response = login(client, "hanbin_chair")
    assert response.status_code == 200 and "账号已停用" in response.text
    assert "_auth_user_id" not in client.session
    assert AuditLog.objects.filter(action=AuditAction.LOGIN_FAILED, note__contains="账号已停用")


def test_deactivation_ends_an_open_session(world, client):
    login(client, "hanbin_chair")
    assert client.get("/").status_code == 200
    accounts.user_deactivate(actor=world.hanbin_officer, account=world.hanbin_chair)
    response = client.get("/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_activate_lets_the_account_log_in_again(world, client):
    accounts.user_deactivate(actor=world.hanbin_officer, account=world.hanbin_chair)
    accounts.user_activate(actor=world.hanbin_officer, account=world.hanbin_chair)
    assert login(client, "hanbin_chair").status_code == 302


def test_unlock_lets_a_locked_account_log_in_at_once(world, client, settings):
    for _ in range(settings.LOGIN_MAX_FAILURES):
        login(client, "hanbin_chair", "wrong-password")
    assert "账号已锁定" in login(client, "hanbin_chair").text
    accounts.user_unlock(actor=world.hanbin_officer, account=world.hanbin_chair)
    assert login(client, "hanbin_chair").status_code == 302


def test_unlocking_an_unlocked_account_says_so(world):
    with pytest.raises(DomainError, match="未被锁定"):
        accounts.user_unlock(actor=world.hanbin_officer, account=world.hanbin_chair)


def test_reset_password_forces_a_change_at_the_next_login(world, client, forced_change):
    temporary = accounts.user_reset_password(actor=world.hanbin_officer, account=world.hanbin_chair)
    assert login(client, "hanbin_chair", PASSWORD).status_code == 200  # the old one is gone
    response = login(client, "hanbin_chair", temporary)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:password_change"))
    # Every other page leads back to 修改密码 until the password is changed.
    elsewhere = client.get(reverse("core:person_list"))
    assert elsewhere.status_code == 302
    assert elsewhere["Location"].startswith(reverse("core:password_change"))
    changed = client.post(
        reverse("core:password_change"),
        {
            "old_password": temporary,
            "password1": "Ankang-Union-88",
            "password2": "Ankang-Union-88",
            "next": "/persons/",
        },
    )
    assert changed.status_code == 302 and changed["Location"] == "/persons/"
    assert client.get(reverse("core:person_list")).status_code == 200  # still logged in
    world.hanbin_chair.refresh_from_db()
    assert not world.hanbin_chair.must_change_password
    assert world.hanbin_chair.check_password("Ankang-Union-88")


def test_a_county_officer_cannot_reset_a_city_admins_password(world):
    with pytest.raises(Denied):
        accounts.user_reset_password(actor=world.hanbin_officer, account=world.city_admin)


def test_user_update_moves_a_chair_within_the_subtree(world):
    other = factories.grassroots(world.hanbin, "汉滨区第二中学工会")
    accounts.user_update(
        actor=world.hanbin_officer,
        account=world.hanbin_chair,
        name="李主席",
        phone="13911112222",
        organization=other,
        role=Role.GRASSROOTS_CHAIR,
    )
    world.hanbin_chair.refresh_from_db()
    assert world.hanbin_chair.organization == other and world.hanbin_chair.first_name == "李主席"
    entry = AuditLog.objects.filter(action=AuditAction.UPDATE, model="core.user").last()
    assert entry.before["organization_id"] == world.hanbin_union.pk
    assert entry.after["organization_id"] == other.pk


def test_user_update_cannot_move_an_account_out_of_the_subtree(world):
    with pytest.raises(Denied):
        accounts.user_update(
            actor=world.hanbin_officer,
            account=world.hanbin_chair,
            name="李主席",
            organization=world.shiquan_union,
            role=Role.GRASSROOTS_CHAIR,
        )


def test_nobody_changes_their_own_role(world):
    with pytest.raises(DomainError, match="不能修改本人的角色或所属组织"):
        accounts.user_update(
            actor=world.hanbin_officer,
            account=world.hanbin_officer,
            name="干部",
            organization=world.hanbin,
            role=Role.AUDITOR,
        )


def test_the_deactivate_button_asks_for_confirmation(world, client):
    client.force_login(world.hanbin_officer)
    page = client.get(reverse("core:user_detail", args=[world.hanbin_chair.pk]))
    assert 'data-confirm="确定要停用账号' in page.text
    response = client.post(reverse("core:user_deactivate", args=[world.hanbin_chair.pk]))
    assert response.status_code == 302
    world.hanbin_chair.refresh_from_db()
    assert not world.hanbin_chair.is_active


def test_account_pages_of_another_county_are_not_found(world, client):
    client.force_login(world.hanbin_officer)
    pk = world.shiquan_officer.pk
    assert client.get(reverse("core:user_detail", args=[pk])).status_code == 404
    assert client.post(reverse("core:user_reset_password", args=[pk])).status_code == 404


def test_roles_without_the_action_get_403_on_account_pages(world, client):
    for user in (world.hanbin_chair, world.auditor, world.hanbin_member):
        client.force_login(user)
        assert client.get(reverse("core:user_list")).status_code == 403
        response = client.post(reverse("core:user_deactivate", args=[world.hanbin_chair.pk]))
        assert response.status_code == 403


# ---------------------------------------------------------------- passwords


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Ab#12", "密码太短，至少需要10个字符"),
        ("password123", "密码过于常见"),
        ("8405712396", "密码不能全部是数字"),
    ],
)
def test_weak_passwords_are_refused_in_chinese(world, password, message):
    with pytest.raises(DomainError, match=message):
        accounts.password_change(
            account=world.hanbin_chair, old_password=PASSWORD, new_password=password
        )
    world.hanbin_chair.refresh_from_db()
    assert world.hanbin_chair.check_password(PASSWORD)


def test_password_change_needs_the_old_password(world):
    with pytest.raises(DomainError, match="原密码不正确"):
        accounts.password_change(
            account=world.hanbin_chair, old_password="nope", new_password="Ankang-Union-88"
        )


def test_the_password_page_shows_the_errors_on_their_fields(world, client):
    client.force_login(world.hanbin_chair)
    response = client.post(
        reverse("core:password_change"),
        {"old_password": PASSWORD, "password1": "123", "password2": "123"},
    )
    assert "密码太短，至少需要10个字符" in response.text and "密码不能全部是数字" in response.text
    mismatch = client.post(
        reverse("core:password_change"),
        {"old_password": PASSWORD, "password1": "Ankang-Union-88", "password2": "other-one-99"},
    )
    assert "两次输入的新密码不一致" in mismatch.text


def test_temporary_passwords_pass_the_validators():
    for _ in range(20):
        accounts.password_check(accounts.temporary_password())


# ---------------------------------------------------------------- idle timeout


def test_staff_are_logged_out_after_30_idle_minutes(world, client, settings):
    settings.IDLE_TIMEOUT_MINUTES = 30
    start = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        login(client, "hanbin_officer")
        assert client.get("/").status_code == 200
        traveller.shift(dt.timedelta(minutes=29))
        assert client.get("/").status_code == 200  # activity restarts the clock
        traveller.shift(dt.timedelta(minutes=31))
        response = client.get("/persons/")
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert "_auth_user_id" not in client.session
    assert AuditLog.objects.filter(action=AuditAction.LOGOUT, note__contains="30分钟未操作")


def test_workers_are_not_logged_out_by_the_staff_idle_timeout(world, client):
    start = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        login(client, "hanbin_member")
        client.get("/")
        traveller.shift(dt.timedelta(minutes=45))
        assert client.get("/me/").status_code == 200


# ---------------------------------------------------------------- login history


def test_logins_and_logouts_are_recorded(world, client):
    login(client, "hanbin_officer")
    client.post(reverse("core:logout"))
    actions = list(
        AuditLog.objects.filter(user=world.hanbin_officer).values_list("action", flat=True)
    )
    assert AuditAction.LOGIN in actions and AuditAction.LOGOUT in actions
    entry = AuditLog.objects.get(action=AuditAction.LOGIN)
    assert entry.org == world.hanbin and "127.0.0.1" in entry.note


def test_login_history_is_limited_to_the_subtree(world):
    login(Client(), "shiquan_officer")
    login(Client(), "hanbin_chair", "wrong-password")
    login(Client(), "nobody-at-all", "x")
    hanbin = accounts.login_history(user=world.hanbin_officer)
    assert {e.user for e in hanbin} == {world.hanbin_chair}
    city = accounts.login_history(user=world.city_admin)
    assert {e.user for e in city} == {world.hanbin_chair, world.shiquan_officer, None}


def test_login_history_page_searches_and_pages(world, client):
    for _ in range(60):
        AuditLog.objects.create(
            action=AuditAction.LOGIN,
            model="core.user",
            object_id=str(world.hanbin_chair.pk),
            user=world.hanbin_chair,
            org=world.hanbin_union,
            org_path=world.hanbin_union.path,
            note="登录成功（IP 10.0.0.8）",
        )
    client.force_login(world.hanbin_officer)
    page = client.get(reverse("core:login_history"), {"q": "hanbin_chair"})
    assert page.status_code == 200 and "共 60 条" in page.text and "10.0.0.8" in page.text
    assert "第 2 / 2 页" in client.get(reverse("core:login_history"), {"page": 2}).text
    assert "共 0 条" in client.get(reverse("core:login_history"), {"q": "shiquan"}).text


def test_login_history_is_refused_to_chairs_and_workers(world, client):
    for user in (world.hanbin_chair, world.hanbin_member):
        client.force_login(user)
        assert client.get(reverse("core:login_history")).status_code == 403


# ---------------------------------------------------------------- list, menu, 权限说明


def test_the_account_list_shows_only_the_subtree_and_searches(world, client):
    client.force_login(world.hanbin_officer)
    page = client.get(reverse("core:user_list"))
    assert ">hanbin_chair</a>" in page.text and ">hanbin_member</a>" in page.text
    assert ">shiquan_officer</a>" not in page.text and ">city_admin</a>" not in page.text
    found = client.get(reverse("core:user_list"), {"q": "chair"})
    assert ">hanbin_chair</a>" in found.text and ">hanbin_member</a>" not in found.text


def test_the_account_list_query_count_does_not_grow(world, client, django_assert_max_num_queries):
    client.force_login(world.city_admin)
    url = reverse("core:user_list")
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    for i in range(15):
        factories.user(Role.GRASSROOTS_CHAIR, world.hanbin_union, f"chair{i}")
    with django_assert_max_num_queries(len(ctx.captured_queries)):
        client.get(url)


def test_the_system_menu_offers_the_account_pages_by_the_table(world, client):
    client.force_login(world.hanbin_officer)
    menu = client.get("/").text.split('aria-label="主菜单"')[1].split("</nav>")[0]
    for label in ("用户管理", "登录记录", "权限说明", "修改密码"):
        assert label in menu
    client.force_login(world.hanbin_chair)
    menu = client.get("/").text.split('aria-label="主菜单"')[1].split("</nav>")[0]
    assert "用户管理" not in menu and "登录记录" not in menu and "权限说明" in menu


def test_the_permission_page_is_a_matrix_of_the_table(world, client):
    client.force_login(world.hanbin_chair)
    page = client.get(reverse("core:permission_list")).text
    row = page.split("core.user.create")[1].split("</tr>")[0]
    assert row.count("✓") == 2 and row.count("—") == 3  # 市总管理员 and 县区工会干部
    assert "新增用户账号" in row and "不能授予高于本人的角色" in row
    for role in ("市总管理员", "县区工会干部", "基层工会主席", "审计员", "职工本人"):
        assert role in page


def test_workers_do_not_see_the_permission_page(world, client):
    client.force_login(world.hanbin_member)
    assert client.get(reverse("core:permission_list")).status_code == 403


def test_the_login_page_links_to_worker_registration(db, client):
    page = client.get(reverse("core:login")).text
    assert reverse("core:register") in page and "职工注册" in page


def test_a_locked_account_shows_as_locked_in_the_list(world, client):
    User.objects.filter(pk=world.hanbin_chair.pk).update(
        locked_until=timezone.now() + dt.timedelta(minutes=5)
    )
    client.force_login(world.hanbin_officer)
    assert "已锁定" in client.get(reverse("core:user_list"), {"status": "locked"}).text


def test_editing_ones_own_account_keeps_role_and_organization(world, client):
    client.force_login(world.hanbin_officer)
    url = reverse("core:user_edit", args=[world.hanbin_officer.pk])
    page = client.get(url).text
    assert 'name="role"' in page and "disabled" in page.split('name="role"')[1].split(">")[0]
    response = client.post(
        url,
        {"name": "汉滨干部", "phone": "", "role": Role.AUDITOR, "organization": world.city.pk},
    )
    assert response.status_code == 302
    world.hanbin_officer.refresh_from_db()
    assert world.hanbin_officer.role == Role.COUNTY_OFFICER
    assert world.hanbin_officer.organization == world.hanbin
    assert world.hanbin_officer.first_name == "汉滨干部"


def test_a_worker_account_edit_changes_only_the_phone(world, client):
    client.force_login(world.hanbin_officer)
    url = reverse("core:user_edit", args=[world.hanbin_member.pk])
    assert 'name="role"' not in client.get(url).text
    assert client.post(url, {"phone": "13600001234"}).status_code == 302
    world.hanbin_member.refresh_from_db()
    assert world.hanbin_member.phone_masked == "136****1234"
    assert world.hanbin_member.role == Role.MEMBER


def test_a_worker_account_follows_its_person_to_another_county(world):
    Person.objects.filter(pk=world.hanbin_person.pk).update(org=world.shiquan_union)
    assert world.hanbin_member not in accounts.user_list(user=world.hanbin_officer)
    assert world.hanbin_member in accounts.user_list(user=world.shiquan_officer)
    member = User.objects.get(pk=world.hanbin_member.pk)
    with pytest.raises(Denied):
        accounts.user_reset_password(actor=world.hanbin_officer, account=member)
