"""The read-only 企业工作 API: every list answers only the caller's subtree, a record outside it
answers 404 with the message a missing one gets, the employer carries its rule-computed status
and the rule's text, and the figures are the figures page's."""

from __future__ import annotations

from typing import Any

import pytest

from gonghui.workplace.models import (
    Consultation,
    DemoSite,
    Inspection,
    Letter,
    Mediation,
    MergeReview,
    Need,
)
from gonghui.workplace.rules import rule_text
from gonghui.workplace.selectors_figures import figure_scope, figures
from tests.workplace.figures_scene import YEAR, build

pytestmark = pytest.mark.django_db

API = "/api/workplace"


@pytest.fixture
def scene(world):
    return build(world)


def _get(client: Any, user: Any, path: str, **params: Any) -> tuple[int, Any]:
    client.force_login(user)
    response = client.get(API + path, params)
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    return response.status_code, response.json()


def _ids(client: Any, user: Any, path: str, **params: Any) -> set[int]:
    status, body = _get(client, user, path, page_size=100, **params)
    assert status == 200, body
    return {item["id"] for item in body["items"]}


LISTS = {
    "/employers": lambda s: s.employers.values(),
    "/reviews": lambda s: _with_reviews(s),
    "/sites": lambda s: DemoSite.objects.all(),
    "/needs": lambda s: Need.objects.all(),
    "/letters": lambda s: Letter.objects.all(),
    "/mediations": lambda s: Mediation.objects.all(),
    "/inspections": lambda s: Inspection.objects.all(),
    "/consultations": lambda s: Consultation.objects.all(),
}


@pytest.mark.parametrize("path", list(LISTS))
def test_a_county_officer_lists_only_their_county(world, scene, client, path):
    records = list(LISTS[path](scene))
    hanbin = {r.pk for r in records if _org_path(r).startswith(world.hanbin.path)}
    shiquan = {r.pk for r in records if _org_path(r).startswith(world.shiquan.path)}
    assert hanbin and shiquan, "the scene has records on both sides"
    seen = _ids(client, world.hanbin_officer, path)
    assert hanbin <= seen
    assert not seen & shiquan


def _with_reviews(scene: Any) -> Any:
    """The scene has no review queue: one record of 汉滨 and one of 石泉."""
    scene.review(scene.employers["汉滨甲"], scene.world.hanbin)
    scene.review(scene.employers["石泉甲"], scene.world.shiquan)
    return MergeReview.objects.all()


def _org_path(record: Any) -> str:
    org = getattr(record, "org", None) or record.candidate.org
    return org.path


def test_an_employer_carries_its_status_and_the_rules_text(world, scene, client):
    employer = next(e for e in scene.employers.values() if e.org.is_within(world.hanbin))
    status, body = _get(client, world.hanbin_officer, f"/employers/{employer.pk}")
    assert status == 200
    assert body["credit_code"] == employer.credit_code
    assert body["rule"] == rule_text(body["organizing_status"], threshold=25)
    assert body["status_label"] in body["rule"] or body["status_label"] in (
        "已建会",
        "单独建会",
        "上门服务",
        "联合会兜底",
        "先行一步",
    )


def test_records_of_another_county_answer_404_as_missing_ones_do(world, scene, client):
    foreign = next(e for e in scene.employers.values() if e.org.is_within(world.shiquan))
    status, body = _get(client, world.hanbin_officer, f"/employers/{foreign.pk}")
    assert (status, body["detail"]) == (
        404,
        f"用人单位（ID {foreign.pk}）不存在或不在您的管辖范围内",
    )
    letter = Letter.objects.filter(org__path__startswith=world.shiquan.path).first()
    status, body = _get(client, world.hanbin_officer, f"/letters/{letter.pk}")
    assert (status, body["detail"]) == (404, f"文书（ID {letter.pk}）不存在或不在您的管辖范围内")
    need = Need.objects.filter(org__path__startswith=world.shiquan.path).first()
    status, _ = _get(client, world.hanbin_officer, f"/needs/{need.pk}")
    assert status == 404
    status, body = _get(client, world.shiquan_officer, f"/needs/{need.pk}")
    assert (status, body["number"]) == (200, need.number)
    assert [s["kind"] for s in body["history"]] == [s.kind for s in need.steps.all()]


def test_the_figures_are_the_pages(world, scene, client):
    status, body = _get(client, world.city_admin, "/figures", year=YEAR, org_id=world.hanbin.pk)
    assert status == 200
    expected = figures(scope=figure_scope(user=world.city_admin, year=YEAR, org=world.hanbin.pk))
    got = {f["key"]: f["value"] for f in body["figures"]}
    assert {k: str(v) for k, v in expected.totals.items()} == {k: str(v) for k, v in got.items()}
    status, body = _get(client, world.hanbin_officer, "/figures", org_id=world.shiquan.pk)
    assert status == 404


def test_bad_query_values_get_a_json_400(world, scene, client):
    for path, params in [
        ("/employers", {"status": "nonsense"}),
        ("/letters", {"year": "20x5"}),
        ("/needs", {"page": "0"}),
    ]:
        status, body = _get(client, world.city_admin, path, **params)
        assert status in (400, 422), (path, body)
        assert "detail" in body
