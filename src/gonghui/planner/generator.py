"""Realistic planner inputs for tests and benchmarks (安康's ten counties, a binding budget).

Proportions follow the city's figures: most honorees are city-level 劳动模范 or 先进工作者,
about a third have never been on a trip, a few went on a provincial trip this year, and the
budget pays for roughly three seats in four, so it binds.
"""

import random
from typing import Any

ORGS = (
    ("610902", 30),  # 汉滨区
    ("610921", 8),  # 汉阴县
    ("610922", 8),  # 石泉县
    ("610923", 7),  # 宁陕县
    ("610924", 9),  # 紫阳县
    ("610925", 7),  # 岚皋县
    ("610926", 6),  # 平利县
    ("610927", 5),  # 镇坪县
    ("610929", 7),  # 白河县
    ("610981", 13),  # 旬阳市
)
# (destination, cost per person in yuan, base round-trip travel in yuan)
DESTINATIONS = (
    ("宁波工人疗养院", 3800, 1100),
    ("新疆工人疗养院", 4200, 1900),
    ("陕西省工人疗养院", 3000, 350),
    ("上坝河疗休养基地（宁陕）", 2400, 120),
    ("瀛湖疗休养基地", 2200, 60),
    ("石泉后柳古镇疗休养点", 2300, 100),
    ("紫阳焕古疗休养点", 2350, 110),
    ("岚皋南宫山疗休养点", 2500, 130),
)
KINDS = (("劳动模范", 50), ("先进工作者", 25), ("五一劳动奖章", 20), ("工人先锋号", 5))
LEVELS = (("city", 60), ("provincial", 25), ("national", 5), ("county", 10))


def _pick(rng: random.Random, table: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([name for name, _ in table], weights=[w for _, w in table])[0]


def _yuan(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def generate(
    *,
    people: int,
    batches: int,
    seed: int,
    year: int = 2026,
    unavailable: tuple[float, float] | None = None,
) -> dict[str, Any]:
    """A planner input; ``unavailable`` is the (low, high) share of batches each person misses.

    By default a city (fewer than 20 batches) has most people free for every batch, and a
    province has each person unavailable for 20–50% of them.
    """
    rng = random.Random(seed)
    if unavailable is None:
        unavailable = (0.0, 0.0) if batches < 20 else (0.2, 0.5)
    batch_list: list[dict[str, Any]] = []
    seats_cost = 0
    ordinals = sorted(rng.randrange(90, 320) for _ in range(batches))
    width = len(str(batches))
    for j in range(batches):
        destination, cpp, travel = DESTINATIONS[rng.randrange(len(DESTINATIONS))]
        cpp = cpp + rng.randrange(-3, 4) * 100
        low = rng.choice((25, 30, 30, 30))
        start = _date(year, ordinals[j])
        travel_cents = {org: (travel + rng.randrange(0, 15) * 10) * 100 for org, _ in ORGS}
        travel_cents["*"] = (travel + 150) * 100
        travel_cost = {org: _yuan(cents) for org, cents in travel_cents.items()}
        typical = sorted(travel_cents.values())[len(travel_cents) // 2]
        seats_cost += (cpp * 100 + typical) * (low + 10)
        batch_list.append(
            {
                "id": f"B{j + 1:0{width}d}",
                "destination": destination,
                "start": start,
                "days": rng.choice((5, 6, 6, 7)),
                "min": low,
                "max": low + 10,
                "cost_per_person": _yuan(cpp * 100),
                "travel_cost": travel_cost,
            }
        )
    ids = [b["id"] for b in batch_list]
    candidates = []
    width = max(5, len(str(people)))
    for i in range(people):
        honors = []
        for _ in range(rng.choice((1, 1, 1, 2))):
            honors.append(
                {
                    "kind": _pick(rng, KINDS),
                    "level": _pick(rng, LEVELS),
                    "year": rng.randrange(year - 25, year),
                    "valid": rng.random() > 0.03,
                }
            )
        trips = []
        if rng.random() > 0.35:
            for trip_year in sorted(rng.sample(range(year - 12, year), rng.choice((1, 1, 2, 3)))):
                trips.append(
                    {"year": trip_year, "level": "provincial" if rng.random() < 0.2 else "city"}
                )
        if rng.random() < 0.04:
            trips.append({"year": year, "level": "provincial"})
        share = rng.uniform(*unavailable)
        if share > 0:
            missed = sorted(rng.sample(ids, round(share * len(ids))))
        elif rng.random() < 0.2:
            missed = sorted(rng.sample(ids, min(len(ids), rng.choice((1, 1, 2)))))
        else:
            missed = []
        free = [bid for bid in ids if bid not in set(missed)]
        preferred = sorted(rng.sample(free, min(len(free), rng.choice((0, 0, 1, 1, 1, 2)))))
        status = rng.choices(("active", "retired", "deceased"), weights=(85, 13, 2))[0]
        candidates.append(
            {
                "id": f"P{i + 1:0{width}d}",
                "org": _pick(rng, ORGS),
                "status": status,
                "honors": honors,
                "frontline": rng.random() < 0.55,
                "hardship_post": rng.random() < 0.2,
                "key_sector": rng.random() < 0.3,
                "trips": trips,
                "unavailable": missed,
                "preferred": preferred,
            }
        )
    budget = seats_cost * 3 // 4 // 100_000 * 100_000
    return {
        "year": year,
        "seed": seed,
        "budget": _yuan(budget),
        "policy": {
            "eligible_kinds": ["劳动模范", "先进工作者", "五一劳动奖章"],
            "eligible_levels": ["national", "provincial", "city"],
            "cooldown_years": 2,
            "skip_if_provincial_trip_same_year": True,
            "weights": {
                "never_been": 100,
                "frontline": 40,
                "hardship_post": 40,
                "key_sector": 20,
                "per_year_since_last": 5,
                "preferred_batch": 3,
            },
        },
        "candidates": candidates,
        "batches": batch_list,
    }


def _date(year: int, ordinal: int) -> str:
    import datetime

    day = datetime.date(year, 1, 1) + datetime.timedelta(days=ordinal)
    return day.isoformat()
