"""Factories for tests: valid ID numbers and credit codes, organizations, persons, users."""

from __future__ import annotations

import datetime as dt
import itertools

from gonghui.core.models import Employer, Organization, OrgKind, Person, Role, User
from gonghui.core.services import (
    EmployerData,
    PersonData,
    employer_upsert,
    membership_join,
    organization_create,
    person_upsert,
)
from gonghui.core.validators import build_credit_code, build_id_number

_seq = itertools.count(1)


def id_number(
    region: str = "610902", birth: dt.date = dt.date(1985, 3, 14), male: bool = True
) -> str:
    n = next(_seq)
    seq = (n * 2 + (1 if male else 0)) % 1000
    return build_id_number(region, birth + dt.timedelta(days=n // 500), seq)


def credit_code() -> str:
    n = next(_seq)
    return build_credit_code(f"91610902MA{n:07d}")


def grassroots(parent: Organization, name: str | None = None) -> Organization:
    return organization_create(
        name=name or f"{parent.name}基层工会{next(_seq)}", kind=OrgKind.GRASSROOTS, parent=parent
    )


def employer(org: Organization, name: str | None = None, **kw: object) -> Employer:
    data = EmployerData(
        credit_code=credit_code(), name=name or f"测试单位{next(_seq)}", kind="private", org=org
    )
    for k, v in kw.items():
        setattr(data, k, v)
    return employer_upsert(data=data)[0]


def person(
    org: Organization,
    name: str = "张伟",
    *,
    phone: str = "",
    region: str | None = None,
    member: bool = True,
    **kw: object,
) -> Person:
    data = PersonData(
        name=name, id_number=id_number(region or (org.code or "610902")), org=org, phone=phone
    )
    for k, v in kw.items():
        setattr(data, k, v)
    p = person_upsert(data=data)[0]
    if member and org.kind == OrgKind.GRASSROOTS:
        membership_join(person=p, union=org, joined_on=dt.date(2020, 1, 1))
        p.refresh_from_db()
    return p


def user(
    role: str, org: Organization | None, username: str | None = None, person: Person | None = None
) -> User:
    u = User.objects.create_user(
        username=username or f"u{next(_seq)}",
        password="Gonghui#2026",
        role=role,
        organization=org,
        person=person,
    )
    return u


ROLE = Role
