"""The planner's answer in the contract's shape, with an explanation for every candidate."""

from dataclasses import dataclass
from typing import Any

import numpy as np

from gonghui.planner.eligibility import REASON_TEXT, Standing
from gonghui.planner.instance import Instance
from gonghui.planner.problem import Plan, Problem


def yuan(cents: int) -> str:
    """Cents as the contract's decimal string in yuan."""
    return f"{cents // 100}.{cents % 100:02d}"


def shown(cents: int) -> str:
    """Cents as people read an amount in a sentence: 6,400.00."""
    return f"{cents // 100:,}.{cents % 100:02d}"


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
    selected = Selected.of(standing, candidate_batch, len(batches))
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
                "lottery": s.lottery,
                "message": (
                    f"入选 {batch.id} 批次（{batch.destination}，{batch.start} 出发，"
                    f"{batch.days} 天）{liked}。优先得分 {s.score}，抽签签位 {s.lottery}。"
                ),
            }
        else:
            code, why = _why_not(instance, standing, selected, counts, costs, i)
            explanations[candidate.id] = {
                "eligible": True,
                "selected": False,
                "score": s.score,
                "rank": rank[i],
                "lottery": s.lottery,
                "reason": code,
                "message": f"未入选，候补第 {rank[i]} 位。{why}",
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


# Why an eligible person was left out; the web app cites the 工作方案 clause of each code.
WHY_NOT = {
    "unavailable": "本人不可参加任何批次",
    "not_run": "可参加的批次未开班",
    "below_line": "得分低于入选线",
    "lottery": "同分抽签序号靠后",
    "full": "可参加的批次已满",
    "budget": "预算用尽",
    "not_reached": "求解时限内未安排",
}


@dataclass
class Selected:
    """Per batch, the lowest score selected into it and, per score, the smallest lottery
    number selected with it: a waiting person's line and lottery rivals in one look-up each
    (20,000 candidates would otherwise compare each with every selected person)."""

    line: list[int | None]  # lowest selected score of each batch (None: nobody selected)
    lottery: list[dict[int, int]]  # score -> smallest selected lottery number, per batch

    @classmethod
    def of(cls, standing: list[Standing], candidate_batch: dict[int, int], n: int) -> "Selected":
        line: list[int | None] = [None] * n
        lottery: list[dict[int, int]] = [{} for _ in range(n)]
        for k, j in candidate_batch.items():
            score, drawn = standing[k].score, standing[k].lottery
            current = line[j]
            line[j] = score if current is None else min(current, score)
            lottery[j][score] = min(lottery[j].get(score, drawn), drawn)
        return cls(line, lottery)


def _why_not(
    instance: Instance,
    standing: list[Standing],
    selected: Selected,
    counts: np.ndarray,
    costs: list[int],
    i: int,
) -> tuple[str, str]:
    """(code, words) of why eligible candidate ``i`` was left out; true of this plan.

    The line is the lowest score selected into a batch the person could attend; with the plan
    optimal, a person at or above it was left out by the lottery, full batches or the budget.
    """
    candidate = instance.candidates[i]
    own = standing[i]
    batches = instance.batches
    possible = [
        j
        for j, batch in enumerate(batches)
        if batch.id not in candidate.unavailable and batch.max >= max(batch.min, 1)
    ]
    if not possible:
        return "unavailable", "您所有批次的时间都不方便（或没有可开班的批次），无法安排。"
    running = [j for j in possible if counts[j] > 0]
    names = "、".join(batches[j].id for j in (running or possible)[:8]) + (
        "等" if len(running or possible) > 8 else ""
    )
    if not running:
        return "not_run", f"您可参加的批次（{names}）本次都未开班：预算只够开其他批次。"
    line = min(v for j in running if (v := selected.line[j]) is not None)
    full = all(counts[j] >= batches[j].max for j in running)
    if own.score < line:
        if full:
            return "full", (
                f"您可参加且开班的批次（{names}）都已满员；"
                f"优先得分 {own.score} 低于入选最低分 {line}。"
            )
        return "below_line", f"优先得分 {own.score} 低于入选最低分 {line}。"
    tied = [d[own.score] for j in running if own.score in (d := selected.lottery[j])]
    if own.score == line and tied and min(tied) > own.lottery:
        return "lottery", (
            f"优先得分 {own.score} 与入选最低分相同，同分者按公开抽签决定："
            f"您的签位 {own.lottery}，同分入选者的签位最小为 {min(tied)}（签位大者优先）。"
        )
    if full:
        return "full", f"您可参加且开班的批次（{names}）都已满员。"
    cheapest = min(
        batches[j].cost_for(candidate.org) for j in running if counts[j] < batches[j].max
    )
    left = instance.budget - sum(costs)
    if left < cheapest:
        return "budget", (
            f"优先得分 {own.score} 不低于入选最低分 {line}，但预算已用尽：剩余 {shown(max(left, 0))} 元，"
            f"安排您至少需要 {shown(cheapest)} 元（含差旅），预算内先安排了总得分更高的组合。"
        )
    return "not_reached", ("本次求解在时限内未证明最优，尚有名额和预算未用，建议延长时限重新遴选。")
