"""Plans for a fixed set of running batches, the large path's way to a near-optimal plan.

With the ``y`` fixed the model is a transportation problem (each ``x`` in one person row and
one (org, batch) row) with one budget row: its LP is nearly integral, and a MIP whose group
counts ``n`` are integer while the people stay continuous closes the rest in a few dozen nodes
(``assign`` then picks the people for the counts exactly). The LP over all pairs runs every
batch it fills to the minimum and opens a few only in part; a plan must run each of those fully
or not at all. So: the LP of the running set with each partly-used batch added (the most used
``TRIED`` of them, by column generation), and the MIP on the best of those sets.

Measured on the province instance (20,000 × 100, seed 2; bench/RESULTS.md): rounding the LP
left 0.59% to the bound; this gives 0.007–0.017% in about 20 s of CPU.

Deterministic: one thread, a node limit (``NODES``) instead of a time cut; the time limit is
only a safety net.
"""

import math
import time
from collections.abc import Callable

import highspy
import numpy as np

from gonghui.planner.assignment import assign
from gonghui.planner.mip import build, counts_from, new_highs
from gonghui.planner.problem import IntArray, Plan, Problem, evaluate
from gonghui.planner.relaxation import (
    Relaxation,
    best_per_group,
    lp_bound,
    partly_used,
    running,
)

TRIED = 4  # partly-used batches tried, the most used first
NODES = 50  # node limit of the MIP on the chosen set (the first plans it finds are the good ones)


def fixed_runs_plan(
    problem: Problem,
    relaxation: Relaxation,
    incumbent: Plan,
    left: Callable[[], float],
    threads: int,
) -> Plan:
    """A plan for the best set of running batches near the LP's; ``incumbent`` if not better."""
    base = running(problem, relaxation)
    # The master starts from the LP's pairs and each batch's best pairs by reduced cost, enough
    # to fill it: a batch now made to run must find its minimum in the first master.
    every = np.arange(problem.n_pairs)
    best_of_batch = best_per_group(every, problem.pair_batch, relaxation.reduced, problem.batch_max)
    start = np.union1d(np.flatnonzero(relaxation.x > 1e-9), best_of_batch)
    best: tuple[float, np.ndarray, IntArray] | None = None
    for extra in [None, *partly_used(problem, relaxation)[:TRIED]]:
        if left() <= 0:
            break
        runs = base.copy()
        if extra is not None:
            runs[extra] = True
        fixed = lp_bound(problem, start, left(), threads, runs=runs)
        if fixed is not None and (best is None or fixed.bound > best[0] + 1e-6):
            best = (fixed.bound, runs, fixed.pairs)
    if best is None or math.floor(best[0] + 1e-6) <= incumbent.objective or left() <= 0:
        return incumbent
    plan = _counts_mip(problem, best[1], best[2], left(), threads)
    if plan is not None and plan.objective > incumbent.objective:
        return plan
    return incumbent


def _counts_mip(
    problem: Problem, runs: np.ndarray, pairs: IntArray, time_limit: float, threads: int
) -> Plan | None:
    """The MIP with ``runs`` fixed, integer group counts and continuous people."""
    deadline = time.monotonic() + time_limit
    highs = new_highs(time_limit, threads)
    model = build(problem, pairs, False, highs)
    n_groups = len(problem.orgs) * problem.n_batches
    highs.changeColsIntegrality(
        n_groups,
        (model.n_start + np.arange(n_groups)).astype(np.int32),
        np.array([highspy.HighsVarType.kInteger] * n_groups),
    )
    fixed = runs.astype(np.float64)
    y_cols = (model.y_start + np.arange(problem.n_batches)).astype(np.int32)
    highs.changeColsBounds(problem.n_batches, y_cols, fixed, fixed)
    highs.setOptionValue("mip_max_nodes", NODES)
    highs.setOptionValue("time_limit", max(0.1, deadline - time.monotonic()))
    highs.run()
    if highs.getInfo().primal_solution_status != 2:  # no feasible plan found
        return None
    values = np.asarray(highs.getSolution().col_value)
    return evaluate(problem, assign(problem, counts_from(problem, model, values)))
