"""The menu a chair and a worker see in the browser holds exactly their entries, and every entry
opens a page (the permission table draws the menu; the pages ask the same table)."""

from __future__ import annotations

import pytest

from tests.conftest import E2E

pytestmark = [*E2E, pytest.mark.django_db(transaction=True)]

CHAIR_MENU = {
    "首页": ["工作台"],
    "基础数据": ["组织机构", "用人单位", "人员档案", "会员关系", "数据导入", "后台任务"],
    "劳模服务": ["劳模名录", "荣誉记录", "五必访走访", "节日走访", "走访慰问统计", "劳模诉求"],
    "劳模疗休养": ["工作方案", "疗休养基地"],
    "互助保障": ["互助金申领", "参保登记", "费用缴纳", "统计与台账", "保障项目", "进度查询"],
    "困难帮扶": [
        "困难职工档案",
        "年度复核",
        "四送活动",
        "金秋助学",
        "夏送清凉",
        "春送岗位",
        "四送统计",
        "困难认定标准",
    ],
    "三新建会": [
        "企业台账",
        "待核对企业",
        "建会攻坚",
        "建会走访",
        "建会记录",
        "集中入会",
        "党工共建示范点",
    ],
    "助企行": ["企业点单", "技术服务分队"],
    "维权": ["一函两书", "调解案件", "安全检查", "法律咨询"],
    "企业工作": ["企业工作统计", "企业工作设置"],
    "系统": ["权限说明", "修改密码"],
}
WORKER_MENU = {
    "首页": ["工作台"],
    "劳模服务": ["我的劳模服务"],
    "劳模疗休养": ["我的疗休养"],
    "互助保障": ["保障项目", "我的互助保障", "申领互助金", "进度查询"],
    "困难帮扶": ["我的帮扶", "申报金秋助学"],
    "系统": ["我的信息", "修改密码"],
}


def _menu(page) -> dict[str, list[str]]:
    return page.eval_on_selector(
        "nav.gh-sidebar",
        """nav => {
            const out = {};
            let section = null;
            for (const el of nav.children) {
                if (el.classList.contains('gh-menu-section')) {
                    section = el.textContent.trim();
                    out[section] = [];
                } else {
                    for (const a of el.querySelectorAll('a')) out[section].push(a.textContent.trim());
                }
            }
            return out;
        }""",
    )


def _links(page) -> list[tuple[str, str]]:
    return page.eval_on_selector_all(
        "nav.gh-sidebar a", "as => as.map(a => [a.textContent.trim(), a.getAttribute('href')])"
    )


@pytest.mark.parametrize(
    ("username", "expected"), [("hanbin_chair", CHAIR_MENU), ("hanbin_member", WORKER_MENU)]
)
def test_menu_holds_exactly_the_roles_entries_and_each_opens(
    world, live_server, page, username, expected, login, shot
):
    login(username, page=page)
    assert _menu(page) == expected
    shot(page, f"menu-{username}")
    for label, href in _links(page):
        response = page.goto(f"{live_server.url}{href}")
        assert response is not None and response.status == 200, f"{label} ({href})"
        assert "无权访问" not in page.content(), f"{label} ({href}) refused"


def test_chair_gets_the_chinese_refusal_on_a_page_not_in_their_menu(
    world, live_server, page, login
):
    login("hanbin_chair", page=page)
    response = page.goto(f"{live_server.url}/honors/honor-types/")
    assert response is not None and response.status == 403
    assert "无权访问" in page.content()
    assert page.locator("nav.gh-sidebar").count() == 1  # the site's frame, not a bare page
