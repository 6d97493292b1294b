"""Browser (Debian Chromium): an officer issues a 提示函 from the list page, downloads its PDF —
rendered with pdftoppm and its text checked — records the employer's reply and a worker's
recovered wages, then issues the 意见书 that follows it."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import time_machine

from gonghui.workplace.models import Letter
from tests.conftest import E2E
from tests.workplace.fixtures_letters import employer

pytestmark = [
    *E2E,
    pytest.mark.skipif(not shutil.which("pdftoppm"), reason="未安装 poppler-utils"),
]


@time_machine.travel(dt.datetime(2026, 9, 28, 2, 0, tzinfo=dt.UTC), tick=True)
def test_a_notice_from_the_form_to_its_pdf_and_the_opinion_after_it(
    world, live_server, login, shot, tmp_path
):
    employer(world.hanbin_union, "安康市汉滨区鑫源建筑工程有限公司")
    page = login("hanbin_officer")
    page.goto(f"{live_server.url}/workplace/letters/")
    page.get_by_role("link", name="发出提示函").click()
    page.get_by_label("用人单位").fill("安康市汉滨区鑫源建筑工程有限公司")
    page.get_by_label("违法情形").select_option("wage_arrears")
    page.get_by_label("查明事实").fill("2026年7月至8月拖欠一线施工人员工资")
    page.get_by_label("整改要求").fill("立即足额支付所欠工资")
    page.get_by_label("涉及欠薪金额（元）").fill("135000")
    page.get_by_label("涉及职工人数").fill("23")
    shot(page, "letters-form")
    page.get_by_role("button", name="发出文书").click()
    page.wait_for_selector("text=已发出提示函汉滨工监提〔2026〕1号")
    assert "2026-10-23" in page.locator("#letter-deadline").inner_text()

    with page.expect_download() as dl:
        page.click("#letter-pdf")
    pdf = tmp_path / "notice.pdf"
    dl.value.save_as(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-singlefile", str(pdf), str(tmp_path / "notice")],
        check=True,
    )
    shutil.copy(tmp_path / "notice.png", "/tmp/e2e-letters-notice-pdf.png")
    assert Path(tmp_path / "notice.png").stat().st_size > 10_000
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True)
    flat = re.sub(r"\s+", "", text.stdout.decode())
    for part in ("汉滨工监提〔2026〕1号", "安康市汉滨区鑫源建筑工程有限公司：", "2026年10月23日前"):
        assert part in flat, flat

    reply = page.locator("#reply-form")
    reply.get_by_label("单位回复").fill("承诺国庆后补发")
    reply.get_by_role("button", name="登记回复").click()
    page.wait_for_selector("text=已登记单位回复")
    recovery = page.locator("#recovery-form")
    recovery.get_by_label("职工姓名").fill("王强")
    recovery.get_by_label("被拖欠金额（元）").fill("8000")
    recovery.get_by_label("追回金额（元）").fill("9000")
    recovery.get_by_role("button", name="登记追回").click()
    page.wait_for_selector("text=追回金额9,000.00 元超过王强被拖欠的8,000.00 元")
    recovery = page.locator("#recovery-form")
    recovery.get_by_label("职工姓名").fill("王强")
    recovery.get_by_label("被拖欠金额（元）").fill("8000")
    recovery.get_by_label("追回金额（元）").fill("8000")
    recovery.get_by_role("button", name="登记追回").click()
    page.wait_for_selector("text=已登记王强追回欠薪")
    assert "尚余127,000.00 元" in page.locator("#recovery-outstanding").inner_text()
    shot(page, "letters-detail")

    page.get_by_role("link", name="发出意见书").click()
    page.get_by_label("查明事实").fill("截至期限仍拖欠127,000元")
    page.get_by_label("整改要求").fill("十日内付清")
    page.get_by_role("button", name="发出文书").click()
    page.wait_for_selector("text=已发出意见书汉滨工监意〔2026〕1号")
    chain = page.locator("#letter-chain").inner_text()
    assert chain.index("汉滨工监提〔2026〕1号") < chain.index("汉滨工监意〔2026〕1号")
    assert (
        Letter.objects.get(number="汉滨工监意〔2026〕1号").follows.number == "汉滨工监提〔2026〕1号"
    )
    page.goto(f"{live_server.url}/workplace/letters/")
    shot(page, "letters-list")
