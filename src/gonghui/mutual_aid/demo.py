"""Demo data of 职工互助保障 on top of `gonghui demo` (called by the lead's demo command).

Given the core demo (persons, employers, unions and the demo logins), creates the 2026 plans,
enrollments of a few hundred workers of a few 汉滨 and 石泉 units plus free accident cover for
new-employment-form workers (union-paid), paid bills, about forty claims in every state and one
paid payment batch (from the year's budget line the demo sets). Enrollments are bulk-inserted (one summary audit entry); bills, payments,
claims, reviews and the batch go through the real services, so their audit trail, numbers,
amounts and working-day clocks are the ones users would produce.

Deterministic for a seed: every date is fixed in 2026 (claims waiting for review therefore
become overdue as real time passes, as they would). Idempotent: a second run finds its marker
audit entry and creates nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from gonghui.core import audit
from gonghui.core.demo import FLAGSHIP_EMPLOYER
from gonghui.core.models import (
    AuditAction,
    AuditLog,
    Employer,
    Organization,
    OrgKind,
    Person,
    PersonStatus,
    Role,
    Sex,
    User,
)
from gonghui.core.workdays import add_workdays, is_workday
from gonghui.mutual_aid import selectors, services
from gonghui.mutual_aid.models import (
    AidPlan,
    Category,
    Claim,
    ClaimStep,
    Enrollment,
    EnrollmentStatus,
    EventKind,
    Payer,
    PaymentBatch,
)

MARKER_MODEL = "mutual_aid.demo"
YEAR = 2026
BILLS_PAID_ON = dt.date(YEAR, 1, 8)
BATCH_PAID_ON = dt.date(YEAR, 10, 30)
PERSONS_PER_UNIT = 150
# The 市总's budget line the demo batch is paid from, and its yearly amount.
BUDGET_LINE = "职工互助保障互助金支出"
BUDGET_AMOUNT = "800000.00"
VOUCHER = "记-202610-0318"
BANKS = (
    "中国工商银行安康分行",
    "中国建设银行安康汉滨支行",
    "中国农业银行石泉县支行",
    "陕西信合安康汉滨区联社",
)
# The 市总 staff member who 复核 (the checker must differ from the filer and the reviewer).
CHECKER_USERNAME = "huzhu"
CHECKER_NAME = "市总互助保障部复核员"

# Diagnoses on no disease list (no linked benefit to propose); the last one only for women.
ILLNESSES = (
    "社区获得性肺炎",
    "胆囊结石伴慢性胆囊炎",
    "腰椎间盘突出症",
    "急性阑尾炎",
    "2型糖尿病伴酮症",
    "高血压病3级",
    "肾结石",
    "支气管哮喘急性发作",
    "慢性阻塞性肺疾病急性加重",
    "甲状腺结节",
    "膝关节骨性关节炎",
    "子宫肌瘤",
)
INJURIES = ("右手桡骨远端骨折", "左踝关节扭伤", "腰部软组织挫伤", "左小腿开放性伤口")
HOSPITALS = (
    "安康市中心医院",
    "安康市人民医院",
    "安康市中医医院",
    "汉滨区第一医院",
    "石泉县医院",
)
REJECT_REASONS = (
    "经核实，本次住院属入保前已确诊疾病的复发治疗，不符合互助保障给付规定",
    "所附发票经核查为复印件且无法与医院结算记录核对，不予给付；可补交原件后重新申领",
)


@dataclass
class _Actors:
    admin: User
    checker: User
    county: dict[str, User]  # county federation path → its officer
    chair: User | None


def _actors() -> _Actors:
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["admin", "hanbin", "shiquan", "chair"])
    }
    if "admin" not in users or "hanbin" not in users or "shiquan" not in users:
        raise RuntimeError(
            "互助保障演示数据需要 gonghui demo 生成的演示账号（admin、hanbin、shiquan）"
        )
    admin = users["admin"]
    checker = User.objects.filter(username=CHECKER_USERNAME).first()
    if checker is None:
        # No password: a name in the claims' history, not a login. A staff role at the city
        # federation (city-wide scope), without the administrator's rights.
        checker = User.objects.create_user(
            username=CHECKER_USERNAME,
            password=None,
            role=Role.COUNTY_OFFICER,
            organization=admin.organization,
            first_name=CHECKER_NAME,
        )
    county = {}
    for name in ("hanbin", "shiquan"):
        org = users[name].organization
        if org is not None:
            county[org.path] = users[name]
    return _Actors(admin=admin, checker=checker, county=county, chair=users.get("chair"))


def _units(county: Organization, limit: int) -> list[Employer]:
    """The county's largest employers by active workforce (ties by credit code)."""
    return list(
        Employer.objects.filter(org__path__startswith=county.path)
        .annotate(n=Count("persons", filter=Q(persons__status=PersonStatus.ACTIVE)))
        .filter(n__gt=0)
        .order_by("-n", "credit_code")[:limit]
    )


def _bulk_enroll(
    plans: dict[str, AidPlan],
    people: list[Person],
    *,
    employer: Employer | None,
    payer: str,
    rng: random.Random,
    categories: tuple[str, ...],
    always: set[int] | None = None,
) -> list[Enrollment]:
    """Pending enrollments in bulk (about half take 重大疾病, most women 女职工特殊疾病);
    persons in `always` take every category they may."""
    rows = []
    for person in people:
        org = selectors.unit_org(employer=employer, person=person)
        for cat in categories:
            plan = plans[cat]
            if cat == Category.CRITICAL and rng.random() >= 0.5 and person.pk not in (always or ()):
                continue
            if cat == Category.FEMALE and (person.sex != Sex.FEMALE or rng.random() >= 0.7):
                continue
            rows.append(
                Enrollment(
                    plan=plan,
                    person=person,
                    employer=employer,
                    org=org,
                    payer=payer,
                    amount=plan.contribution,
                    status=EnrollmentStatus.PENDING,
                )
            )
    return Enrollment.objects.bulk_create(rows, batch_size=1000)


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _stamp(claim: Claim, day: dt.date, hour: int) -> None:
    """Date the claim's latest step as it happened (services stamp the moment they run)."""
    last = ClaimStep.objects.filter(claim=claim).order_by("-id").values_list("pk", flat=True)[:1]
    ClaimStep.objects.filter(pk__in=list(last)).update(at=_at(day, hour))


def _bank_details(person: Person) -> tuple[str, str]:
    """A payee bank and account for a demo claim, derived from the person (the seeded random
    sequence stays as it was, so the demo's claims keep their amounts and dates)."""
    return BANKS[person.pk % len(BANKS)], f"62170{person.pk:014d}"


def _workday_before(day: dt.date, back: int = 0) -> dt.date:
    """The working day `back` working days before `day` (or `day` itself when it is one)."""
    while not is_workday(day):
        day -= dt.timedelta(days=1)
    for _ in range(back):
        day -= dt.timedelta(days=1)
        while not is_workday(day):
            day -= dt.timedelta(days=1)
    return day


@dataclass
class _Plan:
    """One demo claim: who, what and how far it goes."""

    enrollment: Enrollment
    state: str  # paid, approved, reviewed, accepted, overdue, supplement, submitted, rejected
    accepted: dt.date | None
    kind: str = "hospital"  # hospital, accident, female, linked
    diagnosis: str = ""


class _Seeder:
    def __init__(self, seed: int, actors: _Actors, plans: dict[str, AidPlan]):
        self.rng = random.Random(seed * 7919 + 2026)
        self.actors = actors
        self.plans = plans
        self.invoice_seq = 0

    def county_officer(self, org: Organization) -> User:
        for path, user in self.actors.county.items():
            if org.path.startswith(path):
                return user
        return self.actors.admin

    def filer(self, person: Person, enrollment: Enrollment) -> User:
        chair = self.actors.chair
        if chair is not None and chair.organization is not None:
            # The table lets a chair file for enrollments registered in the chair's union.
            if enrollment.org.path.startswith(chair.organization.path):
                return chair  # 单位代为申报 by the unit's union
        return self.county_officer(enrollment.org)

    def invoice(self) -> str:
        self.invoice_seq += 1
        return f"61002026{self.rng.randrange(10**6):06d}{self.invoice_seq:04d}"

    def file(self, item: _Plan) -> Claim:
        rng = self.rng
        e = item.enrollment
        person = e.person
        illnesses = ILLNESSES if person.sex == Sex.FEMALE else ILLNESSES[:-1]
        accepted = item.accepted or dt.date(YEAR, 11, 20)
        days = rng.randint(3, 14)
        discharged = accepted - dt.timedelta(days=rng.randint(2, 12))
        admitted = discharged - dt.timedelta(days=days)
        filed_on = min(discharged + dt.timedelta(days=rng.randint(1, 3)), accepted)
        filer = self.filer(person, e)
        bank, account = _bank_details(person)
        self_paid = Decimal(rng.randint(1500, 26000)) + Decimal(rng.randint(0, 99)) / 100
        common: dict[str, Any] = {
            "user": filer,
            "enrollment": e,
            "event_date": admitted,
            "payee_bank": bank,
            "account": account,
        }
        if item.kind == "accident":
            self_paid = Decimal(rng.randint(600, 6000))
            claim = services.claim_file(
                **common,
                event_kind=EventKind.ACCIDENT,
                diagnosis=item.diagnosis or rng.choice(INJURIES),
                hospital=rng.choice(HOSPITALS),
                self_paid=self_paid,
                invoices=[services.InvoiceData(self.invoice(), self_paid + rng.randint(200, 2000))],
            )
        elif item.kind == "female":
            claim = services.claim_file(
                **common,
                event_kind=EventKind.ILLNESS,
                diagnosis=item.diagnosis,
                hospital="安康市中心医院",
            )
        else:
            claim = services.claim_file(
                **common,
                event_kind=EventKind.ILLNESS,
                diagnosis=item.diagnosis or rng.choice(illnesses),
                hospital=rng.choice(HOSPITALS),
                admitted_on=admitted,
                discharged_on=discharged,
                self_paid=self_paid,
                invoices=[
                    services.InvoiceData(self.invoice(), self_paid + rng.randint(2000, 30000))
                ],
            )
        Claim.objects.filter(pk=claim.pk).update(filed_at=_at(filed_on, 10))
        _stamp(claim, filed_on, 10)
        return claim

    def accept(self, claim: Claim, day: dt.date) -> Claim:
        claim = services.claim_accept(claim=claim, user=self.county_officer(claim.org), on=day)
        _stamp(claim, day, 9)
        return claim

    def review_and_check(
        self, claim: Claim, accepted: dt.date, last: dt.date, *, check: bool
    ) -> Claim:
        review_day = min(add_workdays(accepted, 1), last)
        claim = services.claim_review(claim=claim, user=self.actors.checker)
        _stamp(claim, review_day, 11)
        if check:
            check_day = min(add_workdays(review_day, 1), last)
            claim = services.claim_check(claim=claim, user=self.actors.admin)
            _stamp(claim, check_day, 15)
        return claim

    def advance(self, claim: Claim, item: _Plan) -> Claim:
        """Walk a filed claim to its demo state (payment happens later, in the batch)."""
        if item.state == "submitted" or item.accepted is None:
            return claim
        day = item.accepted
        claim = self.accept(claim, day)
        if item.state in ("accepted", "overdue"):
            return claim
        if item.state == "supplement":
            since = add_workdays(day, 2)
            claim = services.claim_request_supplement(
                claim=claim,
                user=self.county_officer(claim.org),
                note="请补充出院小结原件和住院费用明细清单",
                on=since,
            )
            _stamp(claim, since, 10)
            return claim
        if item.state == "rejected":
            claim = services.claim_reject(
                claim=claim,
                user=self.county_officer(claim.org),
                reason=self.rng.choice(REJECT_REASONS),
            )
            _stamp(claim, add_workdays(day, 2), 16)
            return claim
        last = BATCH_PAID_ON if item.state == "paid" else dt.date(YEAR, 11, 20)
        return self.review_and_check(claim, day, last, check=item.state in ("paid", "approved"))


def _claim_plans(
    rng: random.Random,
    enrollments: list[Enrollment],
    flagship_worker: Person | None,
    county_paths: list[str],
) -> tuple[list[_Plan], list[tuple[Enrollment, Enrollment]]]:
    """The demo claims: (single claims, the one hospital + 重大疾病 pair). Claimants are
    enrolled through 汉滨 or 石泉 units, whose officers file and accept."""
    by_person: dict[int, dict[str, Enrollment]] = {}
    for e in enrollments:
        if any(e.org.path.startswith(path) for path in county_paths):
            by_person.setdefault(e.person_id, {})[e.plan.category] = e
    people = sorted(by_person)
    rng.shuffle(people)
    used: set[int] = set()

    def take(predicate: Any) -> dict[str, Enrollment] | None:
        for pid in people:
            if pid not in used and predicate(by_person[pid]):
                used.add(pid)
                return by_person[pid]
        return None

    pairs: list[tuple[Enrollment, Enrollment]] = []
    worker = by_person.get(flagship_worker.pk) if flagship_worker is not None else None
    if worker and Category.HOSPITAL in worker and Category.CRITICAL in worker:
        used.add(worker[Category.HOSPITAL].person_id)
        pairs.append((worker[Category.HOSPITAL], worker[Category.CRITICAL]))
    else:
        found = take(lambda d: Category.HOSPITAL in d and Category.CRITICAL in d)
        if found:
            pairs.append((found[Category.HOSPITAL], found[Category.CRITICAL]))

    # On time: accepted within 7 working days before the batch was paid; late: 11–13 days.
    on_time = [_workday_before(BATCH_PAID_ON, back) for back in (1, 2, 3, 4, 5, 6, 7)]
    late = [_workday_before(BATCH_PAID_ON, back) for back in (11, 12, 13)]
    states: list[tuple[str, dt.date | None, str]] = []
    states += [("paid", on_time[i % len(on_time)], "hospital") for i in range(15)]
    states += [("paid", late[i], "hospital") for i in range(3)]
    states += [("paid", on_time[i], "accident") for i in range(3)]
    states += [("paid", on_time[4], "female")]
    states += [("approved", dt.date(YEAR, 11, d), "hospital") for d in (17, 18, 19)]
    states += [("reviewed", dt.date(YEAR, 11, d), "hospital") for d in (18, 19)]
    states += [
        ("accepted", dt.date(YEAR, 11, 20), "hospital"),
        ("accepted", dt.date(YEAR, 11, 20), "accident"),
    ]
    states += [("overdue", dt.date(YEAR, 10, 20), "hospital")]
    states += [("supplement", dt.date(YEAR, 11, 4), "hospital")]
    states += [("submitted", None, "hospital") for _ in range(4)] + [
        ("submitted", None, "accident")
    ]
    states += [("rejected", dt.date(YEAR, 9, d), "hospital") for d in (15, 22)]

    out: list[_Plan] = []
    for state, accepted, kind in states:
        if kind == "female":
            found = take(lambda d: Category.FEMALE in d and Category.CRITICAL not in d)
            if found:
                out.append(
                    _Plan(found[Category.FEMALE], state, accepted, "female", "乳腺癌（右侧）")
                )
            continue
        cat = Category.ACCIDENT if kind == "accident" else Category.HOSPITAL
        # Hospital claimants hold no 重大疾病 cover: their ordinary diagnoses then raise no
        # proposals a reviewer would be seen to ignore.
        found = take(
            lambda d, c=cat: c in d and (c != Category.HOSPITAL or Category.CRITICAL not in d)
        )
        if found:
            out.append(_Plan(found[cat], state, accepted, kind))
    return out, pairs


def seed_mutual_aid(*, seed: int) -> str:
    """Create the 互助保障 demo data once; returns a one-line Chinese summary."""
    if AuditLog.objects.filter(model=MARKER_MODEL).exists():
        return "互助保障演示数据已存在，跳过生成"
    rng = random.Random(seed)
    with transaction.atomic():
        actors = _actors()
        plans = {p.category: p for p in services.plan_seed_year(year=YEAR)}
        city = actors.admin.organization
        hanbin = Organization.objects.get(kind=OrgKind.COUNTY, code="610902")
        shiquan = Organization.objects.get(kind=OrgKind.COUNTY, code="610922")

        # Units: the flagship employer (unit pays), two more 汉滨 units (split with the union,
        # worker pays) and the two largest 石泉 units (unit pays).
        flagship = Employer.objects.filter(name=FLAGSHIP_EMPLOYER).first()
        hb_units = [u for u in _units(hanbin, 4) if flagship is None or u.pk != flagship.pk][:2]
        units: list[tuple[Employer, str]] = []
        if flagship is not None:
            units.append((flagship, Payer.UNIT))
        units += list(zip(hb_units, [Payer.SPLIT, Payer.WORKER], strict=False))
        units += [(u, Payer.UNIT) for u in _units(shiquan, 2)]

        worker_user = User.objects.filter(username="worker").select_related("person").first()
        worker = worker_user.person if worker_user is not None else None
        everyday = (Category.HOSPITAL, Category.CRITICAL, Category.FEMALE, Category.ACCIDENT)
        enrolled: list[Enrollment] = []
        for employer, payer in units:
            people = list(
                Person.objects.select_related("org")
                .filter(employer=employer, status=PersonStatus.ACTIVE)
                .order_by("pk")[:PERSONS_PER_UNIT]
            )
            enrolled += _bulk_enroll(
                plans,
                people,
                employer=employer,
                payer=payer,
                rng=rng,
                categories=everyday,
                always={worker.pk} if worker is not None else set(),
            )
        # Free accident cover, paid by the union, for new-employment-form workers organized in
        # industry federations (couriers, riders, drivers).
        free = list(
            Person.objects.select_related("org")
            .filter(status=PersonStatus.ACTIVE, org__kind=OrgKind.INDUSTRY)
            .exclude(new_employment_form="")
            .exclude(pk__in={e.person_id for e in enrolled})
            .order_by("pk")
        )
        enrolled += _bulk_enroll(
            plans, free, employer=None, payer=Payer.UNION, rng=rng, categories=(Category.ACCIDENT,)
        )
        audit.record(
            action=AuditAction.IMPORT,
            model=MARKER_MODEL,
            user=None,
            org=city,
            note=f"生成互助保障演示数据（种子 {seed}）：批量登记参保{len(enrolled)}人次，未逐条记审计日志",
            after={"seed": seed, "enrollments": len(enrolled)},
        )

        bills = 0
        for employer, _payer in units:
            for plan in plans.values():
                if Enrollment.objects.filter(plan=plan, employer=employer, bill=None).exists():
                    bill = services.contribution_bill(
                        user=actors.admin, plan=plan, employer=employer
                    )
                    services.contribution_pay(
                        user=actors.admin,
                        bill=bill,
                        amount=bill.amount_due,
                        paid_on=BILLS_PAID_ON,
                        reference=f"DEMO{YEAR}{bill.pk:05d}",
                    )
                    bills += 1
        for org_id in sorted({p.org_id for p in free}):
            org = Organization.objects.get(pk=org_id)
            bill = services.contribution_bill(
                user=actors.admin, plan=plans[Category.ACCIDENT], employer=None, org=org
            )
            services.contribution_pay(
                user=actors.admin, bill=bill, amount=bill.amount_due, paid_on=BILLS_PAID_ON
            )
            bills += 1

        active = list(
            Enrollment.objects.select_related("plan", "person__org", "org")
            .filter(pk__in=[e.pk for e in enrolled], status=EnrollmentStatus.ACTIVE)
            .order_by("pk")
        )
        items, pairs = _claim_plans(rng, active, worker, sorted(actors.county))
        seeder = _Seeder(seed, actors, plans)

        # First everything that is paid in the batch, then the batch, then the rest.
        paid = [i for i in items if i.state == "paid"]
        for item in paid:
            seeder.advance(seeder.file(item), item)
        pair_day = _workday_before(BATCH_PAID_ON, 3)
        for hospital, critical in pairs:
            first = seeder.file(_Plan(hospital, "paid", pair_day, "hospital", "急性前壁心肌梗死"))
            second = services.claim_file_linked(
                user=seeder.filer(hospital.person, hospital), claim=first, enrollment=critical
            )
            Claim.objects.filter(pk=second.pk).update(filed_at=_at(pair_day, 9))
            _stamp(second, pair_day, 9)
            for claim in (first, second):
                seeder.advance(claim, _Plan(hospital, "paid", pair_day))
        batch_number = ""
        services.budget_save(user=actors.admin, year=YEAR, line=BUDGET_LINE, amount=BUDGET_AMOUNT)
        if paid or pairs:
            # Every claim approved so far: the ones the demo shows as paid.
            waiting = list(selectors.pending_payments(user=actors.admin))
            summary = services.BatchSummary(
                count=len(waiting),
                total=sum((p.amount for p in waiting), Decimal("0.00")),
                budget_line=BUDGET_LINE,
            )
            batch = services.payment_batch_create(
                user=actors.admin,
                payments=waiting,
                budget_line=BUDGET_LINE,
                budget_year=YEAR,
                confirmed=summary,
            )
            made_on = _workday_before(BATCH_PAID_ON, 1)
            # Numbered and dated as if made the day before the bank paid it.
            batch_number = services.allocate_batch_number(day=made_on)
            PaymentBatch.objects.filter(pk=batch.pk).update(
                number=batch_number, created_at=_at(made_on, 16)
            )
            batch.refresh_from_db()
            batch = services.payment_batch_mark_paid(
                batch=batch,
                user=actors.admin,
                paid_on=BATCH_PAID_ON,
                voucher=VOUCHER,
                confirmed=summary,
            )
            for claim in Claim.objects.filter(payment__batch=batch):
                _stamp(claim, BATCH_PAID_ON, 17)
        for item in items:
            if item.state != "paid":
                seeder.advance(seeder.file(item), item)

        n_claims = len(items) + 2 * len(pairs)
        n_people = len({e.person_id for e in enrolled})
    return (
        f"互助保障：{YEAR}年保障项目{len(plans)}个，{len(units)}家单位及新就业形态职工{n_people}人"
        f"参保{len(enrolled)}人次，缴费单{bills}张已缴清，申领{n_claims}件"
        + (f"，支付批次{batch_number}已支付" if batch_number else "")
    )


# The domain's demo seeder (core.kit).
seed = seed_mutual_aid
