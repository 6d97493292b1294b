"""PostgreSQL: officers acting at the same moment — cases taken in at once get consecutive
numbers without a gap or a repeat; two moves of one case to different final stages: one wins,
the other is refused in Chinese; a hazard closed twice at once is closed once."""

from __future__ import annotations

import pytest
from django.db import connection

from gonghui.workplace.models import HazardEvidence, Mediation
from gonghui.workplace.services_rights import hazard_close, mediation_move
from tests.kit import race
from tests.workplace.fixtures_rights import TODAY, frozen, inspection, media, mediation, photo

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("media", "frozen")]
__all__ = ["frozen", "media"]


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks (select_for_update) need PostgreSQL")


def test_cases_taken_in_at_once_are_numbered_without_gaps(world):
    outcomes = race([lambda i=i: mediation(world, applicant=f"申请人{i}") for i in range(4)])
    assert outcomes == ["ok"] * 4
    numbers = sorted(Mediation.objects.values_list("number", flat=True))
    assert numbers == [f"调2026-000{i}" for i in range(1, 5)]


def test_two_final_moves_at_once_close_the_case_once(world):
    case = mediation(world)
    mediation_move(user=world.hanbin_officer, mediation=case, stage="mediating")
    outcomes = race(
        [
            lambda: mediation_move(
                user=world.hanbin_officer,
                mediation=case,
                stage="agreed",
                amount_agreed="100",
                outcome="达成协议",
            ),
            lambda: mediation_move(user=world.city_admin, mediation=case, stage="arbitration"),
        ]
    )
    assert outcomes.count("ok") == 1, outcomes
    assert "不能再变更阶段" in next(o for o in outcomes if o != "ok")
    assert case.steps.count() == 3


def test_a_hazard_closed_twice_at_once_is_closed_once(world):
    hazard = inspection(world, hazards=["消防栓无水"]).hazards.get()
    outcomes = race(
        [
            lambda: hazard_close(
                user=world.hanbin_officer, hazard=hazard, fixed_on=TODAY, evidence=[photo()]
            ),
            lambda: hazard_close(
                user=world.city_admin, hazard=hazard, fixed_on=TODAY, evidence=[photo()]
            ),
        ]
    )
    assert outcomes.count("ok") == 1, outcomes
    assert "已于" in next(o for o in outcomes if o != "ok")
    assert HazardEvidence.objects.count() == 1
