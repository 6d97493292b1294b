"""Demo data: about 600 model workers in 安康 with a realistic spread (called by `gonghui demo`).

Bulk inserts (the audit signals do not fire): one summary audit entry is written instead.
Deterministic for a given seed; running it again tops up to `count` without duplicates.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction

from gonghui.core import audit, clock
from gonghui.core.crypto import lookup_hash
from gonghui.core.demo import seed_ankang_tree
from gonghui.core.models import AuditAction, Membership, Organization, OrgKind, Person
from gonghui.core.pinyin import pinyin_keys
from gonghui.core.validators import build_id_number
from gonghui.honors.models import (
    Honor,
    HonorType,
    ModelWorker,
    VisitOccasion,
    VisitStatus,
    VisitTask,
)

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国红梅志强海燕玉兰德福春生文斌金凤永红建华小红立新晓东国庆学军卫东"
# County weights (汉滨 is the largest district) and units typical of each.
COUNTY_WEIGHTS = {
    "610902": 26,
    "610921": 8,
    "610922": 8,
    "610923": 5,
    "610924": 9,
    "610925": 6,
    "610926": 8,
    "610927": 4,
    "610929": 6,
    "610981": 12,
    "恒口示范区总工会": 4,
    "高新区总工会": 6,
}
UNITS = [
    "供电公司",
    "第一中学",
    "人民医院",
    "茶业有限公司",
    "建筑集团",
    "公路段",
    "富硒食品公司",
    "水电站",
    "中心卫生院",
    "电子科技公司",
    "新材料公司",
    "物流有限公司",
]
POSTS = [
    "高级技师",
    "一线操作工",
    "班组长",
    "技术员",
    "教师",
    "主治医师",
    "护士长",
    "工程师",
    "电工",
    "焊工",
    "制茶师",
    "驾驶员",
    "快递员",
    "外卖骑手",
]
# (title, weight): national few, city most.
TITLE_WEIGHTS = [
    ("全国劳动模范", 2),
    ("全国先进工作者", 1),
    ("全国五一劳动奖章", 2),
    ("陕西省劳动模范", 6),
    ("陕西省先进工作者", 3),
    ("陕西省五一劳动奖章", 4),
    ("三秦工匠", 2),
    ("安康市劳动模范", 22),
    ("安康市先进工作者", 10),
    ("安康市五一劳动奖章", 8),
    ("金州工匠", 10),
    ("县级劳动模范", 18),
    ("全国技术能手", 1),
    ("技术能手", 5),
]
AUTHORITY = {
    1: "中共中央、国务院",
    2: "陕西省人民政府",
    3: "安康市人民政府",
    4: "县（市、区）人民政府",
    5: "人力资源和社会保障部门",
}
DOC_PREFIX = {1: "国发", 2: "陕政发", 3: "安政发", 4: "县政发", 5: "人社发"}


def _counties(city: Organization) -> list[tuple[Organization, str, int]]:
    out = []
    for county in city.children.all():
        key = county.code or county.name
        region = county.code or "610900"
        out.append((county, region, COUNTY_WEIGHTS.get(key, 4)))
    return out


def _unions(county: Organization, rng: random.Random) -> list[Organization]:
    from gonghui.core.services import organization_create

    existing = list(county.children.filter(kind=OrgKind.GRASSROOTS)[:6])
    if len(existing) >= 4:
        return existing
    short = county.name.replace("总工会", "")
    for unit in rng.sample(UNITS, 4):
        name = f"{short}{unit}工会"
        if not Organization.objects.filter(parent=county, name=name).exists():
            existing.append(organization_create(name=name, kind=OrgKind.GRASSROOTS, parent=county))
    return existing


def seed_model_workers(*, count: int = 600, seed: int = 1, visits: bool = True) -> int:
    """Add model workers until the registry holds `count`; returns how many were created."""
    rng = random.Random(seed)
    city = seed_ankang_tree()
    have = ModelWorker.objects.count()
    if have >= count:
        return 0
    from gonghui.honors.services import honor_types_ensure

    honor_types_ensure()
    types = {t.name: t for t in HonorType.objects.all()}
    titles = [t for t, _ in TITLE_WEIGHTS if t in types]
    weights = [w for t, w in TITLE_WEIGHTS if t in types]
    counties = _counties(city)
    unions = {c.pk: _unions(c, rng) for c, _, _ in counties}
    today = clock.today()
    need = count - have
    created = 0
    with transaction.atomic():
        seen: set[str] = set()
        while created < need:
            batch = min(2000, need - created)
            people: list[Person] = []
            picks = []
            for _ in range(batch * 2):
                if len(people) >= batch:
                    break
                county, region, _ = rng.choices(counties, weights=[w for _, _, w in counties])[0]
                birth = dt.date(1955, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 45))
                number = build_id_number(region, birth, rng.randrange(0, 1000))
                h = lookup_hash(number, purpose="person.id_number")
                if h in seen:
                    continue
                seen.add(h)
                people.append(_person(rng, number, birth, rng.choice(unions[county.pk]), today))
                picks.append(h)
            taken = set(Person.objects.filter(id_hash__in=picks).values_list("id_hash", flat=True))
            people = [p for p in people if p.id_hash not in taken]
            Person.objects.bulk_create(people, batch_size=1000)
            Membership.objects.bulk_create(
                [Membership(person=p, union=p.org, joined_on=dt.date(2010, 1, 1)) for p in people],
                batch_size=1000,
            )
            honors: list[Honor] = []
            for p in people:
                n = 1 if rng.random() < 0.75 else 2
                for name in {rng.choices(titles, weights=weights)[0] for _ in range(n)}:
                    t = types[name]
                    year = rng.randrange(1995, today.year)
                    revoked = rng.random() < 0.01
                    honors.append(
                        Honor(
                            person=p,
                            honor_type=t,
                            year=year,
                            authority=AUTHORITY[t.level],
                            doc_number=f"{DOC_PREFIX[t.level]}〔{year}〕{rng.randrange(1, 90)}号",
                            status="revoked" if revoked else "valid",
                            revoked_on=dt.date(year + 1, 6, 1) if revoked else None,
                            revoke_reason="经核查存在违纪情形，依规撤销" if revoked else "",
                        )
                    )
            Honor.objects.bulk_create(honors, batch_size=1000)
            best: dict[int | None, Honor] = {}
            for honor in honors:
                if honor.status != "valid":
                    continue
                cur = best.get(honor.person_id)
                if cur is None or (honor.honor_type.level, -honor.year) < (
                    cur.honor_type.level,
                    -cur.year,
                ):
                    best[honor.person_id] = honor
            ModelWorker.objects.bulk_create(
                [
                    ModelWorker(
                        person=p,
                        level=best[p.pk].honor_type.level if p.pk in best else None,
                        top_honor=best.get(p.pk),
                        bank_name="安康农商银行" if rng.random() < 0.9 else "",
                    )
                    for p in people
                ],
                batch_size=1000,
            )
            created += len(people)
        if visits:
            _seed_visits(rng, today)
        audit.record(
            action=AuditAction.IMPORT,
            model="honors.modelworker",
            org=city,
            note=f"演示数据：新增劳模{created}人",
        )
    return created


def _person(
    rng: random.Random, number: str, birth: dt.date, union: Organization, today: dt.date
) -> Person:
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2, 2])))
    p = Person(name=name, birth_date=birth, sex="M" if int(number[16]) % 2 else "F", org=union)
    p.set_id_number(number)
    p.name_pinyin, p.name_initials = pinyin_keys(name)
    phone = f"1{rng.choice('3589')}{rng.randrange(0, 10**9):09d}"
    p.set_phone(phone)
    p.work_unit = union.name.replace("工会", "")
    p.post = rng.choice(POSTS)
    p.ethnicity = "汉族"
    p.education = rng.choice(["普通高中", "大学专科", "大学本科", "大学本科", "硕士研究生"])
    p.political_status = rng.choice(["中共党员", "中共党员", "群众"])
    age = today.year - birth.year
    r = rng.random()
    p.status = "deceased" if r < 0.05 else ("retired" if age >= 60 or r < 0.15 else "active")
    p.frontline = rng.random() < 0.55
    p.hardship_post = rng.random() < 0.2
    p.key_sector = rng.random() < 0.25
    if p.post in ("快递员", "外卖骑手"):
        p.new_employment_form = "courier" if p.post == "快递员" else "rider"
    return p


def _seed_visits(rng: random.Random, today: dt.date) -> None:
    """This year's past holidays: most living model workers visited, with money and goods."""
    from gonghui.honors.rules import holidays_for

    workers = list(
        ModelWorker.objects.filter(level__isnull=False)
        .exclude(person__status="deceased")
        .values_list("person_id", "person__org_id", "level")
    )
    tasks = []
    for holiday in holidays_for(today.year):
        have = set(VisitTask.objects.filter(holiday=holiday).values_list("person_id", flat=True))
        for pid, org_id, level in workers:
            if pid in have or rng.random() > 0.3:
                continue
            done = holiday.date < today and rng.random() < 0.9
            money = Decimal(
                rng.choice([500, 800, 1000, 2000, 3000])
                if level is not None and level <= 2
                else rng.choice([300, 500, 800])
            )
            tasks.append(
                VisitTask(
                    person_id=pid,
                    org_id=org_id,
                    occasion=VisitOccasion.HOLIDAY,
                    holiday=holiday,
                    year=today.year,
                    due_date=holiday.date,
                    status=VisitStatus.DONE if done else VisitStatus.OPEN,
                    visited_on=holiday.date - dt.timedelta(days=rng.randrange(1, 10))
                    if done
                    else None,
                    money=money if done else Decimal("0"),
                    goods="米、油、慰问信" if done else "",
                    notes="上门走访慰问，了解工作生活情况" if done else "",
                )
            )
    VisitTask.objects.bulk_create(tasks, batch_size=1000)


def seed(*, seed: int) -> str:
    """The domain's demo data (core.kit): about 600 model workers with honors and visits."""
    return f"劳模 {seed_model_workers(count=600, seed=seed)} 人"
