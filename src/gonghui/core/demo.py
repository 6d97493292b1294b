"""The 安康 organization tree and deterministic demo data.

`seed_demo(members=N, seed=S)` builds a realistic dataset from one `random.Random(seed)`:
towns and parks as 区域性工会联合会, industry federations, employers with valid credit codes,
their grassroots unions, persons with valid ID numbers whose region code fits their county,
and memberships. The same seed always gives the same records (ciphertexts differ — AES-GCM
nonces are random — but names, ID numbers and their lookup hashes are identical).

Bulk writes bypass the per-row audit signals on purpose (100,000 audit rows of fake data help
nobody); the run writes one summary entry (model ``core.demo``) that is also the marker
`--once` looks for.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from gonghui.core import audit
from gonghui.core.models import (
    AuditAction,
    AuditLog,
    Employer,
    EmployerKind,
    Membership,
    MembershipStatus,
    NewEmploymentForm,
    Organization,
    OrgKind,
    Person,
    PersonStatus,
    Role,
    User,
)
from gonghui.core.pinyin import pinyin_keys
from gonghui.core.validators import build_credit_code, build_id_number

CITY_NAME = "安康市总工会"
# GB/T 2260 codes of the ten county-level divisions; the two zones have none.
COUNTIES: list[tuple[str, str]] = [
    ("汉滨区总工会", "610902"),
    ("汉阴县总工会", "610921"),
    ("石泉县总工会", "610922"),
    ("宁陕县总工会", "610923"),
    ("紫阳县总工会", "610924"),
    ("岚皋县总工会", "610925"),
    ("平利县总工会", "610926"),
    ("镇坪县总工会", "610927"),
    ("白河县总工会", "610929"),
    ("旬阳市总工会", "610981"),
    ("恒口示范区总工会", ""),
    ("高新区总工会", ""),
]


def seed_ankang_tree() -> Organization:
    """Create the city federation and its twelve county-level federations (idempotent)."""
    from gonghui.core.services import organization_create

    with transaction.atomic():
        city = Organization.objects.filter(parent=None, name=CITY_NAME).first()
        if city is None:
            city = organization_create(
                name=CITY_NAME, kind=OrgKind.CITY, parent=None, code="610900"
            )
        for name, code in COUNTIES:
            if not Organization.objects.filter(parent=city, name=name).exists():
                organization_create(name=name, kind=OrgKind.COUNTY, parent=city, code=code)
    return city


# ------------------------------------------------------------------ reference data

# The zones have no GB/T 2260 code; people registered there hold 汉滨 ID numbers.
ZONE_REGION = "610902"
DEMO_PASSWORD = "Gonghui#2026"
DEMO_MARKER_MODEL = "core.demo"
# Fixed reference day so the data never depends on when it is generated.
REFERENCE_DAY = dt.date(2025, 12, 31)

# county federation → (employer name prefix, share of the workforce, towns/parks)
COUNTY_PROFILE: dict[str, tuple[str, float, list[str]]] = {
    "汉滨区总工会": ("安康市汉滨区", 0.30, ["江北街道", "五里镇", "关庙镇"]),
    "汉阴县总工会": ("汉阴县", 0.08, ["城关镇", "涧池镇"]),
    "石泉县总工会": ("石泉县", 0.06, ["城关镇", "池河镇"]),
    "宁陕县总工会": ("宁陕县", 0.02, ["城关镇", "筒车湾镇"]),
    "紫阳县总工会": ("紫阳县", 0.09, ["城关镇", "向阳镇"]),
    "岚皋县总工会": ("岚皋县", 0.05, ["城关镇", "佐龙镇"]),
    "平利县总工会": ("平利县", 0.07, ["城关镇", "长安镇"]),
    "镇坪县总工会": ("镇坪县", 0.02, ["城关镇", "曾家镇"]),
    "白河县总工会": ("白河县", 0.05, ["城关镇", "中厂镇"]),
    "旬阳市总工会": ("旬阳市", 0.14, ["城关镇", "蜀河镇"]),
    "恒口示范区总工会": ("安康恒口示范区", 0.05, ["恒口镇", "恒口工业园区"]),
    "高新区总工会": ("安康高新区", 0.07, ["科技企业孵化园", "富硒产业园"]),
}
# (parent: "city" or a county federation name, name)
INDUSTRY_FEDERATIONS: list[tuple[str, str]] = [
    ("city", "安康市快递行业工会联合会"),
    ("city", "安康市网约车行业工会联合会"),
    ("汉滨区总工会", "汉滨区外卖配送行业工会联合会"),
    ("汉滨区总工会", "汉滨区货运物流行业工会联合会"),
]
# new-employment form → the industry federation its unorganized workers join
NEW_FORM_FEDERATION = {
    NewEmploymentForm.COURIER: "安康市快递行业工会联合会",
    NewEmploymentForm.RIDE_HAILING: "安康市网约车行业工会联合会",
    NewEmploymentForm.RIDER: "汉滨区外卖配送行业工会联合会",
    NewEmploymentForm.TRUCK: "汉滨区货运物流行业工会联合会",
}

TRADE_NAMES = (
    "秦巴 汉江 金州 瀛湖 华兴 鑫源 宏达 恒通 富硒 安澜 兴旺 德泰 瑞丰 天成 龙腾 博远 丰源 永盛 "
    "嘉禾 凤凰 香溪 华阳 安泰 顺达 祥和 裕丰 明珠 长青 凤堰 双龙 南宫 汉阳 晨光 锦程 新元 中润 "
    "宏盛 盛世 绿源 东方 金泰 汉水 云雾 紫峰 巴山 鼎盛 华泰 佳和 启航 聚鑫 永兴 通达 宏远 恒信 "
    "金桥 天润 瑞泽 福源 汇丰 亿达 信诚 众邦 腾达 宝丰 益康 安宇 万和 美佳 天汉 金山 庆丰"
).split()


@dataclass(frozen=True)
class Business:
    """A kind of employer: how it is named, its type, size and what its people do."""

    key: str
    industry: str
    suffix: str
    kinds: tuple[tuple[str, int], ...]
    size: tuple[int, int]
    posts: tuple[str, ...]
    weight: int
    new_economy: bool = False
    new_social: bool = False
    new_form: str = ""
    frontline: float = 0.5
    hardship: float = 0.03
    key_sector: float = 0.05
    migrant: float = 0.15
    education: tuple[int, int, int, int, int] = (25, 35, 22, 16, 2)


_P, _S, _F = EmployerKind.PRIVATE, EmployerKind.STATE, EmployerKind.FOREIGN
BUSINESSES: tuple[Business, ...] = (
    Business(
        "trade",
        "批发和零售业",
        "商贸有限公司",
        ((_P, 1),),
        (5, 120),
        ("销售员", "收银员", "仓管员", "会计", "店长"),
        14,
        migrant=0.2,
    ),
    Business(
        "build",
        "建筑业",
        "建筑工程有限公司",
        ((_P, 5), (_S, 1)),
        (20, 600),
        ("施工员", "钢筋工", "电焊工", "安全员", "项目经理", "测量员"),
        10,
        frontline=0.8,
        hardship=0.35,
        key_sector=0.15,
        migrant=0.55,
        education=(45, 30, 15, 9, 1),
    ),
    Business(
        "tea",
        "农、林、牧、渔业",
        "富硒茶业有限公司",
        ((_P, 1),),
        (10, 200),
        ("制茶师", "茶艺师", "采茶工", "销售员", "质检员"),
        7,
        frontline=0.7,
        migrant=0.4,
        education=(40, 35, 15, 9, 1),
    ),
    Business(
        "toy",
        "制造业",
        "毛绒玩具有限公司",
        ((_P, 4), (_F, 1)),
        (50, 900),
        ("缝纫工", "质检员", "车间主任", "包装工", "设计师"),
        9,
        frontline=0.85,
        migrant=0.5,
        education=(45, 35, 12, 7, 1),
    ),
    Business(
        "material",
        "制造业",
        "新材料科技有限公司",
        ((_P, 3), (_S, 1)),
        (30, 500),
        ("操作工", "技术员", "电工", "质检员", "工程师"),
        6,
        frontline=0.7,
        hardship=0.15,
        key_sector=0.1,
        migrant=0.3,
    ),
    Business(
        "electronics",
        "制造业",
        "电子科技有限公司",
        ((_P, 3), (_F, 1)),
        (40, 800),
        ("操作工", "技术员", "工程师", "质检员", "仓管员"),
        6,
        new_economy=True,
        frontline=0.7,
        migrant=0.35,
    ),
    Business(
        "software",
        "信息传输、软件和信息技术服务业",
        "网络科技有限公司",
        ((_P, 1),),
        (5, 150),
        ("软件工程师", "产品经理", "运维工程师", "客服专员", "设计师"),
        5,
        new_economy=True,
        frontline=0.2,
        migrant=0.02,
        education=(2, 8, 30, 52, 8),
    ),
    Business(
        "food",
        "住宿和餐饮业",
        "餐饮管理有限公司",
        ((_P, 1),),
        (8, 150),
        ("厨师", "服务员", "面点师", "采购员", "店长"),
        8,
        frontline=0.8,
        migrant=0.45,
        education=(40, 40, 14, 6, 0),
    ),
    Business(
        "hotel",
        "住宿和餐饮业",
        "酒店管理有限公司",
        ((_P, 3), (_S, 1)),
        (20, 300),
        ("前台接待", "客房服务员", "厨师", "保安", "大堂经理"),
        4,
        frontline=0.75,
        migrant=0.3,
    ),
    Business(
        "tourism",
        "文化、体育和娱乐业",
        "文化旅游开发有限公司",
        ((_P, 2), (_S, 1)),
        (15, 300),
        ("导游", "讲解员", "售票员", "保洁员", "运营专员"),
        4,
        frontline=0.6,
        migrant=0.2,
    ),
    Business(
        "property",
        "房地产业",
        "物业服务有限公司",
        ((_P, 1),),
        (20, 400),
        ("保安", "保洁员", "维修工", "客服专员", "项目经理"),
        5,
        frontline=0.8,
        hardship=0.05,
        migrant=0.4,
        education=(40, 35, 15, 10, 0),
    ),
    Business(
        "water",
        "电力、热力、燃气及水生产和供应业",
        "水务有限责任公司",
        ((_S, 1),),
        (50, 600),
        ("管网维修工", "水质检测员", "抄表员", "调度员", "工程师"),
        3,
        frontline=0.65,
        hardship=0.3,
        key_sector=0.6,
        migrant=0.05,
    ),
    Business(
        "power",
        "电力、热力、燃气及水生产和供应业",
        "水电开发有限公司",
        ((_S, 2), (_P, 1)),
        (40, 500),
        ("变电运维工", "线路工", "调度员", "工程师", "安全员"),
        2,
        frontline=0.7,
        hardship=0.4,
        key_sector=0.7,
        migrant=0.05,
    ),
    Business(
        "mining",
        "采矿业",
        "矿业有限公司",
        ((_P, 2), (_S, 1)),
        (50, 600),
        ("井下作业工", "爆破工", "电工", "安全员", "机修工"),
        2,
        frontline=0.9,
        hardship=0.8,
        key_sector=0.5,
        migrant=0.5,
        education=(50, 35, 10, 5, 0),
    ),
    Business(
        "logistics",
        "交通运输、仓储和邮政业",
        "物流有限公司",
        ((_P, 1),),
        (10, 300),
        ("货车司机", "装卸工", "调度员", "仓管员"),
        3,
        new_form=NewEmploymentForm.TRUCK,
        frontline=0.85,
        hardship=0.2,
        migrant=0.5,
    ),
    Business(
        "express",
        "交通运输、仓储和邮政业",
        "快递服务有限公司",
        ((_P, 1),),
        (10, 200),
        ("快递员", "分拣员"),
        2,
        new_economy=True,
        new_form=NewEmploymentForm.COURIER,
        frontline=0.95,
        migrant=0.5,
        education=(30, 45, 20, 5, 0),
    ),
    Business(
        "delivery",
        "交通运输、仓储和邮政业",
        "同城配送服务有限公司",
        ((_P, 1),),
        (10, 200),
        ("外卖配送员", "站长"),
        1,
        new_economy=True,
        new_form=NewEmploymentForm.RIDER,
        frontline=0.95,
        migrant=0.5,
        education=(30, 45, 20, 5, 0),
    ),
    Business(
        "ridehail",
        "交通运输、仓储和邮政业",
        "出行科技有限公司",
        ((_P, 1),),
        (10, 150),
        ("网约车司机", "运营专员"),
        1,
        new_economy=True,
        new_form=NewEmploymentForm.RIDE_HAILING,
        frontline=0.9,
        migrant=0.3,
    ),
    Business(
        "hospital",
        "卫生和社会工作",
        "",
        ((EmployerKind.INSTITUTION, 1),),
        (60, 900),
        ("医生", "护士", "药剂师", "检验师", "行政人员"),
        5,
        frontline=0.8,
        key_sector=0.9,
        migrant=0.0,
        education=(0, 10, 40, 42, 8),
    ),
    Business(
        "school",
        "教育",
        "",
        ((EmployerKind.INSTITUTION, 1),),
        (30, 300),
        ("教师", "班主任", "后勤人员", "校医"),
        8,
        frontline=0.8,
        key_sector=0.2,
        migrant=0.0,
        education=(0, 5, 30, 60, 5),
    ),
    Business(
        "organ",
        "公共管理、社会保障和社会组织",
        "",
        ((EmployerKind.ORGAN, 1),),
        (20, 120),
        ("科员", "副科长", "科长", "办事员", "驾驶员"),
        3,
        frontline=0.1,
        migrant=0.0,
        education=(0, 3, 20, 67, 10),
    ),
    Business(
        "social",
        "公共管理、社会保障和社会组织",
        "社会工作服务中心",
        ((EmployerKind.SOCIAL, 1),),
        (3, 40),
        ("社工", "项目专员", "志愿者协调员"),
        2,
        new_social=True,
        frontline=0.6,
        migrant=0.0,
        education=(2, 15, 40, 40, 3),
    ),
    Business(
        "association",
        "公共管理、社会保障和社会组织",
        "行业协会",
        ((EmployerKind.SOCIAL, 1),),
        (2, 15),
        ("秘书长", "办事员"),
        1,
        new_social=True,
        frontline=0.2,
        migrant=0.0,
        education=(2, 15, 40, 40, 3),
    ),
)
BUSINESS_BY_KEY = {b.key: b for b in BUSINESSES}
POSTS_BY_INDUSTRY: dict[str, tuple[str, ...]] = {}
for _b in BUSINESSES:
    POSTS_BY_INDUSTRY[_b.industry] = tuple(
        dict.fromkeys(POSTS_BY_INDUSTRY.get(_b.industry, ()) + _b.posts)
    )
ORGANS = (
    "人力资源和社会保障局",
    "住房和城乡建设局",
    "教育体育局",
    "交通运输局",
    "市场监督管理局",
    "财政局",
    "民政局",
    "农业农村局",
    "应急管理局",
    "自然资源局",
    "卫生健康局",
    "司法局",
)
EDUCATION_LEVELS = ("初中及以下", "高中/中专", "大专", "大学本科", "研究生")

SURNAMES = (
    ("王", 71),
    ("李", 70),
    ("张", 68),
    ("刘", 54),
    ("陈", 45),
    ("杨", 32),
    ("黄", 23),
    ("赵", 21),
    ("吴", 20),
    ("周", 19),
    ("徐", 13),
    ("孙", 12),
    ("马", 12),
    ("朱", 11),
    ("胡", 10),
    ("郭", 10),
    ("何", 9),
    ("高", 9),
    ("林", 9),
    ("罗", 8),
    ("郑", 8),
    ("梁", 8),
    ("谢", 6),
    ("宋", 6),
    ("唐", 6),
    ("许", 5),
    ("韩", 5),
    ("冯", 5),
    ("邓", 5),
    ("曹", 5),
    ("彭", 5),
    ("曾", 4),
    ("肖", 4),
    ("田", 4),
    ("董", 4),
    ("袁", 4),
    ("潘", 4),
    ("余", 4),
    ("蒋", 3),
    ("蔡", 3),
    ("杜", 3),
    ("叶", 3),
    ("程", 3),
    ("苏", 3),
    ("魏", 3),
    ("吕", 3),
    ("丁", 3),
    ("任", 3),
    ("沈", 3),
    ("姚", 3),
    ("卢", 3),
    ("姜", 2),
    ("崔", 2),
    ("钟", 2),
    ("谭", 2),
    ("陆", 2),
    ("汪", 2),
    ("范", 2),
    ("金", 2),
    ("石", 2),
    ("廖", 2),
    ("贾", 2),
    ("夏", 2),
    ("付", 2),
    ("方", 2),
    ("邹", 2),
    ("熊", 2),
    ("秦", 2),
    ("江", 2),
    ("段", 2),
    ("雷", 2),
    ("侯", 2),
    ("龙", 1),
    ("史", 1),
    ("陶", 1),
    ("贺", 1),
    ("毛", 1),
    ("万", 1),
    ("覃", 1),
    ("柯", 1),
    ("欧阳", 1),
    ("司马", 1),
)
GIVEN_MALE = (
    "伟 强 磊 军 勇 杰 涛 明 超 刚 平 辉 鹏 华 飞 波 斌 宇 浩 凯 健 俊 帆 帅 旭 宁 龙 林 "
    "建华 建国 志强 志刚 国强 海波 文杰 俊杰 浩然 子轩 宇航 鹏飞 晓东 永刚 德明 新民 "
    "红军 建军 小龙 家豪 明辉 振华 立新 国庆 少华 天宇 博文 思远"
).split()
GIVEN_FEMALE = (
    "芳 娜 敏 静 丽 艳 娟 霞 燕 玲 婷 雪 慧 琳 颖 倩 洁 莉 萍 红 梅 丹 蕾 薇 "
    "秀英 桂英 秀兰 玉兰 桂兰 晓燕 丽娟 海燕 春梅 雪梅 佳怡 欣怡 梓涵 雨涵 思琪 "
    "婷婷 丹丹 晓丽 文静 秀梅 金凤 美玲 红梅 小红 慧敏"
).split()
ETHNICITIES = (
    ("汉族", 970),
    ("回族", 8),
    ("土家族", 6),
    ("满族", 5),
    ("蒙古族", 4),
    ("苗族", 3),
    ("壮族", 2),
    ("藏族", 1),
    ("彝族", 1),
)
MOBILE_PREFIXES = tuple(
    "130 131 132 133 135 136 137 138 139 150 151 152 153 155 156 157 158 159 "
    "173 176 177 180 181 182 183 185 186 187 188 189 191 198 199".split()
)

# The fixed 汉滨 union behind the demo logins "chair" and "worker".
FLAGSHIP_EMPLOYER = "安康市汉滨区汉江商贸有限公司"
FLAGSHIP_UNION = "安康市汉滨区汉江商贸有限公司工会委员会"
FLAGSHIP_WORKER = "张伟"


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    org_hint: str  # a county federation name, "city" or "flagship"
    first_name: str


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("admin", Role.CITY_ADMIN, "city", "市总管理员"),
    DemoUser("hanbin", Role.COUNTY_OFFICER, "汉滨区总工会", "汉滨区工会干部"),
    DemoUser("shiquan", Role.COUNTY_OFFICER, "石泉县总工会", "石泉县工会干部"),
    DemoUser("chair", Role.GRASSROOTS_CHAIR, "flagship", "基层工会主席"),
    DemoUser("auditor", Role.AUDITOR, "city", "审计员"),
    DemoUser("worker", Role.MEMBER, "flagship", FLAGSHIP_WORKER),
)


# ------------------------------------------------------------------ generation


@dataclass
class DemoResult:
    created: bool
    organizations: int = 0
    employers: int = 0
    persons: int = 0
    memberships: int = 0
    users_created: list[str] = field(default_factory=list)
    message: str = ""


def demo_exists() -> bool:
    """True when a demo seeding run has been recorded."""
    return AuditLog.objects.filter(model=DEMO_MARKER_MODEL).exists()


def weighted_picker(rng: random.Random, pairs: Iterable[tuple[Any, int]]) -> Callable[[], Any]:
    """A function drawing one value at a time with the given integer weights."""
    items = list(pairs)
    values = [v for v, _ in items]
    cum: list[float] = []
    total = 0.0
    for _, w in items:
        total += w
        cum.append(total)

    def pick() -> Any:
        return rng.choices(values, cum_weights=cum)[0]

    return pick


_ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_CODE_BODY = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def _org_code(rng: random.Random) -> str:
    """A GB 11714 organization code (8 characters and its check character)."""
    body = "MA" + "".join(rng.choice(_ORG_CODE_BODY) for _ in range(6))
    total = sum(int(c, 36) * w for c, w in zip(body, _ORG_CODE_WEIGHTS, strict=True))
    check = 11 - total % 11
    return body + ("X" if check == 10 else "0" if check == 11 else str(check))


def _credit_prefix(kind: str) -> str:
    # 登记管理部门 + 机构类别: 91 企业, 11 机关, 12 事业单位, 52 社会服务机构.
    prefixes: dict[str, str] = {
        EmployerKind.ORGAN: "11",
        EmployerKind.INSTITUTION: "12",
        EmployerKind.SOCIAL: "52",
    }
    return prefixes.get(kind, "91")


class DemoGenerator:
    """Names, ID numbers, credit codes and phones from one seeded random source, never twice."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.credit_codes: set[str] = set()
        self.id_first17: set[str] = set()
        self.employer_names: set[str] = set()
        self.pinyin_cache: dict[str, tuple[str, str]] = {}
        rng = self.rng
        self.surname = weighted_picker(rng, SURNAMES)
        self.ethnicity = weighted_picker(rng, ETHNICITIES)

    def credit_code(self, kind: str, region: str) -> str:
        while True:
            code = build_credit_code(_credit_prefix(kind) + region + self.rng_org_code())
            if code not in self.credit_codes:
                self.credit_codes.add(code)
                return code

    def rng_org_code(self) -> str:
        return _org_code(self.rng)

    def employer_name(self, prefix: str, business: Business) -> str:
        rng = self.rng
        for attempt in range(200):
            trade = rng.choice(TRADE_NAMES)
            if attempt > 20:
                trade += rng.choice(TRADE_NAMES)
            if business.key == "hospital":
                kind = rng.choice(("医院", "医院", "中医医院", "口腔医院", "康复医院"))
                name = (
                    f"{prefix}{trade}{kind}"
                    if attempt or rng.random() < 0.8
                    else (f"{prefix}人民医院")
                )
            elif business.key == "school":
                stage = rng.choice(("小学", "初级中学", "中学", "幼儿园", "职业技术学校"))
                name = f"{prefix}{trade}{stage}"
            elif business.key == "organ":
                name = f"{prefix}{rng.choice(ORGANS)}"
                if attempt > 20:
                    return ""
            else:
                name = f"{prefix}{trade}{business.suffix}"
            if name not in self.employer_names:
                self.employer_names.add(name)
                return name
        return ""

    def id_number(self, region: str, birth: dt.date, male: bool) -> str:
        rng = self.rng
        for _ in range(50):
            seq = rng.randrange(0, 500) * 2 + (1 if male else 0)
            first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
            if first17 not in self.id_first17:
                self.id_first17.add(first17)
                return build_id_number(region, birth, seq)
            birth += dt.timedelta(days=1)
        raise RuntimeError("too many ID collisions")

    def name(self, male: bool) -> str:
        given = GIVEN_MALE if male else GIVEN_FEMALE
        return self.surname() + self.rng.choice(given)

    def mobile(self) -> str:
        return self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"

    def pinyin(self, name: str) -> tuple[str, str]:
        keys = self.pinyin_cache.get(name)
        if keys is None:
            keys = self.pinyin_cache[name] = pinyin_keys(name)
        return keys


def _county_region(county: Organization) -> str:
    return county.code or ZONE_REGION


def _bulk_orgs(orgs: list[Organization]) -> list[Organization]:
    """Insert organizations in bulk and set their materialized paths."""
    if not orgs:
        return orgs
    created = Organization.objects.bulk_create(orgs, batch_size=500)
    if any(o.pk is None for o in created):  # backends that return no ids
        by_key = {
            (o.parent_id, o.name): o.pk
            for o in Organization.objects.filter(parent__in={o.parent_id for o in orgs})
        }
        for o in created:
            o.pk = by_key[(o.parent_id, o.name)]
    for o in created:
        assert o.parent is not None
        o.path = o.parent.path + Organization.segment(o.pk)
        o.depth = o.parent.depth + 1
    Organization.objects.bulk_update(created, ["path", "depth"], batch_size=500)
    return created


@dataclass
class _EmployerPlan:
    employer: Employer
    business: Business
    county: Organization
    region: str
    union: Organization | None = None
    headcount: int = 0


def seed_demo(*, members: int, seed: int, log: Callable[[str], None] | None = None) -> DemoResult:
    """Create the demo dataset (raises if one already exists) and the demo users."""
    from gonghui.core.services import organization_create

    say = log or (lambda _msg: None)
    if members < 1:
        raise ValueError("members must be positive")
    gen = DemoGenerator(seed)
    rng = gen.rng
    result = DemoResult(created=True)
    with transaction.atomic():
        if demo_exists():
            raise RuntimeError("demo data already exists")
        city = seed_ankang_tree()
        counties = {o.name: o for o in city.children.filter(kind=OrgKind.COUNTY)}

        # Towns and parks (区域性工会联合会) and industry federations: a few dozen, audited normally.
        regional: dict[str, list[Organization]] = {}
        for county_name, (_prefix, _share, towns) in COUNTY_PROFILE.items():
            county = counties[county_name]
            short = county_name.removesuffix("总工会")
            regional[county_name] = []
            for town in towns:
                name = f"{short}{town}工会联合会"
                org = Organization.objects.filter(parent=county, name=name).first()
                regional[county_name].append(
                    org or organization_create(name=name, kind=OrgKind.REGIONAL, parent=county)
                )
        federations: dict[str, Organization] = {}
        for parent_name, name in INDUSTRY_FEDERATIONS:
            parent = city if parent_name == "city" else counties[parent_name]
            org = Organization.objects.filter(parent=parent, name=name).first()
            federations[name] = org or organization_create(
                name=name, kind=OrgKind.INDUSTRY, parent=parent
            )
        result.organizations = sum(len(v) for v in regional.values()) + len(federations)

        # Employers: about one per 25 persons, spread over counties by workforce share.
        n_employers = max(24, members // 25)
        pick_county = weighted_picker(
            rng, [(c, int(p[1] * 100)) for c, p in COUNTY_PROFILE.items()]
        )
        pick_business = weighted_picker(rng, [(b, b.weight) for b in BUSINESSES])
        plans: list[_EmployerPlan] = []

        def plan_employer(county_name: str, business: Business, name: str = "") -> None:
            county = counties[county_name]
            prefix = COUNTY_PROFILE[county_name][0]
            name = name or gen.employer_name(prefix, business)
            if not name:
                return
            kind = weighted_picker(rng, business.kinds)()
            lo, hi = business.size
            # Log-uniform: most employers are small, a few are large.
            count = round(lo * (hi / lo) ** rng.random())
            town_orgs = regional[county_name]
            # Small private firms in a town are registered with its regional federation.
            attached = county
            if kind == EmployerKind.PRIVATE and count < 50 and rng.random() < 0.4:
                attached = rng.choice(town_orgs)
            is_public = kind in (EmployerKind.STATE, EmployerKind.ORGAN, EmployerKind.INSTITUTION)
            has_union = is_public or rng.random() < (0.85 if count >= 25 else 0.25)
            has_party = is_public or rng.random() < (0.6 if count >= 50 else 0.15)
            region = _county_region(county)
            employer = Employer(
                credit_code=gen.credit_code(kind, region),
                name=name,
                kind=kind,
                is_new_economy=business.new_economy,
                is_new_social=business.new_social,
                employee_count=count,
                industry=business.industry,
                has_union=has_union,
                has_party_org=has_party,
                org=attached,
            )
            plans.append(_EmployerPlan(employer, business, county, region))

        plan_employer("汉滨区总工会", BUSINESS_BY_KEY["trade"], FLAGSHIP_EMPLOYER)
        gen.employer_names.add(FLAGSHIP_EMPLOYER)
        flagship_plan = plans[0]
        flagship_plan.employer.has_union = True
        flagship_plan.employer.employee_count = max(flagship_plan.employer.employee_count, 60)
        flagship_plan.employer.org = counties["汉滨区总工会"]
        # One employer of each new-employment-form kind is certain to exist.
        for key in ("express", "delivery", "ridehail", "logistics"):
            plan_employer("汉滨区总工会", BUSINESS_BY_KEY[key])
        while len(plans) < n_employers:
            plan_employer(pick_county(), pick_business())

        employers = Employer.objects.bulk_create([p.employer for p in plans], batch_size=1000)
        if any(e.pk is None for e in employers):
            by_code = dict(
                Employer.objects.filter(
                    credit_code__in=[e.credit_code for e in employers]
                ).values_list("credit_code", "pk")
            )
            for e in employers:
                e.pk = by_code[e.credit_code]
        result.employers = len(employers)
        say(f"用人单位 {len(employers)} 家")

        # Grassroots unions for the employers that have one.
        union_orgs: list[Organization] = []
        union_plans: list[_EmployerPlan] = []
        for plan in plans:
            if plan.employer.has_union:
                parent = plan.employer.org
                union_orgs.append(
                    Organization(
                        name=f"{plan.employer.name}工会委员会",
                        kind=OrgKind.GRASSROOTS,
                        parent=parent,
                        employer=plan.employer,
                    )
                )
                union_plans.append(plan)
        for plan, union in zip(union_plans, _bulk_orgs(union_orgs), strict=True):
            plan.union = union
        result.organizations += len(union_orgs)
        say(f"基层工会 {len(union_orgs)} 个")

        result.persons, result.memberships = _seed_persons(gen, plans, members, federations, say)
        audit.record(
            action=AuditAction.IMPORT,
            model=DEMO_MARKER_MODEL,
            object_repr="演示数据",
            org=city,
            after={
                "seed": seed,
                "members": members,
                "organizations": result.organizations,
                "employers": result.employers,
                "persons": result.persons,
                "memberships": result.memberships,
            },
            note=f"生成演示数据（种子 {seed}，{result.persons} 人）；批量写入，未逐条记审计日志",
        )
        result.users_created = ensure_demo_users()
    return result


def _seed_persons(
    gen: DemoGenerator,
    plans: list[_EmployerPlan],
    members: int,
    federations: dict[str, Organization],
    say: Callable[[str], None],
) -> tuple[int, int]:
    rng = gen.rng
    ordinary = [p for p in plans if not p.business.new_form or p.business.key == "logistics"]
    new_form_plans = [p for p in plans if p.business.new_form]
    pick_ordinary = weighted_picker(rng, [(p, max(1, p.employer.employee_count)) for p in ordinary])
    pick_new_form = weighted_picker(
        rng, [(p, max(1, p.employer.employee_count)) for p in new_form_plans]
    )
    born_from = dt.date(1960, 1, 1).toordinal()
    born_to = dt.date(2004, 12, 31).toordinal()
    political = weighted_picker(
        rng, [("中共党员", 14), ("共青团员", 8), ("群众", 76), ("民主党派", 2)]
    )
    education_pickers = {b.key: weighted_picker(rng, enumerate(b.education)) for b in BUSINESSES}

    batch: list[Person] = []
    batch_plans: list[tuple[_EmployerPlan, dt.date]] = []
    persons_done = 0
    memberships_done = 0

    def flush() -> None:
        nonlocal memberships_done
        if not batch:
            return
        created = Person.objects.bulk_create(batch, batch_size=1000)
        if any(p.pk is None for p in created):
            by_hash = dict(
                Person.objects.filter(id_hash__in=[p.id_hash for p in created]).values_list(
                    "id_hash", "pk"
                )
            )
            for p in created:
                p.pk = by_hash[p.id_hash]
        rows = []
        for person, (_plan, joined) in zip(created, batch_plans, strict=True):
            if joined is None:
                continue
            status = MembershipStatus.ACTIVE
            left_on = None
            if person.status == PersonStatus.DECEASED:
                status, left_on = (
                    MembershipStatus.LEFT,
                    REFERENCE_DAY - dt.timedelta(days=rng.randrange(30, 700)),
                )
                left_on = max(left_on, joined)
            rows.append(
                Membership(
                    person_id=person.pk,
                    union_id=person.org_id,
                    joined_on=joined,
                    left_on=left_on,
                    status=status,
                )
            )
        Membership.objects.bulk_create(rows, batch_size=1000)
        memberships_done += len(rows)
        batch.clear()
        batch_plans.clear()

    for index in range(members):
        flagship = index == 0
        new_form_person = not flagship and rng.random() < 0.045
        plan = pick_new_form() if new_form_person else pick_ordinary()
        if flagship:
            plan = plans[0]
        business = plan.business
        male = True if flagship else rng.random() < (0.85 if business.new_form else 0.52)
        birth = dt.date.fromordinal(rng.randrange(born_from, born_to + 1))
        if flagship:
            birth = dt.date(1986, 5, 12)
        name = FLAGSHIP_WORKER if flagship else gen.name(male)
        age = (REFERENCE_DAY - birth).days // 365
        status = PersonStatus.ACTIVE
        if age >= (60 if male else 55) and rng.random() < 0.7:
            status = PersonStatus.RETIRED
        elif age >= 45 and rng.random() < 0.005:
            status = PersonStatus.DECEASED
        if flagship:
            status = PersonStatus.ACTIVE
        new_form = ""
        if business.new_form and (new_form_person or rng.random() < 0.3):
            new_form = business.new_form
        post = rng.choice(business.posts)
        if new_form:
            post = NewEmploymentForm(new_form).label
        elif post in NewEmploymentForm.labels:
            post = business.posts[-1]
        education = EDUCATION_LEVELS[education_pickers[business.key]()]
        if age < 22 and education in ("大学本科", "研究生"):
            education = "大专"
        young = age <= 28
        pol = political()
        if pol == "共青团员" and not young:
            pol = "群众"
        frontline = bool(new_form) or rng.random() < business.frontline
        person = Person(
            name=name,
            birth_date=birth,
            sex="M" if male else "F",
            ethnicity=gen.ethnicity(),
            political_status=pol,
            education=education,
            employer=plan.employer,
            work_unit=plan.employer.name,
            post=post,
            frontline=frontline,
            hardship_post=frontline and rng.random() < business.hardship,
            key_sector=rng.random() < business.key_sector,
            new_employment_form=new_form,
            migrant_worker=rng.random() < business.migrant and education in EDUCATION_LEVELS[:2],
            status=status,
        )
        person.name_pinyin, person.name_initials = gen.pinyin(name)
        person.set_id_number(gen.id_number(plan.region, birth, male))
        person.set_phone(gen.mobile())
        # Membership: in the employer's own union, else (new-form workers) an industry federation.
        union: Organization | None = None
        if plan.union is not None and (flagship or rng.random() < 0.9):
            union = plan.union
        elif new_form and rng.random() < 0.6:
            union = federations[NEW_FORM_FEDERATION[NewEmploymentForm(new_form)]]
        elif plan.employer.org.kind == OrgKind.REGIONAL and rng.random() < 0.5:
            union = plan.employer.org
        joined = None
        if union is not None:
            earliest = max(
                birth.replace(year=birth.year + 18, day=min(birth.day, 28)), dt.date(1995, 1, 1)
            )
            latest = dt.date(2025, 6, 30)
            if earliest > latest:
                earliest = latest
            joined = dt.date.fromordinal(
                rng.randrange(earliest.toordinal(), latest.toordinal() + 1)
            )
            if flagship:
                joined = dt.date(2015, 3, 1)
        person.org = union or plan.employer.org
        batch.append(person)
        batch_plans.append((plan, joined))  # type: ignore[arg-type]
        persons_done += 1
        if len(batch) >= 5000:
            flush()
            say(f"人员 {persons_done}/{members}")
    flush()
    _fix_headcounts()
    return persons_done, memberships_done


def _fix_headcounts() -> None:
    """An employer never reports fewer staff than the persons recorded in it."""
    from django.db.models import Count

    stale = []
    for employer in Employer.objects.annotate(n=Count("persons")).only("pk", "employee_count"):
        n = employer.n  # type: ignore[attr-defined]
        if n > employer.employee_count:
            employer.employee_count = n
            stale.append(employer)
    Employer.objects.bulk_update(stale, ["employee_count"], batch_size=1000)


def _demo_org(hint: str) -> Organization | None:
    if hint == "city":
        return Organization.objects.filter(parent=None, name=CITY_NAME).first()
    if hint == "flagship":
        return Organization.objects.filter(name=FLAGSHIP_UNION, kind=OrgKind.GRASSROOTS).first()
    return Organization.objects.filter(name=hint, parent__parent=None).first()


def ensure_demo_users() -> list[str]:
    """Create the six demo logins that are missing; returns the usernames created."""
    created = []
    flagship = _demo_org("flagship")
    worker_person = None
    if flagship is not None:
        worker_person = (
            Person.objects.filter(org=flagship, name=FLAGSHIP_WORKER).order_by("pk").first()
        )
    for spec in DEMO_USERS:
        if User.objects.filter(username=spec.username).exists():
            continue
        org = _demo_org(spec.org_hint)
        if org is None:
            continue
        person = worker_person if spec.role == Role.MEMBER else None
        if spec.role == Role.MEMBER and person is None:
            continue
        User.objects.create_user(
            username=spec.username,
            password=DEMO_PASSWORD,
            role=spec.role,
            organization=org,
            person=person,
            first_name=spec.first_name,
            is_staff=spec.role == Role.CITY_ADMIN,
        )
        created.append(spec.username)
    return created


def demo_digest() -> str:
    """A SHA-256 over the demo data's content (no primary keys, no ciphertexts)."""
    h = hashlib.sha256()
    row: tuple[Any, ...]
    for row in Organization.objects.order_by("path").values_list(
        "name", "kind", "code", "parent__name", "employer__credit_code"
    ):
        h.update(repr(row).encode())
    for row in Employer.objects.order_by("credit_code").values_list(
        "credit_code",
        "name",
        "kind",
        "is_new_economy",
        "is_new_social",
        "employee_count",
        "industry",
        "has_union",
        "has_party_org",
        "org__name",
    ):
        h.update(repr(row).encode())
    for row in Person.objects.order_by("id_hash").values_list(
        "id_hash",
        "name",
        "name_pinyin",
        "name_initials",
        "id_masked",
        "phone_hash",
        "birth_date",
        "sex",
        "ethnicity",
        "political_status",
        "education",
        "employer__credit_code",
        "post",
        "frontline",
        "hardship_post",
        "key_sector",
        "new_employment_form",
        "migrant_worker",
        "status",
        "org__name",
    ):
        h.update(repr(row).encode())
    for row in Membership.objects.order_by("person__id_hash", "joined_on").values_list(
        "person__id_hash", "union__name", "joined_on", "left_on", "status"
    ):
        h.update(repr(row).encode())
    return h.hexdigest()
