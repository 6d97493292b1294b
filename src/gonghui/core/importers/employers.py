"""用人单位: keyed on the 统一社会信用代码; re-importing updates in place."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gonghui.core.audit import snapshot
from gonghui.core.errors import DomainError
from gonghui.core.importers.common import checked, log_rows, merged, save_rows
from gonghui.core.importing import (
    Column,
    ImportContext,
    Importer,
    Item,
    choice_labels,
    organization_column,
    register,
)
from gonghui.core.importing.columns import yes_no_column
from gonghui.core.models import Employer, EmployerKind, Organization
from gonghui.core.services import EmployerData, employer_clean
from gonghui.core.validators import build_credit_code, parse_credit_code

_EMPLOYER_KEYS = (
    "name",
    "kind",
    "is_new_economy",
    "is_new_social",
    "employee_count",
    "industry",
    "has_union",
    "has_party_org",
)
_EMPLOYER_STATE = (*_EMPLOYER_KEYS, "org_id")
_EMPLOYER_UPDATE_FIELDS = [*_EMPLOYER_KEYS, "org", "updated_at"]


@dataclass
class EmployerRow:
    credit_code: str
    org: Organization
    given: dict[str, Any] = field(default_factory=dict)


@register
class EmployerImporter(Importer):
    """用人单位: keyed on the 统一社会信用代码; re-importing updates in place."""

    key = "employers"
    label = "用人单位"
    model_label = "core.employer"
    key_column = "credit_code"
    columns = (
        Column(
            "credit_code",
            "统一社会信用代码",
            ("信用代码", "社会信用代码", "统一代码"),
            required=True,
            kind="code",
            sample=build_credit_code("91610902MA70000001"[:17]),
            help="18位，不使用I、O、Z、S、V",
        ),
        Column(
            "name",
            "单位名称",
            ("用人单位名称", "用人单位", "企业名称", "单位全称"),
            required=True,
            sample="安康市某某有限公司",
            max_length=200,
        ),
        Column(
            "kind",
            "单位类型",
            ("企业类型", "单位性质"),
            required=True,
            kind="choice",
            choices=choice_labels(EmployerKind.choices),
            sample="民营",
            help="国有/民营/外资/事业单位/机关/社会组织",
        ),
        yes_no_column("is_new_economy", "新经济组织", sample="是"),
        yes_no_column("is_new_social", "新社会组织"),
        Column(
            "employee_count",
            "职工人数",
            ("职工数", "员工人数", "从业人数"),
            kind="int",
            sample="120",
        ),
        Column("industry", "行业", ("所属行业",), sample="制造业", max_length=60),
        yes_no_column("has_union", "已建工会", "是否建会", "是否建立工会"),
        yes_no_column("has_party_org", "已建党组织", "是否建立党组织"),
        organization_column(header="属地工会", required=True, sample="汉滨区总工会"),
    )

    def clean(self, item: Item, ctx: ImportContext) -> None:
        code = checked(item, "credit_code", parse_credit_code)
        org = checked(item, "org", ctx.resolve_org)
        if item.pending or item.failed or code is None or org is None:
            return
        item.data = EmployerRow(
            credit_code=code, org=org, given=self.provided(item, _EMPLOYER_KEYS)
        )

    def plan(self, items: list[Item], ctx: ImportContext, *, write: bool) -> None:
        existing = {
            e.credit_code: e
            for e in Employer.objects.filter(
                credit_code__in=[it.data.credit_code for it in items]
            ).select_related("org")
        }
        for it in items:
            row: EmployerRow = it.data
            employer = existing.get(row.credit_code)
            if employer is not None and not ctx.in_scope(employer.org):
                it.fail("credit_code", "该统一社会信用代码已在其他组织登记，不在您的管辖范围内")
                continue
            data = merged(
                EmployerData(credit_code=row.credit_code, name="", kind="", org=row.org),
                employer,
                _EMPLOYER_KEYS,
                row.given,
            )
            try:
                data = employer_clean(data)
            except DomainError as exc:
                it.fail(exc.column or "credit_code", exc.message)
                continue
            if employer is None:
                it.action = "new"
                it.extra["employer"] = Employer(**data.__dict__)
                continue
            before = tuple(getattr(employer, f) for f in _EMPLOYER_STATE)
            if write:
                it.extra["before"] = snapshot(employer)
            for key, value in data.__dict__.items():
                setattr(employer, key, value)
            changed = tuple(getattr(employer, f) for f in _EMPLOYER_STATE) != before
            it.action = "update" if changed else "unchanged"
            it.extra["employer"] = employer

    def write(self, items: list[Item], ctx: ImportContext) -> None:
        created = [it.extra["employer"] for it in items if it.action == "new"]
        updated = [it for it in items if it.action == "update"]
        save_rows(
            Employer, created, [it.extra["employer"] for it in updated], _EMPLOYER_UPDATE_FIELDS
        )
        log_rows(
            ctx,
            "core.employer",
            created,
            [(it.extra["employer"], it.extra["before"]) for it in updated],
        )
