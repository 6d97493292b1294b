"""In a browser (Debian Chromium): an enterprise need from 点单 to the enterprise's 确认 — the
union chair files it for their enterprise → the city admin sees three suggested squads with
their reasons and assigns the first → a county officer accepts, records a visit and the outcome
(training, 30 trained) → the chair confirms and rates it 5 stars."""

from __future__ import annotations

from gonghui.workplace.models import Need, NeedStatus
from tests.conftest import E2E
from tests.workplace.fixtures_service import enterprise, model_worker, squad

pytestmark = E2E
__all__ = ["enterprise"]


def _squads(world):
    """Four city squads: 数控 fits best (two machinery members), then 装备, then 综合."""
    mw = [
        model_worker(world, world.hanbin_union, name, honor)
        for name, honor in (
            ("王建国", "陕西省劳动模范"),
            ("李秀英", "安康市劳动模范"),
            ("张卫东", "安康市劳动模范"),
            ("刘芳", "安康市劳动模范"),
            ("陈涛", "安康市劳动模范"),
        )
    ]
    machinery = ["machinery"]
    squad(
        world,
        name="数控技术服务分队",
        fields=["machinery", "electric"],
        members=[(mw[0], machinery), (mw[1], ["machinery", "electric"])],
    )
    squad(world, name="装备制造服务分队", fields=["machinery"], members=[(mw[2], machinery)])
    squad(world, name="综合服务分队", fields=["management"], members=[(mw[3], machinery)])
    squad(world, name="信息化服务分队", fields=["it"], members=[(mw[4], ["it"])])


def test_a_need_from_order_to_the_enterprises_confirmation(
    world, enterprise, live_server, login, shot
):
    url = live_server.url
    _squads(world)

    chair = login("hanbin_chair")
    chair.goto(f"{url}/workplace/needs/new/")
    assert "安康汉江机械制造有限公司" in chair.inner_text("#need-employer")
    chair.select_option("select[name=kind]", "technical")
    chair.select_option("select[name=field]", "machinery")
    chair.select_option("select[name=urgency]", "urgent")
    chair.fill("input[name=title]", "数控机床主轴异响")
    chair.fill("textarea[name=description]", "主轴高速运转时异响，加工精度下降，急需技术指导")
    chair.fill("input[name=contact]", "王工 13800000000")
    shot(chair, "workplace-need-file")
    chair.click("main button[type=submit]")
    chair.wait_for_selector("#need-status:text('待派单')")
    need = Need.objects.get()
    assert need.org == world.hanbin_union

    admin = login("city_admin")
    admin.goto(f"{url}/workplace/needs/{need.pk}/")
    suggestions = admin.locator("#suggestions > li")
    assert suggestions.count() == 3
    names = admin.locator("#suggestions .suggestion-name").all_inner_texts()
    assert names == ["数控技术服务分队", "装备制造服务分队", "综合服务分队"]
    first_reason = admin.locator("#suggestions .suggestion-reason").first.inner_text()
    assert first_reason == (
        "2名成员专长为机械制造（最高为省级劳模）；服务领域含机械制造；在办点单0件"
    )
    shot(admin, "workplace-need-assign")
    suggestions.first.get_by_role("button", name="派给该分队").click()
    admin.locator("#confirm-modal-ok").click()
    admin.wait_for_selector("#need-status:text('已派单')")
    assert "数控技术服务分队" in admin.inner_text("#need-squad")

    officer = login("hanbin_officer")
    officer.goto(f"{url}/workplace/needs/{need.pk}/")
    officer.locator("#handle").get_by_role("button", name="接单").click()
    officer.wait_for_selector("#need-status:text('已接单')")
    officer.fill("#visit input[name=note]", "上门诊断：主轴轴承磨损")
    officer.locator("#visit").get_by_role("button", name="登记").click()
    officer.wait_for_selector("#need-steps :text('上门诊断：主轴轴承磨损')")
    officer.select_option("#outcome select[name=outcome]", "training")
    officer.fill("#outcome input[name=trained]", "30")
    officer.fill("#outcome input[name=note]", "更换轴承并开展数控维修培训")
    shot(officer, "workplace-need-outcome")
    officer.locator("#outcome").get_by_role("button", name="服务完成").click()
    officer.locator("#confirm-modal-ok").click()
    officer.wait_for_selector("#need-status:text('已服务')")
    assert "培训30人" in officer.inner_text("#need-outcome")

    chair.goto(f"{url}/workplace/needs/{need.pk}/")
    chair.check("#rating-5")
    chair.fill("#confirm input[name=comment]", "响应及时，问题彻底解决")
    chair.locator("#confirm").get_by_role("button", name="确认服务").click()
    chair.wait_for_selector("#need-status:text('企业已确认')")
    assert "5星" in chair.inner_text("#need-rating")
    steps = chair.locator("#need-steps > li strong").all_inner_texts()
    assert steps == ["企业点单", "总队派单", "分队接单", "上门服务", "服务完成", "企业确认"]
    shot(chair, "workplace-need-confirmed")
    need.refresh_from_db()
    assert (need.status, need.rating, need.trained) == (NeedStatus.CONFIRMED, 5, 30)

    admin.goto(f"{url}/workplace/needs/")
    assert admin.locator("#list-results tbody tr").count() == 1
    shot(admin, "workplace-need-list")
    admin.goto(f"{url}/workplace/squads/")
    shot(admin, "workplace-squad-list")
    admin.get_by_role("link", name="数控技术服务分队").click()
    admin.wait_for_selector("#squad-members")
    assert "王建国" in admin.inner_text("#squad-members")
    shot(admin, "workplace-squad-detail")

    # A new squad built on its pages: fields ticked, a member added from the registry.
    admin.goto(f"{url}/workplace/squads/new/")
    admin.select_option("select[name=org]", label="汉滨区总工会")
    admin.fill("input[name=name]", "汉滨安全生产服务分队")
    admin.check("#squad-fields >> text=安全生产")
    admin.check("#squad-fields >> text=电气电力")
    shot(admin, "workplace-squad-form")
    admin.click("main button[type=submit]")
    admin.wait_for_selector("#squad-members")
    admin.fill("#member-add input[name=who]", "陈涛")
    admin.check("#member-add >> text=安全生产")
    admin.fill("#member-add input[name=specialty]", "隐患排查")
    admin.locator("#member-add").get_by_role("button", name="加入分队").click()
    admin.wait_for_selector("#squad-members :text('隐患排查')")
    assert "安全生产、电气电力" not in admin.inner_text("#squad-facts")
    assert "电气电力、安全生产" in admin.inner_text("#squad-facts")
