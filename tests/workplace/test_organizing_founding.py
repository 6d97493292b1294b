"""登记建会: the grassroots union is created in the tree under the employer's 属地工会 (or a
federation of the officer's area), linked to the employer, the founding meeting recorded and the
drive's target marked founded — once per employer; a second founding is refused in Chinese and
writes nothing."""

from __future__ import annotations

import pytest

from gonghui.core.errors import DomainError
from gonghui.core.models import AuditAction, AuditLog, Organization, OrgKind
from gonghui.core.permissions import Denied
from gonghui.core.services import organization_create
from gonghui.workplace.models import DriveTarget, Founding, TargetStatus
from gonghui.workplace.rules import status_of
from gonghui.workplace.services_organizing import union_found
from tests.kit import Unchanged
from tests.workplace.fixtures_organizing import (
    DAY,
    drive,
    employer,
    found,
    frozen,
    unionized,
)

pytestmark = pytest.mark.usefixtures("frozen")
__all__ = ["frozen"]


def test_founding_creates_the_union_links_the_employer_and_marks_the_target(world):
    a = employer(world.hanbin, "安康市顺达物流有限公司", employees=60)
    d = drive(world, employers=[a])
    f = found(world, a, d=d)
    union = f.union
    assert (union.name, union.kind, union.parent, union.employer) == (
        "安康市顺达物流有限公司工会委员会",
        OrgKind.GRASSROOTS,
        world.hanbin,
        a,
    )
    assert union.path.startswith(world.hanbin.path)
    a.refresh_from_db()
    assert a.has_union and status_of(a).label == "已建会"
    assert (f.meeting_on, f.chair_name, f.attendees, f.members, f.drive) == (
        DAY,
        "赵建国",
        35,
        32,
        d,
    )
    assert DriveTarget.objects.get(drive=d).status == TargetStatus.FOUNDED
    for model in ("core.organization", "workplace.founding", "workplace.drivetarget"):
        assert AuditLog.objects.filter(model=model, user=world.hanbin_officer).exists(), model
    assert AuditLog.objects.filter(
        action=AuditAction.UPDATE, model="core.employer", object_id=str(a.pk)
    ).exists()


def test_founding_without_naming_the_drive_links_the_open_drive_targeting_it(world):
    a = employer(world.hanbin)
    d = drive(world, employers=[a])
    assert found(world, a).drive == d


def test_a_union_may_be_founded_under_a_federation_of_the_area(world):
    federation = organization_create(
        name="汉滨区快递物流行业工会联合会", kind=OrgKind.INDUSTRY, parent=world.hanbin
    )
    a = employer(world.hanbin, employees=10)
    f = found(world, a, parent=federation)
    assert f.union.parent == federation and f.org == federation


def test_a_union_may_not_be_founded_under_another_grassroots_union(world):
    a = employer(world.hanbin)
    state = Unchanged()
    with pytest.raises(DomainError, match="基层工会须建在企业的属地工会"):
        found(world, a, parent=world.hanbin_union)
    assert not state.changes()


@pytest.mark.parametrize("how", ["flag", "founding", "linked"])
def test_an_employer_that_already_has_a_union_is_refused_and_nothing_is_written(world, how):
    a = employer(world.hanbin, "安康市已建会公司")
    if how == "flag":
        a = unionized(world.hanbin, "安康市已建会公司甲")
    elif how == "founding":
        found(world, a)
    else:
        organization_create(
            name="既有工会", kind=OrgKind.GRASSROOTS, parent=world.hanbin, employer=a
        )
    a.refresh_from_db()
    state = Unchanged()
    with pytest.raises(DomainError, match="一个企业只能建立一个基层工会") as refused:
        found(world, a, name="第二个工会")
    assert a.name in refused.value.message
    assert not state.changes()
    assert not Organization.objects.filter(name="第二个工会").exists()


def test_the_same_union_name_under_the_parent_is_refused_and_the_employer_keeps_no_flag(world):
    organization_create(name="重名工会", kind=OrgKind.GRASSROOTS, parent=world.hanbin)
    a = employer(world.hanbin)
    state = Unchanged()
    with pytest.raises(DomainError, match="已有同名组织"):
        found(world, a, name="重名工会")
    assert not state.changes()
    a.refresh_from_db()
    assert not a.has_union and not Founding.objects.filter(employer=a).exists()


def test_bad_meeting_figures_are_refused_in_chinese(world):
    a = employer(world.hanbin)
    base = dict(
        user=world.hanbin_officer,
        employer=a,
        parent=world.hanbin,
        name="某工会",
        meeting_on=DAY,
        chair_name="赵建国",
        attendees=10,
        members=10,
    )
    for change, message in [
        ({"attendees": 0}, "参会人数不能小于1"),
        ({"members": "很多"}, "首批会员人数“很多”不是整数"),
        ({"chair_name": " "}, "请填写工会主席"),
        ({"meeting_on": DAY.replace(year=2027)}, "晚于今天"),
    ]:
        with pytest.raises(DomainError, match=message):
            union_found(**{**base, **change})
    assert not Founding.objects.exists()


def test_founding_in_a_drive_that_does_not_target_the_employer_is_refused(world):
    a = employer(world.hanbin, "别的企业")
    d = drive(world, employers=[employer(world.hanbin)])
    with pytest.raises(DomainError, match="别的企业不是攻坚行动"):
        found(world, a, d=d)


def test_a_chair_may_not_found_and_shiquan_may_not_found_in_hanbin(world):
    a = employer(world.hanbin_union)
    with pytest.raises(Denied):
        found(world, a, user=world.hanbin_chair)
    with pytest.raises(Denied):
        found(world, a, user=world.shiquan_officer)
    with pytest.raises(Denied):
        found(world, employer(world.shiquan), user=world.shiquan_officer, parent=world.hanbin)
