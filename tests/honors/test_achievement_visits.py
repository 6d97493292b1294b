"""A newly recorded honor is a 取得特殊成就 moment of 五必访: a visit task with the year's deadline."""

import datetime as dt

import openpyxl
import pytest
from django.utils import timezone

from gonghui.core.importing import get_importer, run_import
from gonghui.core.workdays import add_workdays
from gonghui.honors.models import VisitTask, YearRules
from gonghui.honors.services import person_mark_deceased
from tests import factories
from tests.honors.conftest import give

pytestmark = pytest.mark.django_db


def _achievement_tasks(person):
    return VisitTask.objects.filter(person=person, occasion="achievement")


def test_recording_an_honor_of_this_year_creates_an_achievement_visit_due_in_working_days(world):
    today = timezone.localdate()
    give(world.city_admin, world.hanbin_person, "安康市劳动模范", today.year)
    task = _achievement_tasks(world.hanbin_person).get()
    assert task.status == "open" and task.org == world.hanbin_person.org
    assert task.due_date == add_workdays(today, 3)
    assert "安康市劳动模范" in task.event.note and task.created_by == world.city_admin


def test_the_deadline_is_the_years_rule(world):
    today = timezone.localdate()
    YearRules.objects.create(year=today.year, visit_event_days=7)
    give(world.city_admin, world.hanbin_person, "金州工匠", today.year)
    assert _achievement_tasks(world.hanbin_person).get().due_date == add_workdays(today, 7)


def test_an_old_honor_entered_into_the_registry_now_creates_no_visit(world):
    give(world.city_admin, world.hanbin_person, "安康市劳动模范", timezone.localdate().year - 5)
    assert not _achievement_tasks(world.hanbin_person).exists()


def test_a_posthumous_honor_creates_no_visit(world):
    give(world.city_admin, world.hanbin_person, "安康市劳动模范", 2015)
    person_mark_deceased(user=world.hanbin_officer, person=world.hanbin_person)
    give(world.city_admin, world.hanbin_person, "陕西省劳动模范", timezone.localdate().year)
    assert not _achievement_tasks(world.hanbin_person).exists()


def test_a_recent_honor_imported_with_the_roster_creates_its_visit(world, tmp_path):
    year = timezone.localdate().year
    newcomer = factories.person(world.hanbin_union, "赵强")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号码", "荣誉名称", "授予年度"])
    ws.append(["赵强", newcomer.id_number, "金州工匠", year])
    ws.append(["张伟", world.hanbin_person.id_number, "安康市劳动模范", 2012])
    path = tmp_path / "roster.xlsx"
    wb.save(path)
    report = run_import(
        get_importer("model_workers"),
        path,
        filename="roster.xlsx",
        user=world.hanbin_officer,
        commit=True,
    )
    assert report.committed and not report.errors
    task = _achievement_tasks(newcomer).get()
    assert task.due_date == add_workdays(timezone.localdate(), 3)
    # the 2012 title is history, not news
    assert not _achievement_tasks(world.hanbin_person).exists()


def test_the_visit_follows_the_honor_not_the_date_it_was_conferred(world):
    """Recorded in January for last year's title: still news (the default window is one year)."""
    import time_machine

    with time_machine.travel(dt.datetime(2027, 1, 6, 10, tzinfo=dt.UTC), tick=False):
        give(world.city_admin, world.hanbin_person, "安康市劳动模范", 2026)
        task = _achievement_tasks(world.hanbin_person).get()
        assert task.due_date == add_workdays(dt.date(2027, 1, 6), 3)
