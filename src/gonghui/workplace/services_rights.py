"""Writes of 维权 at employers: mediation cases (受理 with a number 调2026-0001, stage moves with a
step each), safety inspections with the hazards found (a hazard is closed only with evidence of
the fix) and the log of legal consultations.

A mediation moves 受理 → 调解中 → 达成调解协议 | 转劳动仲裁 | 转诉讼 | 撤回 (撤回 also straight from
受理); the last four close it. Each move reads the case again under its row lock, so two officers
moving one case at once take turns and the second sees the first's stage.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from gonghui.core import cleaning
from gonghui.core import documents as uploaded
from gonghui.core.db import lock_row, unique_or, unless_taken
from gonghui.core.errors import DomainError
from gonghui.core.middleware import acting_as
from gonghui.core.models import Employer, Organization, User
from gonghui.core.money import to_money
from gonghui.core.permissions import Denied, requires
from gonghui.core.workdays import add_workdays
from gonghui.workplace.models import (
    Body,
    Channel,
    Consultation,
    Hazard,
    HazardEvidence,
    Inspection,
    Mediation,
    MediationStage,
    MediationStep,
    Violation,
)
from gonghui.workplace.models.rights import MediationCounter
from gonghui.workplace.selectors_rights import may_close_hazard
from gonghui.workplace.selectors_settings import setting_for

S = MediationStage
FINAL_STAGES = (S.AGREED, S.ARBITRATION, S.LITIGATION, S.WITHDRAWN)
# The stages a case may move to from each open stage, in the order the page offers them.
NEXT_STAGES: dict[str, tuple[str, ...]] = {
    S.INTAKE: (S.MEDIATING, S.WITHDRAWN),
    S.MEDIATING: (S.AGREED, S.ARBITRATION, S.LITIGATION, S.WITHDRAWN),
}


# ---------------------------------------------------------------- small checks


def _employer_in_scope(user: User, employer: Employer | None, *, field: str) -> None:
    """An employer named on a record lies in the acting user's subtree (never says where else)."""
    if employer is None or user is None:
        return
    own = user.organization
    if own is None or not employer.org.path.startswith(own.path):
        raise DomainError(f"{field}“{employer.name}”不在您的管辖范围内", column=field)


def clean_bodies(bodies: Sequence[str] | None) -> list[str]:
    """The cooperating bodies: values of Body, each once, in the table's order."""
    picked = list(dict.fromkeys(bodies or []))
    unknown = [b for b in picked if b not in Body.values]
    if unknown:
        raise DomainError(f"协同单位“{'、'.join(map(str, unknown))}”无效", column="协同单位")
    return [b for b in Body.values if b in picked]


# ---------------------------------------------------------------- mediation


def _next_number(year: int) -> str:
    """The next 调{year}-NNNN under the year's counter row lock (held until the case is saved;
    the unique number is the last guard). A year's first case starts the counter after any
    number already used, so numbers stay gap-free and never repeat."""
    if not MediationCounter.objects.filter(year=year).exists():
        prefix = f"调{year}-"
        used = [
            int(n.rsplit("-", 1)[-1])
            for n in Mediation.objects.filter(number__startswith=prefix).values_list(
                "number", flat=True
            )
            if n.rsplit("-", 1)[-1].isdigit()
        ]
        with unless_taken():
            MediationCounter.objects.bulk_create(
                [MediationCounter(year=year, last=max(used, default=0))]
            )
    counter = MediationCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    # update(): the counter is plumbing; the case's own audit entry shows the number.
    MediationCounter.objects.filter(pk=counter.pk).update(last=counter.last)
    return f"调{year}-{counter.last:04d}"


def _step(mediation: Mediation, user: User, on: dt.date, note: str = "") -> None:
    MediationStep.objects.create(
        mediation=mediation, stage=mediation.stage, on_date=on, by=user, note=note[:1000]
    )


@requires("workplace.mediation.record", on="org")
def mediation_intake(
    *,
    user: User,
    org: Organization,
    applicant: str,
    respondent: str = "",
    dispute: str,
    summary: str,
    bodies: Sequence[str] = (),
    applicants: Any = 1,
    received_on: dt.date | None = None,
    amount_claimed: Any = "0",
    employer: Employer | None = None,
) -> Mediation:
    """受理: a labour dispute taken in by `org` with its cooperating bodies; numbered per year."""
    name = cleaning.paragraphs(applicant, field="申请人", limit=100)
    _employer_in_scope(user, employer, field="用人单位")
    other = cleaning.paragraphs(respondent, field="被申请人", limit=200, required=employer is None)
    other = other or (employer.name if employer is not None else "")
    kind = cleaning.choice(dispute, Violation, field="争议类型")
    facts = cleaning.paragraphs(summary, field="案情摘要", limit=3000)
    picked = clean_bodies(bodies)
    try:
        people = int(applicants)
    except (TypeError, ValueError):
        raise DomainError("涉及职工人数应为整数", column="涉及职工人数") from None
    if not 1 <= people <= 100_000:
        raise DomainError("涉及职工人数应在1到100000之间", column="涉及职工人数")
    claimed = to_money(
        amount_claimed if amount_claimed not in (None, "") else "0", field="请求金额"
    )
    day = cleaning.past_day(received_on, field="受理日期", default_today=True)
    with transaction.atomic(), acting_as(user):
        mediation = Mediation(
            number=_next_number(day.year),
            org=org,
            employer=employer,
            applicant=name,
            applicants=people,
            respondent=other,
            dispute=kind,
            bodies=picked,
            stage=S.INTAKE,
            received_on=day,
            amount_claimed=claimed,
            summary=facts,
            created_by=user,
        )
        with unique_or("案件编号已被占用，请重新提交"):
            mediation.save()
        labels = "、".join(str(Body(b).label) for b in picked)
        _step(mediation, user, day, f"工会会同{labels}受理" if labels else "工会受理")
    return mediation


def _check_move(mediation: Mediation, stage: str) -> None:
    current = MediationStage(mediation.stage)
    if current in FINAL_STAGES:
        raise DomainError(
            f"案件{mediation.number}已{current.label}（{mediation.closed_on:%Y-%m-%d}结案），"
            "不能再变更阶段",
            column="阶段",
        )
    if stage not in MediationStage.values:
        raise DomainError("请选择要进入的阶段", column="阶段")
    allowed = NEXT_STAGES[current]
    if stage not in allowed:
        names = "、".join(f"“{MediationStage(s).label}”" for s in allowed)
        raise DomainError(
            f"案件{mediation.number}当前为“{current.label}”，不能直接进入"
            f"“{MediationStage(stage).label}”；下一步只能是{names}",
            column="阶段",
        )


@requires("workplace.mediation.record", on="mediation")
def mediation_move(
    *,
    user: User,
    mediation: Mediation,
    stage: str,
    on_date: dt.date | None = None,
    note: str = "",
    amount_agreed: Any = None,
    outcome: str = "",
) -> Mediation:
    """The case's next stage, with its step; 达成调解协议 needs the amount and the agreement's
    content; a final stage closes the case on the step's date."""
    text = cleaning.paragraphs(note, field="说明", limit=1000, required=False)
    result = cleaning.paragraphs(outcome, field="处理结果", limit=1000, required=False)
    day = cleaning.past_day(on_date, field="办理日期", default_today=True)
    agreed = None
    if stage == S.AGREED:
        if amount_agreed is None or str(amount_agreed).strip() == "":
            raise DomainError("达成调解协议须填写协议金额（无金额的填0）", column="协议金额")
        agreed = to_money(amount_agreed, field="协议金额")
        if not result:
            raise DomainError("达成调解协议须填写协议内容（处理结果）", column="处理结果")
    with transaction.atomic(), acting_as(user):
        mediation = lock_row(mediation)
        _check_move(mediation, stage)
        if day < mediation.received_on:
            raise DomainError(
                f"办理日期不能早于受理日期{mediation.received_on:%Y-%m-%d}", column="办理日期"
            )
        last = mediation.steps.order_by("-on_date").values_list("on_date", flat=True).first()
        if last is not None and day < last:
            raise DomainError(f"办理日期不能早于上一步的日期{last:%Y-%m-%d}", column="办理日期")
        mediation.stage = stage
        if agreed is not None:
            mediation.amount_agreed = agreed
        if stage in FINAL_STAGES:
            mediation.closed_on = day
            mediation.outcome = result or text or str(MediationStage(stage).label)
        mediation.save()
        _step(mediation, user, day, "；".join(t for t in (result, text) if t))
    return mediation


# ---------------------------------------------------------------- inspections


@dataclass
class HazardData:
    """A hazard as typed: its description and, when not the default, its deadline."""

    description: str
    deadline: dt.date | None = None


def _as_hazard(h: HazardData | dict[str, Any] | str) -> HazardData:
    if isinstance(h, HazardData):
        return h
    if isinstance(h, str):
        return HazardData(h)
    return HazardData(**h)


def default_deadline(inspection: Inspection) -> dt.date:
    """The inspection's date plus the year's 隐患整改期限 in working days (a setting, 10)."""
    days = setting_for(inspection.org, inspection.inspected_on.year).hazard_days
    return add_workdays(inspection.inspected_on, days)


def _add_hazards(
    inspection: Inspection, hazards: Sequence[HazardData | dict[str, Any] | str]
) -> list[Hazard]:
    made = []
    default = None
    for i, raw in enumerate(hazards, start=1):
        h = _as_hazard(raw)
        label = f"第{i}项隐患" if len(hazards) > 1 else "隐患"
        description = cleaning.paragraphs(h.description, field=f"{label}描述", limit=500)
        deadline = h.deadline
        if deadline is None:
            default = default or default_deadline(inspection)
            deadline = default
        if deadline < inspection.inspected_on:
            raise DomainError(
                f"{label}的整改期限不能早于检查日期{inspection.inspected_on:%Y-%m-%d}",
                column="整改期限",
            )
        made.append(
            Hazard.objects.create(inspection=inspection, description=description, deadline=deadline)
        )
    return made


@requires("workplace.inspection.record", on="org")
def inspection_record(
    *,
    user: User,
    org: Organization,
    employer: Employer,
    inspected_on: dt.date | None,
    inspectors: str,
    note: str = "",
    hazards: Sequence[HazardData | dict[str, Any] | str] = (),
) -> Inspection:
    """A safety inspection of an employer in scope, with the hazards found (each due by its
    deadline, by default the setting's working days after the inspection)."""
    if employer is None:
        raise DomainError("请选择被检查单位", column="被检查单位")
    _employer_in_scope(user, employer, field="被检查单位")
    day = cleaning.past_day(inspected_on, field="检查日期")
    people = cleaning.paragraphs(inspectors, field="检查人员", limit=200)
    text = cleaning.paragraphs(note, field="检查情况", limit=1000, required=False)
    with transaction.atomic(), acting_as(user):
        inspection = Inspection.objects.create(
            org=org,
            employer=employer,
            inspected_on=day,
            inspectors=people,
            note=text,
            created_by=user,
        )
        _add_hazards(inspection, hazards)
    return inspection


@requires("workplace.inspection.record", on="inspection")
def hazard_add(
    *, user: User, inspection: Inspection, description: str, deadline: dt.date | None = None
) -> Hazard:
    """A hazard of an inspection recorded afterwards (its deadline counted from the inspection)."""
    with transaction.atomic(), acting_as(user):
        inspection = lock_row(inspection)
        (hazard,) = _add_hazards(inspection, [HazardData(description, deadline)])
    return hazard


@requires("workplace.hazard.close")
def hazard_close(
    *,
    user: User,
    hazard: Hazard,
    fixed_on: dt.date | None,
    evidence: Sequence[UploadedFile] = (),
) -> Hazard:
    """整改销号: a hazard marked fixed with at least one photo or PDF of the fix, by an officer of
    the inspecting union's subtree or by the chair of the inspected employer's own union."""
    if not may_close_hazard(user, hazard):
        raise Denied("无权为该隐患销号：只有检查单位的工会干部或被检查单位的工会主席可以销号")
    if not evidence:
        raise DomainError("隐患销号须上传至少一份整改佐证（照片或PDF）", column="整改佐证")
    kinds = [uploaded.check(f, column="整改佐证") for f in evidence]
    day = cleaning.past_day(fixed_on, field="整改日期")
    with uploaded.removed_on_error() as stored, transaction.atomic(), acting_as(user):
        hazard = Hazard.objects.select_for_update().select_related("inspection").get(pk=hazard.pk)
        if hazard.fixed:
            raise DomainError(
                f"隐患“{hazard.description}”已于{hazard.fixed_on:%Y-%m-%d}销号", column="整改日期"
            )
        inspected = hazard.inspection.inspected_on
        if day < inspected:
            raise DomainError(f"整改日期不能早于检查日期{inspected:%Y-%m-%d}", column="整改日期")
        for upload, kind in zip(evidence, kinds, strict=True):
            HazardEvidence.objects.create(
                hazard=hazard,
                path=uploaded.save(
                    upload, kind, folder=f"workplace/hazards/{hazard.pk}", stored=stored
                ),
                name=uploaded.display_name(upload.name or ""),
                content_type=kind,
                size=upload.size or 0,
            )
        hazard.fixed = True
        hazard.fixed_on = day
        hazard.closed_by = user
        hazard.save()
    return hazard


# ---------------------------------------------------------------- consultations


@requires("workplace.consultation.record", on="org")
def consultation_log(
    *,
    user: User,
    org: Organization,
    channel: str,
    topic: str,
    question: str,
    answer: str,
    consulted_on: dt.date | None = None,
    asker: str = "",
    employer: Employer | None = None,
) -> Consultation:
    """A legal consultation answered by `org` (法律咨询台账)."""
    _employer_in_scope(user, employer, field="涉及单位")
    with transaction.atomic(), acting_as(user):
        return Consultation.objects.create(
            org=org,
            consulted_on=cleaning.past_day(consulted_on, field="咨询日期", default_today=True),
            channel=cleaning.choice(channel, Channel, field="咨询方式"),
            asker=cleaning.paragraphs(asker, field="咨询人", limit=40, required=False),
            employer=employer,
            topic=cleaning.choice(topic, Violation, field="咨询事项"),
            question=cleaning.paragraphs(question, field="咨询内容", limit=1000),
            answer=cleaning.paragraphs(answer, field="解答情况", limit=1000),
            created_by=user,
        )
