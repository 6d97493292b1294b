"""One identity, one spelling: ID numbers, credit codes and mobiles take ASCII digits only.

Full-width digits, a lower-case x and spaces are the same number typed differently and are
normalized; any other digit (Arabic-Indic ٠١٢, superscript ¹², other scripts') is refused with a
Chinese message, never stored as typed (two persons) and never a 500.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from gonghui.core.errors import DomainError
from gonghui.core.models import Person
from gonghui.core.models_api import ApiToken
from gonghui.core.services import PersonData, person_upsert
from gonghui.core.validators import (
    build_credit_code,
    build_id_number,
    parse_credit_code,
    parse_id_number,
    parse_mobile,
)

GB_EXAMPLE = "11010519491231002X"
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
# Superscript last character: int("¹") raises, which reached the page and the API as a 500.
SUPERSCRIPT_LAST = "11010519491231002¹"
SUPERSCRIPT_INSIDE = "1101051949123100¹X"

# Characters that are digits to str.isdigit() (many also to int()) but not ASCII 0-9.
FOREIGN_DIGITS = st.characters(
    categories=["Nd", "No"], exclude_characters="0123456789０１２３４５６７８９"
).filter(str.isdigit)


def test_arabic_indic_digits_are_refused():
    with pytest.raises(DomainError, match="第1位“١”无效"):
        parse_id_number(GB_EXAMPLE.translate(ARABIC_INDIC))


def test_arabic_indic_id_cannot_become_a_second_person(world):
    data = PersonData(name="王芳", id_number=GB_EXAMPLE, org=world.hanbin_union)
    person_upsert(data=data)
    twin = PersonData(
        name="王芳", id_number=GB_EXAMPLE.translate(ARABIC_INDIC), org=world.hanbin_union
    )
    with pytest.raises(DomainError) as err:
        person_upsert(data=twin)
    assert err.value.column == "身份证号码"
    assert Person.objects.filter(name="王芳").count() == 1


@pytest.mark.parametrize("number", [SUPERSCRIPT_LAST, SUPERSCRIPT_INSIDE])
def test_superscript_digit_is_a_domain_error(number):
    with pytest.raises(DomainError, match="“¹”无效"):
        parse_id_number(number)


@given(
    st.integers(min_value=0, max_value=17),
    FOREIGN_DIGITS,
)
def test_any_non_ascii_digit_anywhere_is_refused_by_position(pos, digit):
    number = GB_EXAMPLE[:pos] + digit + GB_EXAMPLE[pos + 1 :]
    with pytest.raises(DomainError) as err:
        parse_id_number(number)
    assert f"第{pos + 1}位" in err.value.message


@given(st.text(max_size=24) | st.text(alphabet="0123456789X¹²٣०", min_size=14, max_size=19))
def test_any_text_parses_or_gives_a_domain_error(text):
    try:
        parsed = parse_id_number(text)
    except DomainError:
        return
    assert parsed.number.isascii() and len(parsed.number) == 18


@given(st.text(alphabet="0123456789Xx ０１２３４５６７８９Ｘｘ\u3000\u00a0¹²٠١٢", max_size=20))
def test_a_valid_number_is_always_plain_ascii(text):
    try:
        parsed = parse_id_number(text)
    except DomainError:
        return
    assert all(c in "0123456789X" for c in parsed.number)


def test_full_width_lower_case_and_spaces_stay_the_same_identity():
    spaced = "110105\u00a01949 1231\u3000002ｘ"
    assert parse_id_number(spaced).number == GB_EXAMPLE


def test_invisible_characters_are_named_by_code_point():
    with pytest.raises(DomainError, match="U\\+200B"):
        parse_id_number(GB_EXAMPLE[:6] + "\u200b" + GB_EXAMPLE[6:])


def test_credit_code_with_arabic_indic_digits_is_refused():
    code = build_credit_code("91610902MA0000001")
    with pytest.raises(DomainError, match="不允许的字符“٩”"):
        parse_credit_code(code.translate(ARABIC_INDIC))


@given(st.text(max_size=24))
def test_any_text_is_a_credit_code_or_a_domain_error(text):
    try:
        code = parse_credit_code(text)
    except DomainError:
        return
    assert code.isascii() and len(code) == 18


def test_mobile_with_arabic_indic_digits_is_refused():
    with pytest.raises(DomainError, match="应为11位大陆手机号"):
        parse_mobile("13" + "812345678".translate(ARABIC_INDIC))


@given(FOREIGN_DIGITS, st.integers(min_value=2, max_value=10))
def test_mobile_takes_ascii_digits_only(digit, pos):
    number = "13812345678"
    with pytest.raises(DomainError):
        parse_mobile(number[:pos] + digit + number[pos + 1 :])


# ---------------------------------------------------------------- the page and the API


def _person_form(org_pk: int, number: str) -> dict[str, object]:
    return {"name": "孙悟空", "id_number": number, "sex": "", "birth_date": "", "org": org_pk}


@pytest.mark.parametrize("number", [SUPERSCRIPT_LAST, SUPERSCRIPT_INSIDE])
def test_person_page_shows_a_form_error_for_a_superscript_digit(world, client, number):
    client.force_login(world.hanbin_officer)
    response = client.post(reverse("core:person_create"), _person_form(world.hanbin.pk, number))
    assert response.status_code == 200
    assert "“¹”无效" in response.context["form"].errors["id_number"][0]
    assert not Person.objects.filter(name="孙悟空").exists()


def test_person_page_refuses_arabic_indic_digits(world, client):
    client.force_login(world.hanbin_officer)
    number = build_id_number("610902", dt.date(1990, 5, 1), 123).translate(ARABIC_INDIC)
    response = client.post(reverse("core:person_create"), _person_form(world.hanbin.pk, number))
    assert response.status_code == 200
    assert "无效" in response.context["form"].errors["id_number"][0]


@pytest.mark.parametrize("number", [SUPERSCRIPT_LAST, SUPERSCRIPT_INSIDE])
def test_person_api_answers_400_for_a_superscript_digit(world, number):
    client = Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(world.hanbin_officer)}")
    payload = {"name": "孙悟空", "id_number": number, "org_id": world.hanbin_union.pk}
    response = client.post(
        "/api/core/persons", data=json.dumps(payload), content_type="application/json"
    )
    assert response.status_code in (400, 422)
    assert "“¹”无效" in response.json()["detail"]
    assert not Person.objects.filter(name="孙悟空").exists()


def test_employer_api_refuses_arabic_indic_credit_code(world):
    client = Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(world.hanbin_officer)}")
    code = build_credit_code("91610902MA0000001").translate(ARABIC_INDIC)
    payload = {
        "credit_code": code,
        "name": "某某公司",
        "kind": "private",
        "org_id": world.hanbin.pk,
    }
    response = client.post(
        "/api/core/employers", data=json.dumps(payload), content_type="application/json"
    )
    assert response.status_code == 400
    assert "不允许的字符" in response.json()["detail"]
