"""Writes of 一函两书 (劳动法律监督 提示函, 意见书, 建议书): issue with a gap-free number per issuing
federation, year and kind (安工监提〔2026〕3号), the employer's reply, the rectification — or its
absence once the deadline has passed — and the wages recovered for each worker.

Numbers are taken from the `LetterCounter` row of (org, year, kind), read with its row locked: two
officers issuing at once take turns, and a letter refused after its number was taken rolls the
counter back with it, so numbers have no gaps.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum

from gonghui.core import cleaning, clock, workdays
from gonghui.core.db import lock_row, unique_or, unless_taken
from gonghui.core.errors import DomainError
from gonghui.core.middleware import acting_as
from gonghui.core.models import Employer, Organization, OrgKind, Person, User
from gonghui.core.money import to_money, yuan
from gonghui.core.permissions import can, requires
from gonghui.workplace.models import (
    Letter,
    LetterCounter,
    LetterKind,
    LetterStatus,
    Recovery,
    Violation,
)
from gonghui.workplace.selectors_settings import setting_for

# 提示函 → 提, 意见书 → 意, 建议书 → 建 in the number (安工监提〔2026〕3号).
KIND_MARK = {LetterKind.NOTICE: "提", LetterKind.OPINION: "意", LetterKind.SUGGESTION: "建"}
# 工会劳动法律监督 → 工监
NUMBER_WORD = "工监"
# What a county-level federation's name ends with after 总工会 (恒口示范区 → 恒口).
AREA_SUFFIXES = ("示范区", "区", "县", "市")
PREFIX_MAX = 6
# A deadline is set for rectification, not for the years to come.
DEADLINE_MAX_DAYS = 366


def org_prefix(org: Organization) -> str:
    """The short name in an organization's letter numbers: 安康市总工会 → 安 (the city's first
    character, as 安工监), 汉滨区总工会 → 汉滨, 恒口示范区总工会 → 恒口."""
    name = "".join(org.name.split())
    if name.endswith("总工会"):
        name = name[: -len("总工会")]
    if org.kind == OrgKind.CITY:
        return name[:1] or org.name[:1]
    for suffix in AREA_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
            break
    return (name or org.name)[:PREFIX_MAX]


def letter_number(org: Organization, year: int, kind: str, n: int) -> str:
    return f"{org_prefix(org)}{NUMBER_WORD}{KIND_MARK[LetterKind(kind)]}〔{year}〕{n}号"


def _next_number(org: Organization, year: int, kind: str) -> str:
    """The next number of (org, year, kind), under the counter's row lock (held until the
    caller's transaction ends: a refused letter gives its number back)."""
    if not LetterCounter.objects.filter(org=org, year=year, kind=kind).exists():
        with unless_taken():
            # bulk_create: the counter is plumbing; the letter's own audit entry shows the number.
            LetterCounter.objects.bulk_create([LetterCounter(org=org, year=year, kind=kind)])
    counter = LetterCounter.objects.select_for_update().get(org=org, year=year, kind=kind)
    counter.last += 1
    LetterCounter.objects.filter(pk=counter.pk).update(last=counter.last)
    return letter_number(org, year, kind, counter.last)


def default_deadline(org: Organization, issued_on: dt.date) -> workdays.Deadline:
    """issued_on + the setting's 整改期限 in working days (flagged when counted Mon–Fri)."""
    return workdays.deadline(issued_on, setting_for(org, issued_on.year).rectify_days)


def _check_follows(
    *, user: User, follows: Letter, kind: str, employer: Employer, violation: str
) -> Letter:
    """The 提示函 a 意见书/建议书 follows, locked; refused unless it is one to the same employer
    about the same violation, in the user's subtree and not rectified."""
    label = LetterKind(kind).label
    if kind == LetterKind.NOTICE:
        raise DomainError("提示函是第一份文书，不能选择前序提示函", column="前序提示函")
    if not can(user, "workplace.letter.view", follows):
        raise DomainError("所选前序提示函不在您的管辖范围内", column="前序提示函")
    notice = Letter.objects.select_for_update().select_related("employer").get(pk=follows.pk)
    if notice.kind != LetterKind.NOTICE:
        raise DomainError(
            f"{notice.number}是{notice.get_kind_display()}，{label}须跟在提示函之后",
            column="前序提示函",
        )
    if notice.employer_id != employer.pk:
        raise DomainError(
            f"前序提示函{notice.number}是发给{notice.employer.name}的，不是{employer.name}",
            column="前序提示函",
        )
    if notice.violation != violation:
        raise DomainError(
            f"前序提示函{notice.number}涉及“{notice.get_violation_display()}”，"
            f"{label}须就同一违法情形发出",
            column="违法情形",
        )
    if notice.status == LetterStatus.RECTIFIED:
        raise DomainError(f"前序提示函{notice.number}已整改，无需再发{label}", column="前序提示函")
    return notice


@requires("workplace.letter.issue", on="employer")
def letter_issue(
    *,
    user: User,
    kind: str,
    employer: Employer,
    violation: str,
    facts: str,
    demand: str,
    follows: Letter | None = None,
    issued_on: dt.date | None = None,
    deadline: dt.date | None = None,
    arrears_claimed: Any = "0",
    workers_involved: Any = 0,
) -> Letter:
    """发出 a 提示函, 意见书 or 建议书 to an employer of the user's subtree, numbered in the user's
    federation; a 意见书/建议书 follows a 提示函 to the same employer when the settings say so."""
    kind = cleaning.choice(kind, LetterKind, field="文书类型")
    violation = cleaning.choice(violation, Violation, field="违法情形")
    facts_text = cleaning.paragraphs(facts, field="查明事实", limit=3000)
    demand_text = cleaning.paragraphs(demand, field="整改要求", limit=3000)
    arrears = to_money(arrears_claimed, field="涉及欠薪金额")
    workers = cleaning.count(workers_involved, field="涉及职工人数", blank=0)
    if violation == Violation.WAGE_ARREARS and arrears <= 0:
        raise DomainError("拖欠工资的文书须填写涉及欠薪金额", column="涉及欠薪金额")
    if arrears > 0 and workers < 1:
        raise DomainError("涉及欠薪的文书须填写涉及职工人数", column="涉及职工人数")
    org = user.organization
    assert org is not None  # the permission table lets only city and county officers issue
    issued = issued_on or clock.today()
    if issued > clock.today():
        raise DomainError(f"发函日期{issued:%Y-%m-%d}晚于今天", column="发函日期")
    setting = setting_for(org, issued.year)
    due = deadline or workdays.add_workdays(issued, setting.rectify_days)
    if due < issued:
        raise DomainError(
            f"整改期限{due:%Y-%m-%d}不能早于发函日期{issued:%Y-%m-%d}", column="整改期限"
        )
    if (due - issued).days > DEADLINE_MAX_DAYS:
        raise DomainError("整改期限不能超过发函日期后一年", column="整改期限")
    with transaction.atomic(), acting_as(user):
        notice = None
        if follows is not None:
            notice = _check_follows(
                user=user, follows=follows, kind=kind, employer=employer, violation=violation
            )
            if issued < notice.issued_on:
                raise DomainError(
                    f"发函日期{issued:%Y-%m-%d}早于前序提示函{notice.number}的发函日期"
                    f"{notice.issued_on:%Y-%m-%d}",
                    column="发函日期",
                )
        elif kind != LetterKind.NOTICE and setting.notice_first:
            raise DomainError(
                f"按{issued.year}年的设置，{LetterKind(kind).label}须在提示函之后发出："
                f"请选择此前发给{employer.name}的提示函，或先发提示函",
                column="前序提示函",
            )
        number = _next_number(org, issued.year, kind)
        with unique_or(f"文书编号{number}已被使用，请联系管理员核对编号", "文书类型"):
            return Letter.objects.create(
                number=number,
                kind=kind,
                org=org,
                employer=employer,
                follows=notice,
                violation=violation,
                facts=facts_text,
                demand=demand_text,
                issued_on=issued,
                deadline=due,
                arrears_claimed=arrears,
                workers_involved=workers,
                created_by=user,
            )


@requires("workplace.letter.track", on="letter")
def letter_reply(*, user: User, letter: Letter, replied_on: dt.date, reply: str) -> Letter:
    """登记用人单位回复 to a letter still waiting for one."""
    text = cleaning.paragraphs(reply, field="单位回复", limit=1000)
    with transaction.atomic(), acting_as(user):
        letter = lock_row(letter)
        if letter.status != LetterStatus.ISSUED:
            raise DomainError(
                f"{letter.number}状态为“{letter.get_status_display()}”，不能再登记回复"
            )
        letter.replied_on = cleaning.past_day(
            replied_on, field="回复日期", not_before=letter.issued_on, before_what="发函日期"
        )
        letter.reply = text
        letter.status = LetterStatus.REPLIED
        letter.save(update_fields=["replied_on", "reply", "status"])
    return letter


@requires("workplace.letter.track", on="letter")
def letter_rectified(
    *, user: User, letter: Letter, rectified_on: dt.date, rectification: str
) -> Letter:
    """登记已整改 (also after the deadline, for an employer that rectified late)."""
    text = cleaning.paragraphs(rectification, field="整改情况", limit=1000)
    with transaction.atomic(), acting_as(user):
        letter = lock_row(letter)
        if letter.status == LetterStatus.RECTIFIED:
            raise DomainError(f"{letter.number}已于{letter.rectified_on:%Y-%m-%d}登记整改")
        letter.rectified_on = cleaning.past_day(
            rectified_on, field="整改完成日期", not_before=letter.issued_on, before_what="发函日期"
        )
        letter.rectification = text
        letter.status = LetterStatus.RECTIFIED
        letter.save(update_fields=["rectified_on", "rectification", "status"])
    return letter


@requires("workplace.letter.track", on="letter")
def letter_unrectified(*, user: User, letter: Letter, note: str) -> Letter:
    """登记逾期未整改: only once the deadline has passed without a rectification."""
    text = cleaning.paragraphs(note, field="未整改情况", limit=1000)
    with transaction.atomic(), acting_as(user):
        letter = lock_row(letter)
        if letter.status not in (LetterStatus.ISSUED, LetterStatus.REPLIED):
            raise DomainError(
                f"{letter.number}状态为“{letter.get_status_display()}”，不能登记逾期未整改"
            )
        if clock.today() <= letter.deadline:
            raise DomainError(
                f"整改期限{letter.deadline:%Y-%m-%d}尚未届满，期满后才能登记逾期未整改"
            )
        letter.rectification = text
        letter.status = LetterStatus.UNRECTIFIED
        letter.save(update_fields=["rectification", "status"])
    return letter


@requires("workplace.letter.track", on="letter")
def recovery_record(
    *,
    user: User,
    letter: Letter,
    worker_name: str,
    claimed: Any,
    recovered: Any,
    recovered_on: dt.date,
    person: Person | None = None,
) -> Recovery:
    """登记追回欠薪 for one worker: never more than was owed to them, and all the letter's
    recoveries together never more than the arrears it claimed."""
    if person is not None:
        if not can(user, "workplace.letter.track", person):
            raise DomainError("该职工不在您的管辖范围内", column="身份证号码")
        name = person.name
    else:
        name = " ".join(str(worker_name or "").split())
    if not name:
        raise DomainError("请填写职工姓名", column="职工姓名")
    if len(name) > 40:
        raise DomainError("职工姓名过长（最多40个字）", column="职工姓名")
    owed = to_money(claimed, field="被拖欠金额")
    paid = to_money(recovered, field="追回金额")
    if owed <= 0:
        raise DomainError("被拖欠金额必须大于0", column="被拖欠金额")
    if paid <= 0:
        raise DomainError("追回金额必须大于0", column="追回金额")
    if paid > owed:
        raise DomainError(f"追回金额{yuan(paid)}超过{name}被拖欠的{yuan(owed)}", column="追回金额")
    with transaction.atomic(), acting_as(user):
        letter = lock_row(letter)
        cleaning.past_day(
            recovered_on, field="追回日期", not_before=letter.issued_on, before_what="发函日期"
        )
        if letter.arrears_claimed <= 0:
            raise DomainError(f"{letter.number}未登记涉及欠薪金额，不能登记追回欠薪")
        same = letter.recoveries.filter(person=person) if person else None
        if same is None:
            same = letter.recoveries.filter(worker_name=name, person__isnull=True)
        if same.exists():
            raise DomainError(f"{letter.number}已登记{name}的追回欠薪", column="职工姓名")
        done = letter.recoveries.aggregate(s=Sum("recovered"))["s"] or Decimal("0.00")
        if done + paid > letter.arrears_claimed:
            raise DomainError(
                f"追回金额合计将达{yuan(done + paid)}，超过{letter.number}所涉欠薪"
                f"{yuan(letter.arrears_claimed)}（此前已追回{yuan(done)}）",
                column="追回金额",
            )
        return Recovery.objects.create(
            letter=letter,
            person=person,
            worker_name=name,
            claimed=owed,
            recovered=paid,
            recovered_on=recovered_on,
            created_by=user,
        )
