"""Writes for selection: a run of the planner (in the background, with progress) whose input,
SHA-256, seed and output are kept, and its publication — the 公示 opens and invitations go out
to those still eligible today."""

from __future__ import annotations

import copy
import gc
import hashlib
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import transaction

from gonghui.core import audit
from gonghui.core.audit import snapshot
from gonghui.core.db import lock_row
from gonghui.core.errors import DomainError
from gonghui.core.importing.rows import insert_rows
from gonghui.core.models import AuditAction, Person, User
from gonghui.core.permissions import Denied, requires
from gonghui.core.workdays import add_workdays
from gonghui.recuperation import rules
from gonghui.recuperation import services_common as common
from gonghui.recuperation.models import (
    Batch,
    Invitation,
    Notification,
    Plan,
    PlanStatus,
    RunStatus,
    SelectionRun,
)
from gonghui.recuperation.models_runs import RUN_FILE_FIELDS, CandidateOutcome
from gonghui.recuperation.services_common import RecuperationError
from gonghui.recuperation.services_input import (
    canonical_json,
    ineligible_now,
    org_code_map,
    refusal_text,
    selection_input_and_codes,
)
from gonghui.recuperation.services_invitations import cost_of, invite_next, invite_text
from gonghui.recuperation.services_plans import check_budget_covers_one


def _ensure_can_run(plan: Plan) -> None:
    if plan.status == PlanStatus.DRAFT:
        raise RecuperationError("工作方案尚未经党组会审定，不能进行遴选")
    if plan.status == PlanStatus.SUPERSEDED:
        raise RecuperationError("该版本已被新版本替代，请在最新版本上遴选")
    if plan.status == PlanStatus.COMPLETED:
        raise RecuperationError("方案已办结，不能再遴选")
    if plan.runs.filter(status=RunStatus.PUBLISHED).exists():
        raise RecuperationError("遴选结果已公示，不能重新遴选")


ProgressFn = Callable[..., None]


# The planner's settings for a run: the 公示 prints them with the command that reproduces it.
SOLVE_TIME_LIMIT = 30.0
SOLVE_WORKERS = 2
# Candidates above which a run frees the input build's garbage before planning (a city's
# list of a few hundred leaves little; a province's 20,000 leave millions of objects).
LARGE_INPUT = 2000


@requires("recuperation.run.start", on="plan")
def selection_run(
    *,
    user: User,
    plan: Plan,
    run: SelectionRun | None = None,
    progress: ProgressFn | None = None,
    time_limit: float | None = None,
) -> SelectionRun:
    """Build the input, run the planner, store input, SHA-256, seed and output."""
    from gonghui.planner import PlannerInputError, serialize, solve

    plan = Plan.objects.get(pk=plan.pk)
    _ensure_can_run(plan)
    check_budget_covers_one(plan)
    step = progress or (lambda *a, **k: None)
    step(0, 3, "正在汇总候选人", force=True)
    data, codes = selection_input_and_codes(plan=plan)
    text = canonical_json(data)
    heading = f"正在计算（候选人{len(data['candidates'])}人，批次{len(data['batches'])}个）"
    large = len(data["candidates"]) > LARGE_INPUT
    del data  # the planner reads the stored bytes; a province's input is millions of objects
    if large:
        # Reading a province's registry leaves millions of model instances in reference
        # cycles, which only a full collection frees: run it here, once, before the planner
        # allocates, rather than at a random later moment (it stops every thread for seconds).
        gc.collect()
    stored_input: dict[str, Any] = {
        "input_json": text,
        "input_sha256": hashlib.sha256(text.encode()).hexdigest(),
        "seed": plan.seed,
        "codes": codes,
    }
    if run is None:
        run = SelectionRun.objects.create(
            plan=plan, input_json="", input_sha256="", seed=plan.seed, created_by=user
        )
    step(1, 3, heading, force=True)

    def solving(stage: str, info: dict[str, Any]) -> None:
        step(1, 3, f"{heading}：{planner_progress_text(stage, info)}")

    try:
        output = solve(
            json.loads(text),
            time_limit=time_limit or SOLVE_TIME_LIMIT,
            workers=SOLVE_WORKERS,
            progress=solving,
        )
    except PlannerInputError as exc:
        _run_save(run, user=user, status=RunStatus.FAILED, message=str(exc)[:500], **stored_input)
        raise RecuperationError(f"遴选输入有误：{exc}") from None
    step(2, 3, "正在保存结果", force=True)
    output_json = serialize(output)
    selected = len(output.get("assignments", []))
    total = common.yuan(Decimal(str(output.get("total_cost", "0"))))
    status = rules.SOLVER_STATUS_LABELS.get(output.get("status", ""), "未知")
    del output  # what is stored is the serialized bytes, read back below
    with transaction.atomic():
        _run_save(
            run,
            user=user,
            status=RunStatus.DONE,
            message=f"入选{selected}人，总费用{total}（{status}）",
            output_json=output_json,
            output_sha256=hashlib.sha256(output_json.encode()).hexdigest(),
            output=json.loads(output_json),
            **stored_input,
        )
        _outcomes_write(run, user=user)
    step(3, 3, "已完成", force=True)
    return run


def _run_save(run: SelectionRun, *, user: User | None, note: str = "", **fields: Any) -> None:
    """Write `fields` of a run in one UPDATE and log the change. The log names the run's files
    by their SHA-256 rather than copying them: for a province's list they are megabytes, and
    the signal's snapshot would keep them twice on every change of the run."""
    before = _logged(run)
    for name, value in fields.items():
        setattr(run, name, value)
    SelectionRun.objects.filter(pk=run.pk).update(**fields)
    audit.record(
        action=AuditAction.UPDATE,
        instance=run,
        user=user,
        before=before,
        after=_logged(run),
        note=note,
    )


def _logged(run: SelectionRun) -> dict[str, Any]:
    """The run's audit snapshot without its files (RUN_FILE_FIELDS), which are not read."""
    shallow = copy.copy(run)
    shallow.__dict__.update(dict.fromkeys(RUN_FILE_FIELDS))
    data = snapshot(shallow)
    for name in RUN_FILE_FIELDS:
        data.pop(name, None)
    return data


def _outcomes_write(run: SelectionRun, *, user: User | None) -> int:
    """Store each candidate's result of a run (CandidateOutcome) from its output, in the order
    of the run page: selected, then the waiting list in order, then the others by score. Once
    per run, when its output is stored (one INSERT, one audit entry); returns how many."""
    output = run.output or {}
    assigned = {a["candidate"]: a["batch"] for a in output.get("assignments", [])}
    waitlist = {c: i + 1 for i, c in enumerate(output.get("waitlist", []))}
    explanations: dict[str, dict[str, Any]] = output.get("explanations", {})
    order = sorted(
        explanations,
        key=lambda c: (
            not explanations[c].get("selected", False),
            waitlist.get(c) or 10**6,
            -(explanations[c].get("score") or -1),
            c,
        ),
    )
    people = {code: run.person_id(code) for code in order}
    ids = list(people.values())
    existing: set[int] = set()
    for start in range(0, len(ids), 5000):  # a person removed since the input was built
        chunk = ids[start : start + 5000]
        existing.update(Person.objects.filter(pk__in=chunk).values_list("pk", flat=True))
    rows = []
    for position, code in enumerate(order):
        e = explanations[code]
        if people[code] not in existing:
            continue
        rows.append(
            {
                "run_id": run.pk,
                "person_id": people[code],
                "code": code,
                "position": position,
                "eligible": bool(e.get("eligible")),
                "selected": bool(e.get("selected", False)),
                "score": e.get("score"),
                "lottery": e.get("lottery"),
                "batch": assigned.get(code, ""),
                "waitlist": waitlist.get(code),
                "explanation": e,
            }
        )
    insert_rows(CandidateOutcome, rows)
    audit.record(
        action=AuditAction.CREATE,
        model=CandidateOutcome._meta.label_lower,
        org=run.org,
        user=user,
        object_repr=str(run),
        note=f"保存遴选#{run.pk}的逐人结果{len(rows)}条",
    )
    return len(rows)


# The planner's stages in the words of the run page.
PLANNER_STAGES = {
    "greedy": "按传统规则排出初始方案",
    "lp": "求出理论上界",
    "rounded": "由上界取整得到方案",
    "runs": "逐一试开未满批次",
    "stage1": "寻找总得分最高的方案",
    "stage2": "同分者按抽签确定",
}


def planner_progress_text(stage: str, info: dict[str, Any]) -> str:
    """One line for the progress bar: the stage, the best plan so far, the bound and the gap."""
    text = PLANNER_STAGES.get(stage, "计算中")
    best, bound = info.get("objective"), info.get("bound")
    if best is None or bound is None:
        return text
    gap = (bound - best) / bound * 100 if bound else 0.0
    return f"{text}，当前最优 {best} 分，上界 {bound} 分，差距 {gap:.2f}%"


@requires("recuperation.run.start", on="plan")
def selection_start(*, user: User, plan: Plan) -> SelectionRun:
    """Start a selection run as a background job with progress; returns the pending run."""
    from gonghui.core import jobs

    _ensure_can_run(plan)
    check_budget_covers_one(plan)
    with transaction.atomic():
        run = SelectionRun.objects.create(
            plan=plan, input_json="", input_sha256="", seed=plan.seed, created_by=user
        )
        job = jobs.enqueue(
            kind="recuperation.select",
            params={"run": run.pk},
            user=user,
            total=3,
            message="等待遴选",
        )
        SelectionRun.objects.filter(pk=run.pk).update(job=job)
    run.refresh_from_db()
    return run


def selection_job(job: Any, progress: ProgressFn) -> dict[str, Any]:
    """Job handler: run the planner for a pending run; a domain error fails the job and run.

    The permission is checked again for the user who started the job (selection_run is
    decorated): a job never acts with more rights than its starter has now."""
    run = SelectionRun.objects.select_related("plan__org").get(pk=job.params["run"])
    try:
        run = selection_run(user=job.created_by, plan=run.plan, run=run, progress=progress)
    except (DomainError, Denied) as exc:
        message = str(exc)[:500]
        SelectionRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED, message=message)
        if isinstance(exc, Denied):
            raise RecuperationError(message) from None
        raise
    return {
        "run": run.pk,
        "sha256": run.input_sha256,
        "message": run.message,
        "url": f"/recuperation/runs/{run.pk}/",
    }


@requires("recuperation.run.publish", on="run")
def selection_publish(*, user: User, run: SelectionRun) -> SelectionRun:
    """Publish a run: the 公示 opens, invitations go out, the plan is 执行中."""
    today = common.today()
    settings = rules.settings_for(run.plan.year)
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=run.plan_id)
        run = lock_row(run)
        if plan.status not in (PlanStatus.APPROVED,):
            raise RecuperationError(
                f"方案当前状态为“{plan.get_status_display()}”，不能公示遴选结果"
            )
        if run.status != RunStatus.DONE:
            raise RecuperationError("该次遴选尚未完成或已失败，不能公示")
        if plan.runs.filter(status=RunStatus.PUBLISHED).exists():
            raise RecuperationError("该方案已有公示的遴选结果")
        if run.input_sha256 != hashlib.sha256(run.input_json.encode()).hexdigest():
            raise RecuperationError("遴选输入与其SHA-256不一致，请重新遴选")
        deadline = add_workdays(today, settings.confirm_workdays)
        batches = {b.code: b for b in plan.batches.select_related("base")}
        explanations = run.output.get("explanations", {})
        ids = [run.person_id(a["candidate"]) for a in run.output.get("assignments", [])]
        persons = Person.objects.in_bulk(ids)
        codes = org_code_map()
        # The run may be days old: whoever has since died, lost the honor or taken a seat in
        # another plan of the year is not invited; their seat goes down the waiting list.
        blocked = ineligible_now(plan, ids, org_codes=codes)
        refused: list[str] = []
        freed: dict[str, int] = {}
        invitations = []
        for a in run.output.get("assignments", []):
            person = persons[run.person_id(a["candidate"])]
            batch = batches[a["batch"]]
            if person.pk in blocked:
                refused.append(refusal_text(plan, person, blocked[person.pk]))
                freed[batch.code] = freed.get(batch.code, 0) + 1
                continue
            invitations.append(
                Invitation(
                    plan=plan,
                    batch=batch,
                    person=person,
                    run=run,
                    candidate_id=a["candidate"],
                    score=explanations.get(a["candidate"], {}).get("score", 0),
                    cost=cost_of(batch, codes.get(person.org_id, "*")),
                    deadline=deadline,
                )
            )
        created = Invitation.objects.bulk_create(invitations, batch_size=500)
        audit.record_many(
            (
                {"instance": inv, "org": inv.person.org, "after": snapshot(inv)}
                for inv in Invitation.objects.filter(pk__in=[i.pk for i in created]).select_related(
                    "person__org", "batch"
                )
            ),
            user=user,
            action=AuditAction.CREATE,
            note="遴选公示生成邀请",
        )
        message = run.message
        if refused:
            message = f"{run.message}；未发邀请：{'；'.join(refused)}"[:500]
        _run_save(
            run,
            user=user,
            status=RunStatus.PUBLISHED,
            published_at=common.now(),
            published_by=user,
            publicity_until=add_workdays(today, settings.publicity_workdays),
            message=message,
        )
        plan.status = PlanStatus.RUNNING
        plan.save()
        for code, count in sorted(freed.items()):
            locked = Batch.objects.select_for_update().select_related("plan", "base")
            batch = locked.get(pk=batches[code].pk)
            for _ in range(count):
                if invite_next(batch, today=today) is None:
                    break
        if refused:
            audit.record(
                action=AuditAction.UPDATE,
                instance=run,
                user=user,
                note=f"公示时未发邀请：{'；'.join(refused)}",
            )
        notices = []
        for inv in created:
            inv.plan, inv.batch = plan, batches[inv.batch.code]
            notices.append(
                Notification(person=inv.person, title="疗休养入选通知", body=invite_text(inv))
            )
        Notification.objects.bulk_create(notices, batch_size=500)
    for inv in created:
        common.send_sms(inv.person, invite_text(inv))
    return run
