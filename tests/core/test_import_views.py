"""The 数据导入 wizard as a user drives it: upload → preview → confirm → result."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.urls import reverse

from gonghui.core.models import Job, JobStatus, Membership, Person
from tests.core.test_import import HEAD, row, xlsx


@pytest.fixture(autouse=True)
def _sync_jobs(settings, tmp_path):
    settings.JOBS_BACKEND = "sync"
    settings.MEDIA_ROOT = tmp_path / "media"


def login(client: Any, user: Any) -> Any:
    client.force_login(user)
    return client


def upload(client: Any, path: Any, importer: str = "persons") -> Any:
    with open(path, "rb") as fh:
        return client.post(reverse("core:import_start"), {"importer": importer, "file": fh})


def test_wizard_preview_then_confirm_imports_and_shows_the_result(world, client, tmp_path):
    login(client, world.hanbin_officer)
    page = client.get(reverse("core:import_start"))
    assert page.status_code == 200
    assert "人员及会员" in page.text and "用人单位" in page.text
    assert reverse("core:import_template", args=["persons"]) in page.text

    before = Person.objects.count()
    response = upload(client, xlsx(tmp_path / "名单.xlsx", [HEAD, row(1), row(2)]))
    preview = Job.objects.get(kind="import.preview")
    assert response.status_code == 302
    assert response.url == reverse("core:job_detail", args=[preview.pk])
    assert Person.objects.count() == before  # the preview writes nothing

    page = client.get(response.url)
    assert "将新增" in page.text and "确认导入" in page.text
    assert "610902********" in page.text  # masked ID numbers in the preview
    assert row(1)[1] not in page.text

    response = client.post(reverse("core:import_confirm", args=[preview.pk]))
    commit = Job.objects.get(kind="import.commit")
    assert response.url == reverse("core:job_detail", args=[commit.pk])
    assert commit.status == JobStatus.DONE and commit.result["new"] == 2
    assert Person.objects.count() == before + 2
    page = client.get(response.url)
    assert "导入完成：新增 2 条" in page.text

    # Confirming the same preview again does not import twice.
    client.post(reverse("core:import_confirm", args=[preview.pk]))
    assert Job.objects.filter(kind="import.commit").count() == 1


def test_preview_with_errors_lists_them_offers_the_report_and_no_confirm(world, client, tmp_path):
    login(client, world.hanbin_officer)
    bad = row(2, union="不存在的工会")
    upload(client, xlsx(tmp_path / "a.xlsx", [HEAD, row(1), bad]))
    preview = Job.objects.get(kind="import.preview")
    page = client.get(reverse("core:job_detail", args=[preview.pk]))
    assert "第3行" in page.text and "找不到组织“不存在的工会”" in page.text
    assert "确认导入</button>" not in page.text
    report = client.get(reverse("core:import_error_report", args=[preview.pk]))
    assert report.status_code == 200
    ws = openpyxl.load_workbook(io.BytesIO(b"".join(report.streaming_content))).active
    assert ws.cell(row=3, column=4).comment.text.startswith("找不到组织“不存在的工会”")
    response = client.post(reverse("core:import_confirm", args=[preview.pk]))
    assert response.status_code == 400 and "文件中还有错误" in response.text
    assert not Job.objects.filter(kind="import.commit").exists()


def test_file_level_errors_are_shown_on_the_upload_page(world, client, tmp_path, settings):
    login(client, world.hanbin_officer)
    fake = tmp_path / "名单.xlsx"
    fake.write_bytes(b"just some text")
    response = upload(client, fake)
    assert response.status_code == 400
    assert "不是有效的Excel文件" in response.text
    settings.IMPORT_MAX_BYTES = 100
    response = upload(client, xlsx(tmp_path / "b.xlsx", [HEAD, row(1)]))
    assert response.status_code == 400 and "超过上限" in response.text
    assert not Job.objects.exists()


def test_missing_column_fails_the_preview_job_with_the_reason(world, client, tmp_path):
    login(client, world.hanbin_officer)
    response = upload(
        client, xlsx(tmp_path / "a.xlsx", [["姓名", "组织", "入会日期"], ["王芳", "x", ""]])
    )
    page = client.get(response.url)
    assert "失败" in page.text and "缺少必填列：“身份证号码”" in page.text


def test_template_download_for_each_importer(world, client):
    login(client, world.hanbin_chair)
    for key, first in (("persons", "姓名*"), ("employers", "统一社会信用代码*")):
        response = client.get(reverse("core:import_template", args=[key]))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
        assert ws.cell(row=1, column=1).value == first


@pytest.mark.parametrize("who", ["auditor", "hanbin_member"])
def test_read_only_roles_cannot_import(world, client, tmp_path, who):
    login(client, getattr(world, who))
    assert client.get(reverse("core:import_start")).status_code == 403
    assert upload(client, xlsx(tmp_path / "a.xlsx", [HEAD, row(1)])).status_code == 403
    assert client.get(reverse("core:import_template", args=["persons"])).status_code == 403


def test_jobs_are_visible_only_within_scope(world, client, tmp_path):
    login(client, world.hanbin_officer)
    upload(client, xlsx(tmp_path / "a.xlsx", [HEAD, row(1)]))
    job = Job.objects.get()
    assert f"#{job.pk}" in client.get(reverse("core:job_list")).text
    login(client, world.shiquan_officer)
    assert f"#{job.pk}" not in client.get(reverse("core:job_list")).text
    assert client.get(reverse("core:job_detail", args=[job.pk])).status_code == 404
    login(client, world.city_admin)
    assert client.get(reverse("core:job_detail", args=[job.pk])).status_code == 200
    # Someone else in scope sees the job but may neither confirm nor download the file.
    assert client.post(reverse("core:import_confirm", args=[job.pk])).status_code == 400
    assert client.get(reverse("core:import_error_report", args=[job.pk])).status_code == 404
    assert Membership.objects.count() == 2


def test_progress_fragment_polls_while_running_and_refreshes_when_done(world, client):
    login(client, world.hanbin_officer)
    job = Job.objects.create(
        kind="import.preview",
        status=JobStatus.RUNNING,
        progress=30,
        total=120,
        created_by=world.hanbin_officer,
        org=world.hanbin,
        params={"importer": "persons", "filename": "a.xlsx", "file": "x"},
    )
    url = reverse("core:job_detail", args=[job.pk])
    fragment = client.get(url, HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 1s"' in fragment.text and 'value="25"' in fragment.text
    assert "HX-Refresh" not in fragment
    page = client.get(url)
    assert "<progress" in page.text and "25%" in page.text
    Job.objects.filter(pk=job.pk).update(status=JobStatus.DONE)
    fragment = client.get(url, HTTP_HX_REQUEST="true")
    assert fragment["HX-Refresh"] == "true" and "hx-trigger" not in fragment.text


def test_an_abandoned_upload_is_deleted_after_a_day_and_cannot_be_confirmed(
    world, client, tmp_path, settings
):
    import os
    import time

    login(client, world.hanbin_officer)
    upload(client, xlsx(tmp_path / "a.xlsx", [HEAD, row(1)]))
    first = Job.objects.get(kind="import.preview")
    stored = Path(settings.MEDIA_ROOT) / "imports" / first.params["file"]
    assert stored.exists()
    two_days_ago = time.time() - 2 * 86400
    os.utime(stored, (two_days_ago, two_days_ago))
    upload(client, xlsx(tmp_path / "b.xlsx", [HEAD, row(2)]))  # any later upload purges it
    assert not stored.exists()
    newer = Job.objects.filter(kind="import.preview").exclude(pk=first.pk).get()
    assert (Path(settings.MEDIA_ROOT) / "imports" / newer.params["file"]).exists()
    response = client.post(reverse("core:import_confirm", args=[first.pk]))
    assert response.status_code == 400 and "上传的文件已不存在，请重新上传" in response.text
    assert Person.objects.filter(name="职工1").count() == 0
