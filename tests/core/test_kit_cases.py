"""人员档案 and 用人单位 through the shared test cases (tests/kit.py)."""

from __future__ import annotations

from typing import Any

from gonghui.core.models import Employer, Organization, Person, User
from tests import factories
from tests.kit import ListPageCase, ModelCrudCase, PermissionCase, Post, mark, resolve_url


class TestPersonList(ListPageCase):
    url = "core:person_list"
    model = Person
    viewers = ("city_admin", "hanbin_officer", "hanbin_chair", "auditor")

    def make(self, org: Organization, n: int) -> list[Person]:
        return [factories.person(org, mark("人员")) for _ in range(n)]

    def text(self, obj: Person) -> str:
        return obj.name


class EmployerRecords:
    """用人单位 made through the service (tests/factories.py) and as the form sends them."""

    model = Employer

    def make(self, org: Organization, n: int) -> list[Employer]:
        return [factories.employer(org, mark("单位")) for _ in range(n)]

    def text(self, obj: Employer) -> str:
        return obj.name

    def employer_form(self, user: User, **changes: Any) -> dict[str, Any]:
        data = {
            "credit_code": factories.credit_code(),
            "name": mark("单位"),
            "kind": "private",
            "employee_count": "25",
            "industry": "制造业",
            "org": str(user.organization_id),
        }
        return {**data, **changes}


class TestEmployerList(EmployerRecords, ListPageCase):
    url = "core:employer_list"
    viewers = ("city_admin", "hanbin_officer", "hanbin_chair", "auditor")


class TestEmployerForms(EmployerRecords, ModelCrudCase):
    list_url = "core:employer_list"
    create_url = "core:employer_create"
    detail_url = "core:employer_detail"
    edit_url = "core:employer_edit"

    def form_data(self) -> dict[str, Any]:
        return self.employer_form(self.user(self.writer))

    def edit_data(self, obj: Employer) -> dict[str, Any]:
        return self.employer_form(self.user(self.writer), name=mark("改名单位"))

    def invalid_data(self) -> dict[str, Any]:
        return self.employer_form(self.user(self.writer), credit_code="123", employee_count="-5")

    def find(self, data: dict[str, Any]) -> Employer:
        return Employer.objects.get(name=data["name"])


class TestEmployerPosts(EmployerRecords, PermissionCase):
    def posts(self) -> list[Post]:
        (hanbin_employer,) = self.make(self.world.hanbin_union, 1)
        return [
            Post(resolve_url("core:employer_create"), "core.employer.create", self.employer_form),
            Post(
                resolve_url("core:employer_edit", hanbin_employer),
                "core.employer.change",
                lambda user: self.employer_form(user, name=mark("改名单位")),
                target=hanbin_employer,
            ),
        ]
