"""Writes of the hardship ledger (困难职工档案): the yearly thresholds, applying (by a union or the
worker online), 基层审核, 县区审批 (建档), 未通过, 解困脱困, changes before filing, household members'
ID numbers and the application's documents.

One person has at most one open case in the whole city: the filing locks the person's registry
row, so two unions filing the same worker at once queue, and the second is refused naming the
first case's organization (the partial unique constraint on Case is the last guard). Re-checks
and 帮扶 records are in services_rechecks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from gonghui.core import audit, clock
from gonghui.core import documents as uploaded
from gonghui.core.crypto import lookup_hash
from gonghui.core.db import unique_or, unless_taken
from gonghui.core.errors import DomainError
from gonghui.core.middleware import acting_as
from gonghui.core.models import AuditAction, Organization, Person, Role, User
from gonghui.core.money import CENT, to_money, yuan
from gonghui.core.permissions import requires
from gonghui.core.validators import normalize_text, parse_id_number
from gonghui.relief.models.cases import (
    OPEN_STATUSES,
    Case,
    CaseCounter,
    CaseDocument,
    CaseStatus,
    CaseStep,
    Category,
    Cause,
    HouseholdMember,
    Relation,
)
from gonghui.relief.selectors_cases import setting_for
from gonghui.relief.services_settings import setting_save

# ---------------------------------------------------------------- the application's content


@dataclass
class MemberData:
    """A household member as typed on the form or read from a sheet."""

    name: str
    relation: str
    id_number: str
    occupation: str = ""
    monthly_income: Any = "0"
    health: str = ""


@dataclass
class _Member:
    data: MemberData
    number: str
    income: Decimal


def _as_member(m: MemberData | dict[str, Any]) -> MemberData:
    return m if isinstance(m, MemberData) else MemberData(**m)


def clean_members(person: Person, members: Sequence[MemberData | dict[str, Any]]) -> list[_Member]:
    """The household members checked: a name, a relation, a valid ID number that is not the
    applicant's and not given twice; the first problem is refused naming the row."""
    out: list[_Member] = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(members, start=1):
        m = _as_member(raw)
        name = normalize_text(m.name)
        label = f"家庭成员第{i}行" + (f"（{name}）" if name else "")
        if not name:
            raise DomainError(f"{label}：请填写姓名", column="members")
        if m.relation not in Relation.values:
            raise DomainError(f"{label}：请选择与申请人关系", column="members")
        try:
            number = str(parse_id_number(m.id_number).number)
        except DomainError as exc:
            raise DomainError(f"{label}：{exc.message}", column="members") from None
        key = lookup_hash(number, purpose="person.id_number")
        if key == person.id_hash:
            raise DomainError(
                f"{label}：身份证号码是申请人{person.name}本人的，申请人不能作为家庭成员填写",
                column="members",
            )
        if key in seen:
            raise DomainError(f"{label}：身份证号码与家庭成员第{seen[key]}行重复", column="members")
        seen[key] = i
        income = to_money(m.monthly_income or "0", field=f"{label}的月收入")
        m.name = name
        out.append(_Member(m, number, income))
    return out


def clean_causes(causes: Sequence[str]) -> list[str]:
    picked = [c for c in dict.fromkeys(causes or [])]
    if not picked:
        raise DomainError("请至少选择一项致困原因", column="causes")
    unknown = [c for c in picked if c not in Cause.values]
    if unknown:
        raise DomainError(f"致困原因“{'、'.join(unknown)}”无效", column="causes")
    return picked


def per_head(household_income: Decimal, household_size: int) -> Decimal:
    return (household_income / household_size).quantize(CENT, rounding=ROUND_HALF_UP)


def assess(*, org: Organization, year: int, income_per_head: Decimal, category: str | None) -> str:
    """The case's category: 意外致困 when chosen, else by the income per head against the year's
    thresholds in force for the organization; an income above both is refused."""
    if category and category not in Category.values:
        raise DomainError("困难类别无效", column="category")
    if category == Category.ACCIDENT:
        return Category.ACCIDENT
    setting = setting_for(org, year)
    if setting is None:
        raise DomainError(
            f"{org.name}及其上级均未设置{year}年困难认定标准，请先由县区总工会设置",
            column="household_income",
        )
    found = setting.category_for(income_per_head)
    if found is None:
        limit = (setting.dibao * setting.relative_multiple).quantize(CENT)
        raise DomainError(
            f"家庭月人均收入{yuan(income_per_head)}高于相对困难标准{yuan(limit)}"
            f"（{setting.org.name}{year}年城市低保标准{yuan(setting.dibao)}×"
            f"{setting.relative_multiple}），不符合困难职工认定条件；"
            "因意外事故等突发情况致困的，请选择“意外致困”",
            column="household_income",
        )
    if category and category != found:
        labels = dict(Category.choices)
        raise DomainError(
            f"按家庭月人均收入{yuan(income_per_head)}应认定为“{labels[found]}”，"
            f"不是“{labels[category]}”；困难类别由收入认定，只有意外致困可以选择",
            column="category",
        )
    return found


def _household(household_size: Any, household_income: Any, n_members: int) -> tuple[int, Decimal]:
    try:
        size = int(household_size)
    except (TypeError, ValueError):
        raise DomainError("家庭人口应为整数", column="household_size") from None
    if not 1 <= size <= 30:
        raise DomainError("家庭人口应在1到30人之间", column="household_size")
    if size < n_members + 1:
        raise DomainError(
            f"家庭人口{size}人少于申请人本人加填写的{n_members}名家庭成员",
            column="household_size",
        )
    income = to_money(household_income, field="家庭月总收入")
    return size, income


# ---------------------------------------------------------------- numbers, steps, documents


def _next_number(year: int) -> str:
    """The next KN{year}-NNNNNN, allocated under the year's counter row lock (the caller's
    transaction holds it until the case is saved; the unique number is the last guard)."""
    if not CaseCounter.objects.filter(year=year).exists():
        used = [
            int(n.rsplit("-", 1)[-1])
            for n in Case.objects.filter(number__startswith=f"KN{year}-").values_list(
                "number", flat=True
            )
            if n.rsplit("-", 1)[-1].isdigit()
        ]
        with unless_taken():
            CaseCounter.objects.bulk_create([CaseCounter(year=year, last=max(used, default=0))])
    counter = CaseCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    # update(): the counter is plumbing; the case's own audit entry shows the number.
    CaseCounter.objects.filter(pk=counter.pk).update(last=counter.last)
    return f"KN{year}-{counter.last:06d}"


def _step(case: Case, step: str, user: User, note: str = "") -> None:
    CaseStep.objects.create(case=case, step=step, actor=user, note=note[:300])


def _store_documents(
    case: Case, uploads: Sequence[UploadedFile], kinds: list[str], stored: list[str]
) -> None:
    for upload, kind in zip(uploads, kinds, strict=True):
        CaseDocument.objects.create(
            case=case,
            path=uploaded.save(upload, kind, folder=f"relief/{case.number}", stored=stored),
            name=uploaded.display_name(upload.name or ""),
            content_type=kind,
            size=upload.size or 0,
        )


def _open_case_refusal(existing: Case, person: Person) -> DomainError:
    return DomainError(
        f"{person.name}已有在档的困难职工档案{existing.number}"
        f"（{existing.org.name}，{existing.get_status_display()}），"
        "全市同一人只能有一份在档档案",
        column="person",
    )


def _save_members(case: Case, members: list[_Member]) -> None:
    for m in members:
        member = HouseholdMember(
            case=case,
            name=m.data.name,
            relation=m.data.relation,
            occupation=normalize_text(m.data.occupation)[:100],
            monthly_income=m.income,
            health=normalize_text(m.data.health)[:100],
        )
        member.set_id_number(m.number)
        member.save()


# ---------------------------------------------------------------- 申请


@requires("relief.case.apply", on="person")
def case_apply(
    *,
    user: User,
    person: Person,
    causes: Sequence[str],
    household_size: Any,
    household_income: Any,
    members: Sequence[MemberData | dict[str, Any]] = (),
    address: str = "",
    situation: str = "",
    category: str | None = None,
    online: bool = False,
    documents: Sequence[UploadedFile] = (),
) -> Case:
    """申请建档: a case on the person's registry record, filed by their union (the person's
    organization). The category follows the income per head unless 意外致困 is chosen."""
    if user is not None and user.role == Role.MEMBER:
        online = True
    picked = clean_causes(causes)
    cleaned = clean_members(person, members)
    size, income = _household(household_size, household_income, len(cleaned))
    head = per_head(income, size)
    today = clock.today()
    org = person.org
    found = assess(org=org, year=today.year, income_per_head=head, category=category or None)
    kinds = [uploaded.check(d, column="documents") for d in documents]
    with uploaded.removed_on_error() as stored, transaction.atomic(), acting_as(user):
        # The person's row serializes filings for them: a second one waits here, then sees
        # the first case.
        person = Person.objects.select_for_update().select_related("org").get(pk=person.pk)
        existing = (
            Case.objects.filter(person=person, status__in=OPEN_STATUSES)
            .select_related("org")
            .first()
        )
        if existing is not None:
            raise _open_case_refusal(existing, person)
        previous = Case.objects.filter(person=person).order_by("-applied_on", "-id").first()
        case = Case(
            number=_next_number(today.year),
            person=person,
            org=person.org,
            category=found,
            causes=picked,
            household_size=size,
            household_income=income,
            income_per_head=head,
            address=normalize_text(address)[:200],
            situation=(situation or "").strip(),
            status=CaseStatus.APPLIED,
            online=online,
            applied_on=today,
            previous=previous,
            created_by=user,
        )
        with unique_or(
            f"{person.name}已有在档的困难职工档案，全市同一人只能有一份在档档案", "person"
        ):
            case.save()
        _save_members(case, cleaned)
        _store_documents(case, documents, kinds, stored)
        note = "职工本人网上申请" if online else "工会代为申请"
        if previous is not None:
            note += f"；再次申请，上一次档案{previous.number}（{previous.get_status_display()}）"
        _step(case, "申请", user, note)
    return case


# ---------------------------------------------------------------- the workflow


def _locked(case: Case, allowed: Sequence[str], doing: str) -> Case:
    locked = Case.objects.select_for_update().select_related("person", "org").get(pk=case.pk)
    if locked.status not in allowed:
        raise DomainError(
            f"档案{locked.number}当前状态为“{locked.get_status_display()}”，不能{doing}"
        )
    return locked


@requires("relief.case.review", on="case")
def case_review(*, user: User, case: Case, note: str = "") -> Case:
    """基层审核: the grassroots union confirms the application; it goes to the county."""
    with transaction.atomic(), acting_as(user):
        case = _locked(case, [CaseStatus.APPLIED], "基层审核")
        case.status = CaseStatus.REVIEWED
        case.reviewed_by = user
        case.reviewed_on = clock.today()
        case.save()
        _step(case, "基层审核", user, (note or "").strip() or "审核通过，报县区审批")
    return case


@requires("relief.case.approve", on="case")
def case_approve(*, user: User, case: Case, note: str = "") -> Case:
    """县区审批: a county (or city) officer other than the reviewer approves; the case is filed."""
    with transaction.atomic(), acting_as(user):
        case = _locked(case, [CaseStatus.REVIEWED], "县区审批")
        if user is not None and case.reviewed_by_id == user.pk:
            raise DomainError("审批人须不同于基层审核人：请由另一位工作人员审批")
        case.status = CaseStatus.FILED
        case.approved_by = user
        case.filed_on = clock.today()
        case.save()
        _step(case, "县区审批", user, (note or "").strip() or "审批通过，建档")
    return case


@requires("relief.case.reject", on="case")
def case_reject(*, user: User, case: Case, reason: str) -> Case:
    """未通过: an application (before filing) is not filed; the reason is required."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("请填写不予建档的原因", column="reason")
    with transaction.atomic(), acting_as(user):
        case = _locked(case, [CaseStatus.APPLIED, CaseStatus.REVIEWED], "退回")
        case.status = CaseStatus.REJECTED
        case.rejected_reason = reason[:300]
        case.save()
        _step(case, "未通过", user, reason)
    return case


def _close_case(case: Case, *, user: User, reason: str, on: dt.date) -> None:
    """Mark a (locked, filed) case 已解困脱困; its re-checks still open are closed with it."""
    from gonghui.relief.models.cases import Recheck, RecheckResult

    case.status = CaseStatus.EXITED
    case.exit_reason = reason[:300]
    case.exited_on = on
    case.save()
    for recheck in Recheck.objects.filter(case=case, done_on__isnull=True):
        recheck.done_on = on
        recheck.result = RecheckResult.EXIT
        recheck.note = f"解困脱困：{reason}"[:300]
        recheck.done_by = user
        recheck.save()
    _step(case, "解困脱困", user, f"{on:%Y-%m-%d}：{reason}")


@requires("relief.case.exit", on="case")
def case_exit(*, user: User, case: Case, reason: str, exited_on: dt.date | None) -> Case:
    """解困脱困: a filed case leaves the ledger, with the reason and the date."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("请填写解困脱困原因", column="reason")
    if exited_on is None:
        raise DomainError("请填写解困脱困日期", column="exited_on")
    if exited_on > clock.today():
        raise DomainError("解困脱困日期不能晚于今天", column="exited_on")
    with transaction.atomic(), acting_as(user):
        case = _locked(case, [CaseStatus.FILED], "办理解困脱困（只有已建档的档案可以办理）")
        if case.filed_on and exited_on < case.filed_on:
            raise DomainError(
                f"解困脱困日期不能早于建档日期{case.filed_on:%Y-%m-%d}", column="exited_on"
            )
        _close_case(case, user=user, reason=reason, on=exited_on)
    return case


_UNSET: Any = object()


@requires("relief.case.change", on="case")
def case_change(
    *,
    user: User,
    case: Case,
    causes: Sequence[str] | None = None,
    household_size: Any = None,
    household_income: Any = None,
    members: Sequence[MemberData | dict[str, Any]] | None = None,
    address: str | None = None,
    situation: str | None = None,
    category: Any = _UNSET,
) -> Case:
    """修改申请 before filing: members, income, causes … (None: unchanged). The category and
    the income per head are assessed again; a reviewed application goes back to 基层审核."""
    with transaction.atomic(), acting_as(user):
        case = _locked(case, [CaseStatus.APPLIED, CaseStatus.REVIEWED], "修改")
        changed: list[str] = []
        if causes is not None:
            picked = clean_causes(causes)
            if picked != case.causes:
                case.causes = picked
                changed.append("致困原因")
        cleaned = clean_members(case.person, members) if members is not None else None
        n_members = len(cleaned) if cleaned is not None else case.members.count()
        size, income = _household(
            case.household_size if household_size is None else household_size,
            case.household_income if household_income is None else household_income,
            n_members,
        )
        if size != case.household_size or income != case.household_income:
            changed.append("家庭人口和收入")
        case.household_size, case.household_income = size, income
        case.income_per_head = per_head(income, size)
        wanted = case.category if category is _UNSET else category
        if category is _UNSET and case.category != Category.ACCIDENT:
            wanted = None
        found = assess(
            org=case.org,
            year=case.applied_on.year,
            income_per_head=case.income_per_head,
            category=wanted or None,
        )
        if found != case.category:
            changed.append("困难类别")
            case.category = found
        if address is not None and normalize_text(address) != case.address:
            case.address = normalize_text(address)[:200]
            changed.append("家庭住址")
        if situation is not None and situation.strip() != case.situation:
            case.situation = situation.strip()
            changed.append("困难情况")
        if cleaned is not None:
            case.members.all().delete()
            _save_members(case, cleaned)
            changed.append("家庭成员")
        note = "修改了" + "、".join(changed) if changed else "未改动内容"
        if case.status == CaseStatus.REVIEWED and changed:
            case.status = CaseStatus.APPLIED
            case.reviewed_by = None
            case.reviewed_on = None
            note += "；需重新基层审核"
        case.save()
        _step(case, "修改申请", user, note)
    return case


# ---------------------------------------------------------------- personal information


@requires("relief.case.reveal", on="member")
def member_reveal(*, user: User, member: HouseholdMember) -> str:
    """A household member's full ID number; every view is logged (who saw whose)."""
    audit.record(
        action=AuditAction.VIEW_PII,
        instance=member,
        user=user,
        org=member.case.org,
        note=f"查看困难职工档案{member.case.number}家庭成员{member.name}的完整身份证号码",
    )
    return member.id_number


@requires("relief.case.view", on="document")
def case_document_open(*, user: User, document: CaseDocument) -> Any:
    """The stored file of an application document for a staff member in scope (logged)."""
    fileobj = default_storage.open(document.path, "rb")
    audit.record(
        action=AuditAction.VIEW_PII,
        instance=document.case,
        user=user,
        note=f"查看困难申请材料“{document.name}”",
    )
    return fileobj


@requires("relief.mine.view", on="document")
def my_document_open(*, user: User, document: CaseDocument) -> Any:
    """The stored file of one of the worker's own application documents."""
    return default_storage.open(document.path, "rb")


__all__ = ["setting_save"]
