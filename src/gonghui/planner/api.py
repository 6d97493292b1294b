"""``solve``: the planner's one entry point for Python callers (the web app, the CLI, tests)."""

import json
from collections.abc import Callable
from typing import Any

from gonghui.planner.eligibility import standings
from gonghui.planner.greedy import greedy_plan, simple_bound
from gonghui.planner.optimal import solve_optimal
from gonghui.planner.problem import build_problem
from gonghui.planner.report import build_output
from gonghui.planner.validation import validate_input

METHODS = ("optimal", "greedy")


def serialize(result: dict[str, Any]) -> str:
    """The one serialization of a result — the command's file, the stored and published
    output, their SHA-256: the same result gives the same bytes wherever it is written."""
    return json.dumps(result, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def solve(
    data: dict[str, Any],
    *,
    time_limit: float = 110.0,
    workers: int = 2,
    method: str = "optimal",
    progress: Callable[[str, dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """Plan the year's batches for ``data`` (the contract's input); return the output dict."""
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    if time_limit <= 0 or workers < 1:
        raise ValueError("time_limit must be positive and workers at least 1")
    instance = validate_input(data)
    standing = standings(instance)
    problem = build_problem(instance, standing)
    if method == "greedy":
        plan = greedy_plan(problem)
        status, bound = "feasible", max(plan.objective, simple_bound(problem))
    else:
        outcome = solve_optimal(problem, time_limit=time_limit, workers=workers, progress=progress)
        plan, status, bound = outcome.plan, outcome.status, outcome.bound
    return build_output(instance, standing, problem, plan, status=status, bound=bound)
