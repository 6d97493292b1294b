"""``solve``: the planner's one entry point for Python callers (the web app, the CLI, tests)."""

import json
import time
from collections.abc import Callable
from typing import Any

from gonghui.planner.eligibility import standings
from gonghui.planner.greedy import greedy_plan, simple_bound
from gonghui.planner.optimal import solve_optimal
from gonghui.planner.problem import build_problem
from gonghui.planner.report import build_output
from gonghui.planner.validation import validate_input

METHODS = ("optimal", "greedy")
OUTPUT_RESERVE = 0.02  # share of the time limit kept for writing the output


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
    started = time.monotonic()
    instance = validate_input(data)
    standing = standings(instance)
    problem = build_problem(instance, standing)
    if method == "greedy":
        plan = greedy_plan(problem)
        status, bound = "feasible", max(plan.objective, simple_bound(problem))
    else:
        # The limit covers the whole call: reading the input counts, and explaining the
        # result (under a second for 20,000 candidates) is kept out of the search's share.
        left = time_limit - (time.monotonic() - started) - OUTPUT_RESERVE * time_limit
        outcome = solve_optimal(
            problem, time_limit=max(left, 0.1), workers=workers, progress=progress
        )
        plan, status, bound = outcome.plan, outcome.status, outcome.bound
    return build_output(instance, standing, problem, plan, status=status, bound=bound)
