"""石泉 honors records for the scope walk (tests/core/test_scope_walk.py)."""

from __future__ import annotations

import datetime as dt

from gonghui.honors import services
from gonghui.honors.models import HonorLevel, HonorType, VisitOccasion


def shiquan_records(world) -> dict[str, str]:
    """An honor, a recorded event visit, a demand, a county subsidy standard and a payout list
    of the 石泉 person; returns their markers."""
    services.honor_types_ensure()
    officer, person = world.shiquan_officer, world.shiquan_person
    services.honor_create(
        user=officer,
        person=person,
        honor_type=HonorType.objects.get(name="安康市劳动模范"),
        year=2021,
        authority="安康市人民政府",
        doc_number="石泉范围标记〔2021〕9号",
    )
    event = services.life_event_record(
        user=officer,
        person=person,
        kind=VisitOccasion.HOSPITALIZED,
        occurred_on=dt.date(2026, 11, 2),
        note="石泉走访标记住院",
    )
    services.visit_record(
        user=officer,
        task=event.tasks.get(),
        visited_on=dt.date(2026, 11, 3),
        money="500",
        goods="石泉慰问标记物品",
    )
    services.demand_file(
        user=officer, person=person, title="石泉诉求标记子女入学", content="石泉诉求标记内容"
    )
    # A county standard (set by the 市总) with an amount found nowhere else, and a payout list
    # of the county that uses it.
    services.subsidy_standard_set(
        user=world.city_admin,
        year=2026,
        level=HonorLevel.CITY,
        amount="6543.21",
        region=world.shiquan,
    )
    services.subsidy_list_compute(user=officer, year=2026, budget_line="工会经费—劳模慰问补助")
    return {
        "石泉范围标记〔2021〕9号": "石泉 honor document number",
        "石泉诉求标记子女入学": "石泉 demand title",
        "石泉慰问标记物品": "石泉 visit record (goods)",
        "6543.21": "石泉 county subsidy standard / payout amount",
    }
