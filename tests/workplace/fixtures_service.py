"""Builders for the 劳模工匠助企行 tests: model workers honored through the honors service,
squads and needs made through ours. Plain functions (not fixtures), so each test says what it
builds; `enterprise` (汉滨's grassroots union linked to its enterprise) and `frozen` (the
clock at NOW) are the fixtures, imported by name."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator, Sequence

import pytest
import time_machine

from gonghui.core import clock
from gonghui.core.models import Employer, Organization, User
from gonghui.honors.models import HonorType, ModelWorker
from gonghui.honors.services import honor_create, honor_types_ensure
from gonghui.workplace import services_service as services
from gonghui.workplace.models import Need, NeedStatus, Squad
from tests import factories
from tests.conftest import World

_seq = itertools.count(1)
CITY_HONOR = "安康市劳动模范"
PROVINCE_HONOR = "陕西省劳动模范"
NATION_HONOR = "全国劳动模范"
# Tests that read dates or numbers run on this moment (numbers carry the year: 助企2026-0001).
NOW = dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.UTC)
YEAR = 2026


@pytest.fixture
def frozen() -> Iterator[None]:
    """The clock at NOW."""
    with time_machine.travel(NOW, tick=False):
        yield


def model_worker(
    world: World, org: Organization, name: str, honor: str = CITY_HONOR
) -> ModelWorker:
    """A person of `org` honored `honor` by the city: a model worker of the registry."""
    honor_types_ensure()
    region = "610922" if org.path.startswith(world.shiquan.path) else "610902"
    person = factories.person(org, name, region=region)
    honor_create(
        user=world.city_admin,
        person=person,
        honor_type=HonorType.objects.get(name=honor),
        year=2020,
        authority="安康市人民政府",
        doc_number=f"安政发〔2020〕{next(_seq)}号",
    )
    return ModelWorker.objects.select_related("person__org").get(person=person)


def squad(
    world: World,
    org: Organization | None = None,
    *,
    name: str | None = None,
    fields: Sequence[str] = ("machinery",),
    members: Sequence[tuple[ModelWorker, Sequence[str]]] = (),
    user: User | None = None,
) -> Squad:
    """A squad of `org` (the city by default) with `members` (model worker, skills)."""
    org = org or world.city
    if user is None:
        user = world.city_admin
        if org.path.startswith(world.hanbin.path):
            user = world.hanbin_officer
        elif org.path.startswith(world.shiquan.path):
            user = world.shiquan_officer
    made = services.squad_create(
        user=user, org=org, name=name or f"技术服务分队{next(_seq)}", fields=list(fields)
    )
    for mw, skills in members:
        services.squad_member_add(user=user, squad=made, model_worker=mw, skills=list(skills))
    return made


def staffed_squad(
    world: World, org: Organization | None = None, *, field: str = "machinery", **kw: object
) -> Squad:
    """A squad with one model worker of 汉滨 skilled in `field`."""
    mw = model_worker(world, world.hanbin_union, f"劳模{next(_seq)}")
    return squad(world, org, fields=[field], members=[(mw, [field])], **kw)  # type: ignore[arg-type]


def link_employer(union: Organization, name: str | None = None) -> Employer:
    """An enterprise recorded under the union's county, with `union` as its grassroots union."""
    assert union.parent is not None
    employer = factories.employer(union.parent, name or f"{union.name}所在企业")
    union.employer = employer
    union.save(update_fields=["employer"])
    return employer


@pytest.fixture
def enterprise(world: World) -> Employer:
    """汉滨's grassroots union (hanbin_chair's) is the union of this enterprise."""
    employer = link_employer(world.hanbin_union, "安康汉江机械制造有限公司")
    world.hanbin_chair.organization = world.hanbin_union
    return employer


def file_need(
    world: World,
    employer: Employer,
    *,
    user: User | None = None,
    field: str = "machinery",
    title: str = "数控机床主轴异响",
    kind: str = "technical",
) -> Need:
    return services.need_file(
        user=user or world.hanbin_officer,
        employer=employer,
        kind=kind,
        field=field,
        urgency="urgent",
        title=title,
        description="主轴高速运转时异响，精度下降",
        contact="王工",
    )


def advance(world: World, need: Need, to: str, *, squad_: Squad | None = None) -> Need:
    """Take a filed need to `to` (assigned, accepted, done or confirmed) the ordinary way."""

    order = [NeedStatus.ASSIGNED, NeedStatus.ACCEPTED, NeedStatus.DONE, NeedStatus.CONFIRMED]
    for status in order[: order.index(NeedStatus(to)) + 1]:
        if status == NeedStatus.ASSIGNED:
            target = squad_ or staffed_squad(world, field=need.field)
            need = services.need_assign(user=world.city_admin, need=need, squad=target)
        elif status == NeedStatus.ACCEPTED:
            need = services.need_accept(user=world.hanbin_officer, need=need)
        elif status == NeedStatus.DONE:
            need = services.need_outcome(
                user=world.hanbin_officer,
                need=need,
                outcome="solved",
                note="更换主轴轴承，异响消除",
                done_on=clock.today(),
            )
        else:
            need = services.need_confirm(user=world.hanbin_officer, need=need, rating=5)
    return need


def shiquan_service_records(world: World) -> dict[str, str]:
    """石泉 records of 助企行 with marker texts (marker → description), for the scope walk
    (tests/workplace/scope_samples.py): a squad of 石泉 with a 石泉 model worker, and a need of
    a 石泉 enterprise taken through assignment, a visit and its outcome."""

    mw = model_worker(world, world.shiquan_union, "石泉劳模甲")
    made = squad(
        world,
        world.shiquan,
        name="石泉助企分队乙",
        fields=["electric"],
        members=[(mw, ["electric"])],
        user=world.shiquan_officer,
    )
    employer = factories.employer(world.shiquan, "石泉助企企业丙")
    need = services.need_file(
        user=world.shiquan_officer,
        employer=employer,
        kind="technical",
        field="electric",
        title="石泉点单标题丁",
        description="石泉点单描述戊",
        contact="石泉联系人己",
    )
    need = services.need_assign(user=world.city_admin, need=need, squad=made, note="石泉派单说明庚")
    need = services.need_accept(user=world.shiquan_officer, need=need)
    services.need_visit(
        user=world.shiquan_officer, need=need, visited_on=clock.today(), note="石泉上门服务辛"
    )
    services.need_outcome(
        user=world.shiquan_officer,
        need=need,
        outcome="suggestion",
        note="石泉服务成效壬",
        done_on=clock.today(),
    )
    return {
        "石泉劳模甲": "石泉's model worker in a squad",
        "石泉助企分队乙": "石泉's squad",
        "石泉助企企业丙": "石泉's enterprise of a need",
        "石泉点单标题丁": "石泉's need title",
        "石泉点单描述戊": "石泉's need description",
        "石泉派单说明庚": "石泉's assignment note (a need step)",
        "石泉上门服务辛": "石泉's visit (a need step)",
        "石泉服务成效壬": "石泉's outcome note",
        need.number: "石泉's need number",
    }
