"""夏送清凉 and 春送岗位 pages: the lists (scoped, exported) and their record forms."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from gonghui.core.models import Organization
from gonghui.relief.models import Campaign, CoolingSite, JobFair
from tests import factories
from tests.kit import (
    ListPageCase,
    PermissionCase,
    Post,
    Unchanged,
    form_errors,
    mark,
    page_text,
    signed_in,
)
from tests.relief.fixtures_activities import campaign, fair, frozen, site

pytestmark = pytest.mark.usefixtures("frozen")
__all__ = ["frozen"]


def _city(world: Any, kind: str) -> Campaign:
    return Campaign.objects.filter(kind=kind, org=world.city).first() or campaign(world, kind)


def _recorder(world: Any, org: Organization) -> Any:
    """Who records for `org`'s union: a site or fair belongs to the union that records it."""
    return world.shiquan_officer if org.path.startswith(world.shiquan.path) else world.hanbin_chair


class TestSiteList(ListPageCase):
    url = "relief:site_list"
    model = CoolingSite

    @pytest.fixture(autouse=True)
    def _clock(self, frozen: Any) -> None:
        pass

    def make(self, org: Organization, n: int) -> list[CoolingSite]:
        camp = _city(self.world, "coolness")
        user = _recorder(self.world, org)
        return [site(self.world, camp, user=user, org=org, name=mark("点位")) for _ in range(n)]

    def text(self, obj: CoolingSite) -> str:
        return obj.site


class TestFairList(ListPageCase):
    url = "relief:fair_list"
    model = JobFair

    @pytest.fixture(autouse=True)
    def _clock(self, frozen: Any) -> None:
        pass

    def make(self, org: Organization, n: int) -> list[JobFair]:
        camp = _city(self.world, "jobs")
        user = (
            self.world.shiquan_officer
            if org.path.startswith(self.world.shiquan.path)
            else (self.world.hanbin_chair)
        )
        return [fair(self.world, camp, user=user, place=mark("地点")) for _ in range(n)]

    def text(self, obj: JobFair) -> str:
        return obj.place


def _site_form(world: Any, camp: Campaign, **changes: Any) -> dict[str, Any]:
    employer = factories.employer(world.hanbin_union)
    data = {
        "campaign": camp.pk,
        "credit_code": employer.credit_code.lower(),
        "site": "二号工地",
        "workers": "12",
        "goods": "防暑药品",
        "amount": "600",
        "visited_on": "2026-07-21",
    }
    data.update(changes)
    return data


def test_a_site_is_recorded_through_its_form_and_listed(world):
    camp = campaign(world, "coolness")
    client = signed_in(world.hanbin_chair)
    response = client.post(reverse("relief:site_new"), _site_form(world, camp))
    assert response.status_code == 302, form_errors(response)
    text = page_text(client.get(reverse("relief:site_list")))
    assert "二号工地" in text and "600.00" in text


def test_a_site_form_error_is_shown_beside_its_field(world):
    camp = campaign(world, "coolness")
    form = _site_form(world, camp, goods="", amount="0")
    state = Unchanged()
    response = signed_in(world.hanbin_chair).post(reverse("relief:site_new"), form)
    assert "请填写慰问物资或慰问金额" in form_errors(response)
    assert not state.changes()


def test_an_employer_of_another_county_is_not_found(world):
    camp = campaign(world, "coolness")
    other = factories.employer(world.shiquan_union)
    response = signed_in(world.hanbin_officer).post(
        reverse("relief:site_new"), _site_form(world, camp, credit_code=other.credit_code)
    )
    assert any("您的管辖范围内没有此统一社会信用代码" in e for e in form_errors(response))
    assert not CoolingSite.objects.exists()


def test_the_forms_offer_only_open_campaigns_of_their_kind_in_reach(world):
    campaign(world, "coolness", name="全市夏送清凉")
    campaign(world, "coolness", org=world.shiquan, name="石泉县夏送清凉")
    campaign(world, "jobs", name="全市春送岗位")
    text = page_text(signed_in(world.hanbin_officer).get(reverse("relief:site_new")))
    assert "全市夏送清凉" in text
    assert "石泉县夏送清凉" not in text and "全市春送岗位" not in text


def test_a_fair_is_recorded_through_its_form(world):
    camp = campaign(world, "jobs")
    client = signed_in(world.hanbin_officer)
    data = {
        "campaign": camp.pk,
        "held_on": "2026-03-08",
        "place": "汉滨区三八招聘会",
        "employers": "30",
        "positions": "500",
        "placed": "600",
    }
    response = client.post(reverse("relief:fair_new"), data)
    assert "达成就业意向人数600超过提供岗位数500" in form_errors(response)
    data["placed"] = "150"
    assert client.post(reverse("relief:fair_new"), data).status_code == 302
    assert "汉滨区三八招聘会" in page_text(client.get(reverse("relief:fair_list")))


class TestActivityPosts(PermissionCase):
    @pytest.fixture(autouse=True)
    def _clock(self, frozen: Any) -> None:
        pass

    def posts(self) -> list[Post]:
        w = self.world
        cool = _city(w, "coolness")
        jobs = _city(w, "jobs")
        fair_form = {
            "campaign": jobs.pk,
            "held_on": "2026-03-08",
            "place": "人才市场",
            "employers": "3",
            "positions": "30",
            "placed": "3",
        }
        return [
            Post(reverse("relief:site_new"), "relief.activity.record", _site_form(w, cool)),
            Post(reverse("relief:fair_new"), "relief.activity.record", fair_form),
        ]
