"""Safety inspections: the hazards found with their deadlines (working days on the statutory
calendar, a setting), hazards added later, 整改销号 only with evidence of the fix and by whom,
and the hazards overdue as the clock moves."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from gonghui.core.errors import DomainError
from gonghui.core.permissions import Denied
from gonghui.workplace.models import Hazard, HazardEvidence, WorkplaceSetting
from gonghui.workplace.selectors_rights import inspection_list
from gonghui.workplace.services_rights import HazardData, hazard_add, hazard_close
from tests import factories
from tests.kit import Unchanged
from tests.workplace.fixtures_rights import (
    DUE,
    INSPECTED,
    JPEG,
    PDF,
    TODAY,
    frozen,
    inspection,
    media,
    photo,
)

pytestmark = pytest.mark.usefixtures("frozen", "media")
__all__ = ["frozen", "media"]


def _hazards(found):
    return list(Hazard.objects.filter(inspection=found).order_by("id"))


def _close(world, hazard, *, user=None, fixed_on=TODAY, evidence=None):
    return hazard_close(
        user=user or world.hanbin_officer,
        hazard=hazard,
        fixed_on=fixed_on,
        evidence=[photo()] if evidence is None else evidence,
    )


def test_hazards_are_due_ten_working_days_after_the_inspection_skipping_duanwu(world):
    found = inspection(world, inspected_on=INSPECTED)
    assert [h.deadline for h in _hazards(found)] == [DUE, DUE]
    assert found.org == world.hanbin


def test_a_hazard_may_carry_its_own_deadline(world):
    found = inspection(
        world,
        inspected_on=INSPECTED,
        hazards=[HazardData("安全出口指示灯损坏", dt.date(2026, 6, 12)), "灭火器过期"],
    )
    assert [h.deadline for h in _hazards(found)] == [dt.date(2026, 6, 12), DUE]


def test_the_setting_of_the_county_sets_the_default_deadline(world):
    WorkplaceSetting.objects.create(org=world.hanbin, year=2026, hazard_days=3)
    found = inspection(world, inspected_on=INSPECTED, hazards=["叉车无证驾驶"])
    # Wed 10th + 3 working days: Thu 11, Fri 12, Mon 15.
    assert _hazards(found)[0].deadline == dt.date(2026, 6, 15)


def test_a_deadline_before_the_inspection_is_refused_and_nothing_written(world):
    employer = factories.employer(world.hanbin_union)
    state = Unchanged()
    with pytest.raises(DomainError, match="整改期限不能早于检查日期2026-06-10"):
        inspection(
            world,
            employer=employer,
            inspected_on=INSPECTED,
            hazards=["甲", HazardData("乙", dt.date(2026, 6, 9))],
        )
    assert not state.changes()


def test_an_inspection_of_another_countys_employer_is_refused(world):
    with pytest.raises(DomainError, match="不在您的管辖范围内"):
        inspection(world, employer=factories.employer(world.shiquan_union))


def test_an_inspection_in_the_future_is_refused(world):
    with pytest.raises(DomainError, match="检查日期不能晚于今天"):
        inspection(world, inspected_on=TODAY + dt.timedelta(days=1))


def test_hazards_added_later_count_from_the_inspection(world):
    found = inspection(world, inspected_on=INSPECTED, hazards=[])
    later = hazard_add(user=world.hanbin_officer, inspection=found, description="脚手架未设护栏")
    assert later.deadline == DUE
    assert later.inspection == found
    with pytest.raises(Denied):
        hazard_add(user=world.shiquan_officer, inspection=found, description="越权登记")
    with pytest.raises(Denied):
        hazard_add(user=world.hanbin_chair, inspection=found, description="主席不能登记检查")
    assert found.hazards.count() == 1


def test_a_hazard_is_closed_with_a_photo_and_keeps_it(world, media):
    hazard = _hazards(inspection(world, inspected_on=INSPECTED))[0]
    closed = _close(world, hazard, fixed_on=dt.date(2026, 6, 18))
    assert closed.fixed and closed.fixed_on == dt.date(2026, 6, 18)
    assert closed.closed_by == world.hanbin_officer
    (evidence,) = closed.evidence.all()
    assert evidence.name == "整改后.png"
    assert evidence.content_type == "image/png"
    assert (media / evidence.path).read_bytes().startswith(b"\x89PNG")


def test_several_evidence_files_of_the_accepted_kinds(world):
    hazard = _hazards(inspection(world))[0]
    _close(
        world,
        hazard,
        evidence=[photo("整改前后.jpg", JPEG), photo("验收单.pdf", PDF)],
    )
    assert sorted(hazard.evidence.values_list("content_type", flat=True)) == [
        "application/pdf",
        "image/jpeg",
    ]


def test_closing_a_hazard_without_evidence_is_refused(world, media):
    hazard = _hazards(inspection(world))[0]
    state = Unchanged()
    with pytest.raises(DomainError, match="隐患销号须上传至少一份整改佐证（照片或PDF）"):
        _close(world, hazard, evidence=[])
    assert not state.changes()
    hazard.refresh_from_db()
    assert not hazard.fixed


def test_a_wrong_file_type_is_refused_and_no_file_kept(world, media):
    hazard = _hazards(inspection(world))[0]
    state = Unchanged()
    with pytest.raises(DomainError, match=r"“整改说明\.docx”不是PDF或图片"):
        _close(world, hazard, evidence=[photo("整改说明.docx", b"PK\x03\x04word")])
    with pytest.raises(DomainError, match="扩展名与文件内容不符"):
        _close(world, hazard, evidence=[photo("照片.pdf", JPEG)])
    assert not state.changes()
    assert not any(media.rglob("*.*"))


def test_a_fix_dated_before_the_inspection_is_refused_and_no_file_kept(world, media):
    hazard = _hazards(inspection(world, inspected_on=INSPECTED))[0]
    with pytest.raises(DomainError, match="整改日期不能早于检查日期2026-06-10"):
        _close(world, hazard, fixed_on=dt.date(2026, 6, 9))
    assert not any(media.rglob("*.*"))
    assert not HazardEvidence.objects.exists()
    hazard.refresh_from_db()
    assert not hazard.fixed


def test_a_fix_dated_in_the_future_is_refused(world):
    hazard = _hazards(inspection(world))[0]
    with pytest.raises(DomainError, match="整改日期不能晚于今天"):
        _close(world, hazard, fixed_on=TODAY + dt.timedelta(days=1))


def test_a_hazard_is_closed_once(world):
    hazard = _hazards(inspection(world))[0]
    _close(world, hazard)
    with pytest.raises(DomainError, match="已于2026-06-30销号"):
        _close(world, hazard)
    assert hazard.evidence.count() == 1


def test_the_chair_of_the_inspected_employers_union_closes_its_hazard(world):
    employer = factories.employer(world.hanbin_union, "汉滨区安达物流有限公司")
    union = factories.grassroots(world.hanbin, "安达物流工会")
    union.employer = employer
    union.save()
    chair = factories.user("grassroots_chair", union)
    hazard = _hazards(inspection(world, employer=employer))[0]
    closed = _close(world, hazard, user=chair)
    assert closed.fixed and closed.closed_by == chair


def test_a_chair_of_another_union_cannot_close_it(world):
    hazard = _hazards(inspection(world))[0]
    with pytest.raises(Denied, match="无权为该隐患销号"):
        _close(world, hazard, user=world.hanbin_chair)
    with pytest.raises(Denied):
        _close(world, hazard, user=world.shiquan_officer)
    with pytest.raises(Denied):
        _close(world, hazard, user=world.auditor)
    hazard.refresh_from_db()
    assert not hazard.fixed


def _counts(world, **filters):
    return {
        i.employer.name: (i.hazards_found, i.hazards_fixed, i.hazards_overdue)
        for i in inspection_list(user=world.hanbin_officer, **filters)
    }


def test_hazards_become_overdue_the_day_after_their_deadline(world):
    employer = factories.employer(world.hanbin_union, "逾期检查单位")
    with time_machine.travel(dt.datetime(2026, 6, 10, 2, 0, tzinfo=dt.UTC), tick=False):
        found = inspection(world, employer=employer, inspected_on=INSPECTED)
        _close(world, _hazards(found)[0], fixed_on=INSPECTED)
    with time_machine.travel(dt.datetime(2026, 6, 25, 2, 0, tzinfo=dt.UTC), tick=False):
        assert _counts(world) == {"逾期检查单位": (2, 1, 0)}
        assert _counts(world, hazards="overdue") == {}
    with time_machine.travel(dt.datetime(2026, 6, 26, 2, 0, tzinfo=dt.UTC), tick=False):
        assert _counts(world) == {"逾期检查单位": (2, 1, 1)}
        assert _counts(world, hazards="overdue") == {"逾期检查单位": (2, 1, 1)}
    assert _counts(world, hazards="open") == {"逾期检查单位": (2, 1, 1)}


def test_open_and_overdue_filters_leave_out_inspections_all_fixed(world):
    done = inspection(world, employer=factories.employer(world.hanbin_union, "全部整改单位"))
    for hazard in _hazards(done):
        _close(world, hazard)
    inspection(world, employer=factories.employer(world.hanbin_union, "无隐患单位"), hazards=[])
    assert set(_counts(world)) == {"全部整改单位", "无隐患单位"}
    assert _counts(world, hazards="open") == {}
    assert _counts(world, hazards="none") == {"无隐患单位": (0, 0, 0)}
