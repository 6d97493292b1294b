"""The MIP model in HiGHS: columns for pairs, group counts and running batches; one stage.

See planner/optimal.py for the formulation and why it is built this way.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import highspy
import numpy as np
from scipy import sparse

from gonghui.planner.assignment import assign
from gonghui.planner.problem import IntArray, Plan, Problem, evaluate

EPS = 1e-6
TOTALS = True  # add integer head-count columns per batch and in all (see _add_totals)
Bounds = tuple[np.ndarray, np.ndarray]


@dataclass
class Model:
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


def new_highs(time_limit: float, threads: int) -> highspy.Highs:
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("random_seed", 0)
    highs.setOptionValue("threads", threads)
    highs.setOptionValue("mip_rel_gap", 0.0)
    highs.setOptionValue("mip_abs_gap", 0.99)
    highs.setOptionValue("time_limit", max(0.1, time_limit))
    return highs


def pair_group(problem: Problem, pairs: IntArray) -> IntArray:
    return problem.org[problem.pair_person[pairs]] * problem.n_batches + problem.pair_batch[pairs]


def x_entries(problem: Problem, pairs: IntArray) -> tuple[IntArray, IntArray]:
    """Rows of the two entries (person row, group row) of each x column."""
    return problem.pair_person[pairs], problem.n_people + pair_group(problem, pairs)


def build(
    problem: Problem,
    pairs: IntArray,
    integral: bool,
    highs: highspy.Highs,
    totals: bool = False,
) -> Model:
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
    person_row, group_row = x_entries(problem, pairs)
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
    group_size = np.bincount(pair_group(problem, np.arange(problem.n_pairs)), minlength=n_g)
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
    model = Model(highs, pairs, np.arange(n_x), n_x, n_x + n_g, n_x + n_g + nb)
    if totals:
        _add_totals(problem, model, integral)
    return model


def _add_totals(problem: Problem, model: Model, integral: bool) -> None:
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


def add_pairs(problem: Problem, model: Model, new: IntArray) -> None:
    """Append x columns for ``new`` pairs (keeps the basis: column generation)."""
    person_row, group_row = x_entries(problem, new)
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


def counts_from(problem: Problem, model: Model, values: np.ndarray) -> IntArray:
    n_g = len(problem.orgs) * problem.n_batches
    n_values = np.rint(values[model.n_start : model.n_start + n_g]).astype(np.int64)
    return n_values.reshape(len(problem.orgs), problem.n_batches)


def values_of(problem: Problem, model: Model, plan: Plan) -> np.ndarray | None:
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


def warm_start(problem: Problem, model: Model, plan: Plan, bounds: "Bounds | None") -> None:
    values = values_of(problem, model, plan)
    if values is None:
        return
    if bounds is not None and (np.any(values < bounds[0]) or np.any(values > bounds[1])):
        return
    solution = highspy.HighsSolution()
    solution.col_value = values
    solution.value_valid = True
    model.highs.setSolution(solution)


def run(highs: highspy.Highs) -> tuple[str, float, np.ndarray | None]:
    """Run; return (status text, proved dual bound, column values or None)."""
    highs.run()
    status = highs.modelStatusToString(highs.getModelStatus())
    info = highs.getInfo()
    values = None
    if info.primal_solution_status == 2:  # kSolutionStatusFeasible
        values = np.asarray(highs.getSolution().col_value)
    bound = info.mip_dual_bound if info.mip_node_count >= 0 else info.objective_function_value
    return status, bound, values


def stage(
    problem: Problem,
    pairs: IntArray,
    *,
    time_limit: float,
    threads: int,
    start: Plan,
    floor: int | None,
    bounds: "Bounds | None" = None,
    progress: Callable[[float, float], None] | None = None,
) -> tuple[Plan, float, str]:
    """One MIP stage over ``pairs``: the objective (floor None) or the lottery at ``floor``.

    Returns the best plan (``start`` if the solver found nothing better), the proved bound of
    the stage's objective over these pairs and the solver status.
    """
    deadline = time.monotonic() + time_limit
    highs = new_highs(time_limit, threads)
    model = build(problem, pairs, True, highs, totals=TOTALS)
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
    warm_start(problem, model, start, bounds)
    if progress is not None:
        _watch(highs, progress)
    # Building a large model takes seconds: the solver gets what is left of the limit.
    highs.setOptionValue("time_limit", max(0.1, deadline - time.monotonic()))
    status, bound, values = run(highs)
    best = start
    if values is not None:
        plan = evaluate(problem, assign(problem, counts_from(problem, model, values), pairs))
        if floor is None and plan.objective > best.objective:
            best = plan
        if floor is not None and plan.objective >= floor and plan.lottery > best.lottery:
            best = plan
    return best, bound, status


PROGRESS_EVERY = 1.0  # seconds between progress reports from inside a MIP


def _watch(highs: highspy.Highs, progress: Callable[[float, float], None]) -> None:
    """Report (incumbent, bound) while the MIP runs: at each better plan, and about every
    PROGRESS_EVERY seconds. Read-only: the search and its answer do not change."""
    last = [-PROGRESS_EVERY]

    def seen(event: Any) -> None:
        out = event.data_out
        improving = (
            event.callback_type == highspy.cb.HighsCallbackType.kCallbackMipImprovingSolution
        )
        if not improving and out.running_time - last[0] < PROGRESS_EVERY:
            return
        last[0] = out.running_time
        primal, dual = out.mip_primal_bound, out.mip_dual_bound
        if abs(primal) < highspy.kHighsInf and abs(dual) < highspy.kHighsInf:
            progress(primal, dual)

    highs.cbMipImprovingSolution.subscribe(seen)
    highs.cbMipInterrupt.subscribe(seen)
