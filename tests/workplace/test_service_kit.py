"""劳模工匠助企行 through the shared test cases (tests/kit.py): the 企业点单 and 技术服务分队 list
pages (rendered for their roles, scoped, exported, hostile queries, flat query count) and every
POST route of the need and squad pages as each of the five roles."""

from __future__ import annotations

from typing import Any

from gonghui.core import clock
from gonghui.core.models import Organization, User
from gonghui.workplace import services_service as services
from gonghui.workplace.models import Need, Squad
from tests import factories
from tests.kit import ListPageCase, PermissionCase, Post, mark, resolve_url
from tests.workplace.fixtures_service import (
    advance,
    file_need,
    link_employer,
    model_worker,
    squad,
    staffed_squad,
)


class Needs:
    def make(self, org: Organization, n: int) -> list[Need]:
        w = self.world  # type: ignore[attr-defined]
        user = w.shiquan_officer if org.path.startswith(w.shiquan.path) else w.hanbin_officer
        employer = factories.employer(org)
        return [file_need(w, employer, user=user, title=mark("点单")) for _ in range(n)]

    def text(self, obj: Need) -> str:
        return obj.title


class TestNeedList(Needs, ListPageCase):
    url = "workplace:need_list"
    model = Need
    viewers = ("city_admin", "hanbin_officer", "hanbin_chair", "auditor")


class Squads:
    def make(self, org: Organization, n: int) -> list[Squad]:
        county = org.parent
        assert county is not None
        return [squad(self.world, county, name=mark("分队")) for _ in range(n)]  # type: ignore[attr-defined]

    def text(self, obj: Squad) -> str:
        return obj.name


class TestSquadList(Squads, ListPageCase):
    url = "workplace:squad_list"
    model = Squad
    viewers = ("city_admin", "hanbin_officer", "auditor")


class TestServicePosts(PermissionCase):
    """Each call of posts() builds fresh records, so every role acts on records of its own."""

    def posts(self) -> list[Post]:
        w = self.world
        own = w.hanbin_union.employer or link_employer(w.hanbin_union, "一中校办工厂")
        today = clock.today().isoformat()

        def need(to: str = "filed") -> Need:
            filed = file_need(w, own, title=mark("点单"))
            return filed if to == "filed" else advance(w, filed, to)

        def need_form(user: User) -> dict[str, Any]:
            data = {
                "kind": "technical",
                "field": "machinery",
                "urgency": "normal",
                "title": mark("点单"),
                "description": "设备老化",
            }
            if user.role != "grassroots_chair":
                data["employer"] = own.credit_code
            return data

        def squad_form(user: User) -> dict[str, Any]:
            return {
                "org": str(user.organization_id),
                "name": mark("分队"),
                "areas": ["it"],
                "is_active": "on",
            }

        target = staffed_squad(w, w.hanbin)
        to_assign, to_accept, to_decline = need(), need("assigned"), need("assigned")
        to_visit, to_finish = need("accepted"), need("accepted")
        to_confirm, to_withdraw = need("done"), need()
        editable = squad(w, w.hanbin, name=mark("分队"))
        newcomer = model_worker(w, w.hanbin_union, mark("劳模"))
        leaving = services.squad_member_add(
            user=w.hanbin_officer,
            squad=editable,
            model_worker=model_worker(w, w.hanbin_union, mark("劳模")),
            skills=["it"],
        )

        def url(name: str, obj: Any) -> str:
            return resolve_url(f"workplace:{name}", obj)

        return [
            Post(resolve_url("workplace:need_create"), "workplace.need.file", need_form),
            Post(
                url("need_assign", to_assign),
                "workplace.need.assign",
                {"squad": str(target.pk)},
                target=to_assign,
            ),
            Post(url("need_accept", to_accept), "workplace.need.handle", target=to_accept),
            Post(
                url("need_decline", to_decline),
                "workplace.need.handle",
                {"reason": "人手不足"},
                target=to_decline,
            ),
            Post(
                url("need_visit", to_visit),
                "workplace.need.handle",
                {"visited_on": today, "note": "现场查看"},
                target=to_visit,
            ),
            Post(
                url("need_outcome", to_finish),
                "workplace.need.handle",
                {"outcome": "suggestion", "note": "提出改进建议", "done_on": today},
                target=to_finish,
            ),
            Post(
                url("need_confirm", to_confirm),
                "workplace.need.confirm",
                {"rating": "5", "comment": "满意"},
                target=to_confirm,
            ),
            Post(
                url("need_withdraw", to_withdraw),
                "workplace.need.file",
                {"reason": "已自行解决"},
                target=to_withdraw,
            ),
            Post(resolve_url("workplace:squad_create"), "workplace.squad.manage", squad_form),
            Post(
                url("squad_edit", editable),
                "workplace.squad.manage",
                lambda user: {"name": mark("分队"), "areas": ["safety"], "is_active": "on"},
                target=editable,
            ),
            Post(
                url("squad_member_add", editable),
                "workplace.squad.manage",
                {"who": newcomer.person.name, "skills": ["it", "safety"]},
                target=editable,
            ),
            Post(
                url("squad_member_remove", leaving),
                "workplace.squad.manage",
                target=leaving,
            ),
        ]
