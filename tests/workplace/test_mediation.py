"""Mediation cases (调解案件): 受理 with a gap-free number per year, the cooperating bodies, the
stage moves with a step each, the agreement's amount and content, and the refusals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from gonghui.core.errors import DomainError
from gonghui.core.permissions import Denied
from gonghui.workplace.models import Mediation, MediationStep
from gonghui.workplace.services_rights import mediation_intake, mediation_move
from tests import factories
from tests.kit import Unchanged
from tests.workplace.fixtures_rights import TODAY, frozen, mediation

pytestmark = pytest.mark.usefixtures("frozen")
__all__ = ["frozen"]


def _move(world, case, stage, **kw):
    return mediation_move(user=world.hanbin_officer, mediation=case, stage=stage, **kw)


def test_intake_numbers_cases_per_year_without_gaps(world):
    first = mediation(world)
    second = mediation(world, applicant="李梅")
    third = mediation(world, org=world.shiquan_union, applicant="陈刚")
    assert [first.number, second.number, third.number] == [
        "调2026-0001",
        "调2026-0002",
        "调2026-0003",
    ]
    with time_machine.travel(dt.datetime(2027, 1, 4, 2, 0, tzinfo=dt.UTC), tick=False):
        assert mediation(world, applicant="新年").number == "调2027-0001"


def test_a_refused_intake_uses_no_number(world):
    mediation(world)
    with pytest.raises(DomainError, match="争议类型"):
        mediation_intake(
            user=world.hanbin_officer,
            org=world.hanbin,
            applicant="王强",
            respondent="某公司",
            dispute="no_such",
            summary="拖欠工资",
        )
    assert mediation(world, applicant="下一位").number == "调2026-0002"


def test_intake_records_the_bodies_the_date_and_a_first_step(world):
    case = mediation(world, bodies=["justice", "court", "court"])
    assert case.bodies == ["court", "justice"]
    assert case.stage == "intake"
    assert case.received_on == TODAY
    assert case.amount_claimed == Decimal("36000.00")
    (step,) = case.steps.all()
    assert step.stage == "intake"
    assert step.by == world.hanbin_officer
    assert "法院、司法" in step.note


def test_unknown_body_is_refused_and_nothing_written(world):
    state = Unchanged()
    with pytest.raises(DomainError, match="协同单位“police”无效"):
        mediation(world, bodies=["court", "police"])
    assert not state.changes()


def test_respondent_defaults_to_the_employer(world):
    employer = factories.employer(world.hanbin_union, "汉滨区恒达建材有限公司")
    case = mediation(world, employer=employer)
    assert case.respondent == "汉滨区恒达建材有限公司"
    assert case.employer == employer


def test_employer_of_another_county_is_refused(world):
    foreign = factories.employer(world.shiquan_union)
    with pytest.raises(DomainError, match="不在您的管辖范围内"):
        mediation(world, employer=foreign)
    assert not Mediation.objects.exists()


def test_intake_date_in_the_future_is_refused(world):
    with pytest.raises(DomainError, match="受理日期不能晚于今天"):
        mediation(world, received_on=TODAY + dt.timedelta(days=1))


def test_a_case_goes_from_intake_through_mediation_to_an_agreement(world):
    case = mediation(world, received_on=dt.date(2026, 6, 1))
    _move(world, case, "mediating", on_date=dt.date(2026, 6, 5), note="召集双方")
    done = _move(
        world,
        case,
        "agreed",
        on_date=dt.date(2026, 6, 20),
        amount_agreed="30000",
        outcome="公司于7月10日前分两次支付欠薪3万元",
    )
    assert done.stage == "agreed"
    assert done.amount_agreed == Decimal("30000.00")
    assert done.closed_on == dt.date(2026, 6, 20)
    assert done.outcome == "公司于7月10日前分两次支付欠薪3万元"
    assert [s.stage for s in MediationStep.objects.filter(mediation=case).order_by("id")] == [
        "intake",
        "mediating",
        "agreed",
    ]


@pytest.mark.parametrize("final", ["arbitration", "litigation", "withdrawn"])
def test_a_referral_or_withdrawal_closes_the_case(world, final):
    case = mediation(world)
    _move(world, case, "mediating")
    done = _move(world, case, final, note="调解不成")
    assert done.closed_on == TODAY
    assert done.outcome == "调解不成"
    assert done.amount_agreed == 0


def test_an_applicant_may_withdraw_before_mediation_starts(world):
    case = mediation(world)
    assert _move(world, case, "withdrawn").closed_on == TODAY


@pytest.mark.parametrize("stage", ["agreed", "arbitration", "litigation", "intake"])
def test_moves_out_of_order_are_refused(world, stage):
    case = mediation(world)
    state = Unchanged()
    with pytest.raises(DomainError, match="当前为“受理”，不能直接进入"):
        _move(world, case, stage, amount_agreed="1", outcome="x")
    assert not state.changes()
    case.refresh_from_db()
    assert case.stage == "intake"


def test_no_move_after_a_final_stage(world):
    case = mediation(world)
    _move(world, case, "mediating")
    _move(world, case, "arbitration")
    with pytest.raises(DomainError, match=r"已转劳动仲裁.*不能再变更阶段"):
        _move(world, case, "mediating")
    assert case.steps.count() == 3


def test_agreement_without_amount_is_refused(world):
    case = mediation(world)
    _move(world, case, "mediating")
    state = Unchanged()
    with pytest.raises(DomainError, match="须填写协议金额"):
        _move(world, case, "agreed", amount_agreed="", outcome="双方达成协议")
    with pytest.raises(DomainError, match="须填写协议内容"):
        _move(world, case, "agreed", amount_agreed="5000", outcome=" ")
    with pytest.raises(DomainError, match="协议金额不能为负数"):
        _move(world, case, "agreed", amount_agreed="-1", outcome="双方达成协议")
    assert not state.changes()
    case.refresh_from_db()
    assert case.stage == "mediating"


def test_a_move_dated_before_the_last_step_is_refused(world):
    case = mediation(world, received_on=dt.date(2026, 6, 10))
    with pytest.raises(DomainError, match="不能早于受理日期2026-06-10"):
        _move(world, case, "mediating", on_date=dt.date(2026, 6, 9))
    _move(world, case, "mediating", on_date=dt.date(2026, 6, 15))
    with pytest.raises(DomainError, match="不能早于上一步的日期2026-06-15"):
        _move(world, case, "withdrawn", on_date=dt.date(2026, 6, 12))


def test_another_countys_officer_cannot_move_the_case(world):
    case = mediation(world)
    with pytest.raises(Denied):
        mediation_move(user=world.shiquan_officer, mediation=case, stage="mediating")
    with pytest.raises(Denied):
        mediation_move(user=world.hanbin_chair, mediation=case, stage="mediating")
    case.refresh_from_db()
    assert case.stage == "intake"
