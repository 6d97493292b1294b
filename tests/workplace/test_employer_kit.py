"""The 企业台账 through the shared test cases (tests/kit.py): the employer list and the review queue
(rendered for their roles, scoped, exported, hostile queries, flat query count) and every POST
route of the part — the three review decisions, the settings and the budget lines — as each of
the five roles."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.urls import reverse

from gonghui.core import clock
from gonghui.core.models import Employer, Organization, User
from gonghui.workplace.models import MergeReview
from tests import factories
from tests.kit import ListPageCase, PermissionCase, Post, mark
from tests.workplace.fixtures_employers import code, import_rows, row

STAFF_VIEWERS = ("city_admin", "hanbin_officer", "hanbin_chair", "auditor")


class TestEmployerList(ListPageCase):
    url = "workplace:employer_list"
    model = Employer
    viewers = STAFF_VIEWERS

    def make(self, org: Organization, n: int) -> list[Any]:
        return [factories.employer(org, mark("企业"), employee_count=30) for _ in range(n)]

    def text(self, obj: Any) -> str:
        return obj.name


class Queue:
    """Reviews made as the import makes them: employers in `org`, then a department's file
    naming them under new codes (imported by the city, each row in the employer's county)."""

    world: Any

    def reviews(self, org: Organization, n: int, user: User | None = None) -> list[MergeReview]:
        county = "汉滨区" if org.path.startswith(self.world.hanbin.path) else "石泉县"
        names = [factories.employer(org, mark("同名企业")).name for _ in range(n)]
        tmp = Path(tempfile.mkdtemp(prefix="workplace-queue-"))
        rows = [row("tax", code(), name, 20, county) for name in names]
        report = import_rows(tmp, user or self.world.city_admin, "tax", rows)
        assert report.committed, report.errors
        return list(MergeReview.objects.filter(name__in=names).order_by("pk"))


class TestReviewList(Queue, ListPageCase):
    url = "workplace:review_list"
    model = MergeReview
    # A review belongs to the county its record names: a grassroots chair below sees none.
    viewers = ("city_admin", "hanbin_officer", "auditor")

    def make(self, org: Organization, n: int) -> list[Any]:
        return self.reviews(org, n)

    def text(self, obj: Any) -> str:
        return obj.name


class TestEmployerPosts(Queue, PermissionCase):
    def posts(self) -> list[Post]:
        merge, separate, reject = self.reviews(self.world.hanbin_union, 3)
        year = clock.today().year

        def url(name: str, obj: Any) -> str:
            return reverse(name, args=[obj.pk])

        def setting(user: User) -> dict[str, Any]:
            return {
                "year": str(year),
                "union_threshold": "30",
                "site_subsidy": "5000.00",
                "notice_first": "on",
                "rectify_days": "15",
                "hazard_days": "10",
            }

        return [
            Post(url("workplace:review_merge", merge), "workplace.employer.review", {}, merge),
            Post(
                url("workplace:review_separate", separate),
                "workplace.employer.review",
                {"note": "两家不同单位"},
                separate,
            ),
            Post(
                url("workplace:review_reject", reject),
                "workplace.employer.review",
                {"note": "名称录错"},
                reject,
            ),
            Post(reverse("workplace:settings"), "workplace.setting.edit", setting),
            Post(
                reverse("workplace:budget_save"),
                "workplace.setting.edit",
                {"year": str(year), "line": "党工共建示范点补助", "amount": "140000"},
            ),
        ]
