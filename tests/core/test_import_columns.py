"""姓名, 身份证号码, 手机号 and 所属工会 are declared once (core.importing.columns) and every
importer takes them from there: a file's header that one module accepts, every module accepts."""

from __future__ import annotations

import pytest

from gonghui.core import importing
from gonghui.core.importing import columns
from gonghui.core.importing.text import header_key
from tests.core.test_import import UNION, pid, preview, xlsx

SHARED = {
    "name": columns.PERSON_NAME_NAMES,
    "id_number": columns.ID_NUMBER_NAMES,
    "phone": columns.PHONE_NAMES,
    "org": columns.ORGANIZATION_NAMES,
}

# Every name an importer accepted for these columns when each declared its own list.
ACCEPTED_BEFORE = {
    "name": ["姓名", "职工姓名", "会员姓名", "用户姓名", "劳模姓名", "参保人姓名"],
    "id_number": [
        "身份证号码",
        "身份证号",
        "公民身份号码",
        "居民身份证号码",
        "身份证",
        "证件号码",
        "身份证件号码",
    ],
    "phone": ["手机号", "手机号码", "手机", "联系电话", "移动电话", "联系方式"],
    "org": [
        "组织",
        "基层工会",
        "所属工会",
        "工会名称",
        "所在工会",
        "工会组织",
        "组织名称",
        "属地工会",
        "管理工会",
        "所属组织",
        "工会",
    ],
}


def shared_columns(importer: importing.Importer) -> list[tuple[str, importing.Column]]:
    """(shared list, column) for every column of the importer that answers to a shared name."""
    found = []
    for column in importer.columns:
        names = {header_key(n) for n in column.keys()}
        for kind, shared in SHARED.items():
            if names & {header_key(n) for n in shared}:
                found.append((kind, column))
    return found


def test_the_shared_lists_keep_every_name_accepted_before():
    for kind, names in ACCEPTED_BEFORE.items():
        assert set(names) <= set(SHARED[kind]), kind


@pytest.mark.parametrize("key", sorted(importing.importers()))
def test_every_importer_takes_the_shared_columns_with_their_one_list(key):
    importer = importing.get_importer(key)
    for kind, column in shared_columns(importer):
        assert column.key == kind, (key, column.header)
        assert {column.header, *column.aliases} == set(SHARED[kind]), (key, column.header)


@pytest.mark.parametrize("key", sorted(importing.importers()))
def test_no_header_answers_to_two_columns_of_one_importer(key):
    seen: dict[str, str] = {}
    for column in importing.get_importer(key).columns:
        for k in column.keys():
            assert seen.setdefault(k, column.key) == column.key, (key, k)


def test_importers_with_persons_all_use_the_shared_name_and_id_columns():
    for key in ("persons", "users", "model_workers", "aid_enrollments", "provincial_trips"):
        kinds = {kind for kind, _ in shared_columns(importing.get_importer(key))}
        assert {"name", "id_number"} <= kinds, key


def test_a_column_names_its_header_only_from_its_list():
    with pytest.raises(ValueError):
        columns.organization_column(header="单位")


def test_a_name_another_module_used_now_imports_persons(world, tmp_path):
    head = ["参保人姓名", "居民身份证号码", "联系方式", "属地工会", "入会日期"]
    path = xlsx(tmp_path / "a.xlsx", [head, ["王芳", pid(1), "13700001111", UNION, "2021-05-01"]])
    report = preview(world, path)
    assert report.errors == [] and report.new == 1


def test_the_importers_own_header_wins_over_an_alias_of_the_same_column(world, tmp_path):
    head = ["姓名", "身份证号码", "基层工会", "组织", "入会日期"]
    path = xlsx(tmp_path / "a.xlsx", [head, ["王芳", pid(1), "不存在的工会", UNION, "2021-05-01"]])
    report = preview(world, path)
    assert report.errors == [] and report.new == 1
    assert report.ignored == ["基层工会"]
    assert report.headers == ["姓名", "身份证号码", "组织", "入会日期"]
