"""The LP relaxation over every pair (column generation) and plans rounded from it."""

import math
import time
from dataclasses import dataclass

import highspy
import numpy as np

from gonghui.planner.mip import add_pairs, build, new_highs, x_entries
from gonghui.planner.problem import IntArray, Plan, Problem, evaluate

CG_PAIRS_PER_PERSON = 2  # pairs added per person and column-generation round
# The most pairs the MIP of a large instance gets (price-and-branch): chosen by measurement
# (bench/RESULTS.md, "Planner").
MAX_MIP_PAIRS = 120_000


@dataclass(frozen=True)
class Relaxation:
    bound: float  # the LP optimum over all pairs
    reduced: np.ndarray  # reduced cost of every pair (all <= 0 at the optimum)
    x: np.ndarray  # LP value of every pair
    pairs: IntArray  # the pairs of the final master (every pair with x > 0 among them)


def lp_bound(
    problem: Problem,
    seed_pairs: IntArray,
    time_limit: float,
    threads: int,
    runs: np.ndarray | None = None,
) -> Relaxation | None:
    """The LP relaxation over all pairs by column generation.

    The master starts from ``seed_pairs``; every round prices all pairs with the duals and adds
    each person's best improving pairs, until none is left — then the master's optimum is the
    full LP's, and its duals prove the bound. ``runs`` (a boolean per batch) fixes which
    batches run: the LP of that set of running batches only.
    """
    started = time.monotonic()
    highs = new_highs(time_limit, threads)
    allowed = np.ones(problem.n_pairs, dtype=bool) if runs is None else runs[problem.pair_batch]
    model = build(problem, np.unique(seed_pairs[allowed[seed_pairs]]), False, highs)
    if runs is not None:
        fixed = runs.astype(np.float64)
        y_cols = (model.y_start + np.arange(problem.n_batches)).astype(np.int32)
        highs.changeColsBounds(problem.n_batches, y_cols, fixed, fixed)
    in_master = ~allowed
    in_master[model.pairs] = True
    person_row, group_row = x_entries(problem, np.arange(problem.n_pairs))
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
            value_ = highs.getInfo().objective_function_value
            return Relaxation(value_, reduced, x, model.pairs.copy())
        # Each person's best two improving pairs: enough to move the duals, small masters.
        new = best_per_group(new, problem.pair_person, reduced, CG_PAIRS_PER_PERSON)
        in_master[new] = True
        add_pairs(problem, model, new)


def round_plan(problem: Problem, relaxation: Relaxation) -> Plan:
    """A plan near the LP optimum: keep its whole placements, then fill by reduced cost.

    Batches the LP fills to their minimum run; seats and money left go to the pairs whose
    reduced cost is closest to zero. A batch that ends under its minimum is cancelled; then
    each batch the LP opened only partly is tried open — its best ``min`` pairs placed first,
    so that it reaches its minimum before the money runs out — and kept if the plan improves.
    """
    runs = running(problem, relaxation)
    order = np.lexsort(
        (
            -problem.lottery[problem.pair_person],
            -problem.pair_value,
            -np.round(relaxation.reduced, 6),
            relaxation.x < 1 - 1e-6,
        )
    )
    pairs = _listed(problem, order)
    cheapest = int(problem.pair_cost.min())
    best = _fill(problem, pairs, runs, cheapest)
    best_runs = runs.copy()
    reserved: list[int] = []
    # Try opening each batch the LP used in part, most used first; keep what improves.
    for pick in partly_used(problem, relaxation):
        if best_runs[pick]:
            continue
        runs = best_runs.copy()
        runs[pick] = True
        front = [
            _listed(problem, order[problem.pair_batch[order] == b][: int(problem.batch_min[b])])
            for b in [*reserved, pick]
        ]
        plan = _fill(problem, [p for part in front for p in part] + pairs, runs, cheapest)
        if plan.objective > best.objective:
            best, best_runs, reserved = plan, runs.copy(), [*reserved, pick]
    return best


def _load(problem: Problem, relaxation: Relaxation) -> np.ndarray:
    """How many people the LP puts in each batch (fractional)."""
    return np.bincount(problem.pair_batch, weights=relaxation.x, minlength=problem.n_batches)


def _runs_at(problem: Problem, load: np.ndarray) -> np.ndarray:
    return (load >= problem.batch_min - 1e-6) & (load > 0.5)


def running(problem: Problem, relaxation: Relaxation) -> np.ndarray:
    """The batches the LP fills at least to their minimum."""
    return _runs_at(problem, _load(problem, relaxation))


def partly_used(problem: Problem, relaxation: Relaxation) -> list[int]:
    """The batches the LP uses below their minimum (it opens them in part), most used first."""
    load = _load(problem, relaxation)
    runs = _runs_at(problem, load)
    return [int(b) for b in np.argsort(-load, kind="stable") if not runs[b] and load[b] > 1e-6]


def _listed(problem: Problem, order: IntArray) -> list[tuple[int, int, int]]:
    """(person, batch, cost) of the pairs in ``order`` (a pair listed twice is placed once)."""
    return list(
        zip(
            problem.pair_person[order].tolist(),
            problem.pair_batch[order].tolist(),
            problem.pair_cost[order].tolist(),
            strict=True,
        )
    )


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


def pairs_of(problem: Problem, plan: Plan) -> IntArray:
    nb = problem.n_batches
    chosen = np.flatnonzero(plan.batch_of >= 0)
    key = problem.pair_person * nb + problem.pair_batch
    return np.flatnonzero(np.isin(key, chosen * nb + plan.batch_of[chosen]))


def seed_pairs(problem: Problem, must: IntArray, per_person: int = 3) -> IntArray:
    """A first master: each person's cheapest pairs, plus ``must``."""
    every = np.arange(problem.n_pairs)
    cheapest = best_per_group(every, problem.pair_person, -problem.pair_cost, per_person)
    return np.union1d(cheapest, must)


def best_per_group(
    pairs: IntArray, group: IntArray, score: np.ndarray, keep: int | IntArray
) -> IntArray:
    """Of ``pairs``, the ones with the highest ``score`` within each value of ``group`` (a
    person, a batch): ``keep`` of each (a number, or one per group value), ties to the lower
    pair index; sorted."""
    order = pairs[np.lexsort((pairs, -score[pairs], group[pairs]))]
    of = group[order]
    rank = np.arange(len(order)) - np.searchsorted(of, of, side="left")
    limit = keep if isinstance(keep, int) else keep[of]
    return np.sort(order[rank < limit])


def priced_pairs(problem: Problem, relaxation: Relaxation, plan: Plan) -> tuple[IntArray, float]:
    """The pairs a plan as good as ``plan`` may use, and the smallest loss of one left out.

    At the LP optimum ``z`` with reduced costs ``d`` (all <= 0), a plan using pair j is worth at
    most ``z + d_j``; a pair with ``z + d_j < plan.objective`` is in no plan as good (the
    lottery stage needs the plans of equal objective too, so they are kept). The rest, best reduced cost first, up to ``MAX_MIP_PAIRS`` (ties by pair index: the same input
    always gives the same pairs), and ``plan``'s own pairs. Infinite loss: none was left out.
    """
    loss = np.maximum(-relaxation.reduced, 0.0)
    useful = loss <= relaxation.bound - plan.objective + 1e-6 * max(1.0, relaxation.bound)
    keep = np.flatnonzero(useful)
    if len(keep) > MAX_MIP_PAIRS:
        order = np.lexsort((keep, np.round(loss[keep], 6)))
        keep = np.sort(keep[order[:MAX_MIP_PAIRS]])
    pairs = np.union1d(keep, pairs_of(problem, plan))
    left_out = np.ones(problem.n_pairs, dtype=bool)
    left_out[pairs] = False
    tau = float(loss[left_out].min()) if left_out.any() else math.inf
    return pairs, tau
