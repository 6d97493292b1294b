"""Writes of 职工互助保障: each function validates, runs in one transaction and locks what it races on.

Who may call which write is the permission table (mutual_aid/permissions.py), checked by
@requires before the body runs; what stays here are the business rules (maker-checker, states).
Audit entries come from core.signals (every model of this app is audited on save); the payment
batch services add one entry each naming what was confirmed (count, total, budget line, voucher),
since their bulk updates of the payments pass no signal.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Sum

from gonghui.core import clock
from gonghui.core.audit import audit_log
from gonghui.core.errors import DomainError
from gonghui.core.models import AuditAction, Employer, Organization, Person, Role, Sex, User
from gonghui.core.money import to_money
from gonghui.core.permissions import Denied, authorize, can, requires
from gonghui.core.workdays import workdays_between
from gonghui.mutual_aid import rules
from gonghui.mutual_aid.models import (
    AidBudget,
    AidPlan,
    BatchSequence,
    BillStatus,
    Category,
    Claim,
    ClaimDocument,
    ClaimPayment,
    ClaimStatus,
    ClaimStep,
    Contribution,
    ContributionPayment,
    Enrollment,
    EnrollmentStatus,
    EventKind,
    Invoice,
    Payer,
    PaymentBatch,
    PayoutRule,
)
from gonghui.mutual_aid.selectors import unit_org

ZERO = Decimal("0.00")
HALF = Decimal("0.5")


def _today(on: dt.date | None) -> dt.date:
    return on or clock.today()


# ---------------------------------------------------------------- plans


def plan_seed_year(*, year: int) -> list[AidPlan]:
    """Create the year's default plans (idempotent); for demo data and fixtures, pages use plan_seed."""
    out = []
    with transaction.atomic():
        for values in rules.default_plans(year):
            plan, _ = AidPlan.objects.get_or_create(name=values["name"], year=year, defaults=values)
            out.append(plan)
    return out


@requires("mutual_aid.plan.create")
def plan_seed(*, user: User, year: int) -> list[AidPlan]:
    """按默认规则生成 a year's plans from the plans page (idempotent by name and year)."""
    return plan_seed_year(year=year)


@dataclass
class PlanData:
    """The terms of one plan for one coverage period, as an administrator enters them."""

    name: str
    category: str
    year: int
    period_start: dt.date
    period_end: dt.date
    contribution: Any
    payout_rule: str
    cap_per_claim: Any
    cap_per_year: Any
    waiting_days: int = 90
    waiting_exempt_renewal: bool = True
    waiting_exempt_accident: bool = True
    deductible: Any = "0"
    ratio: Any = "0"  # a fraction: 0.55 is 55%
    per_day: Any = "0"
    max_days: int = 0
    fixed_amount: Any = "0"
    women_only: bool = False
    diseases: list[dict[str, Any]] | None = None


def plan_clean(data: PlanData) -> dict[str, Any]:
    """The AidPlan field values of `data`, or a Chinese error naming the first wrong term."""
    name = " ".join(str(data.name).split())
    if not name:
        raise DomainError("请填写项目名称")
    if data.category not in Category.values:
        raise DomainError("保障类别无效")
    if data.payout_rule not in PayoutRule.values:
        raise DomainError("给付方式无效")
    if not 2000 <= data.year <= 2100:
        raise DomainError(f"年度{data.year}无效")
    if data.period_start is None or data.period_end is None:
        raise DomainError("请填写保障期起止日期")
    if data.period_end < data.period_start:
        raise DomainError(
            f"保障期止{data.period_end:%Y-%m-%d}不能早于保障期起{data.period_start:%Y-%m-%d}"
        )
    if data.period_start.year != data.year:
        raise DomainError(f"保障期起{data.period_start:%Y-%m-%d}应在{data.year}年度内")
    money = {
        "contribution": to_money(data.contribution, field="每人缴费"),
        "deductible": to_money(data.deductible, field="起付线"),
        "per_day": to_money(data.per_day, field="每日津贴"),
        "fixed_amount": to_money(data.fixed_amount, field="定额"),
        "cap_per_claim": to_money(data.cap_per_claim, field="每次最高给付"),
        "cap_per_year": to_money(data.cap_per_year, field="年度累计最高给付"),
    }
    try:
        ratio = Decimal(str(data.ratio).strip())
    except (ArithmeticError, ValueError):
        raise DomainError(f"给付比例“{data.ratio}”不是有效的数字") from None
    if not ratio.is_finite() or not ZERO <= ratio <= 1:
        raise DomainError(f"给付比例应在0%到100%之间（填写的是{(ratio * 100).normalize():f}%）")
    if ratio != ratio.quantize(Decimal("0.001")):
        raise DomainError("给付比例最多保留一位小数的百分数（如55.5%）")
    if not 0 <= data.waiting_days <= 730:
        raise DomainError("观察期应在0到730天之间")
    if not 0 <= data.max_days <= 366:
        raise DomainError("每次最多天数应在0到366天之间")
    if money["cap_per_claim"] <= 0:
        raise DomainError("每次最高给付必须大于0")
    if money["cap_per_claim"] > money["cap_per_year"]:
        raise DomainError(
            f"每次最高给付{money['cap_per_claim']:.2f}元不能超过年度累计最高给付"
            f"{money['cap_per_year']:.2f}元"
        )
    if data.payout_rule == PayoutRule.RATIO and ratio <= 0:
        raise DomainError("按比例给付须填写大于0%的给付比例")
    if data.payout_rule == PayoutRule.PER_DAY and money["per_day"] <= 0:
        raise DomainError("按住院天数给付须填写每日津贴")
    if data.payout_rule == PayoutRule.FIXED and money["fixed_amount"] <= 0:
        raise DomainError("定额给付须填写定额")
    diseases = [
        {
            "name": str(d.get("name", "")).strip(),
            "keywords": [str(k).strip() for k in d.get("keywords", []) if str(k).strip()],
        }
        for d in data.diseases or []
        if str(d.get("name", "")).strip()
    ]
    if data.category in (Category.CRITICAL, Category.FEMALE) and not diseases:
        raise DomainError("重大疾病、女职工特殊疾病项目须填写病种目录")
    return {
        "name": name,
        "category": data.category,
        "year": data.year,
        "period_start": data.period_start,
        "period_end": data.period_end,
        "waiting_days": data.waiting_days,
        "waiting_exempt_renewal": data.waiting_exempt_renewal,
        "waiting_exempt_accident": data.waiting_exempt_accident,
        "payout_rule": data.payout_rule,
        "ratio": ratio,
        "max_days": data.max_days,
        "women_only": data.women_only,
        "diseases": diseases,
        **money,
    }


def _plan_name_free(name: str, year: int, exclude: int | None = None) -> None:
    taken = AidPlan.objects.filter(name=name, year=year)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise DomainError(f"{year}年已有保障项目“{name}”，请换一个名称")


@requires("mutual_aid.plan.create")
def plan_create(*, user: User, data: PlanData) -> AidPlan:
    """A new plan for one coverage period (open for enrollment)."""
    values = plan_clean(data)
    with transaction.atomic():
        _plan_name_free(values["name"], values["year"])
        plan = AidPlan(**values, is_active=True)
        try:
            with transaction.atomic():
                plan.save()
        except IntegrityError:
            raise DomainError(f"{values['year']}年已有保障项目“{values['name']}”") from None
    return plan


@requires("mutual_aid.plan.change", on="plan")
def plan_update(*, user: User, plan: AidPlan, data: PlanData) -> AidPlan:
    """Change a period's terms while nobody is enrolled in it yet."""
    values = plan_clean(data)
    with transaction.atomic():
        plan = AidPlan.objects.select_for_update().get(pk=plan.pk)
        count = plan.enrollments.count()
        if count:
            raise DomainError(
                f"“{plan}”已有{count}条参保登记，规则不能再修改；如需调整，请停止本期参保并新建下一期"
            )
        _plan_name_free(values["name"], values["year"], exclude=plan.pk)
        for key, value in values.items():
            setattr(plan, key, value)
        plan.save()
    return plan


@requires("mutual_aid.plan.close", on="plan")
def plan_close(*, user: User, plan: AidPlan) -> AidPlan:
    """停止参保: no new enrollments; those already covered keep their cover and claims."""
    with transaction.atomic():
        plan = AidPlan.objects.select_for_update().get(pk=plan.pk)
        if not plan.is_active:
            raise DomainError(f"“{plan}”已停止参保登记")
        plan.is_active = False
        plan.save()
    return plan


# ---------------------------------------------------------------- enrollment


# Never says where a unit outside one's scope is registered.
UNIT_ELSEWHERE = "该单位已在其他组织登记，不在您的管辖范围内"


def _unit_in_scope(user: User, key: str, org: Organization) -> None:
    """The unit's organization (employer's union) must lie in the user's subtree too."""
    if not can(user, key, org):
        raise Denied(UNIT_ELSEWHERE, action=key)


def previous_enrollment(*, person: Person, plan: AidPlan) -> Enrollment | None:
    """The person's active enrollment in the same category the year before (for continuity)."""
    return (
        Enrollment.objects.filter(
            person=person,
            plan__category=plan.category,
            plan__year=plan.year - 1,
            status=EnrollmentStatus.ACTIVE,
        )
        .order_by("-id")
        .first()
    )


def enrollment_check(*, plan: AidPlan, person: Person) -> None:
    """Raise when the person may not join the plan."""
    if not plan.is_active:
        raise DomainError(f"“{plan}”已停止参保登记")
    if plan.women_only and person.sex != Sex.FEMALE:
        raise DomainError(f"“{plan.name}”仅限女职工参加，{person.name}不符合条件")
    if person.status == "deceased":
        raise DomainError(f"{person.name}已故，不能参保")


@requires("mutual_aid.enrollment.create", on="person")
def enrollment_create(
    *,
    user: User,
    plan: AidPlan,
    person: Person,
    payer: str,
    employer: Employer | None = None,
) -> Enrollment:
    """Enroll one person in one plan (待缴费 until the unit's bill is paid)."""
    org = unit_org(employer=employer, person=person)
    _unit_in_scope(user, "mutual_aid.enrollment.create", org)
    if payer not in Payer.values:
        raise DomainError("缴费方式无效")
    if payer in (Payer.UNIT, Payer.SPLIT) and employer is None:
        raise DomainError("单位缴纳或单位与工会分担时须填写参保单位")
    enrollment_check(plan=plan, person=person)
    with transaction.atomic():
        # Lock the person so two simultaneous enrollments of the same person serialize.
        Person.objects.select_for_update().get(pk=person.pk)
        other = Enrollment.objects.filter(person=person, plan=plan).exclude(
            status=EnrollmentStatus.CANCELLED
        )
        if other.exists():
            raise DomainError(f"{person.name}已参加“{plan}”，不能重复登记")
        prev = previous_enrollment(person=person, plan=plan)
        enrollment = Enrollment(
            plan=plan,
            person=person,
            employer=employer,
            org=org,
            payer=payer,
            amount=plan.contribution,
            continuous=prev is not None,
            renewed_from=prev,
        )
        try:
            with transaction.atomic():
                enrollment.save()
        except IntegrityError:
            raise DomainError(f"{person.name}已参加“{plan}”，不能重复登记") from None
    return enrollment


@requires("mutual_aid.enrollment.cancel", on="enrollment")
def enrollment_cancel(
    *, user: User, enrollment: Enrollment, reason: str, on: dt.date
) -> Enrollment:
    """退保: cover stops from `on`; claims for events before it stay valid."""
    reason = " ".join(reason.split())
    if not reason:
        raise DomainError("请填写退保原因")
    if on is None:
        raise DomainError("请填写退保日期")
    with transaction.atomic():
        enrollment = (
            Enrollment.objects.select_for_update().select_related("plan").get(pk=enrollment.pk)
        )
        plan = enrollment.plan
        if enrollment.status == EnrollmentStatus.CANCELLED:
            raise DomainError(f"该参保登记已于{enrollment.cancelled_on:%Y-%m-%d}退保")
        if enrollment.status == EnrollmentStatus.PENDING and enrollment.bill_id is not None:
            # The bill's amount already counts this person: cancelling would break reconciliation.
            raise DomainError("该参保登记已开入缴费单、尚未缴清，请缴清后再办理退保")
        if enrollment.status == EnrollmentStatus.ACTIVE:
            start = enrollment.cover_start or plan.period_start
            if on < start:
                raise DomainError(f"退保日期{on:%Y-%m-%d}不能早于保障生效日{start:%Y-%m-%d}")
            if on > plan.period_end:
                raise DomainError(
                    f"退保日期{on:%Y-%m-%d}不能晚于保障期止{plan.period_end:%Y-%m-%d}"
                )
        later = (
            enrollment.claims.exclude(status=ClaimStatus.REJECTED)
            .filter(event_date__gte=on)
            .order_by("event_date")
            .first()
        )
        if later is not None:
            raise DomainError(
                f"申领{later.number}的出险日期{later.event_date:%Y-%m-%d}不早于退保日期，"
                "不能退保；请先办结该申领或另选退保日期"
            )
        enrollment.status = EnrollmentStatus.CANCELLED
        enrollment.cancelled_on = on
        enrollment.cancel_reason = reason[:200]
        enrollment.save()
    return enrollment


# ---------------------------------------------------------------- contributions


def _shares(payer: str, amount: Decimal) -> tuple[Decimal, Decimal, Decimal]:
    """(unit, worker, union) parts of one contribution."""
    if payer == Payer.UNIT:
        return amount, ZERO, ZERO
    if payer == Payer.WORKER:
        return ZERO, amount, ZERO
    if payer == Payer.UNION:
        return ZERO, ZERO, amount
    unit = (amount * HALF).quantize(rules.CENT)
    return unit, ZERO, amount - unit


@requires("mutual_aid.contribution.bill")
def contribution_bill(
    *, user: User, plan: AidPlan, employer: Employer | None, org: Organization | None = None
) -> Contribution:
    """Open the bill for a unit's pending enrollments in a plan (not yet on a bill)."""
    if employer is not None:
        scope_org = unit_org(employer=employer)
        _unit_in_scope(user, "mutual_aid.contribution.bill", scope_org)
    elif org is not None:
        scope_org = org
        authorize(user, "mutual_aid.contribution.bill", scope_org)
    else:
        raise DomainError("请指定参保单位或工会")
    with transaction.atomic():
        pending = Enrollment.objects.filter(
            plan=plan, employer=employer, status=EnrollmentStatus.PENDING, bill=None
        )
        if employer is None:
            pending = pending.filter(org=scope_org)
        else:
            # Only the unit's enrollments registered in this subtree (never another county's).
            pending = pending.filter(org__path__startswith=scope_org.path)
        bill = Contribution.objects.create(
            plan=plan, employer=employer, org=scope_org, amount_due=ZERO
        )
        # The UPDATE claims (and locks) the rows: a second bill at the same time finds none.
        count = pending.update(bill=bill)
        if not count:
            raise DomainError("没有待开单的参保登记")
        unit = worker = union = ZERO
        for row in bill.enrollments.values("payer").annotate(total=Sum("amount")):
            u, w, n = _shares(row["payer"], row["total"])
            unit, worker, union = unit + u, worker + w, union + n
        bill.headcount = count
        bill.unit_share, bill.worker_share, bill.union_share = unit, worker, union
        bill.amount_due = unit + worker + union
        bill.save()
    return bill


@requires("mutual_aid.contribution.pay", on="bill")
def contribution_pay(
    *, user: User, bill: Contribution, amount: Any, paid_on: dt.date, reference: str = ""
) -> Contribution:
    """Record money received; a fully paid bill activates its enrollments."""
    value = to_money(amount, field="到账金额")
    if value <= 0:
        raise DomainError("到账金额必须大于0")
    with transaction.atomic():
        bill = Contribution.objects.select_for_update().get(pk=bill.pk)
        left = bill.amount_due - bill.amount_paid
        if value > left:
            raise DomainError(f"到账金额{value:.2f}元超出未缴金额{left:.2f}元，请核对")
        ContributionPayment.objects.create(
            bill=bill, amount=value, paid_on=paid_on, reference=reference.strip(), recorded_by=user
        )
        bill.amount_paid += value
        bill.status = BillStatus.PAID if bill.amount_paid == bill.amount_due else BillStatus.PARTIAL
        bill.save()
        if bill.status == BillStatus.PAID:
            start = max(bill.plan.period_start, paid_on)
            # One UPDATE for the whole bill (a unit may enroll thousands); one audit entry says
            # how many people the payment activated, instead of one per enrollment.
            count = bill.enrollments.filter(status=EnrollmentStatus.PENDING).update(
                status=EnrollmentStatus.ACTIVE, cover_start=start
            )
            audit_log(
                action=AuditAction.UPDATE,
                instance=bill,
                user=user,
                note=f"缴费单缴清，{count}人保障自{start:%Y-%m-%d}起生效",
            )
    return bill


# ---------------------------------------------------------------- claims: filing


@dataclass
class InvoiceData:
    number: str
    amount: Any


def normalize_invoice_number(text: str) -> str:
    return "".join(str(text).split()).upper()


_SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)
_EXTENSIONS = {
    "application/pdf": {".pdf"},
    "image/png": {".png"},
    "image/jpeg": {".jpg", ".jpeg"},
}


def document_check(upload: UploadedFile) -> str:
    """The content type of an acceptable document, judged by its bytes, else a Chinese error."""
    name = upload.name or "文件"
    size = upload.size or 0
    if size == 0:
        raise DomainError(f"“{name}”是空文件")
    if size > rules.MAX_DOCUMENT_BYTES:
        raise DomainError(
            f"“{name}”大小{size / 1024 / 1024:.1f}MB，超过"
            f"{rules.MAX_DOCUMENT_BYTES // 1024 // 1024}MB上限"
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = next((ct for sig, ct in _SIGNATURES if head.startswith(sig)), None)
    if kind is None:
        raise DomainError(f"“{name}”不是PDF或图片（JPG、PNG）文件，不能上传")
    ext = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in _EXTENSIONS[kind]:
        raise DomainError(f"“{name}”的扩展名与文件内容不符，请上传原始的PDF或图片")
    return kind


def document_display_name(name: str) -> str:
    """The uploaded file's own name as the reviewer will see it (no folders, extension kept)."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1].strip() or "文件"
    limit = ClaimDocument._meta.get_field("name").max_length or 200
    if len(name) <= limit:
        return name
    stem, dot, ext = name.rpartition(".")
    if not dot or len(ext) > 10:
        return name[:limit]
    return stem[: limit - len(ext) - 1] + "." + ext


def _store_documents(
    claim: Claim, uploads: list[UploadedFile], kinds: list[str], stored: list[str]
) -> None:
    """Save the files under a random name (the original name is kept on the row only);
    every saved path is appended to `stored` so a failed transaction can remove them."""
    for upload, kind in zip(uploads, kinds, strict=True):
        suffix = ".pdf" if kind == "application/pdf" else sorted(_EXTENSIONS[kind])[0]
        upload.seek(0)
        path = default_storage.save(f"mutual_aid/{claim.number}/{uuid.uuid4().hex}{suffix}", upload)
        stored.append(path)
        ClaimDocument.objects.create(
            claim=claim,
            path=path,
            name=document_display_name(upload.name or ""),
            content_type=kind,
            size=upload.size or 0,
        )


@contextmanager
def _files_removed_on_error() -> Iterator[list[str]]:
    """The database rolls back on an error; the files saved meanwhile are deleted with it."""
    stored: list[str] = []
    try:
        yield stored
    except BaseException:
        for path in stored:
            default_storage.delete(path)
        raise


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
            raise DomainError(f"个人自付{paid:.2f}元超过发票合计{total:.2f}元")
    kinds = [document_check(d) for d in documents or []]
    account = clean_account(account)
    cover_check(enrollment=enrollment, event_date=event_date, event_kind=event_kind)
    eligibility_check(plan=plan, person=person, event_kind=event_kind, diagnosis=diagnosis)
    with _files_removed_on_error() as stored, transaction.atomic():
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
        payout = rules.compute_payout(
            rules.PlanTerms.of(plan),
            self_paid=paid,
            days=rules.hospital_days(admitted_on, discharged_on),
            paid_this_year=used,
        )
        if payout.amount <= 0:
            if used >= plan.cap_per_year:
                raise DomainError(
                    f"“{plan}”年度累计最高给付{plan.cap_per_year:.2f}元已用完，不能再申领"
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
            breakdown=[list(line) for line in payout.lines],
            payee_bank=" ".join(payee_bank.split()),
        )
        claim.set_diagnosis(diagnosis)
        if account:
            claim.set_account(account)
        claim.save()
        claim.number = f"HZ{event_date.year}{claim.pk:07d}"
        claim.save(update_fields=["number"])
        try:
            with transaction.atomic():
                Invoice.objects.bulk_create(
                    [Invoice(claim=claim, number=n, amount=a) for n, a in clean_invoices]
                )
        except IntegrityError:
            raise DomainError("发票号码已在其他申领中使用，不能重复报销") from None
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
    audit_log(
        action=AuditAction.VIEW_PII, instance=claim, user=user, note="查看申领诊断（健康信息）"
    )
    return claim.diagnosis


@requires("mutual_aid.document.view", on="document")
def claim_document_open(*, user: User, document: ClaimDocument) -> Any:
    """The stored file of a claim document (health data): a staff member's view is logged."""
    claim = document.claim
    fileobj = default_storage.open(document.path, "rb")
    if user.role != Role.MEMBER:
        audit_log(
            action=AuditAction.VIEW_PII,
            instance=claim,
            user=user,
            note=f"查看申领材料“{document.name}”",
        )
    return fileobj


# ---------------------------------------------------------------- claims: review


def _lock(claim: Claim, allowed: set[str], action: str) -> Claim:
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    if locked.status not in allowed:
        raise DomainError(
            f"申领{locked.number}当前状态为“{locked.get_status_display()}”，不能{action}"
        )
    return locked


@requires("mutual_aid.claim.accept", on="claim")
def claim_accept(*, claim: Claim, user: User, on: dt.date | None = None) -> Claim:
    """受理: the application is complete; the 7-working-day clock starts."""
    with transaction.atomic():
        claim = _lock(claim, {ClaimStatus.SUBMITTED}, "受理")
        claim.status = ClaimStatus.ACCEPTED
        claim.accepted_on = _today(on)
        claim.accepted_by = user
        claim.save()
        _step(claim, "受理", user, "材料齐全，开始计时")
    return claim


@requires("mutual_aid.claim.request_supplement", on="claim")
def claim_request_supplement(
    *, claim: Claim, user: User, note: str, on: dt.date | None = None
) -> Claim:
    """补充材料: the clock stops until the materials arrive."""
    if not note.strip():
        raise DomainError("请写明需要补充的材料")
    with transaction.atomic():
        claim = _lock(claim, {ClaimStatus.ACCEPTED, ClaimStatus.REVIEWED}, "要求补充材料")
        claim.status = ClaimStatus.SUPPLEMENT
        claim.supplement_since = _today(on)
        claim.reviewed_by = None
        claim.save()
        _step(claim, "补充材料", user, note.strip())
    return claim


@requires("mutual_aid.claim.supplement_done", on="claim")
def claim_supplement_done(
    *,
    claim: Claim,
    user: User,
    documents: list[UploadedFile] | None = None,
    on: dt.date | None = None,
) -> Claim:
    """The materials arrived: the clock runs again, the paused working days are not counted."""
    kinds = [document_check(d) for d in documents or []]
    with _files_removed_on_error() as stored, transaction.atomic():
        locked = Claim.objects.select_for_update().get(pk=claim.pk)
        if locked.status != ClaimStatus.SUPPLEMENT:
            raise DomainError("该申领不在补充材料环节")
        today = _today(on)
        since = locked.supplement_since or today
        locked.paused_workdays += workdays_between(since, today)
        locked.status = ClaimStatus.ACCEPTED
        locked.supplement_since = None
        locked.save()
        _store_documents(locked, documents or [], kinds, stored)
        _step(locked, "材料已补充", user, "恢复计时")
    return locked


@requires("mutual_aid.claim.review", on="claim")
def claim_review(*, claim: Claim, user: User, note: str = "") -> Claim:
    """审核: the reviewer confirms the amount (re-checked against the caps)."""
    with transaction.atomic():
        claim = _lock(claim, {ClaimStatus.ACCEPTED}, "审核")
        if claim.filed_by_id == user.pk:
            raise DomainError("不能审核自己提交的申领")
        enrollment = Enrollment.objects.select_for_update().get(pk=claim.enrollment_id)
        payout = rules.compute_payout(
            rules.PlanTerms.of(claim.plan),
            self_paid=claim.self_paid,
            days=rules.hospital_days(claim.admitted_on, claim.discharged_on),
            paid_this_year=paid_this_year(enrollment=enrollment, exclude=claim),
        )
        if payout.amount <= 0:
            raise DomainError("年度给付额度已用完，应作不予给付处理")
        claim.amount = payout.amount
        claim.breakdown = [list(line) for line in payout.lines]
        claim.status = ClaimStatus.REVIEWED
        claim.reviewed_by = user
        claim.save()
        _step(claim, "审核通过", user, note or f"核定互助金{payout.amount:.2f}元")
    return claim


@requires("mutual_aid.claim.check", on="claim")
def claim_check(*, claim: Claim, user: User, note: str = "") -> Claim:
    """复核 by a second person: approved for payment (exactly one payment per claim)."""
    with transaction.atomic():
        claim = _lock(claim, {ClaimStatus.REVIEWED}, "复核")
        if claim.reviewed_by_id == user.pk:
            raise DomainError("审核人与复核人不能为同一人，请由另一位工作人员复核")
        if claim.filed_by_id == user.pk:
            raise DomainError("不能复核自己提交的申领")
        claim.status = ClaimStatus.APPROVED
        claim.checked_by = user
        claim.save()
        ClaimPayment.objects.create(claim=claim, amount=claim.amount)
        _step(claim, "复核通过", user, note or f"待支付{claim.amount:.2f}元")
    return claim


@requires("mutual_aid.claim.reject", on="claim")
def claim_reject(*, claim: Claim, user: User, reason: str) -> Claim:
    """不予给付, with the reason the member will read."""
    if not reason.strip():
        raise DomainError("请填写不予给付的原因")
    with transaction.atomic():
        claim = _lock(
            claim,
            {
                ClaimStatus.SUBMITTED,
                ClaimStatus.ACCEPTED,
                ClaimStatus.SUPPLEMENT,
                ClaimStatus.REVIEWED,
            },
            "作不予给付处理",
        )
        claim.status = ClaimStatus.REJECTED
        claim.reject_reason = reason.strip()[:200]
        claim.amount = ZERO
        claim.save()
        # Invoices of a rejected claim may be used again in a corrected claim.
        claim.invoices.all().delete()
        _step(claim, "不予给付", user, reason.strip())
    return claim


# ---------------------------------------------------------------- payee bank details


def clean_account(text: str) -> str:
    """A bank account number as stored: digits only, spaces removed, or a Chinese error."""
    account = "".join(str(text).split())
    if account and not account.isdigit():
        raise DomainError("银行账号只能由数字组成")
    if account and not 8 <= len(account) <= 30:
        raise DomainError(f"银行账号应为8到30位数字（填写的是{len(account)}位）")
    return account


@requires("mutual_aid.claim.bank", on="claim")
def claim_update_bank(*, claim: Claim, user: User, payee_bank: str, account: str) -> Claim:
    """填写或更正收款账户 (开户行, 银行账号) of a claim not yet in a payment batch."""
    bank = " ".join(str(payee_bank).split())
    number = clean_account(account)
    if not bank or not number:
        raise DomainError("请填写开户行和银行账号")
    if len(bank) > 60:
        raise DomainError("开户行名称不能超过60个字")
    with transaction.atomic():
        locked = Claim.objects.select_for_update().get(pk=claim.pk)
        if locked.status in (ClaimStatus.PAID, ClaimStatus.REJECTED):
            raise DomainError(
                f"申领{locked.number}当前状态为“{locked.get_status_display()}”，不能修改收款账户"
            )
        batched = (
            ClaimPayment.objects.filter(claim=locked, batch__isnull=False)
            .select_related("batch")
            .first()
        )
        if batched is not None and batched.batch is not None:
            raise DomainError(
                f"申领{locked.number}已在支付批次{batched.batch.number}中，"
                "请先将其移出批次再修改收款账户"
            )
        locked.payee_bank = bank
        locked.set_account(number)
        locked.save()
        _step(locked, "更新收款账户", user, f"{bank} {locked.account_masked}")
    return locked


# ---------------------------------------------------------------- budget


def clean_budget_line(text: str) -> str:
    line = " ".join(str(text or "").split())
    if not line:
        raise DomainError("请填写预算科目")
    if len(line) > 60:
        raise DomainError("预算科目不能超过60个字")
    return line


def clean_budget_year(year: Any) -> int:
    try:
        value = int(year)
    except (TypeError, ValueError):
        raise DomainError(f"预算年度“{year}”无效") from None
    if not 2000 <= value <= 2100:
        raise DomainError(f"预算年度{value}无效")
    return value


@requires("mutual_aid.budget.change")
def budget_save(*, user: User, year: int, line: str, amount: Any = None) -> AidBudget:
    """Set a year's budget line (预算科目) and its amount; a blank amount names the line only."""
    year = clean_budget_year(year)
    line = clean_budget_line(line)
    value = None
    if amount is not None and str(amount).strip() != "":
        value = to_money(amount, field="预算金额")
    with transaction.atomic():
        budget = AidBudget.objects.select_for_update().filter(year=year, line=line).first()
        if budget is None:
            budget = AidBudget(year=year, line=line)
        budget.amount = value
        budget.updated_by = user
        try:
            with transaction.atomic():
                budget.save()
        except IntegrityError:
            raise DomainError(f"{year}年预算科目“{line}”已存在，请刷新后再修改") from None
    return budget


# ---------------------------------------------------------------- payments


@dataclass(frozen=True)
class BatchSummary:
    """What the officer confirms before a batch is made or marked paid: how many claims, how
    much in total, from which budget line. The services compare it with what they find under
    the lock, so a stale page, an API call or a double click cannot act on something else."""

    count: int
    total: Decimal
    budget_line: str

    def text(self) -> str:
        return f"{self.count}笔，合计{self.total:.2f}元，预算科目“{self.budget_line}”"


def _summary_of(payments: list[ClaimPayment], budget_line: str) -> BatchSummary:
    return BatchSummary(
        count=len(payments),
        total=sum((p.amount for p in payments), ZERO).quantize(rules.CENT),
        budget_line=budget_line,
    )


def _confirmed(expected: BatchSummary, confirmed: BatchSummary | None, what: str) -> None:
    if confirmed is None:
        raise DomainError(f"请先核对{what}的笔数、合计金额和预算科目，确认后再提交")
    try:
        total = Decimal(str(confirmed.total)).quantize(rules.CENT)
    except (ArithmeticError, ValueError):
        total = Decimal("-1")
    same = (
        int(confirmed.count) == expected.count
        and total == expected.total
        and " ".join(str(confirmed.budget_line).split()) == expected.budget_line
    )
    if not same:
        raise DomainError(
            f"确认的内容与{what}不符（您确认的是{confirmed.count}笔、合计{total:.2f}元、"
            f"预算科目“{confirmed.budget_line}”，实际为{expected.text()}），请重新核对后再确认"
        )


def bank_refusal(payment: ClaimPayment) -> str:
    """Why a waiting payment cannot go into a batch ("" when it can)."""
    missing = payment.claim.bank_missing
    if missing:
        return f"申领{payment.claim.number}（{payment.claim.person.name}）缺少{'和'.join(missing)}"
    return ""


def allocate_batch_number(*, day: dt.date) -> str:
    """The day's next batch number ZF+date+4 digits, under a lock on the day's counter row;
    call inside a transaction (the lock lasts until it ends)."""
    counter = BatchSequence.objects.select_for_update().filter(day=day).first()
    if counter is None:
        try:
            with transaction.atomic():
                # bulk_create: the counter is plumbing, not a record worth an audit entry.
                BatchSequence.objects.bulk_create([BatchSequence(day=day)])
        except IntegrityError:
            pass  # another officer made the day's first batch at the same moment
        counter = BatchSequence.objects.select_for_update().get(day=day)
    counter.last += 1
    BatchSequence.objects.filter(pk=counter.pk).update(last=counter.last)
    return f"ZF{day:%Y%m%d}{counter.last:04d}"


@requires("mutual_aid.payment.create")
def payment_batch_create(
    *,
    user: User,
    payments: list[ClaimPayment],
    budget_line: str,
    budget_year: int | None = None,
    confirmed: BatchSummary | None = None,
) -> PaymentBatch:
    """A batch of the waiting payments the officer selected in their subtree, after they
    confirmed its count, total and budget line; refused whole, naming each claim and what it
    lacks, when any selected claim has no complete bank details (开户行, 银行账号)."""
    owner = user.organization
    if owner is None:  # the table already refuses a staff account without one
        raise DomainError("您的账号未设置所属组织")
    line = clean_budget_line(budget_line)
    year = clean_budget_year(budget_year if budget_year is not None else clock.today().year)
    ids = sorted({p.pk for p in payments})
    if not ids:
        raise DomainError("请勾选要纳入支付批次的申领")
    with transaction.atomic():
        locked = list(
            ClaimPayment.objects.select_for_update(of=("self",))
            .select_related("claim__person")
            .filter(pk__in=ids, claim__org__path__startswith=owner.path)
            .order_by("id")
        )
        if len(locked) != len(ids):
            raise DomainError("所选申领中有不存在或不在您管辖范围内的记录，请刷新页面后重新勾选")
        taken = [p for p in locked if p.batch_id is not None or p.paid_on is not None]
        if taken:
            numbers = dict(
                PaymentBatch.objects.filter(pk__in={p.batch_id for p in taken}).values_list(
                    "pk", "number"
                )
            )
            raise DomainError(
                "以下申领已不在待支付名单中，请刷新页面后重新勾选："
                + "；".join(
                    f"申领{p.claim.number}已在支付批次{numbers.get(p.batch_id, '')}中"
                    if p.batch_id
                    else f"申领{p.claim.number}已支付"
                    for p in taken
                )
            )
        refused = [r for r in (bank_refusal(p) for p in locked) if r]
        if refused:
            raise DomainError(
                f"以下{len(refused)}笔申领收款信息不全，不能纳入支付批次："
                + "；".join(refused)
                + "。请补全收款账户，或不勾选这些申领后再生成"
            )
        expected = _summary_of(locked, line)
        _confirmed(expected, confirmed, "支付批次")
        number = allocate_batch_number(day=clock.today())
        try:
            with transaction.atomic():
                batch = PaymentBatch.objects.create(
                    number=number,
                    org=owner,
                    created_by=user,
                    budget_year=year,
                    budget_line=line,
                    total=expected.total,
                )
        except IntegrityError:  # the unique constraint: a number written by hand elsewhere
            raise DomainError(f"批次号{number}已被占用，请重新生成") from None
        ClaimPayment.objects.filter(pk__in=ids).update(batch=batch)
        audit_log(
            action=AuditAction.UPDATE,
            instance=batch,
            user=user,
            note=f"生成支付批次：{expected.text()}；申领"
            + "、".join(p.claim.number for p in locked),
        )
    return batch


def _lock_unpaid(batch: PaymentBatch, action: str) -> PaymentBatch:
    locked = PaymentBatch.objects.select_for_update().get(pk=batch.pk)
    if locked.paid_on is not None:
        raise DomainError(
            f"批次{locked.number}已于{locked.paid_on:%Y-%m-%d}支付（凭证号{locked.voucher}），"
            f"已锁定，不能{action}"
        )
    return locked


@requires("mutual_aid.payment.change", on="batch")
def payment_batch_update(
    *, batch: PaymentBatch, user: User, budget_line: str, budget_year: int
) -> PaymentBatch:
    """Change the budget line of a batch not yet paid."""
    line = clean_budget_line(budget_line)
    year = clean_budget_year(budget_year)
    with transaction.atomic():
        batch = _lock_unpaid(batch, "修改")
        batch.budget_line = line
        batch.budget_year = year
        batch.save()
    return batch


@requires("mutual_aid.payment.change", on="batch")
def payment_batch_remove(
    *, batch: PaymentBatch, user: User, payment: ClaimPayment, reason: str
) -> PaymentBatch:
    """Take one claim out of a batch not yet paid (e.g. the bank returned it): it waits again."""
    reason = " ".join(str(reason).split())
    if not reason:
        raise DomainError("请填写移出批次的原因")
    with transaction.atomic():
        batch = _lock_unpaid(batch, "移出申领")
        locked = (
            ClaimPayment.objects.select_for_update(of=("self",))
            .select_related("claim")
            .filter(pk=payment.pk, batch=batch)
            .first()
        )
        if locked is None:
            raise DomainError(f"该申领不在批次{batch.number}中")
        locked.batch = None
        locked.save()
        batch.total = batch.payments.aggregate(s=Sum("amount"))["s"] or ZERO
        batch.save()
        _step(locked.claim, "移出支付批次", user, f"移出批次{batch.number}：{reason}")
    return batch


@requires("mutual_aid.payment.mark_paid", on="batch")
def payment_batch_mark_paid(
    *,
    batch: PaymentBatch,
    user: User,
    paid_on: dt.date,
    voucher: str,
    confirmed: BatchSummary | None = None,
) -> PaymentBatch:
    """The bank paid the batch on `paid_on` under voucher `voucher` (凭证号): every claim in it is
    已支付 with its working days recorded, and the batch is locked."""
    voucher = "".join(str(voucher or "").split())
    if not voucher:
        raise DomainError("请填写凭证号")
    if len(voucher) > 40:
        raise DomainError("凭证号不能超过40个字符")
    if paid_on is None:
        raise DomainError("请填写支付日期")
    today = clock.today()
    if paid_on > today:
        raise DomainError(f"支付日期{paid_on:%Y-%m-%d}不能晚于今天（{today:%Y-%m-%d}）")
    with transaction.atomic():
        batch = PaymentBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.paid_on is not None:
            raise DomainError(
                f"批次{batch.number}已于{batch.paid_on:%Y-%m-%d}标记支付（凭证号{batch.voucher}），"
                "不能再次标记"
            )
        made = batch.made_on
        if paid_on < made:
            raise DomainError(
                f"支付日期{paid_on:%Y-%m-%d}不能早于批次{batch.number}的生成日期{made:%Y-%m-%d}"
            )
        if not batch.budget_line:
            raise DomainError(f"批次{batch.number}尚未填写预算科目，请先修改批次")
        payments = list(
            batch.payments.select_for_update(of=("self",)).select_related("claim").order_by("id")
        )
        if not payments:
            raise DomainError(f"批次{batch.number}中没有申领，不能标记支付")
        _confirmed(_summary_of(payments, batch.budget_line), confirmed, f"批次{batch.number}")
        used = PaymentBatch.objects.filter(voucher=voucher).exclude(pk=batch.pk).first()
        if used is not None:
            where = (
                f"批次{used.number}" if can(user, "mutual_aid.payment.view", used) else "其他批次"
            )
            raise DomainError(f"凭证号{voucher}已用于{where}，同一凭证不能重复登记")
        batch.paid_on = paid_on
        batch.voucher = voucher
        batch.paid_by = user
        try:
            with transaction.atomic():
                batch.save()
        except IntegrityError:
            raise DomainError(f"凭证号{voucher}已用于其他批次，同一凭证不能重复登记") from None
        for payment in payments:
            claim = payment.claim
            payment.paid_on = paid_on
            payment.save()
            claim.status = ClaimStatus.PAID
            claim.paid_on = paid_on
            if claim.accepted_on is not None:
                claim.workdays_to_pay = max(
                    workdays_between(claim.accepted_on, paid_on) - claim.paused_workdays, 0
                )
            claim.save()
            _step(claim, "已支付", user, f"互助金{claim.amount:.2f}元已支付（批次{batch.number}）")
        audit_log(
            action=AuditAction.UPDATE,
            instance=batch,
            user=user,
            note=f"标记已支付：{_summary_of(payments, batch.budget_line).text()}，"
            f"支付日期{paid_on:%Y-%m-%d}，凭证号{voucher}",
        )
    return batch
