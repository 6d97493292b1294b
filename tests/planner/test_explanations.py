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
