"""An independent reading of the contract, for tests: rules, score, lottery and brute force.

Written straight from the contract's words, sharing no code with the planner, so that the two
can check each other.
"""

import hashlib
from decimal import Decimal
from typing import Any

DEFAULT_WEIGHTS = {
    "never_been": 100,
    "frontline": 40,
    "hardship_post": 40,
    "key_sector": 20,
    "per_year_since_last": 5,
    "preferred_batch": 3,
}


def policy_of(data: dict[str, Any]) -> dict[str, Any]:
    policy = {
        "eligible_kinds": ["劳动模范", "先进工作者", "五一劳动奖章"],
        "eligible_levels": ["national", "provincial", "city"],
        "cooldown_years": 2,
        "skip_if_provincial_trip_same_year": True,
        "exclude_retired": False,
        **data.get("policy", {}),
    }
    policy["weights"] = {**DEFAULT_WEIGHTS, **data.get("policy", {}).get("weights", {})}
    return policy


def reasons(data: dict[str, Any], c: dict[str, Any]) -> list[str]:
    p, year = policy_of(data), data["year"]
    out = []
    if not any(
        h["valid"] and h["kind"] in p["eligible_kinds"] and h["level"] in p["eligible_levels"]
        for h in c["honors"]
    ):
        out.append("no_eligible_honor")
    if c["status"] == "deceased":
        out.append("deceased")
    if c["status"] == "retired" and p["exclude_retired"]:
        out.append("retired")
    window = range(year - (p["cooldown_years"] - 1), year + 1)
    if any(t["level"] == "city" and t["year"] in window for t in c["trips"]):
        out.append("cooldown")
    if p["skip_if_provincial_trip_same_year"] and any(
        t["level"] == "provincial" and t["year"] == year for t in c["trips"]
    ):
        out.append("provincial_trip_this_year")
    return out


def score(data: dict[str, Any], c: dict[str, Any]) -> int:
    w, year = policy_of(data)["weights"], data["year"]
    never = not c["trips"]
    since = 10 if never else min(10, max(0, year - max(t["year"] for t in c["trips"])))
    return (
        w["never_been"] * never
        + w["frontline"] * c["frontline"]
        + w["hardship_post"] * c["hardship_post"]
        + w["key_sector"] * c["key_sector"]
        + w["per_year_since_last"] * since
    )


def lottery(data: dict[str, Any]) -> dict[str, int]:
    eligible = [c["id"] for c in data["candidates"] if not reasons(data, c)]
    order = sorted(
        eligible, key=lambda cid: hashlib.sha256(f"{data['seed']}:{cid}".encode()).hexdigest()
    )
    return {cid: len(order) - k for k, cid in enumerate(order)}


def cents(text: str) -> int:
    return int(Decimal(text) * 100)


def cost(batch: dict[str, Any], org: str) -> int:
    travel = batch["travel_cost"].get(org, batch["travel_cost"].get("*"))
    return cents(batch["cost_per_person"]) + cents(travel)


def value(data: dict[str, Any], c: dict[str, Any], batch: dict[str, Any]) -> int:
    bonus = policy_of(data)["weights"]["preferred_batch"] if batch["id"] in c["preferred"] else 0
    return score(data, c) + bonus


def check_rules(data: dict[str, Any], out: dict[str, Any]) -> None:
    """Assert that ``out`` keeps hard rules 1–4 and the output contract."""
    people = {c["id"]: c for c in data["candidates"]}
    batches = {b["id"]: b for b in data["batches"]}
    placed = [a["candidate"] for a in out["assignments"]]
    assert len(placed) == len(set(placed)), "someone is in two batches"
    counts = dict.fromkeys(batches, 0)
    total = 0
    objective = 0
    for a in out["assignments"]:
        c, b = people[a["candidate"]], batches[a["batch"]]
        assert not reasons(data, c), f"{c['id']} is not eligible"
        assert b["id"] not in c["unavailable"], f"{c['id']} cannot attend {b['id']}"
        counts[b["id"]] += 1
        total += cost(b, c["org"])
        objective += value(data, c, b)
    for row in out["batches"]:
        b = batches[row["id"]]
        assert row["count"] == counts[row["id"]]
        assert row["runs"] == (row["count"] > 0)
        if row["runs"]:
            assert b["min"] <= row["count"] <= b["max"], f"batch {b['id']} size {row['count']}"
    assert [row["id"] for row in out["batches"]] == list(batches)
    assert total <= cents(data["budget"]), "over budget"
    assert cents(out["total_cost"]) == total
    assert out["objective"] == objective
    assert out["bound"] >= objective
    assert out["status"] in ("optimal", "feasible")
    assert set(out["explanations"]) == set(people), "someone is not explained"
    draw = lottery(data)
    eligible_unplaced = [cid for cid in people if cid in draw and cid not in set(placed)]
    expected = sorted(eligible_unplaced, key=lambda cid: (-score(data, people[cid]), -draw[cid]))
    assert out["waitlist"] == expected, "waitlist is not score then lottery"
    for cid, c in people.items():
        e = out["explanations"][cid]
        assert e["message"]
        if cid not in draw:
            assert e["eligible"] is False and e["reasons"] == reasons(data, c)
        else:
            assert e["eligible"] is True and e["score"] == score(data, c)
            assert e["selected"] == (cid in set(placed))
            if not e["selected"]:
                assert e["rank"] == out["waitlist"].index(cid) + 1
                check_reason(data, out, cid)


def lottery_total(data: dict[str, Any], out: dict[str, Any]) -> int:
    draw = lottery(data)
    return sum(draw[a["candidate"]] for a in out["assignments"])


def brute_force(data: dict[str, Any]) -> tuple[int, int]:
    """The best (objective, lottery total) over every plan, by exhaustive search.

    Plans are enumerated person by person; two partial plans with the same head counts and the
    same cost can be completed the same ways, so only the better (objective, lottery) is kept.
    """
    draw = lottery(data)
    budget = cents(data["budget"])
    batches = data["batches"]
    states: dict[tuple[tuple[int, ...], int], tuple[int, int]] = {
        (tuple(0 for _ in batches), 0): (0, 0)
    }
    for c in data["candidates"]:
        if c["id"] not in draw:
            continue
        nxt = dict(states)
        for (counts, spent), (obj, lot) in states.items():
            for j, b in enumerate(batches):
                if b["id"] in c["unavailable"] or counts[j] >= b["max"]:
                    continue
                new_spent = spent + cost(b, c["org"])
                if new_spent > budget:
                    continue
                key = ((*counts[:j], counts[j] + 1, *counts[j + 1 :]), new_spent)
                cand = (obj + value(data, c, b), lot + draw[c["id"]])
                if key not in nxt or cand > nxt[key]:
                    nxt[key] = cand
        states = nxt
    best = (0, 0)
    for (counts, _), result in states.items():
        if all(n == 0 or b["min"] <= n for n, b in zip(counts, batches, strict=True)):
            best = max(best, result)
    return best


def check_reason(data: dict[str, Any], out: dict[str, Any], cid: str) -> None:
    """The reason given to a waiting candidate is true of this plan (computed from the JSON)."""
    people = {c["id"]: c for c in data["candidates"]}
    batches = {b["id"]: b for b in data["batches"]}
    c, e = people[cid], out["explanations"][cid]
    draw = lottery(data)
    counts = {row["id"]: row["count"] for row in out["batches"]}
    placed = {a["candidate"]: a["batch"] for a in out["assignments"]}
    possible = [
        b
        for b in batches.values()
        if b["id"] not in c["unavailable"] and b["max"] >= max(b["min"], 1)
    ]
    running = [b for b in possible if counts[b["id"]] > 0]
    rivals = [k for k, b in placed.items() if b in {r["id"] for r in running}]
    own = score(data, c)
    code = e["reason"]
    assert e["lottery"] == draw[cid]
    if code == "unavailable":
        assert not possible
    elif code == "not_run":
        assert possible and not running
    else:
        line = min(score(data, people[k]) for k in rivals)
        full = all(counts[b["id"]] >= b["max"] for b in running)
        if code == "below_line":
            assert own < line and f"入选最低分 {line}" in e["message"]
        elif code == "full":
            assert full
        elif code == "lottery":
            tied = [draw[k] for k in rivals if score(data, people[k]) == own]
            assert own == line and tied and min(tied) > draw[cid]
            assert f"签位 {draw[cid]}" in e["message"] and str(min(tied)) in e["message"]
        elif code == "budget":
            left = cents(data["budget"]) - cents(out["total_cost"])
            free = [b for b in running if counts[b["id"]] < b["max"]]
            assert all(cost(b, c["org"]) > left for b in free)
        else:
            assert code == "not_reached" and out["status"] != "optimal"
