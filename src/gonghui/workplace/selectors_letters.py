"""Reads of 一函两书, already limited to the user's subtree: the list, one letter with its chain
(提示函 → 意见书/建议书) and its recoveries, the 提示函 a follow-up may name, and the employer or
worker a form names."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from gonghui.core import clock, crypto
from gonghui.core.errors import DomainError
from gonghui.core.models import Organization, Person, User
from gonghui.core.scope import scoped
from gonghui.core.validators import normalize_text, parse_id_number
from gonghui.workplace.models import Letter, LetterKind, LetterStatus, Recovery

ZERO = Decimal("0.00")
# Statuses in which a letter still waits for the employer (rectification not settled).
OPEN_STATUSES = (LetterStatus.ISSUED, LetterStatus.REPLIED)


def _recovered_total() -> Coalesce:
    return Coalesce(
        Sum("recoveries__recovered"),
        Value(ZERO),
        output_field=DecimalField(max_digits=14, decimal_places=2),
    )


def letter_list(
    *,
    user: User,
    q: str = "",
    kind: str = "",
    violation: str = "",
    status: str = "",
    year: int | None = None,
    org: str = "",
    overdue: bool = False,
) -> QuerySet[Letter]:
    """Letters issued by organizations of the user's subtree, with `recovered_total`; `overdue`:
    those past their deadline with neither rectification nor 逾期未整改 recorded."""
    qs = scoped(Letter.objects.select_related("org", "employer", "follows"), user)
    if q:
        text = normalize_text(q)
        qs = qs.filter(
            Q(number__icontains=text)
            | Q(employer__name__icontains=q.strip())
            | Q(employer__credit_code=text.upper())
        )
    if kind:
        qs = qs.filter(kind=kind)
    if violation:
        qs = qs.filter(violation=violation)
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(issued_on__year=year)
    if overdue:
        qs = qs.filter(
            status__in=(LetterStatus.ISSUED, LetterStatus.REPLIED), deadline__lt=clock.today()
        )
    if org:
        # The chosen organization and its subtree (the filter's field keeps it in scope).
        branch = Organization.objects.filter(pk=org).values("path")[:1]
        qs = qs.filter(org__path__startswith=Subquery(branch))
    return qs.annotate(recovered_total=_recovered_total()).order_by("-issued_on", "-id")


def letter_get(*, user: User, pk: int) -> Letter:
    """One letter of the user's subtree (Letter.DoesNotExist otherwise)."""
    return letter_list(user=user).select_related("created_by", "follows__employer").get(pk=pk)


def letter_chain(*, user: User, letter: Letter) -> list[Letter]:
    """The 提示函 the letter belongs under, then the 意见书/建议书 that followed it, in order of
    issue; only those the user may see."""
    root_id = letter.follows_id or letter.pk
    qs = scoped(Letter.objects.select_related("org"), user).filter(
        Q(pk=root_id) | Q(follows_id=root_id)
    )
    return sorted(qs, key=lambda x: (x.follows_id is not None, x.issued_on, x.pk))


@dataclass(frozen=True)
class RecoveryTotals:
    claimed: Decimal
    recovered: Decimal
    workers: int
    # Of the letter's arrears: what is still to be recovered.
    outstanding: Decimal


def letter_recoveries(*, letter: Letter) -> tuple[list[Recovery], RecoveryTotals]:
    """The wages recovered per worker under a letter, and their totals."""
    rows = list(letter.recoveries.select_related("person").order_by("recovered_on", "id"))
    claimed = sum((r.claimed for r in rows), ZERO)
    recovered = sum((r.recovered for r in rows), ZERO)
    outstanding = max(letter.arrears_claimed - recovered, ZERO)
    return rows, RecoveryTotals(claimed, recovered, len(rows), outstanding)


def notices_open(*, user: User) -> QuerySet[Letter]:
    """提示函 of the user's subtree that a 意见书 or 建议书 may still follow (not rectified)."""
    return (
        scoped(Letter.objects.select_related("employer"), user)
        .filter(kind=LetterKind.NOTICE)
        .exclude(status=LetterStatus.RECTIFIED)
        .order_by("-issued_on", "-id")
    )


def person_by_id_number(*, user: User, id_number: str) -> Person:
    """The worker of the user's subtree with this ID number, else a Chinese error."""
    number = str(parse_id_number(id_number).number)
    found = (
        scoped(Person.objects.select_related("org"), user)
        .filter(id_hash=crypto.lookup_hash(number, purpose="person.id_number"))
        .first()
    )
    if found is None:
        raise DomainError(
            "您的管辖范围内没有此身份证号码的职工（可不填身份证号码，只填姓名）",
            column="身份证号码",
        )
    return found
