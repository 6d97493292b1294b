"""年度复核 (one task per filed case a year, due by the setting, overdue lists, 维持 / 调整 /
解困脱困) and 帮扶 records, and what the case page lists as given to the household."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from gonghui.core.errors import DomainError
from gonghui.core.permissions import Denied
from gonghui.relief import selectors_cases as selectors
from gonghui.relief import services_cases as services
from gonghui.relief.models.cases import AidKind, Case, CaseStatus, Category, Recheck
from gonghui.relief.services_rechecks import aid_create, recheck_complete, rechecks_generate
from tests.kit import Unchanged
from tests.relief.conftest import TODAY, YEAR, Ledger, member

LAST_YEAR = YEAR - 1


def filed_last_year(ledger: Ledger, org=None, **kw) -> Case:
    """A case filed in March of last year (under last year's city setting)."""
    w = ledger.world
    with time_machine.travel(dt.datetime(LAST_YEAR, 3, 2, 10, tzinfo=dt.UTC), tick=False):
        if not selectors.setting_for(w.city, LAST_YEAR):
            services.setting_save(
                user=w.city_admin,
                org=w.city,
                year=LAST_YEAR,
                dibao="680",
                recheck_due=dt.date(LAST_YEAR, 9, 30),
            )
        if org is None or org == w.hanbin_union:
            return ledger.filed(**kw)
        person = ledger.person(org, "赵敏")
        case = ledger.apply(
            person,
            user=w.shiquan_officer,
            members=[member("赵一", "child", org, birth=dt.date(2010, 1, 1))],
            household_size=2,
            household_income="1000",
        )
        case = services.case_review(user=w.shiquan_officer, case=case)
        return services.case_approve(user=w.city_admin, case=case)


def test_generate_makes_one_task_per_filed_case_due_by_the_setting_once(ledger: Ledger):
    w = ledger.world
    old = filed_last_year(ledger)
    ledger.filed()  # filed this year: checked at filing, no re-check this year
    ledger.apply()  # not filed
    run = rechecks_generate(user=w.hanbin_officer, year=YEAR)
    assert (run.created, run.existing) == (1, 0)
    (task,) = Recheck.objects.all()
    assert (task.case, task.year, task.due) == (old, YEAR, dt.date(YEAR, 9, 30))
    again = rechecks_generate(user=w.hanbin_officer, year=YEAR)
    assert (again.created, again.existing) == (0, 1)
    assert Recheck.objects.count() == 1
    assert "新生成0项，已有1项" in str(again)


def test_generate_covers_only_the_users_subtree_and_uses_the_countys_due_date(ledger: Ledger):
    w = ledger.world
    hanbin = filed_last_year(ledger)
    shiquan = filed_last_year(ledger, w.shiquan_union)
    services.setting_save(
        user=w.shiquan_officer,
        org=w.shiquan,
        year=YEAR,
        dibao="700",
        recheck_due=dt.date(YEAR, 7, 31),
    )
    rechecks_generate(user=w.shiquan_officer, year=YEAR)
    assert list(Recheck.objects.values_list("case", "due")) == [(shiquan.pk, dt.date(YEAR, 7, 31))]
    rechecks_generate(user=w.city_admin, year=YEAR)
    assert Recheck.objects.get(case=hanbin).due == dt.date(YEAR, 9, 30)


def test_generate_names_units_without_a_setting(ledger: Ledger):
    filed_last_year(ledger)
    run = rechecks_generate(user=ledger.world.city_admin, year=YEAR + 1)
    assert run.created == 0 and run.without_setting == ["汉滨区第一中学工会"]
    assert "未设置2027年困难认定标准" in str(run)


def test_the_chair_generates_and_the_auditor_may_not(ledger: Ledger):
    filed_last_year(ledger)
    assert rechecks_generate(user=ledger.world.hanbin_chair, year=YEAR).created == 1
    with pytest.raises(Denied):
        rechecks_generate(user=ledger.world.auditor, year=YEAR)


def _task(ledger: Ledger, **kw) -> Recheck:
    case = filed_last_year(ledger, **kw)
    rechecks_generate(user=ledger.world.city_admin, year=YEAR)
    return Recheck.objects.get(case=case)


def test_overdue_lists_tasks_past_due_and_not_done(ledger: Ledger):
    w = ledger.world
    late = _task(ledger)
    done = _task(ledger)
    assert not selectors.overdue_rechecks(user=w.hanbin_officer).exists()
    with time_machine.travel(dt.datetime(YEAR, 10, 8, 10, tzinfo=dt.UTC), tick=False):
        recheck_complete(user=w.hanbin_chair, recheck=done, result="keep", income_per_head="600")
        overdue = list(selectors.overdue_rechecks(user=w.hanbin_officer))
        assert overdue == [late]
        assert late.is_overdue(dt.date(YEAR, 10, 8))
        assert not selectors.overdue_rechecks(user=w.shiquan_officer).exists()


def test_keep_records_the_income_and_a_step(ledger: Ledger):
    w = ledger.world
    task = _task(ledger)
    task = recheck_complete(
        user=w.hanbin_chair, recheck=task, result="keep", income_per_head="650", note="入户核查"
    )
    assert (task.done_on, task.result, task.done_by) == (TODAY, "keep", w.hanbin_chair)
    case = task.case
    case.refresh_from_db()
    assert case.income_per_head == Decimal("650.00") and case.category == Category.DEEP
    assert case.steps.last().step == "年度复核"  # type: ignore[union-attr]
    with pytest.raises(DomainError, match=f"{YEAR}年复核已于{TODAY:%Y-%m-%d}办理"):
        recheck_complete(user=w.hanbin_chair, recheck=task, result="keep", income_per_head="650")


def test_keep_with_an_income_of_another_category_is_refused(ledger: Ledger):
    task = _task(ledger)
    state = Unchanged()
    with pytest.raises(DomainError, match=r"应认定为“相对困难”.*请选择“调整困难类别”"):
        recheck_complete(
            user=ledger.world.hanbin_chair, recheck=task, result="keep", income_per_head="900"
        )
    assert not state.changes()


def test_change_moves_the_category_by_the_income(ledger: Ledger):
    task = _task(ledger)
    recheck_complete(
        user=ledger.world.hanbin_chair, recheck=task, result="change", income_per_head="900"
    )
    task.case.refresh_from_db()
    assert task.case.category == Category.RELATIVE
    assert "深度困难→相对困难" in task.case.steps.last().note  # type: ignore[union-attr]


def test_an_income_above_the_thresholds_must_exit(ledger: Ledger):
    task = _task(ledger)
    with pytest.raises(DomainError, match="请选择“解困脱困”并填写原因"):
        recheck_complete(
            user=ledger.world.hanbin_chair, recheck=task, result="change", income_per_head="2000"
        )


def test_exit_by_recheck_closes_the_case_with_the_reason(ledger: Ledger):
    w = ledger.world
    task = _task(ledger)
    with pytest.raises(DomainError, match="请在说明中填写解困脱困原因"):
        recheck_complete(user=w.hanbin_chair, recheck=task, result="exit", income_per_head="2000")
    recheck_complete(
        user=w.hanbin_chair,
        recheck=task,
        result="exit",
        income_per_head="2000",
        note="子女已工作，家庭收入提高",
    )
    case = Case.objects.get(pk=task.case_id)
    assert case.status == CaseStatus.EXITED and case.exited_on == TODAY
    assert case.exit_reason == "子女已工作，家庭收入提高"
    assert case.steps.last().step == "解困脱困"  # type: ignore[union-attr]


def test_a_case_exited_closes_its_open_recheck(ledger: Ledger):
    task = _task(ledger)
    services.case_exit(
        user=ledger.world.hanbin_officer, case=task.case, reason="再就业", exited_on=TODAY
    )
    task.refresh_from_db()
    assert task.done_on == TODAY and task.result == "exit"
    assert not selectors.recheck_list(user=ledger.world.city_admin, state="pending").exists()


def test_another_county_cannot_complete_a_recheck(ledger: Ledger):
    task = _task(ledger)
    with pytest.raises(Denied):
        recheck_complete(
            user=ledger.world.shiquan_officer, recheck=task, result="keep", income_per_head="600"
        )


# ---------------------------------------------------------------- 帮扶记录


def test_aid_records_money_goods_and_services_on_a_filed_case(ledger: Ledger):
    w = ledger.world
    case = ledger.filed()
    aid = aid_create(
        user=w.hanbin_officer,
        case=case,
        kind=AidKind.MONEY,
        amount="2000",
        description="大病救助金",
        given_on=TODAY,
        budget_line="困难职工帮扶资金",
    )
    assert (aid.org, aid.amount, aid.created_by) == (w.hanbin, Decimal("2000.00"), w.hanbin_officer)
    aid_create(
        user=w.hanbin_chair,
        case=case,
        kind=AidKind.JOB,
        description="推荐到社区公益岗位",
        given_on=TODAY - dt.timedelta(days=3),
    )
    given = selectors.given_to(person=case.person)
    assert [(g.source, g.what) for g in given] == [
        ("帮扶记录", "资金帮扶：大病救助金"),
        ("帮扶记录", "就业帮扶：推荐到社区公益岗位"),
    ]
    assert selectors.given_total(given) == Decimal("2000.00")


@pytest.mark.parametrize(
    ("kw", "said"),
    [
        ({"kind": "money", "amount": "0"}, "资金帮扶须填写大于0的金额"),
        ({"kind": "goods", "description": " "}, "请填写帮扶内容"),
        ({"kind": "goods", "given_on": None}, "请填写帮扶日期"),
        ({"kind": "goods", "given_on": TODAY + dt.timedelta(days=1)}, "帮扶日期不能晚于今天"),
        ({"kind": "goods", "amount": "-5"}, "帮扶金额不能为负数"),
        ({"kind": "cash"}, "请选择帮扶方式"),
    ],
)
def test_bad_aid_is_refused(ledger: Ledger, kw, said):
    case = ledger.filed()
    data = {"description": "米面油", "given_on": TODAY, **kw}
    state = Unchanged()
    with pytest.raises(DomainError, match=said):
        aid_create(user=ledger.world.hanbin_officer, case=case, **data)
    assert not state.changes()


def test_aid_needs_a_filed_case_and_a_giver_in_scope(ledger: Ledger):
    w = ledger.world
    with pytest.raises(DomainError, match="只能为已建档的档案登记帮扶"):
        aid_create(
            user=w.hanbin_officer,
            case=ledger.apply(),
            kind="goods",
            description="米",
            given_on=TODAY,
        )
    with pytest.raises(DomainError, match="帮扶单位不在您的管辖范围内"):
        aid_create(
            user=w.hanbin_chair,
            case=ledger.filed(),
            kind="goods",
            description="米",
            given_on=TODAY,
            org=w.hanbin,
        )
    with pytest.raises(Denied):
        aid_create(
            user=w.auditor, case=ledger.filed(), kind="goods", description="米", given_on=TODAY
        )
