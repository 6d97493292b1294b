"""Importing a distribution list from Excel: one row per person (姓名, 身份证号码, 对象类别, 金额,
调整原因, 物资) into one draft list, on the core import framework; every row or none.

The importer is made for one list (it is not on the 数据导入 page): the list page uploads the file
and `list_import` runs it. A row is refused, naming its row and column, for a person who is not
registered or is outside the list's organization, the same person twice (also written with an
old 15-digit number, a lowercase x, spaces or full-width digits), a person already on the list,
a group without a standard and an amount above the standard without a reason.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from gonghui.core import clock
from gonghui.core.errors import DomainError
from gonghui.core.importers.common import checked, id_hash, persons_by_hash, registered_person
from gonghui.core.importing import (
    Column,
    ImportContext,
    Importer,
    ImportReport,
    Item,
    check_upload,
    id_number_column,
    insert_rows,
    person_name_column,
    run_import,
    template,
)
from gonghui.core.importing.uploads import discard, upload_dir
from gonghui.core.models import AuditAction, User
from gonghui.core.permissions import requires
from gonghui.core.validators import id_number_key, parse_id_number
from gonghui.relief.models import CampaignStandard, Case, CaseStatus, Distribution, DistributionList
from gonghui.relief.services_lists import (
    EDITABLE,
    item_amount,
    standard_for,
    standards_of,
)


@dataclass
class ListRow:
    id_hash: str
    name: str
    standard: CampaignStandard
    amount: Any
    reason: str
    goods: str


class DistributionListImporter(Importer):
    """发放名单导入 into the draft list it was made for."""

    key = "relief_distribution_list"
    label = "发放名单"
    model_label = "relief.distribution"
    key_column = "id_number"
    pii_columns = frozenset({"id_number"})
    permission = "relief.list.submit"
    note = (
        "人员须已在“人员及会员”中登记且在本单位管辖范围内；金额不填按标准，高于标准须填写调整原因。"
    )
    columns = (
        person_name_column(),
        id_number_column(),
        Column(
            "group",
            "对象类别",
            ("困难类别", "慰问对象类别"),
            required=True,
            sample="深度困难",
            help="与本活动的慰问标准一致，如深度困难、相对困难",
        ),
        Column("amount", "金额", ("发放金额", "慰问金额"), sample="", help="不填按标准"),
        Column(
            "override_reason",
            "调整原因",
            ("调整金额原因",),
            sample="",
            help="金额高于标准时必填",
            max_length=200,
        ),
        Column("goods", "物资", ("慰问物资",), sample="", help="不填按标准", max_length=200),
    )

    def __init__(self, dlist: DistributionList) -> None:
        self.dlist = dlist
        self.standards = standards_of(dlist.campaign)

    def duplicate_key(self, values: dict[str, Any]) -> str:
        number = values.get("id_number")
        return id_number_key(number) if number else ""

    def clean(self, item: Item, ctx: ImportContext) -> None:
        v = item.values
        parsed = checked(item, "id_number", parse_id_number)
        standard = checked(item, "group", lambda g: standard_for(self.standards, g))
        if standard is not None and "amount" not in item.failed:
            try:
                amount, reason = item_amount(standard, v.get("amount"), v.get("override_reason"))
            except DomainError as exc:
                item.fail(exc.column or "amount", exc.message)
                return
        if item.pending or item.failed or parsed is None or standard is None:
            return
        item.data = ListRow(
            id_hash=id_hash(parsed.number),
            name=str(v["name"]).strip(),
            standard=standard,
            amount=amount,
            reason=reason,
            goods=" ".join(str(v.get("goods") or "").split()) or standard.goods,
        )

    def plan(self, items: list[Item], ctx: ImportContext, *, write: bool) -> None:
        rows: list[ListRow] = [it.data for it in items]
        persons = persons_by_hash(r.id_hash for r in rows)
        ids = [p.pk for p in persons.values()]
        present = set(
            self.dlist.items.filter(person_id__in=ids).values_list("person_id", flat=True)
        )
        cases = {
            c.person_id: c.pk
            for c in Case.objects.filter(person_id__in=ids, status=CaseStatus.FILED)
        }
        for it in items:
            r: ListRow = it.data
            person = registered_person(
                it,
                ctx,
                persons,
                r.id_hash,
                r.name,
                foreign=f"此人不在{self.dlist.org}的管辖范围内，不能列入本单位名单",
            )
            if person is None:
                continue
            if person.pk in present:
                it.fail("id_number", f"{person.name}已在本名单中，不能重复列入")
                continue
            it.action = "new"
            it.extra["person"] = person
            it.extra["row"] = {
                "dlist_id": self.dlist.pk,
                "campaign_id": self.dlist.campaign_id,
                "person_id": person.pk,
                "case_id": cases.get(person.pk),
                "group": r.standard.group,
                "standard_amount": r.standard.amount,
                "amount": r.amount,
                "override_reason": r.reason,
                "goods": r.goods,
                "pooled": False,
                "signed_on": None,
                "receipt_path": "",
                "proxy_name": "",
                "proxy_reason": "",
                "receipt_by_id": None,
            }

    def write(self, items: list[Item], ctx: ImportContext) -> None:
        rows = [it.extra["row"] for it in items]
        insert_rows(Distribution, rows)
        ids = dict(
            Distribution.objects.filter(
                dlist_id=self.dlist.pk, person_id__in=[r["person_id"] for r in rows]
            ).values_list("person_id", "id")
        )
        now = clock.now().isoformat()
        for it in items:
            row = it.extra["row"]
            person = it.extra["person"]
            ctx.log_row(
                action=AuditAction.CREATE,
                model=self.model_label,
                object_id=ids.get(row["person_id"], ""),
                object_repr=f"{person.name} {row['amount']}元",
                org=self.dlist.org,
                person=person,
                after={
                    **row,
                    "amount": str(row["amount"]),
                    "standard_amount": str(row["standard_amount"]),
                    "created_at": now,
                },
                note=f"导入发放名单（{self.dlist}）",
            )


def list_template(dlist: DistributionList) -> bytes:
    """The Excel template of a list's import (its columns, an example row and the help)."""
    return template(DistributionListImporter(dlist))


@requires("relief.list.submit", on="dlist")
def list_import(
    *,
    user: User,
    dlist: DistributionList,
    filename: str,
    chunks: Iterator[bytes],
    size: int = 0,
    commit: bool = True,
) -> ImportReport:
    """Import a file into a draft list: every row, or (any row refused) none, with the report
    of every refused row and column. `commit=False` only checks."""
    path = upload_dir() / f"{uuid.uuid4().hex}{Path(filename).suffix.lower()}"
    head = b""
    written = 0
    try:
        with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as fh:
            for chunk in chunks:
                head = head or chunk[:8]
                written += len(chunk)
                if written > settings.IMPORT_MAX_BYTES:
                    break
                fh.write(chunk)
        check_upload(filename, max(size, written), head)
        with transaction.atomic():
            locked = (
                DistributionList.objects.select_for_update()
                .select_related("campaign", "org")
                .get(pk=dlist.pk)
            )
            if locked.status not in EDITABLE:
                raise DomainError(
                    f"名单{locked.get_status_display()}，不能再导入；如需修改，请先退回"
                )
            return run_import(
                DistributionListImporter(locked),
                path,
                filename=filename,
                user=user,
                commit=commit,
                scope=locked.org,
            )
    finally:
        discard(path)
