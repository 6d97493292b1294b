"""Filing a claim (申领): the automatic checks, the amount, invoices and documents."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Sum

from gonghui.core import audit, clock
from gonghui.core import documents as uploaded
from gonghui.core.db import unique_or
from gonghui.core.errors import DomainError
from gonghui.core.models import AuditAction, Person, Role, Sex, User
from gonghui.core.money import to_money
from gonghui.core.permissions import requires
from gonghui.core.templatetags.gonghui_ui import yuan
from gonghui.mutual_aid import rules
from gonghui.mutual_aid.models import (
    AidPlan,
    Category,
    Claim,
    ClaimDocument,
    ClaimStatus,
    ClaimStep,
    Enrollment,
    EnrollmentStatus,
    EventKind,
    Invoice,
)
from gonghui.mutual_aid.rules import ZERO


@dataclass
class InvoiceData:
    number: str
    amount: Any


def normalize_invoice_number(text: str) -> str:
    return "".join(str(text).split()).upper()


def document_check(upload: UploadedFile) -> str:
    """The content type of an acceptable document, judged by its bytes, else a Chinese error."""
    return uploaded.check(upload)


def document_display_name(name: str) -> str:
    """The uploaded file's own name as the reviewer will see it (no folders, extension kept)."""
    return uploaded.display_name(name, ClaimDocument._meta.get_field("name").max_length or 200)


def _store_documents(
    claim: Claim, uploads: list[UploadedFile], kinds: list[str], stored: list[str]
) -> None:
    """Save the files under a random name (the original name is kept on the row only);
    every saved path is appended to `stored` so a failed transaction can remove them."""
    for upload, kind in zip(uploads, kinds, strict=True):
        ClaimDocument.objects.create(
            claim=claim,
            path=uploaded.save(upload, kind, folder=f"mutual_aid/{claim.number}", stored=stored),
            name=document_display_name(upload.name or ""),
            content_type=kind,
            size=upload.size or 0,
        )


def cover_check(*, enrollment: Enrollment, event_date: dt.date, event_kind: str) -> None:
    """Raise with the reason and the date cover starts when the event is not covered."""
    plan = enrollment.plan
    if enrollment.status == EnrollmentStatus.CANCELLED:
        ended = enrollment.cancelled_on
        if enrollment.cover_start is None or ended is None or event_date >= ended:
            when = f"已于{ended:%Y-%m-%d}退保" if ended else "已退保"
            why = f"（退保原因：{enrollment.cancel_reason}）" if enrollment.cancel_reason else ""
            raise DomainError(
                f"“{plan}”{when}{why}，出险日期{event_date:%Y-%m-%d}不在保障期内，不能申领"
            )
    elif enrollment.status != EnrollmentStatus.ACTIVE:
        raise DomainError(f"“{plan}”尚未缴费生效，保障未开始，不能申领")
    start = enrollment.cover_start
    if start is None:
        raise DomainError(f"“{plan}”尚未缴费生效，保障未开始，不能申领")
    if event_date < start:
        raise DomainError(f"出险日期{event_date:%Y-%m-%d}早于保障生效日{start:%Y-%m-%d}，不能申领")
    if event_date > plan.period_end:
        raise DomainError(
            f"出险日期{event_date:%Y-%m-%d}晚于保障期止{plan.period_end:%Y-%m-%d}，不在保障期内"
        )
    exempt = (plan.waiting_exempt_renewal and enrollment.continuous) or (
        plan.waiting_exempt_accident and event_kind == EventKind.ACCIDENT
    )
    if plan.waiting_days and not exempt:
        ends = start + dt.timedelta(days=plan.waiting_days)
        if event_date < ends:
            raise DomainError(
                f"出险日期{event_date:%Y-%m-%d}在观察期内（{plan.waiting_days}天，"
                f"保障自{ends:%Y-%m-%d}起生效），不能申领"
            )


def eligibility_check(*, plan: AidPlan, person: Person, event_kind: str, diagnosis: str) -> str:
    """Raise when the event does not fit the plan; returns the matched disease, if any."""
    if plan.women_only and person.sex != Sex.FEMALE:
        raise DomainError(f"“{plan.name}”仅限女职工")
    if plan.category == Category.ACCIDENT and event_kind != EventKind.ACCIDENT:
        raise DomainError("意外伤害互助保障只受理意外事故")
    if plan.diseases:
        hit = rules.match_disease(diagnosis, plan.diseases)
        if hit is None:
            raise DomainError(f"诊断“{diagnosis}”不在“{plan.name}”的病种目录内")
        return hit
    return ""


def paid_this_year(*, enrollment: Enrollment, exclude: Claim | None = None) -> Decimal:
    """What other live claims of this enrollment already take of the yearly cap."""
    qs = Claim.objects.filter(enrollment=enrollment).exclude(status=ClaimStatus.REJECTED)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.aggregate(s=Sum("amount"))["s"] or ZERO


def payout_of(
    plan: AidPlan,
    *,
    self_paid: Decimal,
    admitted_on: dt.date | None,
    discharged_on: dt.date | None,
    used: Decimal,
) -> rules.Payout:
    """What a claim on `plan` yields under its rules when `used` of the yearly cap is taken."""
    return rules.compute_payout(
        rules.PlanTerms.of(plan),
        self_paid=self_paid,
        days=rules.hospital_days(admitted_on, discharged_on),
        paid_this_year=used,
    )


def _step(claim: Claim, step: str, user: User | None, note: str = "") -> None:
    ClaimStep.objects.create(claim=claim, step=step, actor=user, note=note[:300])


@requires("mutual_aid.claim.file", on="enrollment")
def claim_file(
    *,
    user: User,
    enrollment: Enrollment,
    event_kind: str,
    event_date: dt.date,
    diagnosis: str,
    hospital: str = "",
    admitted_on: dt.date | None = None,
    discharged_on: dt.date | None = None,
    self_paid: Any = "0",
    invoices: list[InvoiceData] | None = None,
    documents: list[UploadedFile] | None = None,
    payee_bank: str = "",
    account: str = "",
    linked_to: Claim | None = None,
) -> Claim:
    """File a claim: every automatic check, then the amount with its breakdown."""
    person = enrollment.person
    plan = enrollment.plan
    diagnosis = diagnosis.strip()
    hospital = hospital.strip()
    if not diagnosis:
        raise DomainError("请填写诊断")
    if event_kind not in EventKind.values:
        raise DomainError("事件类型无效")
    if event_date > clock.today():
        raise DomainError("出险日期不能晚于今天")
    paid = to_money(self_paid, field="个人自付金额")
    needs_stay = plan.category in (Category.HOSPITAL, Category.ALLOWANCE)
    if needs_stay:
        if not hospital or admitted_on is None or discharged_on is None:
            raise DomainError(f"“{plan.name}”须填写就诊医院、入院日期和出院日期")
        if discharged_on < admitted_on:
            raise DomainError("出院日期不能早于入院日期")
        if admitted_on < event_date:
            raise DomainError("入院日期不能早于出险日期")
    invoices = invoices or []
    clean_invoices: list[tuple[str, Decimal]] = []
    seen: set[str] = set()
    for inv in invoices:
        number = normalize_invoice_number(inv.number)
        if not number:
            raise DomainError("发票号码不能为空")
        if number in seen:
            raise DomainError(f"发票号码{number}重复填写")
        seen.add(number)
        clean_invoices.append((number, to_money(inv.amount, field=f"发票{number}金额")))
    if plan.payout_rule == "ratio":
        # A linked claim rests on the invoices of the claim it was found from (a number is
        # stored once); an independent claim brings its own.
        source = list(linked_to.invoices.values_list("number", "amount")) if linked_to else []
        if not clean_invoices and not source:
            raise DomainError(f"“{plan.name}”须填写医疗发票")
        total = sum((a for _, a in clean_invoices or source), ZERO)
        if paid > total:
            raise DomainError(f"个人自付{yuan(paid)}超过发票合计{yuan(total)}")
    kinds = [document_check(d) for d in documents or []]
    account = clean_account(account)
    cover_check(enrollment=enrollment, event_date=event_date, event_kind=event_kind)
    eligibility_check(plan=plan, person=person, event_kind=event_kind, diagnosis=diagnosis)
    with uploaded.removed_on_error() as stored, transaction.atomic():
        enrollment = (
            Enrollment.objects.select_for_update().select_related("plan").get(pk=enrollment.pk)
        )
        # Checked again under the lock: a 退保 may have landed since the first check.
        cover_check(enrollment=enrollment, event_date=event_date, event_kind=event_kind)
        used_invoice = (
            Invoice.objects.filter(number__in=[n for n, _ in clean_invoices])
            .select_related("claim")
            .first()
        )
        if used_invoice is not None:
            raise DomainError(
                f"发票号码{used_invoice.number}已在申领{used_invoice.claim.number}中使用，"
                "不能重复报销"
            )
        if needs_stay:
            same = (
                Claim.objects.filter(
                    person=person,
                    plan__category=plan.category,
                    hospital=hospital,
                    admitted_on=admitted_on,
                    discharged_on=discharged_on,
                )
                .exclude(status=ClaimStatus.REJECTED)
                .first()
            )
            if same is not None:
                raise DomainError(f"同一医院、同一住院日期已有申领{same.number}，请勿重复申领")
        used = paid_this_year(enrollment=enrollment)
        payout = payout_of(
            plan, self_paid=paid, admitted_on=admitted_on, discharged_on=discharged_on, used=used
        )
        if payout.amount <= 0:
            if used >= plan.cap_per_year:
                raise DomainError(
                    f"“{plan}”年度累计最高给付{yuan(plan.cap_per_year)}已用完，不能再申领"
                )
            raise DomainError("按保障规则计算，本次可给付金额为0元（自付费用未超过起付线）")
        claim = Claim(
            number=f"TMP{clock.now():%H%M%S%f}",
            enrollment=enrollment,
            plan=plan,
            person=person,
            org=enrollment.org,
            linked_to=linked_to,
            filed_by=user,
            event_kind=event_kind,
            event_date=event_date,
            hospital=hospital,
            admitted_on=admitted_on,
            discharged_on=discharged_on,
            self_paid=paid,
            amount=payout.amount,
            breakdown=payout.breakdown,
            payee_bank=" ".join(payee_bank.split()),
        )
        claim.set_diagnosis(diagnosis)
        if account:
            claim.set_account(account)
        claim.save()
        claim.number = f"HZ{event_date.year}{claim.pk:07d}"
        claim.save(update_fields=["number"])
        with unique_or("发票号码已在其他申领中使用，不能重复报销"):
            Invoice.objects.bulk_create(
                [Invoice(claim=claim, number=n, amount=a) for n, a in clean_invoices]
            )
        _store_documents(claim, documents or [], kinds, stored)
        note = "单位代为申报" if user.role != Role.MEMBER else "职工本人申报"
        if linked_to is not None:
            note = f"由申领{linked_to.number}发现的同一事件关联申领"
        if payout.capped:
            note += f"；{payout.capped}"
        _step(claim, "提交申请", user, note)
    return claim


@requires("mutual_aid.claim.link", on="claim")
def claim_file_linked(*, user: User, claim: Claim, enrollment: Enrollment) -> Claim:
    """File the linked claim the platform proposed for the same event."""
    if enrollment.person_id != claim.person_id:
        raise DomainError("关联申领须为同一参保人")
    if Claim.objects.filter(linked_to=claim, plan=enrollment.plan).exists() or (
        enrollment.plan_id == claim.plan_id
    ):
        raise DomainError(f"同一事件已申领“{enrollment.plan.name}”")
    return claim_file(
        user=user,
        enrollment=enrollment,
        event_kind=claim.event_kind,
        event_date=claim.event_date,
        diagnosis=claim.diagnosis,
        hospital=claim.hospital,
        admitted_on=claim.admitted_on,
        discharged_on=claim.discharged_on,
        self_paid=claim.self_paid,
        payee_bank=claim.payee_bank,
        account=claim.account,
        linked_to=claim,
    )


@requires("mutual_aid.claim.reveal_diagnosis", on="claim")
def claim_reveal_diagnosis(*, user: User, claim: Claim) -> str:
    """The decrypted diagnosis (health data); a staff member's view is logged, the member's not."""
    if user.role == Role.MEMBER:
        return claim.diagnosis
    audit.record(
        action=AuditAction.VIEW_PII, instance=claim, user=user, note="查看申领诊断（健康信息）"
    )
    return claim.diagnosis


@requires("mutual_aid.document.view", on="document")
def claim_document_open(*, user: User, document: ClaimDocument) -> Any:
    """The stored file of a claim document (health data): a staff member's view is logged."""
    claim = document.claim
    fileobj = default_storage.open(document.path, "rb")
    if user.role != Role.MEMBER:
        audit.record(
            action=AuditAction.VIEW_PII,
            instance=claim,
            user=user,
            note=f"查看申领材料“{document.name}”",
        )
    return fileobj


def clean_account(text: str) -> str:
    """A bank account number as stored: digits only, spaces removed, or a Chinese error."""
    account = "".join(str(text).split())
    if account and not account.isdigit():
        raise DomainError("银行账号只能由数字组成")
    if account and not 8 <= len(account) <= 30:
        raise DomainError(f"银行账号应为8到30位数字（填写的是{len(account)}位）")
    return account
