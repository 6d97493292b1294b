"""The exact planner: two MIP stages in HiGHS on an aggregated, nearly unimodular model.

Formulation (measured against one boolean per person and batch, see bench/RESULTS.md):

* ``x[p,b]`` — person p in batch b, declared integer (binary): the polytope below would let
  it be continuous, but HiGHS then proves optimality 3-10x slower (measured on the city);
* ``n[o,b]`` — integer, how many people of org o go to batch b, ``sum_p x[p,b] = n[o,b]``;
* ``y[b]`` — binary, batch b runs: ``min_b y_b <= sum_o n[o,b] <= max_b y_b``;
* budget on the ``n`` only: ``sum c[o,b] n[o,b] <= budget`` (cost depends on org and batch).

The MIP stages also get integer columns for each batch's head count and the plan's total
(``_add_totals``): the same LP, but branching on "batch b takes at most k people" closes the
budget's knapsack gap far faster than branching on single people (city seed 2: 13.7 s -> 0.6 s
of process time for stage one).

Stage two (the lottery with the objective held at its best) is split by the set of running
batches: a depth-first search over the ``y`` with LP bounds (``Splitter``) keeps only the
sets whose LP can still reach the best objective — usually one —, splits each by the plan's
head count the same way, and for each leaf left (usually one) the LP's reduced costs fix
every column that cannot move without losing more than the LP's slack (``fixed_bounds``).
One small MIP per leaf; the best lottery wins, the first leaf on ties (city: stage two
1-4 s -> about 0.15 s of process time). Up to ``SPLIT_STAGE_ONE_BATCHES`` batches stage one
is split the same way (``split_stage_one``): leaves in order of LP bound, each MIP with the
fixing for "better than the incumbent", leaves whose LP cannot beat it skipped.

With ``n`` fixed the ``x`` part is a bipartite transportation polytope (each ``x`` sits in one
person row and one (org, batch) row), so its vertices are integral; in stage two the extra row
``objective >= best`` only keeps its optimal face, which is integral too. The people are
picked exactly afterwards by ``assign`` from the solver's ``n``.

Large instances (over ``SMALL_PAIRS`` pairs, e.g. a province): the LP relaxation over all pairs
is solved by column generation (its value is a proved bound), a plan is rounded from it, then
the best set of running batches near the LP's gets its own small MIP (``fixed_runs``); the MIP
stages then run over the pairs whose reduced cost lets them be in a better plan
(price-and-branch, ``_price``).

Everything runs on one HiGHS thread with a fixed random seed and no wall-clock cut inside the
search (the time limit is only a safety net), so the answer does not depend on ``workers`` or
on the machine's speed. HiGHS and OR-Tools cannot be loaded in one process (their bundled
HiGHS symbols clash), so this module uses only ``highspy``, numpy and scipy.
"""

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from gonghui.planner.assignment import assign
from gonghui.planner.fixed_runs import fixed_runs_plan
from gonghui.planner.greedy import greedy_plan, simple_bound
from gonghui.planner.mip import EPS, Bounds, stage
from gonghui.planner.problem import IntArray, Plan, Problem, evaluate
from gonghui.planner.relaxation import lp_bound, pairs_of, priced_pairs, round_plan, seed_pairs
from gonghui.planner.split import (
    SPLIT_STAGE_ONE_BATCHES,
    Splitter,
    split_stage_one,
    stage_two_parts,
)

Progress = Callable[[str, dict[str, Any]], None]
SMALL_PAIRS = 20_000  # up to this many pairs the MIP gets every pair at once


@dataclass(frozen=True)
class Outcome:
    plan: Plan
    status: str  # "optimal" or "feasible"
    bound: int  # proved upper bound on the objective


def solve_optimal(
    problem: Problem,
    *,
    time_limit: float,
    workers: int,
    progress: Progress | None = None,
) -> Outcome:
    """The lexicographic optimum (objective, then lottery) or the best plan found in time.

    ``workers`` is accepted for the API; the search runs on one thread so that the answer
    does not depend on it (see module docstring).
    """
    started = time.monotonic()

    def left() -> float:
        return time_limit - (time.monotonic() - started)

    def report(stage: str, **info: Any) -> None:
        if progress is not None:
            progress(stage, {"elapsed": round(time.monotonic() - started, 3), **info})

    threads = 1
    incumbent = greedy_plan(problem)
    report("greedy", objective=incumbent.objective, bound=simple_bound(problem))
    if problem.n_pairs == 0:
        return Outcome(incumbent, "optimal", 0)
    pairs = np.arange(problem.n_pairs)
    lp_value = tau = math.inf
    if problem.n_pairs > SMALL_PAIRS:
        priced = _price(problem, incumbent, left, threads, report)
        if priced is None:
            return Outcome(incumbent, "feasible", simple_bound(problem))
        incumbent, pairs, lp_value, tau = priced
    return _exact(problem, pairs, incumbent, lp_value, tau, left, threads, report)


def _exact(
    problem: Problem,
    pairs: IntArray,
    incumbent: Plan,
    lp_value: float,
    tau: float,
    left: Callable[[], float],
    threads: int,
    report: Callable[..., None],
) -> Outcome:
    """Both MIP stages over ``pairs``; a plan using a pair left out is worth at most
    ``lp_value - tau`` (infinite: nothing was left out)."""

    def mip_progress(stage_name: str) -> Callable[[float, float], None]:
        def seen(objective: float, bound: float) -> None:
            report(stage_name, objective=round(objective), bound=math.floor(bound + EPS))

        return seen

    def run_stage(
        start: Plan,
        floor: int | None,
        bounds: Bounds | None,
        progress: Callable[[float, float], None] | None = None,
    ) -> tuple[Plan, float, str]:
        """One MIP stage (``mip.stage``) over ``pairs`` with the time left."""
        return stage(
            problem,
            pairs,
            time_limit=left(),
            threads=threads,
            start=start,
            floor=floor,
            bounds=bounds,
            progress=progress,
        )

    splitter = Splitter(problem, pairs, left(), threads)
    split = None
    if problem.n_batches <= SPLIT_STAGE_ONE_BATCHES:
        split = split_stage_one(splitter, incumbent, run_stage)
    if split is not None:
        incumbent, stage_bound, status = split
    else:
        # Only plans better than the incumbent matter: the root LP's reduced costs fix every
        # column (batch runs, group counts) that cannot move without losing more than the gap.
        fixed = splitter.root_fixing(incumbent.objective + 1)
        incumbent, stage_bound, status = run_stage(
            incumbent, None, fixed, progress=mip_progress("stage1")
        )
        if fixed is not None and status == "Infeasible":
            # No plan better than the incumbent: the incumbent is optimal over these pairs.
            stage_bound, status = float(incumbent.objective), "Optimal"
    bound = _global_bound(problem, stage_bound, lp_value, tau, incumbent.objective)
    report("stage1", status=status, objective=incumbent.objective, bound=bound)
    if bound > incumbent.objective or left() <= 0:
        return Outcome(incumbent, "feasible", bound)
    # Stage two, split by the set of running batches (one MIP per set the LP leaves open).
    parts = stage_two_parts(splitter, bound)
    lottery_bound = -math.inf
    statuses = []
    for part in parts:
        incumbent, part_bound, status = run_stage(incumbent, bound, part)
        statuses.append(status)
        if status != "Infeasible":
            lottery_bound = max(lottery_bound, part_bound)
    status = "Optimal" if all(s in ("Optimal", "Infeasible") for s in statuses) else statuses[-1]
    report(
        "stage2",
        status=status,
        objective=incumbent.objective,
        bound=bound,
        lottery=incumbent.lottery,
        lottery_bound=lottery_bound,
        parts=len(parts),
    )
    # A pair left out could only matter if a plan using it could reach the optimum.
    outside = math.floor(lp_value - tau + EPS) if math.isfinite(tau) else -1
    proved = (
        status == "Optimal"
        and math.isfinite(lottery_bound)
        and math.floor(lottery_bound + EPS) <= incumbent.lottery
        and outside < bound
    )
    return Outcome(incumbent, "optimal" if proved else "feasible", bound)


def _price(
    problem: Problem,
    incumbent: Plan,
    left: Callable[[], float],
    threads: int,
    report: Callable[..., None],
) -> tuple[Plan, IntArray, float, float] | None:
    """Price-and-branch for instances too large for a MIP over every pair.

    The LP over all pairs (column generation) gives a bound and every pair's reduced cost; a
    plan rounded from it and re-assigned is the incumbent; the MIP then gets only the pairs
    whose reduced cost lets them appear in a better plan (at most ``MAX_MIP_PAIRS``, best
    first). Returns the incumbent, those pairs, the LP value and the smallest loss of a pair
    left out — None when the LP cannot be solved in time.
    """
    relaxation = lp_bound(
        problem, seed_pairs(problem, pairs_of(problem, incumbent)), left(), threads
    )
    if relaxation is None:
        return None
    report("lp", objective=incumbent.objective, bound=math.floor(relaxation.bound + EPS))
    rounded = round_plan(problem, relaxation)
    if rounded.objective > incumbent.objective:
        incumbent = rounded
    counts = np.zeros((len(problem.orgs), problem.n_batches), dtype=np.int64)
    chosen = np.flatnonzero(incumbent.batch_of >= 0)
    np.add.at(counts, (problem.org[chosen], incumbent.batch_of[chosen]), 1)
    best = evaluate(problem, assign(problem, counts))
    if (best.objective, best.lottery) > (incumbent.objective, incumbent.lottery):
        incumbent = best
    report("rounded", objective=incumbent.objective, bound=math.floor(relaxation.bound + EPS))
    incumbent = fixed_runs_plan(problem, relaxation, incumbent, left, threads)
    pairs, tau = priced_pairs(problem, relaxation, incumbent)
    report(
        "runs",
        objective=incumbent.objective,
        bound=math.floor(relaxation.bound + EPS),
        pairs=len(pairs),
    )
    return incumbent, pairs, relaxation.bound, tau


def _global_bound(
    problem: Problem, stage_bound: float, lp_value: float, tau: float, objective: int
) -> int:
    """A proved bound on every plan: those inside the restricted pairs, and those outside.

    A plan that uses a pair left out (loss above ``tau``) is worth at most ``lp_value - tau``.
    """
    bound = simple_bound(problem)
    if math.isfinite(lp_value):
        bound = min(bound, math.floor(lp_value + EPS))
    inside = math.floor(stage_bound + EPS) if math.isfinite(stage_bound) else bound
    outside = math.floor(lp_value - tau + EPS) if math.isfinite(tau) else -1
    return max(objective, min(bound, max(inside, outside)))
