"""Importing an existing 劳模 roster through the core import framework."""

import datetime as dt

import openpyxl
import pytest

from gonghui.core.importing import get_importer, run_import
from gonghui.core.models import Person
from gonghui.core.validators import build_id_number
from gonghui.honors.models import Honor, ModelWorker

pytestmark = pytest.mark.django_db
HEAD = ["姓名", "身份证号码", "荣誉名称", "授予年度", "授予机关", "文号", "所属工会"]


def _sheet(tmp_path, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEAD)
    for r in rows:
        ws.append(r)
    path = tmp_path / "roster.xlsx"
    wb.save(path)
    return path


def _run(path, user, commit=True):
    return run_import(
        get_importer("model_workers"), path, filename="roster.xlsx", user=user, commit=commit
    )


def test_a_new_person_is_created_and_becomes_a_model_worker(world, tmp_path):
    number = build_id_number("610902", dt.date(1970, 5, 1), 21)
    path = _sheet(
        tmp_path,
        [
            [
                "王建国",
                number,
                "全国劳动模范",
                2015,
                "国务院",
                "国发〔2015〕1号",
                "汉滨区第一中学工会",
            ],
            ["王建国", number, "金州工匠", 2012, "安康市人民政府", "", "汉滨区第一中学工会"],
            ["张伟", world.hanbin_person.id_number, "安康市劳动模范", 2020, "", "", ""],
        ],
    )
    report = _run(path, world.hanbin_officer)
    assert report.committed and not report.errors
    p = Person.objects.get(name="王建国")
    assert p.org == world.hanbin_union
    assert ModelWorker.objects.get(person=p).level == 1
    assert ModelWorker.objects.get(person=world.hanbin_person).level == 3
    # importing the same file again writes nothing new
    report = _run(path, world.hanbin_officer)
    assert report.new == 0 and report.unchanged == 3
    assert Honor.objects.count() == 3


def test_bad_rows_are_reported_in_chinese_and_nothing_is_written(world, tmp_path):
    path = _sheet(
        tmp_path,
        [
            [
                "赵六",
                build_id_number("610902", dt.date(1970, 5, 1), 23),
                "全国劳动模范2",
                2015,
                "",
                "",
                "汉滨区第一中学工会",
            ],
            ["钱七", "610902197005010000", "金州工匠", 2015, "", "", "汉滨区第一中学工会"],
            [
                "孙八",
                build_id_number("610902", dt.date(1971, 5, 1), 25),
                "金州工匠",
                2016,
                "",
                "",
                "",
            ],
            ["李娜", world.shiquan_person.id_number, "金州工匠", 2016, "", "", ""],
        ],
    )
    report = _run(path, world.hanbin_officer)
    messages = " ".join(e.message for e in report.errors)
    assert not report.committed
    assert "未知的荣誉类型“全国劳动模范2”" in messages
    assert "身份证" in messages
    assert "请填写所属工会" in messages
    assert "不在您的管辖范围内" in messages
    assert Honor.objects.count() == 0 and not Person.objects.filter(name="赵六").exists()


def test_one_honor_given_under_the_old_and_the_new_id_number_is_one_duplicate_row(world, tmp_path):
    """110105491231002 and 11010519491231002X are one person: the second row is a duplicate."""
    row = ["王芳", "", "安康市劳动模范", 2020, "安康市人民政府", "", "汉滨区第一中学工会"]
    path = _sheet(
        tmp_path,
        [[*row[:1], "110105491231002", *row[2:]], [*row[:1], "11010519491231002X", *row[2:]]],
    )
    report = _run(path, world.hanbin_officer)
    assert [(e.row, "重复" in e.message) for e in report.errors] == [(3, True)]
    assert not Person.objects.filter(name="王芳").exists()
