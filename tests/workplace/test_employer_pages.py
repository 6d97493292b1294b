"""The 企业台账 pages as a user reads them: the list with its organizing status (by the year's
threshold), filters and export; 需要推动的企业 per county; an employer's page with the rule's text,
its sources, headcount history and the related-records hook; the department import through the
web (upload → preview → confirm)."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.urls import reverse

from gonghui.core.models import Job, JobStatus
from gonghui.core.services import organization_create
from gonghui.workplace import selectors_employers
from gonghui.workplace.selectors_employers import Related
from gonghui.workplace.services_settings import setting_save
from tests.kit import page_text, signed_in, xlsx_cells
from tests.workplace.fixtures_employers import (
    code,
    employer,
    import_rows,
    queued,
    row,
    workbook,
)

NOW = dt.datetime(2026, 5, 10, 10, 0, tzinfo=dt.UTC)


def _list(client, **query):
    return page_text(client.get(reverse("workplace:employer_list"), query))


def test_the_list_shows_each_employers_status_by_the_years_threshold(world):
    employer(world.hanbin_union, "安康市二十人科技有限公司", employee_count=30)
    employer(world.hanbin_union, "安康市已建会物流有限公司", employee_count=5, has_union=True)
    client = signed_in(world.hanbin_officer)
    with time_machine.travel(NOW, tick=False):
        text = _list(client, q="二十人")
        assert "单独建会" in text and "单独建会职工人数下限25人" in text
        setting_save(
            user=world.city_admin,
            org=world.city,
            year=2026,
            union_threshold=50,
            site_subsidy="5000",
            notice_first=True,
            rectify_days=15,
            hazard_days=10,
        )
        text = _list(client, q="二十人")
        assert "先行一步" in text and "单独建会职工人数下限50人" in text
        founded = _list(client, status="founded")
    assert "安康市已建会物流有限公司" in founded and "二十人" not in founded


def test_the_filters_narrow_the_list(world, tmp_path):
    federation = organization_create(
        name="汉滨区商贸行业工会联合会", kind="industry", parent=world.hanbin
    )
    employer(federation, "安康市联合会兜底商店", employee_count=6)
    employer(world.hanbin_union, "安康市协会样本", kind="social", is_new_social=True)
    taxed = code()
    import_rows(
        tmp_path, world.hanbin_officer, "tax", [row("tax", taxed, "安康市纳税样本有限公司", 9, "")]
    )
    client = signed_in(world.hanbin_officer)
    assert "安康市联合会兜底商店" in _list(client, status="federation")
    assert "安康市联合会兜底商店" not in _list(client, status="first_step")
    only_tax = _list(client, source="tax")
    assert "安康市纳税样本有限公司" in only_tax and "安康市协会样本" not in only_tax
    social = _list(client, sanxin="social")
    assert "安康市协会样本" in social and "兜底商店" not in social
    assert "安康市协会样本" in _list(client, kind="social")
    assert "安康市纳税样本有限公司" in _list(client, q=taxed.lower())
    under = _list(client, org=str(federation.pk))
    assert "兜底商店" in under and "协会样本" not in under
    assert "税务局" in _list(client, q="纳税样本")  # the 来源 column


def test_the_export_holds_the_status_and_the_sources(world, tmp_path):
    made = code()
    import_rows(
        tmp_path,
        world.hanbin_officer,
        "market",
        [row("market", made, "安康市导出样本有限公司", 40, "")],
    )
    response = signed_in(world.hanbin_officer).post(
        reverse("workplace:employer_list") + "?q=导出样本"
    )
    cells = xlsx_cells(response)
    assert "安康市导出样本有限公司" in cells and made in cells
    assert "单独建会" in cells and "市场监管局" in cells


def test_needs_action_counts_per_county_link_to_the_filtered_list(world):
    employer(world.hanbin_union, "汉滨大厂", employee_count=100)
    employer(world.hanbin_union, "汉滨小店", employee_count=3)
    employer(world.hanbin, "汉滨党建小店", employee_count=3, has_party_org=True)
    employer(world.shiquan_union, "石泉大厂", employee_count=200)
    employer(world.shiquan_union, "石泉已建会", employee_count=200, has_union=True)
    city = signed_in(world.city_admin).get(reverse("workplace:employer_needs"))
    body = city.content.decode()
    text = page_text(city)
    assert "汉滨区总工会 1 1 0 1 3" in text and "石泉县总工会 1 0 0 0 1" in text
    assert f"?org={world.hanbin.pk}&amp;status=own_union" in body
    hanbin = page_text(signed_in(world.hanbin_officer).get(reverse("workplace:employer_needs")))
    assert "汉滨区总工会" in hanbin and "石泉" not in hanbin
    # A grassroots chair sees their own union's employers, under their county's name.
    chair = page_text(signed_in(world.hanbin_chair).get(reverse("workplace:employer_needs")))
    assert "汉滨区总工会 1 0 0 1 2" in chair and "市直" not in chair
    listed = _list(signed_in(world.city_admin), org=str(world.hanbin.pk), status="own_union")
    assert "汉滨大厂" in listed and "石泉大厂" not in listed


def test_the_employer_page_shows_the_rule_sources_history_and_related_records(world, tmp_path):
    made = code()
    with time_machine.travel(NOW, tick=False):
        import_rows(
            tmp_path,
            world.hanbin_officer,
            "tax",
            [row("tax", made, "安康市详情样本有限公司", 12, "汉滨区")],
        )
    with time_machine.travel(NOW + dt.timedelta(days=30), tick=False):
        import_rows(
            tmp_path,
            world.hanbin_officer,
            "market",
            [row("market", made, "详情样本（安康）公司", 31, "汉滨区")],
        )
    target = selectors_employers.employer_list(user=world.hanbin_officer).get(credit_code=made)

    def provider(user, employer):  # another part's records, through the hook
        return Related("建会走访", [(f"{employer.name}走访记录", "/workplace/")])

    selectors_employers.related_records(provider)
    try:
        response = signed_in(world.hanbin_officer).get(
            reverse("workplace:employer_detail", args=[target.pk])
        )
    finally:
        selectors_employers._RELATED.remove(provider)
    text = page_text(response)
    assert "单独建会 职工人数25人以上的企业，依法推动单独建工会。" in text
    assert "税务局 安康市详情样本有限公司 12 2026-05-10 2026-05-10" in text
    assert "市场监管局 详情样本(安康)公司 31 2026-06-09 2026-06-09" in text
    assert "2026-06-09 31人 市场监管局 2026-05-10 12人 税务局" in text
    assert "建会走访 安康市详情样本有限公司走访记录" in text


def test_another_countys_employer_page_is_not_found(world):
    theirs = employer(world.shiquan_union, "石泉县不可见有限公司")
    client = signed_in(world.hanbin_officer)
    assert client.get(reverse("workplace:employer_detail", args=[theirs.pk])).status_code == 404
    assert "石泉县不可见" not in _list(client)


def test_an_officer_imports_a_departments_file_through_the_web(world, tmp_path):
    queued(tmp_path, world, "安康市网页导入样本有限公司")  # in the base, and one review already
    new_code = code()
    path = workbook(
        tmp_path / "市场监管局企业名录.xlsx",
        [
            row("market", new_code, "安康市网页新增有限公司", 26, "汉滨区"),
            row("market", code(), "安康市网页导入样本有限公司", 5, "汉滨区"),
        ],
        source="market",
    )
    client = signed_in(world.hanbin_officer)
    listing = client.get(reverse("workplace:employer_list")).content.decode()
    assert "?importer=workplace_market" in listing and "导入企业台账·市场监管局数据" in listing
    with path.open("rb") as fh:
        response = client.post(
            reverse("core:import_start"), {"importer": "workplace_market", "file": fh}
        )
    assert response.status_code == 302
    preview = Job.objects.get(kind="import.preview")
    assert preview.status == JobStatus.DONE and preview.result["new"] == 1
    assert preview.result["unchanged"] == 1 and not preview.result["error_count"]
    assert "安康市网页新增有限公司" in page_text(client.get(response.url))
    client.post(reverse("core:import_confirm", args=[preview.pk]))
    commit = Job.objects.get(kind="import.commit")
    assert commit.status == JobStatus.DONE and commit.result["committed"]
    assert "安康市网页新增有限公司" in _list(client, q="网页新增")
    pending = page_text(client.get(reverse("workplace:review_list")))
    assert "安康市网页导入样本有限公司" in pending and "共 2 条" in pending  # two sources


def test_a_file_with_a_wrong_check_character_is_previewed_with_its_error_and_not_confirmed(
    world, tmp_path
):
    bad = code()[:17] + "Z"
    path = workbook(
        tmp_path / "税务.xlsx", [row("tax", bad, "安康市坏代码有限公司", 3, "")], source="tax"
    )
    client = signed_in(world.hanbin_officer)
    with path.open("rb") as fh:
        response = client.post(
            reverse("core:import_start"), {"importer": "workplace_tax", "file": fh}
        )
    text = page_text(client.get(response.url))
    assert "纳税人识别号" in text and "不允许的字符“Z”" in text
    preview = Job.objects.get(kind="import.preview")
    refused = client.post(reverse("core:import_confirm", args=[preview.pk]))
    assert refused.status_code == 400 and "文件中还有错误" in page_text(refused)
    assert not Job.objects.filter(kind="import.commit").exists()


def test_the_import_buttons_show_only_for_those_who_may_import(world):
    for who, shown in (
        (world.hanbin_officer, True),
        (world.hanbin_chair, False),
        (world.auditor, False),
    ):
        body = signed_in(who).get(reverse("workplace:employer_list")).content.decode()
        assert ("importer=workplace_tax" in body) == shown, who


def test_the_review_list_counts_on_the_employer_list(world, tmp_path):
    queued(tmp_path, world, "安康市待核对计数有限公司")
    text = _list(signed_in(world.hanbin_officer))
    assert "待核对企业 1" in text
