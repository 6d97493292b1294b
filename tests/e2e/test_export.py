"""人员档案 → 导出 Excel downloads an .xlsx holding the listed rows (PII masked)."""

from __future__ import annotations

import openpyxl
import pytest

from tests import factories
from tests.conftest import E2E

pytestmark = [*E2E, pytest.mark.django_db(transaction=True)]


def test_export_downloads_the_filtered_rows(world, live_server, page, tmp_path, login, shot):
    factories.person(world.hanbin_union, "王芳")
    login("hanbin_officer", page=page)
    page.get_by_role("link", name="人员档案").first.click()
    page.get_by_role("heading", name="人员档案").wait_for()
    shot(page, "export")
    with page.expect_download() as info:
        page.get_by_role("button", name="导出 Excel").click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    assert download.suggested_filename.startswith("人员档案")
    target = tmp_path / download.suggested_filename
    download.save_as(target)

    ws = openpyxl.load_workbook(target, read_only=True).active
    cells = [str(c) for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    assert "姓名" in cells and "身份证号码" in cells
    assert "张伟" in cells and "王芳" in cells
    assert "李娜" not in cells  # 石泉's person is outside 汉滨's scope
    assert world.hanbin_person.id_masked in cells  # masked unless 导出完整信息 is ticked
    full_id = world.hanbin_person.id_number
    assert full_id not in cells
