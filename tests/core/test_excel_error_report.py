"""The error report is built by the import job, stored beside the upload (0600) and only served
by the download request; it goes when the upload is purged."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.urls import reverse

from gonghui.core import importing
from gonghui.core.importing import readers, reports
from gonghui.core.models import Job
from tests.core.test_import import HEAD, preview, row, xlsx


@pytest.fixture(autouse=True)
def _sync_jobs(settings, tmp_path):
    settings.JOBS_BACKEND = "sync"
    settings.MEDIA_ROOT = tmp_path / "media"


def upload_bad_file(client: Any, tmp_path: Path, world: Any) -> Job:
    client.force_login(world.hanbin_officer)
    path = xlsx(tmp_path / "名单.xlsx", [HEAD, row(1), row(2, union="不存在的工会")])
    with path.open("rb") as fh:
        client.post(reverse("core:import_start"), {"importer": "persons", "file": fh})
    return Job.objects.get(kind="import.preview")


def stored(settings: Any, name: str) -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / name


def test_the_preview_job_writes_the_report_beside_the_upload_readable_only_by_the_owner(
    world, client, tmp_path, settings
):
    job = upload_bad_file(client, tmp_path, world)
    report = stored(settings, job.result["report_file"])
    assert report.is_file()
    assert report.name.startswith(Path(job.params["file"]).stem + ".")
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    assert stat.S_IMODE(stored(settings, job.params["file"]).stat().st_mode) == 0o600
    ws = openpyxl.load_workbook(report).active
    assert ws.cell(row=3, column=4).comment.text.startswith("找不到组织“不存在的工会”")
    # No scratch files are left behind.
    assert sorted(p.name for p in report.parent.iterdir()) == sorted(
        [job.params["file"], report.name]
    )


def test_downloading_the_report_serves_the_stored_file_without_building_it(
    world, client, tmp_path, settings, monkeypatch
):
    job = upload_bad_file(client, tmp_path, world)

    def no_building(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the error report must not be built in the request")

    monkeypatch.setattr(reports, "error_report", no_building)
    monkeypatch.setattr(readers, "read_table", no_building)
    response = client.get(reverse("core:import_error_report", args=[job.pk]))
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert content == stored(settings, job.result["report_file"]).read_bytes()
    assert "filename*=UTF-8''" in response["Content-Disposition"]


def test_the_report_is_purged_with_its_upload(world, client, tmp_path, settings):
    job = upload_bad_file(client, tmp_path, world)
    upload = stored(settings, job.params["file"])
    report = stored(settings, job.result["report_file"])
    two_days_ago = time.time() - 2 * 86400
    os.utime(upload, (two_days_ago, two_days_ago))
    assert importing.uploads_purge() == 2
    assert not upload.exists() and not report.exists()
    response = client.get(reverse("core:import_error_report", args=[job.pk]))
    assert response.status_code == 404 and "错误报告已不存在" in response.text


def test_building_the_report_reports_progress(world, tmp_path, monkeypatch):
    monkeypatch.setattr(reports, "REPORT_PROGRESS_ROWS", 1)
    path = xlsx(tmp_path / "a.xlsx", [HEAD, row(1), row(2, union="不存在的工会"), row(3)])
    report = preview(world, path)
    seen: list[tuple[int, int, str]] = []
    importing.error_report(
        path,
        path.name,
        report.errors,
        report.header_row,
        dest=tmp_path / "r.xlsx",
        progress=lambda done, total, message: seen.append((done, total, message)),
    )
    assert [done for done, _, _ in seen] == [1, 2, 3, 4, 4]
    assert seen[1][2] == "正在生成错误报告：已写2行" and seen[-1][2] == "错误报告已生成"


def test_the_report_streams_the_sheet_instead_of_holding_it(world, tmp_path, monkeypatch):
    """Each row is written before the next one is read: the sheet is never held."""
    monkeypatch.setattr(reports, "REPORT_PROGRESS_ROWS", 1)
    path = xlsx(tmp_path / "a.xlsx", [HEAD, row(1, union="不存在的工会"), row(2), row(3)])
    report = preview(world, path)
    real = importing.read_table
    read: list[int] = []

    def counting(*args: Any, **kwargs: Any) -> importing.Table:
        table = real(*args, **kwargs)
        inner = table.rows

        def rows() -> Any:
            for item in inner:
                read.append(item[0])
                yield item

        table.rows = rows()
        return table

    monkeypatch.setattr(readers, "read_table", counting)
    read_when_written: list[int] = []
    importing.error_report(
        path,
        path.name,
        report.errors,
        1,
        dest=tmp_path / "r.xlsx",
        progress=lambda done, total, message: read_when_written.append(len(read)),
    )
    assert read_when_written == [1, 2, 3, 4, 4]


def test_the_wizard_links_the_report_only_when_it_was_built(world, client, tmp_path, monkeypatch):
    monkeypatch.setattr(
        reports, "error_report", lambda *a, **k: (_ for _ in ()).throw(OSError("disk full"))
    )
    job = upload_bad_file(client, tmp_path, world)
    assert job.result["error_count"] == 1 and not job.result["report_file"]
    page = client.get(reverse("core:job_detail", args=[job.pk]))
    assert "错误报告未能生成" in page.text
    assert reverse("core:import_error_report", args=[job.pk]) not in page.text


def test_the_report_keeps_every_value_and_its_type(world, tmp_path):
    import datetime as dt

    import xlsxwriter

    odd = ["a&<b>\"'", "_x0041_ literal", "ctrl\x01char", " lead", "trail ", "tab\there", "两\n行"]
    path = tmp_path / "odd.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    date_fmt = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, HEAD)
    sheet.write_row(1, 0, ["王芳", *row(1)[1:]])
    for r, text in enumerate(odd, start=2):
        sheet.write_string(r, 0, text)
        sheet.write_number(r, 1, 13800138000 + r)
        sheet.write_number(r, 2, -0.25 * r)
        sheet.write_boolean(r, 3, r % 2 == 0)
        sheet.write_datetime(r, 4, dt.datetime(2021, 5, r, 8, 30), date_fmt)
        sheet.write_datetime(r, 5, dt.date(1900, 1, r), date_fmt)  # before Excel's 1900-02-29
    book.close()
    errors = [importing.RowError(3, "姓名", "示例错误", 0)]
    dest = tmp_path / "r.xlsx"
    importing.error_report(path, path.name, errors, 1, dest=dest)
    source = [cells for _, cells in importing.read_table(path, path.name).rows]
    report = [cells for _, cells in importing.read_table(dest, dest.name).rows]
    assert [r[:6] for r in report] == [r[:6] for r in source]
    assert report[2][6] == "姓名：示例错误" and report[0][6] == "错误原因"
    ws = openpyxl.load_workbook(dest).active
    assert ws.cell(row=3, column=1).value == odd[0]
    assert ws.cell(row=3, column=1).fill.fgColor.rgb.endswith("FFC7CE")
    assert ws.cell(row=3, column=5).number_format == "yyyy-mm-dd"
    assert ws.freeze_panes == "A2" and ws.column_dimensions["G"].width > 50


def test_a_commit_that_finds_errors_writes_its_own_report(world, client, tmp_path, settings):
    from gonghui.core.models import JobStatus, Organization

    client.force_login(world.hanbin_officer)
    path = xlsx(tmp_path / "名单.xlsx", [HEAD, row(1), row(2)])
    with path.open("rb") as fh:
        client.post(reverse("core:import_start"), {"importer": "persons", "file": fh})
    preview_job = Job.objects.get(kind="import.preview")
    assert preview_job.result["error_count"] == 0 and "report_file" not in preview_job.result
    # Between preview and confirm the union is renamed: every row now names an unknown union.
    Organization.objects.filter(pk=world.hanbin_union.pk).update(name="已改名的工会")
    client.post(reverse("core:import_confirm", args=[preview_job.pk]))
    commit = Job.objects.get(kind="import.commit")
    assert commit.status == JobStatus.FAILED and commit.result["error_count"] == 2
    report = stored(settings, commit.result["report_file"])
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    response = client.get(reverse("core:import_error_report", args=[commit.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == report.read_bytes()
