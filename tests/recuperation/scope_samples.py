"""石泉 recuperation records for the scope walk (tests/core/test_scope_walk.py).

Two plans, so that both kinds of leak are tried:
- the city's 2025 plan, which every officer sees, with a 石泉 and a 汉滨 model worker selected,
  invited, confirmed, with host needs, attendance, feedback and notifications: the 汉滨 officer
  sees the plan and the 汉滨 person, never the 石泉 one (publicity, rosters, exports, the API);
- a 2024 plan drawn up by 石泉 itself: its plan, batch, run and invitation pks are "foreign"
  and every page and API route of them must answer 404;
- a base, a 互派协议, an inbound group and an outbound group (with its participant) recorded
  by 石泉: the base is in the shared catalog (its name is no secret) but 汉滨 may not edit or
  delete it; the agreement and the groups are 石泉's business and never shown to 汉滨.
Everything is recorded on the dates it happened (services.as_of), whatever day the walk runs.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gonghui.core.models import Person
from gonghui.honors.models import HonorType
from gonghui.honors.services import honor_create, honor_types_ensure
from gonghui.recuperation import services
from gonghui.recuperation.models import Base, Batch, Invitation, Plan
from gonghui.recuperation.rules import bases_ensure
from tests import factories


def _honor(user, person: Person) -> None:
    honor_create(
        user=user,
        person=person,
        honor_type=HonorType.objects.get(name="安康市劳动模范"),
        year=2019,
        authority="安康市人民政府",
        doc_number="安政发〔2019〕7号",
    )


def _plan(user, year: int, title: str, start: dt.date, base: Base) -> tuple[Plan, Batch]:
    with services.as_of(dt.date(year, 3, 2)):
        plan = services.plan_create(
            user=user, year=year, title=title, budget="50000.00", budget_line="工会经费"
        )
        batch = services.batch_add(
            user=user,
            plan=plan,
            code="B1",
            base=base,
            start_date=start,
            end_date=start + dt.timedelta(days=4),
            min_size=1,
            max_size=10,
            cost_per_person="3000.00",
            travel_cost={"*": "500.00"},
        )
        plan = services.plan_approve(
            user=user, plan=plan, meeting_date=dt.date(year, 3, 2), minute_no=f"纪要〔{year}〕1号"
        )
        run = services.selection_run(user=user, plan=plan)
        services.selection_publish(user=user, run=run)
        for inv in Invitation.objects.filter(plan=plan):
            services.invitation_confirm(user=user, invitation=inv)
    return plan, batch


def shiquan_records(world) -> dict[str, str]:
    """A city plan with a 石泉 participant and a 石泉 county plan; returns their markers."""
    honor_types_ensure()
    bases_ensure()
    admin, officer = world.city_admin, world.shiquan_officer
    sq = factories.person(
        world.shiquan_union, "欧阳疗泉", phone="13766661234", region="610922", frontline=True
    )
    hb = factories.person(world.hanbin_union, "公孙汉疗", phone="13855551234")
    for person in (sq, hb):
        _honor(admin, person)
    base = Base.objects.get(name="宁波工人疗养院")

    _plan_2025, batch = _plan(admin, 2025, "2025年劳模疗休养工作方案", dt.date(2025, 5, 12), base)
    inv = Invitation.objects.get(batch=batch, person=sq)
    services.need_save(
        user=admin,
        invitation=inv,
        diet="石泉疗养标记清真餐",
        health="石泉疗养标记糖尿病",
        emergency_name="石泉疗养标记联系人",
        emergency_phone="13911117777",
    )
    with services.as_of(dt.date(2025, 5, 17)):
        for person in (sq, hb):
            services.attendance_record(
                user=admin, batch=batch, person=person, attended=True, travel_reimbursed="480"
            )
        inv.refresh_from_db()
        services.feedback_submit(
            user=admin, invitation=inv, satisfaction=5, comments="石泉疗养标记反馈意见"
        )

    # A plan of the 石泉 federation itself: invisible to 汉滨 as a whole.
    _plan(officer, 2024, "石泉县疗养标记方案", dt.date(2024, 6, 10), base)

    # 石泉's own base (shared for planning, changed only by 石泉 and the city), agreement and
    # a group received this year (the inbound page shows the current year).
    services.base_create(user=officer, name="后柳水乡疗休养基地", place="后柳镇", capacity=30)
    agreement = services.exchange_create(
        user=officer, partner="石泉疗养标记互派工会", city="汉中", signed_on=dt.date(2024, 3, 1)
    )
    year = timezone.localdate().year
    services.inbound_create(
        user=officer,
        agreement=agreement,
        partner="石泉疗养标记来访团",
        size=12,
        start_date=dt.date(year, 1, 2),
        end_date=dt.date(year, 1, 4),
        sites="石泉疗养标记参观地",
    )
    # A group 石泉 sent under the same agreement, with its participant (互派外出).
    group = services.outbound_create(
        user=officer,
        agreement=agreement,
        destination="石泉疗养标记外出地",
        start_date=dt.date(year, 1, 5),
        end_date=dt.date(year, 1, 9),
        note="石泉疗养标记外出备注",
    )
    services.outbound_add_person(user=officer, group=group, person=sq)
    return {
        "欧阳疗泉": "石泉 recuperation participant name",
        sq.id_masked: "石泉 recuperation participant masked ID",
        sq.phone_masked: "石泉 recuperation participant masked phone",
        "石泉疗养标记清真餐": "石泉 participant diet (host needs)",
        "石泉疗养标记糖尿病": "石泉 participant health condition",
        "石泉疗养标记联系人": "石泉 participant emergency contact",
        "13911117777": "石泉 participant emergency phone",
        "139****7777": "石泉 participant masked emergency phone",
        "石泉疗养标记反馈意见": "石泉 participant feedback",
        "石泉县疗养标记方案": "石泉 county plan title",
        "石泉疗养标记互派工会": "石泉 exchange agreement partner",
        "石泉疗养标记来访团": "石泉 inbound group",
        "石泉疗养标记参观地": "石泉 inbound group sites",
        "石泉疗养标记外出地": "石泉 outbound group destination",
        "石泉疗养标记外出备注": "石泉 outbound group note",
    }
