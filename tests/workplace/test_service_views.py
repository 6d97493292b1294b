"""The 助企行 pages as users see them: a need's page shows its history, the suggested squads
with their reasons to whoever may assign, and only the buttons the user may use; the forms
show Chinese errors and write nothing on bad input; lists filter; squads are built on pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gonghui.workplace.models import Need, NeedStatus, Squad, SquadMember
from tests import factories
from tests.kit import Unchanged, flashed, form_errors, page_text, signed_in
from tests.workplace.fixtures_service import (
    NOW,
    advance,
    enterprise,
    file_need,
    frozen,
    model_worker,
    squad,
    staffed_squad,
)

pytestmark = pytest.mark.usefixtures("frozen")
__all__ = ["enterprise", "frozen"]
TODAY = NOW.date()


def detail(need: Need) -> str:
    return reverse("workplace:need_detail", args=[need.pk])


def test_the_city_admin_sees_three_suggestions_with_reasons_and_others_see_none(world, enterprise):
    for n in range(4):
        staffed_squad(world, name=f"分队{'甲乙丙丁'[n]}")
    need = file_need(world, enterprise)
    page = signed_in(world.city_admin).get(detail(need)).content.decode()
    assert page.count('class="small suggestion-reason"') == 3
    assert "1名成员专长为机械制造（最高为市级劳模）；服务领域含机械制造；在办点单0件" in page
    assert "派给该分队" in page
    for user in (world.hanbin_officer, world.hanbin_chair, world.auditor):
        text = page_text(signed_in(user).get(detail(need)))
        assert "派给该分队" not in text and "推荐1" not in text, user


@pytest.mark.parametrize(
    ("state", "who", "shown", "hidden"),
    [
        ("filed", "hanbin_chair", ["撤回点单"], ["分队接单（", "确认服务", "登记服务成效"]),
        ("filed", "auditor", [], ["撤回点单", "分队接单（", "确认服务", "派给该分队"]),
        (
            "assigned",
            "hanbin_officer",
            ["分队接单（", "退单", "撤回点单"],
            ["确认服务", "派单说明"],
        ),
        ("assigned", "hanbin_chair", ["撤回点单"], ["退单", "登记上门服务"]),
        ("accepted", "hanbin_officer", ["登记上门服务", "登记服务成效"], ["确认服务"]),
        ("done", "hanbin_chair", ["企业确认服务并评价"], ["撤回点单", "登记服务成效"]),
        ("confirmed", "hanbin_officer", ["5星"], ["确认服务", "撤回", "分队接单（"]),
    ],
)
def test_a_need_page_shows_only_the_buttons_the_user_may_use(
    world, enterprise, state, who, shown, hidden
):
    need = file_need(world, enterprise, user=world.hanbin_chair)
    if state != "filed":
        need = advance(world, need, state)
    text = page_text(signed_in(getattr(world, who)).get(detail(need)))
    for word in shown:
        assert word in text, f"{who} on a {state} need misses {word}"
    for word in hidden:
        assert word not in text, f"{who} on a {state} need sees {word}"


def test_the_history_lists_every_step_with_who_and_the_decline_reason(world, enterprise):
    need = advance(world, file_need(world, enterprise), "assigned")
    client = signed_in(world.hanbin_officer)
    client.post(reverse("workplace:need_decline", args=[need.pk]), {"reason": "成员外出"})
    text = page_text(client.get(detail(need)))
    for words in ("企业点单", "总队派单", "分队退单", "成员外出", "hanbin_officer", "city_admin"):
        assert words in text
    assert Need.objects.get(pk=need.pk).status == NeedStatus.FILED


def test_a_chair_files_on_the_page_for_their_own_enterprise(world, enterprise):
    client = signed_in(world.hanbin_chair)
    url = reverse("workplace:need_create")
    assert "点单企业： 安康汉江机械制造有限公司 （本单位）" in page_text(client.get(url))
    state = Unchanged()
    bad = client.post(url, {"kind": "", "field": "", "title": "", "description": ""})
    assert bad.status_code == 200 and form_errors(bad)
    assert not state.changes()
    response = client.post(
        url,
        {
            "kind": "management",
            "field": "management",
            "urgency": "critical",
            "title": "精益生产管理",
            "description": "库存积压",
        },
    )
    need = Need.objects.get()
    assert response.url == detail(need)
    assert (need.employer, need.org, need.urgency) == (enterprise, world.hanbin_union, "critical")


def test_an_officer_names_the_enterprise_by_code_or_name_within_their_county(world, enterprise):
    client = signed_in(world.hanbin_officer)
    url = reverse("workplace:need_create")
    data = {"kind": "technical", "field": "it", "title": "网络改造", "description": "断网"}
    far = factories.employer(world.shiquan, "石泉县某公司")
    state = Unchanged()
    for typed, message in (
        (far.credit_code, f"您的管辖范围内没有统一社会信用代码为{far.credit_code}的用人单位"),
        ("石泉县某公司", "您的管辖范围内没有名称为“石泉县某公司”的用人单位"),
        ("没有这家公司", "您的管辖范围内没有名称为“没有这家公司”的用人单位"),
    ):
        assert message in form_errors(client.post(url, {**data, "employer": typed}))
    assert not state.changes()
    for typed in (enterprise.name, enterprise.credit_code.lower()):
        response = client.post(url, {**data, "employer": typed})
        assert response.status_code == 302, form_errors(response)
    assert Need.objects.filter(employer=enterprise).count() == 2


def test_refusals_on_the_need_page_are_shown_in_chinese_and_change_nothing(world, enterprise):
    assigned = advance(world, file_need(world, enterprise), "assigned")
    done = advance(world, file_need(world, enterprise), "done")
    accepted = advance(world, file_need(world, enterprise), "accepted")
    officer, chair = signed_in(world.hanbin_officer), signed_in(world.hanbin_chair)
    state = Unchanged()
    cases = [
        (officer, "need_decline", assigned, {"reason": ""}, "请填写退单原因"),
        (chair, "need_confirm", done, {"rating": "9"}, "企业评价须为1至5星"),
        (
            officer,
            "need_outcome",
            accepted,
            {"outcome": "training", "trained": "", "note": "培训", "done_on": TODAY},
            "开展培训须填写培训人数",
        ),
        (officer, "need_accept", done, {}, "当前为“已服务”，不能接单"),
    ]
    for client, name, need, data, words in cases:
        response = client.post(reverse(f"workplace:{name}", args=[need.pk]), data)
        assert response.status_code == 302
        assert any(words in m for m in flashed(response)), (name, flashed(response))
    assert not state.changes(), state.changes()


def test_another_countys_need_and_squad_are_not_found(world):
    far_need = file_need(world, factories.employer(world.shiquan), user=world.shiquan_officer)
    far_squad = squad(world, world.shiquan, name="石泉队")
    client = signed_in(world.hanbin_officer)
    assert client.get(detail(far_need)).status_code == 404
    assert client.get(reverse("workplace:squad_detail", args=[far_squad.pk])).status_code == 404
    response = client.post(reverse("workplace:need_withdraw", args=[far_need.pk]), {"reason": "x"})
    assert response.status_code == 404


def test_the_need_list_searches_and_filters(world, enterprise):
    a = file_need(world, enterprise, title="电气柜过热", field="electric")
    b = advance(world, file_need(world, enterprise, title="ERP选型", field="it"), "assigned")
    client = signed_in(world.hanbin_officer)
    url = reverse("workplace:need_list")

    def shown(query: str) -> set[str]:
        text = page_text(client.get(url + query))
        return {n.title for n in (a, b) if n.title in text}

    assert shown("") == {"电气柜过热", "ERP选型"}
    assert shown("?status=assigned") == {"ERP选型"}
    assert shown("?field=electric") == {"电气柜过热"}
    assert shown("?urgency=normal") == set()
    assert shown(f"?q={a.number}") == {"电气柜过热"}


def test_a_squad_is_built_on_its_pages(world):
    client = signed_in(world.hanbin_officer)
    response = client.post(
        reverse("workplace:squad_create"),
        {"org": world.hanbin.pk, "name": "汉滨电气分队", "areas": ["electric", "safety"]},
    )
    made = Squad.objects.get(name="汉滨电气分队")
    assert response.url == reverse("workplace:squad_detail", args=[made.pk])
    assert made.fields == ["electric", "safety"] and made.org == world.hanbin
    mw = model_worker(world, world.hanbin_union, "孙电工")
    add = reverse("workplace:squad_member_add", args=[made.pk])
    response = client.post(add, {"who": "不存在的人", "skills": ["electric"]})
    assert any("劳模名册中没有“不存在的人”" in m for m in flashed(response))
    client.post(add, {"who": mw.person.id_number, "skills": ["electric"], "specialty": "高压"})
    text = page_text(client.get(reverse("workplace:squad_detail", args=[made.pk])))
    assert "孙电工" in text and "电气电力" in text and "高压" in text
    member = SquadMember.objects.get()
    client.post(reverse("workplace:squad_member_remove", args=[member.pk]))
    assert not SquadMember.objects.exists()
    blank = client.post(reverse("workplace:squad_create"), {"org": "", "name": "", "areas": []})
    assert {"请选择分队所属工会", "请填写分队名称"} <= set(form_errors(blank))
