"""The leaf-by-leaf search (run sets, head counts, reduced-cost fixing) loses no plan.

Brute force covers tiny inputs (test_exact); here generated inputs of realistic shape are
solved twice — split into leaves and as one MIP per stage — and must agree on the objective
and on the lottery total.
"""

import pytest

import gonghui.planner.optimal as optimal
from gonghui.planner import generate, solve
from tests.planner.oracle import check_rules, lottery_total


@pytest.mark.parametrize(
    ("people", "batches", "seed"), [(150, 3, 1), (200, 4, 2), (250, 5, 3), (300, 6, 4)]
)
def test_split_search_matches_one_mip_per_stage(monkeypatch, people, batches, seed):
    data = generate(people=people, batches=batches, seed=seed)
    split = solve(data, time_limit=60)
    check_rules(data, split)
    monkeypatch.setattr(optimal, "SPLIT_STAGE_ONE_BATCHES", 0)
    monkeypatch.setattr(optimal, "MAX_RUN_SET_LPS", 0)  # stage two falls back to one MIP
    whole = solve(data, time_limit=60)
    assert split["status"] == whole["status"] == "optimal"
    assert split["objective"] == whole["objective"]
    assert lottery_total(data, split) == lottery_total(data, whole)


def test_the_city_benchmark_hardest_seed_is_proved_optimal():
    data = generate(people=600, batches=6, seed=2)
    out = solve(data, time_limit=60)
    check_rules(data, out)
    assert out["status"] == "optimal"
    assert out["objective"] == out["bound"] == 34008
    assert lottery_total(data, out) == 43688
