"""The city's plan is seen by every county officer, its people only within their county.

The automatic scope walk (tests/core/test_scope_walk.py) tries the pks of records under 石泉;
the city's plan lies above both counties, so its pages are checked here with the same 石泉
records and markers (tests/recuperation/scope_samples.py)."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from gonghui.recuperation.models import Batch, Plan
from tests.core.test_scope_walk import body_text
from tests.recuperation.scope_samples import shiquan_records


def test_a_county_officer_sees_the_city_plan_but_no_participant_of_another_county(world):
    markers = shiquan_records(world)
    plan = Plan.objects.get(title="2025年劳模疗休养工作方案")
    batch = Batch.objects.get(plan=plan)
    run = plan.runs.get()
    c = Client()
    c.force_login(world.hanbin_officer)
    urls = [
        reverse("recuperation:plan_detail", args=[plan.pk]),
        reverse("recuperation:publicity", args=[plan.pk]),
        reverse("recuperation:invitation_list", args=[plan.pk]),
        reverse("recuperation:candidates", args=[plan.pk]),
        reverse("recuperation:run_detail", args=[run.pk]),
        reverse("recuperation:batch_detail", args=[batch.pk]),
        reverse("recuperation:batch_needs", args=[batch.pk, "xlsx"]),
        reverse("recuperation:batch_needs", args=[batch.pk, "pdf"]),
        reverse("recuperation:batch_roster", args=[batch.pk, "xlsx"]),
        reverse("recuperation:batch_roster", args=[batch.pk, "pdf"]),
        f"/api/recuperation/plans/{plan.pk}",
        f"/api/recuperation/plans/{plan.pk}/selection",
    ]
    seen_own = []
    for url in urls:
        r = c.get(url)
        assert r.status_code == 200, url
        text = body_text(r)
        leaked = [what for marker, what in markers.items() if marker in text]
        assert leaked == [], f"{url} shows {leaked}"
        seen_own.append("公孙汉疗" in text)
    # Every page listing people shows the officer's own participant: the check is not vacuous.
    assert seen_own == [False] + [True] * 9 + [False, True]
    # The publicity says that one more person was selected outside the county.
    page = c.get(reverse("recuperation:publicity", args=[plan.pk])).content.decode()
    assert "另有1人不在您的管辖范围内" in page


def test_the_city_admin_sees_the_other_countys_participant(world):
    shiquan_records(world)
    plan = Plan.objects.get(title="2025年劳模疗休养工作方案")
    c = Client()
    c.force_login(world.city_admin)
    page = c.get(reverse("recuperation:publicity", args=[plan.pk])).content.decode()
    assert "欧阳疗泉" in page and "公孙汉疗" in page and "另有" not in page
