"""Every candidate learns why, in words: selected, waiting, or not eligible."""

from gonghui.planner import solve
from tests.planner.conftest import batch, candidate, instance


def test_unselected_person_below_the_cut_is_told_the_lowest_selected_score():
    people = [candidate("P1", frontline=True), candidate("P2")]
    out = solve(instance(people, [batch(min=1, max=1)]))
    assert out["explanations"]["P2"]["rank"] == 1
    assert "低于入选最低分 190" in out["explanations"]["P2"]["message"]


def test_person_whose_batches_are_full_is_told_so():
    people = [
        candidate("P1", unavailable=["B2"]),
        candidate("P2", frontline=True, unavailable=["B2"]),
        candidate("P3", trips=[{"year": 2016, "level": "city"}], unavailable=["B1"]),
    ]
    batches = [batch("B1", min=1, max=1), batch("B2", min=1, max=1)]
    out = solve(instance(people, batches))
    assert out["explanations"]["P3"]["selected"] is True
    assert "都已满员" in out["explanations"]["P1"]["message"]


def test_person_unavailable_for_every_batch_is_told_so():
    out = solve(instance([candidate(unavailable=["B1"])]))
    assert "都不方便" in out["explanations"]["P1"]["message"]


def test_ineligible_person_gets_reasons_in_chinese():
    out = solve(instance([candidate(status="deceased")]))
    assert out["explanations"]["P1"]["message"].startswith("不符合")


def test_selected_person_is_told_batch_and_destination():
    out = solve(instance([candidate()]))
    assert "B1" in out["explanations"]["P1"]["message"]
    assert "宁波工人疗养院" in out["explanations"]["P1"]["message"]


def test_output_keys_come_in_the_contract_order():
    out = solve(instance([candidate()]))
    assert list(out) == [
        "status",
        "objective",
        "bound",
        "assignments",
        "batches",
        "total_cost",
        "waitlist",
        "explanations",
    ]
    assert out["batches"] == [{"id": "B1", "runs": True, "count": 1, "cost": "4700.00"}]


# ---------------------------------------------------------------- every reason code, constructed


def _why(out: dict, cid: str) -> tuple[str, str]:
    e = out["explanations"][cid]
    return e["reason"], e["message"]


def test_reason_unavailable_for_every_batch():
    out = solve(instance([candidate("P1", unavailable=["B1"]), candidate("P2")]))
    assert _why(out, "P1")[0] == "unavailable"


def test_reason_batches_not_run():
    # P1 can only go to B2, which the budget cannot open beside B1 (min 2 people each).
    people = [
        candidate("P1", unavailable=["B1"]),
        candidate("P2", frontline=True, unavailable=["B2"]),
        candidate("P3", frontline=True, unavailable=["B2"]),
    ]
    batches = [batch("B1", min=2, max=2), batch("B2", min=2, max=2)]
    out = solve(instance(people, batches, budget="10000.00"))
    code, message = _why(out, "P1")
    assert code == "not_run" and "B2" in message and "未开班" in message


def test_reason_below_the_line_names_the_line():
    people = [candidate("P1", frontline=True), candidate("P2"), candidate("P3", frontline=True)]
    out = solve(instance(people, [batch(min=1, max=3)], budget="9400.00"))
    code, message = _why(out, "P2")
    assert code == "below_line"
    line = min(out["explanations"][c]["score"] for c in ("P1", "P3"))
    assert f"低于入选最低分 {line}" in message


def test_reason_lottery_names_both_lottery_numbers():
    people = [candidate(f"P{i}") for i in range(1, 5)]  # all the same score
    out = solve(instance(people, [batch(min=1, max=2)]))
    waiting = [c for c, e in out["explanations"].items() if not e["selected"]]
    chosen = [c for c, e in out["explanations"].items() if e["selected"]]
    for cid in waiting:
        code, message = _why(out, cid)
        assert code == "lottery"
        own = out["explanations"][cid]["lottery"]
        lowest_chosen = min(out["explanations"][c]["lottery"] for c in chosen)
        assert f"您的签位 {own}" in message and f"签位最小为 {lowest_chosen}" in message
        assert own < lowest_chosen


def test_reason_full_batches():
    people = [candidate("P1", frontline=True), candidate("P2")]
    out = solve(instance(people, [batch(min=1, max=1)]))
    code, message = _why(out, "P2")
    assert code == "full" and "都已满员" in message


def test_reason_budget_used_up_names_what_is_left_and_what_is_needed():
    # Same score; P2's county costs more and the money left covers only P1's cost.
    people = [candidate("P1"), candidate("P2", org="610981")]
    b = batch(min=1, max=5, travel_cost={"610902": "0.00", "*": "2000.00"})
    out = solve(instance(people, [b], budget="5000.00"))
    code, message = _why(out, "P2")
    assert code == "budget"
    assert "剩余 1,200.00 元" in message and "至少需要 5,800.00 元" in message
