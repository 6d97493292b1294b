"""节假日安排 from Excel through the import framework: one row per day of the notice, every row
checked, a year replaced whole, all rows or none. The 2027 dates are FICTIONAL test data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from gonghui.core import importing, workdays
from gonghui.core.importing import ImportReport, run_import
from gonghui.core.models import AuditAction, AuditLog
from gonghui.core.models_calendar import CalendarDay, CalendarYear
from gonghui.core.permissions import Denied
from tests.core.test_calendar import client_for, enter_2027, fresh_calendar  # noqa: F401
from tests.core.test_import import xlsx

HEAD = ["日期", "类型", "节日名称", "通知标题", "文号"]
TITLE = "测试用虚构的2027年部分节假日安排"


@pytest.fixture(autouse=True)
def _sync_jobs(settings, tmp_path):
    settings.JOBS_BACKEND = "sync"
    settings.MEDIA_ROOT = tmp_path / "media"


def spring_2027() -> list[list[Any]]:
    rows: list[list[Any]] = [[dt.date(2027, 2, 6), "放假", "春节", TITLE, ""]]
    rows += [[dt.date(2027, 2, 6 + i), "放假", "春节", "", ""] for i in range(1, 8)]
    rows.append(["2027-02-20", "调休上班", "春节", "", ""])
    return rows


def run(world: Any, path: Path, *, commit: bool, user: Any = None) -> ImportReport:
    return run_import(
        importing.get_importer("calendar"),
        path,
        filename=path.name,
        user=user or world.city_admin,
        commit=commit,
    )


def errors(report: ImportReport) -> list[str]:
    return [f"{e.row}|{e.column}|{e.message}" for e in report.errors]


def test_an_excel_file_enters_a_year_that_then_counts(world, tmp_path):
    path = xlsx(tmp_path / "2027节假日.xlsx", [HEAD, *spring_2027()])
    assert run(world, path, commit=False).new == 9
    assert not CalendarYear.objects.exists()  # the preview writes nothing
    report = run(world, path, commit=True)
    assert report.committed and report.new == 9, errors(report)
    assert CalendarYear.objects.get(year=2027).title == TITLE
    assert workdays.deadline(dt.date(2027, 2, 4), 7) == (dt.date(2027, 2, 20), False)
    assert AuditLog.objects.filter(action=AuditAction.IMPORT, model="core.calendarday").exists()
    created = AuditLog.objects.filter(action=AuditAction.CREATE, model="core.calendarday")
    assert created.filter(user=world.city_admin).count() == 9


def test_a_bad_row_keeps_the_whole_file_out_and_says_where(world, tmp_path):
    rows = spring_2027()
    rows[3][2] = ""  # a holiday without its name
    rows.append([dt.date(2027, 2, 17), "上班", "春节", "", ""])  # a Wednesday as make-up day
    rows.append([dt.date(2027, 2, 7), "放假", "春节", "", ""])  # the same date twice
    path = xlsx(tmp_path / "有错.xlsx", [HEAD, *rows])
    report = run(world, path, commit=True)
    assert not report.committed
    found = errors(report)
    assert "5|节日名称|请填写2027-02-09放假的节日名称，如春节" in found
    assert any(e.startswith("11|日期|") and "调休上班日应为周六或周日" in e for e in found)
    assert "12|日期|日期与第3行重复" in found
    assert not CalendarYear.objects.exists() and not CalendarDay.objects.exists()


def test_a_year_with_only_makeup_days_is_refused(world, tmp_path):
    path = xlsx(tmp_path / "只有调休.xlsx", [HEAD, ["2027-02-20", "调休上班", "春节", "", ""]])
    report = run(world, path, commit=False)
    assert ["2|类型|2027年没有放假的日期：每年至少有一个放假日期"] == errors(report)


def test_importing_a_year_replaces_what_was_entered_for_it(world, tmp_path):
    enter_2027(world.city_admin)
    rows = [r for r in spring_2027() if r[1] == "放假"]  # the make-up Saturday dropped
    report = run(world, xlsx(tmp_path / "更正.xlsx", [HEAD, *rows]), commit=True)
    assert report.committed and report.unchanged == 8, errors(report)
    assert not CalendarDay.objects.filter(date=dt.date(2027, 2, 20)).exists()
    assert workdays.is_workday(dt.date(2027, 2, 20)) is False
    assert CalendarYear.objects.get(year=2027).title == TITLE


def test_a_chair_cannot_import_the_calendar(world, tmp_path):
    path = xlsx(tmp_path / "2027.xlsx", [HEAD, *spring_2027()])
    with pytest.raises(Denied), path.open("rb") as fh:
        importing.import_upload(
            user=world.hanbin_chair,
            importer_key="calendar",
            filename=path.name,
            size=path.stat().st_size,
            chunks=iter([fh.read()]),
        )
    page = client_for(world.hanbin_officer).get(reverse("core:import_start")).content.decode()
    assert 'value="calendar"' not in page  # not offered to an officer either


def test_the_admin_imports_through_the_wizard(world, tmp_path):
    client = client_for(world.city_admin)
    template = client.get(reverse("core:import_template", args=["calendar"]))
    assert template.status_code == 200
    path = xlsx(tmp_path / "2027.xlsx", [HEAD, *spring_2027()])
    with path.open("rb") as fh:
        response = client.post(reverse("core:import_start"), {"importer": "calendar", "file": fh})
    assert response.status_code == 302
    preview = int(response["Location"].rstrip("/").rsplit("/", 1)[1])
    confirmed = client.post(reverse("core:import_confirm", args=[preview]))
    assert confirmed.status_code == 302
    assert workdays.year_source(2027) == "entered"
