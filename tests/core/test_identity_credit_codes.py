"""统一社会信用代码 (GB 32100): authority, kind and region are checked, not only the check character.

1st character the 登记管理部门, 2nd the 机构类别 it registers, 3rd–8th the registration authority's
GB/T 2260 region code (100000 for national authorities), 18th the check character.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from gonghui.core.errors import DomainError
from gonghui.core.services import EmployerData, employer_create
from gonghui.core.validators import (
    CC_AUTHORITIES,
    build_credit_code,
    credit_code_check_char,
    parse_credit_code,
    region_codes,
)
from tests import factories

CC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
PAIRS = [a + k for a, (_, kinds) in CC_AUTHORITIES.items() for k in kinds]
BODY = st.text(alphabet=CC_ALPHABET, min_size=9, max_size=9)


def with_check(first17: str) -> str:
    """A code with a correct check character whatever its other parts (build_credit_code checks)."""
    return first17 + credit_code_check_char(first17)


def test_all_zero_code_is_refused_for_its_authority():
    with pytest.raises(DomainError, match="第1位“0”不是登记管理部门代码"):
        parse_credit_code(with_check("00000000000000000"))


@pytest.mark.parametrize("authority", list("BCDEFHKLMPRTUWX"))
def test_unassigned_authority_is_refused(authority):
    with pytest.raises(DomainError, match=f"第1位“{authority}”不是登记管理部门代码"):
        parse_credit_code(with_check(f"{authority}1610902MA0000001"))


@pytest.mark.parametrize(
    "pair, message",
    [
        ("94", "不是工商（市场监管）登记的机构类别"),  # 工商 registers 1, 2, 3 and 9 only
        ("83", "不是工会登记的机构类别"),
        ("Y2", "不是其他登记的机构类别"),
        ("1A", "不是机构编制登记的机构类别"),
    ],
)
def test_kind_not_registered_by_that_authority_is_refused(pair, message):
    with pytest.raises(DomainError, match=message):
        parse_credit_code(with_check(f"{pair}610902MA0000001"))


@pytest.mark.parametrize("region", ["000000", "990000", "610999", "6109A2"])
def test_region_outside_gb_2260_is_refused(region):
    with pytest.raises(DomainError, match="行政区划码（第3–8位）"):
        parse_credit_code(with_check(f"91{region}MA0000001"))


@pytest.mark.parametrize(
    "code",
    [
        "91100000100003962T",  # registered by the national authority: region 100000
        build_credit_code("81610902MA0000001"),  # a 基层工会
        build_credit_code("12612400MA0000001"),  # registered under the abolished 安康地区 code
        build_credit_code("N2610981MA0000001"),  # a 村级集体经济组织 in 旬阳市
    ],
)
def test_codes_of_real_shapes_validate(code):
    assert parse_credit_code(code) == code


@given(st.sampled_from(PAIRS), st.sampled_from(sorted(region_codes())), BODY)
def test_every_assigned_pair_with_every_table_region_validates(pair, region, body):
    code = build_credit_code(pair + region + body)
    assert parse_credit_code(code) == code


@given(
    st.sampled_from(CC_ALPHABET).filter(lambda c: c not in CC_AUTHORITIES),
    st.sampled_from(CC_ALPHABET),
    BODY,
)
def test_unassigned_authorities_never_validate(authority, kind, body):
    with pytest.raises(DomainError, match="登记管理部门代码"):
        parse_credit_code(with_check(f"{authority}{kind}610902{body}"))


@given(st.sampled_from(CC_ALPHABET), BODY)
def test_build_credit_code_never_makes_an_invalid_code(first, body):
    first17 = f"{first}9610902{body}"
    try:
        code = build_credit_code(first17)
    except ValueError:
        assert first not in CC_AUTHORITIES or "9" not in CC_AUTHORITIES[first][1]
    else:
        assert parse_credit_code(code) == code


def test_factory_credit_codes_validate():
    code = factories.credit_code()
    assert parse_credit_code(code) == code


def test_employer_service_names_the_credit_code_column(world):
    data = EmployerData(
        credit_code=with_check("00000000000000000"), name="某公司", kind="private", org=world.hanbin
    )
    with pytest.raises(DomainError) as err:
        employer_create(data=data)
    assert err.value.column == "统一社会信用代码"


def test_employer_page_shows_the_region_error_on_the_field(world, client):
    client.force_login(world.hanbin_officer)
    data = {
        "credit_code": with_check("91000000MA0000001"),
        "name": "安康某某有限公司",
        "kind": "private",
        "org": world.hanbin.pk,
        "employee_count": 10,
    }
    response = client.post(reverse("core:employer_create"), data)
    assert response.status_code == 200
    assert "前两位“00”不是省级行政区划代码" in response.context["form"].errors["credit_code"][0]
