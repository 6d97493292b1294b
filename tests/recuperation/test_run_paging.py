"""The result pages read one page of candidates from the run's outcome rows (LIMIT/OFFSET),
never the run's files: a province's run holds 20,000 candidates and megabytes of JSON."""

from __future__ import annotations

import importlib
import re

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.core.models import AuditAction, AuditLog
from gonghui.recuperation import services, views_runs
from gonghui.recuperation.models import SelectionRun
from gonghui.recuperation.models_runs import CandidateOutcome
from tests import factories
from tests.recuperation.conftest import RW, give

EXTRA = 61  # with the 9 of the fixture: 70 candidates, two pages of 50


@pytest.fixture
def run(rw: RW) -> SelectionRun:
    """A run of 70 model workers (61 more in 汉滨) for three seats: 3 selected, the rest waiting
    (or, for a few, not eligible)."""
    for i in range(EXTRA):
        person = factories.person(rw.w.hanbin_union, f"候选{i:02d}号", phone=f"135{i:08d}")
        give(rw.w.city_admin, person, year=2000 + i % 20)
    plan = rw.plan(budget="100000.00")
    rw.batch(plan, "B1", max_size=3)
    rw.approve(plan)
    return services.selection_run(user=rw.w.city_admin, plan=plan)


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _rows(html: str) -> list[tuple[str, str]]:
    """(name, 结果 cell) of each row of the candidates' table."""
    table = html.split('id="explanations"', 1)[1].split("</table>", 1)[0]
    cell = '<td class="text-nowrap">'
    found = re.findall(rf"<tr>{cell}([^<]*)</td>{cell}[^<]*</td>\s*{cell}(.*?)</td>", table, re.S)
    return [(name, re.sub(r"<[^>]+>", "", result).strip()) for name, result in found]


def _expected_order(run: SelectionRun) -> list[str]:
    """The names in the page's order, from the planner's output: selected, waiting by rank,
    then the others by score."""
    from gonghui.core.models import Person

    out = run.output
    waitlist = {c: i + 1 for i, c in enumerate(out["waitlist"])}
    ex = out["explanations"]
    order = sorted(
        ex,
        key=lambda c: (
            not ex[c].get("selected", False),
            waitlist.get(c) or 10**6,
            -(ex[c].get("score") or -1),
            c,
        ),
    )
    names = dict(Person.objects.values_list("pk", "name"))
    return [names[run.person_id(c)] for c in order]


def test_the_run_page_shows_fifty_candidates_and_page_two_the_next_ones(rw, run):
    client = _client(rw.w.city_admin)
    url = reverse("recuperation:run_detail", args=[run.pk])
    first = client.get(url).content.decode()
    second = client.get(url, {"page": 2}).content.decode()
    assert "共 70 人" in first and "共 70 人" in second
    one, two = _rows(first), _rows(second)
    assert len(one) == 50 and len(two) == 20
    assert [name for name, _ in one + two] == _expected_order(run)
    assert [r for _, r in one[:3]] == ["入选 B1"] * 3
    assert one[3][1] == "候补第1位" and one[-1][1] == "候补第47位"
    assert two[0][1] == "候补第48位"  # page 2 goes on where page 1 stopped
    assert 'href="?page=2#results"' in first


def test_a_search_finds_a_person_whose_row_is_on_a_later_page(rw, run):
    client = _client(rw.w.city_admin)
    url = reverse("recuperation:run_detail", args=[run.pk])
    last = run.output["waitlist"][-1]
    rank = len(run.output["waitlist"])
    person = type(rw.people[0]).objects.get(pk=run.person_id(last))
    assert person.name not in client.get(url).content.decode()  # not on page 1
    page = client.get(url, {"q": person.name}).content.decode()
    assert "共 1 人" in page
    assert _rows(page) == [(person.name, f"候补第{rank}位")]


def test_the_outcome_filter_counts_each_outcome_and_pages_within_it(rw, run):
    client = _client(rw.w.city_admin)
    url = reverse("recuperation:run_detail", args=[run.pk])
    explanations = run.output["explanations"].values()
    counts = {
        "selected": sum(1 for e in explanations if e.get("selected")),
        "waiting": sum(1 for e in explanations if e.get("eligible") and not e.get("selected")),
        "ineligible": sum(1 for e in explanations if not e.get("eligible")),
    }
    assert counts["selected"] == 3 and counts["waiting"] > 50
    for outcome, n in counts.items():
        page = client.get(url, {"outcome": outcome}).content.decode()
        assert f"共 {n} 人" in page, outcome
        assert len(_rows(page)) == min(n, 50)
    waiting_two = _rows(client.get(url, {"outcome": "waiting", "page": 2}).content.decode())
    assert waiting_two[0][1] == "候补第51位"


def test_an_officer_pages_through_the_candidates_of_their_own_county_only(rw, run):
    client = _client(rw.w.shiquan_officer)
    page = client.get(reverse("recuperation:run_detail", args=[run.pk])).content.decode()
    names = [name for name, _ in _rows(page)]
    assert "共 3 人" in page and len(names) == 3
    assert set(names) == {p.name for p in rw.people if p.org.name.startswith("石泉")}


def test_the_run_page_shows_the_planners_batch_figures_and_total(rw, run):
    page = _client(rw.w.city_admin).get(reverse("recuperation:run_detail", args=[run.pk]))
    html = page.content.decode()
    from gonghui.core.templatetags.gonghui_ui import yuan

    figures = run.output["batches"][0]
    assert f"<td>B1</td><td>{run.plan.batches.get().base.name}</td><td>是</td>" in html
    assert f"<td>{figures['count']}</td>" in html
    assert f"{yuan(run.output['total_cost'])}</td></tr>" in html


def test_the_result_pages_never_read_the_runs_files(rw, run):
    """The run page (any page of it), its progress fragment, the 公示 and a worker's own page
    read the candidates' rows, not the input, output or codes of the run."""
    services.selection_publish(user=rw.w.city_admin, run=run)
    officer, member = _client(rw.w.city_admin), _client(rw.w.hanbin_member)
    url = reverse("recuperation:run_detail", args=[run.pk])
    with CaptureQueriesContext(connection) as queries:
        assert officer.get(url).status_code == 200
        assert officer.get(url, {"page": 2, "q": "候选"}).status_code == 200
        assert officer.get(url, {"part": "progress"}, HTTP_HX_REQUEST="true").status_code == 200
        assert officer.get(reverse("recuperation:publicity", args=[run.plan_id])).status_code == 200
        assert member.get(reverse("recuperation:mine")).status_code == 200
    sql = "\n".join(q["sql"] for q in queries.captured_queries)
    table = '"recuperation_selectionrun"'
    for column in ("input_json", "output_json", "codes"):
        assert f'{table}."{column}"' not in sql, column
    # The output is only asked for two of its keys (batches and total cost), never loaded.
    assert not re.search(rf'{table}\."output"\s*(,\s*"|FROM\b)', sql)


def test_the_run_page_query_count_does_not_grow_with_pages(rw, run, django_assert_max_num_queries):
    client = _client(rw.w.city_admin)
    url = reverse("recuperation:run_detail", args=[run.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(url, {"page": 2})


def test_the_publicity_lists_the_first_waiting_candidates_in_order(rw, run, monkeypatch):
    monkeypatch.setattr(views_runs, "PUBLICITY_WAITING", 5)
    services.selection_publish(user=rw.w.city_admin, run=run)
    page = _client(rw.w.city_admin).get(reverse("recuperation:publicity", args=[run.plan_id]))
    html = page.content.decode().split('id="waiting"', 1)[1]
    assert re.findall(r"<td>第(\d+)位</td>", html) == ["1", "2", "3", "4", "5"]


def test_storing_a_run_writes_one_outcome_row_per_candidate_and_logs_the_files_by_hash(rw, run):
    outcomes = CandidateOutcome.objects.filter(run=run)
    assert outcomes.count() == len(run.output["explanations"]) == 70
    chosen = {a["candidate"]: a["batch"] for a in run.output["assignments"]}
    assert {o.code: o.batch for o in outcomes.filter(selected=True)} == chosen
    assert (
        list(
            outcomes.filter(waitlist__isnull=False)
            .order_by("waitlist")
            .values_list("code", flat=True)
        )
        == run.output["waitlist"]
    )
    entry = AuditLog.objects.filter(
        model="recuperation.selectionrun", object_id=str(run.pk), action=AuditAction.UPDATE
    ).latest("pk")
    assert entry.after["status"] == "done"
    assert entry.after["input_sha256"] == run.input_sha256
    assert entry.after["output_sha256"] == run.output_sha256
    assert not {"input_json", "output", "output_json", "codes"} & set(entry.after)


def test_runs_stored_before_the_outcome_rows_get_them_from_the_migration(rw, run):
    fields = [
        "person_id",
        "code",
        "position",
        "eligible",
        "selected",
        "score",
        "lottery",
        "batch",
        "waitlist",
        "explanation",
    ]
    written = list(CandidateOutcome.objects.filter(run=run).values_list(*fields))
    CandidateOutcome.objects.filter(run=run).delete()
    migration = importlib.import_module("gonghui.recuperation.migrations.0008_candidate_outcomes")
    migration.backfill(apps, None)
    again = list(CandidateOutcome.objects.filter(run=run).values_list(*fields))
    assert again == written and len(again) == 70
