"""参保登记 through the shared test cases (tests/kit.py)."""

from __future__ import annotations

from typing import Any

from gonghui.core.models import Employer, Organization, User
from gonghui.mutual_aid import services
from gonghui.mutual_aid.models import AidPlan, Category, Enrollment, Payer
from tests import factories
from tests.kit import ListPageCase, PermissionCase, Post, mark, resolve_url

YEAR = 2026


class Enrollments:
    """Workers of a union enrolled by their unit in the year's 住院医疗 plan."""

    def hospital_plan(self) -> AidPlan:
        plans = {p.category: p for p in services.plan_seed_year(year=YEAR)}
        return plans[Category.HOSPITAL]

    def unit(self, org: Organization) -> Employer:
        return factories.employer(org, mark("参保单位"))

    def make(self, org: Organization, n: int) -> list[Enrollment]:
        plan, employer = self.hospital_plan(), self.unit(org)
        return [
            services.enrollment_create(
                user=self.world.city_admin,  # type: ignore[attr-defined]
                plan=plan,
                person=factories.person(org, mark("参保人")),
                payer=Payer.UNIT,
                employer=employer,
            )
            for _ in range(n)
        ]

    def text(self, obj: Enrollment) -> str:
        return obj.person.name


class TestEnrollmentList(Enrollments, ListPageCase):
    url = "mutual_aid:enrollment_list"
    model = Enrollment
    viewers = ("city_admin", "hanbin_officer", "hanbin_chair", "auditor")


class TestEnrollmentPosts(Enrollments, PermissionCase):
    def posts(self) -> list[Post]:
        union = self.world.hanbin_union
        person = factories.person(union, mark("参保人"))
        plan, employer = self.hospital_plan(), self.unit(union)

        def enrollment_form(user: User) -> dict[str, Any]:
            return {
                "id_number": person.id_number,
                "plan": str(plan.pk),
                "credit_code": employer.credit_code,
                "payer": Payer.UNIT.value,
            }

        return [
            Post(
                resolve_url("mutual_aid:enrollment_new"),
                "mutual_aid.enrollment.create",
                enrollment_form,
                target=person,
            )
        ]
