"""The 企业台账's four department feeds through the import framework: each source's own headers,
the merge on the 统一社会信用代码 (update, sighting, headcount history), the review queue for a
name that matches under another code, and the bad inputs — each a Chinese message on its row
and column, nothing written."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from gonghui.core.importing import ImportFileError
from gonghui.core.models import AuditLog, Employer, EmployerKind
from gonghui.workplace.models import (
    EmployerSighting,
    HeadcountEntry,
    MergeReview,
    ReviewStatus,
    Source,
)
from gonghui.workplace.services_employers import review_merge, review_reject
from tests.kit import Unchanged
from tests.workplace.fixtures_employers import code, employer, import_rows, row, wrong_check

DAY1 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
DAY2 = dt.datetime(2026, 6, 15, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def day1():
    with time_machine.travel(DAY1, tick=False):
        yield


def test_each_source_creates_employers_in_the_county_its_rows_name(world, tmp_path, day1):
    c1, c2, c3, c4 = code(), code("610922"), code(), code()
    officer = world.city_admin
    report = import_rows(
        tmp_path,
        officer,
        "tax",
        [
            row("tax", c1, "安康市汉江商贸有限公司", 58, "国家税务总局安康市汉滨区税务局"),
            row("tax", c2, "石泉县蚕桑科技有限公司", 12, "石泉县"),
            row("tax", c3, "安康市直属物流有限公司", 30, ""),
        ],
    )
    assert report.committed and report.new == 3 and not report.errors
    a = Employer.objects.get(credit_code=c1)
    assert (a.name, a.org, a.employee_count, a.kind) == (
        "安康市汉江商贸有限公司",
        world.hanbin,
        58,
        EmployerKind.PRIVATE,
    )
    assert a.is_new_economy and not a.is_new_social
    assert Employer.objects.get(credit_code=c2).org == world.shiquan
    # No county named: the importing officer's own organization.
    assert Employer.objects.get(credit_code=c3).org == world.city
    sighting = EmployerSighting.objects.get(employer=a)
    assert (sighting.source, sighting.first_seen, sighting.last_seen, sighting.employee_count) == (
        Source.TAX,
        dt.date(2026, 3, 2),
        dt.date(2026, 3, 2),
        58,
    )
    head = HeadcountEntry.objects.get(employer=a)
    assert (head.as_of, head.count, head.source) == (dt.date(2026, 3, 2), 58, Source.TAX)
    civil = import_rows(
        tmp_path,
        officer,
        "civil_affairs",
        [row("civil_affairs", c4, "安康市茶业协会", 6, "汉滨区民政局")],
    )
    assert civil.new == 1
    social = Employer.objects.get(credit_code=c4)
    assert social.kind == EmployerKind.SOCIAL and social.is_new_social
    assert social.org == world.hanbin


def test_the_same_code_from_another_source_updates_the_employer_and_keeps_its_name(world, tmp_path):
    known = employer(world.hanbin_union, "安康市秦巴建材有限公司", employee_count=40)
    with time_machine.travel(DAY1, tick=False):
        report = import_rows(
            tmp_path,
            world.hanbin_officer,
            "market",
            [row("market", known.credit_code, "秦巴建材（安康）有限公司", 55, "汉滨区")],
        )
    assert report.updated == 1 and report.new == 0
    known.refresh_from_db()
    assert known.name == "安康市秦巴建材有限公司"  # the base keeps its name
    assert known.employee_count == 55 and known.org == world.hanbin_union
    sighting = known.sightings.get()
    # The framework folds full-width brackets as it reads the cell.
    assert sighting.source == Source.MARKET and sighting.name_in_source == "秦巴建材(安康)有限公司"
    assert [(h.as_of, h.count) for h in known.headcounts.all()] == [(dt.date(2026, 3, 2), 55)]
    with time_machine.travel(DAY2, tick=False):
        again = import_rows(
            tmp_path,
            world.hanbin_officer,
            "market",
            [row("market", known.credit_code, "秦巴建材（安康）有限公司", 55, "汉滨区")],
        )
        later = import_rows(
            tmp_path,
            world.hanbin_officer,
            "tax",
            [row("tax", known.credit_code, "安康市秦巴建材有限公司", 61, "")],
        )
    assert again.updated == 1 and later.updated == 1
    sighting.refresh_from_db()
    assert (sighting.first_seen, sighting.last_seen) == (dt.date(2026, 3, 2), dt.date(2026, 6, 15))
    known.refresh_from_db()
    assert known.employee_count == 61
    # The same count again adds no history; the change by 税务 does.
    assert [(h.as_of, h.count, h.source) for h in known.headcounts.all()] == [
        (dt.date(2026, 6, 15), 61, Source.TAX),
        (dt.date(2026, 3, 2), 55, Source.MARKET),
    ]
    assert sorted(known.sightings.values_list("source", flat=True)) == ["market", "tax"]


def test_a_source_switches_flags_on_but_never_off(world, tmp_path):
    known = employer(world.hanbin_union, "安康市富硒茶业有限公司", has_union=True)
    import_rows(
        tmp_path,
        world.hanbin_officer,
        "united_front",
        [[known.credit_code, known.name, "新经济组织", 20, "是", "否", "汉滨区", ""]],
    )
    known.refresh_from_db()
    assert known.has_party_org and known.has_union and known.is_new_economy


def test_a_name_in_the_base_under_another_code_goes_to_the_review_queue_not_merged(world, tmp_path):
    known = employer(world.hanbin_union, "安康市鼎盛物流有限公司", employee_count=80)
    other = code()
    state = Unchanged()
    preview = import_rows(
        tmp_path,
        world.hanbin_officer,
        "tax",
        [row("tax", other, "安康市鼎盛物流有限公司", 85, "汉滨区")],
        commit=False,
    )
    assert preview.new == 0 and preview.updated == 0 and preview.unchanged == 1
    assert not state.changes()
    report = import_rows(
        tmp_path,
        world.hanbin_officer,
        "tax",
        [row("tax", other, "安康市鼎盛物流（有限）公司".replace("（有限）", "有限"), 85, "汉滨区")],
    )
    assert report.committed and report.new == 0 and report.updated == 0
    review = MergeReview.objects.get()
    assert (review.status, review.candidate, review.credit_code, review.source) == (
        ReviewStatus.PENDING,
        known,
        other,
        Source.TAX,
    )
    assert review.org == world.hanbin and review.data["employee_count"] == 85
    assert review.data["cells"]["纳税人名称"] == "安康市鼎盛物流有限公司"
    known.refresh_from_db()
    assert known.employee_count == 80 and not known.sightings.exists()
    assert not Employer.objects.filter(credit_code=other).exists()
    # Importing the same file again does not queue it twice.
    import_rows(
        tmp_path, world.hanbin_officer, "tax", [row("tax", other, known.name, 86, "汉滨区")]
    )
    assert MergeReview.objects.get().data["employee_count"] == 86


def test_names_match_across_full_width_brackets_and_spaces(world, tmp_path):
    known = employer(world.hanbin_union, "安康市恒信(汉滨)商贸有限公司")
    import_rows(
        tmp_path,
        world.hanbin_officer,
        "market",
        [row("market", code(), "安康市恒信（汉滨） 商贸有限公司", 9, "汉滨区")],
    )
    assert MergeReview.objects.get().candidate == known


def test_two_rows_of_one_file_with_one_name_make_one_employer_and_one_review(world, tmp_path):
    a, b = code(), code()
    report = import_rows(
        tmp_path,
        world.hanbin_officer,
        "market",
        [
            row("market", a, "安康市瑞丰食品有限公司", 10, ""),
            row("market", b, "安康市瑞丰食品有限公司", 11, ""),
        ],
    )
    assert report.new == 1 and report.unchanged == 1
    made = Employer.objects.get(name="安康市瑞丰食品有限公司")
    assert made.credit_code == a
    assert (
        MergeReview.objects.get().candidate == made and MergeReview.objects.get().credit_code == b
    )


def test_a_merged_code_is_remembered_and_a_rejected_one_left_alone(world, tmp_path):
    known = employer(world.hanbin_union, "安康市宏远电子有限公司", employee_count=30)
    merged_code, rejected_code = code(), code()
    import_rows(
        tmp_path, world.hanbin_officer, "tax", [row("tax", merged_code, known.name, 33, "")]
    )
    review_merge(user=world.hanbin_officer, review=MergeReview.objects.get(), note="同一单位")
    import_rows(
        tmp_path, world.hanbin_officer, "market", [row("market", rejected_code, known.name, 9, "")]
    )
    review_reject(
        user=world.hanbin_officer,
        review=MergeReview.objects.get(status=ReviewStatus.PENDING),
        note="名称录错",
    )
    report = import_rows(
        tmp_path,
        world.hanbin_officer,
        "tax",
        [row("tax", merged_code, known.name, 35, "")],
    )
    again = import_rows(
        tmp_path, world.hanbin_officer, "market", [row("market", rejected_code, known.name, 9, "")]
    )
    assert report.updated == 1 and again.unchanged == 1
    assert not MergeReview.objects.filter(status=ReviewStatus.PENDING).exists()
    known.refresh_from_db()
    assert known.employee_count == 35 and known.credit_code != merged_code


# ---------------------------------------------------------------- bad input


def test_a_wrong_check_character_is_refused_on_its_row_and_column_and_nothing_is_written(
    world, tmp_path
):
    good, bad = code(), wrong_check(code())
    state = Unchanged()
    report = import_rows(
        tmp_path,
        world.hanbin_officer,
        "tax",
        [
            row("tax", good, "安康市博远科技有限公司", 20, ""),
            row("tax", bad, "安康市天成农业有限公司", 5, ""),
        ],
    )
    assert not report.committed
    (error,) = report.errors
    assert (error.row, error.column) == (4, "纳税人识别号")
    assert "统一社会信用代码校验位错误：最后一位应为" in error.message
    assert not state.changes(), state.changes()


def test_a_file_without_the_code_column_is_refused_as_a_whole(world, tmp_path):
    with pytest.raises(ImportFileError) as refused:
        import_rows(
            tmp_path,
            world.hanbin_officer,
            "market",
            [["安康市兴隆餐饮有限公司", 12, "汉滨区"]],
            head=["企业名称", "从业人数", "所属区县"],
        )
    assert "缺少必填列：“统一社会信用代码”" in refused.value.message
    assert not Employer.objects.filter(name="安康市兴隆餐饮有限公司").exists()


def test_a_county_outside_the_officers_area_or_unknown_is_an_error_of_that_cell(world, tmp_path):
    state = Unchanged()
    report = import_rows(
        tmp_path,
        world.hanbin_officer,
        "market",
        [
            row("market", code("610922"), "石泉县某某有限公司", 5, "石泉县"),
            row("market", code(), "某某有限公司", 5, "火星区"),
            row("market", code(), "某某二有限公司", "五人", "汉滨区"),
        ],
    )
    messages = {(e.row, e.column): e.message for e in report.errors}
    assert messages[(3, "所属区县")] == "“石泉县”不在您的管辖范围内，不能在该区县新增单位"
    assert "无法识别“火星区”所属的区县" in messages[(4, "所属区县")]
    assert messages[(5, "从业人数")] == "从业人数“五人”应为整数"
    assert not state.changes()


def test_a_code_registered_in_another_county_is_refused_without_naming_it(world, tmp_path):
    theirs = employer(world.shiquan_union, "石泉县供电服务有限公司")
    report = import_rows(
        tmp_path,
        world.hanbin_officer,
        "tax",
        [row("tax", theirs.credit_code, "随便写的名称", 5, "")],
    )
    (error,) = report.errors
    assert error.message == "该统一社会信用代码已由其他组织登记，不在您的管辖范围内"
    assert "石泉" not in error.message


def test_the_import_is_audited_row_by_row_and_as_a_whole(world, tmp_path):
    """One entry a row that changed the base: the employer's when it was created or changed
    (naming the sighting and headcount written with it), else the sighting's; one for the
    file."""
    known = employer(world.hanbin_union, "安康市金源科技有限公司", employee_count=10)
    same = employer(world.hanbin_union, "安康市康泰茶业有限公司", employee_count=5, industry="茶业")
    new = code()
    import_rows(
        tmp_path,
        world.hanbin_officer,
        "market",
        [
            row("market", new, "安康市永安农业有限公司", 7, ""),
            row("market", known.credit_code, known.name, 12, ""),
            row("market", same.credit_code, same.name, 5, ""),
        ],
    )
    mine = AuditLog.objects.filter(user=world.hanbin_officer)
    created = mine.get(model="core.employer", action="create")
    assert created.object_repr == "安康市永安农业有限公司" and created.org_path == world.hanbin.path
    assert created.note == "市场监管局数据导入：新增单位，记市场监管局来源记录，职工人数7人"
    assert created.after["credit_code"] == new and created.after["employee_count"] == 7
    updated = mine.get(model="core.employer", action="update")
    assert (updated.before["employee_count"], updated.after["employee_count"]) == (10, 12)
    assert updated.note == (
        "市场监管局数据导入：职工人数10→12人，记入职工人数记录，记市场监管局来源记录"
    )
    sighted = mine.get(model="workplace.employersighting", action="create")
    assert sighted.after["employer_id"] == same.pk and sighted.org_path == world.hanbin_union.path
    whole = mine.get(action="import")
    assert "新增1条，更新2条" in whole.note
    assert mine.count() == 4
