"""我的困难帮扶: a worker sees their own case, its re-check dates and what they received, applies
online with documents, and sees nobody else's case."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.relief.models.cases import Case
from gonghui.relief.services_rechecks import aid_create, rechecks_generate
from tests.kit import Unchanged, form_errors, page_text, signed_in
from tests.relief.conftest import TODAY, YEAR, Ledger
from tests.relief.test_rechecks import filed_last_year

MINE = reverse("relief:mine")
APPLY = reverse("relief:mine_apply")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _online_form(**extra) -> dict:
    data = {
        "causes": ["unemployment"],
        "household_size": "1",
        "household_income": "500",
        "situation": "失业半年，独自生活",
    }
    data.update(extra)
    return data


def test_a_worker_applies_online_with_documents(ledger: Ledger, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    w = ledger.world
    client = signed_in(w.hanbin_member)
    assert "暂无记录" in page_text(client.get(MINE))
    assert client.get(APPLY).status_code == 200
    files = [
        SimpleUploadedFile("失业证明.pdf", PDF, content_type="application/pdf"),
        SimpleUploadedFile("照片.png", PNG, content_type="image/png"),
    ]
    response = client.post(APPLY, {**_online_form(), "documents": files})
    assert response.status_code == 302 and response["Location"] == MINE
    case = Case.objects.get(person=w.hanbin_person)
    assert case.online and case.org == w.hanbin_union
    assert sorted(d.name for d in case.documents.all()) == ["失业证明.pdf", "照片.png"]
    text = page_text(client.get(MINE))
    assert case.number in text and "待基层审核" in text
    # The worker opens their own document; another worker's session cannot.
    doc = case.documents.get(name="失业证明.pdf")
    opened = client.get(reverse("relief:case_document", args=[doc.pk]))
    assert opened.status_code == 200 and b"".join(opened.streaming_content).startswith(b"%PDF")
    officer = signed_in(w.hanbin_officer)
    assert officer.get(reverse("relief:case_document", args=[doc.pk])).status_code == 200
    assert (
        signed_in(w.shiquan_officer).get(reverse("relief:case_document", args=[doc.pk])).status_code
        == 404
    )


def test_a_disguised_upload_is_refused_and_nothing_is_written(ledger: Ledger, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = signed_in(ledger.world.hanbin_member)
    state = Unchanged()
    fake = SimpleUploadedFile("证明.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
    response = client.post(APPLY, {**_online_form(), "documents": [fake]})
    assert response.status_code == 200
    assert any("“证明.jpg”不是PDF或图片" in e for e in form_errors(response))
    assert not state.changes()
    assert not list(tmp_path.rglob("*.*"))


def test_a_worker_with_an_open_case_is_told_where_it_is(ledger: Ledger):
    w = ledger.world
    ledger.apply(w.hanbin_person, members=[], household_size=1, household_income="500")
    client = signed_in(w.hanbin_member)
    assert f'href="{APPLY}"' not in client.get(MINE).content.decode()
    response = client.post(APPLY, _online_form())
    assert any("已有在档的困难职工档案" in e for e in form_errors(response))


def test_mine_shows_recheck_dates_and_what_was_received(ledger: Ledger):
    w = ledger.world
    case = filed_last_year(
        ledger, person=w.hanbin_person, members=[], household_size=1, household_income="500"
    )
    rechecks_generate(user=w.city_admin, year=YEAR)
    aid_create(
        user=w.hanbin_officer,
        case=case,
        kind="goods",
        amount="300",
        description="米面油",
        given_on=TODAY,
    )
    text = page_text(signed_in(w.hanbin_member).get(MINE))
    assert f"{YEAR}年（截止{YEAR}-09-30，待复核）" in text
    assert "米面油" in text and "300.00 元" in text and "已建档" in text


def test_a_worker_sees_only_their_own_cases(ledger: Ledger):
    w = ledger.world
    other = ledger.filed(ledger.person(name="别人"))
    client = signed_in(w.hanbin_member)
    assert other.number not in page_text(client.get(MINE))
    assert client.get(reverse("relief:case_detail", args=[other.pk])).status_code == 404
    staff_only = client.get(reverse("relief:recheck_list"))
    assert staff_only.status_code == 403


def test_staff_have_no_mine_page_and_are_sent_to_the_staff_form(ledger: Ledger):
    officer = signed_in(ledger.world.hanbin_officer)
    assert officer.get(MINE).status_code == 403
    response = officer.get(APPLY)
    assert response.status_code == 302 and response["Location"] == reverse("relief:case_new")
