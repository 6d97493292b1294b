"""Filing the rows of an imported 困难职工台账 (relief/importers_cases.py validates them first):
every row a filed case on the applicant's union, all in the caller's transaction, or none."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from gonghui.core import audit
from gonghui.core.db import unless_taken
from gonghui.core.errors import DomainError
from gonghui.core.models import AuditAction, Person, User
from gonghui.core.permissions import authorize, requires
from gonghui.relief.models.cases import (
    OPEN_STATUSES,
    Case,
    CaseCounter,
    CaseStatus,
    CaseStep,
    HouseholdMember,
)
from gonghui.relief.services_cases import per_head


@dataclass
class ImportedCase:
    """One validated row: the registered applicant and the old ledger's decision."""

    person: Person
    category: str
    causes: list[str]
    household_size: int
    household_income: Decimal
    filed_on: dt.date
    address: str = ""
    situation: str = ""
    # (name, relation, id number, monthly income) as services_cases.clean_members left them.
    members: list[Any] = field(default_factory=list)


def _reserve_numbers(year: int, n: int) -> list[str]:
    """n consecutive KN numbers of the year, taken under the counter's row lock."""
    if not CaseCounter.objects.filter(year=year).exists():
        used = [
            int(x.rsplit("-", 1)[-1])
            for x in Case.objects.filter(number__startswith=f"KN{year}-").values_list(
                "number", flat=True
            )
            if x.rsplit("-", 1)[-1].isdigit()
        ]
        with unless_taken():
            CaseCounter.objects.bulk_create([CaseCounter(year=year, last=max(used, default=0))])
    counter = CaseCounter.objects.select_for_update().get(year=year)
    first = counter.last + 1
    CaseCounter.objects.filter(pk=counter.pk).update(last=counter.last + n)
    return [f"KN{year}-{k:06d}" for k in range(first, first + n)]


@requires("relief.case.import")
def cases_import(*, user: User, rows: list[ImportedCase], year: int) -> list[Case]:
    """Write the cases of an import (numbered KN{year}-…), their members and first step, with
    one audit entry each. The caller (the import engine) holds the transaction."""
    for row in rows:
        authorize(user, "relief.case.import", row.person)
    ids = [r.person.pk for r in rows]
    list(Person.objects.select_for_update().filter(pk__in=ids).values_list("pk", flat=True))
    taken = Case.objects.filter(person_id__in=ids, status__in=OPEN_STATUSES).first()
    if taken is not None:
        raise DomainError(
            f"{taken.person.name}已有在档的困难职工档案{taken.number}（{taken.org.name}），"
            "全市同一人只能有一份在档档案",
            column="id_number",
        )
    numbers = _reserve_numbers(year, len(rows))
    Case.objects.bulk_create(
        [
            Case(
                number=number,
                person=r.person,
                org=r.person.org,
                category=r.category,
                causes=r.causes,
                household_size=r.household_size,
                household_income=r.household_income,
                income_per_head=per_head(r.household_income, r.household_size),
                address=r.address[:200],
                situation=r.situation,
                status=CaseStatus.FILED,
                applied_on=r.filed_on,
                filed_on=r.filed_on,
                created_by=user,
            )
            for r, number in zip(rows, numbers, strict=True)
        ],
        batch_size=500,
    )
    saved = {
        c.number: c for c in Case.objects.filter(number__in=numbers).select_related("person", "org")
    }
    cases = [saved[n] for n in numbers]
    members: list[HouseholdMember] = []
    for case, r in zip(cases, rows, strict=True):
        for m in r.members:
            hm = HouseholdMember(
                case=case, name=m.data.name, relation=m.data.relation, monthly_income=m.income
            )
            hm.set_id_number(m.number)
            members.append(hm)
    HouseholdMember.objects.bulk_create(members, batch_size=1000)
    CaseStep.objects.bulk_create(
        [CaseStep(case=c, step="导入建档", actor=user, note="从原台账导入") for c in cases],
        batch_size=1000,
    )
    audit.record_many(
        [
            {
                "instance": c,
                "after": {
                    "number": c.number,
                    "category": c.category,
                    "causes": c.causes,
                    "household_size": c.household_size,
                    "income_per_head": str(c.income_per_head),
                    "filed_on": c.filed_on.isoformat() if c.filed_on else None,
                    "members": len(r.members),
                },
            }
            for c, r in zip(cases, rows, strict=True)
        ],
        action=AuditAction.CREATE,
        user=user,
        note="批量导入",
    )
    return cases
