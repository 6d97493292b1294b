"""Writes for organizations, employers, persons and memberships: validated, transactional, audited."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr

from gonghui.core import audit
from gonghui.core.codes import BY_FIELD as CODE_LISTS
from gonghui.core.db import lock_row
from gonghui.core.errors import DomainError
from gonghui.core.models import (
    AuditAction,
    Employer,
    EmployerKind,
    Membership,
    MembershipStatus,
    Organization,
    OrgKind,
    Person,
    PersonStatus,
    User,
)
from gonghui.core.permissions import authorize, requires
from gonghui.core.pinyin import pinyin_keys
from gonghui.core.validators import (
    ConvertedIdNumber,
    parse_credit_code,
    parse_id_number,
    parse_mobile,
)

Fn = TypeVar("Fn", bound=Callable[..., Any])


def _checked(key: str, *, on: str | None = None) -> Callable[[Fn], Fn]:
    """`@requires` for a core service that system code also calls.

    System path: a call without `user=` (demo data, commands, an import's rows once the whole file
    was authorized) runs unchecked; views and the API always pass request.user, which is checked.
    """

    def decorate(fn: Fn) -> Fn:
        with_check = requires(key, on=on)(fn)

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if kwargs.get("user") is None:
                return fn(*args, **kwargs)
            return with_check(*args, **kwargs)

        wrapper.permission = key  # type: ignore[attr-defined]
        wrapper.permission_on = on  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate


# ---------------------------------------------------------------- organizations


@_checked("core.organization.create", on="parent")
def organization_create(
    *,
    name: str,
    kind: str,
    parent: Organization | None,
    code: str = "",
    employer: Employer | None = None,
    user: User | None = None,
) -> Organization:
    """Create an organization under `parent` and set its materialized path."""
    name = name.strip()
    if not name:
        raise DomainError("组织名称不能为空")
    if kind not in OrgKind.values:
        raise DomainError(f"未知的组织类型“{kind}”")
    if parent is None and kind != OrgKind.CITY:
        raise DomainError("只有市总工会可以没有上级组织")
    if parent is not None and kind == OrgKind.CITY:
        raise DomainError("市总工会不能有上级组织")
    if kind == OrgKind.COUNTY and parent is not None and parent.kind != OrgKind.CITY:
        raise DomainError("县（市、区）总工会只能建在市总工会之下")
    with transaction.atomic():
        if Organization.objects.filter(parent=parent, name=name).exists():
            raise DomainError(f"上级组织下已有同名组织“{name}”")
        if code and Organization.objects.filter(code=code).exists():
            raise DomainError(f"行政区划代码{code}已被使用")
        org = Organization(name=name, kind=kind, parent=parent, code=code, employer=employer)
        org.save()
        org.path = (parent.path if parent else "/") + Organization.segment(org.pk)
        org.depth = parent.depth + 1 if parent else 0
        Organization.objects.filter(pk=org.pk).update(path=org.path, depth=org.depth)
    return org


@_checked("core.organization.change", on="org")
def organization_rename(*, org: Organization, name: str, user: User | None = None) -> Organization:
    """Rename; the audit log keeps the old name."""
    name = name.strip()
    if not name:
        raise DomainError("组织名称不能为空")
    with transaction.atomic():
        if Organization.objects.filter(parent=org.parent, name=name).exclude(pk=org.pk).exists():
            raise DomainError(f"上级组织下已有同名组织“{name}”")
        org.name = name
        org.save()
    return org


@_checked("core.organization.move", on="org")
def organization_move(
    *, org: Organization, new_parent: Organization, user: User | None = None
) -> Organization:
    """Move a subtree under a new parent, rewriting descendant paths in one UPDATE."""
    if user is not None:
        authorize(user, "core.organization.move", new_parent)  # both ends in the user's subtree
    if org.parent_id is None:
        raise DomainError("市总工会不能移动")
    if new_parent.path.startswith(org.path):
        raise DomainError("不能把组织移动到它自己或它的下级组织之下")
    with transaction.atomic():
        org = lock_row(org)
        clash = Organization.objects.filter(parent=new_parent, name=org.name).exclude(pk=org.pk)
        if clash.exists():
            raise DomainError(f"“{new_parent.name}”下已有同名组织“{org.name}”")
        old_parent = org.parent
        old_path, old_depth = org.path, org.depth
        new_path = new_parent.path + Organization.segment(org.pk)
        depth_delta = new_parent.depth + 1 - old_depth
        Organization.objects.filter(path__startswith=old_path).update(
            path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
            depth=F("depth") + depth_delta,
        )
        Organization.objects.filter(pk=org.pk).update(parent=new_parent)
        org.refresh_from_db()
        audit.record(
            action=AuditAction.MOVE,
            instance=org,
            before={"parent": old_parent.name if old_parent else None, "path": old_path},
            after={"parent": new_parent.name, "path": org.path},
            note=f"由“{old_parent}”迁移至“{new_parent}”",
        )
    return org


def organization_resolve(value: str, *, within: Organization | None = None) -> Organization:
    """Find an organization by exact name or code (optionally inside a subtree)."""
    text = value.strip()
    qs = Organization.objects.all()
    if within is not None:
        qs = qs.filter(path__startswith=within.path)
    matches = list(qs.filter(code=text)[:2]) if text.isdigit() else []
    if not matches:
        matches = list(qs.filter(name=text)[:2])
    if not matches:
        # Inside a subtree, an organization elsewhere reads as missing: never say where it is.
        hint = "，或该组织不在您的管辖范围内" if within is not None else ""
        raise DomainError(f"找不到组织“{text}”{hint}")
    if len(matches) > 1:
        raise DomainError(f"组织名称“{text}”不唯一，请填写上级组织或代码")
    return matches[0]


# ---------------------------------------------------------------- employers

EMPLOYER_KIND_BY_LABEL = {label: value for value, label in EmployerKind.choices}


@dataclass
class EmployerData:
    credit_code: str
    name: str
    kind: str
    org: Organization
    is_new_economy: bool = False
    is_new_social: bool = False
    employee_count: int = 0
    industry: str = ""
    has_union: bool = False
    has_party_org: bool = False


def employer_clean(data: EmployerData) -> EmployerData:
    """Validate and normalize employer fields; raise DomainError naming the field."""
    try:
        data.credit_code = parse_credit_code(data.credit_code)
    except DomainError as exc:
        raise DomainError(exc.message, column="统一社会信用代码") from None
    data.name = data.name.strip()
    if not data.name:
        raise DomainError("单位名称不能为空", column="单位名称")
    if data.kind in EMPLOYER_KIND_BY_LABEL:
        data.kind = EMPLOYER_KIND_BY_LABEL[data.kind]
    if data.kind not in EmployerKind.values:
        raise DomainError(f"未知的单位类型“{data.kind}”", column="单位类型")
    if data.employee_count < 0:
        raise DomainError("职工人数不能为负数", column="职工人数")
    return data


@_checked("core.employer.create")
def employer_create(*, data: EmployerData, user: User | None = None) -> Employer:
    """Register a new employer in `data.org` (which must lie in the user's subtree)."""
    data = employer_clean(data)
    if user is not None:
        authorize(user, "core.employer.create", data.org)
    with transaction.atomic():
        if Employer.objects.filter(credit_code=data.credit_code).exists():
            raise DomainError(
                f"统一社会信用代码{data.credit_code}已登记", column="统一社会信用代码"
            )
        employer = Employer(**data.__dict__)
        employer.save()
    return employer


@_checked("core.employer.change", on="employer")
def employer_update(
    *, employer: Employer, data: EmployerData, user: User | None = None
) -> Employer:
    """Change an employer's fields (its credit code stays); both its old and new 属地工会 are checked."""
    data = employer_clean(data)
    if user is not None:
        authorize(user, "core.employer.change", data.org)
    with transaction.atomic():
        employer = lock_row(employer)
        if data.credit_code != employer.credit_code:
            raise DomainError("统一社会信用代码不能修改", column="统一社会信用代码")
        for key, value in data.__dict__.items():
            setattr(employer, key, value)
        employer.save()
    return employer


@_checked("core.employer.change")
def employer_upsert(*, data: EmployerData, user: User | None = None) -> tuple[Employer, bool]:
    """Create or update the employer keyed on its 统一社会信用代码; returns (employer, created).

    The record found (or, for a new one, its 属地工会) is checked by employer_update/_create.
    """
    data = employer_clean(data)
    with transaction.atomic():
        existing = Employer.objects.select_for_update().filter(credit_code=data.credit_code).first()
        if existing is None:
            return employer_create(data=data, user=user), True
        return employer_update(employer=existing, data=data, user=user), False


# ---------------------------------------------------------------- persons

# Plain attributes of a person, copied as given (name, ID, phone and dates are checked apart).
PERSON_ATTRS = (
    "ethnicity",
    "political_status",
    "education",
    "work_unit",
    "post",
    "frontline",
    "hardship_post",
    "key_sector",
    "new_employment_form",
    "migrant_worker",
    "status",
)
PERSON_FIELDS = ("name", "employer", *PERSON_ATTRS)  # what person_apply copies from PersonData


@dataclass
class PersonData:
    name: str
    id_number: str
    org: Organization
    phone: str = ""
    birth_date: dt.date | None = None
    sex: str | None = None
    ethnicity: str = ""
    political_status: str = ""
    education: str = ""
    employer: Employer | None = None
    work_unit: str = ""
    post: str = ""
    frontline: bool = False
    hardship_post: bool = False
    key_sector: bool = False
    new_employment_form: str = ""
    migrant_worker: bool = False
    status: str = PersonStatus.ACTIVE


def _coded(data: PersonData, current: Person | None) -> None:
    """民族, 政治面貌 and 学历 as their standard names (core.codes: short forms and numeric codes
    are converted). A value outside the list is refused, unless it is what the record already
    holds: an old record stays editable until someone picks a standard value."""
    for field, codes in CODE_LISTS.items():
        given = getattr(data, field)
        name = codes.normalize(given)
        if name is None:
            if current is not None and given == getattr(current, field):
                continue
            raise DomainError(codes.error(given), column=codes.label)
        setattr(data, field, name)


def person_clean(
    data: PersonData, *, current: Person | None = None
) -> tuple[PersonData, dt.date, str]:
    """Validate a person; birth date and sex come from the ID and must agree with given values.

    `current` is the stored record an update applies to (see `_coded`)."""
    data.name = data.name.strip()
    if not data.name:
        raise DomainError("姓名不能为空", column="姓名")
    try:
        parsed = parse_id_number(data.id_number)
    except DomainError as exc:
        raise DomainError(exc.message, column="身份证号码") from None
    data.id_number = parsed.number
    if data.birth_date is not None and data.birth_date != parsed.birth_date:
        raise DomainError(
            f"出生日期{data.birth_date:%Y-%m-%d}与身份证号码中的{parsed.birth_date:%Y-%m-%d}不一致",
            column="出生日期",
        )
    if data.sex is not None and data.sex != parsed.sex:
        given = "男" if data.sex == "M" else "女"
        derived = "男" if parsed.sex == "M" else "女"
        raise DomainError(f"性别“{given}”与身份证号码（{derived}）不一致", column="性别")
    if data.phone:
        try:
            data.phone = parse_mobile(data.phone)
        except DomainError as exc:
            raise DomainError(exc.message, column="手机号") from None
    if data.status not in PersonStatus.values:
        raise DomainError(f"未知的人员状态“{data.status}”", column="状态")
    _coded(data, current)
    return data, parsed.birth_date, parsed.sex


def person_apply(person: Person, data: PersonData, birth: dt.date, sex: str) -> Person:
    """Copy validated data onto a (possibly unsaved) Person without saving."""
    for key in PERSON_FIELDS:
        setattr(person, key, getattr(data, key))
    person.birth_date = birth
    person.sex = sex
    person.name_pinyin, person.name_initials = pinyin_keys(data.name)
    if not person.pk:
        person.set_id_number(data.id_number)
        # The number is the identity and never changes: so neither does how it was first given.
        person.id_converted = isinstance(data.id_number, ConvertedIdNumber)
        person.org = data.org
    if data.phone and data.phone != (person.phone if person.phone_enc else ""):
        person.set_phone(data.phone)
    return person


def person_find_by_id_number(id_number: str) -> Person | None:
    from gonghui.core.crypto import lookup_hash

    return Person.objects.filter(id_hash=lookup_hash(id_number, purpose="person.id_number")).first()


@_checked("core.person.create")
def person_create(*, data: PersonData, user: User | None = None) -> Person:
    """Register a new person in `data.org` (which must lie in the user's subtree)."""
    data, birth, sex = person_clean(data)
    if user is not None:
        authorize(user, "core.person.create", data.org)
    with transaction.atomic():
        if person_find_by_id_number(data.id_number) is not None:
            raise DomainError("该身份证号码已有档案", column="身份证号码")
        person = person_apply(Person(), data, birth, sex)
        person.save()
    return person


@_checked("core.person.change", on="person")
def person_update(*, person: Person, data: PersonData, user: User | None = None) -> Person:
    """Change a person's fields; the ID number and organization stay (use a transfer to move)."""
    data, birth, sex = person_clean(data, current=person)
    with transaction.atomic():
        person = lock_row(person)
        person_apply(person, data, birth, sex)
        person.save()
    return person


@_checked("core.person.change")
def person_upsert(*, data: PersonData, user: User | None = None) -> tuple[Person, bool]:
    """Create or update the person identified by their ID number; returns (person, created).

    The record found (or, for a new one, `data.org`) is checked by person_update/_create.
    """
    try:
        existing = person_find_by_id_number(parse_id_number(data.id_number).number)
    except DomainError:
        existing = None  # person_clean names the error
    data, _, _ = person_clean(data, current=existing)
    with transaction.atomic():
        if existing is None:
            return person_create(data=data, user=user), True
        return person_update(person=existing, data=data, user=user), False


@_checked("core.person.set_status", on="person")
def person_set_status(*, person: Person, status: str, user: User | None = None) -> Person:
    """Mark a person active, retired or deceased."""
    if status not in PersonStatus.values:
        raise DomainError(f"未知的人员状态“{status}”")
    with transaction.atomic():
        person = lock_row(person)
        person.status = status
        person.save()
    return person


# ---------------------------------------------------------------- memberships


@_checked("core.membership.transfer", on="person")
def membership_join(
    *, person: Person, union: Organization, joined_on: dt.date, user: User | None = None
) -> Membership:
    """Enroll a person in a union; fails if they already have an active membership."""
    if user is not None:
        authorize(user, "core.membership.transfer", union)
    if union.kind not in (OrgKind.GRASSROOTS, OrgKind.INDUSTRY, OrgKind.REGIONAL, OrgKind.GROUP):
        raise DomainError(f"“{union.name}”不是基层工会，不能直接发展会员")
    with transaction.atomic():
        person = lock_row(person)
        if person.memberships.filter(status=MembershipStatus.ACTIVE).exists():
            raise DomainError(f"{person.name}已是会员，请办理转会")
        membership = Membership.objects.create(person=person, union=union, joined_on=joined_on)
        if person.org_id != union.pk:
            person.org = union
            person.save()
    return membership


@_checked("core.membership.transfer", on="person")
def membership_transfer(
    *,
    person: Person,
    to_union: Organization,
    on: dt.date,
    note: str = "",
    user: User | None = None,
) -> Membership:
    """Close the active membership and open one in `to_union`; history is kept."""
    if user is not None:
        authorize(user, "core.membership.transfer", to_union)  # both unions in the user's subtree
    with transaction.atomic():
        person = lock_row(person)
        current = person.memberships.filter(status=MembershipStatus.ACTIVE).first()
        if current is None:
            raise DomainError(f"{person.name}没有在册的会员关系，无法转会")
        if current.union_id == to_union.pk:
            raise DomainError(f"{person.name}已在“{to_union.name}”")
        if on < current.joined_on:
            raise DomainError("转会日期不能早于入会日期")
        current.status = MembershipStatus.TRANSFERRED
        current.left_on = on
        current.save()
        new = Membership.objects.create(
            person=person, union=to_union, joined_on=on, note=note or f"由{current.union.name}转入"
        )
        person.org = to_union
        person.save()
    return new


@_checked("core.membership.transfer", on="person")
def membership_upsert(
    *, person: Person, union: Organization, joined_on: dt.date, user: User | None = None
) -> Membership:
    """Import helper: keep an identical active membership, transfer if the union differs."""
    current = person.memberships.filter(status=MembershipStatus.ACTIVE).first()
    if current is None:
        return membership_join(person=person, union=union, joined_on=joined_on, user=user)
    if current.union_id == union.pk:
        return current
    return membership_transfer(
        person=person, to_union=union, on=max(joined_on, current.joined_on), user=user
    )


# ---------------------------------------------------------------- imports


@requires("core.import.run")
def import_authorize(*, user: User, permission: str = "core.import.run") -> None:
    """May `user` import a file: 导入数据, and the importer's own action (checked once a file).

    The rows are then written by the import framework as a system call (no per-row check).
    """
    if permission != "core.import.run":
        authorize(user, permission)


def as_bool(value: Any) -> bool:
    """Excel-friendly boolean: 是/否, Y/N, 1/0, true/false."""
    text = str(value).strip().lower() if value is not None else ""
    if text in {"是", "y", "yes", "1", "true", "√", "有"}:
        return True
    if text in {"否", "n", "no", "0", "false", "", "×", "无"}:
        return False
    raise DomainError(f"“{value}”不是有效的是/否值")
