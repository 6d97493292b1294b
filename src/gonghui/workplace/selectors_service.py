"""Reads of 劳模工匠助企行, already limited to the user's subtree: squads and their members,
needs and their history, the employer a need is filed for, and the squads suggested for a
need (by the fit of members' skills and the squad's fields, then by open load)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet, Subquery

from gonghui.core import crypto
from gonghui.core.errors import DomainError
from gonghui.core.models import Employer, Organization, OrgKind, Role, User
from gonghui.core.scope import scoped
from gonghui.core.validators import normalize_text, parse_id_number
from gonghui.honors.models import HonorLevel, ModelWorker
from gonghui.workplace.models import (
    Field,
    Need,
    NeedStatus,
    NeedStep,
    NeedStepKind,
    Squad,
    SquadMember,
)

# A squad's open load: the needs it holds and has not served yet.
OPEN = (NeedStatus.ASSIGNED, NeedStatus.ACCEPTED)
SUGGESTED = 3


def field_labels(values: list[str] | None) -> str:
    """["it", "safety"] → 信息技术、安全生产 (unknown values as they are)."""
    labels = dict(Field.choices)
    return "、".join(str(labels.get(v, v)) for v in values or [])


def _branch(org_id: str) -> Subquery:
    """The path of a chosen organization (the filter's tree keeps it in the user's subtree)."""
    return Subquery(Organization.objects.filter(pk=org_id).values("path")[:1])


# ---------------------------------------------------------------- employers


def need_org_for(employer: Employer) -> Organization:
    """The organization an employer's need belongs to: the employer's own grassroots union
    (so its chair sees it), else the organization the employer is recorded under."""
    union = (
        Organization.objects.filter(
            employer=employer,
            kind=OrgKind.GRASSROOTS,
            is_active=True,
            path__startswith=employer.org.path,
        )
        .order_by("pk")
        .first()
    )
    return union or employer.org


def chair_employer(*, user: User) -> Employer | None:
    """A grassroots chair's own enterprise (their union's employer); None for other roles."""
    if user.role != Role.GRASSROOTS_CHAIR or user.organization is None:
        return None
    return user.organization.employer


# ---------------------------------------------------------------- squads


def _members() -> Prefetch[str, QuerySet[SquadMember], str]:
    return Prefetch(
        "members",
        queryset=SquadMember.objects.select_related("model_worker__person__org").order_by(
            "model_worker__level", "pk"
        ),
    )


def squad_list(
    *,
    user: User,
    q: str = "",
    field: str = "",
    active: str = "",
    org: str = "",
) -> QuerySet[Squad]:
    """Squads of the user's subtree, with their member count and open load."""
    qs = scoped(Squad.objects.select_related("org", "leader__person"), user).annotate(
        member_count=Count("members", distinct=True),
        load=Count("needs", filter=Q(needs__status__in=OPEN), distinct=True),
        served=Count(
            "needs",
            filter=Q(needs__status__in=[NeedStatus.DONE, NeedStatus.CONFIRMED]),
            distinct=True,
        ),
    )
    if q:
        qs = qs.filter(
            Q(name__icontains=q) | Q(members__model_worker__person__name__icontains=q)
        ).distinct()
    if field:
        # JSON text of the list: '"it"' matches the value it, never part of another.
        qs = qs.filter(fields__icontains=f'"{field}"')
    if active in {"1", "0"}:
        qs = qs.filter(is_active=active == "1")
    if org:
        qs = qs.filter(org__path__startswith=_branch(org))
    return qs.order_by("org__path", "name", "pk")


def squad_get(*, user: User, pk: int) -> Squad:
    return squad_list(user=user).prefetch_related(_members()).get(pk=pk)


def squads_for_assign(*, user: User) -> QuerySet[Squad]:
    """Active squads with members in the user's subtree: those a need may be assigned to."""
    return (
        squad_list(user=user, active="1")
        .filter(member_count__gt=0)  # type: ignore[misc]
        .order_by("org__path", "name", "pk")
    )


def squad_member_get(*, user: User, pk: int) -> SquadMember:
    return scoped(
        SquadMember.objects.select_related("squad__org", "model_worker__person"),
        user,
        org_field="squad__org",
    ).get(pk=pk)


def model_worker_find(*, user: User, text: str) -> ModelWorker:
    """A model worker of the registry in the user's subtree, by ID number or exact name."""
    typed = " ".join(str(text or "").split())
    if not typed:
        raise DomainError("请填写劳模的姓名或身份证号码", column="劳模工匠")
    qs = scoped(ModelWorker.objects.select_related("person__org"), user, org_field="person__org")
    compact = normalize_text(typed)
    if compact[:1].isdigit():
        number = str(parse_id_number(compact).number)
        found = qs.filter(person__id_hash=crypto.lookup_hash(number, purpose="person.id_number"))
        hits = list(found[:1])
    else:
        hits = list(qs.filter(person__name=typed)[:2])
        if len(hits) > 1:
            raise DomainError(
                f"您的管辖范围内有多位名为“{typed}”的劳模，请填写身份证号码", column="劳模工匠"
            )
    if not hits:
        raise DomainError(
            f"您管辖范围内的劳模名册中没有“{typed}”，请先在劳模名册中登记", column="劳模工匠"
        )
    return hits[0]


def squad_needs(*, squad: Squad, limit: int = 50) -> QuerySet[Need]:
    """The squad's needs, newest first (the squad page shows its work)."""
    return squad.needs.select_related("employer").order_by("-pk")[:limit]


# ---------------------------------------------------------------- needs


def need_list(
    *,
    user: User,
    q: str = "",
    status: str = "",
    field: str = "",
    urgency: str = "",
    kind: str = "",
    org: str = "",
    year: int | None = None,
) -> QuerySet[Need]:
    """企业点单 of the user's subtree."""
    qs = scoped(Need.objects.select_related("employer", "org", "squad"), user)
    if q:
        qs = qs.filter(
            Q(number__icontains=q)
            | Q(title__icontains=q)
            | Q(employer__name__icontains=q)
            | Q(squad__name__icontains=q)
        )
    if status:
        qs = qs.filter(status=status)
    if field:
        qs = qs.filter(field=field)
    if urgency:
        qs = qs.filter(urgency=urgency)
    if kind:
        qs = qs.filter(kind=kind)
    if org:
        qs = qs.filter(org__path__startswith=_branch(org))
    if year:
        qs = qs.filter(number__startswith=f"助企{year}-")
    return qs


def need_get(*, user: User, pk: int) -> Need:
    return (
        need_list(user=user).select_related("assigned_by", "confirmed_by", "created_by").get(pk=pk)
    )


def need_steps(*, need: Need) -> QuerySet[NeedStep]:
    return need.steps.select_related("by", "squad").order_by("pk")


# ---------------------------------------------------------------- suggestions


@dataclass(frozen=True)
class Suggestion:
    """A squad suggested for a need, and why: how many members have the need's field among
    their skills, whether the squad serves that field, its open load, the best 劳模 level of the
    skilled members, and whether it declined this need before."""

    squad: Squad
    field: str
    skilled: int
    covers: bool
    load: int
    best_level: int | None
    declined: bool

    @property
    def key(self) -> tuple[int, int, int, int, str, int]:
        return (
            -self.skilled,
            -int(self.covers),
            self.load,
            self.best_level or 99,
            self.squad.name,
            self.squad.pk,
        )

    @property
    def reason(self) -> str:
        label = Field(self.field).label
        parts = []
        if self.skilled:
            level = f"（最高为{HonorLevel(self.best_level).label}劳模）" if self.best_level else ""
            parts.append(f"{self.skilled}名成员专长为{label}{level}")
        else:
            parts.append(f"成员中无{label}专长")
        parts.append(f"服务领域{'含' if self.covers else '不含'}{label}")
        parts.append(f"在办点单{self.load}件")
        if self.declined:
            parts.append("曾退回本单")
        return "；".join(parts)


def suggest_squads(need: Need, user: User, limit: int = SUGGESTED) -> list[Suggestion]:
    """The `limit` best active squads of the user's subtree for `need`: most members skilled in
    its field first, then squads serving the field, then the lightest open load (assigned and
    accepted needs), then the highest 劳模 level among the skilled members."""
    squads = squads_for_assign(user=user).prefetch_related(_members())
    declined = set(
        NeedStep.objects.filter(need=need, kind=NeedStepKind.DECLINED).values_list(
            "squad_id", flat=True
        )
    )
    found = []
    for squad in squads:
        skilled = [m for m in squad.members.all() if need.field in (m.skills or [])]
        levels = [m.model_worker.level for m in skilled if m.model_worker.level is not None]
        found.append(
            Suggestion(
                squad=squad,
                field=need.field,
                skilled=len(skilled),
                covers=need.field in (squad.fields or []),
                load=squad.load,  # type: ignore[attr-defined]
                best_level=min(levels) if levels else None,
                declined=squad.pk in declined,
            )
        )
    return sorted(found, key=lambda s: s.key)[:limit]
