"""The 建会入会 pages as a user meets them: a drive made from its form, its page with the targets'
computed status, visits and progress; 登记建会 from the drive's page; a 集中入会 with rows of
people and its counts; refusals shown beside the form with nothing written; 石泉's records not
found from 汉滨."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gonghui.workplace.models import Drive, JoinEvent, TargetStatus
from tests.kit import Unchanged, flashed, form_errors, page_text, signed_in
from tests.workplace.fixtures_organizing import (
    DAY,
    YEAR,
    drive,
    employer,
    event,
    found,
    frozen,
    joiner,
    unionized,
    visit,
)

pytestmark = pytest.mark.usefixtures("frozen")
__all__ = ["frozen"]


def _drive_form(world, **changes):
    return {
        "org": str(world.hanbin.pk),
        "name": "2026年快递网点建会攻坚",
        "year": str(YEAR),
        "officer": str(world.hanbin_officer.pk),
        "starts_on": f"{YEAR}-03-01",
        "ends_on": f"{YEAR}-10-31",
        "codes": "",
        **changes,
    }


def test_a_drive_made_from_its_form_lists_its_targets_with_their_status(world):
    big = employer(world.hanbin, "汉滨大型物流公司", employees=200)
    small = employer(world.hanbin, "汉滨小微快递点", employees=6, has_party_org=True)
    client = signed_in(world.hanbin_officer)
    response = client.post(
        reverse("workplace:drive_new"),
        _drive_form(world, codes=f"{big.credit_code}\n{small.credit_code.lower()}"),
    )
    assert response.status_code == 302, form_errors(response)
    d = Drive.objects.get(name="2026年快递网点建会攻坚")
    text = page_text(client.get(reverse("workplace:drive_detail", args=[d.pk])))
    assert "汉滨大型物流公司" in text and "单独建会" in text and "依法推动单独建工会" in text
    assert "汉滨小微快递点" in text and "上门服务" in text
    assert "0 / 2 家已建会" in text


def test_a_wrong_credit_code_is_shown_beside_the_field_and_nothing_is_written(world):
    state = Unchanged()
    response = signed_in(world.hanbin_officer).post(
        reverse("workplace:drive_new"), _drive_form(world, codes="91610902MA0000000X")
    )
    assert response.status_code == 200
    assert any("统一社会信用代码" in e for e in form_errors(response))
    assert not state.changes()


def test_progress_visits_and_foundings_show_on_the_drive_page(world):
    a, b = employer(world.hanbin, "甲物流"), employer(world.hanbin, "乙快递")
    d = drive(world, employers=[a, b])
    visit(world, a, d=d, outcome="agreed", note="负责人同意筹建工会")
    found(world, a, d=d)
    text = page_text(
        signed_in(world.hanbin_officer).get(reverse("workplace:drive_detail", args=[d.pk]))
    )
    assert "1 / 2 家已建会（50%）" in text
    assert "负责人同意筹建工会" in text and "同意建会" in text
    assert "甲物流工会委员会" in text


def test_candidates_are_ticked_into_the_drive(world):
    d = drive(world)
    a = employer(world.hanbin, "候选企业甲", employees=90)
    unionized(world.hanbin, "已建会的企业不在候选中")
    client = signed_in(world.hanbin_officer)
    text = page_text(client.get(reverse("workplace:drive_detail", args=[d.pk])))
    assert "候选企业甲（90人，单独建会）" in text
    assert "已建会的企业不在候选中" not in text
    response = client.post(
        reverse("workplace:drive_targets_add", args=[d.pk]), {"employers": [a.pk]}
    )
    assert flashed(response) == ["已加入1家目标企业"]
    assert d.targets.get().employer == a


def test_founding_from_the_drive_page_and_a_second_founding_refused(world):
    a = employer(world.hanbin, "安康顺丰速运网点")
    d = drive(world, employers=[a])
    client = signed_in(world.hanbin_officer)
    url = reverse("workplace:founding_new") + f"?employer={a.pk}&drive={d.pk}"
    form_page = page_text(client.get(url))
    assert "安康顺丰速运网点工会委员会" in client.get(url).content.decode()
    assert "建会企业" in form_page and "安康顺丰速运网点" in form_page
    data = {
        "credit_code": a.credit_code,
        "parent": str(world.hanbin.pk),
        "name": "安康顺丰速运网点工会委员会",
        "meeting_on": str(DAY),
        "chair_name": "周建华",
        "attendees": "28",
        "members": "26",
        "drive": str(d.pk),
    }
    response = client.post(reverse("workplace:founding_new"), data)
    assert response.status_code == 302 and response["Location"].endswith(f"/drives/{d.pk}/")
    assert d.targets.get().status == TargetStatus.FOUNDED
    assert "一个企业只能建立一个基层工会" in page_text(client.get(url))
    state = Unchanged()
    again = client.post(
        reverse("workplace:founding_new"), {**data, "name": "另一个工会", "drive": ""}
    )
    assert again.status_code == 200
    assert any("一个企业只能建立一个基层工会" in e for e in form_errors(again))
    assert not state.changes()


def test_a_join_event_from_its_form_counts_joiners_and_new_employment_forms(world):
    one, two = joiner("骑手张"), joiner("司机李", form="ride_hailing")
    client = signed_in(world.hanbin_officer)
    data = {
        "org": str(world.hanbin.pk),
        "union": str(world.hanbin_union.pk),
        "title": "网约车司机集中入会",
        "held_on": str(DAY),
        "place": "汉滨区新业态党群服务中心",
        "j0_name": one.name,
        "j0_id": one.id_number,
        "j0_form": "rider",
        "j3_name": two.name,
        "j3_id": two.id_number,
        "j3_phone": "13987654321",
        "j3_form": "ride_hailing",
    }
    response = client.post(reverse("workplace:join_event_new"), data)
    assert response.status_code == 302, form_errors(response)
    e = JoinEvent.objects.get(title="网约车司机集中入会")
    page = client.get(reverse("workplace:join_event_detail", args=[e.pk]))
    text = page_text(page)
    assert "入会人数 2" in text and "其中新就业形态 2" in text
    assert "骑手张" in text and "外卖配送员" in text and "网约车司机" in text
    assert one.id_number not in text


def test_a_member_in_the_rows_is_named_on_the_page_and_nothing_is_written(world):
    e = event(world, [joiner("首批骑手")])
    member = world.hanbin_person
    fresh = joiner("新骑手")
    state = Unchanged()
    response = signed_in(world.hanbin_officer).post(
        reverse("workplace:join_event_detail", args=[e.pk]),
        {
            "j0_name": fresh.name,
            "j0_id": fresh.id_number,
            "j1_name": member.name,
            "j1_id": member.id_number,
        },
    )
    assert response.status_code == 200
    errors = " ".join(form_errors(response))
    assert f"第2行{member.name}" in errors and "已是汉滨区第一中学工会的在册会员" in errors
    assert not state.changes()
    assert 'value="新骑手"' in response.content.decode()


def test_shiquans_records_are_not_found_from_hanbin(world):
    theirs = drive(world, org=world.shiquan, employers=[employer(world.shiquan)])
    ev = event(world, [joiner(region="610922")], union=world.shiquan_union)
    target = theirs.targets.get()
    client = signed_in(world.hanbin_officer)
    for url in (
        reverse("workplace:drive_detail", args=[theirs.pk]),
        reverse("workplace:drive_edit", args=[theirs.pk]),
        reverse("workplace:join_event_detail", args=[ev.pk]),
        reverse("workplace:founding_new") + f"?employer={target.employer_id}",
        reverse("workplace:organizing_visit_new") + f"?employer={target.employer_id}",
    ):
        assert client.get(url).status_code == 404, url
    state = Unchanged()
    for url in (
        reverse("workplace:drive_close", args=[theirs.pk]),
        reverse("workplace:drive_target_remove", args=[target.pk]),
        reverse("workplace:join_event_detail", args=[ev.pk]),
    ):
        assert client.post(url, {}).status_code == 404, url
    assert not state.changes()


def test_a_bad_query_parameter_is_a_400_not_a_500(world):
    client = signed_in(world.hanbin_officer)
    assert client.get(reverse("workplace:founding_new") + "?employer=abc").status_code == 400
    assert client.get(reverse("workplace:organizing_visit_new") + "?drive=-1").status_code == 400


def test_the_visit_form_is_open_to_a_chair(world):
    a = employer(world.hanbin_union, "工会所在企业")
    client = signed_in(world.hanbin_chair)
    response = client.post(
        reverse("workplace:organizing_visit_new"),
        {
            "credit_code": a.credit_code,
            "visited_on": str(DAY),
            "visitors": "李主席",
            "outcome": "refused",
            "note": "企业暂不同意",
        },
    )
    assert response.status_code == 302, form_errors(response)
    text = page_text(client.get(reverse("workplace:organizing_visit_list")))
    assert "工会所在企业" in text and "暂不同意" in text
