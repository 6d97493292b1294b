"""The ledger's pages as users see them: the list (search, filters, scope, export), applying with
household rows, a case's page with its steps and buttons, the members' masked IDs and the
logged reveal, the re-check list with 逾期, the thresholds page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import time_machine
from django.urls import reverse

from gonghui.core.models import AuditAction, AuditLog
from gonghui.relief.models.cases import Case, CaseStatus, Recheck, ReliefSetting
from gonghui.relief.services_rechecks import aid_create, rechecks_generate
from tests.kit import Unchanged, flashed, form_errors, page_text, signed_in, xlsx_cells
from tests.relief.conftest import TODAY, YEAR, Ledger
from tests.relief.test_rechecks import filed_last_year

LIST = reverse("relief:case_list")


def detail(case: Case) -> str:
    return reverse("relief:case_detail", args=[case.pk])


# ---------------------------------------------------------------- the list


def test_list_searches_by_name_number_and_pinyin_and_filters(ledger: Ledger):
    w = ledger.world
    a = ledger.apply(ledger.person(name="欧阳娜"))
    b = ledger.filed(ledger.person(name="孙立"))
    client = signed_in(w.hanbin_officer)
    for q in ("欧阳", "ouyangna", "oyn", a.number):
        text = page_text(client.get(LIST, {"q": q}))
        assert a.number in text and b.number not in text, q
    text = page_text(client.get(LIST, {"status": "filed"}))
    assert b.number in text and a.number not in text
    text = page_text(client.get(LIST, {"category": "relative"}))
    assert a.number not in text and b.number not in text
    text = page_text(client.get(LIST, {"org": str(w.hanbin_union.pk)}))
    assert a.number in text and b.number in text


def test_a_shiquan_officer_never_sees_hanbins_cases(ledger: Ledger):
    w = ledger.world
    case = ledger.filed(ledger.person(name="钱多多"))
    client = signed_in(w.shiquan_officer)
    assert case.number not in page_text(client.get(LIST))
    assert case.number not in page_text(client.get(LIST, {"q": case.number}))
    assert client.get(detail(case)).status_code == 404
    export = client.post(LIST)
    assert export.status_code == 200 and case.number not in xlsx_cells(export)
    own = signed_in(w.hanbin_officer).post(LIST)
    assert case.number in xlsx_cells(own)
    member = case.members.first()
    assert member is not None
    response = client.post(reverse("relief:member_reveal", args=[member.pk]))
    assert response.status_code == 404
    assert client.post(reverse("relief:case_exit", args=[case.pk]), {}).status_code == 404


def test_a_worker_cannot_open_the_list(ledger: Ledger):
    assert signed_in(ledger.world.hanbin_member).get(LIST).status_code == 403


# ---------------------------------------------------------------- applying


def _form(person_id: str, **extra: str) -> dict[str, str]:
    data = {
        "id_number": person_id,
        "causes": ["illness", "schooling"],
        "household_size": "2",
        "household_income": "1300",
        "address": "汉滨区江北街道1号",
        "situation": "本人大病",
        "m0-name": "刘小红",
        "m0-relation": "child",
        "m0-id_number": "",
        "m0-occupation": "初中在读",
    }
    data.update(extra)
    return data


def test_apply_form_files_a_case_with_its_members(ledger: Ledger):
    from tests import factories

    w = ledger.world
    person = ledger.person(name="刘芳")
    child_id = factories.id_number("610902", birth=dt.date(2011, 4, 5))
    client = signed_in(w.hanbin_chair)
    assert client.get(reverse("relief:case_new")).status_code == 200
    response = client.post(
        reverse("relief:case_new"), _form(person.id_number, **{"m0-id_number": child_id})
    )
    case = Case.objects.get(person=person)
    assert response.status_code == 302 and response["Location"] == detail(case)
    assert case.income_per_head == 650 and case.causes == ["illness", "schooling"]
    text = page_text(client.get(detail(case)))
    assert "刘小红" in text and child_id not in text and "深度困难" in text
    assert "待基层审核" in text and "基层审核" in text


def test_apply_form_shows_the_services_refusal_beside_the_form(ledger: Ledger):
    w = ledger.world
    person = ledger.person(name="冯刚")
    client = signed_in(w.hanbin_chair)
    state = Unchanged()
    response = client.post(
        reverse("relief:case_new"), _form(person.id_number, **{"m0-id_number": "12345"})
    )
    assert response.status_code == 200
    assert any("家庭成员第1行（刘小红）：身份证号码应为18位" in e for e in form_errors(response))
    response = client.post(reverse("relief:case_new"), _form("", causes=[]))
    errors = form_errors(response)
    assert "请至少选择一项致困原因" in " ".join(errors) and errors
    response = client.post(reverse("relief:case_new"), _form(w.shiquan_person.id_number))
    assert "您的管辖范围内没有此身份证号码的人员" in " ".join(form_errors(response))
    assert not state.changes()


# ---------------------------------------------------------------- a case's page


def test_the_buttons_follow_the_status_and_the_role(ledger: Ledger):
    w = ledger.world
    case = ledger.apply()
    chair = signed_in(w.hanbin_chair)
    html = chair.get(detail(case)).content.decode()
    assert 'id="review-form"' in html and 'id="approve-form"' not in html
    assert "显示完整号码" not in html  # the chair may not reveal
    response = chair.post(reverse("relief:case_review", args=[case.pk]), {"note": "已入户"})
    assert response.status_code == 302 and "报县区审批" in flashed(response)[0]
    officer = signed_in(w.hanbin_officer)
    html = officer.get(detail(case)).content.decode()
    assert 'id="approve-form"' in html and 'id="review-form"' not in html
    officer.post(reverse("relief:case_approve", args=[case.pk]))
    case.refresh_from_db()
    assert case.status == CaseStatus.FILED
    html = officer.get(detail(case)).content.decode()
    assert 'id="exit-form"' in html and 'id="aid-form"' in html
    auditor = page_text(signed_in(w.auditor).get(detail(case)))
    assert case.number in auditor and "办理解困脱困" not in auditor


def test_an_exit_without_reason_is_refused_on_the_page(ledger: Ledger):
    w = ledger.world
    case = ledger.filed()
    client = signed_in(w.hanbin_officer)
    response = client.post(
        reverse("relief:case_exit", args=[case.pk]), {"reason": "", "exited_on": str(TODAY)}
    )
    assert "请填写解困脱困原因" in flashed(response)
    case.refresh_from_db()
    assert case.status == CaseStatus.FILED
    client.post(
        reverse("relief:case_exit", args=[case.pk]), {"reason": "再就业", "exited_on": str(TODAY)}
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.EXITED


def test_reveal_shows_the_full_id_once_and_logs_it(ledger: Ledger):
    w = ledger.world
    case = ledger.apply()
    m = case.members.first()
    assert m is not None
    client = signed_in(w.hanbin_officer)
    assert m.id_number not in page_text(client.get(detail(case)))
    response = client.post(reverse("relief:member_reveal", args=[m.pk]), HTTP_HX_REQUEST="true")
    assert m.id_number in page_text(response)
    log = AuditLog.objects.filter(action=AuditAction.VIEW_PII, user=w.hanbin_officer)
    assert log.count() == 1 and m.name in log.get().note


def test_the_case_page_lists_what_the_household_received(ledger: Ledger):
    w = ledger.world
    case = ledger.filed()
    aid_create(
        user=w.hanbin_officer,
        case=case,
        kind="money",
        amount="1500",
        description="春节慰问金",
        given_on=TODAY,
    )
    text = page_text(signed_in(w.hanbin_officer).get(detail(case)))
    assert "春节慰问金" in text and "1,500.00 元" in text


# ---------------------------------------------------------------- re-checks and settings


def test_recheck_list_filters_overdue_and_the_generate_button_works(ledger: Ledger):
    w = ledger.world
    case = filed_last_year(ledger)
    client = signed_in(w.hanbin_officer)
    response = client.post(reverse("relief:recheck_generate"), {"year": str(YEAR)})
    assert "新生成1项" in flashed(response)[0]
    assert Recheck.objects.filter(case=case).exists()
    url = reverse("relief:recheck_list")
    assert case.number in page_text(client.get(url, {"state": "pending"}))
    assert case.number not in page_text(client.get(url, {"state": "overdue"}))
    with time_machine.travel(dt.datetime(YEAR, 10, 9, 10, tzinfo=dt.UTC), tick=False):
        # Months later: a new session (staff sessions end after 30 idle minutes).
        text = page_text(signed_in(w.hanbin_officer).get(url, {"state": "overdue"}))
        assert case.number in text and "逾期未复核" in text
    assert case.number not in page_text(signed_in(w.shiquan_officer).get(url))


def test_recheck_page_records_the_conclusion(ledger: Ledger):
    w = ledger.world
    case = filed_last_year(ledger)
    rechecks_generate(user=w.city_admin, year=YEAR)
    task = Recheck.objects.get(case=case)
    client = signed_in(w.hanbin_chair)
    url = reverse("relief:recheck_complete", args=[task.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"result": "exit", "income_per_head": "2000", "note": ""})
    assert "结论为解困脱困时，请在说明中填写解困脱困原因" in " ".join(form_errors(response))
    response = client.post(
        url, {"result": "exit", "income_per_head": "2000", "note": "子女工作，收入提高"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.EXITED


def test_settings_page_saves_the_officers_own_standard(ledger: Ledger):
    w = ledger.world
    client = signed_in(w.hanbin_officer)
    url = reverse("relief:settings")
    text = page_text(client.get(url))
    assert "按安康市总工会的标准" in text
    response = client.post(
        url,
        {
            "year": str(YEAR),
            "dibao": "800",
            "deep_multiple": "1.0",
            "relative_multiple": "1.6",
            "recheck_due": f"{YEAR}-11-30",
        },
    )
    assert response.status_code == 302
    saved = ReliefSetting.objects.get(org=w.hanbin, year=YEAR)
    assert (saved.dibao, saved.relative_multiple) == (Decimal("800.00"), Decimal("1.60"))
    assert "按汉滨区总工会的标准" in page_text(client.get(url))
    chair = signed_in(w.hanbin_chair)
    assert chair.get(url).status_code == 200
    assert chair.post(url, {"year": str(YEAR), "dibao": "1"}).status_code == 403
