"""四送 campaigns through the shared test cases (tests/kit.py): the campaign list page and every
POST route of the campaign pages as each role."""

from __future__ import annotations

import io
from typing import Any

import openpyxl

from gonghui.core import clock
from gonghui.core.models import Organization, User
from gonghui.relief.models import Campaign, DistributionList
from gonghui.relief.services_campaigns import StandardData, campaign_create
from gonghui.relief.services_lists import list_add, list_approve, list_create, list_submit
from tests.kit import ListPageCase, PermissionCase, Post, mark, resolve_url
from tests.relief.fixtures_campaigns import BUDGET, filed_case, person_in, warmth


class Campaigns:
    def make(self, org: Organization, n: int) -> list[Campaign]:
        return [
            campaign_create(
                user=self.world.city_admin,  # type: ignore[attr-defined]
                kind="warmth",
                name=mark("冬送温暖"),
                year=2025,
                org=org,
                standards=[StandardData("deep", "深度困难", "1000")],
            )
            for _ in range(n)
        ]

    def text(self, obj: Campaign) -> str:
        return obj.name


class TestCampaignList(Campaigns, ListPageCase):
    url = "relief:campaign_list"
    model = Campaign
    viewers = ("city_admin", "hanbin_officer", "hanbin_chair", "auditor")


def _xlsx(rows: list[list[Any]]) -> io.BytesIO:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号码", "对象类别", "金额", "调整原因", "物资"])
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "名单.xlsx"
    return out


class TestCampaignPosts(PermissionCase):
    """Each call of posts() builds fresh records, so every role acts on records of its own."""

    campaign: Campaign | None = None

    def _campaign(self) -> Campaign:
        if self.campaign is None:
            self.campaign = warmth(self.world)
        return self.campaign

    def _union_list(self, *, submitted: bool = False) -> DistributionList:
        """A list of 汉滨's grassroots union with one person, made by its chair."""
        w = self.world
        dlist = list_create(
            user=w.hanbin_chair, campaign=self._campaign(), org=w.hanbin_union, budget_line=BUDGET
        )
        person = person_in(w.hanbin_union, mark("职工"))
        list_add(user=w.hanbin_chair, dlist=dlist, person=person, group="deep")
        if submitted:
            list_submit(user=w.hanbin_chair, dlist=dlist)
        return dlist

    def posts(self) -> list[Post]:
        w = self.world
        campaign = self._campaign()
        union = w.hanbin_union

        def campaign_form(user: User) -> dict[str, Any]:
            return {
                "kind": "warmth",
                "name": mark("活动"),
                "year": "2025",
                "org": str(user.organization_id),
                "s0_group": "deep",
                "s0_amount": "1000",
            }

        draft = self._union_list()
        newcomer = person_in(union, mark("新人"))
        ledger = self._union_list()
        filed_case(person_in(union, mark("困难职工")), "deep")
        to_submit = self._union_list()
        to_approve = self._union_list(submitted=True)
        to_return = self._union_list(submitted=True)
        removable = self._union_list().items.get()
        # 张伟-like duplicate: the same person on the union's list and on the city's own list.
        dup = self._union_list().items.get()
        city = list_create(user=w.city_admin, campaign=campaign, org=w.city, budget_line=BUDGET)
        list_add(user=w.city_admin, dlist=city, person=dup.person, group="relative")
        signable = self._union_list(submitted=True)
        list_approve(user=w.hanbin_officer, dlist=signable)
        item = signable.items.get()
        importable = self._union_list()
        imported = person_in(union, mark("导入"))
        own = warmth(w, org=w.hanbin, name=mark("汉滨活动"))
        return [
            Post(resolve_url("relief:campaign_new"), "relief.campaign.create", campaign_form),
            Post(
                resolve_url("relief:campaign_status", own),
                "relief.campaign.change",
                target=own,
            ),
            Post(
                resolve_url("relief:campaign_detail", campaign),
                "relief.list.submit",
                {"org": str(union.pk), "budget_line": BUDGET},
                target=union,
            ),
            Post(
                resolve_url("relief:list_add", draft),
                "relief.list.submit",
                {"id_number": newcomer.id_number, "group": "relative"},
                target=draft,
            ),
            Post(
                resolve_url("relief:list_generate", ledger),
                "relief.list.submit",
                {"groups": ["deep"]},
                target=ledger,
            ),
            Post(
                resolve_url("relief:list_import", importable),
                "relief.list.submit",
                lambda user: {
                    "upload": _xlsx([[imported.name, imported.id_number, "深度困难", "", "", ""]])
                },
                target=importable,
            ),
            Post(
                resolve_url("relief:list_submit", to_submit),
                "relief.list.submit",
                {"confirm": "on"},
                target=to_submit,
            ),
            Post(
                resolve_url("relief:list_approve", to_approve),
                "relief.list.approve",
                {"confirm": "on"},
                target=to_approve,
            ),
            Post(
                resolve_url("relief:list_return", to_return),
                "relief.list.return",
                {"reason": "材料不全"},
                target=to_return,
            ),
            Post(
                resolve_url("relief:item_remove", removable),
                "relief.list.submit",
                target=removable,
            ),
            Post(
                resolve_url("relief:item_resolve", dup),
                "relief.duplicate.resolve",
                {"note": "由市总慰问"},
                target=dup,
            ),
            Post(
                resolve_url("relief:item_receipt", item),
                "relief.list.receipt",
                {
                    "signed_on": clock.today().isoformat(),
                    "proxy_name": "王强",
                    "proxy_reason": "本人住院",
                },
                target=item,
            ),
        ]
