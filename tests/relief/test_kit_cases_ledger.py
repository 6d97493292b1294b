"""The ledger through the shared test cases (tests/kit.py): the case list and the re-check list
(rendered for their roles, scoped, exported, hostile queries, flat query count) and every POST
route of the ledger as each of the five roles."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from gonghui.core import clock
from gonghui.core.models import Organization, User
from gonghui.relief import selectors_cases as selectors
from gonghui.relief import services_cases as services
from gonghui.relief.models.cases import Case, Cause, Recheck
from gonghui.relief.services_rechecks import rechecks_generate
from tests import factories
from tests.kit import ListPageCase, PermissionCase, Post, mark

STAFF_VIEWERS = ("city_admin", "hanbin_officer", "hanbin_chair", "auditor")


class Ledger:
    """Cases made through the services, under the city's thresholds of this year and the next
    (the kit's tests run on the real date)."""

    world: Any

    def settings(self) -> int:
        year = clock.today().year
        for y in (year, year + 1):
            if selectors.setting_for(self.world.city, y) is None:
                services.setting_save(
                    user=self.world.city_admin,
                    org=self.world.city,
                    year=y,
                    dibao="700",
                    recheck_due=dt.date(y, 9, 30),
                )
        return year

    def applied(self, org: Organization, user: User | None = None) -> Case:
        self.settings()
        person = factories.person(org, mark("困难"))
        return services.case_apply(
            user=user or self.world.city_admin,
            person=person,
            causes=[Cause.ILLNESS],
            household_size=1,
            household_income="600",
        )

    def filed(self, org: Organization) -> Case:
        case = services.case_review(user=self.world.city_admin, case=self.applied(org))
        return services.case_approve(user=factories.user("city_admin", self.world.city), case=case)

    def make(self, org: Organization, n: int) -> list[Any]:
        return [self.applied(org) for _ in range(n)]

    def text(self, obj: Any) -> str:
        return obj.person.name


class TestCaseList(Ledger, ListPageCase):
    url = "relief:case_list"
    model = Case
    viewers = STAFF_VIEWERS


class TestRecheckList(Ledger, ListPageCase):
    url = "relief:recheck_list"
    model = Recheck
    viewers = STAFF_VIEWERS

    def make(self, org: Organization, n: int) -> list[Any]:
        cases = [self.filed(org) for _ in range(n)]
        rechecks_generate(user=self.world.city_admin, year=clock.today().year + 1)
        return list(Recheck.objects.filter(case__in=cases))

    def text(self, obj: Any) -> str:
        return obj.case.person.name


class TestLedgerPosts(Ledger, PermissionCase):
    def posts(self) -> list[Post]:
        w = self.world
        year = self.settings()
        union = w.hanbin_union
        person = factories.person(union, mark("申请人"))
        applied = self.applied(union)
        reviewed = services.case_review(user=w.hanbin_chair, case=self.applied(union))
        to_reject = self.applied(union)
        filed = self.filed(union)
        for_aid = self.filed(union)
        for_recheck = self.filed(union)
        rechecks_generate(user=w.city_admin, year=year + 1)
        recheck = Recheck.objects.get(case=for_recheck)
        today = str(clock.today())

        def apply_form(user: User) -> dict[str, Any]:
            return {
                "id_number": person.id_number,
                "causes": ["illness"],
                "household_size": "1",
                "household_income": "600",
            }

        def setting_form(user: User) -> dict[str, Any]:
            return {
                "year": str(year),
                "dibao": "720",
                "deep_multiple": "1.00",
                "relative_multiple": "1.50",
                "recheck_due": f"{year}-10-31",
            }

        def url(name: str, obj: Any) -> str:
            return reverse(name, args=[obj.pk])

        return [
            Post(reverse("relief:case_new"), "relief.case.apply", apply_form, target=person),
            Post(url("relief:case_review", applied), "relief.case.review", {}, target=applied),
            Post(url("relief:case_approve", reviewed), "relief.case.approve", {}, target=reviewed),
            Post(
                url("relief:case_reject", to_reject),
                "relief.case.reject",
                {"reason": "材料不实"},
                target=to_reject,
            ),
            Post(
                url("relief:case_exit", filed),
                "relief.case.exit",
                {"reason": "再就业", "exited_on": today},
                target=filed,
            ),
            Post(
                url("relief:case_aid", for_aid),
                "relief.aid.create",
                lambda u: {
                    "kind": "goods",
                    "description": "米面油",
                    "given_on": today,
                    "org": str(u.organization_id),
                },
                target=for_aid,
            ),
            Post(
                url("relief:recheck_complete", recheck),
                "relief.case.recheck",
                {"result": "keep", "income_per_head": "600"},
                target=recheck,
            ),
            Post(reverse("relief:settings"), "relief.setting.change", setting_form),
        ]
