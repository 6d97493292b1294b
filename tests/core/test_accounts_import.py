"""批量导入用户账号 through the import framework: every row checked, all rows or none written,
errors reported per row and column."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from gonghui.core import importing
from gonghui.core.importing import ImportReport, run_import
from gonghui.core.models import AuditAction, AuditLog, Job, JobStatus, Role, User
from tests import factories
from tests.core.test_import import xlsx

HEAD = ["用户名", "姓名", "角色", "所属组织", "手机号", "身份证号码", "初始密码"]


@pytest.fixture(autouse=True)
def _sync_jobs(settings, tmp_path):
    settings.JOBS_BACKEND = "sync"
    settings.MEDIA_ROOT = tmp_path / "media"


def run(world: Any, path: Path, *, commit: bool, user: Any = None) -> ImportReport:
    return run_import(
        importing.get_importer("users"),
        path,
        filename=path.name,
        user=user or world.hanbin_officer,
        commit=commit,
    )


def errors(report: ImportReport) -> list[str]:
    return [f"{e.row}|{e.column}|{e.message}" for e in report.errors]


def staff(username: str, **kw: str) -> list[str]:
    row = {
        "username": username,
        "name": "王芳",
        "role": "基层工会主席",
        "org": "汉滨区第一中学工会",
        "phone": "13912345678",
        "id_number": "",
        "password": "",
    }
    row.update(kw)
    return list(row.values())


def test_good_rows_create_accounts_that_must_change_their_password(world, tmp_path):
    worker = factories.person(world.hanbin_union, "陈静", phone="13911223344")
    path = xlsx(
        tmp_path / "账号.xlsx",
        [
            HEAD,
            staff("hb_chair_a", password="Ankang-Union-88"),
            staff("hb_officer_b", role="县区工会干部", org="汉滨区总工会"),
            staff("chenjing", role="职工本人", org="", phone="", id_number=worker.id_number),
        ],
    )
    assert run(world, path, commit=False).new == 3
    assert not User.objects.filter(username="hb_chair_a").exists()  # the preview writes nothing
    report = run(world, path, commit=True)
    assert report.committed and report.new == 3, errors(report)
    chair = User.objects.get(username="hb_chair_a")
    assert chair.role == Role.GRASSROOTS_CHAIR and chair.organization == world.hanbin_union
    assert chair.must_change_password and chair.check_password("Ankang-Union-88")
    assert not User.objects.get(username="hb_officer_b").has_usable_password()
    member = User.objects.get(username="chenjing")
    assert member.person == worker and member.organization == world.hanbin_union
    created = AuditLog.objects.filter(action=AuditAction.CREATE, model="core.user")
    assert created.filter(user=world.hanbin_officer).count() == 3
    assert AuditLog.objects.filter(action=AuditAction.IMPORT, model="core.user").exists()


def test_one_bad_row_writes_nothing_and_each_error_names_row_and_column(world, tmp_path):
    path = xlsx(
        tmp_path / "账号.xlsx",
        [
            HEAD,
            staff("hb_ok"),
            staff("hb_city", role="市总管理员", org="安康市总工会"),
            staff("hb_sq", org="石泉县供电公司工会"),
            staff("x"),
            staff("hb_pw", password="1234567890"),
            staff("hanbin_chair"),
            staff("HB_OK"),
            staff("hb_member", role="职工本人", org="", phone=""),
        ],
    )
    report = run(world, path, commit=True)
    assert not report.committed
    assert not User.objects.filter(username__in=["hb_ok", "hb_pw"]).exists()
    found = "\n".join(errors(report))
    assert "3|角色|不能授予高于本人的角色（市总管理员）" in found
    assert "4|所属组织|找不到组织“石泉县供电公司工会”，或该组织不在您的管辖范围内" in found
    assert "5|用户名|用户名须为3至30位" in found
    assert "6|初始密码|这个密码太常见了" not in found and "6|初始密码|密码" in found
    assert "7|用户名|用户名“hanbin_chair”已被使用" in found
    assert "8|用户名|用户名与第2行重复" in found
    assert "9|身份证号码|角色为职工本人时须填写身份证号码" in found


def test_a_worker_row_needs_a_person_of_the_subtree(world, tmp_path):
    path = xlsx(
        tmp_path / "a.xlsx",
        [HEAD, staff("lina", role="职工本人", id_number=world.shiquan_person.id_number)],
    )
    assert errors(run(world, path, commit=True)) == [
        "2|身份证号码|在您的管辖范围内没有该身份证号码的人员档案"
    ]


def test_importing_the_same_file_again_creates_nothing_new(world, tmp_path):
    path = xlsx(tmp_path / "a.xlsx", [HEAD, staff("hb_chair_a")])
    assert run(world, path, commit=True).new == 1
    again = run(world, path, commit=True)
    assert again.committed and again.new == 0 and again.unchanged == 1


def test_the_wizard_imports_accounts_for_an_officer(world, client, tmp_path):
    client.force_login(world.hanbin_officer)
    page = client.get(reverse("core:import_start"), {"importer": "users"})
    assert "用户账号" in page.text
    path = xlsx(tmp_path / "账号.xlsx", [HEAD, staff("hb_chair_a")])
    with open(path, "rb") as fh:
        response = client.post(reverse("core:import_start"), {"importer": "users", "file": fh})
    preview = Job.objects.get(kind="import.preview")
    assert response.status_code == 302 and preview.status == JobStatus.DONE
    assert preview.result["new"] == 1
    client.post(reverse("core:import_confirm", args=[preview.pk]))
    assert User.objects.filter(username="hb_chair_a").exists()


def test_a_chair_may_not_import_accounts(world, client, tmp_path):
    client.force_login(world.hanbin_chair)
    path = xlsx(tmp_path / "账号.xlsx", [HEAD, staff("hb_chair_a")])
    with open(path, "rb") as fh:
        response = client.post(reverse("core:import_start"), {"importer": "users", "file": fh})
    assert response.status_code == 403
    assert not Job.objects.exists()
