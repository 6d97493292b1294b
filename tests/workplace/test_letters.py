"""一函两书 through the services: numbers per federation, year and kind without gaps; a 意见书 or
建议书 after a 提示函 when the settings ask for it; deadlines in working days; the reply, the
rectification and the wages recovered; every refusal in Chinese with nothing written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from gonghui.core.errors import DomainError
from gonghui.core.models import Organization, OrgKind
from gonghui.core.permissions import Denied
from gonghui.workplace.models import Letter, LetterKind, LetterStatus, Violation
from gonghui.workplace.services_letters import (
    letter_rectified,
    letter_reply,
    letter_unrectified,
    org_prefix,
)
from tests import factories
from tests.kit import Unchanged
from tests.workplace.fixtures_letters import (
    DEADLINE,
    YEAR,
    employer,
    frozen,
    issue,
    recover,
    setting,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
__all__ = ["frozen"]

TODAY = dt.date(2026, 9, 28)


def refused(call, *words: str) -> str:
    """The Chinese refusal of `call`, after checking it wrote nothing."""
    state = Unchanged()
    with pytest.raises(DomainError) as exc:
        call()
    message = exc.value.message
    for word in words:
        assert word in message, message
    assert not state.changes(), state.changes()
    return message


# ---------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("name", "kind", "prefix"),
    [
        ("安康市总工会", OrgKind.CITY, "安"),
        ("汉滨区总工会", OrgKind.COUNTY, "汉滨"),
        ("石泉县总工会", OrgKind.COUNTY, "石泉"),
        ("旬阳市总工会", OrgKind.COUNTY, "旬阳"),
        ("恒口示范区总工会", OrgKind.COUNTY, "恒口"),
        ("高新区总工会", OrgKind.COUNTY, "高新"),
    ],
)
def test_the_number_prefix_is_the_federations_short_name(name, kind, prefix):
    assert org_prefix(Organization(name=name, kind=kind)) == prefix


def test_numbers_run_per_federation_year_and_kind(world):
    first = issue(world)
    second = issue(world)
    opinion = issue(world, kind=LetterKind.OPINION, follows=first)
    suggestion = issue(world, kind=LetterKind.SUGGESTION, follows=second)
    city = issue(world, user=world.city_admin)
    assert [first.number, second.number] == ["汉滨工监提〔2026〕1号", "汉滨工监提〔2026〕2号"]
    assert opinion.number == "汉滨工监意〔2026〕1号"
    assert suggestion.number == "汉滨工监建〔2026〕1号"
    assert city.number == "安工监提〔2026〕1号"
    assert city.org == world.city and first.org == world.hanbin


def test_a_refused_letter_leaves_no_gap_in_the_numbers(world):
    issue(world)
    firm = employer(world.hanbin_union)
    refused(lambda: issue(world, to=firm, deadline=dt.date(2026, 9, 1)), "不能早于发函日期")
    refused(lambda: issue(world, to=firm, facts="  "), "请填写查明事实")
    with pytest.raises(Denied):
        issue(world, to=employer(world.shiquan_union))
    assert issue(world, to=firm).number == "汉滨工监提〔2026〕2号"
    assert list(Letter.objects.values_list("number", flat=True).order_by("id")) == [
        "汉滨工监提〔2026〕1号",
        "汉滨工监提〔2026〕2号",
    ]


def test_numbers_start_again_at_one_in_a_new_year(world):
    issue(world)
    issue(world)
    with time_machine.travel(dt.datetime(2027, 1, 5, 2, 0, tzinfo=dt.UTC), tick=False):
        assert issue(world).number == "汉滨工监提〔2027〕1号"


# ---------------------------------------------------------------- 提示函 first


def test_an_opinion_without_a_notice_is_refused_when_the_settings_ask_for_one(world):
    firm = employer(world.hanbin_union, "汉滨拖欠工资公司")
    for kind in (LetterKind.OPINION, LetterKind.SUGGESTION):
        message = refused(lambda k=kind: issue(world, to=firm, kind=k), "须在提示函之后发出")
        assert "汉滨拖欠工资公司" in message
    notice = issue(world, to=firm)
    opinion = issue(world, kind=LetterKind.OPINION, follows=notice)
    assert opinion.follows == notice and opinion.employer == firm
    assert list(notice.followed_by.all()) == [opinion]


def test_without_the_rule_an_opinion_may_open_the_chain(world):
    setting(world.hanbin, notice_first=False)
    opinion = issue(world, kind=LetterKind.OPINION)
    assert opinion.follows is None and opinion.number == "汉滨工监意〔2026〕1号"


def test_a_county_without_its_own_setting_follows_the_citys(world):
    setting(world.city, notice_first=False)
    assert issue(world, kind=LetterKind.SUGGESTION).follows is None
    setting(world.hanbin, notice_first=True)
    firm = employer(world.hanbin_union)
    refused(lambda: issue(world, to=firm, kind=LetterKind.SUGGESTION), "须在提示函之后发出")


def test_the_notice_followed_must_fit_the_letter(world):
    notice = issue(world)
    other = employer(world.hanbin_union, "另一家公司")
    refused(
        lambda: issue(world, kind=LetterKind.OPINION, follows=notice, to=other),
        "不是另一家公司",
    )
    refused(
        lambda: issue(world, kind=LetterKind.OPINION, follows=notice, violation=Violation.OVERTIME),
        "须就同一违法情形发出",
    )
    refused(lambda: issue(world, follows=notice), "提示函是第一份文书")
    opinion = issue(world, kind=LetterKind.OPINION, follows=notice)
    refused(lambda: issue(world, kind=LetterKind.SUGGESTION, follows=opinion), "须跟在提示函之后")
    shiquan = issue(world, user=world.shiquan_officer, to=employer(world.shiquan_union))
    refused(
        lambda: issue(world, kind=LetterKind.OPINION, follows=shiquan, to=notice.employer),
        "不在您的管辖范围内",
    )
    letter_rectified(
        user=world.hanbin_officer, letter=notice, rectified_on=TODAY, rectification="已补发工资"
    )
    refused(lambda: issue(world, kind=LetterKind.SUGGESTION, follows=notice), "已整改，无需再发")


# ---------------------------------------------------------------- deadlines


def test_the_deadline_is_fifteen_working_days_across_the_national_day(world):
    letter = issue(world)
    assert letter.issued_on == TODAY
    assert letter.deadline == DEADLINE  # 23 October, not 19 October (Monday to Friday)


def test_the_deadline_counts_the_settings_working_days_and_make_up_saturdays(world):
    setting(world.hanbin, rectify_days=5)
    # 29, 30 September, 8, 9 October and Saturday 10 October (worked for 国庆).
    assert issue(world).deadline == dt.date(2026, 10, 10)


def test_an_edited_deadline_is_kept_but_never_before_the_letter(world):
    assert issue(world, deadline=dt.date(2026, 10, 9)).deadline == dt.date(2026, 10, 9)
    assert issue(world, deadline=TODAY).deadline == TODAY
    firm = employer(world.hanbin_union)
    refused(
        lambda: issue(world, to=firm, deadline=dt.date(2026, 9, 27)), "不能早于发函日期2026-09-28"
    )
    refused(lambda: issue(world, to=firm, deadline=dt.date(2027, 12, 1)), "不能超过发函日期后一年")


def test_a_letter_dated_earlier_counts_from_its_own_date(world):
    letter = issue(world, issued_on=dt.date(2026, 9, 1))
    # 15 working days: Sunday 20 September is worked (for 中秋 and 国庆), so Monday 21.
    assert letter.deadline == dt.date(2026, 9, 21)
    firm = employer(world.hanbin_union)
    refused(lambda: issue(world, to=firm, issued_on=dt.date(2026, 9, 29)), "晚于今天")


def test_arrears_need_an_amount_and_the_workers_owed(world):
    firm = employer(world.hanbin_union)
    refused(lambda: issue(world, to=firm, arrears="0"), "须填写涉及欠薪金额")
    refused(lambda: issue(world, to=firm, workers=0), "须填写涉及职工人数")
    refused(lambda: issue(world, to=firm, arrears="12.345"), "最多保留两位小数")
    assert issue(world, violation=Violation.OVERTIME, workers=0).arrears_claimed == 0


# ---------------------------------------------------------------- reply and rectification


def test_reply_then_rectification(world):
    letter = issue(world)
    letter = letter_reply(
        user=world.hanbin_officer, letter=letter, replied_on=TODAY, reply="承诺十日内补发"
    )
    assert letter.status == LetterStatus.REPLIED
    refused(
        lambda: letter_reply(
            user=world.hanbin_officer, letter=letter, replied_on=TODAY, reply="再"
        ),
        "不能再登记回复",
    )
    letter = letter_rectified(
        user=world.hanbin_officer, letter=letter, rectified_on=TODAY, rectification="已全部补发"
    )
    assert (letter.status, letter.rectified_on) == (LetterStatus.RECTIFIED, TODAY)
    refused(
        lambda: letter_rectified(
            user=world.hanbin_officer, letter=letter, rectified_on=TODAY, rectification="再"
        ),
        "已于2026-09-28登记整改",
    )


def test_dates_of_the_course_lie_between_the_letter_and_today(world):
    letter = issue(world, issued_on=dt.date(2026, 9, 10))
    officer = world.hanbin_officer
    refused(
        lambda: letter_reply(
            user=officer, letter=letter, replied_on=dt.date(2026, 9, 9), reply="x"
        ),
        "早于发函日期2026-09-10",
    )
    refused(
        lambda: letter_rectified(
            user=officer, letter=letter, rectified_on=dt.date(2026, 9, 29), rectification="x"
        ),
        "晚于今天",
    )


def test_not_rectified_only_after_the_deadline(world):
    letter = issue(world)
    officer = world.hanbin_officer
    refused(
        lambda: letter_unrectified(user=officer, letter=letter, note="仍未支付"),
        "2026-10-23尚未届满",
    )
    with time_machine.travel(dt.datetime(2026, 10, 23, 15, 0, tzinfo=dt.UTC), tick=False):
        refused(
            lambda: letter_unrectified(user=officer, letter=letter, note="仍未支付"), "尚未届满"
        )
    with time_machine.travel(dt.datetime(2026, 10, 24, 2, 0, tzinfo=dt.UTC), tick=False):
        letter = letter_unrectified(user=officer, letter=letter, note="仍未支付")
        assert letter.status == LetterStatus.UNRECTIFIED
        refused(
            lambda: letter_unrectified(user=officer, letter=letter, note="再"), "不能登记逾期未整改"
        )
        # An employer that rectifies late is still recorded as rectified.
        late = letter_rectified(
            user=officer, letter=letter, rectified_on=dt.date(2026, 10, 24), rectification="补发"
        )
        assert late.status == LetterStatus.RECTIFIED


# ---------------------------------------------------------------- wages recovered


def test_recoveries_add_up_per_worker_within_the_arrears(world):
    letter = issue(world, arrears="20000.00")
    recover(world, letter, name="王强", claimed="8000", recovered="8000")
    person = factories.person(world.hanbin_union, "刘敏")
    by_id = recover(world, letter, name="", person=person, claimed="9000", recovered="7000.50")
    assert by_id.worker_name == "刘敏" and by_id.person == person
    totals = letter.recoveries.values_list("recovered", flat=True)
    assert sum(totals) == Decimal("15000.50")


def test_a_recovery_larger_than_the_workers_arrears_is_refused(world):
    letter = issue(world)
    message = refused(
        lambda: recover(world, letter, name="王强", claimed="3000", recovered="3000.01"),
        "追回金额3,000.01 元超过王强被拖欠的3,000.00 元",
    )
    assert message


def test_recoveries_beyond_the_letters_arrears_are_refused(world):
    letter = issue(world, arrears="10000.00")
    recover(world, letter, name="王强", claimed="6000", recovered="6000")
    refused(
        lambda: recover(world, letter, name="刘敏", claimed="5000", recovered="4500"),
        "追回金额合计将达10,500.00 元",
        "所涉欠薪10,000.00 元",
        "此前已追回6,000.00 元",
    )
    recover(world, letter, name="刘敏", claimed="5000", recovered="4000")


def test_other_refused_recoveries(world):
    letter = issue(world)
    recover(world, letter, name="王强")
    refused(lambda: recover(world, letter, name="王强"), "已登记王强的追回欠薪")
    refused(lambda: recover(world, letter, name="李四", recovered="0"), "追回金额必须大于0")
    refused(lambda: recover(world, letter, name="李四", claimed="-1"), "不能为负数")
    refused(lambda: recover(world, letter, name="李四", on=dt.date(2026, 9, 27)), "早于发函日期")
    refused(
        lambda: recover(world, letter, name="", person=world.shiquan_person),
        "不在您的管辖范围内",
    )
    overtime = issue(world, violation=Violation.OVERTIME)
    refused(lambda: recover(world, overtime, name="李四"), "未登记涉及欠薪金额")


# ---------------------------------------------------------------- who may


def test_roles_and_scope_of_the_services(world):
    letter = issue(world)
    firm = employer(world.hanbin_union)
    for who in (world.hanbin_chair, world.auditor, world.hanbin_member):
        with pytest.raises(Denied):
            issue(world, user=who, to=firm)
        with pytest.raises(Denied):
            recover(world, letter, user=who)
    with pytest.raises(Denied):
        letter_reply(user=world.shiquan_officer, letter=letter, replied_on=TODAY, reply="x")
    with pytest.raises(Denied):
        issue(world, user=world.shiquan_officer, to=firm)
    assert Letter.objects.count() == 1 and YEAR == 2026
