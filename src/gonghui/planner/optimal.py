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
batches: a depth-first search over the ``y`` with LP bounds (``_Splitter``) keeps only the
sets whose LP can still reach the best objective — usually one —, splits each by the plan's
head count the same way, and for each leaf left (usually one) the LP's reduced costs fix
every column that cannot move without losing more than the LP's slack (``_fixed_bounds``).
One small MIP per leaf; the best lottery wins, the first leaf on ties (city: stage two
1-4 s -> about 0.15 s of process time). Up to ``SPLIT_STAGE_ONE_BATCHES`` batches stage one
is split the same way (``_split_stage_one``): leaves in order of LP bound, each MIP with the
fixing for "better than the incumbent", leaves whose LP cannot beat it skipped.

With ``n`` fixed the ``x`` part is a bipartite transportation polytope (each ``x`` sits in one
person row and one (org, batch) row), so its vertices are integral; in stage two the extra row
``objective >= best`` only keeps its optimal face, which is integral too. The people are
picked exactly afterwards by ``assign`` from the solver's ``n``.

Large instances (over ``SMALL_PAIRS`` pairs, e.g. a province) skip the MIP: the LP relaxation
over all pairs is solved by column generation (its value is the proved ``bound``), a plan is
rounded from it, and ``assign`` picks the best people for that plan's counts.

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

import highspy
import numpy as np
from scipy import sparse

from gonghui.planner.assignment import assign
from gonghui.planner.greedy import greedy_plan, simple_bound
from gonghui.planner.problem import IntArray, Plan, Problem, evaluate

Progress = Callable[[str, dict[str, Any]], None]
_EPS = 1e-6
SMALL_PAIRS = 20_000  # up to this many pairs the MIP gets every pair at once
CG_PAIRS_PER_PERSON = 2  # pairs added per person and column-generation round
TOTALS = True  # add integer head-count columns per batch and in all (see _add_totals)


@dataclass(frozen=True)
class Outcome:
    plan: Plan
    status: str  # "optimal" or "feasible"
    bound: int  # proved upper bound on the objective


@dataclass
class _Model:
    """A HiGHS model with rows for every person, (org, batch) group and batch.

    Columns: ``x`` for the given pairs, then ``n`` for every group, then ``y`` for every
    batch; more ``x`` columns can be appended (column generation).
    """

    highs: highspy.Highs
    pairs: IntArray  # problem pair index of each x column
    x_cols: IntArray  # column of each x
    n_start: int  # column of the first n (groups are org * n_batches + batch)
    y_start: int  # column of the first y
    n_cols: int
    totals_start: int = -1  # column of the first batch total (then the grand total), if any


def _new_highs(time_limit: float, threads: int) -> highspy.Highs:
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("random_seed", 0)
    highs.setOptionValue("threads", threads)
    highs.setOptionValue("mip_rel_gap", 0.0)
    highs.setOptionValue("mip_abs_gap", 0.99)
    highs.setOptionValue("time_limit", max(0.1, time_limit))
    return highs


def _pair_group(problem: Problem, pairs: IntArray) -> IntArray:
    return problem.org[problem.pair_person[pairs]] * problem.n_batches + problem.pair_batch[pairs]


def _x_entries(problem: Problem, pairs: IntArray) -> tuple[IntArray, IntArray]:
    """Rows of the two entries (person row, group row) of each x column."""
    return problem.pair_person[pairs], problem.n_people + _pair_group(problem, pairs)


def _build(
    problem: Problem,
    pairs: IntArray,
    integral: bool,
    highs: highspy.Highs,
    totals: bool = False,
) -> _Model:
    """The stage-one model over ``pairs``; ``integral`` False gives the LP relaxation."""
    nb = problem.n_batches
    n_p, n_g = problem.n_people, len(problem.orgs) * nb
    n_x = len(pairs)
    # rows: people | groups | batch max | batch min | budget
    r_group, r_max = n_p, n_p + n_g
    r_min = r_max + nb
    r_budget = r_min + nb
    n_rows = r_budget + 1
    groups = np.arange(n_g)
    group_batch = groups % nb
    group_cost = problem.cost.reshape(-1).astype(np.float64)
    person_row, group_row = _x_entries(problem, pairs)
    rows = np.concatenate(
        [
            person_row,
            group_row,
            r_group + groups,
            r_max + group_batch,
            r_min + group_batch,
            np.full(n_g, r_budget),
            r_max + np.arange(nb),
            r_min + np.arange(nb),
        ]
    )
    n_cols = n_x + groups
    y_cols = n_x + n_g + np.arange(nb)
    cols = np.concatenate(
        [np.arange(n_x), np.arange(n_x), n_cols, n_cols, n_cols, n_cols, y_cols, y_cols]
    )
    vals = np.concatenate(
        [
            np.ones(2 * n_x),
            -np.ones(n_g),
            np.ones(2 * n_g),
            group_cost,
            -problem.batch_max.astype(np.float64),
            -problem.batch_min.astype(np.float64),
        ]
    )
    matrix = sparse.csc_matrix((vals, (rows, cols)), shape=(n_rows, n_x + n_g + nb))
    matrix.sort_indices()
    group_size = np.bincount(_pair_group(problem, np.arange(problem.n_pairs)), minlength=n_g)
    n_upper = np.minimum(problem.batch_max[group_batch], group_size).astype(np.float64)
    inf = highspy.kHighsInf
    lp = highspy.HighsLp()
    lp.num_col_ = n_x + n_g + nb
    lp.num_row_ = n_rows
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.col_cost_ = np.concatenate(
        [problem.pair_value[pairs].astype(np.float64), np.zeros(n_g + nb)]
    )
    lp.col_lower_ = np.zeros(n_x + n_g + nb)
    lp.col_upper_ = np.concatenate([np.ones(n_x), n_upper, np.ones(nb)])
    lp.row_lower_ = np.concatenate(
        [np.full(n_p, -inf), np.zeros(n_g), np.full(nb, -inf), np.zeros(nb), [-inf]]
    )
    lp.row_upper_ = np.concatenate(
        [np.ones(n_p), np.zeros(n_g), np.zeros(nb), np.full(nb, inf), [float(problem.budget)]]
    )
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = matrix.indptr.astype(np.int32)
    lp.a_matrix_.index_ = matrix.indices.astype(np.int32)
    lp.a_matrix_.value_ = matrix.data
    if integral:
        lp.integrality_ = [highspy.HighsVarType.kInteger] * (n_x + n_g + nb)
    highs.passModel(lp)
    model = _Model(highs, pairs, np.arange(n_x), n_x, n_x + n_g, n_x + n_g + nb)
    if totals:
        _add_totals(problem, model, integral)
    return model


def _add_totals(problem: Problem, model: _Model, integral: bool) -> None:
    """Integer columns for each batch's head count and the grand total, to branch on.

    They change no LP value but give the search its most useful dichotomies: "batch b takes
    at most k people" or "the plan selects at most k people".
    """
    nb, n_g = problem.n_batches, len(problem.orgs) * problem.n_batches
    start = model.n_cols
    highs = model.highs
    upper = problem.batch_max.astype(np.float64)
    highs.addVars(nb + 1, np.zeros(nb + 1), np.concatenate([upper, [upper.sum()]]))
    if integral:
        highs.changeColsIntegrality(
            nb + 1,
            np.arange(start, start + nb + 1, dtype=np.int32),
            np.array([highspy.HighsVarType.kInteger] * (nb + 1)),
        )
    for b in range(nb):
        cols = np.concatenate([[start + b], model.n_start + np.arange(b, n_g, nb)])
        vals = np.concatenate([[-1.0], np.ones(len(cols) - 1)])
        highs.addRow(0.0, 0.0, len(cols), cols.astype(np.int32), vals)
    cols = np.arange(start, start + nb + 1, dtype=np.int32)
    vals = np.concatenate([np.ones(nb), [-1.0]])
    highs.addRow(0.0, 0.0, nb + 1, cols, vals)
    model.totals_start = start
    model.n_cols += nb + 1


def _add_pairs(problem: Problem, model: _Model, new: IntArray) -> None:
    """Append x columns for ``new`` pairs (keeps the basis: column generation)."""
    person_row, group_row = _x_entries(problem, new)
    k = len(new)
    index = np.empty(2 * k, dtype=np.int32)
    index[0::2] = person_row
    index[1::2] = group_row
    model.highs.addCols(
        k,
        problem.pair_value[new].astype(np.float64),
        np.zeros(k),
        np.ones(k),
        2 * k,
        np.arange(0, 2 * k, 2, dtype=np.int32),
        index,
        np.ones(2 * k),
    )
    model.pairs = np.concatenate([model.pairs, new])
    model.x_cols = np.concatenate([model.x_cols, model.n_cols + np.arange(k)])
    model.n_cols += k


def _counts_from(problem: Problem, model: _Model, values: np.ndarray) -> IntArray:
    n_g = len(problem.orgs) * problem.n_batches
    n_values = np.rint(values[model.n_start : model.n_start + n_g]).astype(np.int64)
    return n_values.reshape(len(problem.orgs), problem.n_batches)


def _values_of(problem: Problem, model: _Model, plan: Plan) -> np.ndarray | None:
    """Column values of ``plan`` in ``model``, or None if it uses a pair the model lacks."""
    nb = problem.n_batches
    chosen = np.flatnonzero(plan.batch_of >= 0)
    key = problem.pair_person[model.pairs] * nb + problem.pair_batch[model.pairs]
    used = np.isin(key, chosen * nb + plan.batch_of[chosen])
    if used.sum() != len(chosen):
        return None
    values = np.zeros(model.n_cols)
    values[model.x_cols[used]] = 1.0
    groups = problem.org[chosen] * nb + plan.batch_of[chosen]
    n_g = len(problem.orgs) * nb
    values[model.n_start : model.n_start + n_g] = np.bincount(groups, minlength=n_g)
    per_batch = np.bincount(plan.batch_of[chosen], minlength=nb)
    values[model.y_start : model.y_start + nb] = per_batch > 0
    if model.totals_start >= 0:
        values[model.totals_start : model.totals_start + nb] = per_batch
        values[model.totals_start + nb] = per_batch.sum()
    return values


def _warm_start(problem: Problem, model: _Model, plan: Plan, bounds: "Bounds | None") -> None:
    values = _values_of(problem, model, plan)
    if values is None:
        return
    if bounds is not None and (np.any(values < bounds[0]) or np.any(values > bounds[1])):
        return
    solution = highspy.HighsSolution()
    solution.col_value = values
    solution.value_valid = True
    model.highs.setSolution(solution)


def _run(highs: highspy.Highs) -> tuple[str, float, np.ndarray | None]:
    """Run; return (status text, proved dual bound, column values or None)."""
    highs.run()
    status = highs.modelStatusToString(highs.getModelStatus())
    info = highs.getInfo()
    values = None
    if info.primal_solution_status == 2:  # kSolutionStatusFeasible
        values = np.asarray(highs.getSolution().col_value)
    bound = info.mip_dual_bound if info.mip_node_count >= 0 else info.objective_function_value
    return status, bound, values


@dataclass(frozen=True)
class _Relaxation:
    bound: float  # the LP optimum over all pairs
    reduced: np.ndarray  # reduced cost of every pair (all <= 0 at the optimum)
    x: np.ndarray  # LP value of every pair


def _lp_bound(
    problem: Problem, seed_pairs: IntArray, time_limit: float, threads: int
) -> _Relaxation | None:
    """The LP relaxation over all pairs by column generation.

    The master starts from ``seed_pairs``; every round prices all pairs with the duals and adds
    each person's best improving pairs, until none is left — then the master's optimum is the
    full LP's, and its duals prove the bound.
    """
    started = time.monotonic()
    highs = _new_highs(time_limit, threads)
    model = _build(problem, np.unique(seed_pairs), False, highs)
    in_master = np.zeros(problem.n_pairs, dtype=bool)
    in_master[model.pairs] = True
    person_row, group_row = _x_entries(problem, np.arange(problem.n_pairs))
    value = problem.pair_value.astype(np.float64)
    while True:
        left = time_limit - (time.monotonic() - started)
        if left <= 0:
            return None
        highs.setOptionValue("time_limit", left)
        highs.run()
        if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        solution = highs.getSolution()
        duals = np.asarray(solution.row_dual)
        reduced = value - duals[person_row] - duals[group_row]
        new = np.flatnonzero((reduced > 1e-7) & ~in_master)
        if len(new) == 0:
            x = np.zeros(problem.n_pairs)
            x[model.pairs] = np.asarray(solution.col_value)[model.x_cols]
            return _Relaxation(highs.getInfo().objective_function_value, reduced, x)
        # Each person's best two improving pairs: enough to move the duals, small masters.
        order = new[np.lexsort((-reduced[new], problem.pair_person[new]))]
        person = problem.pair_person[order]
        rank = np.arange(len(order)) - np.searchsorted(person, person, side="left")
        new = np.sort(order[rank < CG_PAIRS_PER_PERSON])
        in_master[new] = True
        _add_pairs(problem, model, new)


def _round(problem: Problem, relaxation: _Relaxation) -> Plan:
    """A plan near the LP optimum: keep its whole placements, then fill by reduced cost.

    Batches the LP fills to their minimum run; seats and money left go to the pairs whose
    reduced cost is closest to zero. A batch that ends under its minimum is cancelled; then
    each batch the LP opened only partly is tried open, and kept if the plan improves.
    """
    nb = problem.n_batches
    lp_count = np.bincount(problem.pair_batch, weights=relaxation.x, minlength=nb)
    runs = (lp_count >= problem.batch_min - 1e-6) & (lp_count > 0.5)
    order = np.lexsort(
        (
            -problem.lottery[problem.pair_person],
            -problem.pair_value,
            -np.round(relaxation.reduced, 6),
            relaxation.x < 1 - 1e-6,
        )
    )
    pairs = list(
        zip(
            problem.pair_person[order].tolist(),
            problem.pair_batch[order].tolist(),
            problem.pair_cost[order].tolist(),
            strict=True,
        )
    )
    cheapest = int(problem.pair_cost.min())
    best = _fill(problem, pairs, runs, cheapest)
    best_runs = runs.copy()
    # Try opening each batch the LP used in part, most used first; keep what improves.
    for pick in np.argsort(-lp_count, kind="stable"):
        if best_runs[pick] or lp_count[pick] <= 1e-6:
            continue
        runs = best_runs.copy()
        runs[pick] = True
        plan = _fill(problem, pairs, runs, cheapest)
        if plan.objective > best.objective:
            best, best_runs = plan, runs.copy()
    return best


def _fill(
    problem: Problem, pairs: list[tuple[int, int, int]], runs: np.ndarray, cheapest: int
) -> Plan:
    """Place people pair by pair in the given order into running batches; cancel short ones.

    ``runs`` is updated in place when a batch has to be cancelled.
    """
    batch_max = problem.batch_max.tolist()
    while True:
        batch_of = np.full(problem.n_people, -1, dtype=np.int64)
        placed = [False] * problem.n_people
        counts = [0] * problem.n_batches
        open_ = runs.tolist()
        seats = sum(m for m, r in zip(batch_max, open_, strict=True) if r)
        left = problem.budget
        for person, batch, cost in pairs:
            if (
                placed[person]
                or not open_[batch]
                or counts[batch] >= batch_max[batch]
                or cost > left
            ):
                continue
            placed[person] = True
            batch_of[person] = batch
            counts[batch] += 1
            left -= cost
            seats -= 1
            if seats == 0 or left < cheapest:
                break
        count = np.array(counts)
        short = runs & (count < problem.batch_min)
        if not short.any():
            return evaluate(problem, batch_of)
        runs[np.flatnonzero(short)[np.argmin(count[short])]] = False


def _stage(
    problem: Problem,
    pairs: IntArray,
    *,
    time_limit: float,
    threads: int,
    start: Plan,
    floor: int | None,
    bounds: "Bounds | None" = None,
) -> tuple[Plan, float, str]:
    """One MIP stage over ``pairs``: the objective (floor None) or the lottery at ``floor``.

    Returns the best plan (``start`` if the solver found nothing better), the proved bound of
    the stage's objective over these pairs and the solver status.
    """
    highs = _new_highs(time_limit, threads)
    model = _build(problem, pairs, True, highs, totals=TOTALS)
    if floor is not None:
        highs.addRow(
            float(floor),
            highspy.kHighsInf,
            len(model.pairs),
            model.x_cols.astype(np.int32),
            problem.pair_value[pairs].astype(np.float64),
        )
        lottery = problem.lottery[problem.pair_person[pairs]].astype(np.float64)
        highs.changeColsCost(len(model.pairs), model.x_cols.astype(np.int32), lottery)
    if bounds is not None:
        highs.changeColsBounds(
            model.n_cols, np.arange(model.n_cols, dtype=np.int32), bounds[0], bounds[1]
        )
    _warm_start(problem, model, start, bounds)
    status, bound, values = _run(highs)
    best = start
    if values is not None:
        plan = evaluate(problem, assign(problem, _counts_from(problem, model, values), pairs))
        if floor is None and plan.objective > best.objective:
            best = plan
        if floor is not None and plan.objective >= floor and plan.lottery > best.lottery:
            best = plan
    return best, bound, status


Bounds = tuple[np.ndarray, np.ndarray]
MAX_RUN_SET_LPS = 1_000  # LP solves allowed in one search over leaves (see _Splitter)
# Stage one is split into leaves up to this many batches: its first floor (the greedy plan)
# is weak, so the search over run sets grows like 2**batches (1,500 people x 12 batches:
# 6 s as one MIP, 28 s split).
SPLIT_STAGE_ONE_BATCHES = 8


def _fixed_bounds(highs: highspy.Highs, floor: int) -> Bounds | None:
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


class _Splitter:
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
        self.highs = _new_highs(time_limit, threads)
        self.model = _build(problem, pairs, False, self.highs, totals=True)
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

    def fixing(self, y: tuple[float, ...], total: float, floor: int) -> Bounds | None:
        """Column bounds of leaf (``y``, ``total``) kept by every plan worth ``floor``."""
        if self._lp(y, total) is None:
            return None
        return _fixed_bounds(self.highs, floor)


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
    report("greedy", objective=incumbent.objective)
    if problem.n_pairs == 0:
        return Outcome(incumbent, "optimal", 0)
    if problem.n_pairs > SMALL_PAIRS:
        return _solve_large(problem, incumbent, left(), threads, report)
    pairs = np.arange(problem.n_pairs)
    splitter = _Splitter(problem, pairs, left(), threads)
    split = None
    if problem.n_batches <= SPLIT_STAGE_ONE_BATCHES:
        split = _split_stage_one(problem, pairs, splitter, incumbent, left, threads)
    if split is not None:
        incumbent, stage_bound, status = split
    else:
        incumbent, stage_bound, status = _stage(
            problem, pairs, time_limit=left(), threads=threads, start=incumbent, floor=None
        )
    bound = _global_bound(problem, stage_bound, math.inf, math.inf, incumbent.objective)
    report("stage1", status=status, objective=incumbent.objective, bound=bound)
    if bound > incumbent.objective or left() <= 0:
        return Outcome(incumbent, "feasible", bound)
    # Stage two, split by the set of running batches (one MIP per set the LP leaves open).
    parts = _stage_two_parts(splitter, bound)
    lottery_bound = -math.inf
    statuses = []
    for part in parts:
        incumbent, part_bound, status = _stage(
            problem,
            pairs,
            time_limit=left(),
            threads=threads,
            start=incumbent,
            floor=bound,
            bounds=part,
        )
        statuses.append(status)
        if status != "Infeasible":
            lottery_bound = max(lottery_bound, part_bound)
    status = "Optimal" if all(s in ("Optimal", "Infeasible") for s in statuses) else statuses[-1]
    report(
        "stage2", status=status, lottery=incumbent.lottery, bound=lottery_bound, parts=len(parts)
    )
    proved = (
        status == "Optimal"
        and math.isfinite(lottery_bound)
        and math.floor(lottery_bound + _EPS) <= incumbent.lottery
    )
    return Outcome(incumbent, "optimal" if proved else "feasible", bound)


def _split_stage_one(
    problem: Problem,
    pairs: IntArray,
    splitter: _Splitter,
    incumbent: Plan,
    left: Callable[[], float],
    threads: int,
) -> tuple[Plan, float, str] | None:
    """Stage one leaf by leaf, best LP bound first; None if the split gives up.

    Only plans better than the incumbent matter, so each leaf's MIP gets the reduced-cost
    fixing for ``incumbent + 1`` and leaves whose LP cannot reach it are skipped. Returns the
    best plan, the proved bound and the status like ``_stage``.
    """
    run_sets = splitter.run_sets(incumbent.objective + 1)
    if run_sets is None:
        return None
    bound = float(incumbent.objective)
    for z_set, y in sorted(run_sets, key=lambda item: -item[0]):
        if z_set < incumbent.objective + 1 - _EPS:
            break
        counts = splitter.head_counts(y, incumbent.objective + 1)
        if counts is None:
            return None
        for z, total in sorted(counts, key=lambda item: -item[0]):
            if z < incumbent.objective + 1 - _EPS:
                break
            fixed = splitter.fixing(y, total, incumbent.objective + 1)
            if fixed is None:
                continue
            incumbent, leaf_bound, status = _stage(
                problem,
                pairs,
                time_limit=left(),
                threads=threads,
                start=incumbent,
                floor=None,
                bounds=fixed,
            )
            if status not in ("Optimal", "Infeasible"):
                return incumbent, math.inf, status
            if status == "Optimal":
                bound = max(bound, min(leaf_bound, z))
    return incumbent, max(bound, float(incumbent.objective)), "Optimal"


def _stage_two_parts(splitter: _Splitter, floor: int) -> list[Bounds | None]:
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


def _solve_large(
    problem: Problem,
    incumbent: Plan,
    time_limit: float,
    threads: int,
    report: Callable[..., None],
) -> Outcome:
    """LP bound by column generation, a rounded plan, then the best people for its counts."""
    relaxation = _lp_bound(
        problem, _seed_pairs(problem, _pairs_of(problem, incumbent)), time_limit, threads
    )
    if relaxation is None:
        return Outcome(incumbent, "feasible", simple_bound(problem))
    report("lp", bound=relaxation.bound)
    rounded = _round(problem, relaxation)
    report("rounded", objective=rounded.objective)
    if rounded.objective > incumbent.objective:
        incumbent = rounded
    counts = np.zeros((len(problem.orgs), problem.n_batches), dtype=np.int64)
    chosen = np.flatnonzero(incumbent.batch_of >= 0)
    np.add.at(counts, (problem.org[chosen], incumbent.batch_of[chosen]), 1)
    best = evaluate(problem, assign(problem, counts))
    if (best.objective, best.lottery) > (incumbent.objective, incumbent.lottery):
        incumbent = best
    bound = _global_bound(problem, math.inf, relaxation.bound, math.inf, incumbent.objective)
    return Outcome(incumbent, "feasible", bound)


def _pairs_of(problem: Problem, plan: Plan) -> IntArray:
    nb = problem.n_batches
    chosen = np.flatnonzero(plan.batch_of >= 0)
    key = problem.pair_person * nb + problem.pair_batch
    return np.flatnonzero(np.isin(key, chosen * nb + plan.batch_of[chosen]))


def _seed_pairs(problem: Problem, must: IntArray, per_person: int = 3) -> IntArray:
    """A first master: each person's cheapest pairs, plus ``must``."""
    order = np.lexsort((problem.pair_cost, problem.pair_person))
    person = problem.pair_person[order]
    first = np.searchsorted(person, person, side="left")
    rank = np.arange(len(order)) - first
    return np.union1d(order[rank < per_person], must)


def _global_bound(
    problem: Problem, stage_bound: float, lp_bound: float, tau: float, objective: int
) -> int:
    """A proved bound on every plan: those inside the restricted pairs, and those outside.

    A plan that uses a pair left out (loss above ``tau``) is worth at most ``lp_bound - tau``.
    """
    bound = simple_bound(problem)
    if math.isfinite(lp_bound):
        bound = min(bound, math.floor(lp_bound + _EPS))
    inside = math.floor(stage_bound + _EPS) if math.isfinite(stage_bound) else bound
    outside = math.floor(lp_bound - tau + _EPS) if math.isfinite(tau) else -1
    return max(objective, min(bound, max(inside, outside)))
