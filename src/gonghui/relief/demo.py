"""Demo data of 困难职工帮扶 and 四送 (core.kit runs `seed` after the core demo).

The year 2025 of the 安康 article [seed 004]: "冬送温暖筹集资金466.33万元，慰问困难职工1万余户；
春送岗位举办招聘会108场，帮助6.6万人实现就业；夏送清凉为2.8万高温一线职工送去关怀；金秋助学圆梦241名
寒门学子大学梦". Counts of events and of people named on a record are reproduced as they are
(466.33 万元 raised, 108 fairs placing 66,000, 2.8 万 workers at the sites, 241 students). The
households reached are not: one household here stands for a hundred (SCALE), so about 110 filed
cases in 汉滨 and 石泉 stand for the 1 万余户; the campaign's note says so on its page.

Everything goes through the real services (the steps, numbers, checks and audit trail users
would produce), run by the demo logins and one more 市总 officer (`bangfu`, the second pair of
eyes a list or a grant needs). The services date what they do today; the demo then moves its
2025 records to their 2025 dates (an UPDATE, noted in the marker entry). 2026 has applications
waiting at each step and the year's 年度复核, some done and some overdue. Deterministic for a
seed; a second run finds its marker audit entry and creates nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from gonghui.core import audit, clock
from gonghui.core.models import (
    AuditAction,
    AuditLog,
    Employer,
    Organization,
    OrgKind,
    Person,
    PersonStatus,
    Role,
    User,
)
from gonghui.core.validators import build_id_number
from gonghui.relief.models import (
    Campaign,
    CampaignKind,
    Case,
    CaseStatus,
    CaseStep,
    Category,
    Cause,
    Distribution,
    DistributionList,
    Recheck,
    RecheckResult,
    Relation,
    StudentGrant,
)
from gonghui.relief.selectors_cases import setting_for
from gonghui.relief.services_activities import (
    fair_record,
    grant_apply,
    grant_pay,
    grant_review,
    site_record,
)
from gonghui.relief.services_campaigns import (
    BudgetData,
    FundData,
    StandardData,
    campaign_create,
)
from gonghui.relief.services_cases import (
    MemberData,
    case_apply,
    case_approve,
    case_exit,
    case_review,
)
from gonghui.relief.services_lists import (
    list_approve,
    list_create,
    list_generate_from_ledger,
    list_submit,
)
from gonghui.relief.services_receipts import receipt_sign
from gonghui.relief.services_rechecks import aid_create, recheck_complete, rechecks_generate
from gonghui.relief.services_settings import setting_save

MARKER_MODEL = "relief.demo"
YEAR = 2025
NEXT = 2026
# One demo household stands for this many of the article's.
SCALE = 100
FILED_PER_COUNTY = 55
# 城市低保标准 (元/人·月) by year; a later year keeps the last one known.
DIBAO = {YEAR: "650.00", NEXT: "680.00"}
# 466.33 万元 by source.
FUNDS = (
    ("省总工会下拨", "1500000.00"),
    ("市总工会本级经费", "1363300.00"),
    ("社会捐赠", "1800000.00"),
)
FAIRS, PLACED, POSITIONS = 108, 66_000, 98_000
SITES, SITE_WORKERS = 56, 500  # 56 × 500 = 28,000
STUDENTS, GRANT = 241, "3000.00"
BUDGET_LINE = "困难职工帮扶专项"
UNIVERSITIES = (
    "西北大学",
    "陕西师范大学",
    "西安交通大学",
    "长安大学",
    "西北农林科技大学",
    "安康学院",
    "西安电子科技大学",
    "陕西理工大学",
)
PLACES = ("安康市人力资源市场", "汉滨区江北广场", "石泉县人民广场", "旬阳市体育馆", "平利县城关镇")
# The smallest valid PDF: the admission letter and the signed receipt the demo attaches.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BANGFU = ("bangfu", "市总困难帮扶部审核员")
# Where the demo's students were born (汉滨, 汉阴, 石泉, 宁陕, 紫阳, 旬阳).
REGIONS = ("610902", "610921", "610922", "610923", "610924", "610981")


@dataclass
class Actors:
    admin: User
    bangfu: User
    officers: dict[int, User]  # county org pk → its officer


def _actors(city: Organization) -> Actors:
    admin = User.objects.get(username="admin")
    bangfu = User.objects.filter(username=BANGFU[0]).first()
    if bangfu is None:
        bangfu = User.objects.create_user(
            username=BANGFU[0],
            password=None,
            role=Role.COUNTY_OFFICER,
            organization=city,
            first_name=BANGFU[1],
        )
    officers = {
        u.organization_id: u
        for u in User.objects.filter(username__in=["hanbin", "shiquan"]).select_related(
            "organization"
        )
        if u.organization_id is not None
    }
    return Actors(admin=admin, bangfu=bangfu, officers=officers)


def _moment(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _people(county: Organization, n: int, skip: set[int]) -> list[Person]:
    """`n` active workers of the county spread over its units (every k-th by registration)."""
    rows = list(
        Person.objects.filter(org__path__startswith=county.path, status=PersonStatus.ACTIVE)
        .exclude(pk__in=skip)
        .order_by("pk")
    )
    return rows[:: max(1, len(rows) // n)][:n] if rows else []


def _household(rng: random.Random, person: Person, region: str) -> list[MemberData]:
    """A spouse and, for most, a child at school, with ID numbers of their own."""
    members = [
        MemberData(
            name=f"{person.name[0]}{'秀兰' if person.sex == 'M' else '建国'}",
            relation=Relation.SPOUSE,
            id_number=build_id_number(
                region, person.birth_date + dt.timedelta(days=200), 500 + person.pk % 400
            ),
            occupation=rng.choice(["务农", "无业", "灵活就业", "患病在家"]),
            monthly_income=str(rng.choice([0, 300, 600, 900])),
        )
    ]
    if rng.random() < 0.7:
        members.append(
            MemberData(
                name=f"{person.name[0]}{rng.choice(['子涵', '欣怡', '浩然', '梓萱'])}",
                relation=Relation.CHILD,
                id_number=build_id_number(region, dt.date(2008, 3, 1), person.pk % 900 + 1),
                occupation="在校学生",
            )
        )
    return members


def _file_cases(
    rng: random.Random, actors: Actors, counties: list[Organization], worker: Person | None
) -> list[Case]:
    """About 110 households applied for, reviewed and filed in 2025 (汉滨 and 石泉)."""
    filed: list[Case] = []
    taken = {worker.pk} if worker is not None else set()
    causes = [c for c in Cause.values if c != Cause.OTHER]
    for county in counties:
        officer = actors.officers[county.pk]
        for i, person in enumerate(_people(county, FILED_PER_COUNTY, taken)):
            taken.add(person.pk)
            members = _household(rng, person, county.code or "610902")
            size = 1 + len(members)
            # Income per head under 1.5 × the 低保 of 650 元; every seventh 意外致困.
            per_head = rng.choice([420, 560, 610, 700, 820, 930])
            accident = i % 7 == 3
            case = case_apply(
                user=officer,
                person=person,
                causes=rng.sample(causes, rng.choice([1, 2])),
                household_size=size,
                household_income=str(per_head * size),
                members=members,
                address=f"{county.name.removesuffix('总工会')}城关镇{i + 1}号",
                situation="家庭成员患病，收入微薄，生活困难",
                category="accident" if accident else None,
            )
            case_review(user=officer, case=case, note="经基层工会入户核实")
            filed.append(case_approve(user=actors.admin, case=case, note="县区审批同意建档"))
    return filed


def _warmth(
    rng: random.Random, actors: Actors, city: Organization, counties: list[Organization]
) -> Campaign:
    """2025年冬送温暖: 466.33 万元 raised; the filed households of 汉滨 and 石泉 on two lists,
    approved and signed for, a few receipts still missing."""
    total = sum(Decimal(a) for _, a in FUNDS)
    campaign = campaign_create(
        user=actors.admin,
        kind=CampaignKind.WARMTH,
        name=f"{YEAR}年冬送温暖",
        year=YEAR,
        org=city,
        standards=[
            StandardData("deep", "深度困难", "1000.00", "米、油、棉被"),
            StandardData("relative", "相对困难", "500.00", "米、油"),
            StandardData("accident", "意外致困", "800.00", "米、油"),
        ],
        funds=[FundData(source, amount) for source, amount in FUNDS],
        budgets=[BudgetData(BUDGET_LINE, str(total))],
        note=(
            f"演示数据：筹集资金按原数466.33万元；慰问户数按1:{SCALE}比例生成"
            f"（演示中1户代表{SCALE}户，约110户对应“1万余户”）。"
        ),
    )
    for county in counties:
        officer = actors.officers[county.pk]
        dlist = list_create(user=officer, campaign=campaign, org=county, budget_line=BUDGET_LINE)
        list_generate_from_ledger(
            user=officer, dlist=dlist, groups=["deep", "relative", "accident"]
        )
        list_submit(user=officer, dlist=dlist)
        list_approve(user=actors.admin, dlist=dlist)
    approved_on = dt.date(YEAR, 12, 10)
    DistributionList.objects.filter(campaign=campaign).update(
        submitted_at=_moment(approved_on - dt.timedelta(days=3)),
        approved_at=_moment(approved_on),
    )
    items = list(
        Distribution.objects.filter(campaign=campaign).select_related("dlist").order_by("pk")
    )
    for n, item in enumerate(items):
        if n % 13 == 5:
            continue  # receipt not yet in: the 未签收 list
        day = approved_on + dt.timedelta(days=5 + n % 15)
        if n % 9 == 2:
            receipt_sign(
                user=actors.officers[item.dlist.org_id],
                item=item,
                signed_on=day,
                proxy_name=f"{item.person.name[0]}秀兰",
                proxy_reason="本人住院，由配偶代领",
            )
        else:
            receipt_sign(
                user=actors.officers[item.dlist.org_id],
                item=item,
                signed_on=day,
                upload=_pdf(f"签收单{n + 1}.pdf"),
            )
    return campaign


def _schooling(rng: random.Random, actors: Actors, city: Organization, worker_pk: int) -> None:
    """2025年金秋助学: 241 students, approved and paid."""
    campaign = campaign_create(
        user=actors.admin,
        kind=CampaignKind.SCHOOLING,
        name=f"{YEAR}年金秋助学",
        year=YEAR,
        org=city,
        standards=[StandardData("student", "困难职工子女新生", GRANT)],
        budgets=[BudgetData("金秋助学专项", str(Decimal(GRANT) * STUDENTS))],
    )
    # Workers old enough to have a child entering university; one may have two (twins, or
    # siblings a year apart) when the demo has fewer workers than students.
    parents = list(
        Person.objects.filter(status=PersonStatus.ACTIVE, birth_date__year__lte=1985)
        .exclude(pk=worker_pk)
        .select_related("org")
        .order_by("pk")
    )
    step = max(1, len(parents) // STUDENTS)
    parents = [parents[(n * step) % len(parents)] for n in range(STUDENTS)]
    for n, parent in enumerate(parents):
        region = REGIONS[n % len(REGIONS)]
        number = build_id_number(region, dt.date(2007, 1 + n % 12, 1 + n % 28), 100 + n)
        grant = grant_apply(
            user=actors.admin,
            campaign=campaign,
            person=parent,
            student_name=f"{parent.name[0]}{rng.choice(['雨桐', '子轩', '思远', '佳怡', '一鸣'])}",
            student_id=number,
            university=UNIVERSITIES[n % len(UNIVERSITIES)],
            amount=GRANT,
            upload=_pdf(f"录取通知书{n + 1}.pdf"),
        )
        applied = dt.date(YEAR, 8, 1 + n % 20)
        StudentGrant.objects.filter(pk=grant.pk).update(created_at=_moment(applied))
        grant.refresh_from_db()
        grant_review(user=actors.bangfu, grant=grant, approve=True)
        grant_pay(user=actors.admin, grant=grant, paid_on=applied + dt.timedelta(days=20))


def _coolness(actors: Actors, city: Organization) -> None:
    """2025年夏送清凉: 56 sites, 28,000 high-temperature frontline workers."""
    campaign = campaign_create(
        user=actors.admin,
        kind=CampaignKind.COOLNESS,
        name=f"{YEAR}年夏送清凉",
        year=YEAR,
        org=city,
        standards=[StandardData("site", "高温一线点位", "2000.00", "防暑降温用品")],
    )
    employers = list(Employer.objects.order_by("-employee_count", "pk")[:SITES])
    for n in range(SITES):
        employer = employers[n % len(employers)]
        site_record(
            user=actors.admin,
            campaign=campaign,
            employer=employer,
            site=f"{employer.name}{('生产车间', '施工现场', '户外作业点', '配送站')[n % 4]}",
            workers=SITE_WORKERS,
            goods="藿香正气水、绿豆、毛巾、遮阳帽",
            amount="2000.00",
            visited_on=dt.date(YEAR, 7, 1) + dt.timedelta(days=n % 45),
        )


def _jobs(actors: Actors, city: Organization) -> None:
    """2025年春送岗位: 108 job fairs placing 66,000 people."""
    campaign = campaign_create(
        user=actors.admin,
        kind=CampaignKind.JOBS,
        name=f"{YEAR}年春送岗位",
        year=YEAR,
        org=city,
        standards=[StandardData("fair", "招聘会", "0.00")],
    )
    placed_each, extra = divmod(PLACED, FAIRS)
    positions_each, extra_positions = divmod(POSITIONS, FAIRS)
    for n in range(FAIRS):
        fair_record(
            user=actors.admin,
            campaign=campaign,
            held_on=dt.date(YEAR, 2, 5) + dt.timedelta(days=n % 80),
            place=PLACES[n % len(PLACES)],
            employers=40 + n % 30,
            positions=positions_each + (1 if n < extra_positions else 0),
            placed=placed_each + (1 if n < extra else 0),
        )


def _backdate_cases(filed: list[Case]) -> None:
    """Move the 2025 cases to their 2025 dates (applied, reviewed a week later, filed after)."""
    for n, case in enumerate(filed):
        applied = dt.date(YEAR, 3, 1) + dt.timedelta(days=n * 2 % 180)
        Case.objects.filter(pk=case.pk).update(
            applied_on=applied,
            reviewed_on=applied + dt.timedelta(days=7),
            filed_on=applied + dt.timedelta(days=15),
            created_at=_moment(applied),
        )
        steps = list(CaseStep.objects.filter(case=case).order_by("pk"))
        for k, step in enumerate(steps):
            CaseStep.objects.filter(pk=step.pk).update(
                at=_moment(applied + dt.timedelta(days=(0, 7, 15)[min(k, 2)]))
            )


def _next_year(rng: random.Random, actors: Actors, counties: list[Organization]) -> dict[str, int]:
    """2026: the year's 年度复核 (most done in November, the rest overdue), two exits, 帮扶
    records, and new applications waiting at 基层审核 and at 县区审批."""
    rechecks_generate(user=actors.admin, year=NEXT)
    done = 0
    rechecks = list(Recheck.objects.filter(year=NEXT).select_related("case").order_by("pk"))
    for n, recheck in enumerate(rechecks):
        if n % 4 == 3:
            continue  # still open: overdue after 30 November
        case = recheck.case
        setting = setting_for(case.org, NEXT)
        now = setting.category_for(case.income_per_head) if setting is not None else None
        result = RecheckResult.KEEP
        if n % 25 == 1:
            result = RecheckResult.EXIT
        elif case.category != Category.ACCIDENT and now not in (None, case.category):
            result = RecheckResult.CHANGE  # the year's new 低保 line moved the household
        recheck_complete(
            user=actors.admin,
            recheck=recheck,
            result=result,
            # Unchanged income; an exit's household now earns above the line.
            income_per_head="1200.00"
            if result == RecheckResult.EXIT
            else str(case.income_per_head),
            note="家庭收入稳定，子女已就业"
            if result == RecheckResult.EXIT
            else "入户复核，情况属实",
            done_on=dt.date(NEXT, 11, 2 + n % 25),
        )
        done += 1
    open_cases = list(Case.objects.filter(status=CaseStatus.FILED).order_by("pk")[:12])
    for n, case in enumerate(open_cases[:8]):
        aid_create(
            user=actors.admin,
            case=case,
            kind=("medical", "job", "money", "schooling")[n % 4],
            amount=("3000.00", "0.00", "1500.00", "2000.00")[n % 4],
            description=("大病医疗救助", "推荐到园区企业就业", "临时生活救助", "子女学费资助")[
                n % 4
            ],
            given_on=dt.date(NEXT, 4, 10 + n),
            budget_line=BUDGET_LINE,
        )
    exited = 0
    for case in open_cases[10:12]:
        case_exit(
            user=actors.admin,
            case=case,
            reason="家庭成员实现稳定就业，人均收入超过认定标准",
            exited_on=dt.date(NEXT, 6, 30),
        )
        exited += 1
    waiting = 0
    filed_people = set(Case.objects.values_list("person_id", flat=True))
    for county in counties:
        officer = actors.officers[county.pk]
        for i, person in enumerate(_people(county, 6, filed_people)):
            case = case_apply(
                user=officer,
                person=person,
                causes=[Cause.ILLNESS if i % 2 else Cause.UNEMPLOYMENT],
                household_size=3,
                household_income="1500.00",
                members=_household(rng, person, county.code or "610902")[:1],
                situation="新申请：本人患病，暂无收入",
            )
            if i % 2:
                case_review(user=officer, case=case, note="已入户核实")
            waiting += 1
    return {"rechecks": len(rechecks), "rechecks_done": done, "exited": exited, "waiting": waiting}


def seed(*, seed: int) -> str:
    """Create the 困难帮扶 demo data once; returns a one-line Chinese summary."""
    if AuditLog.objects.filter(model=MARKER_MODEL).exists():
        return "困难帮扶演示数据已存在，跳过生成"
    if not User.objects.filter(username="admin").exists():
        return "困难帮扶演示数据：缺少演示账号，跳过生成"
    rng = random.Random(seed)
    with transaction.atomic():
        city = Organization.objects.get(parent__isnull=True)
        actors = _actors(city)
        counties = [
            Organization.objects.get(kind=OrgKind.COUNTY, code=code)
            for code in ("610902", "610922")
        ]
        counties = [c for c in counties if c.pk in actors.officers]
        # The article's year, the next, and (the demo run later) this year, whose thresholds
        # the applications filed today are assessed against.
        for year in sorted({YEAR, NEXT, clock.today().year}):
            setting_save(
                user=actors.admin,
                org=city,
                year=year,
                dibao=DIBAO.get(year, DIBAO[NEXT]),
                recheck_due=dt.date(year, 11, 30),
            )
        worker_user = User.objects.filter(username="worker").select_related("person").first()
        worker = worker_user.person if worker_user is not None else None
        filed = _file_cases(rng, actors, counties, worker)
        _backdate_cases(filed)
        _warmth(rng, actors, city, counties)
        _schooling(rng, actors, city, worker.pk if worker is not None else 0)
        _coolness(actors, city)
        _jobs(actors, city)
        later = _next_year(rng, actors, counties)
        audit.record(
            action=AuditAction.IMPORT,
            model=MARKER_MODEL,
            user=None,
            org=city,
            note=(
                f"生成困难帮扶演示数据（种子 {seed}）：{YEAR}年建档{len(filed)}户及四送活动，"
                f"各记录经业务服务生成后改记为{YEAR}年的日期"
            ),
            after={"seed": seed, "filed": len(filed), **later},
        )
    return (
        f"困难帮扶：{YEAR}年建档 {len(filed)} 户（1:{SCALE}）、冬送温暖 466.33 万元、"
        f"春送岗位 {FAIRS} 场、夏送清凉 {SITES * SITE_WORKERS:,} 人、金秋助学 {STUDENTS} 名；"
        f"{NEXT}年复核 {later['rechecks']} 户，待审批 {later['waiting']} 户"
    )
