"""The planner's answer in the contract's shape, with an explanation for every candidate."""

from typing import Any

import numpy as np

from gonghui.planner.eligibility import REASON_TEXT, Standing
from gonghui.planner.instance import Instance
from gonghui.planner.problem import Plan, Problem


def yuan(cents: int) -> str:
    """Cents as the contract's decimal string in yuan."""
    return f"{cents // 100}.{cents % 100:02d}"


def build_output(
    instance: Instance,
    standing: list[Standing],
    problem: Problem,
    plan: Plan,
    *,
    status: str,
    bound: int,
) -> dict[str, Any]:
    """The output dict, keys in the contract's order."""
    batches = instance.batches
    candidate_batch: dict[int, int] = {
        int(problem.people[p]): int(b) for p, b in enumerate(plan.batch_of) if b >= 0
    }
    counts = np.zeros(len(batches), dtype=np.int64)
    costs = [0] * len(batches)
    for i, j in candidate_batch.items():
        counts[j] += 1
        costs[j] += batches[j].cost_for(instance.candidates[i].org)
    assignments = [
        {"candidate": candidate.id, "batch": batches[candidate_batch[i]].id}
        for i, candidate in enumerate(instance.candidates)
        if i in candidate_batch
    ]
    waiting = sorted(
        (i for i, s in enumerate(standing) if s.eligible and i not in candidate_batch),
        key=lambda i: (-standing[i].score, -standing[i].lottery),
    )
    rank = {i: k + 1 for k, i in enumerate(waiting)}
    selected_scores = [standing[i].score for i in candidate_batch]
    lowest = min(selected_scores) if selected_scores else None
    explanations: dict[str, dict[str, Any]] = {}
    for i, candidate in enumerate(instance.candidates):
        s = standing[i]
        if not s.eligible:
            explanations[candidate.id] = {
                "eligible": False,
                "reasons": list(s.reasons),
                "message": "不符合本年度疗休养条件："
                + "；".join(REASON_TEXT[r] for r in s.reasons)
                + "。",
            }
        elif i in candidate_batch:
            batch = batches[candidate_batch[i]]
            liked = "，是您的意向批次" if batch.id in candidate.preferred else ""
            explanations[candidate.id] = {
                "eligible": True,
                "selected": True,
                "score": s.score,
                "message": (
                    f"入选 {batch.id} 批次（{batch.destination}，{batch.start} 出发，"
                    f"{batch.days} 天）{liked}。优先得分 {s.score}，抽签签位 {s.lottery}。"
                ),
            }
        else:
            explanations[candidate.id] = {
                "eligible": True,
                "selected": False,
                "score": s.score,
                "rank": rank[i],
                "message": f"未入选，候补第 {rank[i]} 位。"
                + _why_not(instance, candidate_batch, counts, i, s, lowest),
            }
    return {
        "status": status,
        "objective": plan.objective,
        "bound": bound,
        "assignments": assignments,
        "batches": [
            {
                "id": batch.id,
                "runs": bool(counts[j] > 0),
                "count": int(counts[j]),
                "cost": yuan(costs[j]),
            }
            for j, batch in enumerate(batches)
        ],
        "total_cost": yuan(sum(costs)),
        "waitlist": [instance.candidates[i].id for i in waiting],
        "explanations": explanations,
    }


def _why_not(
    instance: Instance,
    candidate_batch: dict[int, int],
    counts: np.ndarray,
    i: int,
    standing: Standing,
    lowest: int | None,
) -> str:
    """Why an eligible person was not selected, in words a person understands."""
    candidate = instance.candidates[i]
    possible = [
        j
        for j, batch in enumerate(instance.batches)
        if batch.id not in candidate.unavailable and batch.max >= max(batch.min, 1)
    ]
    if not possible:
        return "您所有批次的时间都不方便（或没有可开班的批次），无法安排。"
    running = [j for j in possible if counts[j] > 0]
    names = "、".join(instance.batches[j].id for j in possible[:8]) + (
        "等" if len(possible) > 8 else ""
    )
    if not running:
        return f"您可参加的批次（{names}）本次都未开班：预算只够开其他批次。"
    if lowest is None:
        return "本次预算不足以开办任何批次。"
    if standing.score < lowest:
        return f"优先得分 {standing.score} 低于入选最低分 {lowest}。"
    if all(counts[j] >= instance.batches[j].max for j in running):
        return "您可参加且开班的批次都已满员。"
    cheapest = min(instance.batches[j].cost_for(candidate.org) for j in running)
    if standing.score == lowest:
        return (
            f"优先得分 {standing.score} 与入选最低分相同，同分者按公开抽签决定，"
            f"您的签位 {standing.lottery} 靠后（或所需费用 {yuan(cheapest)} 元较高）。"
        )
    return (
        f"优先得分 {standing.score} 不低于入选最低分 {lowest}，但预算有限：安排您至少需要 "
        f"{yuan(cheapest)} 元（含差旅），在预算内先安排了总得分更高的组合。"
    )
