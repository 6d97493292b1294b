"""人员及会员: one row per person; 组织 + 入会日期 give the membership (a new union = transfer)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from gonghui.core.audit import snapshot
from gonghui.core.codes import EDUCATION, ETHNICITY, POLITICAL_STATUS
from gonghui.core.errors import DomainError
from gonghui.core.importers.common import (
    checked,
    id_hash,
    log_rows,
    merged,
    persons_by_hash,
    save_rows,
)
from gonghui.core.importing import (
    ORGANIZATION_HELP,
    Column,
    ImportContext,
    Importer,
    Item,
    choice_labels,
    id_number_column,
    insert_rows,
    organization_column,
    person_name_column,
    phone_column,
    register,
)
from gonghui.core.importing.columns import (
    person_status_column,
    work_profile_columns,
    yes_no_column,
)
from gonghui.core.models import (
    AuditAction,
    Membership,
    MembershipStatus,
    NewEmploymentForm,
    Organization,
    OrgKind,
    Person,
    Sex,
)
from gonghui.core.services import (
    PERSON_ATTRS,
    PERSON_FIELDS,
    PersonData,
    person_apply,
    person_clean,
)
from gonghui.core.signals import persons_changed
from gonghui.core.validators import id_number_key, parse_id_number, parse_mobile

MEMBER_UNION_KINDS = {OrgKind.GRASSROOTS, OrgKind.INDUSTRY, OrgKind.REGIONAL, OrgKind.GROUP}
_CODES_HELP = "从下拉列表选择；也可填常用简称（如“汉”“党员”“本科”）或代码，存为标准名称"


# Person fields an import may set; a blank cell keeps the stored value.
_PERSON_KEYS = ("name", "phone", "sex", "birth_date", *PERSON_ATTRS)
# What decides "changed": every stored column an import can touch.
_PERSON_STATE = (
    "name",
    "employer_id",
    *PERSON_ATTRS,
    "birth_date",
    "sex",
    "name_pinyin",
    "name_initials",
    "phone_hash",
    "org_id",
)
_PERSON_UPDATE_FIELDS = [
    "name",
    *PERSON_ATTRS,
    "name_pinyin",
    "name_initials",
    "birth_date",
    "sex",
    "phone_enc",
    "phone_hash",
    "phone_masked",
    "org",
    "updated_at",
]


@dataclass
class PersonRow:
    id_number: str
    id_hash: str
    union: Organization
    joined_on: dt.date
    given: dict[str, Any] = field(default_factory=dict)


@register
class PersonImporter(Importer):
    """人员及会员: one row per person; 组织 + 入会日期 give the membership (a new union = transfer)."""

    key = "persons"
    label = "人员及会员"
    model_label = "core.person"
    key_column = "id_number"
    pii_columns = frozenset({"id_number", "phone"})
    note = "6. 已在册的会员填写了另一个基层工会时，按转会处理：原会员关系标记为已转出，历史保留。"
    columns = (
        person_name_column(),
        id_number_column(),
        phone_column(),
        Column(
            "sex",
            "性别",
            (),
            kind="choice",
            choices=choice_labels(Sex.choices),
            sample="男",
            help="可不填；填写时须与身份证号码一致",
        ),
        Column(
            "birth_date",
            "出生日期",
            ("出生年月日",),
            kind="date",
            sample=dt.date(1985, 3, 14),
            help="可不填；填写时须与身份证号码一致",
        ),
        Column(
            "ethnicity", "民族", (), sample="汉族", help=_CODES_HELP, max_length=20, codes=ETHNICITY
        ),
        Column(
            "political_status",
            "政治面貌",
            (),
            sample="中共党员",
            help=_CODES_HELP,
            max_length=20,
            codes=POLITICAL_STATUS,
        ),
        Column(
            "education",
            "学历",
            ("文化程度",),
            sample="大学本科",
            help=_CODES_HELP,
            max_length=20,
            codes=EDUCATION,
        ),
        Column(
            "work_unit",
            "工作单位",
            ("所在单位", "单位名称"),
            sample="安康市某某有限公司",
            max_length=200,
        ),
        Column("post", "岗位", ("工作岗位", "职务"), sample="一线操作工", max_length=60),
        *work_profile_columns(),
        Column(
            "new_employment_form",
            "新就业形态",
            ("是否新就业形态",),
            kind="choice",
            choices=choice_labels(NewEmploymentForm.choices),
            sample="否",
            help="否/快递员/外卖配送员/网约车司机/货车司机/其他新就业形态",
        ),
        yes_no_column("migrant_worker", "农民工"),
        person_status_column(),
        organization_column(
            header="组织",
            required=True,
            sample="安康市某某有限公司工会",
            help="会员所在的基层工会；" + ORGANIZATION_HELP,
        ),
        Column(
            "joined_on",
            "入会日期",
            ("入会时间",),
            required=True,
            kind="date",
            sample=dt.date(2020, 1, 1),
            help="如2020-01-01、2020/1/1、2020年1月1日",
        ),
    )

    def duplicate_key(self, values: dict[str, Any]) -> str:
        # A 15-digit number and its 18-digit form in one file are one person, not two new rows.
        return id_number_key(values.get(self.key_column))

    def clean(self, item: Item, ctx: ImportContext) -> None:
        values = item.values
        parsed = checked(item, "id_number", parse_id_number)
        checked(item, "phone", parse_mobile, optional=True)
        union = checked(item, "org", ctx.resolve_org)
        if union is not None and union.kind not in MEMBER_UNION_KINDS:
            item.fail("org", f"“{union.name}”不是基层工会，不能直接发展会员")
        joined_on = values.get("joined_on")
        if joined_on is not None:
            if joined_on > ctx.today:
                item.fail("joined_on", f"入会日期{joined_on:%Y-%m-%d}晚于今天")
            elif parsed is not None and joined_on < parsed.birth_date:
                item.fail("joined_on", f"入会日期{joined_on:%Y-%m-%d}早于出生日期")
        if item.pending or item.failed or parsed is None or union is None or joined_on is None:
            return
        item.data = PersonRow(
            id_number=parsed.number,
            id_hash=id_hash(parsed.number),
            union=union,
            joined_on=joined_on,
            given=self.provided(item, _PERSON_KEYS),
        )

    def plan(self, items: list[Item], ctx: ImportContext, *, write: bool) -> None:
        existing = persons_by_hash(it.data.id_hash for it in items)
        active = (
            {
                m.person_id: m
                for m in Membership.objects.filter(
                    person_id__in=[p.pk for p in existing.values()], status=MembershipStatus.ACTIVE
                ).select_related("union")
            }
            if existing
            else {}
        )
        for it in items:
            row: PersonRow = it.data
            person = existing.get(row.id_hash)
            if person is not None and not ctx.in_scope(person.org):
                # Never say where: any officer could otherwise look up where an ID is registered.
                it.fail("id_number", "该身份证号码已在其他组织登记，不在您的管辖范围内")
                continue
            data = merged(
                PersonData(name="", id_number=row.id_number, org=row.union),
                person,
                PERSON_FIELDS,
                row.given,
            )
            try:
                data, birth, sex = person_clean(data, current=person)
            except DomainError as exc:
                it.fail(exc.column or "", exc.message)
                continue
            if person is None:
                it.action = "new"
                if write:
                    person = Person()
                    person_apply(person, data, birth, sex)
                    it.extra.update(person=person, changed=True, join=True)
                continue
            before_state = tuple(getattr(person, f) for f in _PERSON_STATE)
            if write:
                it.extra["before"] = snapshot(person)
                it.extra["was"] = (person.status, person.org_id)
            person_apply(person, data, birth, sex)
            current = active.get(person.pk)
            if current is None:
                it.extra["join"] = True
            elif current.union_id != row.union.pk:
                it.extra["transfer"] = current
            if current is None or current.union_id != row.union.pk:
                person.org = row.union
            changed = tuple(getattr(person, f) for f in _PERSON_STATE) != before_state
            it.extra.update(person=person, changed=changed)
            it.action = (
                "update" if changed or current is None or "transfer" in it.extra else "unchanged"
            )

    def write(self, items: list[Item], ctx: ImportContext) -> None:
        created = [it.extra["person"] for it in items if it.action == "new"]
        updated = [it for it in items if it.action == "update" and it.extra["changed"]]
        save_rows(Person, created, [it.extra["person"] for it in updated], _PERSON_UPDATE_FIELDS)
        moved: list[tuple[Person, str, int]] = [
            (it.extra["person"], *it.extra["was"])
            for it in updated
            if it.extra["was"] != (it.extra["person"].status, it.extra["person"].org_id)
        ]
        closed: list[Membership] = []
        opened: list[dict[str, Any]] = []
        for it in items:
            row: PersonRow = it.data
            person = it.extra["person"]
            current: Membership | None = it.extra.get("transfer")
            if current is not None:
                on = max(row.joined_on, current.joined_on)
                it.extra["closed_before"] = snapshot(current)
                current.status = MembershipStatus.TRANSFERRED
                current.left_on = on
                closed.append(current)
                opened.append(
                    _membership_row(
                        person, row.union, on, f"由{current.union.name}转入（批量导入）"
                    )
                )
            elif it.extra.get("join"):
                opened.append(_membership_row(person, row.union, row.joined_on, ""))
        if closed:
            Membership.objects.bulk_update(closed, ["status", "left_on"], batch_size=500)
        # Memberships are plain rows (no model instances); their ids come back in one SELECT.
        insert_rows(Membership, opened)
        ids = (
            dict(
                Membership.objects.filter(
                    person_id__in=[m["person_id"] for m in opened],
                    status=MembershipStatus.ACTIVE,
                ).values_list("person_id", "id")
            )
            if opened
            else {}
        )
        log_rows(
            ctx,
            "core.person",
            created,
            [(it.extra["person"], it.extra["before"]) for it in updated],
            of_person=True,
        )
        for it in items:
            current = it.extra.get("transfer")
            if current is not None:
                ctx.log(
                    action=AuditAction.UPDATE,
                    model="core.membership",
                    obj=current,
                    org=current.union,
                    person=it.extra["person"],
                    before=it.extra["closed_before"],
                    after=snapshot(current),
                    note="转会转出（批量导入）",
                )
        for m in opened:
            m["id"] = ids[m["person_id"]]
            person, union = m.pop("_person"), m.pop("_union")
            after = {**m, "joined_on": m["joined_on"].isoformat()}
            ctx.log_row(
                action=AuditAction.CREATE,
                model="core.membership",
                object_id=m["id"],
                object_repr=f"{person} @ {union}",
                org=union,
                person=person,
                after=after,
                note="批量导入",
            )
        if moved:  # last: receivers see the memberships as they now are
            persons_changed.send(sender=Person, changes=moved)


def _membership_row(person: Person, union: Organization, on: dt.date, note: str) -> dict[str, Any]:
    """An active membership as the row insert_rows writes (keys as snapshot() names them)."""
    return {
        "person_id": person.pk,
        "union_id": union.pk,
        "joined_on": on,
        "left_on": None,
        "status": MembershipStatus.ACTIVE.value,
        "note": note,
        "_person": person,
        "_union": union,
    }
