"""The columns many importers share — 姓名, 身份证号码, 手机号, 所属工会 — each declared once, with
ONE list of the names a file may give it.

An importer takes its column from here and never lists aliases of its own for these: a sheet
exported by one module (or kept by a grassroots union for years) then imports into every other
one. An importer may choose which of the names is its header (an employer's union is its
属地工会, a person's the 基层工会 they belong to); the other names of the list are the aliases.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from gonghui.core.importing.declarations import Column, choice_labels
from gonghui.core.models import PersonStatus
from gonghui.core.validators import build_id_number

# The first name of each list is the usual header.
PERSON_NAME_NAMES = ("姓名", "职工姓名", "会员姓名", "用户姓名", "劳模姓名", "参保人姓名")
ID_NUMBER_NAMES = (
    "身份证号码",
    "身份证号",
    "公民身份号码",
    "居民身份证号码",
    "身份证",
    "证件号码",
    "身份证件号码",
)
PHONE_NAMES = ("手机号", "手机号码", "手机", "联系电话", "移动电话", "联系方式")
ORGANIZATION_NAMES = (
    "所属工会",
    "基层工会",
    "组织",
    "所属组织",
    "工会",
    "工会名称",
    "所在工会",
    "工会组织",
    "组织名称",
    "管理工会",
    "属地工会",
)

ID_NUMBER_HELP = "18位居民身份证号码，请设为文本格式"
ORGANIZATION_HELP = "填写组织全称或行政区划代码，须在您的管辖范围内"
SAMPLE_ID_NUMBER = build_id_number("610902", dt.date(1985, 3, 14), 11)


def _named(key: str, names: tuple[str, ...], header: str, **fields: Any) -> Column:
    if header not in names:
        raise ValueError(f"“{header}” is not one of the names of column {key}")
    return Column(key, header, tuple(n for n in names if n != header), **fields)


def person_name_column(*, sample: str = "张伟") -> Column:
    """姓名 (required)."""
    return _named("name", PERSON_NAME_NAMES, "姓名", required=True, sample=sample, max_length=40)


def id_number_column(
    *, required: bool = True, sample: str = SAMPLE_ID_NUMBER, help: str = ID_NUMBER_HELP
) -> Column:
    """身份证号码: a code column (Excel must not have turned it into a number)."""
    return _named(
        "id_number",
        ID_NUMBER_NAMES,
        "身份证号码",
        required=required,
        kind="code",
        sample=sample,
        help=help,
    )


def phone_column(*, help: str = "11位手机号") -> Column:
    """手机号 (optional)."""
    return _named("phone", PHONE_NAMES, "手机号", sample="13800138000", help=help)


def organization_column(
    *, header: str = "所属工会", required: bool = False, sample: str = "", help: str = ""
) -> Column:
    """The organization a row belongs to, by full name or code (key "org")."""
    return _named(
        "org",
        ORGANIZATION_NAMES,
        header,
        required=required,
        sample=sample,
        help=help or ORGANIZATION_HELP,
    )


def yes_no_column(key: str, header: str, *aliases: str, sample: str = "否") -> Column:
    """A 是/否 column: the file may head it 是否<header> too; the template offers a 是/否
    dropdown, and the import takes 是/否, Y/N, 1/0, √/× and the like (core.services.as_bool)."""
    names = (f"是否{header}", *aliases)
    return Column(key, header, names, kind="bool", sample=sample, help="是/否")


def work_profile_columns() -> tuple[Column, Column, Column]:
    """一线职工, 艰苦岗位, 重点领域: the three 是/否 marks of a person's work (the planner weighs
    them)."""
    return (
        yes_no_column("frontline", "一线职工", sample="是"),
        yes_no_column("hardship_post", "艰苦岗位"),
        yes_no_column("key_sector", "重点领域"),
    )


def person_status_column() -> Column:
    """人员状态: 在职, 退休 or 已故."""
    return Column(
        "status",
        "人员状态",
        ("状态",),
        kind="choice",
        choices=choice_labels(PersonStatus.choices),
        sample="在职",
        help="在职/退休/已故",
    )


__all__ = [
    "ID_NUMBER_NAMES",
    "ORGANIZATION_HELP",
    "ORGANIZATION_NAMES",
    "PERSON_NAME_NAMES",
    "PHONE_NAMES",
    "id_number_column",
    "organization_column",
    "person_name_column",
    "person_status_column",
    "phone_column",
    "work_profile_columns",
    "yes_no_column",
]
