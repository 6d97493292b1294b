"""Reads of selection runs and their outcome: a run and its files, the 公示 list, each
candidate's result with reasons in words, invitations, and 职工本人's own results and notices."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from gonghui.core.models import User
from gonghui.core.permissions import requires
from gonghui.core.scope import scoped
from gonghui.recuperation import rules
from gonghui.recuperation.models import (
    SEAT_STATUSES,
    Batch,
    Invitation,
    Notification,
    Plan,
    RunStatus,
    SelectionRun,
    Trip,
    TripLevel,
)
from gonghui.recuperation.models_runs import CandidateOutcome
from gonghui.recuperation.selectors_plans import found, plan_batches, plan_list


def run_get(*, user: User, pk: int) -> SelectionRun:
    runs = SelectionRun.objects.select_related("plan__org", "job").filter(
        plan__in=plan_list(user=user)
    )
    return found(runs, pk, "遴选记录不存在或不在您的管辖范围内")


@dataclass
class RunFigures:
    """What the planner's output says of a run's batches and cost."""

    batches: list[tuple[Batch, dict[str, Any]]]  # each batch with its runs, count and cost
    total_cost: Any  # the output's total cost ("" when the run has no output)


def run_figures(run: SelectionRun) -> RunFigures:
    """The planner's figures of a run: each batch of the plan with its figures (runs, count,
    cost) and the total cost — two keys of the stored output, read in the database rather
    than loading the whole output (megabytes for a province's list)."""
    if "output" in run.__dict__:
        output = run.output or {}
        keys = (output.get("batches"), output.get("total_cost")) if output else None
    else:
        keys = (
            SelectionRun.objects.filter(pk=run.pk)
            .values_list("output__batches", "output__total_cost")
            .first()
        )
    if keys is None or keys == (None, None):
        return RunFigures(batches=[], total_cost="")
    figures = {b["id"]: b for b in keys[0] or []}
    return RunFigures(
        batches=[(b, figures.get(b.code, {})) for b in plan_batches(run.plan)],
        total_cost="" if keys[1] is None else keys[1],
    )


def run_batches(run: SelectionRun) -> list[tuple[Batch, dict[str, Any]]]:
    """Each batch of the run's plan with the planner's figures for it (runs, count, cost)."""
    return run_figures(run).batches


@requires("recuperation.run.download", on="run")
def run_download(*, user: User, run: SelectionRun, part: str) -> bytes:
    """The exact planner input (the bytes input_sha256 hashes) or output of a run. Both hold
    every candidate of the plan, so only the plan's organization and those above it get them."""
    return run_file(run, part)


def run_file(run: SelectionRun, part: str) -> bytes:
    """The bytes of a run's input or output, exactly as hashed (a run stored before the output
    was kept as bytes gets the planner's serialization of its output)."""
    if part == "input":
        return run.input_json.encode()
    if run.output_json:
        return run.output_json.encode()
    from gonghui.planner import serialize

    return serialize(run.output).encode()


@dataclass
class PublicityBatch:
    batch: Batch
    people: list[Invitation]  # those in the viewer's scope
    total: int  # everyone holding a seat in the batch

    @property
    def hidden(self) -> int:
        return self.total - len(self.people)


def publicity(run: SelectionRun, *, user: User) -> list[PublicityBatch]:
    """The published list per batch: name, organization, masked ID (no other PII). People are
    limited to the user's scope (职工本人: themselves); the totals count everyone."""
    seats = run.invitations.filter(status__in=[*SEAT_STATUSES])
    totals = dict(seats.order_by().values_list("batch_id").annotate(n=Count("id")))
    by_batch: dict[int, list[Invitation]] = defaultdict(list)
    for inv in scoped(
        seats.select_related("person__org").order_by("batch__start_date", "person__name_pinyin"),
        user,
        org_field="person__org",
        person_field="person",
    ):
        by_batch[inv.batch_id].append(inv)
    return [
        PublicityBatch(batch=b, people=by_batch.get(b.pk, []), total=totals.get(b.pk, 0))
        for b in plan_batches(run.plan)
    ]


@dataclass
class MyResult:
    plan: Plan
    run: SelectionRun
    explanation: dict[str, Any]
    invitations: list[Invitation]
    reasons: list[str] = field(default_factory=list)
    code: str = ""  # the worker's candidate code in the run's published input


def why_waiting(explanation: dict[str, Any]) -> str:
    """The planner's reason for a waiting candidate, without the rank its message begins with
    ("" for a candidate who is not waiting, or a run stored before reasons were given)."""
    if not explanation.get("reason"):
        return ""
    return str(explanation.get("message", "")).split("。", 1)[-1]


def citations(run: SelectionRun, explanation: dict[str, Any]) -> str:
    """The 工作方案 articles behind an explanation's reason codes (one line, each once)."""
    codes = explanation.get("reasons") or (
        [explanation["reason"]] if explanation.get("reason") else []
    )
    found = (rules.clause_citation(run.plan, code) for code in codes)
    return "；".join(dict.fromkeys(c for c in found if c))


def my_results(*, user: User) -> list[MyResult]:
    """For 职工本人: each published selection, whether they were chosen, score, explanation."""
    if user.person_id is None:
        return []
    runs = (
        SelectionRun.objects.filter(status=RunStatus.PUBLISHED)
        .select_related("plan")
        .order_by("-plan__year")
    )
    mine = {
        o.run_id: o
        for o in CandidateOutcome.objects.filter(
            run__status=RunStatus.PUBLISHED, person_id=user.person_id
        )
    }
    out = []
    for run in runs:
        outcome = mine.get(run.pk)
        explanation = outcome.explanation if outcome is not None else None
        invitations = list(
            Invitation.objects.filter(run=run, person_id=user.person_id).select_related(
                "batch__base", "plan"
            )
        )
        if explanation is None and not invitations:
            continue
        explanation = explanation or {}
        reasons = reason_texts(run, {user.person_id: explanation.get("reasons", [])})[
            user.person_id
        ]
        if explanation.get("eligible") and not explanation.get("selected"):
            if outcome is not None and outcome.waitlist is not None:
                why = why_waiting(explanation) or "名额和预算有限。"
                reasons.append(
                    f"符合条件，得分{explanation.get('score', 0)}分，"
                    f"列候补第{outcome.waitlist}位，有名额空出时将按顺序递补。{why}"
                )
        if citation := citations(run, explanation):
            reasons.append(citation)
        out.append(
            MyResult(
                plan=run.plan,
                run=run,
                explanation=explanation,
                invitations=invitations,
                reasons=reasons,
                code=outcome.code if outcome is not None and explanation else "",
            )
        )
    return out


def trip_text(trip: Trip) -> str:
    """A trip in words, naming its origin: 2025年县级方案（石泉县总工会·宁波工人疗养院）."""
    if trip.batch is not None:
        where = f"{trip.batch.plan.org.name}·{trip.destination}"
    elif trip.outbound is not None:
        where = f"{trip.outbound.org.name}派出·{trip.destination}"
    else:
        where = trip.destination
    return f"{trip.year}年{trip.origin}" + (f"（{where}）" if where else "")


def cooldown_causes(run: SelectionRun, person_ids: Any) -> dict[int, list[str]]:
    """What put each person under the no-repeat rule in this run, as recorded when it ran: their
    trips of any origin in the window and seats held in another plan of the same year."""
    plan = run.plan
    first = plan.year - (int(plan.policy.get("cooldown_years", 2)) - 1)
    ids = list(person_ids)
    causes: dict[int, list[str]] = defaultdict(list)
    if not ids:
        return causes
    trips = (
        Trip.objects.filter(
            person_id__in=ids,
            year__gte=first,
            year__lte=plan.year,
            level__in=[TripLevel.COUNTY, TripLevel.CITY],
            created_at__lte=run.created_at,
        )
        .select_related("batch__plan__org", "outbound__org")
        .order_by("person_id", "-year", "pk")
    )
    for trip in trips:
        causes[trip.person_id].append(trip_text(trip))
    seats = (
        Invitation.objects.filter(
            person_id__in=ids,
            plan__year=plan.year,
            status__in=SEAT_STATUSES,
            invited_at__lte=run.created_at,
        )
        .exclude(plan_id=plan.pk)
        .select_related("plan__org")
        .order_by("person_id", "pk")
    )
    for inv in seats:
        causes[inv.person_id].append(f"本年度已在{inv.plan.org.name}“{inv.plan.title}”中入选")
    return causes


def reason_texts(run: SelectionRun, reasons: dict[int, list[str]]) -> dict[int, list[str]]:
    """The reason codes of each person (id → codes) in words; the no-repeat rule names the
    trips or seats that applied it."""
    causes = cooldown_causes(run, [pk for pk, codes in reasons.items() if "cooldown" in codes])
    out: dict[int, list[str]] = {}
    for pk, codes in reasons.items():
        texts = []
        for code in codes:
            if code == "cooldown" and causes.get(pk):
                texts.append(
                    f"间隔期内已参加或已入选疗休养：{'；'.join(causes[pk])}，按规定本年度不再安排"
                )
            else:
                texts.append(rules.REASON_LABELS.get(code, code))
        out[pk] = texts
    return out


# The run page's 结果 filter (入选, 候补, 不符合条件) on each candidate's outcome.
OUTCOME_FILTERS: dict[str, Q] = {
    "selected": Q(selected=True),
    "waiting": Q(eligible=True, selected=False),
    "ineligible": Q(eligible=False),
}


def run_outcomes(
    run: SelectionRun, *, user: User, outcome: str = "", q: str = ""
) -> QuerySet[CandidateOutcome]:
    """The candidates of a run in the result page's order (selected, waiting in order, the
    others by score), limited to persons in the user's scope, to an outcome (OUTCOME_FILTERS)
    and to those whose name or organization contains `q`."""
    qs = scoped(CandidateOutcome.objects.filter(run=run), user, org_field="person__org")
    if outcome:
        qs = qs.filter(OUTCOME_FILTERS[outcome])
    if q:
        qs = qs.filter(Q(person__name__contains=q) | Q(person__org__name__contains=q))
    return qs.select_related("person__org").order_by("position")


def outcome_rows(run: SelectionRun, outcomes: Iterable[CandidateOutcome]) -> list[dict[str, Any]]:
    """Candidates (one page of them) as the result pages show them: outcome, score, lottery,
    the reasons in words and the 工作方案 articles behind them."""
    outcomes = list(outcomes)
    texts = reason_texts(run, {o.person_id: o.explanation.get("reasons", []) for o in outcomes})
    rows = []
    for o in outcomes:
        e = o.explanation
        why = why_waiting(e)
        rows.append(
            {
                "cid": o.code,
                "person": o.person,
                "eligible": e.get("eligible"),
                "selected": e.get("selected", False),
                "score": e.get("score"),
                "batch": o.batch or None,
                "waitlist": o.waitlist,
                "reasons": [why] if why else texts[o.person_id],
                "reason_code": e.get("reason", ""),
                "lottery": e.get("lottery"),
                "citation": citations(run, e),
            }
        )
    return rows


def explanation_rows(
    run: SelectionRun, *, user: User, limit: int | None = 2000, outcome: str = ""
) -> list[dict[str, Any]]:
    """Candidates of a run with their outcome in the result page's order, limited to persons
    in the user's scope and to an outcome (OUTCOME_FILTERS); the first `limit` of them."""
    qs = run_outcomes(run, user=user, outcome=outcome)
    return outcome_rows(run, qs if limit is None else qs[:limit])


# ---------------------------------------------------------------- invitations and notices


def invitation_list(*, user: User) -> QuerySet[Invitation]:
    """Invitations of people in the user's subtree (职工本人: their own)."""
    qs = Invitation.objects.select_related("person__org", "batch__base", "plan")
    return scoped(qs, user, org_field="person__org", person_field="person")


def invitation_get(*, user: User, pk: int) -> Invitation:
    return found(invitation_list(user=user), pk, "邀请不存在或不在您的管辖范围内")


def plan_invitations(*, user: User, plan: Plan, status: str = "") -> QuerySet[Invitation]:
    """The plan's invitations in the user's subtree (of one status when given), by batch."""
    qs = invitation_list(user=user).filter(plan=plan)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("batch__start_date", "status", "person__name_pinyin")


def notifications_for(*, user: User) -> QuerySet[Notification]:
    """The user's own in-app notifications, newest first."""
    if user.person_id is None:
        return Notification.objects.none()
    return Notification.objects.filter(person_id=user.person_id)


def unread_count(*, user: User) -> int:
    """How many of the user's own notifications are unread."""
    return notifications_for(user=user).filter(read_at__isnull=True).count()


def notification_get(*, user: User, pk: int) -> Notification:
    return found(notifications_for(user=user), pk, "通知不存在")
