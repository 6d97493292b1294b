"""一函两书 pages: the list through the kit's cases, every POST route as each role, issuing from
the form (a 意见书 from its 提示函's page), the letter's page with its chain and totals, and the
refusals shown in Chinese with nothing written."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from gonghui.core import clock
from gonghui.core.models import AuditLog, Organization, User
from gonghui.workplace.models import Letter, LetterKind, LetterStatus
from tests.kit import (
    ListPageCase,
    PermissionCase,
    Post,
    Unchanged,
    flashed,
    form_errors,
    mark,
    page_text,
    resolve_url,
    signed_in,
)
from tests.workplace.fixtures_letters import (
    DEADLINE,
    employer,
    frozen,
    issue,
    officer_of,
    setting,
)

__all__ = ["frozen"]


class Letters:
    def make(self, org: Organization, n: int) -> list[Letter]:
        world = self.world  # type: ignore[attr-defined]
        return [
            issue(world, user=officer_of(world, org), to=employer(org, mark("追薪单位")))
            for _ in range(n)
        ]

    def text(self, obj: Letter) -> str:
        return obj.employer.name


class TestLetterList(Letters, ListPageCase):
    url = "workplace:letter_list"
    model = Letter
    viewers = ("city_admin", "hanbin_officer", "auditor")


class TestLetterPosts(PermissionCase):
    """Each call of posts() issues fresh letters, so every role acts on letters of its own."""

    def posts(self) -> list[Post]:
        w = self.world
        firm = employer(w.hanbin_union, mark("单位"))
        fresh = issue(w, to=firm)
        # Dated a month back with the deadline passed: 逾期未整改 may be recorded.
        today = clock.today()
        lapsed = issue(w, issued_on=today - dt.timedelta(days=30), deadline=today - dt.timedelta(1))

        def letter_form(user: User) -> dict[str, Any]:
            return {
                "kind": "notice",
                "employer": firm.credit_code,
                "violation": "wage_arrears",
                "facts": "拖欠工资",
                "demand": "足额支付",
                "issued_on": today.isoformat(),
                "arrears_claimed": "1000",
                "workers_involved": "1",
            }

        return [
            Post(
                resolve_url("workplace:letter_create"), "workplace.letter.issue", letter_form, firm
            ),
            Post(
                resolve_url("workplace:letter_reply", fresh),
                "workplace.letter.track",
                {"replied_on": today.isoformat(), "reply": "承诺整改"},
                fresh,
            ),
            Post(
                resolve_url("workplace:letter_rectified", fresh),
                "workplace.letter.track",
                {"rectified_on": today.isoformat(), "rectification": "已补发"},
                fresh,
            ),
            Post(
                resolve_url("workplace:letter_unrectified", lapsed),
                "workplace.letter.track",
                {"note": "仍未支付"},
                lapsed,
            ),
            Post(
                resolve_url("workplace:letter_recovery", fresh),
                "workplace.letter.track",
                lambda user: {
                    "worker_name": mark("职工"),
                    "claimed": "100",
                    "recovered": "100",
                    "recovered_on": today.isoformat(),
                },
                fresh,
            ),
        ]


# ---------------------------------------------------------------- issuing from the form

pytestmark = pytest.mark.django_db


def _form(firm: Any, **changes: Any) -> dict[str, Any]:
    data = {
        "kind": "notice",
        "employer": firm.name,
        "violation": "wage_arrears",
        "facts": "2026年8月工资未发放",
        "demand": "十五个工作日内足额支付",
        "issued_on": "2026-09-28",
        "deadline": "",
        "arrears_claimed": "36,000.00",
        "workers_involved": "12",
    }
    data.update(changes)
    return data


@pytest.mark.usefixtures("frozen")
def test_issuing_a_notice_from_the_form_numbers_it_and_sets_the_deadline(world):
    firm = employer(world.hanbin_union, "汉滨区鑫源建筑公司")
    client = signed_in(world.hanbin_officer)
    form = client.get(resolve_url("workplace:letter_create"))
    assert "整改期限默认为发函日期后15个工作日" in page_text(form)
    response = client.post(resolve_url("workplace:letter_create"), _form(firm))
    letter = Letter.objects.get()
    assert response.status_code == 302 and response["Location"] == resolve_url(
        "workplace:letter_detail", letter
    )
    assert "已发出提示函汉滨工监提〔2026〕1号" in flashed(response)
    text = page_text(client.get(response["Location"]))
    assert "汉滨区鑫源建筑公司" in text and "2026-10-23" in text and "36,000.00 元" in text
    assert letter.deadline == DEADLINE
    assert AuditLog.objects.filter(model="workplace.letter", action="create").count() == 1


@pytest.mark.usefixtures("frozen")
def test_an_opinion_without_a_notice_shows_the_rule_and_writes_nothing(world):
    firm = employer(world.hanbin_union)
    client = signed_in(world.hanbin_officer)
    state = Unchanged()
    response = client.post(resolve_url("workplace:letter_create"), _form(firm, kind="opinion"))
    assert response.status_code == 200
    assert any("意见书须在提示函之后发出" in e for e in form_errors(response))
    assert not state.changes()
    setting(world.hanbin, notice_first=False)
    response = client.post(resolve_url("workplace:letter_create"), _form(firm, kind="opinion"))
    assert response.status_code == 302
    assert Letter.objects.get().number == "汉滨工监意〔2026〕1号"


@pytest.mark.usefixtures("frozen")
def test_the_form_refuses_bad_input_in_chinese(world):
    firm = employer(world.hanbin_union)
    client = signed_in(world.hanbin_officer)
    url = resolve_url("workplace:letter_create")
    cases = [
        (_form(firm, employer="没有这家公司"), "没有名称为“没有这家公司”的用人单位"),
        (_form(firm, deadline="2026-09-01"), "不能早于发函日期"),
        (_form(firm, arrears_claimed="abc"), "不是有效的金额"),
        (_form(firm, employer=employer(world.shiquan_union).credit_code), "没有统一社会信用代码为"),
        (_form(firm, facts=""), "必填"),
    ]
    state = Unchanged()
    for data, words in cases:
        response = client.post(url, data)
        assert response.status_code == 200
        errors = form_errors(response)
        assert any(words in e for e in errors), (words, errors)
    assert not state.changes()


@pytest.mark.usefixtures("frozen")
def test_an_opinion_started_from_its_notice_page(world):
    notice = issue(world)
    client = signed_in(world.hanbin_officer)
    detail = page_text(client.get(resolve_url("workplace:letter_detail", notice)))
    assert "发出意见书" in detail and "发出建议书" in detail
    url = resolve_url("workplace:letter_create") + f"?kind=opinion&follows={notice.pk}"
    prefilled = client.get(url).content.decode()
    assert notice.employer.credit_code in prefilled and 'value="opinion" selected' in prefilled
    data = _form(notice.employer, kind="opinion", employer="", follows=str(notice.pk))
    response = client.post(url, data)
    opinion = Letter.objects.get(kind=LetterKind.OPINION)
    assert response.status_code == 302 and opinion.follows == notice
    for letter in (notice, opinion):
        page = client.get(resolve_url("workplace:letter_detail", letter)).content.decode()
        chain = page.split('id="letter-chain"', 1)[1].split("</ol>", 1)[0]
        assert chain.index("提示函 汉滨工监提〔2026〕1号") < chain.index(
            "意见书 汉滨工监意〔2026〕1号"
        )
    assert client.get(resolve_url("workplace:letter_create") + "?follows=abc").status_code == 400


# ---------------------------------------------------------------- the letter's page


@pytest.mark.usefixtures("frozen")
def test_the_letter_page_tracks_reply_rectification_and_recoveries(world):
    letter = issue(world, arrears="20000")
    client = signed_in(world.hanbin_officer)
    detail = resolve_url("workplace:letter_detail", letter)
    client.post(
        resolve_url("workplace:letter_reply", letter),
        {"replied_on": "2026-09-28", "reply": "承诺国庆后补发"},
    )
    for name, claimed, recovered in (("王强", "8000", "8000"), ("刘敏", "9000", "4234.5")):
        response = client.post(
            resolve_url("workplace:letter_recovery", letter),
            {
                "worker_name": name,
                "claimed": claimed,
                "recovered": recovered,
                "recovered_on": "2026-09-28",
            },
        )
        assert f"已登记{name}追回欠薪" in flashed(response)
    text = page_text(client.get(detail))
    assert "单位已回复" in text and "承诺国庆后补发" in text
    assert "合计2人 17,000.00 元 12,234.50 元" in text
    assert "文书所涉欠薪20,000.00 元，已追回12,234.50 元，尚余7,765.50 元。" in text
    state = Unchanged()
    response = client.post(
        resolve_url("workplace:letter_recovery", letter),
        {
            "worker_name": "张三",
            "claimed": "9000",
            "recovered": "9000",
            "recovered_on": "2026-09-28",
        },
    )
    assert any("超过汉滨工监提〔2026〕1号所涉欠薪20,000.00 元" in m for m in flashed(response))
    response = client.post(
        resolve_url("workplace:letter_unrectified", letter), {"note": "未按期整改"}
    )
    assert any("尚未届满" in m for m in flashed(response))
    assert not state.changes()
    with time_machine.travel(dt.datetime(2026, 10, 26, 2, 0, tzinfo=dt.UTC), tick=False):
        client = signed_in(world.hanbin_officer)  # a month idle ends the session
        assert "已逾期" in page_text(client.get(detail))
        client.post(resolve_url("workplace:letter_unrectified", letter), {"note": "未按期整改"})
        letter.refresh_from_db()
        assert letter.status == LetterStatus.UNRECTIFIED
        assert "逾期未整改： 未按期整改" in page_text(client.get(detail))


@pytest.mark.usefixtures("frozen")
def test_another_countys_letter_is_not_found(world):
    shiquan = issue(world, user=world.shiquan_officer, to=employer(world.shiquan_union))
    client = signed_in(world.hanbin_officer)
    for name in ("workplace:letter_detail", "workplace:letter_pdf"):
        assert client.get(resolve_url(name, shiquan)).status_code == 404
    state = Unchanged()
    response = client.post(
        resolve_url("workplace:letter_reply", shiquan), {"replied_on": "2026-09-28", "reply": "x"}
    )
    assert response.status_code == 404 and not state.changes()
    assert shiquan.number not in page_text(client.get(resolve_url("workplace:letter_list")))


@pytest.mark.usefixtures("frozen")
def test_the_list_filters_by_kind_violation_status_and_year(world):
    notice = issue(world, to=employer(world.hanbin_union, "甲公司"))
    issue(world, kind=LetterKind.OPINION, follows=notice)
    issue(world, to=employer(world.hanbin_union, "乙公司"), violation="overtime", workers=0)
    client = signed_in(world.hanbin_officer)
    url = resolve_url("workplace:letter_list")

    def shown(query: str) -> list[str]:
        text = page_text(client.get(url + query))
        return [n for n in ("提〔2026〕1号", "意〔2026〕1号", "提〔2026〕2号") if n in text]

    assert shown("") == ["提〔2026〕1号", "意〔2026〕1号", "提〔2026〕2号"]
    assert shown("?kind=opinion") == ["意〔2026〕1号"]
    assert shown("?violation=overtime") == ["提〔2026〕2号"]
    assert shown("?q=乙公司") == ["提〔2026〕2号"]
    assert shown("?status=rectified") == []
    assert shown("?year=2026") == ["提〔2026〕1号", "意〔2026〕1号", "提〔2026〕2号"]
    assert shown("?year=2025") == []
