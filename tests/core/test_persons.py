"""One person, one record: the ID number is the identity."""

import datetime as dt

import pytest

from gonghui.core.errors import DomainError
from gonghui.core.models import Person
from gonghui.core.selectors import person_list
from gonghui.core.services import PersonData, person_set_status, person_upsert
from gonghui.core.validators import build_id_number

NUMBER = build_id_number("610902", dt.date(1988, 8, 8), 135)


def upsert(world, **kw):
    data = PersonData(name="刘洋", id_number=NUMBER, org=world.hanbin_union)
    for key, value in kw.items():
        setattr(data, key, value)
    return person_upsert(data=data)


def test_the_same_id_imported_twice_updates_one_record(world):
    first, created = upsert(world, post="电工")
    again, created_again = upsert(world, post="班组长", phone="13611112222")
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert Person.objects.filter(name="刘洋").count() == 1
    again.refresh_from_db()
    assert (again.post, again.phone) == ("班组长", "13611112222")


def test_id_written_differently_is_still_the_same_person(world):
    first, _ = upsert(world, id_number="11010519491231002X")
    again, created = upsert(world, id_number=" 110105 19491231002x ")
    assert (again.pk, created) == (first.pk, False)
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in "11010519491231002X")
    assert upsert(world, id_number=full_width)[0].pk == first.pk


def test_birth_date_and_sex_come_from_the_id(world):
    person, _ = upsert(world)
    assert person.birth_date == dt.date(1988, 8, 8)
    assert person.sex == "M"
    assert person.get_sex_display() == "男"


def test_name_gets_pinyin_keys_for_search(world):
    person, _ = upsert(world)
    assert (person.name_pinyin, person.name_initials) == ("liuyang", "ly")
    assert list(person_list(user=world.hanbin_officer, q="liuy")) == [person]
    assert list(person_list(user=world.hanbin_officer, q="ly")) == [person]


def test_empty_name_is_refused_naming_the_column(world):
    with pytest.raises(DomainError) as err:
        upsert(world, name="  ")
    assert (err.value.message, err.value.column) == ("姓名不能为空", "姓名")


def test_invalid_phone_is_refused_naming_the_column(world):
    with pytest.raises(DomainError) as err:
        upsert(world, phone="1234")
    assert err.value.column == "手机号"


def test_status_change_and_unknown_status(world):
    person, _ = upsert(world)
    assert person_set_status(person=person, status="retired").get_status_display() == "退休"
    with pytest.raises(DomainError, match="未知的人员状态"):
        person_set_status(person=person, status="fired")


def test_member_sees_only_their_own_record(world):
    assert list(person_list(user=world.hanbin_member)) == [world.hanbin_person]


def test_county_officer_and_chair_see_their_subtree(world):
    assert list(person_list(user=world.hanbin_officer)) == [world.hanbin_person]
    assert list(person_list(user=world.hanbin_chair)) == [world.hanbin_person]
    assert set(person_list(user=world.city_admin)) == {world.hanbin_person, world.shiquan_person}


def test_a_forty_character_name_is_stored_with_its_pinyin_cut_to_the_column(world):
    """Its pinyin is longer than the column: PostgreSQL refused the row before."""
    from gonghui.core.models import Person
    from tests import factories

    name = "张" * 20 + "庄" * 20  # zhang ×20 + zhuang ×20 = 220 letters
    person = factories.person(world.hanbin_union, name)
    stored = Person.objects.get(pk=person.pk)
    assert stored.name == name and len(stored.name_pinyin) == 120
    assert stored.name_pinyin.startswith("zhangzhang") and stored.name_initials == "z" * 40
