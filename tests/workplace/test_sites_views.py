"""The 示范点 pages: the list (kit cases: roles, scope, export, hostile queries, flat query
count) with its totals and budget lines, the site's page with its buttons, and every POST route
as each of the five roles."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from gonghui.core import clock
from gonghui.core.models import Organization
from gonghui.workplace.models import DemoSite, SiteStatus
from gonghui.workplace.services_sites import site_approve
from tests.kit import (
    ListPageCase,
    PermissionCase,
    Post,
    Unchanged,
    flashed,
    mark,
    page_text,
    signed_in,
    xlsx_cells,
)
from tests.workplace.fixtures_organizing import (
    YEAR,
    budget,
    county_of,
    frozen,
    paid_site,
    second_officer,
    site,
    unionized,
)

__all__ = ["frozen"]
pytestmark = pytest.mark.usefixtures("frozen")


class TestSiteList(ListPageCase):
    url = "workplace:site_list"
    model = DemoSite
    viewers = ("city_admin", "hanbin_officer", "auditor")

    def make(self, org: Organization, n: int) -> list[DemoSite]:
        county = county_of(self.world, org)
        line = budget(county, "1000000")
        return [
            site(self.world, org=county, b=line, target=unionized(county, mark("示范企业")))
            for _ in range(n)
        ]

    def text(self, obj: DemoSite) -> str:
        return obj.employer.name


class TestSitePosts(PermissionCase):
    def posts(self) -> list[Post]:
        w = self.world
        county = w.hanbin
        maker = second_officer(w, county)
        line = budget(county, "1000000")
        designated = site(w, user=maker, b=line)
        approved = site_approve(user=second_officer(w, county), site=site(w, user=maker, b=line))
        revocable = site(w, user=maker, b=line)
        target = unionized(county)
        today = str(clock.today())

        def url(name: str, obj: Any = None) -> str:
            return reverse(f"workplace:{name}", args=[obj.pk] if obj else [])

        return [
            Post(
                url("site_new"),
                "workplace.site.designate",
                {"credit_code": target.credit_code, "year": str(YEAR), "budget": str(line.pk)},
            ),
            Post(url("site_approve", designated), "workplace.site.approve", {}, target=designated),
            Post(
                url("site_pay", approved),
                "workplace.site.pay",
                {"paid_on": today, "voucher": "记-001"},
                target=approved,
            ),
            Post(
                url("site_revoke", revocable),
                "workplace.site.designate",
                {"reason": "企业注销"},
                target=revocable,
            ),
        ]


def test_the_list_shows_totals_and_budget_lines_of_the_year(world):
    paid_site(world)
    site(world)
    text = page_text(
        signed_in(world.hanbin_officer).get(reverse("workplace:site_list") + f"?year={YEAR}")
    )
    assert "示范点合计" in text
    assert "10,000.00 元" in text and "5,000.00 元" in text
    assert "党工共建示范点补助" in text and "20,000.00 元" in text


def test_the_export_holds_subsidy_budget_line_and_voucher(world):
    s = paid_site(world)
    response = signed_in(world.hanbin_officer).post(reverse("workplace:site_list"))
    cells = xlsx_cells(response)
    assert s.employer.name in cells and "记-2026-061" in cells and "党工共建示范点补助" in cells
    assert "补助已发放" in cells


def test_the_designator_sees_no_approve_button_and_a_posted_approval_is_refused(world):
    s = site(world)
    client = signed_in(world.hanbin_officer)
    page = client.get(reverse("workplace:site_detail", args=[s.pk]))
    text = page_text(page)
    assert "须由其他工作人员审批" in text and "审批通过" not in text
    state = Unchanged()
    response = client.post(reverse("workplace:site_approve", args=[s.pk]))
    assert response.status_code == 302
    assert flashed(response) == ["审批人不能是命名人，请由其他工作人员审批"]
    assert not state.changes()


def test_a_site_goes_from_designated_to_paid_through_its_page(world):
    s = site(world)
    checker = signed_in(second_officer(world, world.hanbin))
    checker.post(reverse("workplace:site_approve", args=[s.pk]))
    s.refresh_from_db()
    assert s.status == SiteStatus.APPROVED
    payer = signed_in(world.hanbin_officer)
    page = page_text(payer.get(reverse("workplace:site_detail", args=[s.pk])))
    assert "登记发放" in page
    payer.post(
        reverse("workplace:site_pay", args=[s.pk]),
        {"paid_on": str(clock.today()), "voucher": "记-2026-070"},
    )
    text = page_text(payer.get(reverse("workplace:site_detail", args=[s.pk])))
    assert "补助已发放" in text and "记-2026-070" in text


def test_paying_a_designated_site_through_its_route_is_refused(world):
    s = site(world)
    state = Unchanged()
    response = signed_in(world.hanbin_officer).post(
        reverse("workplace:site_pay", args=[s.pk]),
        {"paid_on": str(clock.today()), "voucher": "记-1"},
    )
    assert flashed(response) == ["该示范点为“已命名”，只能为已审批的补助登记发放"]
    assert not state.changes()


def test_the_designation_form_refuses_an_overspend_beside_the_budget_field(world):
    line = budget(world.hanbin, "4000")
    target = unionized(world.hanbin)
    state = Unchanged()
    response = signed_in(world.hanbin_officer).post(
        reverse("workplace:site_new"),
        {"credit_code": target.credit_code, "year": str(YEAR), "budget": str(line.pk)},
    )
    assert response.status_code == 200
    assert "余额不足" in page_text(response)
    assert not state.changes()


def test_a_shiquan_site_is_not_found_from_hanbin(world):
    theirs = site(world, org=world.shiquan)
    client = signed_in(world.hanbin_officer)
    assert client.get(reverse("workplace:site_detail", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("workplace:site_approve", args=[theirs.pk])).status_code == 404
