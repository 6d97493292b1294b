"""The one list page: numbered pages, page size, jump, sortable columns, the 操作 column, batch
actions, 导入 beside 导出, and cells that show money and dates the platform's way."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from decimal import Decimal
from types import SimpleNamespace

import openpyxl
import pytest
from django.core.paginator import Paginator
from django.http import HttpRequest, JsonResponse
from django.urls import include, path, reverse

from gonghui.core.exporting import write_xlsx
from gonghui.core.filters import PersonFilterSet
from gonghui.core.tables import Column, PersonTable, RowAction, Table, date, money
from gonghui.core.views_list import (
    BatchAction,
    ListPageView,
    importers_for,
    page_links,
    selected_ids,
)
from tests import factories

# ---------------------------------------------------------------- a list with a batch action
# Only for these tests: a person list whose batch button posts to a view echoing the ids.


class BatchPersonListView(ListPageView):
    title = "人员（批量）"
    view_action = "core.person.view"
    filterset_class = PersonFilterSet
    table_class = PersonTable
    batch_actions = [
        BatchAction(
            "批量标记", "test_batch_mark", "core.person.change", confirm="确定标记所选人员？"
        )
    ]


def batch_mark(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"ids": selected_ids(request)})


urlpatterns = [
    path("test/persons/", BatchPersonListView.as_view(), name="test_batch_list"),
    path("test/persons/mark/", batch_mark, name="test_batch_mark"),
    path("", include("gonghui.urls")),
]


def _persons(world, count: int) -> None:
    for i in range(count):
        factories.person(world.hanbin_union, f"测试{i:03d}", phone=f"1370000{i:04d}")


def _names(response) -> list[str]:
    return [row.obj.name for row in response.context["rows"]]


# ---------------------------------------------------------------- pagination


def test_page_numbers_are_elided_around_the_current_page():
    page = Paginator(range(131 * 20), 20).get_page(8)
    links = [str(n) for n in page_links(page)]
    assert links == ["1", "2", "…", "7", "8", "9", "…", "130", "131"]


def test_pager_shows_numbers_first_previous_next_last_and_the_total(world, client):
    _persons(world, 44)  # 45 with 张伟: three pages of 20
    client.force_login(world.hanbin_officer)
    body = client.get(reverse("core:person_list"), {"page": 2}).content.decode()
    for text in ("首页", "上一页", "下一页", "末页", "共 45 条", "第 2 / 3 页"):
        assert text in body
    assert re.search(r'aria-current="page"><span class="page-link">2<', body)
    assert 'href="?page=3"' in body and 'href="?page=1"' in body


@pytest.mark.parametrize(
    ("per_page", "rows"), [("50", 45), ("100", 45), ("20", 20), ("33", 20), ("x", 20)]
)
def test_page_size_is_20_50_or_100_and_anything_else_is_20(world, client, per_page, rows):
    _persons(world, 44)
    client.force_login(world.hanbin_officer)
    response = client.get(reverse("core:person_list"), {"per_page": per_page})
    assert response.status_code == 200
    assert len(response.context["rows"]) == rows


def test_page_links_keep_the_filters_and_the_page_size(world, client):
    _persons(world, 44)
    client.force_login(world.hanbin_officer)
    body = client.get(
        reverse("core:person_list"), {"q": "ce", "status": "active", "per_page": "20"}
    ).content.decode()
    assert 'href="?q=ce&amp;status=active&amp;per_page=20&amp;page=2"' in body


def test_jump_form_carries_the_filters_but_not_the_page(world, client):
    client.force_login(world.hanbin_officer)
    response = client.get(reverse("core:person_list"), {"q": "zw", "status": "active", "page": "1"})
    assert response.context["jump_params"] == [("q", "zw"), ("status", "active")]
    body = response.content.decode()
    jump = body[body.index('class="gh-jump') :]
    jump = jump[: jump.index("</form>")]
    assert '<input type="hidden" name="q" value="zw">' in jump
    assert 'name="page"' in jump and 'type="hidden" name="page"' not in jump


def test_jump_past_the_last_page_shows_the_last_page(world, client):
    _persons(world, 44)
    client.force_login(world.hanbin_officer)
    response = client.get(reverse("core:person_list"), {"page": "999"})
    assert response.context["page"].number == 3


def test_htmx_page_request_returns_only_the_results(world, client):
    _persons(world, 44)
    client.force_login(world.hanbin_officer)
    response = client.get(
        reverse("core:person_list"),
        {"page": "2", "per_page": "20"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="list-results",
    )
    body = response.content.decode()
    assert "<html" not in body and "第 2 / 3 页" in body
    assert 'hx-target="#list-results"' in body


# ---------------------------------------------------------------- sorting


def test_a_sortable_column_orders_both_ways(world, client):
    factories.person(
        world.hanbin_union, "王芳", id_number=factories.id_number(birth=dt.date(1960, 1, 2))
    )
    client.force_login(world.hanbin_officer)
    url = reverse("core:person_list")
    ascending = client.get(url, {"sort": "birth_date"})
    descending = client.get(url, {"sort": "-birth_date"})
    births = [r.obj.birth_date for r in ascending.context["rows"]]
    assert births == sorted(births)
    assert _names(descending) == list(reversed(_names(ascending)))


def test_the_header_links_to_the_other_direction(world, client):
    client.force_login(world.hanbin_officer)
    response = client.get(reverse("core:person_list"), {"q": "zw", "sort": "birth_date"})
    head = {h.label: h for h in response.context["headers"]}
    assert head["出生日期"].direction == "asc"
    assert head["出生日期"].sort_url == "?q=zw&sort=-birth_date"
    assert head["姓名"].sort_url == "?q=zw&sort=name_pinyin" and head["姓名"].direction == ""
    assert head["身份证号码"].sort_url == ""  # not sortable


@pytest.mark.parametrize(
    "sort", ["id_hash", "-id_number_enc", "password", "org__path", "--name", "name;drop", "ö", "-"]
)
def test_a_sort_outside_the_whitelist_is_ignored(world, client, sort):
    client.force_login(world.hanbin_officer)
    response = client.get(reverse("core:person_list"), {"sort": sort})
    assert response.status_code == 200
    assert response.context["sort"] == ""
    assert all(h.direction == "" for h in response.context["headers"])


def test_export_follows_the_chosen_order(world, client):
    factories.person(
        world.hanbin_union, "王芳", id_number=factories.id_number(birth=dt.date(1960, 1, 2))
    )
    client.force_login(world.hanbin_officer)
    for sort in ("birth_date", "-birth_date"):
        response = client.post(reverse("core:person_list") + f"?sort={sort}")
        sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        names = [sheet.cell(row=r, column=1).value for r in (2, 3)]
        assert names == (["王芳", "张伟"] if sort == "birth_date" else ["张伟", "王芳"])


def test_sortable_true_needs_a_field_path():
    with pytest.raises(ValueError):
        Column("姓名", lambda p: p.name, sortable=True)
    assert Column("姓名", "person.name", sortable=True).sort_field == "person__name"


# ---------------------------------------------------------------- the 操作 column


def test_row_actions_are_shown_to_who_may_do_them(world, client):
    client.force_login(world.hanbin_officer)
    officer = client.get(reverse("core:person_list"))
    assert [a.label for a in officer.context["rows"][0].actions] == ["编辑"]
    assert "操作" in officer.content.decode()
    client.force_login(world.auditor)
    auditor = client.get(reverse("core:person_list"))
    assert all(row.actions == [] for row in auditor.context["rows"])
    body = auditor.content.decode()
    assert reverse("core:person_edit", args=[world.hanbin_person.pk]) not in body


def test_row_actions_are_checked_on_each_row(world):
    class Rows(Table):
        columns = [Column("姓名", "name")]
        actions = [
            RowAction("编辑", "core:person_edit", "core.person.change"),
            RowAction(
                "停用",
                "core:person_set_status",
                "core.person.set_status",
                confirm=lambda p: f"确定停用“{p.name}”吗？",
            ),
        ]

    rows = Rows().rows([world.hanbin_person, world.shiquan_person], world.hanbin_officer)
    assert [a.label for a in rows[0].actions] == ["编辑", "停用"]
    assert rows[0].actions[1].confirm == "确定停用“张伟”吗？" and rows[0].actions[1].danger
    assert rows[1].actions == []  # 石泉 is outside 汉滨's subtree


def test_a_confirmed_action_is_a_post_form_asking_first(world, client, monkeypatch):
    monkeypatch.setattr(
        PersonTable,
        "actions",
        [
            RowAction(
                "停用", "core:person_set_status", "core.person.set_status", confirm="确定停用吗？"
            )
        ],
    )
    client.force_login(world.hanbin_officer)
    body = client.get(reverse("core:person_list")).content.decode()
    url = reverse("core:person_set_status", args=[world.hanbin_person.pk])
    assert (
        f'<form method="post" action="{url}" class="d-inline" data-confirm="确定停用吗？">' in body
    )


# ---------------------------------------------------------------- batch actions


@pytest.mark.urls("tests.core.test_list_page")
def test_batch_actions_add_checkboxes_select_all_and_buttons(world, client):
    client.force_login(world.hanbin_officer)
    body = client.get(reverse("test_batch_list")).content.decode()
    assert 'data-batch-all aria-label="全选"' in body
    assert f'name="ids" value="{world.hanbin_person.pk}" form="batch-form"' in body
    assert f'formaction="{reverse("test_batch_mark")}"' in body
    assert 'data-batch-confirm="确定标记所选人员？"' in body
    assert '<form method="post" id="batch-form"' in body


@pytest.mark.urls("tests.core.test_list_page")
def test_batch_button_posts_the_checked_ids(world, client):
    second = factories.person(world.hanbin_union, "王芳")
    client.force_login(world.hanbin_officer)
    response = client.post(
        reverse("test_batch_mark"),
        {"ids": [str(second.pk), str(world.hanbin_person.pk), str(second.pk)], "next": "/"},
    )
    assert json.loads(response.content) == {"ids": [second.pk, world.hanbin_person.pk]}


@pytest.mark.urls("tests.core.test_list_page")
@pytest.mark.parametrize("bad", ["abc", "-1", "0", "1.5", "９", str(2**63)])
def test_batch_ids_that_are_not_record_ids_are_a_400(world, client, bad):
    client.force_login(world.hanbin_officer)
    response = client.post(reverse("test_batch_mark"), {"ids": ["1", bad]})
    assert response.status_code == 400


@pytest.mark.urls("tests.core.test_list_page")
def test_batch_actions_are_hidden_from_who_may_not_do_them(world, client):
    client.force_login(world.auditor)
    body = client.get(reverse("test_batch_list")).content.decode()
    assert 'name="ids"' not in body and "批量标记" not in body and "data-batch-all" not in body


def test_a_list_without_batch_actions_has_no_checkboxes(world, client):
    client.force_login(world.hanbin_officer)
    body = client.get(reverse("core:person_list")).content.decode()
    assert 'name="ids"' not in body and "batch-form" not in body


# ---------------------------------------------------------------- 导入 beside 导出


def test_import_and_template_buttons_when_the_model_has_an_importer(world, client):
    client.force_login(world.hanbin_officer)
    body = client.get(reverse("core:person_list")).content.decode()
    assert f'href="{reverse("core:import_start")}?importer=persons">导入</a>' in body
    assert f'href="{reverse("core:import_template", args=["persons"])}">下载模板</a>' in body


def test_no_import_button_for_a_model_without_an_importer(world, client):
    client.force_login(world.hanbin_officer)
    body = client.get(reverse("core:membership_list")).content.decode()
    assert "下载模板" not in body and "?importer=" not in body


def test_no_import_button_for_a_user_who_may_not_import(world, client):
    client.force_login(world.auditor)
    body = client.get(reverse("core:person_list")).content.decode()
    assert "?importer=persons" not in body and "导出 Excel" in body


def test_an_importer_with_its_own_action_is_offered_only_to_who_may_run_it(world):
    assert [i.key for i in importers_for(world.city_admin, "core.calendarday")] == ["calendar"]
    assert importers_for(world.hanbin_officer, "core.calendarday") == []
    assert importers_for(world.hanbin_officer, "") == []


# ---------------------------------------------------------------- how cells look


def test_money_and_date_cells_show_the_platform_format():
    class Amounts(Table):
        columns = [
            Column("名称", "name"),
            money("金额", "amount"),
            date("日期", "day"),
            Column("备注", "note", width=36),
        ]

    row = SimpleNamespace(
        pk=1, name="甲", amount=Decimal("1234567"), day=dt.date(2026, 3, 2), note="长文本"
    )
    [shown] = Amounts().rows([row])
    values = [value for value, _ in shown.cells]
    assert values == ["甲", "1,234,567.00 元", "2026-03-02", "长文本"]
    css = [c for _, c in shown.cells]
    assert "gh-nowrap" in css[0] and "text-end" in css[1] and "gh-wrap" in css[3]

    buffer = io.BytesIO()
    write_xlsx(buffer, table=Amounts(), rows=[row], full=False, sheet="金额")
    sheet = openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).active
    assert sheet["B2"].value == 1234567 and sheet["B2"].number_format == "#,##0.00"
    assert sheet["C2"].value == "2026-03-02"


def test_names_never_wrap_and_the_table_scrolls_in_its_card(world, client):
    client.force_login(world.hanbin_officer)
    body = client.get(reverse("core:person_list")).content.decode()
    assert 'class="table-responsive gh-table-scroll"' in body
    assert re.search(r'<td class="[^"]*gh-nowrap[^"]*"><a href="/persons/\d+/">张伟</a>', body)
    assert "css/list.css" in body
