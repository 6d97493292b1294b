"""Reads of 维权 at employers — mediation cases, safety inspections with their hazards, legal
consultations — already limited to the user's subtree.

An inspection belongs to the union that made it (a county's officers); the chair of the
inspected employer's own union sees it too, because the hazards are theirs to fix and close.
"""

from __future__ import annotations

from typing import IO, Any

from django.core.files.storage import default_storage
from django.db.models import Count, Q, QuerySet, TextField
from django.db.models.functions import Cast

from gonghui.core import clock
from gonghui.core.models import Role, User
from gonghui.core.permissions import can
from gonghui.core.scope import scope_q, scoped
from gonghui.workplace.models import (
    Consultation,
    Hazard,
    HazardEvidence,
    Inspection,
    Mediation,
)

# ---------------------------------------------------------------- employers


# ---------------------------------------------------------------- mediation


def mediation_list(
    *,
    user: User,
    q: str = "",
    stage: str = "",
    body: str = "",
    year: int | None = None,
    dispute: str = "",
) -> QuerySet[Mediation]:
    """Mediation cases taken in by the user's subtree."""
    qs = scoped(Mediation.objects.select_related("org", "employer"), user)
    if q:
        qs = qs.filter(
            Q(number__icontains=q)
            | Q(applicant__icontains=q)
            | Q(respondent__icontains=q)
            | Q(employer__name__icontains=q)
        )
    if stage:
        qs = qs.filter(stage=stage)
    if body:
        # The bodies are a JSON list: its text holds "court" with the quotes on both databases.
        qs = qs.annotate(bodies_text=Cast("bodies", TextField())).filter(
            bodies_text__contains=f'"{body}"'
        )
    if year:
        qs = qs.filter(received_on__year=year)
    if dispute:
        qs = qs.filter(dispute=dispute)
    return qs


def mediation_get(*, user: User, pk: int) -> Mediation:
    """A case of the user's subtree (Mediation.DoesNotExist otherwise)."""
    return mediation_list(user=user).get(pk=pk)


# ---------------------------------------------------------------- inspections


def inspection_scope(user: User) -> Q:
    """The user's subtree, and for a chair the inspections of their own union's employer."""
    q = scope_q(user)
    org = getattr(user, "organization", None) if user.is_authenticated else None
    if user.is_authenticated and user.role == Role.GRASSROOTS_CHAIR and org is not None:
        if org.employer_id is not None:
            q |= Q(employer_id=org.employer_id)
    return q


def may_close_in(user: User, inspection: Inspection) -> bool:
    """Whether `user` may close the hazards of `inspection` (the table's workplace.hazard.close):
    an officer or chair whose subtree holds the inspection, or the chair of the inspected
    employer's own union."""
    if can(user, "workplace.hazard.close", inspection):
        return True
    if not can(user, "workplace.hazard.close") or user.role != Role.GRASSROOTS_CHAIR:
        return False
    org = user.organization
    return org is not None and org.employer_id == inspection.employer_id


def may_close_hazard(user: User, hazard: Hazard) -> bool:
    """`may_close_in` for the hazard's inspection."""
    return may_close_in(user, hazard.inspection)


def inspection_list(
    *, user: User, q: str = "", year: int | None = None, hazards: str = ""
) -> QuerySet[Inspection]:
    """Inspections in scope with their hazards counted: found, fixed, open and overdue (past
    the deadline and not fixed, as of today)."""
    today = clock.today()
    qs = (
        Inspection.objects.filter(inspection_scope(user))
        .select_related("org", "employer")
        .annotate(
            hazards_found=Count("hazards"),
            hazards_fixed=Count("hazards", filter=Q(hazards__fixed=True)),
            hazards_open=Count("hazards", filter=Q(hazards__fixed=False)),
            hazards_overdue=Count(
                "hazards", filter=Q(hazards__fixed=False, hazards__deadline__lt=today)
            ),
        )
        # A grouped query drops Meta.ordering: newest first, as the model orders.
        .order_by("-inspected_on", "-id")
    )
    if q:
        qs = qs.filter(
            Q(employer__name__icontains=q)
            | Q(employer__credit_code__icontains=q)
            | Q(inspectors__icontains=q)
        )
    if year:
        qs = qs.filter(inspected_on__year=year)
    if hazards == "open":
        qs = qs.filter(hazards_open__gt=0)
    elif hazards == "overdue":
        qs = qs.filter(hazards_overdue__gt=0)
    elif hazards == "none":
        qs = qs.filter(hazards_found=0)
    return qs


def inspection_get(*, user: User, pk: int) -> Inspection:
    """An inspection the user sees (Inspection.DoesNotExist otherwise)."""
    return (
        Inspection.objects.filter(inspection_scope(user))
        .select_related("org", "employer", "created_by")
        .get(pk=pk)
    )


def hazards_of(*, inspection: Inspection) -> list[Hazard]:
    """The inspection's hazards with their evidence, each marked overdue when it is."""
    today = clock.today()
    found = list(
        inspection.hazards.select_related("closed_by").prefetch_related("evidence").order_by("id")
    )
    for h in found:
        h.overdue = not h.fixed and h.deadline < today  # type: ignore[attr-defined]
    return found


def hazard_get(*, user: User, pk: int) -> Hazard:
    """A hazard of an inspection the user sees (Hazard.DoesNotExist otherwise)."""
    return (
        Hazard.objects.filter(inspection__in=Inspection.objects.filter(inspection_scope(user)))
        .select_related("inspection", "inspection__employer", "inspection__org")
        .get(pk=pk)
    )


def evidence_get(*, user: User, pk: int) -> HazardEvidence:
    """An evidence file of a hazard the user sees (HazardEvidence.DoesNotExist otherwise)."""
    seen = Inspection.objects.filter(inspection_scope(user))
    return HazardEvidence.objects.select_related("hazard").get(pk=pk, hazard__inspection__in=seen)


def evidence_open(*, evidence: HazardEvidence) -> IO[bytes]:
    """The stored file of an evidence photo or PDF (the caller found it in scope)."""
    return default_storage.open(evidence.path, "rb")  # type: ignore[no-any-return]


# ---------------------------------------------------------------- consultations


def consultation_list(
    *,
    user: User,
    q: str = "",
    channel: str = "",
    topic: str = "",
    month: Any = None,
    year: int | None = None,
) -> QuerySet[Consultation]:
    """Legal consultations answered in the user's subtree; `month` is (year, month)."""
    qs = scoped(Consultation.objects.select_related("org", "employer"), user)
    if q:
        qs = qs.filter(
            Q(question__icontains=q)
            | Q(answer__icontains=q)
            | Q(asker__icontains=q)
            | Q(employer__name__icontains=q)
        )
    if channel:
        qs = qs.filter(channel=channel)
    if topic:
        qs = qs.filter(topic=topic)
    if month:
        qs = qs.filter(consulted_on__year=month[0], consulted_on__month=month[1])
    if year:
        qs = qs.filter(consulted_on__year=year)
    return qs
