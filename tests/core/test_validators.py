"""GB 11643 ID numbers, GB 32100 credit codes, mobile numbers and masking."""

import datetime as dt

import pytest
import time_machine
from hypothesis import assume, given
from hypothesis import strategies as st

from gonghui.core.errors import DomainError
from gonghui.core.services import PersonData, person_clean
from gonghui.core.validators import (
    CC_AUTHORITIES,
    build_credit_code,
    build_id_number,
    credit_code_check_char,
    id_check_digit,
    mask_id,
    mask_phone,
    parse_credit_code,
    parse_id_number,
    parse_mobile,
)

regions = st.sampled_from(["610902", "610921", "610922", "610981", "110105", "440305"])
births = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2024, 12, 31))
sequences = st.integers(min_value=0, max_value=999)
ID_CHARS = "0123456789X"
CC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
# A credit code's first 8 characters: 登记管理部门, 机构类别, region (GB/T 2260).
CC_PREFIXES = st.builds(
    lambda pair, region: pair + region,
    st.sampled_from([a + k for a, (_, kinds) in CC_AUTHORITIES.items() for k in kinds]),
    st.sampled_from(["610900", "610902", "610922", "610981", "350100", "110000", "100000"]),
)
CC_FIRST17 = st.builds(
    lambda prefix, body: prefix + body,
    CC_PREFIXES,
    st.text(alphabet=CC_ALPHABET, min_size=9, max_size=9),
)

# ---------------------------------------------------------------- GB 11643


def test_standard_example_from_gb_11643_is_valid():
    parsed = parse_id_number("11010519491231002X")
    assert parsed.birth_date == dt.date(1949, 12, 31)
    assert parsed.sex == "F"


@given(regions, births, sequences)
def test_built_id_numbers_always_validate_with_derived_birth_and_sex(region, birth, seq):
    number = build_id_number(region, birth, seq)
    parsed = parse_id_number(number)
    assert parsed.number == number
    assert parsed.birth_date == birth
    assert parsed.sex == ("M" if seq % 2 == 1 else "F")


@given(regions, births, sequences, st.sampled_from(ID_CHARS))
def test_changing_the_check_char_always_fails_naming_expected(region, birth, seq, wrong):
    number = build_id_number(region, birth, seq)
    assume(wrong != number[17])
    with pytest.raises(DomainError) as err:
        parse_id_number(number[:17] + wrong)
    assert f"最后一位应为{number[17]}" in err.value.message


@given(regions, births, sequences, st.integers(min_value=0, max_value=16), st.integers(1, 9))
def test_a_single_mistyped_digit_is_always_caught(region, birth, seq, pos, delta):
    number = build_id_number(region, birth, seq)
    typo = number[:pos] + str((int(number[pos]) + delta) % 10) + number[pos + 1 :]
    with pytest.raises(DomainError):
        parse_id_number(typo)


def test_lowercase_x_and_full_width_digits_are_accepted():
    assert parse_id_number("11010519491231002x").number == "11010519491231002X"
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in "11010519491231002X")
    assert parse_id_number(full_width).number == "11010519491231002X"


def test_fifteen_digit_old_number_is_converted_to_eighteen():
    # The GB 11643 example 11010519491231002X, as its 15-digit predecessor.
    parsed = parse_id_number("110105491231002")
    assert parsed.number == "11010519491231002X"
    assert parsed.converted
    assert parsed.birth_date == dt.date(1949, 12, 31)


def test_fifteen_digit_number_with_an_x_is_refused():
    with pytest.raises(DomainError, match="15位旧身份证号码只能由数字组成"):
        parse_id_number("61090285031412X")


def test_nonexistent_birth_date_is_named():
    first17 = "61090219850230123"
    with pytest.raises(DomainError, match="出生日期19850230不存在"):
        parse_id_number(first17 + id_check_digit(first17))


@time_machine.travel(
    dt.datetime(2026, 1, 1, 9, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False
)
def test_birth_date_after_today_is_refused():
    assert parse_id_number(build_id_number("610902", dt.date(2026, 1, 1), 1))
    with pytest.raises(DomainError, match="出生日期20260102不合理"):
        parse_id_number(build_id_number("610902", dt.date(2026, 1, 2), 1))


@pytest.mark.parametrize(
    "value, message",
    [
        ("", "不能为空"),
        ("6109021985031412", "应为18位，现为16位"),
        ("61090219850314123A", "最后一位是数字或X"),
    ],
)
def test_malformed_id_numbers_have_chinese_messages(value, message):
    with pytest.raises(DomainError, match=message):
        parse_id_number(value)


def test_given_birth_date_must_agree_with_the_id_number():
    number = build_id_number("610902", dt.date(1985, 3, 14), 123)
    data = PersonData(name="张伟", id_number=number, org=None, birth_date=dt.date(1985, 3, 15))  # type: ignore[arg-type]
    with pytest.raises(DomainError, match="出生日期1985-03-15与身份证号码中的1985-03-14不一致"):
        person_clean(data)


def test_given_sex_must_agree_with_the_id_number():
    number = build_id_number("610902", dt.date(1985, 3, 14), 123)  # odd sequence: male
    data = PersonData(name="张伟", id_number=number, org=None, sex="F")  # type: ignore[arg-type]
    with pytest.raises(DomainError, match="性别“女”与身份证号码（男）不一致"):
        person_clean(data)


def test_agreeing_birth_date_and_sex_are_accepted():
    number = build_id_number("610902", dt.date(1985, 3, 14), 124)
    data = PersonData(
        name="王芳",
        id_number=number,
        org=None,  # type: ignore[arg-type]
        birth_date=dt.date(1985, 3, 14),
        sex="F",
    )
    _, birth, sex = person_clean(data)
    assert (birth, sex) == (dt.date(1985, 3, 14), "F")


# ---------------------------------------------------------------- GB 32100


@pytest.mark.parametrize(
    "code",
    [
        "91350100M000100Y43",  # the example printed in GB 32100-2015
        "91110000600037341L",
        "91440300708461136T",
        "91110108551385082Q",
    ],
)
def test_real_world_credit_codes_validate(code):
    assert parse_credit_code(code) == code


def test_credit_code_is_normalized_to_upper_case():
    assert parse_credit_code(" 91350100m000100y43 ") == "91350100M000100Y43"


@given(CC_FIRST17)
def test_built_credit_codes_always_validate(first17):
    assert parse_credit_code(build_credit_code(first17)) == build_credit_code(first17)


@given(CC_FIRST17, st.sampled_from(CC_ALPHABET))
def test_wrong_credit_code_check_char_names_expected(first17, wrong):
    expected = credit_code_check_char(first17)
    assume(wrong != expected)
    with pytest.raises(DomainError) as err:
        parse_credit_code(first17 + wrong)
    assert f"最后一位应为{expected}" in err.value.message


@pytest.mark.parametrize("letter", list("IOZSV"))
def test_forbidden_letters_are_refused_by_name(letter):
    code = "91350100M000100Y43"
    with pytest.raises(DomainError, match=f"不允许的字符“{letter}”"):
        parse_credit_code(code[:9] + letter + code[10:])


def test_credit_code_of_wrong_length():
    with pytest.raises(DomainError, match="应为18位，现为17位"):
        parse_credit_code("91350100M000100Y4")


# ---------------------------------------------------------------- mobiles and masking


@pytest.mark.parametrize(
    "value",
    [
        "13812345678",
        "+86 138 1234 5678",
        "8613812345678",
        "138-1234-5678",
        "１３８１２３４５６７８",
    ],
)
def test_mobile_numbers_are_normalized(value):
    assert parse_mobile(value) == "13812345678"


@pytest.mark.parametrize("value", ["12812345678", "1381234567", "138123456789", "02988888888", ""])
def test_invalid_mobile_numbers_are_refused_in_chinese(value):
    with pytest.raises(DomainError, match="应为11位大陆手机号"):
        parse_mobile(value)


@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
def test_any_mainland_mobile_validates(number):
    assert parse_mobile(number) == number


def test_id_mask_keeps_region_and_last_four():
    assert mask_id("610902198503141234") == "610902********1234"


def test_phone_mask_keeps_prefix_and_last_four():
    assert mask_phone("13812345678") == "138****5678"


@given(regions, births, sequences)
def test_mask_never_contains_the_birth_date(region, birth, seq):
    number = build_id_number(region, birth, seq)
    masked = mask_id(number)
    assert len(masked) == 18
    assert f"{birth:%Y%m%d}" not in masked
