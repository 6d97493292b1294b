"""Core API: organizations, employers, persons, memberships and the audit log.

Every handler is thin: schema in, selector (already scoped to the user) or service, schema out.
Writes go through the same services as the pages, with the caller as `user`: the permission table
decides, and a denial (permissions.Denied) answers 403 with a JSON detail. The role is checked
first, so a role that may not write gets 403 before any lookup; records outside the caller's
subtree then answer 404 (their existence is not disclosed). Auth: `Authorization: Bearer <token>` (see `gonghui api_token`) or the
browser session (CSRF enforced for the session).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Status
from ninja.errors import HttpError

from gonghui.core import selectors
from gonghui.core.api_auth import api_user, domain_router, found
from gonghui.core.errors import DomainError, ScopeError
from gonghui.core.middleware import acting_as
from gonghui.core.models import User
from gonghui.core.params import Id, IsoDate, QueryText, text
from gonghui.core.permissions import authorize
from gonghui.core.pii import person_reveal
from gonghui.core.schemas import (
    AuditOut,
    EmployerIn,
    EmployerOut,
    EmployerUpsertOut,
    ErrorOut,
    MembershipOut,
    OrganizationIn,
    OrganizationOut,
    PersonIn,
    PersonOut,
    PersonRevealOut,
    PersonUpsertOut,
    TransferIn,
)
from gonghui.core.scope import organizations_for
from gonghui.core.services import (
    EmployerData,
    PersonData,
    employer_upsert,
    membership_transfer,
    organization_create,
    person_upsert,
)
from gonghui.core.validators import parse_credit_code, parse_id_number

router = domain_router("基础数据")

ERRORS: dict[int, Any] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


@contextmanager
def _writing(user: User) -> Iterator[None]:
    """Attribute audit entries to the API user (token auth bypasses the session middleware)
    and turn domain errors into 400/403 with their Chinese message."""
    try:
        with acting_as(user):
            yield
    except ScopeError as exc:
        raise HttpError(403, exc.message) from None
    except DomainError as exc:
        raise HttpError(400, exc.message) from None


def _org_in_scope(user: User, org_id: int, what: str = "组织") -> Any:
    return found(organizations_for(user), what, org_id)


def _employer_in_scope(user: User, employer_id: int | None) -> Any:
    """The employer (None when no id is given); 404 when it is outside the user's subtree."""
    if employer_id is None:
        return None
    return found(selectors.employer_list(user=user), "用人单位", employer_id)


# ---------------------------------------------------------------- organizations


@router.page(
    "/organizations",
    OrganizationOut,
    url_name="organization_list",
    summary="组织列表（本级及下级）",
)
def organization_list(
    request: HttpRequest, q: QueryText = "", kind: Annotated[str, text(16)] = ""
) -> Any:
    return selectors.organization_list(user=api_user(request), q=q, kind=kind)


@router.post(
    "/organizations",
    response={201: OrganizationOut, **ERRORS},
    url_name="organization_create",
    summary="新建组织",
)
def organization_create_api(request: HttpRequest, payload: OrganizationIn) -> Any:
    user = api_user(request)
    authorize(user, "core.organization.create")
    parent = _org_in_scope(user, payload.parent_id, "上级组织")
    employer = _employer_in_scope(user, payload.employer_id)
    with _writing(user):
        org = organization_create(
            name=payload.name,
            kind=payload.kind,
            parent=parent,
            code=payload.code.strip(),
            employer=employer,
            user=user,
        )
    return Status(201, org)


@router.record(
    "/organizations/{org_id}", OrganizationOut, url_name="organization_detail", summary="组织详情"
)
def organization_detail(request: HttpRequest, org_id: Id) -> Any:
    return _org_in_scope(api_user(request), org_id)


@router.page(
    "/organizations/{org_id}/children",
    OrganizationOut,
    url_name="organization_children",
    summary="直属下级组织",
)
def organization_children(request: HttpRequest, org_id: Id) -> Any:
    user = api_user(request)
    org = _org_in_scope(user, org_id)
    return organizations_for(user).filter(parent=org)


# ---------------------------------------------------------------- employers


@router.page("/employers", EmployerOut, url_name="employer_list", summary="用人单位列表")
def employer_list(
    request: HttpRequest,
    q: QueryText = "",
    kind: Annotated[str, text(16)] = "",
    has_union: Annotated[str, text(8)] = "",
    sanxin: Annotated[str, text(8)] = "",
    org: Id | None = None,
) -> Any:
    """org: 组织ID（含下级）。"""
    return selectors.employer_list(
        user=api_user(request),
        q=q,
        kind=kind,
        has_union=has_union,
        sanxin=sanxin,
        org=str(org or ""),
    )


@router.record(
    "/employers/{employer_id}", EmployerOut, url_name="employer_detail", summary="用人单位详情"
)
def employer_detail(request: HttpRequest, employer_id: Id) -> Any:
    return _employer_in_scope(api_user(request), employer_id)


@router.post(
    "/employers",
    response={200: EmployerUpsertOut, 201: EmployerUpsertOut, **ERRORS},
    url_name="employer_upsert",
    summary="新增或更新用人单位（按统一社会信用代码）",
)
def employer_upsert_api(request: HttpRequest, payload: EmployerIn) -> Any:
    user = api_user(request)
    authorize(user, employer_upsert.permission)  # type: ignore[attr-defined]
    org = _org_in_scope(user, payload.org_id, "属地工会")
    with _writing(user):
        code = parse_credit_code(payload.credit_code)
        # The upsert key is global: the service refuses (403) another subtree's employer.
        employer, created = employer_upsert(
            data=EmployerData(
                **{**payload.dict(exclude={"org_id"}), "credit_code": code, "org": org}
            ),
            user=user,
        )
    return Status(201 if created else 200, {"created": created, "employer": employer})


# ---------------------------------------------------------------- persons


@router.page(
    "/persons",
    PersonOut,
    url_name="person_list",
    summary="人员列表（q 可搜姓名、拼音、首字母、身份证号、手机号）",
)
def person_list(
    request: HttpRequest,
    q: QueryText = "",
    status: Annotated[str, text(16)] = "",
    org: Id | None = None,
    frontline: Annotated[str, text(8)] = "",
    new_form: Annotated[str, text(16)] = "",
) -> Any:
    """org: 组织ID（含下级）。"""
    return selectors.person_list(
        user=api_user(request),
        q=q,
        status=status,
        org=str(org or ""),
        frontline=frontline,
        new_form=new_form,
    )


def _person_in_scope(user: User, person_id: int) -> Any:
    return found(selectors.person_list(user=user), "人员", person_id)


@router.record(
    "/persons/{person_id}",
    PersonOut,
    url_name="person_detail",
    summary="人员详情（证件号、手机号脱敏）",
)
def person_detail(request: HttpRequest, person_id: Id) -> Any:
    return _person_in_scope(api_user(request), person_id)


@router.post(
    "/persons",
    response={200: PersonUpsertOut, 201: PersonUpsertOut, **ERRORS},
    url_name="person_upsert",
    summary="新增或更新人员（按身份证号码）",
    description=(
        "民族、政治面貌、学历填写国家标准代码表中的名称（民族 GB/T 3304，政治面貌 GB/T 4762，"
        "学历按国家统计分组），如“汉族”“中共党员”“大学本科”；常用简称（“汉”“党员”“本科”）"
        "和数字代码按标准名称保存。不在代码表中的值返回 400，detail 说明哪一项不符"
        "（已登记的非标准原值原样提交时保留）。"
    ),
)
def person_upsert_api(request: HttpRequest, payload: PersonIn) -> Any:
    user = api_user(request)
    authorize(user, person_upsert.permission)  # type: ignore[attr-defined]
    org = _org_in_scope(user, payload.org_id, "所属工会")
    employer = _employer_in_scope(user, payload.employer_id)
    with _writing(user):
        number = parse_id_number(payload.id_number).number
        fields = payload.dict(exclude={"org_id", "employer_id", "id_number"})
        # The ID number is global: the service refuses (403) a person of another subtree.
        person, created = person_upsert(
            data=PersonData(**fields, id_number=number, org=org, employer=employer), user=user
        )
    person = selectors.person_list(user=user).filter(pk=person.pk).first() or person
    return Status(201 if created else 200, {"created": created, "person": person})


@router.post(
    "/persons/{person_id}/reveal",
    response={200: PersonRevealOut, **ERRORS},
    url_name="person_reveal",
    summary="查看完整身份证号码和手机号（记录审计日志）",
)
def person_reveal_api(request: HttpRequest, person_id: Id) -> Any:
    user = api_user(request)
    authorize(user, "core.person.reveal")
    person = _person_in_scope(user, person_id)
    with _writing(user):
        values = person_reveal(user=user, person=person)
    return {"id": person.pk, "name": person.name, **values}


# ---------------------------------------------------------------- memberships


@router.page("/memberships", MembershipOut, url_name="membership_list", summary="会员关系列表")
def membership_list(
    request: HttpRequest,
    q: QueryText = "",
    status: Annotated[str, text(16)] = "",
    person_id: Id | None = None,
) -> Any:
    qs = selectors.membership_list(user=api_user(request), q=q, status=status)
    if person_id is not None:
        qs = qs.filter(person_id=person_id)
    return qs


@router.post(
    "/memberships/transfer",
    response={201: MembershipOut, **ERRORS},
    url_name="membership_transfer",
    summary="转会（保留原会员关系记录）",
)
def membership_transfer_api(request: HttpRequest, payload: TransferIn) -> Any:
    user = api_user(request)
    authorize(user, "core.membership.transfer")
    person = _person_in_scope(user, payload.person_id)
    union = _org_in_scope(user, payload.to_union_id, "转入工会")
    with _writing(user):
        membership = membership_transfer(
            person=person, to_union=union, on=payload.on, note=payload.note, user=user
        )
    return Status(201, membership)


# ---------------------------------------------------------------- audit log


@router.page("/audit", AuditOut, url_name="audit_list", summary="审计日志（审计员、市总管理员）")
def audit_list(
    request: HttpRequest,
    person: QueryText = "",
    org: Id | None = None,
    user: Annotated[str, text(150)] = "",
    date_from: IsoDate | None = None,
    date_to: IsoDate | None = None,
    action: Annotated[str, text(16)] = "",
) -> Any:
    viewer = api_user(request)
    authorize(viewer, "core.audit.view")
    return selectors.audit_list(
        user=viewer,
        person=person,
        org=str(org or ""),
        actor=user,
        date_from=date_from,
        date_to=date_to,
        action=action,
    )
