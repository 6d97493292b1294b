"""The leaf-by-leaf search (run sets, head counts, reduced-cost fixing) loses no plan.

Brute force covers tiny inputs (test_exact); here generated inputs of realistic shape are
solved twice — split into leaves and as one MIP per stage — and must agree on the objective
and on the lottery total.
"""

import numpy as np
import pytest

import gonghui.planner.optimal as optimal
import gonghui.planner.split as split_search
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
    monkeypatch.setattr(split_search, "MAX_RUN_SET_LPS", 0)  # stage two falls back to one MIP
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


@pytest.mark.parametrize(("people", "batches", "seed"), [(150, 4, 1), (200, 10, 2)])
def test_price_and_branch_reaches_the_same_optimum_as_every_pair(
    monkeypatch, people, batches, seed
):
    """A large instance's MIP gets only the pairs the LP prices in; it must lose nothing."""
    data = generate(people=people, batches=batches, seed=seed)
    full = solve(data, time_limit=60)
    monkeypatch.setattr(optimal, "SMALL_PAIRS", 0)  # every instance takes the large path
    stages: list[str] = []
    priced = solve(data, time_limit=60, progress=lambda stage, info: stages.append(stage))
    check_rules(data, priced)
    assert "rounded" in stages and "stage2" in stages
    assert priced["status"] == full["status"] == "optimal"
    assert priced["objective"] == full["objective"]
    assert lottery_total(data, priced) == lottery_total(data, full)


def test_progress_reports_the_incumbent_and_a_bound_that_close_in():
    data = generate(people=300, batches=6, seed=3)
    seen: list[tuple[str, dict]] = []
    out = solve(data, time_limit=60, progress=lambda stage, info: seen.append((stage, info)))
    with_bound = [info for _, info in seen if "bound" in info and "objective" in info]
    assert with_bound, seen
    assert all(info["objective"] <= info["bound"] for info in with_bound)
    assert with_bound[-1]["objective"] == with_bound[-1]["bound"] == out["objective"]


def test_a_batch_the_lp_opens_in_part_is_run_fully_when_that_is_better():
    """Rounding the LP cancels the batches it uses below their minimum; the fixed-runs step
    tries each of them run fully (its own LP and a small MIP on the group counts) and keeps the
    better plan. 3,000 × 20 seed 4: the rounded plan is 0.41% under the bound, the plan with a
    partly used batch added is within 0.01% of it."""
    from gonghui.planner.eligibility import standings
    from gonghui.planner.fixed_runs import fixed_runs_plan
    from gonghui.planner.greedy import greedy_plan
    from gonghui.planner.problem import build_problem
    from gonghui.planner.relaxation import lp_bound, pairs_of, partly_used, round_plan, seed_pairs
    from gonghui.planner.validation import validate_input

    data = generate(people=3000, batches=20, seed=4)
    instance = validate_input(data)
    problem = build_problem(instance, standings(instance))
    start = pairs_of(problem, greedy_plan(problem))
    relaxation = lp_bound(problem, seed_pairs(problem, start), 60, 1)
    assert relaxation is not None and partly_used(problem, relaxation)
    rounded = round_plan(problem, relaxation)
    better = fixed_runs_plan(problem, relaxation, rounded, lambda: 60.0, 1)
    assert rounded.objective < 0.996 * relaxation.bound
    assert better.objective > rounded.objective
    assert better.objective >= 0.9999 * relaxation.bound
    # A plan the rules accept: every batch runs between its minimum and maximum, within budget.
    counts = np.bincount(better.batch_of[better.batch_of >= 0], minlength=problem.n_batches)
    assert np.all((counts == 0) | (counts >= problem.batch_min))
    assert np.all(counts <= problem.batch_max)
    assert int(problem.pair_cost[pairs_of(problem, better)].sum()) <= problem.budget
