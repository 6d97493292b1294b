"""The pages of 建会入会 work through the shared cases (tests/kit.py): the lists of drives,
visits, foundings and 集中入会 (rendered for their roles, scoped, exported, hostile queries,
flat query count) and every POST route as each of the five roles."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from gonghui.core.models import Organization, User
from gonghui.workplace.models import (
    Drive,
    DriveTarget,
    Founding,
    JoinEvent,
    OrganizingVisit,
)
from gonghui.workplace.services_organizing import drive_close
from tests.kit import ListPageCase, ModelCrudCase, PermissionCase, Post, mark
from tests.workplace.fixtures_organizing import (
    DAY,
    YEAR,
    county_of,
    drive,
    employer,
    event,
    found,
    frozen,
    joiner,
    visit,
)

STAFF_VIEWERS = ("city_admin", "hanbin_officer", "hanbin_chair", "auditor")
# Drives and foundings live at the county (the chair's union does not see them).
COUNTY_VIEWERS = ("city_admin", "hanbin_officer", "auditor")
__all__ = ["frozen"]


class _Frozen:
    @pytest.fixture(autouse=True)
    def _clock(self, frozen: Any) -> None:
        pass


class TestDriveList(_Frozen, ListPageCase):
    url = "workplace:drive_list"
    model = Drive
    viewers = COUNTY_VIEWERS

    def make(self, org: Organization, n: int) -> list[Drive]:
        county = county_of(self.world, org)
        return [
            drive(self.world, org=county, name=mark("攻坚"), employers=[employer(county)])
            for _ in range(n)
        ]

    def text(self, obj: Drive) -> str:
        return obj.name


class TestDriveForms(_Frozen, ModelCrudCase):
    model = Drive
    list_url = "workplace:drive_list"
    create_url = "workplace:drive_new"
    edit_url = "workplace:drive_edit"
    detail_url = "workplace:drive_detail"

    def form_data(self) -> dict[str, Any]:
        return {
            "org": str(self.world.hanbin.pk),
            "name": mark("攻坚"),
            "year": str(YEAR),
            "officer": str(self.world.hanbin_officer.pk),
            "starts_on": f"{YEAR}-03-01",
            "ends_on": f"{YEAR}-10-31",
            "codes": employer(self.world.hanbin).credit_code,
            "note": "",
        }

    def edit_data(self, obj: Drive) -> dict[str, Any]:
        return {**self.form_data(), "name": mark("改名"), "codes": ""}

    def invalid_data(self) -> dict[str, Any]:
        fields = ("org", "name", "year", "officer", "starts_on", "ends_on", "codes", "note")
        return dict.fromkeys(fields, "")

    def make(self, org: Organization, n: int) -> list[Drive]:
        county = county_of(self.world, org)
        return [drive(self.world, org=county, name=mark("攻坚")) for _ in range(n)]

    def text(self, obj: Drive) -> str:
        return obj.name


class TestVisitList(_Frozen, ListPageCase):
    url = "workplace:organizing_visit_list"
    model = OrganizingVisit
    viewers = STAFF_VIEWERS

    def make(self, org: Organization, n: int) -> list[OrganizingVisit]:
        return [visit(self.world, employer(org), note=mark("走访")) for _ in range(n)]

    def text(self, obj: OrganizingVisit) -> str:
        return obj.note


class TestFoundingList(_Frozen, ListPageCase):
    url = "workplace:founding_list"
    model = Founding
    viewers = COUNTY_VIEWERS

    def make(self, org: Organization, n: int) -> list[Founding]:
        county = county_of(self.world, org)
        return [found(self.world, employer(county, mark("建会企业"))) for _ in range(n)]

    def text(self, obj: Founding) -> str:
        return obj.employer.name


class TestJoinEventList(_Frozen, ListPageCase):
    url = "workplace:join_event_list"
    model = JoinEvent
    viewers = STAFF_VIEWERS

    def make(self, org: Organization, n: int) -> list[JoinEvent]:
        region = "610922" if county_of(self.world, org) == self.world.shiquan else "610902"
        return [
            event(self.world, [joiner(region=region)], union=org, org=org, title=mark("入会"))
            for _ in range(n)
        ]

    def text(self, obj: JoinEvent) -> str:
        return obj.title


class TestOrganizingPosts(_Frozen, PermissionCase):
    def posts(self) -> list[Post]:
        w = self.world
        county = w.hanbin
        d = drive(w, employers=[employer(county)], name=mark("攻坚"))
        closed = drive(w, name=mark("攻坚"))
        drive_close(user=w.hanbin_officer, drive=closed)
        removable = DriveTarget.objects.get(drive=drive(w, employers=[employer(county)]))
        adding, for_drive, for_visit, for_founding = (
            employer(county),
            employer(county),
            employer(w.hanbin_union),
            employer(county),
        )
        ev = event(w, [joiner()])
        day = str(DAY)

        def drive_form(u: User) -> dict[str, Any]:
            return {
                "org": str(county.pk),
                "name": mark("攻坚"),
                "year": str(YEAR),
                "officer": str(w.hanbin_officer.pk),
                "starts_on": f"{YEAR}-03-01",
                "ends_on": f"{YEAR}-10-31",
                "codes": for_drive.credit_code,
            }

        def edit_form(u: User) -> dict[str, Any]:
            return {**drive_form(u), "name": mark("改名"), "codes": ""}

        def visit_form(u: User) -> dict[str, Any]:
            return {
                "credit_code": for_visit.credit_code,
                "visited_on": day,
                "visitors": "走访组",
                "outcome": "follow_up",
            }

        def founding_form(u: User) -> dict[str, Any]:
            return {
                "credit_code": for_founding.credit_code,
                "parent": str(county.pk),
                "name": mark("工会"),
                "meeting_on": day,
                "chair_name": "赵建国",
                "attendees": "20",
                "members": "18",
            }

        def joiners(u: User) -> dict[str, Any]:
            j = joiner()
            return {"j0_name": j.name, "j0_id": j.id_number, "j0_form": "rider"}

        def event_form(u: User) -> dict[str, Any]:
            return {
                "org": str(county.pk),
                "union": str(w.hanbin_union.pk),
                "title": mark("入会"),
                "held_on": day,
                **joiners(u),
            }

        def url(name: str, *args: Any) -> str:
            return reverse(f"workplace:{name}", args=args)

        return [
            Post(url("drive_new"), "workplace.drive.manage", drive_form),
            Post(url("drive_edit", d.pk), "workplace.drive.manage", edit_form, target=d),
            Post(
                url("drive_targets_add", d.pk),
                "workplace.drive.manage",
                {"codes": adding.credit_code},
                target=d,
            ),
            Post(
                url("drive_target_remove", removable.pk),
                "workplace.drive.manage",
                {},
                target=removable,
            ),
            Post(url("drive_close", d.pk), "workplace.drive.manage", {}, target=d),
            Post(url("drive_reopen", closed.pk), "workplace.drive.manage", {}, target=closed),
            Post(url("organizing_visit_new"), "workplace.visit.record", visit_form),
            Post(url("founding_new"), "workplace.union.found", founding_form),
            Post(url("join_event_new"), "workplace.join_event.record", event_form),
            Post(
                url("join_event_detail", ev.pk), "workplace.join_event.record", joiners, target=ev
            ),
        ]
