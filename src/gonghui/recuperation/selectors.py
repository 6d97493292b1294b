"""Reads for 劳模疗休养, limited to what the user may see.

Plans belong to the federation that drew them up (the city, or a county for its own subtree);
every officer whose organization lies under it sees the plan, but people (invitations, needs,
feedback) only within their subtree. Bases are one shared catalog; exchange agreements and
inbound groups follow the subtree of the organization that recorded them.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet, Sum
from django.http import Http404

from gonghui.core.models import Organization, Person, Role, User
from gonghui.core.permissions import authorize, requires
from gonghui.core.scope import scoped
from gonghui.recuperation import rules
from gonghui.recuperation.models import (
    SEAT_STATUSES,
    Base,
    Batch,
    ExchangeAgreement,
    Feedback,
    InboundGroup,
    Invitation,
    InvitationStatus,
    Notification,
    OutboundGroup,
    Plan,
    PlanStatus,
    RunStatus,
    SelectionRun,
    Trip,
    TripLevel,
)
from gonghui.recuperation.services import person_id_of


def _ancestor_ids(user: User) -> list[int]:
    if user.organization is None:
        return []
    return [int(p) for p in user.organization.path.strip("/").split("/") if p]


def plan_list(*, user: User) -> QuerySet[Plan]:
    """Plans drawn up by the user's organization, an ancestor of it, or within its subtree."""
    if not user.is_authenticated or user.role == Role.MEMBER or user.organization is None:
        return Plan.objects.none()
    q = Q(org_id__in=_ancestor_ids(user)) | Q(org__path__startswith=user.organization.path)
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
    ids = [int(p) for p in org.path.strip("/").split("/") if p]
    return Plan.objects.filter(org_id__in=ids).select_related("org", "previous")


def plan_get(*, user: User, pk: int) -> Plan:
    plan = plan_list(user=user).filter(pk=pk).first()
    if plan is None:
        raise Http404("方案不存在或不在您的管辖范围内")
    return plan


def batch_get(*, user: User, pk: int) -> Batch:
    batch = (
        Batch.objects.select_related("plan__org", "base")
        .filter(plan__in=plan_list(user=user), pk=pk)
        .first()
    )
    if batch is None:
        raise Http404("批次不存在或不在您的管辖范围内")
    return batch


def run_get(*, user: User, pk: int) -> SelectionRun:
    run = (
        SelectionRun.objects.select_related("plan__org", "job")
        .filter(plan__in=plan_list(user=user), pk=pk)
        .first()
    )
    if run is None:
        raise Http404("遴选记录不存在或不在您的管辖范围内")
    return run


def invitation_list(*, user: User) -> QuerySet[Invitation]:
    """Invitations of people in the user's subtree (职工本人: their own)."""
    qs = Invitation.objects.select_related("person__org", "batch__base", "plan")
    return scoped(qs, user, org_field="person__org", person_field="person")


def invitation_get(*, user: User, pk: int) -> Invitation:
    inv = invitation_list(user=user).filter(pk=pk).first()
    if inv is None:
        raise Http404("邀请不存在或不在您的管辖范围内")
    return inv


@requires("recuperation.run.download", on="run")
def run_download(*, user: User, run: SelectionRun, part: str) -> bytes:
    """The exact planner input (the bytes input_sha256 hashes) or output of a run. Both hold
    every candidate of the plan, so only the plan's organization and those above it get them."""
    if part == "input":
        return run.input_json.encode()
    return json.dumps(run.output, ensure_ascii=False, indent=1, sort_keys=True).encode()


def plan_candidates(*, user: User, plan: Plan) -> QuerySet[Any]:
    """Model workers the plan may select (its organization's subtree) within the user's scope."""
    from gonghui.honors.models import ModelWorker

    qs = ModelWorker.objects.select_related("person__org").filter(
        level__isnull=False, person__org__path__startswith=plan.org.path
    )
    return scoped(qs, user, org_field="person__org").order_by("person__name_pinyin")


def base_list() -> QuerySet[Base]:
    """The shared catalog of bases: every staff user may plan a batch at any of them."""
    return Base.objects.select_related("org").annotate(batch_count=Count("batches"))


def base_get(*, pk: int) -> Base:
    """Bases serve the whole city: every officer sees them (changes follow the owner)."""
    base = base_list().filter(pk=pk).first()
    if base is None:
        raise Http404("基地不存在")
    return base


def exchange_list(*, user: User) -> QuerySet[ExchangeAgreement]:
    """Agreements signed by the user's organization or one below it."""
    qs = ExchangeAgreement.objects.select_related("org").annotate(inbound_count=Count("inbound"))
    return scoped(qs, user)


def exchange_get(*, user: User, pk: int) -> ExchangeAgreement:
    agreement = exchange_list(user=user).filter(pk=pk).first()
    if agreement is None:
        raise Http404("互派协议不存在或不在您的管辖范围内")
    return agreement


def inbound_list(*, user: User, year: int | None = None) -> QuerySet[InboundGroup]:
    """Groups received by the user's organization or one below it (in `year`)."""
    qs = scoped(InboundGroup.objects.select_related("agreement", "org"), user)
    return qs.filter(start_date__year=year) if year else qs


def outbound_list(*, user: User, year: int | None = None) -> QuerySet[OutboundGroup]:
    """Groups sent by the user's organization or one below it (leaving in `year`)."""
    qs = scoped(
        OutboundGroup.objects.select_related("agreement", "org").annotate(size=Count("trips")),
        user,
    )
    return qs.filter(start_date__year=year) if year else qs


def outbound_get(*, user: User, pk: int) -> OutboundGroup:
    group = outbound_list(user=user).filter(pk=pk).first()
    if group is None:
        raise Http404("互派外出团组不存在或不在您的管辖范围内")
    return group


def outbound_participants(group: OutboundGroup) -> QuerySet[Trip]:
    """The people of an outbound group (the group's organization lies in the viewer's scope)."""
    return group.trips.select_related("person__org").order_by("person__name_pinyin", "pk")


def outbound_candidates(*, user: User, group: OutboundGroup) -> QuerySet[Any]:
    """Model workers the group may take (the sending organization's subtree, in the user's
    scope), not yet in it."""
    from gonghui.honors.models import ModelWorker

    qs = (
        ModelWorker.objects.select_related("person__org")
        .filter(level__isnull=False, person__org__path__startswith=group.org.path)
        .exclude(person__recuperation_trips__outbound=group)
    )
    return scoped(qs, user, org_field="person__org").order_by("person__name_pinyin")


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
        for b in run.plan.batches.select_related("base").order_by("start_date", "code")
    ]


@dataclass
class MyResult:
    plan: Plan
    run: SelectionRun
    explanation: dict[str, Any]
    invitations: list[Invitation]
    reasons: list[str] = field(default_factory=list)


def my_results(*, user: User) -> list[MyResult]:
    """For 职工本人: each published selection, whether they were chosen, score, explanation."""
    if user.person_id is None:
        return []
    out = []
    cid = f"P{user.person_id:06d}"
    for run in (
        SelectionRun.objects.filter(status=RunStatus.PUBLISHED)
        .select_related("plan")
        .order_by("-plan__year")
    ):
        explanation = run.output.get("explanations", {}).get(cid)
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
            waitlist = run.output.get("waitlist", [])
            if cid in waitlist:
                reasons.append(
                    f"符合条件，得分{explanation.get('score', 0)}分；名额和预算有限，"
                    f"列候补第{waitlist.index(cid) + 1}位，有名额空出时将按顺序递补"
                )
        out.append(
            MyResult(
                plan=run.plan,
                run=run,
                explanation=explanation,
                invitations=invitations,
                reasons=reasons,
            )
        )
    return out


def notifications_for(*, user: User) -> QuerySet[Notification]:
    """The user's own in-app notifications, newest first."""
    if user.person_id is None:
        return Notification.objects.none()
    return Notification.objects.filter(person_id=user.person_id)


def notification_get(*, user: User, pk: int) -> Notification:
    notice = notifications_for(user=user).filter(pk=pk).first()
    if notice is None:
        raise Http404("通知不存在")
    return notice


def final_roster(batch: Batch, *, user: User) -> QuerySet[Invitation]:
    """The confirmed participants of a batch (参加人员名单) within the user's scope."""
    qs = (
        batch.invitations.filter(status=InvitationStatus.CONFIRMED)
        .select_related("person__org", "need")
        .order_by("person__name_pinyin", "id")
    )
    return scoped(qs, user, org_field="person__org", person_field="person")


def batch_feedback(batch: Batch, *, user: User) -> QuerySet[Invitation]:
    """Feedback given on a batch by people within the user's scope."""
    qs = batch.invitations.filter(feedback__isnull=False).select_related("feedback", "person")
    return scoped(qs, user, org_field="person__org", person_field="person")


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


def explanation_rows(run: SelectionRun, *, user: User, limit: int = 2000) -> list[dict[str, Any]]:
    """Candidates of a run with their outcome, limited to persons in the user's scope."""
    from gonghui.core.models import Person

    explanations = run.output.get("explanations", {})
    ids = [person_id_of(c) for c in explanations]
    persons = {
        p.pk: p for p in scoped(Person.objects.select_related("org"), user).filter(pk__in=ids)
    }
    assigned = {a["candidate"]: a["batch"] for a in run.output.get("assignments", [])}
    waitlist = {c: i + 1 for i, c in enumerate(run.output.get("waitlist", []))}
    texts = reason_texts(
        run,
        {
            pk: e.get("reasons", [])
            for cid, e in explanations.items()
            if (pk := person_id_of(cid)) in persons
        },
    )
    rows = []
    for cid, e in explanations.items():
        person = persons.get(person_id_of(cid))
        if person is None:
            continue
        rows.append(
            {
                "cid": cid,
                "person": person,
                "eligible": e.get("eligible"),
                "selected": e.get("selected", False),
                "score": e.get("score"),
                "batch": assigned.get(cid),
                "waitlist": waitlist.get(cid),
                "reasons": texts[person.pk],
            }
        )
    rows.sort(
        key=lambda r: (not r["selected"], r["waitlist"] or 10**6, -(r["score"] or -1), r["cid"])
    )
    return rows[:limit]


def host_needs(batch: Batch) -> list[Invitation]:
    """The roster of a batch with needs (confirmed, then invited), for the host."""
    return list(
        batch.invitations.filter(status__in=[*SEAT_STATUSES])
        .select_related("person__org", "need")
        .order_by("status", "person__name_pinyin")
    )


# ---------------------------------------------------------------- the year in numbers


@dataclass
class YearReport:
    year: int
    plans: list[Plan] = field(default_factory=list)  # current plans owned in the subtree
    budget: Decimal = Decimal(0)
    planned_cost: Decimal = Decimal(0)
    actual_cost: Decimal = Decimal(0)
    outbound_people: int = 0
    outbound_batches: int = 0
    frontline_share: float = 0.0
    never_been_share: float = 0.0
    by_county: list[tuple[str, int]] = field(default_factory=list)
    by_level: list[tuple[str, int]] = field(default_factory=list)
    batches: list[dict[str, Any]] = field(default_factory=list)
    inbound_batches: int = 0
    inbound_people: int = 0
    inbound_spending: Decimal = Decimal(0)
    feedback: list[Any] = field(default_factory=list)
    feedback_by_base: list[Any] = field(default_factory=list)


def batch_costs(batch: Batch, seats: BatchSeats | None = None) -> dict[str, Any]:
    """A batch's confirmed and attended people, planned and actual cost and the variance."""
    planned = batch.invitations.filter(status=InvitationStatus.CONFIRMED).aggregate(s=Sum("cost"))[
        "s"
    ] or Decimal(0)
    travel = batch.invitations.filter(attended=True).aggregate(s=Sum("travel_reimbursed"))[
        "s"
    ] or Decimal(0)
    actual = (batch.actual_accommodation or Decimal(0)) + travel
    if seats is None:
        seats = next(s for s in batch_seats(batch.plan) if s.batch.pk == batch.pk)
    return {
        "batch": batch,
        "confirmed": seats.confirmed,
        "attended": seats.attended,
        "planned": planned,
        "actual": actual,
        "variance": actual - planned if batch.actual_accommodation is not None else None,
    }


def year_report(*, user: User, year: int) -> YearReport:
    """The year within the user's subtree: its people who went (on any plan), the budget and
    costs of the plans it drew up, the groups it received, its people's feedback."""
    from gonghui.honors.models import ModelWorker

    authorize(user, "recuperation.report.view")
    assert user.organization is not None  # the table allows no role without one here
    path = user.organization.path
    report = YearReport(year=year)
    inbound = (
        scoped(InboundGroup.objects.filter(start_date__year=year), user)
        .order_by()
        .aggregate(n=Count("id"), people=Sum("size"), spending=Sum("local_spending"))
    )
    report.inbound_batches = inbound["n"] or 0
    report.inbound_people = inbound["people"] or 0
    report.inbound_spending = inbound["spending"] or Decimal(0)

    went = list(
        scoped(
            Invitation.objects.filter(plan__year=year, attended=True),
            user,
            org_field="person__org",
        ).select_related("person__org", "batch")
    )
    report.outbound_people = len(went)
    report.outbound_batches = len({inv.batch_id for inv in went})
    county_names = dict(Organization.objects.filter(depth=1).values_list("pk", "name"))
    counties: dict[str, int] = defaultdict(int)
    for inv in went:
        parts = [p for p in inv.person.org.path.strip("/").split("/") if p]
        counties[county_names.get(int(parts[1]), "市直") if len(parts) > 1 else "市直"] += 1
    report.by_county = sorted(counties.items(), key=lambda kv: -kv[1])
    levels: dict[str, int] = defaultdict(int)
    mw = dict(
        ModelWorker.objects.filter(person_id__in=[i.person_id for i in went]).values_list(
            "person_id", "level"
        )
    )
    level_names = {1: "国家级", 2: "省级", 3: "市级", 4: "县级", 5: "其他"}
    for inv in went:
        levels[level_names.get(mw.get(inv.person_id) or 0, "未定级")] += 1
    report.by_level = sorted(levels.items())
    if went:
        report.frontline_share = sum(1 for i in went if i.person.frontline) / len(went)
        earlier = set(
            Trip.objects.filter(
                person_id__in=[i.person_id for i in went], year__lt=year
            ).values_list("person_id", flat=True)
        )
        report.never_been_share = sum(1 for i in went if i.person_id not in earlier) / len(went)

    report.plans = list(
        Plan.objects.filter(year=year, org__path__startswith=path)
        .exclude(status=PlanStatus.SUPERSEDED)
        .select_related("org")
        .order_by("org__path", "pk")
    )
    for plan in report.plans:
        report.budget += plan.budget
        for seats in batch_seats(plan):
            row = batch_costs(seats.batch, seats)
            report.planned_cost += row["planned"]
            report.actual_cost += row["actual"]
            report.batches.append(row)

    feedback = scoped(
        Feedback.objects.filter(invitation__plan__year=year),
        user,
        org_field="invitation__person__org",
    )
    report.feedback = list(
        feedback.values("invitation__batch__code")
        .annotate(n=Count("id"), avg=Avg("satisfaction"))
        .order_by("invitation__batch__code")
    )
    report.feedback_by_base = list(
        feedback.values("invitation__batch__base__name")
        .annotate(n=Count("id"), avg=Avg("satisfaction"))
        .order_by("invitation__batch__base__name")
    )
    return report
