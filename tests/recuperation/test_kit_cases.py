"""疗休养工作方案 and 疗休养基地 through the shared test cases (tests/kit.py).

The base catalog is shared by the whole city (every officer plans batches at any base), so it
has no scope test; the plans are scoped to the organizations above and below the viewer.
"""

from __future__ import annotations

from typing import Any

from gonghui.core.models import Organization, Role, User
from gonghui.recuperation import services
from gonghui.recuperation.models import Base, Plan
from tests import factories
from tests.kit import ListPageCase, ModelCrudCase, PermissionCase, Post, mark, resolve_url


def county_officer(org: Organization) -> User:
    """An officer of the county a grassroots union belongs to."""
    county = org.parent if org.parent is not None and org.parent.parent_id else org
    return factories.user(Role.COUNTY_OFFICER, county)


class TestPlanList(ListPageCase):
    url = "recuperation:plan_list"
    model = Plan
    viewers = ("city_admin", "hanbin_officer", "hanbin_chair", "auditor")
    exports = False  # the page lists a few plans a year; nothing to export

    def make(self, org: Organization, n: int) -> list[Plan]:
        """n plans of the union's county, one a year (a year holds one current plan)."""
        officer = county_officer(org)
        first = 2000 + Plan.objects.filter(org=officer.organization).count()
        return [
            services.plan_create(
                user=officer,
                year=first + i,
                title=mark("方案"),
                budget="100000.00",
                budget_line="工会经费·职工疗休养",
            )
            for i in range(n)
        ]

    def text(self, obj: Plan) -> str:
        return obj.title


class Bases:
    model = Base

    def make(self, org: Organization, n: int) -> list[Base]:
        officer = county_officer(org)
        return [
            services.base_create(user=officer, name=mark("基地"), place="安康市石泉县", capacity=40)
            for _ in range(n)
        ]

    def text(self, obj: Base) -> str:
        return obj.name

    def base_form(self, **changes: Any) -> dict[str, Any]:
        data = {
            "name": mark("基地"),
            "place": "安康市汉滨区",
            "capacity": "60",
            "services": "体检、疗养",
            "contact": "王老师 0915-3210000",
        }
        return {**data, **changes}


class TestBaseForms(Bases, ModelCrudCase):
    list_url = "recuperation:base_list"
    create_url = "recuperation:base_list"  # the catalog page carries the 新增基地 form
    edit_url = "recuperation:base_edit"

    def form_data(self) -> dict[str, Any]:
        return self.base_form()

    def edit_data(self, obj: Base) -> dict[str, Any]:
        return self.base_form(name=mark("改名基地"), is_active="on")


class TestBasePosts(Bases, PermissionCase):
    def posts(self) -> list[Post]:
        (hanbin_base,) = self.make(self.world.hanbin_union, 1)
        return [
            Post(
                resolve_url("recuperation:base_list"),
                "recuperation.base.create",
                lambda user: self.base_form(),
            ),
            Post(
                resolve_url("recuperation:base_edit", hanbin_base),
                "recuperation.base.change",
                lambda user: self.base_form(name=mark("改名基地"), is_active="on"),
                target=hanbin_base,
            ),
        ]
