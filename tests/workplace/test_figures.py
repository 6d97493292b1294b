"""企业工作统计: every figure of a year counted from the records built in figures_scene (12-31 in,
01-01 of the next year out), per county for the city, under each county's own 单独建会 threshold;
汉滨 sees 汉滨 only; a malformed query is a 400, an organization outside one's subtree a 404."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.workplace.models import WorkplaceSetting
from gonghui.workplace.selectors_figures import FIGURES, OWN, figure_scope, figures
from tests.kit import page_text, signed_in
from tests.workplace.figures_scene import (
    CITY_OWN,
    HANBIN,
    NEXT,
    SHIQUAN,
    YEAR,
    build,
    city_totals,
    zero_filled,
)

URL = "workplace:figures"


@pytest.fixture
def scene(world):
    return build(world)


def totals(user: Any, year: int = YEAR, org: int | None = None) -> dict[str, Any]:
    return figures(scope=figure_scope(user=user, year=year, org=org)).totals


def shown(client: Any, key: str, query: str = f"?year={YEAR}") -> str:
    html = client.get(reverse(URL) + query).content.decode()
    found = re.search(rf'id="fig-{key}">([^<]*)<', html)
    assert found, f"no figure {key} on the page"
    return " ".join(found.group(1).split())


def test_hanbins_figures_are_counted_from_hanbins_records_of_the_year(world, scene):
    assert totals(world.hanbin_officer) == zero_filled(HANBIN, FIGURES)


def test_the_city_adds_up_its_counties_and_counts_distinct_things_once(world, scene):
    data = figures(scope=figure_scope(user=world.city_admin, year=YEAR))
    assert data.totals == city_totals(FIGURES)
    # One column per county-level federation (12), then the city's own records.
    assert len(data.scope.columns) == 13
    hb, sq = data.columns[world.hanbin.path], data.columns[world.shiquan.path]
    assert hb == zero_filled(HANBIN, FIGURES)
    assert sq == zero_filled(SHIQUAN, FIGURES)
    assert data.columns[OWN] == zero_filled(CITY_OWN, FIGURES)
    # A model worker in 汉滨's squad and in the 总队's counts once in the total.
    assert hb["squad_members"] + data.columns[OWN]["squad_members"] == 4
    assert data.totals["squad_members"] == 3
    # The average rating of the city is over every rating, not the average of averages.
    assert data.totals["rating"] == Decimal("4.0")


def test_records_of_the_next_years_first_day_count_in_the_next_year(world, scene):
    after = totals(world.hanbin_officer, YEAR + 1)
    assert after["founded"] == 1
    assert after["letters_notice"] == 1
    assert after["recovered"] == Decimal("1000.00")
    assert (after["inspections"], after["hazards_found"], after["hazards_fixed"]) == (1, 1, 1)
    assert after["consultations"] == 1
    assert after["suggestions"] == 1 and after["needs_filed"] == 0
    assert after["letters_rectified"] == 1  # the 意见书 of YEAR, rectified on 01-02
    before = totals(world.hanbin_officer, YEAR - 1)
    assert (before["joined"], before["mediations"], before["letters_suggestion"]) == (1, 1, 1)
    assert before["needs_filed"] == 1 and before["trained"] == 0


def test_a_countys_own_threshold_decides_its_employers_on_every_page(world, scene):
    WorkplaceSetting.objects.create(org=world.hanbin, year=YEAR, union_threshold=35)
    hb = totals(world.hanbin_officer)
    assert (hb["status_own_union"], hb["status_first_step"]) == (0, 2)  # 汉滨乙 has 30
    city = figures(scope=figure_scope(user=world.city_admin, year=YEAR))
    assert city.threshold == 25
    assert city.columns[world.hanbin.path]["status_own_union"] == 0
    assert city.totals["status_own_union"] == 1  # 石泉甲 (40) at the city's 25
    assert city.totals["needs_action"] == 5
    # The city raising its own threshold to 50 leaves 汉滨 at 35.
    WorkplaceSetting.objects.create(org=world.city, year=YEAR, union_threshold=50)
    city = figures(scope=figure_scope(user=world.city_admin, year=YEAR))
    assert city.threshold == 50
    assert city.totals["status_own_union"] == 0
    assert city.columns[world.shiquan.path]["status_first_step"] == 1
    assert totals(world.hanbin_officer)["status_first_step"] == 2
    # Another year has no setting: back to 25.
    assert totals(world.hanbin_officer, YEAR + 1)["status_own_union"] == 1


def test_the_page_shows_money_in_yuan_and_counts_with_separators(world, scene):
    client = signed_in(world.city_admin)
    assert shown(client, "recovered") == "165,000.50 元"
    assert shown(client, "site_approved") == "14,000.50 元"
    assert shown(client, "employers") == "7 家"
    assert shown(client, "rating") == "4.0 星"
    text = page_text(client.get(reverse(URL) + f"?year={YEAR}"))
    assert "按县（市、区）分列" in text and "汉滨区" in text and "石泉县" in text
    assert "职工人数25人以上的企业，依法推动单独建工会" in text


def test_counts_above_a_thousand_carry_separators(world, scene):
    from gonghui.workplace.models import Consultation

    Consultation.objects.bulk_create(
        Consultation(
            org=world.hanbin,
            consulted_on=NEXT,
            channel="phone",
            topic="overtime",
            question="加班",
            answer="答",
        )
        for _ in range(1200)
    )
    client = signed_in(world.hanbin_officer)
    assert shown(client, "consultations", f"?year={YEAR + 1}") == "1,201 人次"


def test_a_county_officer_sees_their_county_only(world, scene):
    client = signed_in(world.hanbin_officer)
    assert shown(client, "recovered") == "30,000.50 元"
    response = client.get(reverse(URL) + f"?year={YEAR}")
    assert "按县（市、区）分列" not in page_text(response)
    assert "石泉" not in page_text(response)
    outside = client.get(reverse(URL) + f"?year={YEAR}&org={world.shiquan.pk}")
    assert outside.status_code == 404
    assert "135,000" not in outside.content.decode()
    export = client.get(reverse("workplace:figures_export") + f"?org={world.shiquan.pk}")
    assert export.status_code == 404


def test_an_organization_below_narrows_the_figures_to_its_subtree(world, scene):
    client = signed_in(world.city_admin)
    assert shown(client, "recovered", f"?year={YEAR}&org={world.shiquan.pk}") == "135,000.00 元"
    assert shown(client, "employers", f"?year={YEAR}&org={world.hanbin_union.pk}") == "4 家"
    assert shown(client, "squads", f"?year={YEAR}&org={world.hanbin.pk}") == "1 支"


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("?year=abc", "年度"),
        ("?year=1899", "年度"),
        ("?year=２０２５", "年度"),
        ("?org=abc", "组织"),
        ("?org=0", "组织"),
        ("?org=99999999999999999999", "组织"),
    ],
)
@pytest.mark.parametrize("url", [URL, "workplace:figures_export"])
def test_a_malformed_query_is_answered_400_in_chinese(world, url, query, says):
    response = signed_in(world.city_admin).get(reverse(url) + query)
    assert response.status_code == 400
    assert says in page_text(response)


def test_an_organization_that_does_not_exist_is_a_404(world):
    response = signed_in(world.city_admin).get(reverse(URL) + "?org=987654321")
    assert response.status_code == 404


def test_a_member_may_not_open_the_figures(world):
    client = signed_in(world.hanbin_member)
    assert client.get(reverse(URL)).status_code == 403
    assert client.get(reverse("workplace:figures_export")).status_code == 403


def test_an_auditor_and_a_chair_open_their_own_subtrees_figures(world, scene):
    assert shown(signed_in(world.auditor), "employers") == "7 家"
    assert shown(signed_in(world.hanbin_chair), "employers") == "4 家"


def test_the_query_count_does_not_grow_with_records(world):
    client = signed_in(world.city_admin)
    url = reverse(URL) + f"?year={YEAR}"
    client.get(url)  # warm caches (sessions, content types)
    with CaptureQueriesContext(connection) as empty:
        assert client.get(url).status_code == 200
    build(world)
    with CaptureQueriesContext(connection) as full:
        assert client.get(url).status_code == 200
    assert len(full) == len(empty), [q["sql"][:120] for q in full.captured_queries]
    assert len(full) < 40
