"""Import of an existing 劳模 roster: one row per honor; unknown persons are created."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from gonghui.core.importers import MEMBER_UNION_KINDS
from gonghui.core.importers.common import checked, id_hash, persons_by_hash
from gonghui.core.importing import (
    Column,
    ImportContext,
    Importer,
    Item,
    id_number_column,
    organization_column,
    person_name_column,
    phone_column,
    register,
)
from gonghui.core.importing.columns import person_status_column, work_profile_columns
from gonghui.core.models import MembershipStatus, Organization, Person
from gonghui.core.permissions import Denied, authorize
from gonghui.core.services import PersonData, membership_join, person_upsert
from gonghui.core.validators import build_id_number, id_number_key, parse_id_number, parse_mobile
from gonghui.honors.models import Honor, HonorType

FOREIGN_PERSON = "该身份证号码已在其他组织登记，不在您的管辖范围内"


@dataclass
class HonorRow:
    id_number: str
    id_hash: str
    honor_type: HonorType
    year: int
    org: Organization | None


@register
class ModelWorkerImporter(Importer):
    """劳模名册: person (by ID number) + honor; a person not yet registered is created."""

    key = "model_workers"
    label = "劳模名册（荣誉）"
    model_label = "honors.honor"
    # Importing the roster records honors: the same row of the permission table as the page.
    permission = "honors.honor.create"
    key_column = "id_number"
    pii_columns = frozenset({"id_number", "phone"})
    note = "6. 一人多项荣誉时每项荣誉一行；同一人同一年度同一荣誉重复出现视为错误，已登记的荣誉不会重复写入。"
    columns = (
        person_name_column(),
        id_number_column(sample=build_id_number("610902", dt.date(1975, 3, 14), 11)),
        Column(
            "honor_type",
            "荣誉名称",
            ("荣誉称号", "荣誉类型", "称号"),
            required=True,
            sample="安康市劳动模范",
            help="须与荣誉类型目录中的名称一致",
        ),
        Column(
            "year",
            "授予年度",
            ("获得年度", "年度", "表彰年度"),
            required=True,
            kind="int",
            sample="2020",
        ),
        Column(
            "authority",
            "授予机关",
            ("表彰单位", "授予单位"),
            sample="安康市人民政府",
            max_length=100,
        ),
        Column("doc_number", "文号", ("表彰文号",), sample="安政发〔2020〕12号", max_length=60),
        organization_column(sample="汉滨区第一中学工会", help="新登记人员必填；须在您的管辖范围内"),
        phone_column(),
        Column("work_unit", "工作单位", ("所在单位",), sample="安康市某某有限公司", max_length=200),
        Column("post", "岗位", ("职务",), sample="高级技师", max_length=60),
        *work_profile_columns(),
        person_status_column(),
    )

    def duplicate_key(self, values: dict[str, Any]) -> str:
        # One person may hold several honors: a duplicate is the same person, title and year.
        person = id_number_key(values.get("id_number"))
        return "|".join([person, *(str(values.get(k) or "") for k in ("honor_type", "year"))])

    def _types(self, ctx: ImportContext) -> dict[str, HonorType]:
        cache = getattr(ctx, "_honor_types", None)
        if cache is None:
            cache = {t.name: t for t in HonorType.objects.all()}
            ctx._honor_types = cache  # type: ignore[attr-defined]
        return cache

    def clean(self, item: Item, ctx: ImportContext) -> None:
        v = item.values
        parsed = checked(item, "id_number", parse_id_number)
        honor_type = None
        if "honor_type" not in item.failed:
            honor_type = self._types(ctx).get(str(v["honor_type"]).strip())
            if honor_type is None:
                item.fail(
                    "honor_type", f"未知的荣誉类型“{v['honor_type']}”，请先在荣誉类型目录中维护"
                )
            elif not honor_type.is_active:
                item.fail("honor_type", f"荣誉类型“{honor_type.name}”已停用，不能登记新的荣誉")
                honor_type = None
            elif honor_type.collective:
                item.fail("honor_type", f"“{honor_type.name}”是集体荣誉，不能授予个人")
        year = v.get("year")
        if year is not None and not 1950 <= year <= ctx.today.year:
            item.fail("year", f"授予年度{year}无效，应在1950至{ctx.today.year}之间")
        checked(item, "phone", parse_mobile, optional=True)
        org = checked(item, "org", ctx.resolve_org, optional=True)
        if item.pending or item.failed or parsed is None or honor_type is None or year is None:
            return
        item.data = HonorRow(
            id_number=parsed.number,
            id_hash=id_hash(parsed.number),
            honor_type=honor_type,
            year=year,
            org=org,
        )

    def plan(self, items: list[Item], ctx: ImportContext, *, write: bool) -> None:
        if ctx.user is not None:  # None: the demo data and management commands
            try:
                authorize(ctx.user, self.permission)
            except Denied as exc:
                for it in items:
                    it.fail("honor_type", exc.message)
                return
        persons = persons_by_hash(it.data.id_hash for it in items)
        held = (
            set(
                Honor.objects.filter(person__in=list(persons.values())).values_list(
                    "person_id", "honor_type_id", "year"
                )
            )
            if persons
            else set()
        )
        for it in items:
            row: HonorRow = it.data
            person = persons.get(row.id_hash)
            if person is not None and not ctx.in_scope(person.org):
                # Never say where: the import would tell anyone where any ID number is registered.
                it.fail("id_number", FOREIGN_PERSON)
                continue
            if person is None and row.org is None:
                it.fail("org", "此人尚未登记，请填写所属工会")
                continue
            it.extra["person"] = person
            if person is not None and (person.pk, row.honor_type.pk, row.year) in held:
                it.action = "unchanged"
            else:
                it.action = "new"

    def write(self, items: list[Item], ctx: ImportContext) -> None:
        from gonghui.honors.services import achievement_visit_create, model_worker_refresh

        by = ctx.user if getattr(ctx.user, "pk", None) else None
        touched: dict[int, Person] = {}
        recorded: list[Honor] = []
        for it in items:
            if it.action != "new":
                continue
            row: HonorRow = it.data
            person = it.extra.get("person") or touched_by_hash(touched, row.id_hash)
            if person is None:
                v = self.provided(
                    it,
                    (
                        "phone",
                        "work_unit",
                        "post",
                        "frontline",
                        "hardship_post",
                        "key_sector",
                        "status",
                    ),
                )
                data = PersonData(name=str(it.values["name"]), id_number=row.id_number, org=row.org)  # type: ignore[arg-type]
                for key, value in v.items():
                    setattr(data, key, value)
                person, _ = person_upsert(data=data)
                if (
                    row.org is not None
                    and row.org.kind in MEMBER_UNION_KINDS
                    and not (person.memberships.filter(status=MembershipStatus.ACTIVE).exists())
                ):
                    membership_join(person=person, union=row.org, joined_on=ctx.today)
            # Honor.objects.create fires the audit signals (one entry per honor).
            recorded.append(
                Honor.objects.create(
                    person=person,
                    honor_type=row.honor_type,
                    year=row.year,
                    authority=str(it.values.get("authority") or ""),
                    doc_number=str(it.values.get("doc_number") or ""),
                    created_by=by,
                )
            )
            touched[person.pk] = person
        for person in touched.values():
            model_worker_refresh(person=person, reason="导入荣誉", by=by)
        # As for an honor recorded on the page: a recent one is a 取得特殊成就 visit.
        for honor in recorded:
            achievement_visit_create(honor=honor, by=by)


def touched_by_hash(touched: dict[int, Person], id_hash: str) -> Person | None:
    """A person created earlier in the same batch (a second honor row for a new person)."""
    for person in touched.values():
        if person.id_hash == id_hash:
            return person
    return None
