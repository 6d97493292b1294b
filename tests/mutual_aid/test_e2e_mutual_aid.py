"""In a browser (Debian Chromium): a unit enrolls its workers from Excel → pays → a member files
a hospitalization whose diagnosis is a 重大疾病 → the platform proposes the second benefit →
both are reviewed by two people and paid → the member's progress page shows both."""

from __future__ import annotations

import openpyxl

from gonghui.mutual_aid.models import Claim, ClaimStatus
from tests.conftest import E2E

pytestmark = E2E
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pay_bill(page, url: str, plan_label: str, credit_code: str) -> None:
    page.goto(f"{url}/mutual-aid/bills/new/")
    page.select_option("select[name=plan]", label=plan_label)
    page.fill("input[name=credit_code]", credit_code)
    page.click("main button[type=submit]")
    page.wait_for_selector("text=已开具缴费单")
    page.fill("input[name=amount]", page.inner_text("td:right-of(th:text('应缴'))").rstrip("元"))
    page.fill("input[name=paid_on]", "2026-01-05")
    page.click("main form button")
    page.wait_for_selector("#bill-status:text('已缴清')")


def _act(page, url: str, claim: Claim, button: str) -> None:
    page.goto(f"{url}/mutual-aid/claims/{claim.pk}/")
    page.click(f"#action-form button:text('{button}')")
    page.wait_for_selector(".alert-success")


def test_enroll_pay_claim_two_benefits_and_follow_progress(
    aid, world, live_server, login, settings, tmp_path
):
    settings.JOBS_BACKEND = "sync"
    settings.MEDIA_ROOT = tmp_path
    url = live_server.url
    person = world.hanbin_person

    # The unit's union chair enrolls the worker in two plans from Excel.
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号码", "保障项目", "年度", "单位统一社会信用代码", "缴费方式"])
    for plan in ("住院医疗互助保障", "重大疾病互助保障"):
        ws.append([person.name, person.id_number, plan, 2026, aid.employer.credit_code, "单位缴纳"])
    sheet = tmp_path / "参保名单.xlsx"
    wb.save(sheet)
    chair = login("hanbin_chair")
    chair.goto(f"{url}/import/?importer=aid_enrollments")
    chair.check("input[value=aid_enrollments]")
    chair.set_input_files("input[name=file]", str(sheet))
    chair.click("form.import-form button[type=submit]")
    chair.click("button:text('确认导入')")
    chair.wait_for_selector("text=已完成")
    chair.goto(f"{url}/mutual-aid/enrollments/")
    assert chair.locator("#list-results tbody tr").count() == 2

    # …and pays both bills: cover starts.
    _pay_bill(chair, url, "2026年住院医疗互助保障", aid.employer.credit_code)
    _pay_bill(chair, url, "2026年重大疾病互助保障", aid.employer.credit_code)

    # The member files the hospitalization with an invoice and the discharge summary.
    pdf = tmp_path / "出院小结.pdf"
    pdf.write_bytes(PDF)
    member = login("hanbin_member")
    member.goto(f"{url}/mutual-aid/claims/new/")
    member.select_option("select[name=plan]", label="2026年住院医疗互助保障")
    member.fill("input[name=event_date]", "2026-09-01")
    member.fill("input[name=diagnosis]", "急性前壁心肌梗死")
    member.fill("input[name=hospital]", "安康市中心医院")
    member.fill("input[name=admitted_on]", "2026-09-01")
    member.fill("input[name=discharged_on]", "2026-09-11")
    member.fill("input[name=self_paid]", "12800")
    member.fill("textarea[name=invoices]", "61000012345,13800")
    member.set_input_files("input[name=documents]", str(pdf))
    member.fill("input[name=payee_bank]", "中国工商银行安康分行")
    member.fill("input[name=account]", "6222020000001234")
    member.click("main button[type=submit]")
    # Nobody has reviewed it yet: an estimate, never 核定.
    member.wait_for_selector("#claim-amount:text('测算互助金6,765.00 元')")
    assert "核定互助金" not in member.inner_text("main")
    first = Claim.objects.get()

    # The chair sees the second benefit proposed, files it and accepts both.
    chair.goto(f"{url}/mutual-aid/claims/{first.pk}/")
    chair.wait_for_selector("#proposals >> text=急性心肌梗死")
    chair.click("#proposals button")
    chair.wait_for_selector("text=已生成关联申领")
    second = Claim.objects.exclude(pk=first.pk).get()
    assert second.amount == 40000
    for claim in (first, second):
        _act(chair, url, claim, "受理")

    # Review and check by two different officers.
    reviewer = login("hanbin_officer")
    for claim in (first, second):
        _act(reviewer, url, claim, "审核通过")
    reviewer.goto(f"{url}/mutual-aid/claims/{first.pk}/")
    assert reviewer.locator("button:text('复核通过')").count() == 1
    reviewer.click("button:text('复核通过')")
    reviewer.wait_for_selector("text=审核人与复核人不能为同一人")
    checker = login("hanbin_checker")
    for claim in (first, second):
        _act(checker, url, claim, "复核通过")

    # Payment batch from the selected claims, confirmed → bank sheet → paid, confirmed.
    checker.goto(f"{url}/mutual-aid/payments/")
    for box in checker.locator("#pending input[name=payment]").all():
        box.check()
    checker.fill("input[name=budget_line]", "职工互助保障互助金支出")
    checker.click("#make-batch")
    checker.wait_for_selector("#batch-summary >> text=笔数：2笔")
    checker.check("input[name=confirm]")
    checker.click("button:text('确认生成支付批次')")
    checker.wait_for_selector("text=已生成支付批次")
    with checker.expect_download() as dl:
        checker.click("text=导出银行清单")
    assert dl.value.suggested_filename.endswith(".xlsx")
    checker.click("#mark-paid")
    checker.fill("input[name=voucher]", "记-202612-0001")
    checker.check("input[name=confirm]")
    checker.click("button:text('确认标记已支付')")
    checker.wait_for_selector("text=已标记支付")
    checker.wait_for_selector("#batch-state:text('已支付')")

    # The member's progress page shows both, paid.
    member.goto(f"{url}/mutual-aid/mine/")
    cards = member.locator(".claim-card")
    assert cards.count() == 2
    assert member.locator(".claim-status:text('已支付')").count() == 2
    assert "重大疾病互助保障" in member.inner_text("main")
    assert set(Claim.objects.values_list("status", flat=True)) == {ClaimStatus.PAID}
