"""The template's example row: marked, skipped on import, and only that row."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from django.urls import reverse

from gonghui.core import importing
from gonghui.core.models import Job, JobStatus, Person
from tests.core.test_import import HEAD, pid, preview, row, xlsx


@pytest.fixture(autouse=True)
def _sync_jobs(settings, tmp_path):
    settings.JOBS_BACKEND = "sync"
    settings.MEDIA_ROOT = tmp_path / "media"


def filled(headers: list[str], values: list[Any]) -> list[Any]:
    """`values` (in HEAD order) placed under the template's starred headers."""
    given = dict(zip(HEAD, values, strict=True))
    return [given.get(h.rstrip("*")) for h in headers]


def test_template_left_with_its_sample_row_and_one_real_row_imports_exactly_one(
    world, client, tmp_path
):
    client.force_login(world.hanbin_officer)
    download = client.get(reverse("core:import_template", args=["persons"]))
    book = openpyxl.load_workbook(io.BytesIO(download.content))
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    sample_id = importing.get_importer("persons").column("id_number").sample
    assert sheet.cell(row=2, column=2).value == sample_id  # the sample row is still there
    sheet.append(filled(headers, row(1, name="王芳")))
    path = tmp_path / "人员.xlsx"
    book.save(path)
    before = Person.objects.count()

    with path.open("rb") as fh:
        client.post(reverse("core:import_start"), {"importer": "persons", "file": fh})
    preview_job = Job.objects.get(kind="import.preview")
    assert preview_job.result["error_count"] == 0 and preview_job.result["total"] == 1
    page = client.get(reverse("core:job_detail", args=[preview_job.pk]))
    assert "第2行是导入模板中的填写示例，已跳过" in page.text
    client.post(reverse("core:import_confirm", args=[preview_job.pk]))
    commit = Job.objects.get(kind="import.commit")
    assert commit.status == JobStatus.DONE and commit.result["new"] == 1
    assert Person.objects.count() == before + 1
    assert Person.objects.filter(name="王芳").exists()
    assert not Person.objects.filter(name__startswith="示例").exists()


def test_every_template_marks_its_sample_row(world):
    for importer in importing.importers().values():
        sheet = openpyxl.load_workbook(io.BytesIO(importing.template(importer))).worksheets[0]
        assert importing.is_sample(sheet.cell(row=2, column=1).value), importer.key


def test_only_the_first_row_under_the_header_can_be_the_sample(world, tmp_path):
    path = xlsx(
        tmp_path / "a.xlsx",
        [HEAD, ["示例：张伟", pid(9), "", "某某工会", ""], row(1), ["示例：李四", *row(2)[1:]]],
    )
    report = preview(world, path)
    assert report.sample_row == 2 and report.total == 2 and report.new == 2


def test_a_file_without_a_sample_row_imports_its_first_row(world, tmp_path):
    report = preview(world, xlsx(tmp_path / "a.xlsx", [HEAD, row(1, name="示范"), row(2)]))
    assert report.sample_row == 0 and report.new == 2
