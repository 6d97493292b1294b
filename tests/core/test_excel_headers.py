"""Headers with notes in brackets after the name are the column they name."""

from __future__ import annotations

import pytest

from gonghui.core.importing import cell_text, header_key
from tests.core.test_import import UNION, pid, preview, xlsx

ANNOTATED = [
    "姓名(必填)",
    "身份证号码（18位）",
    "手机号【选填】",
    "组织（基层工会）",
    "入会日期[年-月-日]",
]


def test_a_file_with_annotated_headers_imports(world, tmp_path):
    path = xlsx(
        tmp_path / "a.xlsx", [ANNOTATED, ["王芳", pid(1), "13700001111", UNION, "2021-05-01"]]
    )
    report = preview(world, path)
    assert report.errors == [] and report.new == 1
    assert report.headers == [cell_text(h) for h in ANNOTATED] and report.ignored == []


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("身份证号码（18位）", "身份证号码"),
        ("组织（基层工会）", "组织"),
        ("姓名(必填)", "姓名"),
        ("手机号【选填】", "手机号"),
        ("入会日期[yyyy-mm-dd]", "入会日期"),
        ("入会日期［年月日］", "入会日期"),
        ("组织（基层工会(全称)）", "组织"),
        ("身份证号码（18位", "身份证号码"),
        (" 姓 名 * (必填)", "姓名"),
    ],
)
def test_bracketed_notes_are_ignored_when_matching_headers(written, name):
    assert header_key(written) == header_key(name)


def test_a_header_that_is_only_a_note_stays_visible_as_ignored(world, tmp_path):
    path = xlsx(
        tmp_path / "a.xlsx",
        [
            ["姓名", "身份证号码", "组织", "入会日期", "（备注）"],
            ["王芳", pid(1), UNION, "2021-05-01", "x"],
        ],
    )
    assert preview(world, path).ignored == ["(备注)"]
