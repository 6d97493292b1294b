"""Honors test helpers: model workers on top of the shared `world`."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from gonghui.core.models import Person, Role, User
from gonghui.honors.models import Honor, HonorType
from gonghui.honors.services import honor_create
from tests import factories
from tests.conftest import World


@pytest.fixture(autouse=True)
def _honor_catalog(request):
    """Transactional tests (live_server, races) flush the seeded catalog; put it back."""
    marker = request.node.get_closest_marker("django_db")
    live = "live_server" in request.fixturenames
    if marker is None and not live and "world" not in request.fixturenames:
        return
    transactional = live or bool(marker and marker.kwargs.get("transaction"))
    request.getfixturevalue("transactional_db" if transactional else "db")
    from gonghui.honors.services import honor_types_ensure

    honor_types_ensure()


def honor_type(name: str) -> HonorType:
    return HonorType.objects.get(name=name)


def give(user: User, person: Person, name: str = "安康市劳动模范", year: int = 2020) -> Honor:
    return honor_create(
        user=user,
        person=person,
        honor_type=honor_type(name),
        year=year,
        authority="安康市人民政府",
        doc_number=f"安政发〔{year}〕1号",
    )


@dataclass
class HonorsWorld:
    w: World
    hanbin_mw: Person  # city-level model worker in 汉滨 (the member user's person)
    shiquan_mw: Person  # provincial-level model worker in 石泉
    hanbin_officer2: User  # a second 汉滨 officer (subsidy approvals)


@pytest.fixture
def hw(world: World) -> HonorsWorld:
    give(world.city_admin, world.hanbin_person, "安康市劳动模范", 2020)
    give(world.city_admin, world.shiquan_person, "陕西省劳动模范", 2019)
    world.hanbin_person.refresh_from_db()
    world.shiquan_person.refresh_from_db()
    second = factories.user(Role.COUNTY_OFFICER, world.hanbin, "hanbin_officer2")
    return HonorsWorld(
        w=world,
        hanbin_mw=world.hanbin_person,
        shiquan_mw=world.shiquan_person,
        hanbin_officer2=second,
    )
