"""The rule an office would use by hand — the baseline the optimal planner is measured against.

Highest score first (lottery order for ties), each into the first batch, in the order the
batches are listed, that has a free seat and that they can attend; stop when the next person
no longer fits in the budget; finally cancel the batches that stayed under their minimum.
"""

from fractions import Fraction

import numpy as np

from gonghui.planner.problem import Plan, Problem, evaluate


def greedy_plan(problem: Problem) -> Plan:
    """The hand-made plan described in the module docstring."""
    n = problem.n_people
    batch_of = np.full(n, -1, dtype=np.int64)
    counts = np.zeros(problem.n_batches, dtype=np.int64)
    options: list[list[tuple[int, int]]] = [[] for _ in range(n)]
    for person, batch, cost in zip(
        problem.pair_person, problem.pair_batch, problem.pair_cost, strict=True
    ):
        options[int(person)].append((int(batch), int(cost)))
    left = problem.budget
    order = sorted(range(n), key=lambda p: (-int(problem.score[p]), -int(problem.lottery[p])))
    for person in order:
        free = [(b, c) for b, c in options[person] if counts[b] < problem.batch_max[b]]
        if not free:
            continue
        batch, cost = free[0]
        if cost > left:
            break
        batch_of[person] = batch
        counts[batch] += 1
        left -= cost
    for batch in range(problem.n_batches):
        if 0 < counts[batch] < problem.batch_min[batch]:
            batch_of[batch_of == batch] = -1
    return evaluate(problem, batch_of)


def simple_bound(problem: Problem) -> int:
    """A proved upper bound without a solver: the smaller of a budget and a seat relaxation.

    Budget: each person at their best value and cheapest cost, filled fractionally by value
    per cent. Seats: the best values that fit into all seats of all batches.
    """
    if problem.n_pairs == 0:
        return 0
    n = problem.n_people
    best = np.zeros(n, dtype=np.int64)
    cheapest = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
    np.maximum.at(best, problem.pair_person, problem.pair_value)
    np.minimum.at(cheapest, problem.pair_person, problem.pair_cost)
    people = [p for p in range(n) if cheapest[p] < np.iinfo(np.int64).max]
    seats = int(problem.batch_max[problem.batch_max >= np.maximum(problem.batch_min, 1)].sum())
    by_seat = sorted((int(best[p]) for p in people), reverse=True)[:seats]
    seat_bound = sum(by_seat)
    left = Fraction(problem.budget)
    knap = Fraction(0)
    for p in sorted(
        people, key=lambda p: Fraction(int(best[p]), max(1, int(cheapest[p]))), reverse=True
    ):
        if left <= 0:
            break
        take = min(Fraction(1), left / max(1, int(cheapest[p])))
        knap += take * int(best[p])
        left -= take * int(cheapest[p])
    return min(seat_bound, int(knap))
