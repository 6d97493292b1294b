"""Importing an existing 困难职工台账 from Excel: one row per household, imported as 已建档.

The applicants must already be registered (人员及会员 import), in the importer's subtree; each case
is filed on the applicant's union. The category is the one the old ledger decided; household
members go in one cell (姓名/关系/身份证号码[/月收入], several separated by ；). A person with an
open case anywhere in the city, an invalid member ID or a member who is the applicant is an
error of that row and column; with any error nothing is written (the framework's rule).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from gonghui.core.errors import DomainError
from gonghui.core.importers.common import checked, id_hash, persons_by_hash, registered_person
from gonghui.core.importing import (
    Column,
    ImportContext,
    Importer,
    Item,
    choice_labels,
    id_number_column,
    person_name_column,
    register,
)
from gonghui.core.money import to_money
from gonghui.core.validators import id_number_key, parse_id_number
from gonghui.relief.models.cases import (
    OPEN_STATUSES,
    Case,
    Category,
    Cause,
    Relation,
)
from gonghui.relief.services_case_import import ImportedCase, cases_import
from gonghui.relief.services_cases import MemberData, clean_members

_SPLIT_MEMBERS = re.compile(r"[;；\n]+")
_SPLIT_FIELDS = re.compile(r"[/／|｜]")
_SPLIT_CAUSES = re.compile(r"[、,，;；/／\s]+")
_CAUSES = {label: value for value, label in Cause.choices}
_RELATIONS = {label: value for value, label in Relation.choices}


@dataclass
class CaseRow:
    id_hash: str
    name: str
    category: str
    causes: list[str]
    household_size: int
    household_income: Decimal
    filed_on: dt.date
    address: str
    situation: str
    members: list[MemberData] = field(default_factory=list)


def parse_causes(text: str) -> list[str]:
    parts = [p for p in _SPLIT_CAUSES.split(text or "") if p]
    if not parts:
        raise ValueError("请填写致困原因")
    unknown = [p for p in parts if p not in _CAUSES and p not in Cause.values]
    if unknown:
        raise ValueError(f"致困原因“{'、'.join(unknown)}”无效，可填：{'、'.join(_CAUSES)}")
    return list(dict.fromkeys(_CAUSES.get(p, p) for p in parts))


def parse_members(text: str) -> list[MemberData]:
    """姓名/关系/身份证号码[/月收入]；… → MemberData (the service's checks run afterwards)."""
    out = []
    for i, part in enumerate(p.strip() for p in _SPLIT_MEMBERS.split(text or "")):
        if not part:
            continue
        fields = [f.strip() for f in _SPLIT_FIELDS.split(part)]
        if len(fields) not in (3, 4):
            raise ValueError(
                f"第{i + 1}名家庭成员“{part}”应写作“姓名/关系/身份证号码”或“姓名/关系/身份证号码/月收入”"
            )
        relation = _RELATIONS.get(fields[1], fields[1])
        if relation not in Relation.values:
            raise ValueError(
                f"第{i + 1}名家庭成员的关系“{fields[1]}”无效，可填：{'、'.join(_RELATIONS)}"
            )
        out.append(
            MemberData(
                name=fields[0],
                relation=relation,
                id_number=fields[2],
                monthly_income=fields[3] if len(fields) == 4 else "0",
            )
        )
    return out


@register
class CaseImporter(Importer):
    """困难职工台账: each row a household's case, filed (已建档) on the applicant's union."""

    key = "relief_cases"
    label = "困难职工台账"
    model_label = "relief.case"
    key_column = "id_number"
    permission = "relief.case.import"
    pii_columns = frozenset({"id_number", "members"})
    batch_size = 1000
    note = (
        "申请人须已在“人员及会员”中登记；每人一行，导入后为已建档档案；同一人全市只能有一份在档"
        "档案。家庭成员写作“姓名/关系/身份证号码”，多人用“；”分隔。"
    )
    columns = (
        person_name_column(),
        id_number_column(),
        Column(
            "category",
            "困难类别",
            (),
            required=True,
            kind="choice",
            choices=choice_labels(Category.choices),
            sample="深度困难",
            help="深度困难/相对困难/意外致困",
        ),
        Column(
            "causes",
            "致困原因",
            (),
            required=True,
            sample="本人大病、子女就学",
            help="可填多项，用“、”分隔：" + "、".join(_CAUSES),
        ),
        Column("household_size", "家庭人口", ("家庭人数",), required=True, kind="int", sample=3),
        Column(
            "household_income",
            "家庭月总收入",
            ("家庭月收入", "月总收入"),
            required=True,
            sample="1800",
            help="元",
        ),
        Column("filed_on", "建档日期", (), required=True, kind="date", sample="2024-03-01"),
        Column(
            "members",
            "家庭成员",
            (),
            sample="李强/配偶/610902198603030011；王小明/子女/610902201205010012",
            help="姓名/关系/身份证号码[/月收入]，多人用“；”分隔；关系：" + "、".join(_RELATIONS),
        ),
        Column("address", "家庭住址", ("住址",), max_length=200, sample="汉滨区新城街道100号"),
        Column("situation", "困难情况说明", ("困难情况",), sample="本人患尿毒症，长期透析"),
    )

    def duplicate_key(self, values: dict[str, Any]) -> str:
        return id_number_key(values.get("id_number")) if values.get("id_number") else ""

    def clean(self, item: Item, ctx: ImportContext) -> None:
        v = item.values
        parsed = checked(item, "id_number", parse_id_number)
        causes = self._parsed(item, "causes", parse_causes)
        members = self._parsed(item, "members", parse_members, optional=True) or []
        income = checked(item, "household_income", lambda x: to_money(x, field="家庭月总收入"))
        size = v.get("household_size")
        if size is not None and not 1 <= size <= 30:
            item.fail("household_size", "家庭人口应在1到30人之间")
        elif size is not None and size < len(members) + 1:
            item.fail("household_size", f"家庭人口{size}人少于申请人本人加{len(members)}名家庭成员")
        filed_on = v.get("filed_on")
        if filed_on is not None and filed_on > ctx.today:
            item.fail("filed_on", f"建档日期{filed_on:%Y-%m-%d}晚于今天")
        if item.pending or item.failed or parsed is None or causes is None or income is None:
            return
        if size is None or filed_on is None or not v.get("category"):
            return
        item.data = CaseRow(
            id_hash=id_hash(parsed.number),
            name=str(v["name"]).strip(),
            category=str(v["category"]),
            causes=causes,
            household_size=int(size),
            household_income=income,
            filed_on=filed_on,
            address=str(v.get("address") or "").strip(),
            situation=str(v.get("situation") or "").strip(),
            members=members,
        )

    @staticmethod
    def _parsed(item: Item, key: str, parse: Any, optional: bool = False) -> Any:
        text = str(item.values.get(key) or "")
        if optional and not text.strip():
            return None
        try:
            return parse(text)
        except ValueError as exc:
            item.fail(key, str(exc))
            return None

    def plan(self, items: list[Item], ctx: ImportContext, *, write: bool) -> None:
        rows: list[CaseRow] = [it.data for it in items]
        persons = persons_by_hash(r.id_hash for r in rows)
        open_cases = {
            c.person_id: c
            for c in Case.objects.filter(
                person_id__in=[p.pk for p in persons.values()], status__in=OPEN_STATUSES
            ).select_related("org")
        }
        for it in items:
            r: CaseRow = it.data
            person = registered_person(
                it,
                ctx,
                persons,
                r.id_hash,
                r.name,
            )
            if person is None:
                continue
            existing = open_cases.get(person.pk)
            if existing is not None:
                it.fail(
                    "id_number",
                    f"{person.name}已有在档的困难职工档案{existing.number}"
                    f"（{existing.org.name}，{existing.get_status_display()}），"
                    "全市同一人只能有一份在档档案",
                )
                continue
            try:
                members = clean_members(person, r.members)
            except DomainError as exc:  # names the member's place in the cell
                it.fail("members", exc.message)
                continue
            it.action = "new"
            it.extra["person"] = person
            it.extra["members"] = members

    def write(self, items: list[Item], ctx: ImportContext) -> None:
        rows = []
        for it in items:
            r: CaseRow = it.data
            rows.append(
                ImportedCase(
                    person=it.extra["person"],
                    category=r.category,
                    causes=r.causes,
                    household_size=r.household_size,
                    household_income=r.household_income,
                    filed_on=r.filed_on,
                    address=r.address,
                    situation=r.situation,
                    members=it.extra["members"],
                )
            )
        cases_import(user=ctx.user, rows=rows, year=ctx.today.year)  # type: ignore[arg-type]
