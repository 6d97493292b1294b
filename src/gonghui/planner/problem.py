"""The selection problem as arrays: eligible people, their (person, batch) pairs, costs in cents.

The solvers work on this, not on the JSON: a *pair* is one person who may be placed in one
batch (not unavailable, and affordable on its own).
"""

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from gonghui.planner.eligibility import Standing
from gonghui.planner.instance import Instance

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Problem:
    people: IntArray  # candidate index of each eligible person
    score: IntArray  # priority score per person
    lottery: IntArray  # lottery points per person (distinct, 1..n)
    org: IntArray  # org index per person
    orgs: tuple[str, ...]
    batch_min: IntArray
    batch_max: IntArray
    cost: IntArray  # [org, batch] cents per person
    budget: int
    pair_person: IntArray
    pair_batch: IntArray
    pair_value: IntArray  # score + preferred_batch bonus
    pair_cost: IntArray

    @property
    def n_people(self) -> int:
        return len(self.people)

    @property
    def n_batches(self) -> int:
        return len(self.batch_min)

    @property
    def n_pairs(self) -> int:
        return len(self.pair_person)


def build_problem(instance: Instance, standing: list[Standing]) -> Problem:
    """Arrays for the eligible people of ``instance``, in candidate order."""
    eligible = [i for i, s in enumerate(standing) if s.eligible]
    orgs = tuple(sorted({instance.candidates[i].org for i in eligible}))
    org_index = {org: k for k, org in enumerate(orgs)}
    batches = instance.batches
    cost = np.array(
        [[batch.cost_for(org) for batch in batches] for org in orgs], dtype=np.int64
    ).reshape(len(orgs), len(batches))
    batch_pos = {batch.id: j for j, batch in enumerate(batches)}
    bonus = instance.policy.weights.preferred_batch
    runnable = [batch.max >= max(batch.min, 1) for batch in batches]
    persons: list[int] = []
    pbatch: list[int] = []
    pvalue: list[int] = []
    for local, i in enumerate(eligible):
        candidate = instance.candidates[i]
        blocked = {batch_pos[bid] for bid in candidate.unavailable}
        preferred = {batch_pos[bid] for bid in candidate.preferred}
        o = org_index[candidate.org]
        for j in range(len(batches)):
            if j in blocked or not runnable[j] or cost[o, j] > instance.budget:
                continue
            persons.append(local)
            pbatch.append(j)
            pvalue.append(standing[i].score + (bonus if j in preferred else 0))
    pair_person = np.array(persons, dtype=np.int64)
    pair_batch = np.array(pbatch, dtype=np.int64)
    person_org = np.array([org_index[instance.candidates[i].org] for i in eligible], dtype=np.int64)
    return Problem(
        people=np.array(eligible, dtype=np.int64),
        score=np.array([standing[i].score for i in eligible], dtype=np.int64),
        lottery=np.array([standing[i].lottery for i in eligible], dtype=np.int64),
        org=person_org,
        orgs=orgs,
        batch_min=np.array([b.min for b in batches], dtype=np.int64),
        batch_max=np.array([b.max for b in batches], dtype=np.int64),
        cost=cost,
        budget=instance.budget,
        pair_person=pair_person,
        pair_batch=pair_batch,
        pair_value=np.array(pvalue, dtype=np.int64),
        pair_cost=cost[person_org[pair_person], pair_batch] if persons else np.zeros(0, np.int64),
    )


@dataclass(frozen=True)
class Plan:
    """A batch index per eligible person (-1: not selected) and its exact figures."""

    batch_of: IntArray
    objective: int
    lottery: int
    cost: int


def evaluate(problem: Problem, batch_of: IntArray) -> Plan:
    """Exact figures of an assignment; raise AssertionError if it breaks a hard rule."""
    pair_index = {
        (int(p), int(b)): k
        for k, (p, b) in enumerate(zip(problem.pair_person, problem.pair_batch, strict=True))
    }
    objective = lottery = cost = 0
    counts = np.zeros(problem.n_batches, dtype=np.int64)
    for person, batch in enumerate(batch_of):
        if batch < 0:
            continue
        k = pair_index.get((person, int(batch)))
        if k is None:
            raise AssertionError(f"person {person} placed in batch {batch} they cannot join")
        objective += int(problem.pair_value[k])
        lottery += int(problem.lottery[person])
        cost += int(problem.pair_cost[k])
        counts[batch] += 1
    for j, count in enumerate(counts):
        if count and not problem.batch_min[j] <= count <= problem.batch_max[j]:
            raise AssertionError(f"batch {j} has {count} people outside min/max")
    if cost > problem.budget:
        raise AssertionError(f"cost {cost} exceeds budget {problem.budget}")
    return Plan(batch_of=batch_of, objective=objective, lottery=lottery, cost=cost)
