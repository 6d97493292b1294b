"""The 三新 organizing rule on constructed employers: each outcome, the order the overlapping
clauses are tried in, the threshold as a setting, the rule's text beside the result — and the
Python decision (status_of) and the SQL one (annotate_status) agree on every combination."""

from __future__ import annotations

import itertools

import pytest

from gonghui.core.models import Employer, Organization, OrgKind
from gonghui.core.services import organization_create
from gonghui.workplace.rules import (
    NEEDS_ACTION,
    OrganizingStatus,
    annotate_status,
    rule_text,
    status_of,
)
from tests.workplace.fixtures_employers import code

S = OrganizingStatus


def _org(kind: str) -> Organization:
    return Organization(name=f"{kind}组织", kind=kind, path="/00000001/")


def _employer(
    *, count: int = 0, union: bool = False, party: bool = False, kind: str = OrgKind.COUNTY
) -> Employer:
    return Employer(
        credit_code="x",
        name="某单位",
        kind="private",
        employee_count=count,
        has_union=union,
        has_party_org=party,
        org=_org(kind),
    )


def test_an_employer_with_a_union_is_founded_whatever_else_it_is():
    decision = status_of(_employer(count=500, union=True, party=True))
    assert decision.status == S.FOUNDED and decision.label == "已建会"
    assert decision.text == "已建立工会组织，纳入会员发展和工会工作日常管理。"


def test_twenty_five_employees_and_no_union_must_found_their_own():
    assert status_of(_employer(count=25)).status == S.OWN_UNION
    assert status_of(_employer(count=24)).status != S.OWN_UNION
    # The law's clause comes before the Party organization's.
    assert status_of(_employer(count=300, party=True)).status == S.OWN_UNION
    assert status_of(_employer(count=25)).text == "职工人数25人以上的企业，依法推动单独建工会。"


def test_a_party_organization_without_a_union_gets_the_upper_unions_visit():
    decision = status_of(_employer(count=8, party=True, kind=OrgKind.INDUSTRY))
    assert decision.status == S.VISIT
    assert "上级工会主动上门" in decision.text


def test_a_small_employer_attached_to_a_federation_is_covered_by_it():
    for kind in (OrgKind.INDUSTRY, OrgKind.REGIONAL):
        decision = status_of(_employer(count=10, kind=kind))
        assert decision.status == S.FEDERATION
        assert "兜底覆盖" in decision.text


def test_a_small_employer_with_neither_is_where_the_union_goes_first():
    for kind in (OrgKind.COUNTY, OrgKind.GRASSROOTS, OrgKind.CITY):
        decision = status_of(_employer(count=3, kind=kind))
        assert decision.status == S.FIRST_STEP
        assert "先行一步" in decision.text


def test_the_threshold_is_a_setting_and_its_text_says_the_number():
    small = _employer(count=30)
    assert status_of(small, threshold=25).status == S.OWN_UNION
    assert status_of(small, threshold=50).status == S.FIRST_STEP
    assert status_of(small, threshold=30).status == S.OWN_UNION
    assert status_of(small, threshold=50).text == rule_text(S.FIRST_STEP, threshold=50)
    assert rule_text(S.OWN_UNION, threshold=50) == "职工人数50人以上的企业，依法推动单独建工会。"


def test_every_status_but_founded_needs_action():
    assert set(NEEDS_ACTION) == set(S) - {S.FOUNDED}


@pytest.mark.parametrize("threshold", [25, 50])
def test_the_python_and_the_sql_decision_agree_on_every_combination(world, threshold):
    orgs = {
        OrgKind.CITY: world.city,
        OrgKind.COUNTY: world.hanbin,
        OrgKind.GRASSROOTS: world.hanbin_union,
        OrgKind.INDUSTRY: organization_create(
            name="汉滨区行业工会联合会样本", kind=OrgKind.INDUSTRY, parent=world.hanbin
        ),
        OrgKind.REGIONAL: organization_create(
            name="汉滨区区域工会联合会样本", kind=OrgKind.REGIONAL, parent=world.hanbin
        ),
        OrgKind.GROUP: organization_create(
            name="工会小组样本", kind=OrgKind.GROUP, parent=world.hanbin_union
        ),
    }
    assert set(orgs) == set(OrgKind)
    combos = list(
        itertools.product([False, True], [0, 24, 25, 49, 50, 300], [False, True], list(orgs))
    )
    made = Employer.objects.bulk_create(
        Employer(
            credit_code=code(),
            name=f"组合{i}",
            kind="private",
            has_union=union,
            employee_count=count,
            has_party_org=party,
            org=orgs[kind],
        )
        for i, (union, count, party, kind) in enumerate(combos)
    )
    in_sql = dict(
        annotate_status(
            Employer.objects.filter(pk__in=[e.pk for e in made]), threshold=threshold
        ).values_list("pk", "organizing_status")
    )
    seen = set()
    for employer in Employer.objects.filter(pk__in=in_sql).select_related("org"):
        decided = status_of(employer, threshold=threshold).status
        assert in_sql[employer.pk] == decided.value, (employer.name, decided)
        seen.add(decided)
    assert seen == set(S)  # every outcome occurs among the combinations
