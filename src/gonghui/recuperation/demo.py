"""Demo data of 劳模疗休养, on top of the core and honors demo data (called by `gonghui demo`).

`seed_recuperation(seed=S)` runs the year 2026 through the real services, each step on the date
it would have happened (services.as_of): the seeded bases, a 互派协议 with 鄂尔多斯, the year's
工作方案 with five batches approved at a 党组会, the selection computed synchronously and
published, invitations answered (most confirmed, one decline that invited the next person on
the waiting list, a few still open), host needs, the first batch run to the end (staff,
itinerary, attendance, actual costs, feedback) and one inbound group.

Deterministic for a seed (the planner is, and every choice below comes from one
random.Random(seed)); idempotent: what exists is left alone. Batch sizes follow seed 000
(30–40 people) when the registry holds a city's worth of model workers and shrink on a small
one so that every batch can run.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction

from gonghui.core.middleware import acting_as
from gonghui.core.models import Organization, Person, Role, User
from gonghui.core.sms import sms_muted
from gonghui.honors import registry
from gonghui.recuperation import rules, selectors, services
from gonghui.recuperation.models import (
    Base,
    Batch,
    ExchangeAgreement,
    InboundGroup,
    Invitation,
    InvitationStatus,
    Plan,
    SelectionRun,
)

YEAR = 2026
PLAN_TITLE = f"{YEAR}年全市劳模疗休养工作方案"
# (code, base, departure, days, cost per person, round trip: {county code: yuan, "*": default})
BATCHES: list[tuple[str, str, dt.date, int, str, dict[str, str]]] = [
    (
        "B1",
        "陕西省工人疗养院",
        dt.date(YEAR, 5, 11),
        6,
        "3200.00",
        {"610923": "220.00", "610922": "260.00", "*": "300.00"},
    ),
    (
        "B2",
        "宁波工人疗养院",
        dt.date(YEAR, 6, 8),
        6,
        "3800.00",
        {"610902": "1500.00", "*": "1600.00"},
    ),
    (
        "B3",
        "上坝河劳模疗休养基地",
        dt.date(YEAR, 9, 14),
        5,
        "2600.00",
        {"610923": "60.00", "610922": "100.00", "*": "150.00"},
    ),
    (
        "B4",
        "新疆工人疗养院",
        dt.date(YEAR, 10, 12),
        7,
        "4200.00",
        {"610902": "2100.00", "*": "2200.00"},
    ),
    (
        "B5",
        "岚皋县劳模疗休养基地",
        dt.date(YEAR, 12, 7),
        5,
        "2400.00",
        {"610925": "40.00", "610902": "100.00", "*": "120.00"},
    ),
]
# The dates the office did each step of the year.
DRAFTED = dt.date(YEAR, 2, 26)
MEETING = dt.date(YEAR, 3, 2)  # 市总党组会
PUBLISHED = dt.date(YEAR, 3, 16)
ANSWERED = dt.date(YEAR, 3, 18)
WAITLIST_ANSWERED = dt.date(YEAR, 3, 20)
PARTNER = ("鄂尔多斯市总工会", "鄂尔多斯")
INBOUND = ("鄂尔多斯市劳模疗休养团", dt.date(YEAR, 7, 6), dt.date(YEAR, 7, 12))
DIETS = ["清淡", "低糖", "少盐", "清真", "素食"]
HEALTH = ["糖尿病", "高血压", "腰椎间盘突出", "冠心病", ""]
COMMENTS = [
    "日程安排紧凑充实，理疗效果很好，感谢工会的关心。",
    "红色教育现场教学很受教育，劳模座谈收获很大。",
    "饮食照顾到了糖尿病人的需要，很贴心。",
    "希望以后行程再宽松一些，多安排休息时间。",
    "随队工作人员服务周到，体检项目很实用。",
]


def _admin() -> User | None:
    """The 市总管理员 the office works as (the demo login "admin" when it exists)."""
    admins = User.objects.filter(
        role=Role.CITY_ADMIN, is_active=True, organization__parent__isnull=True
    )
    return admins.filter(username="admin").first() or admins.order_by("pk").first()


def _eligible_count(city: Organization) -> int:
    """Living people of the city holding a valid 劳模 title at city level or above."""
    return registry.living_holder_count(within=city)


def _exchange(admin: User) -> tuple[ExchangeAgreement, bool]:
    partner, city = PARTNER
    found = ExchangeAgreement.objects.filter(partner=partner, city=city).first()
    if found is not None:
        return found, False
    return services.exchange_create(
        user=admin,
        partner=partner,
        city=city,
        signed_on=dt.date(2025, 4, 18),
        valid_until=dt.date(2028, 4, 17),
        terms="资源互联、优势互补、信息互通、人员互动、客源互送；每年互派劳模疗休养团组，"
        "对方劳模在安康景区享受门票优惠。",
    ), True


def _inbound(admin: User, agreement: ExchangeAgreement) -> bool:
    partner, start, end = INBOUND
    if InboundGroup.objects.filter(partner=partner, start_date=start).exists():
        return False
    services.inbound_create(
        user=admin,
        partner=partner,
        size=142,
        start_date=start,
        end_date=end,
        sites="瀛湖、石泉、紫阳",
        local_spending="568000.00",
        agreement=agreement,
        note="7天6晚；购买富硒茶、紫阳毛尖等本地特产",
    )
    return True


def _plan(admin: User, *, seed: int, eligible: int) -> Plan:
    """The draft plan with its batches, sized to the registry (30–40 on a city's worth)."""
    max_size = max(2, min(40, eligible * 11 // 20 // len(BATCHES)))
    min_size = max(1, min(30, max_size * 3 // 4))
    budget = Decimal(0)
    with services.as_of(DRAFTED):
        plan = services.plan_create(
            user=admin,
            year=YEAR,
            title=PLAN_TITLE,
            budget="1",  # set below, once the batches give the full cost
            budget_line="市总工会经费·职工疗休养（劳模专项）",
            seed=int(f"{YEAR}0101") + seed,
        )
        for code, base_name, start, days, cost, travel in BATCHES:
            services.batch_add(
                user=admin,
                plan=plan,
                code=code,
                base=Base.objects.get(name=base_name),
                start_date=start,
                end_date=start + dt.timedelta(days=days - 1),
                min_size=min_size,
                max_size=max_size,
                cost_per_person=cost,
                travel_cost=travel,
            )
            budget += max_size * (Decimal(cost) + Decimal(travel["*"]))
        # The budget covers about 92% of every seat: the planner has to choose.
        budget = (budget * Decimal("0.92") / 1000).quantize(Decimal(1)) * 1000
        return services.plan_update(user=admin, plan=plan, budget=budget)


def _availability(admin: User, plan: Plan, rng: random.Random) -> None:
    """A few model workers told the office which batches they cannot take or prefer."""
    data, codes = services.selection_input_and_codes(plan=plan)
    batches = {b.code: b for b in plan.batches.all()}
    ids = sorted(c["id"] for c in data["candidates"])
    for cid in rng.sample(ids, min(12, len(ids))):
        person = Person.objects.get(pk=codes[cid])
        un, pre = rng.sample(sorted(batches), 2)
        services.availability_set(
            user=admin,
            plan=plan,
            person=person,
            unavailable=[batches[un]],
            preferred=[batches[pre]],
        )


def _answer(admin: User, plan: Plan, rng: random.Random) -> tuple[Invitation | None, int]:
    """Most confirm; one person of the second batch declines (the next one on the waiting list
    is invited and confirms); a few of the last batch have not answered yet."""
    invitations = list(
        Invitation.objects.filter(plan=plan).select_related("batch").order_by("batch__code", "pk")
    )
    codes = sorted({inv.batch.code for inv in invitations})
    decline_in = codes[1] if len(codes) > 1 else codes[0]
    last = codes[-1]
    decliner = rng.choice([i for i in invitations if i.batch.code == decline_in])
    with services.as_of(ANSWERED):
        nxt = services.invitation_decline(
            user=admin, invitation=decliner, reason="单位生产任务重，本人申请放弃"
        )
        for inv in invitations:
            if inv is decliner or (inv.batch.code == last and rng.random() < 0.25):
                continue
            services.invitation_confirm(user=admin, invitation=inv)
    if nxt is not None:
        with services.as_of(WAITLIST_ANSWERED):
            services.invitation_confirm(user=admin, invitation=nxt)
    return nxt, len(codes)


def _needs(admin: User, batch: Batch, rng: random.Random) -> None:
    for inv in batch.invitations.filter(status=InvitationStatus.CONFIRMED).select_related("person"):
        if rng.random() < 0.4:
            continue
        services.need_save(
            user=admin,
            invitation=inv,
            diet=rng.choice(DIETS),
            health=rng.choice(HEALTH),
            mobility="可自行行走" if rng.random() < 0.9 else "需搀扶",
            emergency_name=f"{inv.person.name[0]}{rng.choice(['女士', '先生'])}（家属）",
            emergency_phone=f"139{rng.randrange(0, 10**8):08d}",
        )


def _run_batch(admin: User, batch: Batch, rng: random.Random) -> int:
    """The first batch from staff and itinerary to the end; returns how many went."""
    codes = services.org_code_map()
    services.staff_add(user=admin, batch=batch, name="陈立新", duty="领队", phone="0915-3212345")
    services.staff_add(user=admin, batch=batch, name="刘晓燕", duty="随队医生")
    services.itinerary_default(user=admin, batch=batch)
    roster = list(
        batch.invitations.filter(status=InvitationStatus.CONFIRMED)
        .select_related("person")
        .order_by("person__name_pinyin", "pk")
    )
    absent = rng.choice(roster) if len(roster) > 2 else None
    went = 0
    with services.as_of(batch.end_date + dt.timedelta(days=1)):
        for inv in roster:
            attended = inv is not absent
            travel = batch.travel_for(codes.get(inv.person.org_id, "*"))
            services.attendance_record(
                user=admin,
                batch=batch,
                person=inv.person,
                attended=attended,
                travel_reimbursed=(travel - Decimal(rng.randrange(0, 40))) if attended else None,
            )
            went += attended
        # The sanatorium's bill: a little under the budgeted rate for the people who went.
        services.batch_record_costs(
            user=admin,
            batch=batch,
            accommodation=batch.cost_per_person * went * Decimal("0.96"),
        )
        services.batch_finish(user=admin, batch=batch)
        for inv in roster:
            if inv is absent or rng.random() < 0.2:
                continue
            inv.refresh_from_db()
            services.feedback_submit(
                user=admin,
                invitation=inv,
                satisfaction=rng.choices([5, 4, 3], weights=[6, 3, 1])[0],
                comments=rng.choice(COMMENTS),
            )
    return went


def seed_recuperation(*, seed: int) -> str:
    """The recuperation year 2026 on top of the demo registry; returns a one-line summary."""
    rng = random.Random(seed)
    admin = _admin()
    if admin is None or admin.organization is None:
        return "疗休养演示数据：未找到市总管理员账号，已跳过（请先生成基础演示数据）"
    city = admin.organization
    # Made-up phone numbers get no SMS; the in-app notifications are part of the demo.
    with acting_as(admin), sms_muted(), transaction.atomic():
        rules.bases_ensure()
        agreement, new_agreement = _exchange(admin)
        new_inbound = _inbound(admin, agreement)
        tail = f"互派协议{'新增' if new_agreement else '已有'}1份，来安接待团组{'新增' if new_inbound else '已有'}1批"
        if selectors.current_plan(org=city, year=YEAR) is not None:
            return f"疗休养演示数据：{YEAR}年工作方案已存在，未重复生成；{tail}"
        eligible = _eligible_count(city)
        if eligible == 0:
            return f"疗休养演示数据：劳模数据库中没有符合条件的劳模，未生成工作方案；{tail}"
        plan = _plan(admin, seed=seed, eligible=eligible)
        _availability(admin, plan, rng)
        with services.as_of(MEETING + dt.timedelta(days=3)):
            plan = services.plan_approve(
                user=admin,
                plan=plan,
                meeting_date=MEETING,
                minute_no=f"市总党组会纪要〔{YEAR}〕4号",
            )
        with services.as_of(PUBLISHED):
            run: SelectionRun = services.selection_run(user=admin, plan=plan)
            services.selection_publish(user=admin, run=run)
        nxt, running = _answer(admin, plan, rng)
        first = plan.batches.filter(invitations__status=InvitationStatus.CONFIRMED).first()
        went = 0
        if first is not None:
            _needs(admin, first, rng)
            went = _run_batch(admin, first, rng)
        second = plan.batches.filter(invitations__status=InvitationStatus.CONFIRMED)
        if first is not None:
            second = second.exclude(pk=first.pk)
        for batch in second.distinct().order_by("start_date")[:1]:
            _needs(admin, batch, rng)
        selected = len(run.output.get("assignments", []))
        confirmed = Invitation.objects.filter(plan=plan, status=InvitationStatus.CONFIRMED).count()
    waitlisted = f"，{nxt.person.name}递补" if nxt is not None else ""
    return (
        f"疗休养演示数据：{YEAR}年工作方案（{running}个批次成行，预算{plan.budget}元）经党组会审定，"
        f"遴选入选{selected}人，已确认{confirmed}人（1人谢绝{waitlisted}），"
        f"{first.code if first else '—'}批次已结束（{went}人参加）；{tail}"
    )


# The domain's demo seeder (core.kit).
seed = seed_recuperation
