"""Given how many people of each org go to each batch, who exactly goes where.

Once the counts per (org, batch) are fixed, costs are fixed too, and the orgs no longer
interact: each org is a small assignment problem, solved exactly here. Objective values and
lottery points are combined as ``value * M + lottery`` with ``M`` above any lottery total, in
integers below 2**53, so the float-based Hungarian method is exact.
"""

import numpy as np
from scipy.optimize import linear_sum_assignment

from gonghui.planner.problem import IntArray, Problem


def assign(problem: Problem, counts: IntArray, pairs: IntArray | None = None) -> IntArray:
    """Batch per person maximizing (objective, lottery) for the given [org, batch] counts.

    ``pairs`` limits the (person, batch) pairs that may be used; raise ValueError if the
    counts cannot be met.
    """
    batch_of = np.full(problem.n_people, -1, dtype=np.int64)
    if pairs is None:
        pairs = np.arange(problem.n_pairs)
    big_m = int(problem.lottery.sum()) + 1
    person_org = problem.org[problem.pair_person[pairs]]
    for o in range(len(problem.orgs)):
        need = counts[o]
        if need.sum() == 0:
            continue
        mine = pairs[person_org == o]
        people = np.unique(problem.pair_person[mine])
        slots = np.repeat(np.arange(problem.n_batches), need)
        if len(slots) > len(people):
            raise ValueError("more seats than people for an org")
        row_of = np.full(problem.n_people, -1, dtype=np.int64)
        row_of[people] = np.arange(len(people))
        first_slot = np.concatenate(([0], np.cumsum(need)))
        mine = mine[need[problem.pair_batch[mine]] > 0]
        gain = problem.pair_value[mine] * big_m + problem.lottery[problem.pair_person[mine]]
        forbidden = float((int(gain.max(initial=0)) + 1) * (len(slots) + 1))
        weight = np.full((len(people), len(slots)), forbidden)
        width = need[problem.pair_batch[mine]]
        offsets = np.arange(int(width.sum())) - np.repeat(np.cumsum(width) - width, width)
        cells_row = np.repeat(row_of[problem.pair_person[mine]], width)
        cells_col = np.repeat(first_slot[problem.pair_batch[mine]], width) + offsets
        weight[cells_row, cells_col] = -np.repeat(gain, width).astype(np.float64)
        rows, cols = linear_sum_assignment(weight)
        if np.any(weight[rows, cols] >= forbidden):
            raise ValueError("the counts cannot be met with the allowed pairs")
        batch_of[people[rows]] = slots[cols]
    return batch_of
