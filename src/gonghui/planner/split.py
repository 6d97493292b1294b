"""Cutting the LP relaxation into leaves (running batches, head count) with reduced-cost fixing.

See planner/optimal.py for how the stages use the leaves.
"""

import math
from collections.abc import Callable

import highspy
import numpy as np

from gonghui.planner.mip import EPS, Bounds, build, new_highs
from gonghui.planner.problem import IntArray, Plan, Problem

MAX_RUN_SET_LPS = 1_000  # LP solves allowed in one search over leaves (see Splitter)
# Stage one is split into leaves up to this many batches: its first floor (the greedy plan)
# is weak, so the search over run sets grows like 2**batches (1,500 people x 12 batches:
# 6 s as one MIP, 28 s split).
SPLIT_STAGE_ONE_BATCHES = 8
# One MIP stage over the pairs at hand with the time left (``mip.stage``): (start, floor,
# bounds) -> (best plan, proved bound, status).
StageRun = Callable[[Plan, int | None, Bounds | None], tuple[Plan, float, str]]


def fixed_bounds(highs: highspy.Highs, floor: int) -> Bounds | None:
    """Column bounds that every plan of objective ``floor`` or more keeps (reduced-cost fixing).

    ``highs`` holds a solved LP relaxation: at its optimum ``z`` with reduced costs ``d`` every
    feasible point has ``objective <= z + d_j (x_j - x*_j)`` for each column ``j`` alone, so an
    integer column can move from its LP bound by at most ``(z - floor) / |d_j|``. None if the
    LP proves that no such plan exists.
    """
    if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    z = highs.getInfo().objective_function_value
    slack = z - floor + 1e-6 * max(1.0, abs(z))  # a safety margin: only weakens the fixing
    if slack < 0:
        return None
    lp = highs.getLp()
    lower, upper = np.array(lp.col_lower_), np.array(lp.col_upper_)
    solution = highs.getSolution()
    value, dual = np.asarray(solution.col_value), np.asarray(solution.col_dual)
    tol = 1e-7
    at_lower = (value <= lower + tol) & (dual < -tol)
    at_upper = (value >= upper - tol) & (dual > tol)
    reach = np.floor(slack / np.maximum(np.abs(dual), tol))
    new_upper = np.where(at_lower, np.minimum(upper, lower + reach), upper)
    new_lower = np.where(at_upper, np.maximum(lower, upper - reach), lower)
    return new_lower, new_upper


class Splitter:
    """The LP relaxation, cut into leaves: a set of running batches and a head count.

    ``run_sets`` fixes the batches' ``y`` one by one, depth first, and cuts a branch as soon
    as its LP bound is below ``floor``; ``head_counts`` splits one run set by the plan's head
    count the same way; ``fixing`` gives a leaf's column bounds with reduced-cost fixing, much
    tighter than at the root, where the LP opens batches in part and spends the budget on a
    fraction of a person. Everything is in a fixed order; a search that would need more than
    ``MAX_RUN_SET_LPS`` LPs gives up (None), and the caller falls back to one MIP.
    """

    def __init__(self, problem: Problem, pairs: IntArray, time_limit: float, threads: int):
        self.problem = problem
        self.highs = new_highs(time_limit, threads)
        self.model = build(problem, pairs, False, self.highs, totals=True)
        nb = problem.n_batches
        self.y_cols = np.arange(self.model.y_start, self.model.y_start + nb, dtype=np.int32)
        self.total_col = np.array([self.model.totals_start + nb], dtype=np.int32)
        self.total_max = float(problem.batch_max.sum())
        self.solves = 0

    def _lp(self, y: tuple[float, ...], total: float | None) -> float | None:
        """LP bound with the first ``len(y)`` batches fixed (and the head count); -inf if
        infeasible, None if out of LPs or not solved."""
        self.solves += 1
        if self.solves > MAX_RUN_SET_LPS:
            return None
        nb, k = self.problem.n_batches, len(y)
        lower = np.array([*y] + [0.0] * (nb - k))
        upper = np.array([*y] + [1.0] * (nb - k))
        self.highs.changeColsBounds(nb, self.y_cols, lower, upper)
        low, high = (0.0, self.total_max) if total is None else (total, total)
        self.highs.changeColsBounds(1, self.total_col, np.array([low]), np.array([high]))
        self.highs.run()
        status = self.highs.getModelStatus()
        if status == highspy.HighsModelStatus.kInfeasible:
            return -math.inf
        if status != highspy.HighsModelStatus.kOptimal:
            return None
        return float(self.highs.getInfo().objective_function_value)

    def run_sets(self, floor: int) -> list[tuple[float, tuple[float, ...]]] | None:
        """(LP bound, y) of every run set whose LP reaches ``floor``, in search order.

        Starts a new search: the LP count (for ``MAX_RUN_SET_LPS``) restarts from zero.
        """
        self.solves = 0
        found: list[tuple[float, tuple[float, ...]]] = []
        nb = self.problem.n_batches

        def visit(y: tuple[float, ...]) -> bool:
            z = self._lp(y, None)
            if z is None:
                return False
            if z < floor - 1e-6 * max(1.0, abs(floor)):
                return True
            if len(y) == nb:
                found.append((z, y))
                return True
            return visit((*y, 1.0)) and visit((*y, 0.0))

        return found if visit(()) else None

    def head_counts(self, y: tuple[float, ...], floor: int) -> list[tuple[float, float]] | None:
        """(LP bound, head count) of every head count of run set ``y`` reaching ``floor``."""
        runs = np.array(y) > 0.5
        low = float(self.problem.batch_min[runs].sum())
        high = float(self.problem.batch_max[runs].sum())
        found = []
        for total in np.arange(high, low - 1, -1.0):
            z = self._lp(y, float(total))
            if z is None:
                return None
            if z >= floor - 1e-6 * max(1.0, abs(floor)):
                found.append((z, float(total)))
        return found

    def root_fixing(self, floor: int) -> Bounds | None:
        """Column bounds kept by every plan worth ``floor``, from the LP with nothing fixed."""
        self.solves = 0
        if self._lp((), None) is None:
            return None
        return fixed_bounds(self.highs, floor)

    def fixing(self, y: tuple[float, ...], total: float, floor: int) -> Bounds | None:
        """Column bounds of leaf (``y``, ``total``) kept by every plan worth ``floor``."""
        if self._lp(y, total) is None:
            return None
        return fixed_bounds(self.highs, floor)


def split_stage_one(
    splitter: Splitter, incumbent: Plan, run_stage: StageRun
) -> tuple[Plan, float, str] | None:
    """Stage one leaf by leaf, best LP bound first; None if the split gives up.

    Only plans better than the incumbent matter, so each leaf's MIP gets the reduced-cost
    fixing for ``incumbent + 1`` and leaves whose LP cannot reach it are skipped. Returns the
    best plan, the proved bound and the status like ``stage``.
    """
    run_sets = splitter.run_sets(incumbent.objective + 1)
    if run_sets is None:
        return None
    bound = float(incumbent.objective)
    for z_set, y in sorted(run_sets, key=lambda item: -item[0]):
        if z_set < incumbent.objective + 1 - EPS:
            break
        counts = splitter.head_counts(y, incumbent.objective + 1)
        if counts is None:
            return None
        for z, total in sorted(counts, key=lambda item: -item[0]):
            if z < incumbent.objective + 1 - EPS:
                break
            fixed = splitter.fixing(y, total, incumbent.objective + 1)
            if fixed is None:
                continue
            incumbent, leaf_bound, status = run_stage(incumbent, None, fixed)
            if status not in ("Optimal", "Infeasible"):
                return incumbent, math.inf, status
            if status == "Optimal":
                bound = max(bound, min(leaf_bound, z))
    return incumbent, max(bound, float(incumbent.objective)), "Optimal"


def stage_two_parts(splitter: Splitter, floor: int) -> list[Bounds | None]:
    """Column bounds of every leaf that may hold a plan worth ``floor``; [None] to not split."""
    run_sets = splitter.run_sets(floor)
    if run_sets is None:
        return [None]
    parts: list[Bounds | None] = []
    for _, y in run_sets:
        counts = splitter.head_counts(y, floor)
        if counts is None:
            return [None]
        for _, total in counts:
            fixed = splitter.fixing(y, total, floor)
            if fixed is not None:
                parts.append(fixed)
    return parts
