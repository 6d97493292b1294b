"""A published selection can be checked by anyone who sees the 公示: the input offered with it
names nobody, and `gonghui recuperation solve` on that input writes the very bytes the platform
stored and published — the SHA-256s on the page agree with both files."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re

from django.urls import reverse

from gonghui.core.models import Person, Role
from gonghui.planner.cli import main as planner_command
from gonghui.recuperation import services
from tests import factories
from tests.kit import signed_in


def _published(rw):
    plan = rw.plan()
    rw.batch(plan, "B1", max_size=3)
    rw.batch(plan, "B2", max_size=2, base=rw.base2)
    rw.approve(plan)
    run = services.selection_run(user=rw.w.city_admin, plan=plan)
    services.selection_publish(user=rw.w.city_admin, run=run)
    run.refresh_from_db()
    return plan, run


def test_the_command_on_the_published_input_writes_the_published_output_byte_for_byte(rw, tmp_path):
    plan, run = _published(rw)
    member = factories.user(Role.MEMBER, rw.w.shiquan_union, "shiquan_worker", person=None)
    client = signed_in(member)  # any signed-in user who sees the 公示
    page = client.get(reverse("recuperation:publicity", args=[plan.pk])).content.decode()
    given = client.get(reverse("recuperation:publicity_input", args=[plan.pk]))
    published = client.get(reverse("recuperation:publicity_output", args=[plan.pk]))
    assert given.status_code == published.status_code == 200
    input_bytes, output_bytes = b"".join(given), b"".join(published)

    # The page's two SHA-256s are those of the two files.
    input_sha = hashlib.sha256(input_bytes).hexdigest()
    output_sha = hashlib.sha256(output_bytes).hexdigest()
    assert f'id="input-sha256">{input_sha}<' in page
    assert f'id="output-sha256">{output_sha}<' in page

    # Recomputed with the command the page prints.
    command = re.search(r"<code>gonghui recuperation solve 输入\.json ([^<]*)</code>", page)
    assert command is not None
    (tmp_path / "input.json").write_bytes(input_bytes)
    out = tmp_path / "output.json"
    argv = ["solve", str(tmp_path / "input.json"), "--out", str(out), *command[1].split()]
    assert planner_command(argv) == 0
    assert out.read_bytes() == output_bytes
    assert hashlib.sha256(out.read_bytes()).hexdigest() == output_sha == run.output_sha256
    # And the stored result is what the pages read.
    assert json.loads(output_bytes) == run.output


def test_the_published_input_names_nobody(rw):
    plan, run = _published(rw)
    text = b"".join(
        signed_in(rw.w.hanbin_member).get(reverse("recuperation:publicity_input", args=[plan.pk]))
    ).decode()
    data = json.loads(text)
    codes = [c["id"] for c in data["candidates"]]
    assert len(codes) == len(rw.people) == len(set(codes))
    assert all(re.fullmatch(r"C[0-9A-F]{12}", code) for code in codes)
    assert codes == sorted(codes)  # listed by code, not in the registry's order
    for person in Person.objects.filter(pk__in=[p.pk for p in rw.people]):
        assert person.name not in text
        assert person.id_number not in text and person.id_number[-6:] not in text
        assert f"{person.pk:06d}" not in text
    for code in codes:  # the platform still knows who each code is
        assert run.person_id(code) in {p.pk for p in rw.people}


def test_codes_are_stable_within_a_year_and_unrelated_across_years(rw):
    person = rw.people[0]
    assert services.candidate_code(2026, person.pk) == services.candidate_code(2026, person.pk)
    assert services.candidate_code(2026, person.pk) != services.candidate_code(2027, person.pk)
    assert services.candidate_code(2026, person.pk) != services.candidate_code(
        2026, rw.people[1].pk
    )


def test_a_worker_finds_their_own_code_in_the_published_input(rw):
    _, run = _published(rw)
    worker = rw.w.hanbin_member  # the member's person is one of the candidates
    mine = signed_in(worker).get(reverse("recuperation:mine")).content.decode()
    shown = re.search(r'id="my-code-2026">(C[0-9A-F]{12})<', mine)
    assert shown is not None
    assert shown[1] == services.candidate_code(2026, worker.person_id)
    data = json.loads(run.input_json)
    assert shown[1] in {c["id"] for c in data["candidates"]}
    assert shown[1] in run.output["explanations"]


def test_the_publicity_files_exist_only_once_published_and_for_plans_the_user_may_see(rw):
    plan = rw.plan()
    rw.batch(plan, "B1", max_size=3)
    rw.approve(plan)
    services.selection_run(user=rw.w.city_admin, plan=plan)  # computed, not published
    client = signed_in(rw.w.city_admin)
    for name in ("recuperation:publicity_input", "recuperation:publicity_output"):
        response = client.get(reverse(name, args=[plan.pk]))
        assert response.status_code == 404
    missing = client.get(reverse("recuperation:publicity_input", args=[999_999]))
    assert missing.status_code == 404


def test_a_county_plans_files_are_not_offered_to_another_county(rw):
    officer = rw.w.hanbin_officer
    plan = services.plan_create(
        user=officer, year=2026, title="汉滨区2026年劳模疗休养方案", budget="50000", budget_line="x"
    )
    services.batch_add(
        user=officer,
        plan=plan,
        code="B1",
        base=rw.base,
        start_date=dt.date(2026, 12, 14),
        end_date=dt.date(2026, 12, 18),
        min_size=1,
        max_size=5,
        cost_per_person="3000",
        travel_cost={"*": "500"},
    )
    rw.approve(plan)
    run = services.selection_run(user=officer, plan=plan)
    services.selection_publish(user=officer, run=run)
    url = reverse("recuperation:publicity_input", args=[plan.pk])
    assert signed_in(rw.w.hanbin_member).get(url).status_code == 200
    assert signed_in(rw.w.shiquan_officer).get(url).status_code == 404


def test_the_run_page_shows_both_sha256_and_the_command_the_publicity_prints(rw):
    plan, run = _published(rw)
    officer = signed_in(rw.w.city_admin)
    page = officer.get(reverse("recuperation:run_detail", args=[run.pk])).content.decode()
    publicity = officer.get(reverse("recuperation:publicity", args=[plan.pk])).content.decode()
    assert f'id="output-sha256">{run.output_sha256}<' in page
    command = re.search(r"<code>(gonghui recuperation solve [^<]*)</code>", page)
    assert command is not None and f"<code>{command[1]}</code>" in publicity
    assert "--time-limit" in command[1]
