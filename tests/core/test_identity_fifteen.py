"""Old 15-digit ID numbers: converted to 18 digits wherever they arrive, the person flagged.

GB 11643-1999: insert 19 before the two-digit birth year and append the check digit. The pair
used here is the standard's own example, 110105491231002 → 11010519491231002X.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import pickle

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from gonghui.core import importing
from gonghui.core.errors import DomainError
from gonghui.core.importing import run_import
from gonghui.core.models import Person
from gonghui.core.models_api import ApiToken
from gonghui.core.services import PersonData, person_upsert
from gonghui.core.validators import (
    build_id_number,
    id_number_from_15,
    id_number_key,
    parse_id_number,
    region_codes,
)

OLD = "110105491231002"
NEW = "11010519491231002X"


def test_known_pair_converts():
    assert id_number_from_15(OLD) == NEW
    parsed = parse_id_number(OLD)
    assert (parsed.number, parsed.converted, parsed.sex) == (NEW, True, "F")


def test_eighteen_digit_number_is_not_marked_converted():
    assert not parse_id_number(NEW).converted


@given(
    st.sampled_from(sorted(region_codes())),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(1999, 12, 31)),
    st.integers(min_value=0, max_value=999),
)
def test_any_15_digit_number_converts_to_its_18_digit_twin(region, birth, seq):
    old = f"{region}{birth:%y%m%d}{seq:03d}"
    parsed = parse_id_number(old)
    assert parsed.number == build_id_number(region, birth, seq)
    assert parsed.birth_date == birth
    assert parsed.converted
    assert parse_id_number(parsed.number).converted  # the value keeps its origin when re-parsed


def test_fifteen_digit_number_with_a_bad_region_is_refused():
    with pytest.raises(DomainError, match="地址码"):
        parse_id_number("000000491231002")


def test_fifteen_digit_number_with_a_bad_date_is_refused():
    with pytest.raises(DomainError, match="出生日期19490231不存在"):
        parse_id_number("110105490231002")


def test_converted_number_survives_pickling_and_copying():
    number = parse_id_number(OLD).number
    for twin in (pickle.loads(pickle.dumps(number)), copy.deepcopy(number)):
        assert twin == NEW
        assert parse_id_number(twin).converted


# ---------------------------------------------------------------- the person


def upsert(world, number: str, **kw):
    data = PersonData(name="王芳", id_number=number, org=world.hanbin_union, **kw)
    return person_upsert(data=data)


def test_person_registered_with_15_digits_is_stored_with_18_and_flagged(world):
    person, created = upsert(world, OLD)
    person.refresh_from_db()
    assert created
    assert person.id_number == NEW
    assert person.id_masked == "110105********002X"
    assert person.id_converted


def test_person_registered_with_18_digits_is_not_flagged(world):
    person, _ = upsert(world, NEW)
    person.refresh_from_db()
    assert not person.id_converted


def test_15_and_18_digit_forms_are_one_person(world):
    first, _ = upsert(world, NEW)
    again, created = upsert(world, OLD, post="班组长")
    assert (again.pk, created) == (first.pk, False)
    again.refresh_from_db()
    assert again.post == "班组长"
    assert not again.id_converted  # how the number was first registered does not change
    assert Person.objects.filter(name="王芳").count() == 1


def test_person_page_creates_a_flagged_person_from_15_digits(world, client):
    client.force_login(world.hanbin_officer)
    data = {"name": "王芳", "id_number": OLD, "sex": "", "birth_date": "", "org": world.hanbin.pk}
    response = client.post(reverse("core:person_create"), data)
    assert response.status_code == 302, response.context["form"].errors
    person = Person.objects.get(name="王芳")
    assert (person.id_number, person.id_converted) == (NEW, True)


def test_person_page_shows_the_conversion(world, client):
    person, _ = upsert(world, OLD)
    client.force_login(world.hanbin_officer)
    page = client.get(reverse("core:person_detail", args=[person.pk])).content.decode()
    assert "由15位号码转换" in page


def test_person_page_of_an_18_digit_person_says_nothing_of_conversion(world, client):
    client.force_login(world.hanbin_officer)
    page = client.get(reverse("core:person_detail", args=[world.hanbin_person.pk]))
    assert "由15位号码转换" not in page.content.decode()


def test_person_page_finds_the_existing_person_by_the_15_digit_number(world, client):
    upsert(world, NEW)
    client.force_login(world.hanbin_officer)
    data = {"name": "王芳", "id_number": OLD, "sex": "", "birth_date": "", "org": world.hanbin.pk}
    response = client.post(reverse("core:person_create"), data)
    assert "该身份证号码已有档案（王芳）" in response.context["form"].errors["id_number"][0]
    assert Person.objects.filter(name="王芳").count() == 1


def test_api_creates_a_flagged_person_from_15_digits(world):
    client = Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(world.hanbin_officer)}")
    payload = {"name": "王芳", "id_number": OLD, "org_id": world.hanbin_union.pk}
    response = client.post(
        "/api/core/persons", data=json.dumps(payload), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    person = Person.objects.get(pk=response.json()["person"]["id"])
    assert (person.id_number, person.id_converted) == (NEW, True)


def import_persons(world, tmp_path, *numbers: str):
    path = tmp_path / "persons.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "身份证号码", "组织", "入会日期"])
    for number in numbers:
        wb.active.append(["王芳", number, "汉滨区第一中学工会", "2021-05-01"])
    wb.save(path)
    return run_import(
        importing.get_importer("persons"),
        path,
        filename=path.name,
        user=world.hanbin_officer,
        commit=True,
    )


def test_import_creates_a_flagged_person_from_15_digits(world, tmp_path):
    report = import_persons(world, tmp_path, OLD)
    assert report.committed, report.errors
    person = Person.objects.get(name="王芳")
    assert (person.id_number, person.id_converted) == (NEW, True)


def test_import_file_with_both_forms_of_one_number_names_the_duplicate_row(world, tmp_path):
    report = import_persons(world, tmp_path, OLD, NEW)
    assert [(e.row, e.message) for e in report.errors] == [(3, "身份证号码与第2行重复")]
    assert not Person.objects.filter(name="王芳").exists()


def test_duplicate_key_is_the_18_digit_number_or_the_text_as_typed():
    assert id_number_key(OLD) == id_number_key(" 11010519491231002x") == NEW
    assert id_number_key("6109 02abc") == "610902ABC"
