"""The inspection pages: the list with hazards found / fixed per inspection (scoped, filtered,
exported, flat query count), recording with hazard rows, the inspection's page, adding a hazard,
整改销号 with uploads through the page, the evidence shown, and each POST route as each role."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from gonghui.core.models import Organization
from gonghui.workplace.models import Hazard, Inspection
from tests import factories
from tests.kit import (
    ListPageCase,
    PermissionCase,
    Post,
    Unchanged,
    flashed,
    form_errors,
    mark,
    page_text,
    signed_in,
    xlsx_cells,
)
from tests.workplace.fixtures_rights import (
    INSPECTED,
    frozen,
    inspection,
    media,
    officer_for,
    photo,
)

pytestmark = pytest.mark.usefixtures("frozen", "media")
__all__ = ["frozen", "media"]


class TestInspectionList(ListPageCase):
    url = "workplace:inspection_list"
    model = Inspection
    viewers = ("city_admin", "hanbin_officer", "auditor")

    def make(self, org: Organization, n: int) -> list[Inspection]:
        return [
            inspection(self.world, org=org, employer=factories.employer(org, mark("受检单位")))
            for _ in range(n)
        ]

    def text(self, obj: Inspection) -> str:
        return obj.employer.name


class TestInspectionPosts(PermissionCase):
    def posts(self) -> list[Post]:
        w = self.world
        employer = factories.employer(w.hanbin_union, mark("受检单位"))
        own = inspection(w, inspected_on=INSPECTED)
        foreign = inspection(w, org=w.shiquan_union)
        hazard = own.hazards.order_by("id").first()
        other_hazard = foreign.hazards.order_by("id").first()
        return [
            Post(
                reverse("workplace:inspection_new"),
                "workplace.inspection.record",
                lambda user: {
                    "employer": employer.credit_code,
                    "inspected_on": "2026-06-29",
                    "inspectors": "王检查",
                    "h0-description": mark("隐患"),
                },
                target=w.hanbin,
            ),
            Post(
                reverse("workplace:hazard_add", args=[own.pk]),
                "workplace.inspection.record",
                lambda user: {"description": mark("隐患")},
                target=own,
            ),
            Post(
                reverse("workplace:hazard_add", args=[foreign.pk]),
                "workplace.inspection.record",
                {"description": "越权"},
                target=foreign,
            ),
            Post(
                reverse("workplace:hazard_close", args=[hazard.pk]),
                "workplace.hazard.close",
                lambda user: {"fixed_on": "2026-06-30", "evidence": photo()},
                target=hazard,
            ),
            Post(
                reverse("workplace:hazard_close", args=[other_hazard.pk]),
                "workplace.hazard.close",
                lambda user: {"fixed_on": "2026-06-30", "evidence": photo()},
                target=other_hazard,
            ),
        ]


def _form(inspected: Any, **changes: Any) -> dict[str, Any]:
    data = {
        "employer": inspected.name,
        "inspected_on": "2026-06-10",
        "inspectors": "李明、赵刚",
        "note": "重点检查消防和用电",
        "h0-description": "消防通道堆放杂物",
        "h1-description": "",
        "h2-description": "配电箱未接地",
        "h2-deadline": "2026-06-15",
    }
    data.update(changes)
    return data


def test_recording_an_inspection_with_its_hazards(world):
    employer = factories.employer(world.hanbin_union, "汉滨区永安机械厂")
    client = signed_in(world.hanbin_officer)
    response = client.post(reverse("workplace:inspection_new"), _form(employer))
    found = Inspection.objects.get()
    assert response["Location"] == reverse("workplace:inspection_detail", args=[found.pk])
    assert flashed(response) == ["已登记对汉滨区永安机械厂的安全检查"]
    assert [(h.description, str(h.deadline)) for h in found.hazards.order_by("id")] == [
        ("消防通道堆放杂物", "2026-06-25"),
        ("配电箱未接地", "2026-06-15"),
    ]
    page = page_text(client.get(response["Location"]))
    assert "发现2项，已整改0项" in page
    # Recorded on the 30th for the 10th: both hazards are already past their deadlines.
    assert "消防通道堆放杂物 2026-06-25 逾期未整改" in page


def test_the_form_explains_a_bad_employer_or_deadline_and_writes_nothing(world):
    employer = factories.employer(world.hanbin_union)
    foreign = factories.employer(world.shiquan_union, "石泉外县单位")
    client = signed_in(world.hanbin_officer)
    state = Unchanged()
    response = client.post(reverse("workplace:inspection_new"), _form(employer, employer=""))
    assert form_errors(response) == ["请填写被检查单位"]
    response = client.post(
        reverse("workplace:inspection_new"), _form(employer, **{"h2-deadline": "2026-06-01"})
    )
    assert form_errors(response) == ["第2项隐患的整改期限不能早于检查日期2026-06-10"]
    response = client.post(
        reverse("workplace:inspection_new"), _form(employer, **{"h2-deadline": "下周"})
    )
    assert "隐患的整改期限应为日期，请检查标红的行" in form_errors(response)
    response = client.post(
        reverse("workplace:inspection_new"), _form(employer, employer=foreign.credit_code)
    )
    assert form_errors(response) == [
        f"您的管辖范围内没有统一社会信用代码为{foreign.credit_code}的用人单位"
    ]
    assert not state.changes()


def test_list_shows_hazards_found_and_fixed_per_inspection(world):
    found = inspection(
        world,
        employer=factories.employer(world.hanbin_union, "计数单位"),
        hazards=["甲", "乙", "丙"],
    )
    client = signed_in(world.hanbin_officer)
    hazard = found.hazards.order_by("id").first()
    client.post(
        reverse("workplace:hazard_close", args=[hazard.pk]),
        {"fixed_on": "2026-06-30", "evidence": photo()},
    )
    response = client.get(reverse("workplace:inspection_list"))
    body = response.content.decode()
    row = body[body.index("计数单位") :].split("</tr>")[0]
    cells = [c.split(">")[-1] for c in row.split("</td>")[:-1]]
    assert cells[2:6] == ["3", "1", "2", "0"], cells


def test_overdue_filter_on_the_list(world):
    inspection(
        world, employer=factories.employer(world.hanbin_union, "逾期单位"), inspected_on=INSPECTED
    )
    inspection(world, employer=factories.employer(world.hanbin_union, "新查单位"))
    client = signed_in(world.hanbin_officer)
    text = page_text(client.get(reverse("workplace:inspection_list") + "?hazards=overdue"))
    assert "逾期单位" in text and "新查单位" not in text
    text = page_text(client.get(reverse("workplace:inspection_list") + "?hazards=open"))
    assert "逾期单位" in text and "新查单位" in text
    cells = xlsx_cells(client.post(reverse("workplace:inspection_list") + "?hazards=overdue"))
    assert "逾期单位" in cells and "新查单位" not in cells


def test_the_inspection_page_marks_overdue_hazards(world):
    found = inspection(world, inspected_on=INSPECTED, hazards=["楼梯扶手松动"])
    page = page_text(
        signed_in(world.hanbin_officer).get(reverse("workplace:inspection_detail", args=[found.pk]))
    )
    assert "逾期未整改1项" in page
    assert "楼梯扶手松动 2026-06-25 逾期未整改" in page


def test_adding_a_hazard_on_the_inspection_page(world):
    found = inspection(world, inspected_on=INSPECTED, hazards=[])
    client = signed_in(world.hanbin_officer)
    response = client.post(
        reverse("workplace:hazard_add", args=[found.pk]), {"description": "电焊作业无监护"}
    )
    assert flashed(response) == ["已登记隐患“电焊作业无监护”，整改期限2026-06-25"]
    response = client.post(reverse("workplace:hazard_add", args=[found.pk]), {"description": ""})
    assert flashed(response)[-1] == "请填写隐患描述"
    assert found.hazards.count() == 1


def test_closing_through_the_page_needs_evidence(world, media):
    found = inspection(world, hazards=["消防栓无水"])
    hazard = found.hazards.get()
    client = signed_in(world.hanbin_officer)
    url = reverse("workplace:hazard_close", args=[hazard.pk])
    assert "消防栓无水" in page_text(client.get(url))
    state = Unchanged()
    response = client.post(url, {"fixed_on": "2026-06-30"})
    assert form_errors(response) == ["隐患销号须上传至少一份整改佐证（照片或PDF）"]
    response = client.post(
        url, {"fixed_on": "2026-06-30", "evidence": photo("说明.txt", b"fixed, trust me")}
    )
    assert form_errors(response) == ["“说明.txt”不是PDF或图片（JPG、PNG）文件，不能上传"]
    assert not state.changes()
    response = client.post(url, {"fixed_on": "2026-06-30", "evidence": [photo(), photo("b.png")]})
    assert response["Location"] == reverse("workplace:inspection_detail", args=[found.pk])
    hazard.refresh_from_db()
    assert hazard.fixed and hazard.evidence.count() == 2
    evidence = hazard.evidence.first()
    shown = client.get(reverse("workplace:hazard_evidence", args=[evidence.pk]))
    assert shown.status_code == 200
    assert shown["Content-Type"] == "image/png"
    assert b"".join(shown.streaming_content).startswith(b"\x89PNG")


def test_the_employers_own_chair_sees_and_closes_the_hazard(world, media):
    employer = factories.employer(world.hanbin_union, "汉滨区宏远纺织厂")
    union = factories.grassroots(world.hanbin, "宏远纺织厂工会")
    union.employer = employer
    union.save()
    chair = factories.user("grassroots_chair", union)
    found = inspection(world, employer=employer, hazards=["车间照明不足"])
    hazard = found.hazards.get()
    client = signed_in(chair)
    assert "汉滨区宏远纺织厂" in page_text(client.get(reverse("workplace:inspection_list")))
    page = page_text(client.get(reverse("workplace:inspection_detail", args=[found.pk])))
    assert "整改销号" in page and "补充登记隐患" not in page
    client.post(
        reverse("workplace:hazard_close", args=[hazard.pk]),
        {"fixed_on": "2026-06-30", "evidence": photo()},
    )
    hazard.refresh_from_db()
    assert hazard.fixed and hazard.closed_by == chair


def test_another_chair_is_refused_and_another_county_sees_nothing(world):
    found = inspection(world)
    hazard: Hazard = found.hazards.order_by("id").first()
    chair = signed_in(world.hanbin_chair)
    assert chair.get(reverse("workplace:inspection_detail", args=[found.pk])).status_code == 404
    assert chair.get(reverse("workplace:hazard_close", args=[hazard.pk])).status_code == 404
    other = signed_in(officer_for(world, world.shiquan_union))
    assert other.get(reverse("workplace:inspection_detail", args=[found.pk])).status_code == 404
    response = other.post(
        reverse("workplace:hazard_close", args=[hazard.pk]),
        {"fixed_on": "2026-06-30", "evidence": photo()},
    )
    assert response.status_code == 404
    hazard.refresh_from_db()
    assert not hazard.fixed


def test_auditor_reads_the_inspection_but_may_not_close(world):
    found = inspection(world)
    hazard = found.hazards.order_by("id").first()
    client = signed_in(world.auditor)
    page = page_text(client.get(reverse("workplace:inspection_detail", args=[found.pk])))
    assert "消防通道堵塞" in page and "整改销号" not in page
    assert client.get(reverse("workplace:hazard_close", args=[hazard.pk])).status_code == 403
