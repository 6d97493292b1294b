"""Builders and hypothesis strategies for planner inputs (no Django, no database)."""

from typing import Any

from hypothesis import strategies as st

ORGS = ("610902", "610921", "610981")


def candidate(cid: str = "P1", **changes: Any) -> dict[str, Any]:
    """An eligible city 劳动模范 who has never been on a trip, unless ``changes`` say otherwise."""
    base: dict[str, Any] = {
        "id": cid,
        "org": "610902",
        "status": "active",
        "honors": [{"kind": "劳动模范", "level": "city", "year": 2019, "valid": True}],
        "frontline": False,
        "hardship_post": False,
        "key_sector": False,
        "trips": [],
        "unavailable": [],
        "preferred": [],
    }
    return {**base, **changes}


def batch(bid: str = "B1", **changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": bid,
        "destination": "宁波工人疗养院",
        "start": "2026-05-11",
        "days": 6,
        "min": 1,
        "max": 40,
        "cost_per_person": "3800.00",
        "travel_cost": {"610902": "900.00", "*": "1000.00"},
    }
    return {**base, **changes}


def instance(
    candidates: list[dict[str, Any]], batches: list[dict[str, Any]] | None = None, **top: Any
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "year": 2026,
        "seed": 20260101,
        "budget": "600000.00",
        "policy": {},
        "candidates": candidates,
        "batches": batches if batches is not None else [batch()],
    }
    return {**data, **top}


@st.composite
def small_instances(draw: st.DrawFn, max_people: int = 12, max_batches: int = 3) -> dict[str, Any]:
    """Random inputs small enough for brute force: ≤ 12 candidates, ≤ 3 batches."""
    n_batches = draw(st.integers(1, max_batches))
    ids = [f"B{j}" for j in range(1, n_batches + 1)]
    batches = []
    for bid in ids:
        low = draw(st.integers(0, 3))
        travel = {org: f"{draw(st.sampled_from([0, 50, 120, 300]))}.00" for org in ORGS[:2]}
        if draw(st.booleans()):
            travel["*"] = "200.00"
        else:
            travel[ORGS[2]] = "200.00"
        batches.append(
            batch(
                bid,
                min=low,
                max=low + draw(st.integers(0, 3)),
                cost_per_person=f"{draw(st.sampled_from([500, 800, 1000, 1250]))}.{draw(st.sampled_from(['00', '50']))}",
                travel_cost=travel,
            )
        )
    people = []
    for i in range(draw(st.integers(min(3, max_people), max_people))):
        trips = [
            {
                "year": draw(st.integers(2012, 2026)),
                "level": draw(st.sampled_from(["city", "provincial"])),
            }
            for _ in range(draw(st.integers(0, 1)))
        ]
        people.append(
            candidate(
                f"P{i:02d}",
                org=draw(st.sampled_from(ORGS)),
                status=draw(st.sampled_from(["active"] * 6 + ["retired", "deceased"])),
                honors=[
                    {
                        "kind": draw(
                            st.sampled_from(["劳动模范"] * 4 + ["先进工作者", "工人先锋号"])
                        ),
                        "level": draw(st.sampled_from(["city"] * 4 + ["provincial", "county"])),
                        "year": 2015,
                        "valid": draw(st.integers(0, 9)) > 0,
                    }
                ],
                frontline=draw(st.booleans()),
                hardship_post=draw(st.booleans()),
                key_sector=draw(st.booleans()),
                trips=trips,
                unavailable=sorted(draw(st.sets(st.sampled_from(ids), max_size=n_batches))),
                preferred=sorted(draw(st.sets(st.sampled_from(ids), max_size=2))),
            )
        )
    budget = draw(st.integers(0, 12_000) | st.integers(2_000, 12_000))
    return instance(
        people,
        batches,
        seed=draw(st.integers(0, 10**9)),
        budget=f"{budget}.{draw(st.sampled_from(['00', '25']))}",
        policy={
            "cooldown_years": draw(st.integers(1, 3)),
            "skip_if_provincial_trip_same_year": draw(st.booleans()),
            "exclude_retired": draw(st.booleans()),
        },
    )
