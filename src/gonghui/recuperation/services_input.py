"""The planner's input of a plan (contract: spec/recuperation-planner.md) and what is read
from it: candidates from the 劳模 registry with their honors, trips and time preferences, the
batches, and the re-check of people against today's records before anyone is invited."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from gonghui.core.crypto import lookup_hash
from gonghui.core.models import Organization, Person
from gonghui.honors import registry
from gonghui.recuperation import rules
from gonghui.recuperation.models import (
    SEAT_STATUSES,
    Availability,
    Invitation,
    Plan,
    Trip,
    TripLevel,
)

# The planner's honor kinds (its contract's words) for the registry's titles.
HONOR_KIND = {
    "model_worker": "劳动模范",
    "advanced_worker": "先进工作者",
    "may_day_medal": "五一劳动奖章",
    "craftsman": "工匠",
    "other": "其他个人荣誉",
}
HONOR_LEVEL = {1: "national", 2: "provincial", 3: "city", 4: "county"}


def candidate_code(year: int, person_id: int) -> str:
    """A person's code in the planner input of a year: a keyed hash, so the input published with
    the 公示 names nobody (no name, ID number or database key) while the platform, holding the
    key, finds the person again. Stable within a year, unrelated across years."""
    digest = lookup_hash(f"{year}:{person_id}", purpose="recuperation.candidate")
    return "C" + digest[:12].upper()


def candidate_codes(year: int, person_ids: list[int]) -> dict[str, int]:
    """Code → person id for the persons of one year's input."""
    codes = {candidate_code(year, pk): pk for pk in person_ids}
    if len(codes) != len(set(person_ids)):  # 48 bits: about 1 in 10^6 for a province's list
        raise RuntimeError("two candidates of one input share a code")
    return codes


def county_id(path: str) -> int | None:
    """The id of the county-level organization (depth 1) an organization path lies in; None
    for the city federation itself."""
    parts = [p for p in path.strip("/").split("/") if p]
    return int(parts[1]) if len(parts) > 1 else None


def org_code_map() -> dict[int, str]:
    """Organization id → the county code used for travel costs (zones: their own name)."""
    counties = {o.pk: (o.code or o.name) for o in Organization.objects.filter(depth=1)}
    return {
        pk: counties.get(county_id(path) or 0, "*")
        for pk, path in Organization.objects.values_list("pk", "path")
    }


# The planner's no-repeat rule (cooldown) counts "city" trips: every trip arranged within this
# city's union system is one, whoever arranged it — a city plan, a county's own plan, an outbound
# 互派 group. Provincial and national trips keep their level (the same-year provincial rule).
PLANNER_TRIP_LEVEL: dict[str, str] = {
    TripLevel.COUNTY: "city",
    TripLevel.CITY: "city",
    TripLevel.PROVINCIAL: "provincial",
    TripLevel.NATIONAL: "national",
}


def _other_plan_seats(plan: Plan) -> QuerySet[Invitation]:
    """Seats (invited or confirmed) held in the year's other plans: one person, one trip a year."""
    return Invitation.objects.filter(plan__year=plan.year, status__in=SEAT_STATUSES).exclude(
        plan_id=plan.pk
    )


def selection_build_input(
    *,
    plan: Plan,
    person_ids: Iterable[int] | None = None,
    org_codes: dict[int, str] | None = None,
) -> dict[str, Any]:
    """The planner input of the plan (contract: spec/recuperation-planner.md), deterministic;
    `person_ids` limits the candidates (re-checking people later against today's records)."""
    return selection_input_and_codes(plan=plan, person_ids=person_ids, org_codes=org_codes)[0]


def selection_input_and_codes(
    *,
    plan: Plan,
    person_ids: Iterable[int] | None = None,
    org_codes: dict[int, str] | None = None,
) -> tuple[dict[str, Any], dict[str, int]]:
    """The planner input and its candidate codes (code → person id). Candidates are listed by
    code, so the order of the file says nothing about the order of the registry either."""
    batches = list(plan.batches.select_related("base").order_by("start_date", "code"))
    org_codes = org_codes if org_codes is not None else org_code_map()
    honors: dict[int, list[dict[str, Any]]] = {}
    for h in registry.individual_honors(within=plan.org, person_ids=person_ids):
        level = HONOR_LEVEL.get(h.level)
        if level is None:
            continue
        honors.setdefault(h.person_id, []).append(
            {
                "kind": HONOR_KIND.get(h.category, h.category_label),
                "level": level,
                "year": h.year,
                "valid": h.valid,
            }
        )
    # Trips of every origin, and a seat already held in another plan of the same year, which
    # the planner sees as a trip this year (its cooldown includes the year itself).
    history: dict[int, set[tuple[int, str]]] = {}
    for person_id, year, level in Trip.objects.filter(person_id__in=honors).values_list(
        "person_id", "year", "level"
    ):
        history.setdefault(person_id, set()).add((year, PLANNER_TRIP_LEVEL.get(level, level)))
    seats = _other_plan_seats(plan)
    if person_ids is not None:
        seats = seats.filter(person_id__in=list(honors))
    for person_id in seats.values_list("person_id", flat=True):
        if person_id in honors:
            history.setdefault(person_id, set()).add((plan.year, "city"))
    trips = {
        pk: [{"year": year, "level": level} for year, level in sorted(held)]
        for pk, held in history.items()
    }
    codes = {b.pk: b.code for b in batches}
    unavailable: dict[int, list[str]] = {}
    preferred: dict[int, list[str]] = {}
    avails = Availability.objects.filter(plan=plan)
    if person_ids is not None:
        avails = avails.filter(person_id__in=list(honors))
    # The two link tables read as (person, batch) ids: a province has hundreds of thousands of
    # links, and model instances for each cost seconds (and the garbage collector more).
    for avail_person in avails.values_list("person_id", flat=True):
        unavailable[avail_person], preferred[avail_person] = [], []
    links = (
        (Availability.unavailable.through, unavailable),
        (Availability.preferred.through, preferred),
    )
    for through, into in links:
        pairs = through.objects.filter(availability__in=avails).values_list(
            "availability__person_id", "batch_id"
        )
        for person_id, batch_id in pairs:
            into[person_id].append(codes[batch_id])
    for into in (unavailable, preferred):
        for person_id in into:
            into[person_id].sort()
    candidates = []
    persons = (
        Person.objects.filter(pk__in=honors)
        .order_by("pk")
        .values_list("pk", "org_id", "status", "frontline", "hardship_post", "key_sector")
    )
    rows = list(persons)
    by_code = candidate_codes(plan.year, [row[0] for row in rows])
    code_of = {pk: code for code, pk in by_code.items()}
    for pk, org_id, status, frontline, hardship, key_sector in rows:
        candidates.append(
            {
                "id": code_of[pk],
                "org": org_codes.get(org_id, "*"),
                "status": status,
                "honors": honors[pk],
                "frontline": frontline,
                "hardship_post": hardship,
                "key_sector": key_sector,
                "trips": trips.get(pk, []),
                "unavailable": unavailable.get(pk, []),
                "preferred": preferred.get(pk, []),
            }
        )
    candidates.sort(key=lambda c: str(c["id"]))
    data: dict[str, Any] = {
        "year": plan.year,
        "seed": plan.seed,
        "budget": str(plan.budget),
        "policy": plan.policy,
        "candidates": candidates,
        "batches": [
            {
                "id": b.code,
                "destination": b.base.name,
                "start": b.start_date.isoformat(),
                "days": b.days,
                "min": b.min_size,
                "max": b.max_size,
                "cost_per_person": str(b.cost_per_person),
                "travel_cost": dict(b.travel_cost),
            }
            for b in batches
        ],
    }
    return data, by_code


def ineligible_now(
    plan: Plan, person_ids: Iterable[int], *, org_codes: dict[int, str] | None = None
) -> dict[int, tuple[str, ...]]:
    """The planner's reasons (contract codes) that keep each of `person_ids` out of `plan`
    today — died, honor revoked, a trip or another plan's seat since the run; eligible people
    are left out of the answer. A stored result is checked with this before anyone is invited."""
    from gonghui.planner import validate_input
    from gonghui.planner.eligibility import ineligibility_reasons

    ids = sorted(set(person_ids))
    if not ids:
        return {}
    data, codes = selection_input_and_codes(plan=plan, person_ids=ids, org_codes=org_codes)
    found: dict[int, tuple[str, ...]] = {}
    if data["candidates"]:
        instance = validate_input(data)
        for candidate in instance.candidates:
            found[codes[candidate.id]] = ineligibility_reasons(
                candidate, instance.policy, instance.year
            )
    out = {pk: found.get(pk, ("no_eligible_honor",)) for pk in ids}
    return {pk: why for pk, why in out.items() if why}


def seat_elsewhere(plan: Plan, person_id: int) -> Invitation | None:
    """The seat the person holds in another plan of the same year, if any."""
    return (
        _other_plan_seats(plan)
        .filter(person_id=person_id)
        .select_related("plan__org", "batch")
        .order_by("pk")
        .first()
    )


def refusal_text(plan: Plan, person: Person, reasons: Iterable[str]) -> str:
    """Why a selected or waiting person is not invited now, in words (publish, waiting list)."""
    reasons = list(reasons)
    if "cooldown" in reasons:
        seat = seat_elsewhere(plan, person.pk)
        if seat is not None:
            return (
                f"{person.name}：已在{seat.plan.org.name}“{seat.plan.title}”中入选"
                f"（{seat.get_status_display()}），同一年度只安排一次"
            )
    labels = "；".join(rules.REASON_LABELS.get(r, r) for r in reasons)
    return f"{person.name}：{labels}"


def canonical_json(data: dict[str, Any]) -> str:
    """The exact bytes stored, hashed and offered for download."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n"
