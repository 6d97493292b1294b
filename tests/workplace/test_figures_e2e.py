"""In a browser (Debian Chromium): the city's officer opens 企业工作统计, reads the counties side
by side, picks 石泉县 in the organization tree and a year, and downloads the workbook."""

from __future__ import annotations

from tests.conftest import E2E
from tests.kit import pick_org
from tests.workplace.figures_scene import YEAR, build

pytestmark = E2E


def test_pick_a_county_and_a_year_then_download_the_workbook(world, live_server, login, shot):
    build(world)
    url = live_server.url
    city = login("city_admin")
    city.goto(f"{url}/workplace/figures/?year={YEAR}")
    assert city.inner_text("#fig-recovered") == "165,000.50 元"
    assert city.inner_text("#fig-employers") == "7 家"
    row = city.locator("#by-county-organizing tr[data-figure=employers] td")
    assert row.all_inner_texts()[:3] == ["7", "5", "0"]  # 合计, 汉滨区, 汉阴县
    shot(city, "workplace-figures-city")

    pick_org(city, "统计范围", "石泉县总工会")
    city.select_option("select[name=year]", str(YEAR))
    with city.expect_navigation():
        city.click("#figure-filters button[type=submit]")
    assert city.inner_text("#fig-recovered") == "135,000.00 元"
    assert city.locator("#by-county-organizing").count() == 0  # no county below 石泉
    assert "石泉县总工会（含下级）2025年" in city.inner_text("#figure-scope")
    shot(city, "workplace-figures-shiquan")

    with city.expect_download() as download:
        city.click("#figures-export")
    assert download.value.suggested_filename == f"企业工作统计_石泉县总工会_{YEAR}年.xlsx"
