"""建会攻坚 and 建会走访: a drive of a federation, led by an officer of its area, over employers
of its area that have no union; visits logged by any writer of the area; every refusal in
Chinese with nothing written."""

from __future__ import annotations

import datetime as dt

import pytest

from gonghui.core.errors import DomainError
from gonghui.core.models import AuditAction, AuditLog, Role
from gonghui.core.permissions import Denied
from gonghui.workplace.models import DriveStatus, DriveTarget, TargetStatus
from gonghui.workplace.selectors_organizing import drive_list, drive_progress, drive_targets
from gonghui.workplace.services_organizing import (
    drive_close,
    drive_create,
    drive_target_add,
    drive_target_remove,
    drive_update,
)
from tests import factories
from tests.kit import Unchanged
from tests.workplace.fixtures_organizing import (
    YEAR,
    drive,
    employer,
    found,
    frozen,
    unionized,
    visit,
)

pytestmark = pytest.mark.usefixtures("frozen")
__all__ = ["frozen"]


def test_a_drive_is_created_with_its_targets_and_audited(world):
    a, b = employer(world.hanbin), employer(world.hanbin_union)
    d = drive(world, employers=[a, b])
    assert d.status == DriveStatus.OPEN
    assert {t.employer for t in d.targets.all()} == {a, b}
    assert AuditLog.objects.filter(
        action=AuditAction.CREATE, model="workplace.drive", user=world.hanbin_officer
    ).exists()
    assert (
        AuditLog.objects.filter(action=AuditAction.CREATE, model="workplace.drivetarget").count()
        == 2
    )


def test_targets_show_the_status_the_rule_computes(world):
    big = employer(world.hanbin, employees=120)
    small_party = employer(world.hanbin, employees=8, has_party_org=True)
    small = employer(world.hanbin, employees=8)
    d = drive(world, employers=[big, small_party, small])
    statuses = {r.target.employer: r.decision.label for r in drive_targets(drive=d)}
    assert statuses == {big: "单独建会", small_party: "上门服务", small: "先行一步"}
    text = next(r.decision.text for r in drive_targets(drive=d) if r.target.employer == big)
    assert "25人以上" in text


def test_an_employer_with_a_union_cannot_be_a_target(world):
    has, fine = unionized(world.hanbin, "已有工会的企业"), employer(world.hanbin)
    state = Unchanged()
    with pytest.raises(DomainError, match="已有工会的企业（已标记为已建工会）"):
        drive(world, employers=[has, fine])
    assert not state.changes()


def test_an_employer_of_another_county_cannot_be_a_target(world):
    theirs = employer(world.shiquan, "石泉的企业")
    state = Unchanged()
    with pytest.raises(DomainError, match="石泉的企业（不在汉滨区总工会的范围内）"):
        drive(world, employers=[theirs])
    assert not state.changes()


def test_the_officer_must_work_in_the_drives_area(world):
    state = Unchanged()
    with pytest.raises(DomainError, match="责任人shiquan_officer须为汉滨区总工会或其下级工会"):
        drive(world, officer=world.shiquan_officer)
    with pytest.raises(DomainError, match="责任人"):
        drive(world, officer=world.auditor)
    assert not state.changes()


def test_dates_and_year_must_agree(world):
    with pytest.raises(DomainError, match="截止日期2026-02-01早于开始日期"):
        drive_create(
            user=world.hanbin_officer,
            org=world.hanbin,
            name="攻坚",
            year=YEAR,
            officer=world.hanbin_officer,
            starts_on=dt.date(YEAR, 3, 1),
            ends_on=dt.date(YEAR, 2, 1),
        )
    with pytest.raises(DomainError, match="年度2025不在"):
        drive_create(
            user=world.hanbin_officer,
            org=world.hanbin,
            name="攻坚",
            year=2025,
            officer=world.hanbin_officer,
            starts_on=dt.date(YEAR, 3, 1),
            ends_on=dt.date(YEAR, 5, 1),
        )


def test_a_chair_may_not_run_a_drive_and_shiquan_may_not_run_hanbins(world):
    with pytest.raises(Denied):
        drive(world, user=world.hanbin_chair)
    with pytest.raises(Denied):
        drive(world, user=world.shiquan_officer)


def test_targets_are_added_once_removed_and_added_again(world):
    a, b = employer(world.hanbin, "甲企业"), employer(world.hanbin, "乙企业")
    d = drive(world, employers=[a])
    with pytest.raises(DomainError, match="甲企业（已是本行动的目标企业）"):
        drive_target_add(user=world.hanbin_officer, drive=d, employers=[a, b])
    assert d.targets.count() == 1
    drive_target_add(user=world.hanbin_officer, drive=d, employers=[b])
    target = DriveTarget.objects.get(drive=d, employer=a)
    drive_target_remove(user=world.hanbin_officer, target=target)
    target.refresh_from_db()
    assert target.status == TargetStatus.DROPPED
    assert drive_progress(drive=d).total == 1
    drive_target_add(user=world.hanbin_officer, drive=d, employers=[a])
    target.refresh_from_db()
    assert target.status == TargetStatus.OPEN


def test_a_founded_target_stays(world):
    a = employer(world.hanbin, "已建会企业")
    d = drive(world, employers=[a])
    found(world, a)
    target = DriveTarget.objects.get(drive=d)
    with pytest.raises(DomainError, match="已建会企业已建会，不能移出"):
        drive_target_remove(user=world.hanbin_officer, target=target)


def test_a_closed_drive_takes_no_targets_or_visits_until_reopened(world):
    a = employer(world.hanbin)
    d = drive(world, employers=[a])
    drive_close(user=world.hanbin_officer, drive=d)
    d.refresh_from_db()
    assert d.status == DriveStatus.CLOSED
    other = employer(world.hanbin)
    state = Unchanged()
    with pytest.raises(DomainError, match="已结束，请先重新开启"):
        drive_target_add(user=world.hanbin_officer, drive=d, employers=[other])
    with pytest.raises(DomainError, match="已结束"):
        visit(world, a, d=d)
    with pytest.raises(DomainError, match="已结束"):
        drive_update(
            user=world.hanbin_officer,
            drive=d,
            name="新名称",
            year=YEAR,
            officer=world.hanbin_officer,
            starts_on=d.starts_on,
            ends_on=d.ends_on,
        )
    assert not state.changes()
    drive_close(user=world.hanbin_officer, drive=d, reopen=True)
    visit(world, a, d=d)


def test_an_edit_changes_what_the_drive_shows_and_is_audited(world):
    d = drive(world)
    other = factories.user(Role.COUNTY_OFFICER, world.hanbin, "hanbin_officer_2")
    drive_update(
        user=world.hanbin_officer,
        drive=d,
        name="2026年快递物流企业建会攻坚",
        year=YEAR,
        officer=other,
        starts_on=d.starts_on,
        ends_on=dt.date(YEAR, 12, 31),
        note="重点：快递网点",
    )
    d.refresh_from_db()
    assert (d.name, d.officer, d.ends_on) == (
        "2026年快递物流企业建会攻坚",
        other,
        dt.date(YEAR, 12, 31),
    )
    entry = AuditLog.objects.filter(action=AuditAction.UPDATE, model="workplace.drive").last()
    assert entry is not None and entry.before["name"] != entry.after["name"]


def test_the_list_counts_targets_and_foundings(world):
    a, b, c = (employer(world.hanbin) for _ in range(3))
    d = drive(world, employers=[a, b, c])
    found(world, a)
    row = drive_list(user=world.hanbin_officer).get(pk=d.pk)
    assert (row.founded_count, row.target_count) == (1, 3)
    assert not drive_list(user=world.shiquan_officer).filter(pk=d.pk).exists()


# ---------------------------------------------------------------- visits


def test_a_chair_logs_a_visit_at_an_employer_of_their_union(world):
    a = employer(world.hanbin_union)
    v = visit(world, a, user=world.hanbin_chair, outcome="agreed", note="老板同意筹建")
    assert (v.org, v.get_outcome_display(), v.created_by) == (
        world.hanbin_union,
        "同意建会",
        world.hanbin_chair,
    )
    assert AuditLog.objects.filter(
        action=AuditAction.CREATE, model="workplace.organizingvisit", user=world.hanbin_chair
    ).exists()


def test_a_visit_in_a_drive_is_for_its_targets_within_its_dates(world):
    a, outsider = employer(world.hanbin, "目标企业"), employer(world.hanbin, "非目标企业")
    d = drive(world, employers=[a])
    state = Unchanged()
    with pytest.raises(DomainError, match=r"非目标企业不是攻坚行动.*的目标企业"):
        visit(world, outsider, d=d)
    with pytest.raises(DomainError, match="早于攻坚行动开始日期"):
        visit(world, a, d=d, visited_on=dt.date(YEAR, 2, 1))
    with pytest.raises(DomainError, match="晚于今天"):
        visit(world, a, d=d, visited_on=dt.date(YEAR, 12, 1))
    assert not state.changes()


def test_a_visit_covering_by_a_federation_marks_the_target(world):
    a = employer(world.hanbin, employees=6)
    d = drive(world, employers=[a])
    visit(world, a, d=d, outcome="covered")
    assert DriveTarget.objects.get(drive=d).status == TargetStatus.COVERED
    assert drive_progress(drive=d).covered == 1


def test_shiquan_cannot_log_a_visit_at_a_hanbin_employer(world):
    with pytest.raises(Denied):
        visit(world, employer(world.hanbin), user=world.shiquan_officer)
