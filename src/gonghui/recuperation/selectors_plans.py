"""Reads of plans and batches: which plans a user sees, their versions, batches and seat counts,
the candidates and their time preferences, the base catalog, and a batch's people.

Plans belong to the federation that drew them up (the city, or a county for its own subtree);
every officer whose organization lies under it sees the plan, but people (invitations, needs,
feedback) only within their subtree. Bases are one shared catalog.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import Count, Model, Q, QuerySet
from django.http import Http404

from gonghui.core.models import Organization, Person, Role, User
from gonghui.core.scope import scope_q, scoped
from gonghui.honors import registry
from gonghui.recuperation.models import (
    SEAT_STATUSES,
    Availability,
    Base,
    Batch,
    Invitation,
    InvitationStatus,
    Plan,
    PlanStatus,
    RunStatus,
    SelectionRun,
)

M = TypeVar("M", bound=Model)


def found(qs: QuerySet[M], pk: int, missing: str) -> M:
    """The record `pk` of `qs` (already limited to what the user may see), else a 404 saying
    `missing` (never whether it exists elsewhere)."""
    record = qs.filter(pk=pk).first()
    if record is None:
        raise Http404(missing)
    return record


def _path_ids(org: Organization) -> list[int]:
    """The ids of the organization and those above it (its materialized path)."""
    return [int(p) for p in org.path.strip("/").split("/") if p]


def plan_list(*, user: User) -> QuerySet[Plan]:
    """Plans drawn up by the user's organization, an ancestor of it, or within its subtree."""
    if not user.is_authenticated or user.role == Role.MEMBER or user.organization is None:
        return Plan.objects.none()
    q = Q(org_id__in=_path_ids(user.organization)) | scope_q(user)
    return Plan.objects.filter(q).select_related("org", "previous")


def plans_open_to(*, user: User) -> QuerySet[Plan]:
    """Plans whose 公示 a user may open: an officer's plans (plan_list); for 职工本人 the plans
    drawn up by the federation of their own union or one above it."""
    if not user.is_authenticated:
        return Plan.objects.none()
    if user.role != Role.MEMBER:
        return plan_list(user=user)
    org = user.organization
    if user.person_id is not None:
        person = Person.objects.select_related("org").filter(pk=user.person_id).first()
        org = person.org if person is not None else org
    if org is None:
        return Plan.objects.none()
    return Plan.objects.filter(org_id__in=_path_ids(org)).select_related("org", "previous")


def plan_open_to_get(*, user: User, pk: int) -> Plan:
    """A plan whose 公示 the user may open (plans_open_to)."""
    return found(plans_open_to(user=user), pk, "方案不存在或不在您的范围内")


def plan_get(*, user: User, pk: int) -> Plan:
    return found(plan_list(user=user), pk, "方案不存在或不在您的管辖范围内")


def batch_get(*, user: User, pk: int) -> Batch:
    batches = Batch.objects.select_related("plan__org", "base").filter(
        plan__in=plan_list(user=user)
    )
    return found(batches, pk, "批次不存在或不在您的管辖范围内")


def plan_batches(plan: Plan) -> list[Batch]:
    """The plan's batches with their bases, in the order they leave."""
    return list(plan.batches.select_related("base").order_by("start_date", "code"))


def next_batch_code(plan: Plan) -> str:
    """The code offered for a new batch of the plan: B1, B2 …"""
    return f"B{plan.batches.count() + 1}"


def plan_runs(plan: Plan) -> QuerySet[SelectionRun]:
    """The plan's selection runs, newest first."""
    return plan.runs.select_related("job")


def published_run(plan: Plan) -> SelectionRun | None:
    return plan.runs.filter(status=RunStatus.PUBLISHED).first()


def current_plan(*, org: Organization, year: int) -> Plan | None:
    """The organization's current (not superseded) plan of the year."""
    return Plan.objects.filter(org=org, year=year).exclude(status=PlanStatus.SUPERSEDED).first()


def plan_versions(plan: Plan) -> list[Plan]:
    """Every version of the plan (same organization and year), newest first."""
    return list(Plan.objects.filter(org_id=plan.org_id, year=plan.year).order_by("-version"))


@dataclass
class BatchSeats:
    batch: Batch
    invited: int = 0
    confirmed: int = 0
    declined: int = 0
    attended: int = 0

    @property
    def held(self) -> int:
        return self.invited + self.confirmed


def batch_seats(plan: Plan) -> list[BatchSeats]:
    """Seat counts per batch of the plan (one query)."""
    rows = {b.pk: BatchSeats(batch=b) for b in plan.batches.select_related("base")}
    for batch_id, status, attended, n in (
        Invitation.objects.filter(plan=plan)
        .values_list("batch_id", "status", "attended")
        .annotate(n=Count("id"))
    ):
        seats = rows[batch_id]
        if status == InvitationStatus.INVITED:
            seats.invited += n
        elif status == InvitationStatus.CONFIRMED:
            seats.confirmed += n
            if attended:
                seats.attended += n
        else:
            seats.declined += n
    return list(rows.values())


# ---------------------------------------------------------------- candidates and preferences


def plan_candidates(*, user: User, plan: Plan) -> QuerySet[Any]:
    """Model workers the plan may select (its organization's subtree) within the user's scope."""
    qs = registry.model_workers(within=plan.org)
    return scoped(qs, user, org_field="person__org").order_by("person__name_pinyin")


def person_among(qs: QuerySet[Any], person_id: int | None) -> Person | None:
    """The person `person_id` if one of `qs`'s rows (model workers, trips …) is theirs."""
    if person_id is None:
        return None
    row = qs.filter(person_id=person_id).select_related("person").first()
    return row.person if row is not None else None


def plan_candidate(*, user: User, plan: Plan, person_id: int | None) -> Person | None:
    """One of the plan's candidates in the user's scope, by person id."""
    return person_among(plan_candidates(user=user, plan=plan), person_id)


@dataclass
class Preferences:
    """A person's time preferences for a plan: batch ids, and whether they entered them."""

    unavailable: set[int]
    preferred: set[int]
    self_service: bool = False


NO_PREFERENCES = Preferences(unavailable=set(), preferred=set())


def plan_preferences(plan: Plan, person_ids: list[int] | None = None) -> dict[int, Preferences]:
    """Person id → time preferences entered for the plan (only `person_ids` when given)."""
    avails = Availability.objects.filter(plan=plan)
    if person_ids is not None:
        avails = avails.filter(person_id__in=person_ids)
    return {
        a.person_id: Preferences(
            unavailable={b.pk for b in a.unavailable.all()},
            preferred={b.pk for b in a.preferred.all()},
            self_service=a.self_service,
        )
        for a in avails.prefetch_related("unavailable", "preferred")
    }


def candidate_rows(*, user: User, plan: Plan, limit: int = 500) -> list[dict[str, Any]]:
    """The plan's candidates in the user's scope with their time preferences."""
    workers = list(plan_candidates(user=user, plan=plan)[:limit])
    prefs = plan_preferences(plan, [mw.person_id for mw in workers])
    rows = []
    for mw in workers:
        p = prefs.get(mw.person_id, NO_PREFERENCES)
        rows.append({"mw": mw, "un": p.unavailable, "pre": p.preferred, "self": p.self_service})
    return rows


def my_open_plans(*, user: User) -> list[dict[str, Any]]:
    """For 职工本人: the approved plans open to them (collecting time preferences), with the
    batches and what they chose."""
    if not user.person_id:
        return []
    plans = plans_open_to(user=user).filter(status=PlanStatus.APPROVED)
    out = []
    for plan in plans.prefetch_related("batches"):
        p = plan_preferences(plan, [user.person_id]).get(user.person_id, NO_PREFERENCES)
        out.append(
            {
                "plan": plan,
                "batches": list(plan.batches.all()),
                "un": p.unavailable,
                "pre": p.preferred,
            }
        )
    return out


def my_open_plan(*, user: User, pk: int) -> Plan | None:
    """An approved plan open to 职工本人 for their time preferences."""
    if not user.person_id:
        return None
    return plans_open_to(user=user).filter(pk=pk, status=PlanStatus.APPROVED).first()


# ---------------------------------------------------------------- bases


def base_list() -> QuerySet[Base]:
    """The shared catalog of bases: every staff user may plan a batch at any of them."""
    return Base.objects.select_related("org").annotate(batch_count=Count("batches"))


def base_get(*, pk: int) -> Base:
    """Bases serve the whole city: every officer sees them (changes follow the owner)."""
    return found(base_list(), pk, "基地不存在")


def base_batch_count(base: Base) -> int:
    """How many batches (of any plan) use the base."""
    return base.batches.count()


# ---------------------------------------------------------------- a batch's people


def _people_scoped(qs: QuerySet[Invitation], user: User) -> QuerySet[Invitation]:
    return scoped(qs, user, org_field="person__org", person_field="person")


def batch_roster(batch: Batch, *, user: User) -> QuerySet[Invitation]:
    """Everyone invited to a batch (any status) within the user's subtree, with needs."""
    qs = batch.invitations.select_related("person__org", "need").order_by(
        "status", "person__name_pinyin"
    )
    return scoped(qs, user, org_field="person__org")


def batch_member(batch: Batch, person_id: int | None) -> Invitation | None:
    """The invitation of the person to the batch (any status), if any."""
    if person_id is None:
        return None
    return batch.invitations.select_related("person__org").filter(person_id=person_id).first()


def final_roster(batch: Batch, *, user: User) -> QuerySet[Invitation]:
    """The confirmed participants of a batch (参加人员名单) within the user's scope."""
    qs = (
        batch.invitations.filter(status=InvitationStatus.CONFIRMED)
        .select_related("person__org", "need")
        .order_by("person__name_pinyin", "id")
    )
    return _people_scoped(qs, user)


def batch_feedback(batch: Batch, *, user: User) -> QuerySet[Invitation]:
    """Feedback given on a batch by people within the user's scope."""
    qs = batch.invitations.filter(feedback__isnull=False).select_related("feedback", "person")
    return _people_scoped(qs, user)


def host_needs(batch: Batch) -> list[Invitation]:
    """The roster of a batch with needs (confirmed, then invited), for the host."""
    return list(
        batch.invitations.filter(status__in=[*SEAT_STATUSES])
        .select_related("person__org", "need")
        .order_by("status", "person__name_pinyin")
    )
