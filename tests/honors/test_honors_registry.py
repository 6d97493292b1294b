"""Honors: catalog, records, the derived 劳模 level, and bad input."""

import datetime as dt

import pytest

from gonghui.core.errors import DomainError
from gonghui.core.models import AuditLog
from gonghui.core.permissions import Denied
from gonghui.honors.models import Honor, HonorLevel, HonorType, ModelWorker
from gonghui.honors.selectors import honor_list, registry_list
from gonghui.honors.services import honor_create, honor_revoke, honor_type_resolve
from tests import factories
from tests.honors.conftest import give, honor_type

pytestmark = pytest.mark.django_db


def test_catalog_is_seeded_with_the_titles_of_the_articles():
    names = set(HonorType.objects.values_list("name", flat=True))
    for name in [
        "全国劳动模范",
        "陕西省劳动模范",
        "三秦工匠",
        "安康市劳动模范",
        "金州工匠",
        "全国工人先锋号",
        "全国五一劳动奖状",
    ]:
        assert name in names
    assert HonorType.objects.get(name="三秦工匠").level == HonorLevel.PROVINCIAL
    assert HonorType.objects.get(name="全国工人先锋号").collective


def test_level_is_the_highest_valid_honor(world):
    give(world.city_admin, world.hanbin_person, "金州工匠", 2018)
    assert ModelWorker.objects.get(person=world.hanbin_person).level == HonorLevel.CITY
    provincial = give(world.city_admin, world.hanbin_person, "陕西省五一劳动奖章", 2021)
    mw = ModelWorker.objects.get(person=world.hanbin_person)
    assert mw.level == HonorLevel.PROVINCIAL
    assert mw.top_honor == provincial


def test_revoking_the_top_honor_lowers_the_level(world):
    give(world.city_admin, world.hanbin_person, "金州工匠", 2018)
    top = give(world.city_admin, world.hanbin_person, "全国劳动模范", 2020)
    honor_revoke(user=world.city_admin, honor=top, on=dt.date(2025, 3, 1), reason="弄虚作假")
    assert ModelWorker.objects.get(person=world.hanbin_person).level == HonorLevel.CITY
    top.refresh_from_db()
    assert top.status == "revoked" and top.revoke_reason == "弄虚作假"


def test_revoking_the_only_honor_removes_the_person_from_the_registry(world):
    h = give(world.city_admin, world.hanbin_person)
    assert registry_list(user=world.city_admin).count() == 1
    honor_revoke(user=world.city_admin, honor=h, on=dt.date(2025, 3, 1), reason="撤销")
    assert registry_list(user=world.city_admin).count() == 0


def test_unknown_honor_type_is_refused_in_chinese():
    with pytest.raises(DomainError, match="未知的荣誉类型“全国劳动模范2”"):
        honor_type_resolve("全国劳动模范2")


def test_same_honor_twice_is_refused_and_nothing_written(world):
    give(world.city_admin, world.hanbin_person, "安康市劳动模范", 2020)
    before = Honor.objects.count()
    with pytest.raises(DomainError, match="不能重复登记"):
        give(world.city_admin, world.hanbin_person, "安康市劳动模范", 2020)
    assert Honor.objects.count() == before


def test_revocation_without_reason_is_refused_and_nothing_changes(world):
    h = give(world.city_admin, world.hanbin_person)
    with pytest.raises(DomainError, match="撤销原因"):
        honor_revoke(user=world.city_admin, honor=h, on=dt.date(2025, 1, 1), reason="  ")
    h.refresh_from_db()
    assert h.status == "valid"


def test_collective_honor_goes_to_an_organization_not_a_person(world):
    with pytest.raises(DomainError, match="集体荣誉"):
        honor_create(
            user=world.city_admin,
            person=world.hanbin_person,
            honor_type=honor_type("全国工人先锋号"),
            year=2022,
        )
    h = honor_create(
        user=world.city_admin,
        organization=world.hanbin_union,
        honor_type=honor_type("全国工人先锋号"),
        year=2022,
    )
    assert h in honor_list(user=world.hanbin_officer)
    assert h not in honor_list(user=world.shiquan_officer)


def test_officer_cannot_honor_a_person_outside_the_county(world):
    with pytest.raises(Denied, match="不在您的管辖范围内"):
        give(world.hanbin_officer, world.shiquan_person)


def test_auditor_cannot_record_honors(world):
    with pytest.raises(Denied, match="无权"):
        give(world.auditor, world.hanbin_person)


def test_honor_creation_is_audited(world):
    h = give(world.city_admin, world.hanbin_person)
    assert AuditLog.objects.filter(
        model="honors.honor", object_id=str(h.pk), action="create"
    ).exists()


def test_registry_filters_by_level_county_status_and_flags(world):
    frontline = factories.person(world.hanbin_union, "王芳", frontline=True, hardship_post=True)
    give(world.city_admin, frontline, "全国先进工作者", 2015)
    give(world.city_admin, world.shiquan_person, "陕西省劳动模范", 2019)
    admin = world.city_admin
    assert list(registry_list(user=admin, level="1").values_list("person__name", flat=True)) == [
        "王芳"
    ]
    assert (
        registry_list(user=admin, county=str(world.shiquan.pk)).get().person == world.shiquan_person
    )
    assert registry_list(user=admin, frontline="1").get().person == frontline
    assert registry_list(user=admin, hardship="1").count() == 1
    assert registry_list(user=admin, status="retired").count() == 0
    t = honor_type("全国先进工作者")
    assert registry_list(user=admin, honor_type=str(t.pk)).get().person == frontline


def test_registry_is_limited_to_the_users_county(hw):
    w = hw.w
    assert set(registry_list(user=w.hanbin_officer).values_list("person__name", flat=True)) == {
        "张伟"
    }
    assert set(registry_list(user=w.shiquan_officer).values_list("person__name", flat=True)) == {
        "李娜"
    }
    assert registry_list(user=w.city_admin).count() == 2
    assert [m.person for m in registry_list(user=w.hanbin_member)] == [w.hanbin_person]
