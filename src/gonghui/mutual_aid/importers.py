"""参保登记 import on the core Excel framework: a unit's workers into a plan, one row each.

The persons must already be registered (人员及会员 import); the row names the plan and year,
the unit's 统一社会信用代码 and who pays. Every check of services.enrollment_create applies.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gonghui.core import clock
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
    fold,
    id_number_column,
    insert_rows,
    person_name_column,
    register,
)
from gonghui.core.models import AuditAction, Employer, Organization, Sex
from gonghui.core.validators import id_number_key, parse_id_number
from gonghui.mutual_aid.models import AidPlan, Enrollment, EnrollmentStatus, Payer


@dataclass
class EnrollmentRow:
    id_hash: str
    name: str
    plan_name: str
    year: int
    credit_code: str
    payer: str


@register
class EnrollmentImporter(Importer):
    """参保登记: one row per person and plan; the bill is opened afterwards per unit."""

    key = "aid_enrollments"
    label = "互助保障参保登记"
    model_label = "mutual_aid.enrollment"
    key_column = "id_number"
    pii_columns = frozenset({"id_number"})
    batch_size = 5000
    note = "参保人须已在“人员及会员”中登记；同一人同一保障项目只能登记一次。"
    columns = (
        person_name_column(),
        id_number_column(),
        Column(
            "plan",
            "保障项目",
            ("参保项目", "项目名称"),
            required=True,
            sample="住院医疗互助保障",
            help="与保障项目名称一致",
        ),
        Column("year", "年度", ("保障年度",), required=True, kind="int", sample=2026),
        Column(
            "credit_code",
            "单位统一社会信用代码",
            ("统一社会信用代码", "参保单位信用代码"),
            kind="code",
            sample="",
            help="单位缴纳、单位与工会分担时必填",
        ),
        Column(
            "payer",
            "缴费方式",
            (),
            required=True,
            kind="choice",
            # Cells are folded to half-width before matching: offer the folded labels too.
            choices=tuple((label, value) for value, label in Payer.choices)
            + tuple((fold(label), value) for value, label in Payer.choices if fold(label) != label)
            + (
                ("单位", Payer.UNIT),
                ("个人", Payer.WORKER),
                ("工会", Payer.UNION),
                ("分担", Payer.SPLIT),
            ),
            sample="单位缴纳",
            help="单位缴纳/个人缴纳/单位50%+工会50%/工会全额（免费保障）",
        ),
    )

    def duplicate_key(self, values: dict[str, Any]) -> str:
        ident = id_number_key(values.get("id_number")) if values.get("id_number") else ""
        return f"{ident}|{values.get('plan')}|{values.get('year')}" if ident else ""

    def clean(self, item: Item, ctx: ImportContext) -> None:
        v = item.values
        parsed = checked(item, "id_number", parse_id_number)
        payer = v.get("payer")
        if payer in (Payer.UNIT, Payer.SPLIT) and not v.get("credit_code"):
            item.fail("credit_code", "单位缴纳或单位与工会分担时须填写单位统一社会信用代码")
        if item.pending or item.failed or parsed is None:
            return
        item.data = EnrollmentRow(
            id_hash=id_hash(parsed.number),
            name=str(v["name"]).strip(),
            plan_name=str(v["plan"]).strip(),
            year=int(v["year"]),
            credit_code=str(v.get("credit_code") or "").strip().upper(),
            payer=str(payer),
        )

    def plan(self, items: list[Item], ctx: ImportContext, *, write: bool) -> None:
        rows: list[EnrollmentRow] = [it.data for it in items]
        persons = persons_by_hash(r.id_hash for r in rows)
        plans = {
            (p.name, p.year): p
            for p in AidPlan.objects.filter(
                name__in={r.plan_name for r in rows}, year__in={r.year for r in rows}
            )
        }
        employers = {
            e.credit_code: e
            for e in Employer.objects.filter(
                credit_code__in={r.credit_code for r in rows if r.credit_code}
            ).select_related("org")
        }
        unions: dict[int, Organization] = {}
        for org in Organization.objects.filter(
            employer_id__in=[e.pk for e in employers.values()], is_active=True
        ).order_by("-id"):
            unions[org.employer_id] = org  # type: ignore[index]
        taken = set(
            Enrollment.objects.filter(
                person_id__in=[p.pk for p in persons.values()],
                plan_id__in=[p.pk for p in plans.values()],
            )
            .exclude(status=EnrollmentStatus.CANCELLED)
            .values_list("person_id", "plan_id")
        )
        prev = {
            (pid, cat): eid
            for pid, cat, eid in Enrollment.objects.filter(
                person_id__in=[p.pk for p in persons.values()],
                status=EnrollmentStatus.ACTIVE,
                plan__year__in={r.year - 1 for r in rows},
            ).values_list("person_id", "plan__category", "id")
        }
        for it in items:
            r: EnrollmentRow = it.data
            person = registered_person(
                it,
                ctx,
                persons,
                r.id_hash,
                r.name,
            )
            if person is None:
                continue
            plan = plans.get((r.plan_name, r.year))
            if plan is None:
                it.fail("plan", f"没有{r.year}年的保障项目“{r.plan_name}”")
                continue
            if not plan.is_active:
                it.fail("plan", f"“{plan}”已停止参保登记")
                continue
            if plan.women_only and person.sex != Sex.FEMALE:
                it.fail("plan", f"“{plan.name}”仅限女职工参加")
                continue
            employer = None
            if r.credit_code:
                employer = employers.get(r.credit_code)
                if employer is None:
                    it.fail("credit_code", f"没有统一社会信用代码为{r.credit_code}的用人单位")
                    continue
            org = (unions.get(employer.pk) or employer.org) if employer else person.org
            if not ctx.in_scope(org):
                it.fail("credit_code", "该单位已在其他组织登记，不在您的管辖范围内")
                continue
            if (person.pk, plan.pk) in taken:
                it.fail("id_number", f"{person.name}已参加“{plan}”，不能重复登记")
                continue
            taken.add((person.pk, plan.pk))
            renewed = prev.get((person.pk, plan.category))
            it.action = "new"
            it.extra["row"] = {
                "plan_id": plan.pk,
                "person_id": person.pk,
                "employer_id": employer.pk if employer else None,
                "org_id": org.pk,
                "payer": r.payer,
                "amount": plan.contribution,
                "status": EnrollmentStatus.PENDING,
                "continuous": renewed is not None,
                "renewed_from_id": renewed,
            }
            it.extra["org"] = org
            it.extra["person"] = person
            it.extra["label"] = f"{person} · {plan}"

    def write(self, items: list[Item], ctx: ImportContext) -> None:
        rows = [it.extra["row"] for it in items]
        insert_rows(Enrollment, rows)
        ids = {
            (pid, plid): eid
            for eid, pid, plid in Enrollment.objects.filter(
                person_id__in=[r["person_id"] for r in rows],
                plan_id__in={r["plan_id"] for r in rows},
                status=EnrollmentStatus.PENDING,
            ).values_list("id", "person_id", "plan_id")
        }
        now = clock.now().isoformat()
        for it in items:
            row = it.extra["row"]
            ctx.log_row(
                action=AuditAction.CREATE,
                model=self.model_label,
                object_id=ids.get((row["person_id"], row["plan_id"]), ""),
                object_repr=it.extra["label"],
                org=it.extra["org"],
                person=it.extra["person"],
                after={**row, "amount": str(row["amount"]), "created_at": now},
                note="批量导入",
            )
