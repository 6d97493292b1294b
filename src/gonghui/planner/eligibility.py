"""Rule 1 (who may go), the priority score and the public lottery."""

import hashlib
from dataclasses import dataclass

from gonghui.planner.instance import Candidate, Instance, Policy

REASONS = ("no_eligible_honor", "deceased", "retired", "cooldown", "provincial_trip_this_year")
REASON_TEXT = {
    "no_eligible_honor": "没有符合条件的有效荣誉（类别或级别不在本年度范围内）",
    "deceased": "已故",
    "retired": "已退休，本年度方案不安排退休人员",
    "cooldown": "近期已参加过市级疗休养，仍在间隔期内",
    "provincial_trip_this_year": "本年度已参加省级疗休养",
}


@dataclass(frozen=True)
class Standing:
    """One candidate's eligibility, score and lottery points (0 when not eligible)."""

    eligible: bool
    reasons: tuple[str, ...]
    score: int
    lottery: int


def ineligibility_reasons(candidate: Candidate, policy: Policy, year: int) -> tuple[str, ...]:
    """The reason codes that keep ``candidate`` out, in contract order; empty if eligible."""
    reasons = []
    if not any(
        honor.valid
        and honor.kind in policy.eligible_kinds
        and honor.level in policy.eligible_levels
        for honor in candidate.honors
    ):
        reasons.append("no_eligible_honor")
    if candidate.status == "deceased":
        reasons.append("deceased")
    if candidate.status == "retired" and policy.exclude_retired:
        reasons.append("retired")
    first_blocked = year - (policy.cooldown_years - 1)
    if any(trip.level == "city" and first_blocked <= trip.year <= year for trip in candidate.trips):
        reasons.append("cooldown")
    if policy.skip_if_provincial_trip_same_year and any(
        trip.level == "provincial" and trip.year == year for trip in candidate.trips
    ):
        reasons.append("provincial_trip_this_year")
    return tuple(reasons)


def priority_score(candidate: Candidate, policy: Policy, year: int) -> int:
    """The contract's score, without the per-batch preference bonus."""
    weights = policy.weights
    score = 0
    if candidate.trips:
        since = min(10, max(0, year - max(trip.year for trip in candidate.trips)))
    else:
        score += weights.never_been
        since = 10
    score += weights.per_year_since_last * since
    score += weights.frontline * candidate.frontline
    score += weights.hardship_post * candidate.hardship_post
    score += weights.key_sector * candidate.key_sector
    return score


def lottery_key(seed: int | str, candidate_id: str) -> str:
    """The SHA-256 anyone can recompute: lower hex draws earlier."""
    return hashlib.sha256(f"{seed}:{candidate_id}".encode()).hexdigest()


def standings(instance: Instance) -> list[Standing]:
    """Eligibility, score and lottery points for every candidate, in input order."""
    reasons = [
        ineligibility_reasons(candidate, instance.policy, instance.year)
        for candidate in instance.candidates
    ]
    eligible = [i for i, why in enumerate(reasons) if not why]
    order = sorted(eligible, key=lambda i: lottery_key(instance.seed, instance.candidates[i].id))
    points = {i: len(order) - rank for rank, i in enumerate(order)}
    return [
        Standing(
            eligible=not why,
            reasons=why,
            score=priority_score(candidate, instance.policy, instance.year),
            lottery=points.get(i, 0),
        )
        for i, (candidate, why) in enumerate(zip(instance.candidates, reasons, strict=True))
    ]
