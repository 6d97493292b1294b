"""劳模名录, 荣誉记录 and 荣誉类型目录 through the shared test cases (tests/kit.py)."""

from __future__ import annotations

from typing import Any

from gonghui.core.models import Organization, User
from gonghui.honors import services
from gonghui.honors.models import Honor, HonorType, ModelWorker
from tests import factories
from tests.kit import ListPageCase, ModelCrudCase, PermissionCase, Post, mark, resolve_url

STAFF = ("city_admin", "hanbin_officer", "hanbin_chair", "auditor")


class ModelWorkers:
    """People of a union holding a 安康市劳动模范 title (recorded by the 市总)."""

    def honored(self, org: Organization, n: int) -> list[Honor]:
        title = HonorType.objects.get(name="安康市劳动模范")
        return [
            services.honor_create(
                user=self.world.city_admin,  # type: ignore[attr-defined]
                person=factories.person(org, mark("劳模")),
                honor_type=title,
                year=2020,
                authority="安康市人民政府",
                doc_number="安政发〔2020〕1号",
            )
            for _ in range(n)
        ]


class TestRegistryList(ModelWorkers, ListPageCase):
    url = "honors:registry"
    model = ModelWorker
    viewers = STAFF

    def make(self, org: Organization, n: int) -> list[ModelWorker]:
        return [ModelWorker.objects.get(person=h.person) for h in self.honored(org, n)]

    def text(self, obj: ModelWorker) -> str:
        return obj.person.name


class TestHonorList(ModelWorkers, ListPageCase):
    url = "honors:honor_list"
    model = Honor
    viewers = STAFF

    def make(self, org: Organization, n: int) -> list[Honor]:
        return self.honored(org, n)

    def text(self, obj: Honor) -> str:
        assert obj.person is not None
        return obj.person.name


class TestHonorTypeForms(ModelCrudCase):
    """The catalog is the city's: the 市总 adds and changes titles."""

    model = HonorType
    list_url = "honors:honor_type_list"
    create_url = "honors:honor_type_create"
    edit_url = "honors:honor_type_edit"
    writer = "city_admin"

    def make(self, org: Organization, n: int) -> list[HonorType]:
        return [
            services.honor_type_create(
                user=self.world.city_admin,
                name=mark("荣誉"),
                collective=False,
                level=3,
                category="other",
            )
            for _ in range(n)
        ]

    def text(self, obj: HonorType) -> str:
        return obj.name

    def form_data(self) -> dict[str, Any]:
        return {
            "name": mark("荣誉"),
            "collective": "0",
            "category": "other",
            "level": "3",
            "sort": "100",
            "is_active": "on",
        }

    def edit_data(self, obj: HonorType) -> dict[str, Any]:
        return {**self.form_data(), "name": mark("改名荣誉")}


class TestHonorPosts(ModelWorkers, PermissionCase):
    def posts(self) -> list[Post]:
        person = factories.person(self.world.hanbin_union, mark("候选劳模"))
        title = HonorType.objects.get(name="安康市劳动模范")

        def honor_form(user: User) -> dict[str, Any]:
            return {
                "honor_type": str(title.pk),
                "year": "2021",
                "authority": "安康市人民政府",
                "doc_number": "安政发〔2021〕2号",
            }

        honor_type_form = {
            "collective": "0",
            "category": "other",
            "level": "3",
            "sort": "100",
            "is_active": "on",
        }
        return [
            Post(
                resolve_url("honors:honor_create") + f"?person={person.pk}",
                "honors.honor.create",
                honor_form,
                target=person,
            ),
            Post(
                resolve_url("honors:honor_type_create"),
                "honors.honor_type.create",
                lambda user: {**honor_type_form, "name": mark("荣誉")},
            ),
        ]
