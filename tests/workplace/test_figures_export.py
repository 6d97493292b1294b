"""The 企业工作统计 workbook holds exactly the page's figures: the same rows in the same order, the
same total and the same value in each county's column; the export is audited."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import openpyxl
import pytest
from django.urls import reverse

from gonghui.core.models import AuditAction, AuditLog
from gonghui.workplace.selectors_figures import FIGURES
from tests.kit import signed_in
from tests.workplace.figures_scene import YEAR, build


@pytest.fixture
def scene(world):
    return build(world)


def number(text: str) -> Decimal | None:
    """A figure as the page shows it (1,234.50 元 / 7 家 / 4.5 / —) as a number."""
    digits = re.sub(r"[^\d.]", "", text)
    return Decimal(digits) if digits else None


class _Rows(HTMLParser):
    """The rows of the page's breakdown tables (data-figure → its cells' texts) and the cards."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str, list[str]]] = []
        self.cards: dict[str, str] = {}
        self._cell: list[str] | None = None
        self._card: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "tr" and a.get("data-figure"):
            self.rows.append((a["data-figure"] or "", []))
        elif tag == "td" and self.rows:
            self._cell = []
        elif tag == "div" and (a.get("id") or "").startswith("fig-"):
            self._card = (a["id"] or "")[4:]
            self.cards[self._card] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._cell is not None:
            self.rows[-1][1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "div":
            self._card = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if self._card is not None:
            self.cards[self._card] += data


def page(client: Any, query: str) -> _Rows:
    parser = _Rows()
    parser.feed(client.get(reverse("workplace:figures") + query).content.decode())
    return parser


def workbook(client: Any, query: str) -> tuple[list[str], list[list[Any]]]:
    response = client.get(reverse("workplace:figures_export") + query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    head, body = rows[0], rows[1:]
    data = []
    for r in body:
        if r[1] is None:  # the blank line before the notes
            break
        data.append(r)
    return [str(h) for h in head], data


def _cell(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def _shown(text: str) -> Decimal | None:
    found = number(text)
    return None if found is None else found.quantize(Decimal("0.01"))


def test_the_workbook_rows_are_the_pages_figures_county_by_county(world, scene):
    client = signed_in(world.city_admin)
    query = f"?year={YEAR}"
    shown = page(client, query)
    head, rows = workbook(client, query)
    assert head[:4] == ["板块", "指标", "单位", "合计"]
    assert head[4:6] == ["汉滨区", "汉阴县"] and head[-1] == "本级及直属"
    assert "石泉县" in head
    assert [r[1] for r in rows] == [FIGURES[key].label for key, _ in shown.rows]
    assert len(rows) == len(FIGURES)
    for (key, cells), row in zip(shown.rows, rows, strict=True):
        assert row[2] == FIGURES[key].unit
        assert [_cell(v) for v in row[3:]] == [_shown(c) for c in cells], key
        assert _cell(row[3]) == _shown(shown.cards[key]), key
    by_label = {r[1]: r for r in rows}
    assert by_label["追回欠薪"][3] == pytest.approx(165000.50)
    assert by_label["追回欠薪"][head.index("石泉县")] == pytest.approx(135000)
    assert by_label["分队劳模工匠"][3] == 3


def test_a_county_officers_workbook_has_their_figures_and_no_county_columns(world, scene):
    client = signed_in(world.hanbin_officer)
    shown = page(client, f"?year={YEAR}")
    head, rows = workbook(client, f"?year={YEAR}")
    assert head == ["板块", "指标", "单位", "合计"]
    assert shown.rows == []  # no breakdown on the page either
    values = {r[1]: _cell(r[3]) for r in rows}
    for key, text in shown.cards.items():
        assert values[FIGURES[key].label] == _shown(text), key
    assert values["追回欠薪"] == Decimal("30000.50")


def test_each_export_leaves_an_audit_entry(world, scene):
    client = signed_in(world.city_admin)
    client.get(reverse("workplace:figures_export") + f"?year={YEAR}&org={world.shiquan.pk}")
    entry = AuditLog.objects.filter(action=AuditAction.EXPORT).latest("pk")
    assert entry.user == world.city_admin
    assert "企业工作统计" in entry.note and "石泉县总工会" in entry.note and str(YEAR) in entry.note
