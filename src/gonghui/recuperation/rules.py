"""The year's recuperation settings as data: 公示 working days, confirmation deadline, roster lock.

A year without a saved YearSettings row uses the defaults [default]; the planner policy defaults
follow the contract (/work/shared/spec/recuperation-planner.md) and seed 000.
"""

from __future__ import annotations

import copy
from typing import Any

from gonghui.recuperation.models import YearSettings

DEFAULT_POLICY: dict[str, Any] = {
    "eligible_kinds": ["劳动模范", "先进工作者", "五一劳动奖章"],
    "eligible_levels": ["national", "provincial", "city"],
    "cooldown_years": 2,
    "skip_if_provincial_trip_same_year": True,
    "exclude_retired": False,
    "weights": {
        "never_been": 100,
        "frontline": 40,
        "hardship_post": 40,
        "key_sector": 20,
        "per_year_since_last": 5,
        "preferred_batch": 3,
    },
}

WEIGHT_LABELS = {
    "never_been": "从未参加过",
    "frontline": "一线职工",
    "hardship_post": "艰苦岗位",
    "key_sector": "重点领域",
    "per_year_since_last": "距上次每年",
    "preferred_batch": "安排在意向批次",
}

REASON_LABELS = {
    "no_eligible_honor": "没有符合条件的有效荣誉（须为市级及以上劳动模范、先进工作者或五一劳动奖章获得者）",
    "deceased": "人员已故",
    "retired": "已退休（本年度方案不含退休人员）",
    "cooldown": "间隔期内已参加过疗休养（市、县方案或互派外出，或本年度已在其他方案中入选），按规定本年度不再安排",
    "provincial_trip_this_year": "本年度已参加省级疗休养，按规定不再安排市级疗休养",
}

# The articles of a 工作方案 each reason applies (the plan's standard structure): a reason on the
# run page, in the 公示 and on the worker's page cites "依据《方案名》（第N版）第X条 …".
PLAN_CLAUSES = {
    "no_eligible_honor": ("第二条", "参加对象"),
    "deceased": ("第二条", "参加对象"),
    "retired": ("第二条", "参加对象"),
    "cooldown": ("第三条", "两年内不重复安排"),
    "provincial_trip_this_year": ("第三条", "两年内不重复安排"),
    "below_line": ("第四条", "按优先得分排序遴选"),
    "lottery": ("第四条", "同分者公开抽签"),
    "unavailable": ("第五条", "批次安排与本人时间"),
    "not_run": ("第五条", "批次安排与本人时间"),
    "full": ("第五条", "每批次人数上限"),
    "budget": ("第六条", "经费预算"),
    "not_reached": ("第四条", "按优先得分排序遴选"),
}


def clause_citation(plan: Any, code: str) -> str:
    """ "依据《2026年全市劳模疗休养工作方案》（第1版）第三条 两年内不重复安排" for a reason."""
    article, title = PLAN_CLAUSES.get(code, ("", ""))
    if not article:
        return ""
    return f"依据《{plan.title}》（第{plan.version}版）{article} {title}"


LEVEL_WORDS = {"national": "全国", "provincial": "省级", "city": "市级", "county": "县级"}


def plan_articles(plan: Any, batches: list[Any]) -> list[tuple[str, str, str]]:
    """The articles of a 工作方案 as the platform applies them — (第N条, title, text) — written
    from the plan's own settings, so that every reason's citation (PLAN_CLAUSES) points to a
    text the reader can see on the plan's page."""
    policy = plan.policy or {}
    levels = "、".join(LEVEL_WORDS.get(v, v) for v in policy.get("eligible_levels", []))
    kinds = "、".join(policy.get("eligible_kinds", []))
    weights = policy.get("weights", {})
    points = "，".join(
        f"{label}加{weights[key]}分" for key, label in WEIGHT_LABELS.items() if weights.get(key)
    )
    sizes = sorted({(b.min_size, b.max_size) for b in batches})
    size_text = "；".join(f"每批次{lo}至{hi}人" for lo, hi in sizes) or "批次另行安排"
    approved = (
        f"经{plan.meeting_date:%Y年%m月%d日}党组会审定（{plan.meeting_minute_no}）"
        if plan.meeting_date
        else "待党组会审定"
    )
    eligible = f"{levels}{kinds}获得者，荣誉须有效；已故人员不再安排"
    if policy.get("exclude_retired"):
        eligible += "；不含已退休人员"
    repeat = (
        f"{policy.get('cooldown_years', 2)}年内参加过疗休养（含本年度已在其他方案中入选）的，"
        "本年度不再安排"
    )
    if policy.get("skip_if_provincial_trip_same_year"):
        repeat += "；当年已参加省级疗休养的不再安排"
    return [
        ("第一条", "总则", f"本方案{approved}，适用于{plan.org.name}{plan.year}年劳模疗休养。"),
        ("第二条", "参加对象", eligible + "。"),
        ("第三条", "两年内不重复安排", repeat + "。"),
        (
            "第四条",
            "遴选排序与抽签",
            f"按优先得分从高到低遴选：{points or '各项均不加分'}。"
            f"同分者按公开抽签确定先后（抽签种子{plan.seed}，任何人可复算）。",
        ),
        (
            "第五条",
            "批次安排与人数",
            f"共{len(batches)}个批次，{size_text}；人数不足最低人数的批次不成行；"
            "本人不能参加的批次不作安排，尽量安排在本人意向批次。",
        ),
        (
            "第六条",
            "经费预算",
            f"经费预算{plan.budget:,.2f}元，列{plan.budget_line}；按每人费用与交通费计，"
            "预算用尽后不再安排。",
        ),
    ]


# The planner's answer on its plan (`status` of the output): proved best, or the best found in
# the time limit.
SOLVER_STATUS_LABELS = {"optimal": "最优", "feasible": "可行"}


# The bases named in the seed articles [seed 002, 003, 004]; migration 0002 seeds the same list.
DEFAULT_BASES: list[tuple[str, str, int, str]] = [
    ("新疆工人疗养院", "新疆维吾尔自治区乌鲁木齐市", 40, "疗养、健康体检、理疗康复"),
    ("宁波工人疗养院", "浙江省宁波市", 40, "疗养、健康体检、理疗康复、学习交流"),
    ("陕西省工人疗养院", "陕西省西安市临潼区", 40, "疗养、健康体检、理疗康复"),
    (
        "上坝河劳模疗休养基地",
        "安康市宁陕县上坝河",
        40,
        "安康首个劳模疗休养基地：森林康养、红色教育、劳模座谈",
    ),
    ("岚皋县劳模疗休养基地", "安康市岚皋县", 40, "景区免费门票、生态康养"),
]


def bases_ensure() -> None:
    """Create the default bases if missing (after a test flush, or on a fresh database)."""
    from gonghui.recuperation.models import Base

    for name, place, capacity, services in DEFAULT_BASES:
        Base.objects.get_or_create(
            name=name, defaults={"place": place, "capacity": capacity, "services": services}
        )


def default_policy() -> dict[str, Any]:
    return copy.deepcopy(DEFAULT_POLICY)


def settings_for(year: int) -> YearSettings:
    """The saved settings of the year, or an unsaved instance with the defaults."""
    return YearSettings.objects.filter(year=year).first() or YearSettings(year=year)
