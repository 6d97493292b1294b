"""The planner's plan is the best there is: it matches brute force on small random inputs."""

from hypothesis import HealthCheck, given, settings

from gonghui.planner import solve
from tests.planner.conftest import small_instances
from tests.planner.oracle import brute_force, check_rules, lottery_total


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_instances())
def test_optimal_plan_matches_brute_force_objective_and_lottery(data):
    out = solve(data, time_limit=30)
    check_rules(data, out)
    assert out["status"] == "optimal"
    assert out["bound"] == out["objective"]
    assert (out["objective"], lottery_total(data, out)) == brute_force(data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_instances())
def test_greedy_plan_keeps_the_rules_and_never_beats_the_optimum(data):
    out = solve(data, method="greedy")
    check_rules(data, out)
    assert out["status"] == "feasible"
    assert out["objective"] <= brute_force(data)[0] <= out["bound"]
