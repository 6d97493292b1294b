"""四送活动统计: each figure on the page equals the count (or the sum) of its drill-down list, and
an organization sees its own subtree's figures only (石泉 never sees 汉滨's)."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.urls import reverse

from gonghui.relief.selectors_figures import FIGURES, figure_scope, figures
from gonghui.relief.services_activities import grant_pay, grant_review
from gonghui.relief.services_receipts import receipt_sign
from tests import factories
from tests.kit import page_text, signed_in
from tests.relief.fixtures_activities import (
    YEAR,
    apply,
    approved_list,
    campaign,
    fair,
    frozen,
    media,
    site,
    warmth,
)

pytestmark = pytest.mark.usefixtures("media", "frozen")
__all__ = ["frozen", "media"]


@pytest.fixture
def scene(world) -> dict[str, Any]:
    """汉滨: 3 households (one signed for, one given 1,200 元 with a reason), a paid and an open
    grant, a site, a fair; 石泉: 2 households, a site, a fair."""
    hb = [world.hanbin_person] + [
        factories.person(world.hanbin_union, f"汉滨{n}") for n in range(2)
    ]
    sq = [world.shiquan_person, factories.person(world.shiquan_union, "石泉一")]
    camp = warmth(world)
    hb_list = approved_list(
        world,
        camp,
        world.hanbin_union,
        hb[:2],
        submitter=world.hanbin_chair,
        approver=world.hanbin_officer,
    )
    approved_list(
        world,
        camp,
        world.hanbin_union,
        hb[2:],
        submitter=world.hanbin_officer,
        approver=world.city_admin,
        amount="1200",
        reason="家中两人重病",
    )
    approved_list(
        world,
        camp,
        world.shiquan_union,
        sq,
        submitter=world.shiquan_officer,
        approver=world.city_admin,
    )
    receipt_sign(
        user=world.hanbin_chair,
        item=hb_list.items.first(),
        signed_on=dt.date(YEAR, 9, 15),
        proxy_name="张三",
        proxy_reason="本人住院",
    )
    school = campaign(world, "schooling")
    paid = apply(world, school, amount="3000")
    grant_review(user=world.hanbin_officer, grant=paid, approve=True)
    grant_pay(user=world.hanbin_officer, grant=paid, paid_on=dt.date(YEAR, 9, 15))
    apply(world, school, amount="2000", name="李小红")  # applied only: not counted
    cool = campaign(world, "coolness")
    site(world, cool, workers=40, amount="2000")
    site(
        world,
        cool,
        user=world.shiquan_officer,
        org=world.shiquan_union,
        workers=7,
        amount="500",
        name="石泉工地",
    )
    jobs = campaign(world, "jobs")
    fair(world, jobs, positions=300, placed=120)
    fair(world, jobs, user=world.shiquan_officer, place="石泉县人才市场", positions=50, placed=9)
    return {"warmth": camp, "school": school}


def _shown(text: str) -> Decimal:
    return Decimal(re.sub(r"[^\d.]", "", text))


def _card(client: Any, key: str, query: str = "") -> str:
    html = client.get(reverse("relief:figures") + query).content.decode()
    found = re.search(rf'id="fig-{key}"[^>]*>([^<]*)<', html)
    assert found, f"no figure {key} on the page"
    return found.group(1)


# The drill-down's column that a summing figure adds up.
SUM_COLUMNS = {
    "raised": "金额",
    "distributed": "发放金额",
    "grant_money": "助学金",
    "site_money": "慰问金额",
    "workers": "高温一线职工",
    "positions": "提供岗位",
    "placed": "达成就业意向",
}


def _export_rows(response: Any) -> list[dict[str, Any]]:
    """The data rows of an exported drill-down (the note line under them left out)."""
    body = b"".join(response.streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(body), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    head = rows[0]
    return [dict(zip(head, r, strict=True)) for r in rows[1:] if any(r[1:])]


def test_each_figure_equals_the_count_or_sum_of_its_drill_down(world, scene):
    client = signed_in(world.hanbin_officer)
    assert set(SUM_COLUMNS) == {k for k, f in FIGURES.items() if f.total}
    for key, figure in FIGURES.items():
        shown = _shown(_card(client, key))
        response = client.get(reverse(f"relief:figure_{key}"))
        assert response.status_code == 200, key
        listed = int(re.search(r"共 (\d+) 条", page_text(response)).group(1))
        rows = _export_rows(client.post(reverse(f"relief:figure_{key}")))
        assert len(rows) == listed, key
        if figure.total is None:
            assert shown == listed, f"{figure.label}: page {shown}, list {listed}"
        else:
            total = sum(Decimal(str(r[SUM_COLUMNS[key]])) for r in rows)
            assert shown == total, f"{figure.label}: page {shown}, list sums to {total}"
    # Not all zero: the scene gives every figure of 汉滨 something but the city's funds.
    assert _shown(_card(client, "unsigned")) == 2


def test_the_figures_of_hanbin_count_hanbin_only(world, scene):
    values = figures(scope=figure_scope(user=world.hanbin_officer, year=YEAR))["values"]
    assert values["households"] == 3
    assert values["distributed"] == Decimal("3200.00")  # 1,000 + 1,000 + 1,200
    assert values["goods"] == 3
    assert values["unsigned"] == 2
    assert (values["students"], values["grant_money"]) == (1, Decimal("3000.00"))
    assert (values["sites"], values["workers"], values["site_money"]) == (1, 40, Decimal("2000.00"))
    assert (values["fairs"], values["positions"], values["placed"]) == (1, 300, 120)
    # The funds were raised by the city: not 汉滨's.
    assert values["raised"] == Decimal("0.00")


def test_the_city_sees_both_counties_and_the_money_raised_by_source(world, scene):
    data = figures(scope=figure_scope(user=world.city_admin, year=YEAR))
    values = data["values"]
    assert values["households"] == 5
    assert values["placed"] == 129
    assert values["raised"] == Decimal("205000.50")
    assert [(r["source"], r["amount"]) for r in data["by_source"]] == [
        ("上级拨付", Decimal("200000.00")),
        ("社会捐赠", Decimal("5000.50")),
    ]
    assert data["given"] == Decimal("5200.00") + Decimal("3000.00") + Decimal("2500.00")


def test_shiquan_never_sees_hanbins_figures_or_rows(world, scene):
    client = signed_in(world.shiquan_officer)
    assert _shown(_card(client, "households")) == 2
    assert _shown(_card(client, "fairs")) == 1
    # Asking for 汉滨 by its id gives 石泉's own figures, never 汉滨's.
    assert _shown(_card(client, "households", f"?org={world.hanbin.pk}")) == 2
    for key in ("households", "students", "sites", "fairs"):
        text = page_text(client.get(reverse(f"relief:figure_{key}") + f"?org={world.hanbin.pk}"))
        assert "汉滨" not in text, key
        assert "张伟" not in text and "一号工地" not in text, key


def test_a_campaign_filter_gives_that_campaigns_figures(world, scene):
    client = signed_in(world.city_admin)
    query = f"?campaign={scene['warmth'].pk}"
    assert _shown(_card(client, "households", query)) == 5
    assert _shown(_card(client, "students", query)) == 0
    assert _shown(_card(client, "students", f"?campaign={scene['school'].pk}")) == 1


def test_an_org_filter_narrows_to_that_subtree(world, scene):
    client = signed_in(world.city_admin)
    assert _shown(_card(client, "households", f"?org={world.shiquan.pk}")) == 2
    assert _shown(_card(client, "households", f"?org={world.hanbin_union.pk}")) == 3


def test_members_cannot_open_the_figures(world, scene):
    response = signed_in(world.hanbin_member).get(reverse("relief:figures"))
    assert response.status_code == 403


def test_the_figures_page_runs_as_many_queries_for_many_records_as_for_few(world, scene):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = signed_in(world.city_admin)
    client.get(reverse("relief:figures"))  # warm the session and the menu

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("relief:figures")).status_code == 200
        return len(ctx.captured_queries)

    few = queries()
    more = campaign(world, "jobs", name="第二场春送岗位")
    for n in range(5):
        fair(world, more, place=f"招聘会{n}")
        site(world, campaign(world, "coolness", name=f"夏送清凉{n}"), name=f"工地{n}")
    assert queries() <= few
