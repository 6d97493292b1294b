"""Reference data the demo draws from: kinds of business, names, ethnicities, schooling."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gonghui.core.models import EmployerKind, NewEmploymentForm

# Fixed reference day so the data never depends on when it is generated.
REFERENCE_DAY = dt.date(2025, 12, 31)

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
# Standard names (core.codes): 学历 in five bands, weighted by each Business.education.
EDUCATION_LEVELS = ("初中", "普通高中", "大学专科", "大学本科", "硕士研究生")
# 政治面貌 (GB/T 4762 names) with weights.
POLITICAL_STATUSES = (
    ("中共党员", 14),
    ("共青团员", 8),
    ("群众", 76),
    ("民盟盟员", 1),
    ("九三学社社员", 1),
)

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
