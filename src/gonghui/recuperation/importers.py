"""Import of the provincial federation's list of provincial trips (省总疗休养名单).

Each row names a person by ID number; a person unknown to the registry is a row error and,
as everywhere in the import framework, one error means nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass

from gonghui.core.audit import snapshot
from gonghui.core.importers.common import (
    checked,
    id_hash,
    persons_by_hash,
    registered_person,
)
from gonghui.core.importing import (
    Column,
    ImportContext,
    Importer,
    Item,
    id_number_column,
    person_name_column,
    register,
)
from gonghui.core.models import AuditAction
from gonghui.core.validators import id_number_key, parse_id_number
from gonghui.recuperation.models import Trip, TripLevel, TripSource


@dataclass
class TripRow:
    id_hash: str
    name: str
    year: int


@register
class ProvincialTripImporter(Importer):
    """省级疗休养名单: who went on a provincial trip in which year (blocks a city trip that year)."""

    key = "provincial_trips"
    label = "省级疗休养名单"
    model_label = "recuperation.trip"
    key_column = "id_number"
    pii_columns = frozenset({"id_number"})
    note = "6. 名单中的人员须已在人员档案中登记；同一人同一年度重复导入不会重复记录。"
    columns = (
        person_name_column(),
        id_number_column(sample="610902198503140011"),
        Column("year", "年度", ("疗休养年度",), required=True, kind="int", sample="2026"),
        Column(
            "destination",
            "疗养院",
            ("目的地", "疗休养地点", "基地"),
            sample="陕西省工人疗养院",
            max_length=100,
        ),
        Column("start_date", "出发日期", ("开始日期",), kind="date", sample="2026-05-11"),
    )

    def duplicate_key(self, values: dict) -> str:  # type: ignore[type-arg]
        return f"{id_number_key(values.get('id_number'))}:{values.get('year') or ''}"

    def clean(self, item: Item, ctx: ImportContext) -> None:
        values = item.values
        parsed = checked(item, "id_number", parse_id_number)
        if parsed is None:
            return
        year = values.get("year")
        if year is not None and not 2000 <= year <= ctx.today.year + 1:
            item.fail("year", f"年度{year}无效")
            return
        item.data = TripRow(
            id_hash=id_hash(parsed.number),
            name=values.get("name") or "",
            year=year or 0,
        )

    def plan(self, items: list[Item], ctx: ImportContext, *, write: bool) -> None:
        persons = persons_by_hash(it.data.id_hash for it in items)
        existing = set(
            Trip.objects.filter(
                person__in=persons.values(),
                source=TripSource.PROVINCIAL_LIST,
            ).values_list("person_id", "year")
        )
        for it in items:
            row: TripRow = it.data
            person = registered_person(
                it,
                ctx,
                persons,
                row.id_hash,
                row.name,
                missing="身份证号码未在人员档案中登记，请先登记该人员",
                foreign="该身份证号码已在其他组织登记，不在您的管辖范围内",
            )
            if person is None:
                continue
            it.extra["person"] = person
            it.action = "unchanged" if (person.pk, row.year) in existing else "new"

    def write(self, items: list[Item], ctx: ImportContext) -> None:
        trips = [
            Trip(
                person=it.extra["person"],
                year=it.data.year,
                level=TripLevel.PROVINCIAL,
                source=TripSource.PROVINCIAL_LIST,
                destination=it.values.get("destination") or "",
                start_date=it.values.get("start_date"),
            )
            for it in items
            if it.action == "new"
        ]
        Trip.objects.bulk_create(trips, batch_size=1000)
        for trip in trips:
            ctx.log(
                action=AuditAction.CREATE,
                model="recuperation.trip",
                obj=trip,
                org=trip.person.org,
                person=trip.person,
                after=snapshot(trip),
                note="导入省级疗休养名单",
            )
