"""Demo data of 企业工作 (core.kit runs `seed` after the core demo and the other domains).

The year 2025 of the 安康 articles, every figure the articles quote reproduced as it is where the
demo can hold it:
- 三新 [seed 000, 004]: 28 党工共建示范点 with 5,000 元 each (14 万元), designated by the 市总,
  approved by a second officer and paid; 13 集中入会 events. The articles' 623 new members of
  those events are generated at 1:10 (SCALE): 62 people, each a new-employment-form worker
  joining through the registry; the events' notes say so. Two 建会攻坚 drives (汉滨, 石泉) with
  their targets, visits and the unions they founded.
- 助企行 [seed 004]: 5 技术服务队 built from the 劳模 registry; 12 problems solved and 8
  suggestions made, each need filed, assigned, accepted, served and confirmed with a rating.
- 维权 [seed 004]: 434 safety inspections with 265 hazards fixed (280 found, 15 still open);
  石泉's 一函两书 recovering 13.5 万元 of wage arrears (135,000.00 元 over 45 workers); a few
  mediation cases with the cooperating bodies and 124 legal consultations ("120 余次").
Today has work waiting at each step: needs filed (one by the flagship's chair), assigned and
accepted; a 提示函 past its deadline followed by its 意见书; 15 hazards of 2025 still open.

Everything goes through the real services, run by the demo logins and one more 市总 officer
(`zhuqi`, the second pair of eyes a 示范点 subsidy needs). Services that date what they do today
are then moved to their 2025 dates (an UPDATE, noted in the marker entry). Deterministic for a
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
    NewEmploymentForm,
    Organization,
    OrgKind,
    Role,
    User,
)
from gonghui.core.validators import build_id_number
from gonghui.honors.models import ModelWorker
from gonghui.workplace.models import (
    Budget,
    DemoSite,
    Field,
    Hazard,
    Need,
    NeedStep,
    VisitOutcome,
)
from gonghui.workplace.services_letters import letter_issue, letter_rectified, recovery_record
from gonghui.workplace.services_organizing import (
    JoinerData,
    drive_create,
    join_event_create,
    union_found,
    visit_record,
)
from gonghui.workplace.services_rights import (
    consultation_log,
    hazard_close,
    inspection_record,
    mediation_intake,
    mediation_move,
)
from gonghui.workplace.services_service import (
    need_accept,
    need_assign,
    need_confirm,
    need_file,
    need_outcome,
    need_visit,
    squad_create,
    squad_member_add,
)
from gonghui.workplace.services_settings import budget_save, setting_save
from gonghui.workplace.services_sites import site_approve, site_designate, site_pay

MARKER_MODEL = "workplace.demo"
YEAR = 2025
NEXT = 2026
SCALE = 10  # one demo joiner of a 集中入会 stands for this many of the article's
SITES, SUBSIDY = 28, Decimal("5000.00")
EVENTS, JOINERS = 13, 623
SQUADS, SOLVED, SUGGESTIONS = 5, 12, 8
INSPECTIONS, HAZARDS_FOUND, HAZARDS_FIXED = 434, 280, 265
RECOVERED, RECOVERY_WORKERS = Decimal("135000.00"), 45
CONSULTATIONS = 124
BUDGET_LINE = "三新组织建会经费"
ZHUQI = ("zhuqi", "市总企业工作部干事")
# The smallest valid PNG: the photo of a fixed hazard the demo attaches.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
)
SQUAD_FIELDS = (
    ("机械制造技术服务队", [Field.MACHINERY, Field.ELECTRIC]),
    ("新材料化工技术服务队", [Field.CHEMICAL, Field.SAFETY]),
    ("建筑建材技术服务队", [Field.CONSTRUCTION, Field.MINING]),
    ("富硒食品农产品技术服务队", [Field.FOOD, Field.AGRICULTURE]),
    ("数字化管理服务队", [Field.IT, Field.MANAGEMENT]),
)
PROBLEMS = (
    "生产线设备故障率高",
    "富硒茶加工工艺不稳定",
    "新型建材配比优化",
    "危化品仓储安全管理",
    "订单管理信息化",
    "电机能耗偏高",
)


@dataclass
class Actors:
    admin: User
    zhuqi: User
    officers: dict[int, User]  # county org pk → its officer
    chair: User | None


def _actors(city: Organization) -> Actors:
    admin = User.objects.get(username="admin")
    zhuqi = User.objects.filter(username=ZHUQI[0]).first()
    if zhuqi is None:
        zhuqi = User.objects.create_user(
            username=ZHUQI[0],
            password=None,
            role=Role.COUNTY_OFFICER,
            organization=city,
            first_name=ZHUQI[1],
        )
    officers = {
        u.organization_id: u
        for u in User.objects.filter(username__in=["hanbin", "shiquan"])
        if u.organization_id is not None
    }
    chair = User.objects.filter(username="chair").first()
    return Actors(admin=admin, zhuqi=zhuqi, officers=officers, chair=chair)


def _moment(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _day(n: int, *, start: dt.date = dt.date(YEAR, 3, 1), span: int = 270) -> dt.date:
    """The n-th working-looking day of the year's working season (deterministic)."""
    day = start + dt.timedelta(days=(n * 7) % span)
    return day + dt.timedelta(days={5: 2, 6: 1}.get(day.weekday(), 0))


def _employers(county: Organization, **flags: object) -> list[Employer]:
    return list(Employer.objects.filter(org__path__startswith=county.path, **flags).order_by("pk"))


def _settings(actors: Actors, city: Organization) -> Budget:
    """The city's settings for the article's year, the next and this one (the defaults: 25
    employees, 5,000 元, 提示函 first, 15 and 10 working days) and the 2025 budget line of the
    28 subsidies."""
    for year in sorted({YEAR, NEXT, clock.today().year}):
        setting_save(
            user=actors.admin,
            org=city,
            year=year,
            union_threshold=25,
            site_subsidy=SUBSIDY,
            notice_first=True,
            rectify_days=15,
            hazard_days=10,
        )
    return budget_save(
        user=actors.admin, org=city, year=YEAR, line=BUDGET_LINE, amount=SUBSIDY * SITES
    )


# ---------------------------------------------------------------- 三新


def _drives(actors: Actors, counties: list[Organization]) -> int:
    """A 建会攻坚 drive per county: the larger employers without a union as targets, a visit
    each, and the first three founding their union."""
    founded = 0
    for county in counties:
        officer = actors.officers[county.pk]
        targets = [
            e
            for e in _employers(county, has_union=False)
            if e.employee_count >= 25 and not hasattr(e, "founding")
        ][:8]
        drive = drive_create(
            user=officer,
            org=county,
            name=f"{YEAR}年{county.name.removesuffix('总工会')}非公企业建会攻坚行动",
            year=YEAR,
            officer=officer,
            starts_on=dt.date(YEAR, 3, 1),
            ends_on=dt.date(YEAR, 11, 30),
            employers=targets,
        )
        for i, employer in enumerate(targets):
            visit_record(
                user=officer,
                drive=drive,
                employer=employer,
                visited_on=_day(i, start=dt.date(YEAR, 3, 10), span=120),
                visitors=f"{officer.first_name}、组织部干事",
                outcome=VisitOutcome.AGREED if i < 3 else VisitOutcome.FOLLOW_UP,
                note="宣传《工会法》，了解职工入会意愿",
            )
            if i < 3:
                union_found(
                    user=officer,
                    employer=employer,
                    parent=employer.org,
                    name=f"{employer.name}工会委员会",
                    meeting_on=_day(i, start=dt.date(YEAR, 6, 2), span=90),
                    chair_name=f"{employer.name[-6:-4] or '王'}主席",
                    attendees=max(3, employer.employee_count // 2),
                    members=max(3, employer.employee_count * 2 // 3),
                    drive=drive,
                )
                founded += 1
    return founded


def _join_events(actors: Actors, city: Organization, counties: list[Organization]) -> int:
    """13 集中入会 events; 623 joiners at 1:SCALE, all new-employment-form workers."""
    unions = (
        list(
            Organization.objects.filter(kind__in=[OrgKind.INDUSTRY, OrgKind.REGIONAL]).order_by(
                "pk"
            )
        )
        or counties
    )
    forms = [NewEmploymentForm.COURIER, NewEmploymentForm.RIDER, NewEmploymentForm.TRUCK]
    total = round(JOINERS / SCALE)
    made = 0
    for n in range(EVENTS):
        size = total // EVENTS + (1 if n < total % EVENTS else 0)
        union = unions[n % len(unions)]
        held = _day(n, start=dt.date(YEAR, 4, 8), span=210)
        joiners = [
            JoinerData(
                name=f"{'李王张刘陈杨赵黄'[(n + k) % 8]}{'新骑运达顺通'[k % 6]}{'宇航'[n % 2]}",
                id_number=build_id_number(
                    "610902", dt.date(1990 + k % 10, 1 + n % 12, 9), 700 + n * 10 + k
                ),
                new_employment_form=forms[(n + k) % len(forms)],
            )
            for k in range(size)
        ]
        join_event_create(
            user=actors.admin,
            org=city,
            union=union,
            title=f"{YEAR}年新就业形态劳动者集中入会行动（第{n + 1}场）",
            held_on=held,
            place=f"{union.name.removesuffix('工会联合会')}服务站",
            note=f"演示数据：入会人数按1:{SCALE}生成（全年13场共新发展会员623人）",
            joiners=joiners,
        )
        made += size
    return made


def _sites(actors: Actors, city: Organization, budget: Budget) -> None:
    """28 党工共建示范点 of 2025: designated by 企业工作部, approved by the admin, paid."""
    employers = list(
        Employer.objects.filter(has_union=True, has_party_org=True).order_by(
            "-employee_count", "pk"
        )[:SITES]
    )
    for n, employer in enumerate(employers):
        site = site_designate(
            user=actors.zhuqi, employer=employer, budget=budget, year=YEAR, note="党工共建重点培育"
        )
        site_approve(user=actors.admin, site=site)
        site_pay(
            user=actors.admin, site=site, paid_on=clock.today(), voucher=f"记-{YEAR}-{n + 301}"
        )
    approved = dt.date(YEAR, 9, 20)
    DemoSite.objects.filter(year=YEAR).update(
        approved_at=_moment(approved),
        paid_on=dt.date(YEAR, 10, 15),
        created_at=_moment(dt.date(YEAR, 9, 1)),
    )


# ---------------------------------------------------------------- 助企行


def _squads(actors: Actors, city: Organization) -> list:
    workers = list(
        ModelWorker.objects.filter(level__isnull=False, person__status="active").order_by("pk")[
            : SQUADS * 6
        ]
    )
    squads = []
    for n, (name, fields) in enumerate(SQUAD_FIELDS):
        squad = squad_create(user=actors.admin, org=city, name=name, fields=fields)
        for worker in workers[n * 6 : n * 6 + 6]:
            squad_member_add(
                user=actors.admin,
                squad=squad,
                model_worker=worker,
                skills=fields,
                specialty="劳模工匠",
            )
        squads.append(squad)
    return squads


def _needs(rng: random.Random, actors: Actors, squads: list, counties: list[Organization]) -> int:
    """12 problems solved and 8 suggestions made in 2025, each confirmed and rated."""
    employers = [e for c in counties for e in _employers(c, has_union=True)]
    outcomes = ["solved"] * SOLVED + ["suggestion"] * SUGGESTIONS
    for n, outcome in enumerate(outcomes):
        squad = squads[n % len(squads)]
        employer = employers[(n * 5) % len(employers)]
        officer = actors.officers[_county_of(employer, counties).pk]
        need = need_file(
            user=officer,
            employer=employer,
            kind="technical" if outcome == "solved" else "management",
            field=squad.fields[0],
            title=PROBLEMS[n % len(PROBLEMS)],
            description="企业生产经营中遇到的难题，请劳模工匠技术服务队上门指导",
            urgency=rng.choice(["normal", "urgent"]),
        )
        need_assign(user=actors.admin, need=need, squad=squad, note="按专长匹配派单")
        need_accept(user=officer, need=need)
        need_visit(user=officer, need=need, visited_on=clock.today(), note="分队上门诊断")
        need_outcome(
            user=officer,
            need=need,
            outcome=outcome,
            note="现场攻关解决" if outcome == "solved" else "提出管理优化建议",
            done_on=clock.today(),
        )
        need_confirm(user=officer, need=need, rating=rng.choice([4, 5, 5]), comment="服务及时")
        filed = _day(n, start=dt.date(YEAR, 4, 1), span=200)
        Need.objects.filter(pk=need.pk).update(
            created_at=_moment(filed),
            assigned_at=_moment(filed + dt.timedelta(days=2)),
            done_on=filed + dt.timedelta(days=20),
            confirmed_at=_moment(filed + dt.timedelta(days=25)),
        )
        for k, step in enumerate(NeedStep.objects.filter(need=need).order_by("pk")):
            day = filed + dt.timedelta(days=(0, 2, 3, 10, 20, 25)[min(k, 5)])
            NeedStep.objects.filter(pk=step.pk).update(created_at=_moment(day), on_date=day)
    return len(outcomes)


def _county_of(employer: Employer, counties: list[Organization]) -> Organization:
    return next(c for c in counties if employer.org.path.startswith(c.path))


# ---------------------------------------------------------------- 维权


def _letters(actors: Actors, shiquan: Organization) -> int:
    """石泉's 提示函 on wage arrears: 9 letters, 5 workers each, 13.5 万元 recovered in all, every
    letter rectified."""
    officer = actors.officers[shiquan.pk]
    pool = _employers(shiquan)
    letters, per_letter = 9, RECOVERY_WORKERS // 9
    per_worker = RECOVERED / RECOVERY_WORKERS
    for n in range(letters):
        employer = pool[n % len(pool)]
        issued = _day(n, start=dt.date(YEAR, 3, 3), span=180)
        letter = letter_issue(
            user=officer,
            kind="notice",
            employer=employer,
            violation="wage_arrears",
            facts=f"经职工反映并核实，{employer.name}拖欠{per_letter}名职工工资。",
            demand="请于整改期限内足额支付拖欠的工资，并书面回复本会。",
            issued_on=issued,
            arrears_claimed=str(per_worker * per_letter),
            workers_involved=per_letter,
        )
        for k in range(per_letter):
            recovery_record(
                user=officer,
                letter=letter,
                worker_name=f"{'王李张刘陈杨赵黄周'[(n + k) % 9]}{('建华', '秀英', '志强')[k % 3]}",
                claimed=str(per_worker),
                recovered=str(per_worker),
                recovered_on=issued + dt.timedelta(days=12),
            )
        letter_rectified(
            user=officer,
            letter=letter,
            rectified_on=issued + dt.timedelta(days=12),
            rectification="已足额支付拖欠工资",
        )
    return letters


def _inspections(actors: Actors, counties: list[Organization]) -> None:
    """434 safety inspections; 280 hazards found, 265 fixed with a photo, 15 still open."""
    employers = {c.pk: _employers(c) for c in counties}
    hazards_left = HAZARDS_FOUND
    for n in range(INSPECTIONS):
        county = counties[n % len(counties)]
        pool = employers[county.pk]
        found = 1 if hazards_left > INSPECTIONS - n - 1 or (n % 3 == 0 and hazards_left) else 0
        hazards_left -= found
        inspection_record(
            user=actors.officers[county.pk],
            org=county,
            employer=pool[n % len(pool)],
            inspected_on=_day(n, start=dt.date(YEAR, 1, 6), span=330),
            inspectors="工会劳动保护监督检查员",
            note="安全生产月专项检查",
            hazards=["消防通道堆放杂物"] if found else [],
        )
    open_hazards = HAZARDS_FOUND - HAZARDS_FIXED
    for n, hazard in enumerate(Hazard.objects.select_related("inspection").order_by("pk")):
        if n < open_hazards:
            continue
        county = next(c for c in counties if c.pk == hazard.inspection.org_id)
        hazard_close(
            user=actors.officers[county.pk],
            hazard=hazard,
            fixed_on=min(hazard.deadline, dt.date(YEAR, 12, 30)),
            evidence=[SimpleUploadedFile("整改照片.png", PNG, content_type="image/png")],
        )


def _mediations_and_consultations(actors: Actors, counties: list[Organization]) -> None:
    """Mediation with the cooperating bodies (工会+法院+检察院+人社+司法) and 124 consultations."""
    stages = ["agreed", "agreed", "agreed", "arbitration", "withdrawn", "mediating"]
    bodies = [["court", "hrss"], ["justice"], ["court", "procuratorate", "hrss", "justice"]]
    for n, final in enumerate(stages * 2):
        county = counties[n % len(counties)]
        officer = actors.officers[county.pk]
        received = _day(n, start=dt.date(YEAR, 2, 10), span=280)
        case = mediation_intake(
            user=officer,
            org=county,
            applicant=f"{'赵钱孙李周吴'[n % 6]}某等{2 + n % 4}人",
            applicants=2 + n % 4,
            employer=pool[n % len(pool)] if (pool := _employers(county)) else None,
            dispute=["wage_arrears", "contract", "social_insurance"][n % 3],
            summary="职工与单位就工资、劳动合同发生争议，申请工会调解。",
            bodies=bodies[n % len(bodies)],
            received_on=received,
            amount_claimed=str(20000 + 5000 * n),
        )
        mediation_move(
            user=officer, mediation=case, stage="mediating", on_date=received + dt.timedelta(days=3)
        )
        if final == "agreed":
            mediation_move(
                user=officer,
                mediation=case,
                stage="agreed",
                on_date=received + dt.timedelta(days=15),
                amount_agreed=str(15000 + 5000 * n),
                outcome="双方达成调解协议，单位分两期支付",
            )
        elif final != "mediating":
            mediation_move(
                user=officer, mediation=case, stage=final, on_date=received + dt.timedelta(days=20)
            )
    topics = ["wage_arrears", "contract", "social_insurance", "overtime", "safety"]
    channels = ["visit", "phone", "hotline", "online"]
    for n in range(CONSULTATIONS):
        county = counties[n % len(counties)]
        consultation_log(
            user=actors.officers[county.pk],
            org=county,
            channel=channels[n % len(channels)],
            topic=topics[n % len(topics)],
            question="外出务工被拖欠工资如何维权？" if n % 2 else "单位未签劳动合同怎么办？",
            answer="告知维权途径，指导收集证据，必要时转劳动争议调解",
            consulted_on=_day(n, start=dt.date(YEAR, 1, 6), span=340),
            asker=f"{'李王张刘'[n % 4]}先生" if n % 3 else "",
        )


def _waiting(actors: Actors, squads: list, counties: list[Organization]) -> int:
    """Work waiting today: needs filed (one by the flagship's chair), assigned and accepted, and
    a 提示函 to 汉滨 not yet answered followed by its 意见书."""
    hanbin = counties[0]
    officer = actors.officers[hanbin.pk]
    pool = _employers(hanbin, has_union=True)
    made = []
    if actors.chair is not None and actors.chair.organization is not None:
        own = actors.chair.organization.employer
        if own is not None:
            made.append(
                need_file(
                    user=actors.chair,
                    employer=own,
                    kind="training",
                    field=Field.MANAGEMENT,
                    title="班组长管理能力培训",
                    description="新提拔班组长12名，希望劳模工匠讲授班组管理和安全生产",
                )
            )
    for n, title in enumerate(("数控机床精度下降", "茶叶烘干能耗偏高", "仓储管理信息化")):
        made.append(
            need_file(
                user=officer,
                employer=pool[(n * 3 + 1) % len(pool)],
                kind="technical",
                field=squads[n].fields[0],
                title=title,
                description="请技术服务队上门诊断",
                urgency="urgent" if n == 0 else "normal",
            )
        )
    need_assign(user=actors.admin, need=made[-1], squad=squads[2], note="按专长匹配派单")
    need_assign(user=actors.admin, need=made[-2], squad=squads[1], note="按专长匹配派单")
    need_accept(user=officer, need=made[-2])
    notice = letter_issue(
        user=officer,
        kind="notice",
        employer=pool[0],
        violation="overtime",
        facts=f"{pool[0].name}生产旺季安排职工每日加班超过3小时。",
        demand="请依法安排工作时间，保障职工休息权利。",
        issued_on=clock.today() - dt.timedelta(days=40),
    )
    letter_issue(
        user=officer,
        kind="opinion",
        employer=pool[0],
        follows=notice,
        violation="overtime",
        facts="提示函送达后，单位仍未调整加班安排。",
        demand="请于整改期限内落实工时制度，并书面回复本会。",
    )
    return len(made)


def seed(*, seed: int) -> str:
    """Create the 企业工作 demo data once; returns a one-line Chinese summary."""
    if AuditLog.objects.filter(model=MARKER_MODEL).exists():
        return "企业工作演示数据已存在，跳过生成"
    if not User.objects.filter(username="admin").exists():
        return "企业工作演示数据：缺少演示账号，跳过生成"
    rng = random.Random(seed)
    with transaction.atomic():
        city = Organization.objects.get(parent__isnull=True)
        actors = _actors(city)
        counties = [
            Organization.objects.get(kind=OrgKind.COUNTY, code=code)
            for code in ("610902", "610922")
        ]
        counties = [c for c in counties if c.pk in actors.officers]
        budget = _settings(actors, city)
        founded = _drives(actors, counties)
        joined = _join_events(actors, city, counties)
        _sites(actors, city, budget)
        squads = _squads(actors, city)
        needs = _needs(rng, actors, squads, counties)
        letters = _letters(actors, counties[-1])
        _inspections(actors, counties)
        _mediations_and_consultations(actors, counties)
        waiting = _waiting(actors, squads, counties)
        audit.record(
            action=AuditAction.IMPORT,
            model=MARKER_MODEL,
            user=None,
            org=city,
            note=(
                f"生成企业工作演示数据（种子 {seed}）：{YEAR}年示范点、集中入会（1:{SCALE}）、"
                "助企行、一函两书、安全检查、调解和法律咨询；经业务服务生成后部分记录改记为"
                f"{YEAR}年的日期"
            ),
            after={
                "seed": seed,
                "founded": founded,
                "joined": joined,
                "needs": needs,
                "waiting": waiting,
            },
        )
    return (
        f"企业工作：{YEAR}年党工共建示范点 {SITES} 个、集中入会 {EVENTS} 场（{joined} 人，1:{SCALE}）、"
        f"建会 {founded} 家；技术服务队 {SQUADS} 支、解决难题 {SOLVED} 项、建议 {SUGGESTIONS} 条；"
        f"安全检查 {INSPECTIONS} 次、整改隐患 {HAZARDS_FIXED} 处；石泉追回欠薪 13.5 万元（{letters} 份提示函）"
    )
