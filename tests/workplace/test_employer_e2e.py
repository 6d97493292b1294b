"""In a browser (Debian Chromium): a county officer uploads a 税务局 file naming an employer of
the base under another code, previews and confirms it, finds the record in 待核对企业 and merges
it after the confirmation — the page says the code was not changed."""

from __future__ import annotations

from gonghui.workplace.models import MergeReview, ReviewStatus
from tests.conftest import E2E
from tests.workplace.fixtures_employers import code, employer, row, workbook

pytestmark = E2E


def test_upload_preview_confirm_then_merge_from_the_review_queue(
    world, live_server, login, shot, tmp_path
):
    known = employer(world.hanbin_union, "安康市汉江源食品有限公司", employee_count=30)
    other = code()
    path = workbook(
        tmp_path / "税务局纳税人名录.xlsx",
        [row("tax", other, known.name, 36, "国家税务总局安康市汉滨区税务局")],
        source="tax",
    )
    url = live_server.url
    page = login("hanbin_officer")
    page.goto(f"{url}/workplace/employers/")
    page.get_by_role("link", name="导入企业台账·税务局数据").click()
    page.set_input_files("input[type=file]", str(path))
    page.locator("form button[type=submit]").last.click()
    page.wait_for_selector("text=确认导入")
    shot(page, "workplace-import-preview")
    page.get_by_role("button", name="确认导入").click()
    page.wait_for_selector("text=导入完成")

    page.goto(f"{url}/workplace/reviews/")
    page.get_by_role("link", name=known.name).click()
    assert other in page.locator("#source-record").inner_text()
    assert known.credit_code in page.locator("#candidate").inner_text()
    shot(page, "workplace-review")
    page.fill("#merge-form textarea[name=note]", "税务登记代码有误，同一企业")
    page.click("#merge-form button[type=submit]")
    assert "统一社会信用代码不会更改" in page.locator("#confirm-modal-body").inner_text()
    page.locator("#confirm-modal-ok").click()
    page.wait_for_selector(".alert-success")
    message = page.locator(".alert-success").inner_text()
    assert "统一社会信用代码未更改" in message and known.credit_code in message
    assert page.locator("#review-status").inner_text() == "已合并"
    review = MergeReview.objects.get()
    assert review.status == ReviewStatus.MERGED and review.decided_by == world.hanbin_officer
    known.refresh_from_db()
    assert known.credit_code != other and known.employee_count == 36
