"""Core writes go through the permission table: services check the acting user, pages and the
API pass theirs, imports are authorized once a file, and no message says where a record outside
one's scope is registered."""

from __future__ import annotations

import ast
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import get_resolver, reverse

from gonghui.core import importing, pii, services
from gonghui.core.context_processors import menu
from gonghui.core.errors import DomainError, ScopeError
from gonghui.core.models import Employer, Job, Membership, MembershipStatus, Organization, Person
from gonghui.core.models_api import ApiToken
from gonghui.core.permissions import Denied
from gonghui.core.scope import ensure_org_in_scope
from gonghui.core.services import EmployerData, PersonData
from gonghui.core.views_list import ListPageView
from tests import factories
from tests.core.test_import import HEAD, row, xlsx

CORE = Path(services.__file__).parent


def person_data(org: Organization, name: str = "孙悟空", **kw: Any) -> PersonData:
    return PersonData(name=name, id_number=factories.id_number(), org=org, **kw)


# ---------------------------------------------------------------- services


def test_person_upsert_with_a_user_refuses_a_person_of_another_county(world):
    theirs = world.shiquan_person
    data = PersonData(name="篡改", id_number=theirs.id_number, org=world.hanbin_union)
    with pytest.raises(Denied, match="不在您的管辖范围内"):
        services.person_upsert(data=data, user=world.hanbin_officer)
    theirs.refresh_from_db()
    assert theirs.name == "李娜"


def test_a_service_called_without_a_user_is_a_system_call(world):
    """Demo data, commands and an import's rows (the file was authorized) pass no user."""
    person, created = services.person_upsert(data=person_data(world.shiquan_union))
    assert created and person.org == world.shiquan_union


def test_person_create_refuses_an_organization_outside_the_users_subtree(world):
    with pytest.raises(Denied):
        services.person_create(data=person_data(world.hanbin), user=world.hanbin_chair)
    assert not Person.objects.filter(name="孙悟空").exists()


def test_auditor_cannot_create_a_person_through_the_service(world):
    with pytest.raises(Denied, match="您的账号无权新增人员档案"):
        services.person_create(data=person_data(world.hanbin_union), user=world.auditor)


def test_person_set_status_checks_the_person(world):
    with pytest.raises(Denied):
        services.person_set_status(
            person=world.shiquan_person, status="retired", user=world.hanbin_officer
        )
    world.shiquan_person.refresh_from_db()
    assert world.shiquan_person.status == "active"


def test_employer_update_cannot_move_an_employer_out_of_the_subtree(world):
    employer = factories.employer(world.hanbin, "汉滨某公司")
    data = EmployerData(
        credit_code=employer.credit_code, name=employer.name, kind="private", org=world.shiquan
    )
    with pytest.raises(Denied):
        services.employer_update(employer=employer, data=data, user=world.hanbin_officer)
    employer.refresh_from_db()
    assert employer.org == world.hanbin


def test_employer_upsert_refuses_another_countys_credit_code(world):
    theirs = factories.employer(world.shiquan, "石泉某公司")
    data = EmployerData(
        credit_code=theirs.credit_code, name="篡改", kind="private", org=world.hanbin
    )
    with pytest.raises(Denied):
        services.employer_upsert(data=data, user=world.hanbin_officer)
    theirs.refresh_from_db()
    assert (theirs.name, theirs.org) == ("石泉某公司", world.shiquan)


def test_organization_move_needs_the_new_parent_in_scope_too(world):
    with pytest.raises(Denied):
        services.organization_move(
            org=world.hanbin_union, new_parent=world.shiquan, user=world.hanbin_officer
        )
    world.hanbin_union.refresh_from_db()
    assert world.hanbin_union.parent == world.hanbin


def test_grassroots_chair_cannot_create_or_rename_organizations(world):
    with pytest.raises(Denied):
        services.organization_create(
            name="新工会", kind="grassroots", parent=world.hanbin_union, user=world.hanbin_chair
        )
    with pytest.raises(Denied):
        services.organization_rename(org=world.hanbin_union, name="改名", user=world.hanbin_chair)


def test_a_county_federation_sits_only_under_the_city(world):
    with pytest.raises(DomainError, match="只能建在市总工会之下"):
        services.organization_create(
            name="汉滨区某县级工会", kind="county", parent=world.hanbin, user=world.hanbin_officer
        )


def test_membership_transfer_needs_both_unions_in_scope(world):
    with pytest.raises(Denied):
        services.membership_transfer(
            person=world.hanbin_person,
            to_union=world.shiquan_union,
            on=dt.date(2025, 1, 1),
            user=world.hanbin_officer,
        )
    active = Membership.objects.get(person=world.hanbin_person, status=MembershipStatus.ACTIVE)
    assert active.union == world.hanbin_union


def test_membership_join_refuses_a_union_outside_the_subtree(world):
    loner = factories.person(world.hanbin, "独行者", member=False)
    with pytest.raises(Denied):
        services.membership_join(
            person=loner,
            union=world.shiquan_union,
            joined_on=dt.date(2025, 1, 1),
            user=world.hanbin_officer,
        )
    assert not loner.memberships.exists()


def test_reveal_outside_scope_is_denied_before_anything_is_logged(world):
    with pytest.raises(Denied):
        pii.person_reveal(user=world.hanbin_officer, person=world.shiquan_person)


def test_scope_error_never_names_the_organization(world):
    with pytest.raises(ScopeError) as caught:
        ensure_org_in_scope(world.hanbin_officer, world.shiquan_union)
    assert world.shiquan_union.name not in caught.value.message
    assert "石泉" not in caught.value.message


# ---------------------------------------------------------------- pages and the API pass the user

_VIEW_MODULES = ["views.py", "views_org.py", "views_employer.py", "views_person.py"]
_VIEW_MODULES += ["views_membership.py", "views_import.py", "views_list.py", "views_audit.py"]
_VIEW_MODULES += ["api.py"]


def _checked_service_names() -> set[str]:
    names = {n for n, fn in vars(services).items() if getattr(fn, "permission", None)}
    return names | {"person_reveal", "import_upload", "import_confirm"}


def test_every_page_and_api_call_of_a_checked_service_passes_the_acting_user():
    """`user=None` is the system path: a page or API handler must never take it."""
    names = _checked_service_names()
    missing = []
    for filename in _VIEW_MODULES:
        tree = ast.parse((CORE / filename).read_text())
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name not in names:
                continue
            user = next((k.value for k in node.keywords if k.arg == "user"), None)
            if user is None or (isinstance(user, ast.Constant) and user.value is None):
                missing.append(f"{filename}:{node.lineno} {name}()")
    assert not missing, "calls without the acting user:\n" + "\n".join(missing)


def test_chair_editing_a_person_in_another_county_changes_nothing(world, client):
    theirs = world.shiquan_person
    client.force_login(world.hanbin_chair)
    edit = client.post(reverse("core:person_edit", args=[theirs.pk]), {"name": "篡改"})
    status = client.post(
        reverse("core:person_set_status", args=[theirs.pk]), {"status": "deceased"}
    )
    transfer = client.post(
        reverse("core:membership_transfer", args=[theirs.pk]),
        {"to_union": world.hanbin_union.pk, "on": "2025-09-01"},
    )
    assert {edit.status_code, status.status_code, transfer.status_code} <= {403, 404}
    theirs.refresh_from_db()
    assert (theirs.name, theirs.status, theirs.org) == ("李娜", "active", world.shiquan_union)


def test_person_edit_page_hands_the_acting_user_to_the_service(world, client, monkeypatch):
    seen = []
    real = services.person_update

    def spy(**kwargs: Any) -> Person:
        seen.append(kwargs.get("user"))
        return real(**kwargs)

    monkeypatch.setattr(services, "person_update", spy)
    client.force_login(world.hanbin_chair)
    person = world.hanbin_person
    data = {"name": "张伟", "post": "教师", "sex": "M", "new_employment_form": ""}
    assert client.post(reverse("core:person_edit", args=[person.pk]), data).status_code == 302
    assert seen == [world.hanbin_chair]


def test_auditor_gets_403_on_every_core_write_page(world, client):
    client.force_login(world.auditor)
    person, org = world.hanbin_person, world.hanbin
    employer = factories.employer(world.hanbin, "汉滨某公司")
    urls = [
        reverse("core:person_create"),
        reverse("core:person_edit", args=[person.pk]),
        reverse("core:person_set_status", args=[person.pk]),
        reverse("core:membership_transfer", args=[person.pk]),
        reverse("core:person_reveal", args=[person.pk]),
        reverse("core:employer_create"),
        reverse("core:employer_edit", args=[employer.pk]),
        reverse("core:organization_create", args=[org.pk]),
        reverse("core:organization_rename", args=[org.pk]),
        reverse("core:organization_move", args=[org.pk]),
        reverse("core:import_start"),
    ]
    before = (Person.objects.count(), Employer.objects.count(), Organization.objects.count())
    assert {url: client.post(url, {}).status_code for url in urls} == {url: 403 for url in urls}
    after = (Person.objects.count(), Employer.objects.count(), Organization.objects.count())
    assert after == before


def test_list_pages_declare_their_post_read_only():
    """A list page's POST only exports what the user sees (the permission walk's marker)."""
    assert ListPageView.route_action is None
    for pattern in get_resolver("gonghui.core.urls").url_patterns:
        view_class = getattr(pattern.callback, "view_class", None)
        if view_class is not None and issubclass(view_class, ListPageView):
            assert view_class.route_action is None
            assert view_class.view_action is not None, view_class.__name__


def api(user: Any) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(user)}")


def test_api_person_upsert_of_another_countys_id_is_403_without_saying_where(world):
    theirs = world.shiquan_person
    payload = {"id_number": theirs.id_number, "name": "篡改", "org_id": world.hanbin_union.pk}
    response = api(world.hanbin_officer).post(
        "/api/core/persons", json.dumps(payload), content_type="application/json"
    )
    assert response.status_code == 403
    detail = response.json()["detail"]
    assert "不在您的管辖范围内" in detail and "石泉" not in detail
    theirs.refresh_from_db()
    assert theirs.name == "李娜"


def test_api_employer_upsert_of_another_countys_code_is_403_without_saying_where(world):
    theirs = factories.employer(world.shiquan, "石泉某矿业公司")
    payload = {
        "credit_code": theirs.credit_code,
        "name": "篡改",
        "kind": "private",
        "org_id": world.hanbin.pk,
    }
    response = api(world.hanbin_officer).post(
        "/api/core/employers", json.dumps(payload), content_type="application/json"
    )
    assert response.status_code == 403
    assert "石泉" not in response.json()["detail"]
    theirs.refresh_from_db()
    assert theirs.name == "石泉某矿业公司"


def test_api_role_that_may_not_write_gets_403_before_any_lookup(world):
    """A 职工本人 sees no organization: the answer is still 403 (the table), not 404."""
    payload = {"name": "x", "kind": "grassroots", "parent_id": world.hanbin_union.pk}
    response = api(world.hanbin_member).post(
        "/api/core/organizations", json.dumps(payload), content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "您的账号无权新增下级组织"


# ---------------------------------------------------------------- imports


@pytest.fixture
def media(settings, tmp_path):
    settings.JOBS_BACKEND = "sync"
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path


def _upload(client: Client, path: Path, importer: str = "persons") -> Any:
    with open(path, "rb") as fh:
        return client.post(reverse("core:import_start"), {"importer": importer, "file": fh})


def test_import_of_a_foreign_id_does_not_say_where_it_is_registered(world, client, media):
    theirs = world.shiquan_person
    client.force_login(world.hanbin_officer)
    path = xlsx(
        media / "a.xlsx", [HEAD, [theirs.name, theirs.id_number, "", row(1)[3], "2022-01-01"]]
    )
    _upload(client, path)
    preview = Job.objects.get(kind="import.preview")
    page = client.get(reverse("core:job_detail", args=[preview.pk])).content.decode()
    assert "该身份证号码已在其他组织登记，不在您的管辖范围内" in page
    assert world.shiquan_union.name not in page and world.shiquan.name not in page
    assert world.shiquan_union.name not in json.dumps(preview.result, ensure_ascii=False)


def test_import_of_a_foreign_credit_code_does_not_say_where_it_is_registered(world, tmp_path):
    from tests.core.test_import_employers import HEAD as EMPLOYER_HEAD
    from tests.core.test_import_employers import run

    theirs = factories.employer(world.shiquan_union, "石泉某丝绸公司")
    report = run(
        world,
        xlsx(
            tmp_path / "employers.xlsx",
            [EMPLOYER_HEAD, [theirs.credit_code, "篡改", "民营", 5, "否", "610902"]],
        ),
        commit=False,
    )
    text = " ".join(e.message for e in report.errors)
    assert "该统一社会信用代码已在其他组织登记" in text
    assert "石泉" not in text


def test_confirm_is_refused_when_the_uploader_lost_the_role(world, client, media):
    officer = world.hanbin_officer
    client.force_login(officer)
    _upload(client, xlsx(media / "a.xlsx", [HEAD, row(1)]))
    preview = Job.objects.get(kind="import.preview")
    officer.role = "auditor"
    officer.save()
    response = client.post(reverse("core:import_confirm", args=[preview.pk]))
    assert response.status_code == 403
    with pytest.raises(Denied):  # the service itself, whoever calls it
        importing.import_confirm(user=officer, preview=preview)
    assert not Job.objects.filter(kind="import.commit").exists()


def test_a_queued_commit_fails_when_the_uploader_lost_the_role(world, client, media, settings):
    from gonghui.core import jobs

    officer = world.hanbin_officer
    client.force_login(officer)
    _upload(client, xlsx(media / "a.xlsx", [HEAD, row(1)]))
    preview = Job.objects.get(kind="import.preview")
    settings.JOBS_BACKEND = "thread"  # started after the (test's) transaction: stays queued
    commit = importing.import_confirm(user=officer, preview=preview)
    assert commit.status == "pending"
    officer.role = "auditor"
    officer.save()
    jobs.run_job(commit.pk)
    commit.refresh_from_db()
    assert commit.status == "failed" and "无权导入数据" in commit.message
    assert services.person_find_by_id_number(row(1)[1]) is None


def test_an_importer_with_its_own_action_is_refused_without_it(world, client, media, monkeypatch):
    importer = importing.get_importer("persons")
    monkeypatch.setattr(importer, "permission", "core.organization.create", raising=False)
    client.force_login(world.hanbin_chair)  # may import, may not create organizations
    page = client.get(reverse("core:import_start")).content.decode()
    assert "人员及会员" not in page and "用人单位" in page
    response = _upload(client, xlsx(media / "a.xlsx", [HEAD, row(1)]))
    assert response.status_code == 403
    assert not Job.objects.exists()


# ---------------------------------------------------------------- menu


def _menu_labels(user: Any, rf: Any) -> set[str]:
    request = rf.get("/")
    request.user = user
    return {item["label"] for _, items in menu(request)["menu"] for item in items}


def test_core_menu_is_drawn_from_the_table(world, rf):
    auditor = _menu_labels(world.auditor, rf)
    assert {"审计日志", "人员档案"} <= auditor and "数据导入" not in auditor
    member = _menu_labels(world.hanbin_member, rf)
    assert "我的信息" in member and not {"人员档案", "数据导入", "审计日志"} & member
    chair = _menu_labels(world.hanbin_chair, rf)
    assert "数据导入" in chair and "审计日志" not in chair
