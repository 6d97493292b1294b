"""Test base classes: a domain declares its list page, its forms and its POST routes; the standard
tests come with the declaration (as NetBox's `utilities/testing`).

    class TestEmployerList(ListPageCase):
        url = "core:employer_list"
        model = Employer

        def make(self, org, n):
            return [factories.employer(org, mark("单位")) for _ in range(n)]

        def text(self, obj):
            return obj.name

Every case runs on the shared `world` (tests/conftest.py): the 安康 tree, a grassroots union in
汉滨 (`world.hanbin_union`) and one in 石泉 (`world.shiquan_union`), and one user per role. Users
are named by their `world` attribute ("city_admin", "hanbin_officer", "hanbin_chair", "auditor",
"hanbin_member", "shiquan_officer"). `make(org, n)` receives a grassroots union and returns n new
records belonging to it (or to its county when the record lives at county level), made through
the domain's services or tests/factories.py; `text(obj)` is a text the record's row shows and
that no other record shares (`mark()` makes such texts).

The checks read what a user sees — status codes, the texts of the page, the rows of the
exported workbook, audit entries — never the view's internals.
"""

from __future__ import annotations

import io
import itertools
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any, ClassVar
from urllib.parse import urlencode

import openpyxl
import pytest
import time_machine
from django.apps import apps
from django.db import connection, models
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gonghui.core import permissions
from gonghui.core.errors import DomainError
from gonghui.core.models import AuditAction, AuditLog, Organization, User
from tests.conftest import World

# The five roles of the permission table, as users of the shared world.
ROLE_USERS = ("city_admin", "hanbin_officer", "hanbin_chair", "auditor", "hanbin_member")

_DIGITS = "〇一二三四五六七八九"
_marks = itertools.count(1)
_CJK = re.compile(r"[\u4e00-\u9fff]")
# Django's own English form messages: seen on a page, the Chinese translation is missing.
_ENGLISH_ERRORS = ("This field", "Enter a valid", "Select a valid", "Ensure this value")
# Audit actions that record reading, not changing.
_READ_AUDIT = ("view_pii", "export_pii", "export", "login", "logout", "login_failed")


def mark(prefix: str = "样本") -> str:
    """A unique Chinese text of fixed width (no mark is a substring of another with its prefix)."""
    return prefix + "".join(_DIGITS[int(d)] for d in f"{next(_marks):05d}")


def pick_org(page: Any, label: str, name: str) -> None:
    """Choose an organization in a form's tree picker (core.widgets.OrgTreePicker), as a user
    does: open the picker by its label, type the name into its search box, click the match."""
    toggle = page.get_by_label(label)
    toggle.click()
    picker = toggle.locator("xpath=ancestor::*[@data-orgpicker][1]")
    picker.locator(".gh-orgpicker-search").fill(name)
    picker.locator(f'.gh-orgpicker-results .gh-orgpicker-pick[data-org-name="{name}"]').click()
    shown = toggle.inner_text().strip()
    assert shown == name, f"the picker shows {shown!r}, not {name!r}"


def signed_in(user: Any) -> Any:
    """A test client signed in as ``user``."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def flashed(response: Any) -> list[str]:
    """The messages (django.contrib.messages) a response leaves for the next page."""
    from django.contrib.messages import get_messages

    return [str(m) for m in get_messages(response.wsgi_request)]


def batch_from_list(page: Any, list_url: str, ids: list[int], button: str) -> None:
    """On a list page, check the rows ``ids``, press the batch button and confirm, as a user."""
    page.goto(list_url)
    for pk in ids:
        page.check(f"input[name=ids][value='{pk}']")
    assert page.locator("[data-batch-count]").inner_text() == str(len(ids))
    page.get_by_role("button", name=button).click()
    page.locator("#confirm-modal-ok").click()


def resolve_url(spec: str, obj: Any = None) -> str:
    """A path ("/persons/", "/persons/{pk}/") or a URL name ("core:person_detail")."""
    if spec.startswith("/"):
        return spec.format(pk=getattr(obj, "pk", None), obj=obj)
    return reverse(spec, args=[obj.pk] if obj is not None else [])


class _TextOf(HTMLParser):
    """The visible text of a page, and the texts of its form-error elements."""

    ERROR_CLASSES = ("invalid-feedback", "errorlist", "alert-danger", "text-danger")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.errors: list[str] = []
        self._stack: list[tuple[str, bool]] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        is_error = any(c in self.ERROR_CLASSES for c in classes)
        if tag not in ("br", "img", "input", "meta", "link", "hr", "col", "source", "wbr"):
            self._stack.append((tag, is_error))
        if is_error:
            self.errors.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i][0] == tag:
                del self._stack[i:]
                break

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.text.append(data)
        if any(is_error for _, is_error in self._stack) and self.errors:
            self.errors[-1] += data


def page_text(response: Any) -> str:
    """What a user reads on the page (tags, scripts and styles left out)."""
    parser = _TextOf()
    parser.feed(response.content.decode())
    return " ".join(" ".join(parser.text).split())


def form_errors(response: Any) -> list[str]:
    """The texts of the page's form-error elements (field errors and the form's alert)."""
    parser = _TextOf()
    parser.feed(response.content.decode())
    # A lone "*" (a required field's marker) is not an error.
    return [" ".join(e.split()) for e in parser.errors if re.search(r"\w", e)]


def xlsx_cells(response: Any) -> list[str]:
    """Every non-empty cell of every sheet of a downloaded workbook, as text."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    wb = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
    return [
        str(c)
        for ws in wb.worksheets
        for row in ws.iter_rows(values_only=True)
        for c in row
        if c is not None
    ]


def _shape(sql: str) -> str:
    """A query with its literal values left out: the same query for another row looks alike."""
    return re.sub(r"'[^']*'|\b\d+\b", "?", sql)


def row_counts() -> dict[str, int]:
    """Rows of every model (sessions and Django's bookkeeping aside)."""
    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models()
        if m._meta.app_label not in ("sessions", "contenttypes", "auth")
    }


class Unchanged:
    """Row counts of every model and the last audit entry: `changes()` lists what moved since."""

    def __init__(self) -> None:
        self.rows = row_counts()
        self.audit = AuditLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    def new_audit(self) -> list[AuditLog]:
        return list(
            AuditLog.objects.filter(pk__gt=self.audit)
            .exclude(action__in=_READ_AUDIT)
            .order_by("pk")
        )

    def changes(self) -> list[str]:
        now = row_counts()
        out = [f"{k}: {self.rows.get(k)} → {v}" for k, v in now.items() if self.rows.get(k) != v]
        out += [f"audit: {e.action} {e.model} {e.object_repr}" for e in self.new_audit()]
        return out


class KitCase:
    """The shared world and a client per user; no tests of its own."""

    world: World

    @pytest.fixture(autouse=True)
    def _kit_world(self, world: World) -> None:
        self.world = world

    def user(self, who: str) -> User:
        found = getattr(self.world, who)
        assert isinstance(found, User), f"world.{who} is not a user"
        return found

    def client_for(self, who: str) -> Client:
        """A client logged in as a user of the world; a 500 is answered, not raised."""
        client = Client(raise_request_exception=False)
        client.force_login(self.user(who))
        return client

    @property
    def own_org(self) -> Organization:
        """Where the 汉滨 users' records go: 汉滨's grassroots union."""
        return self.world.hanbin_union

    @property
    def other_org(self) -> Organization:
        """A record outside 汉滨's subtree: 石泉's grassroots union."""
        return self.world.shiquan_union

    def make(self, org: Organization, n: int) -> list[Any]:
        """n new records belonging to `org` (a grassroots union) or to its county."""
        raise NotImplementedError(f"{type(self).__name__} declares no make(org, n)")

    def text(self, obj: Any) -> str:
        """A text the record's row shows and no other record shares."""
        return str(obj)

    def _made(self, org: Organization, n: int) -> list[Any]:
        made = list(self.make(org, n))
        assert len(made) == n, f"make({org}, {n}) returned {len(made)} records"
        model = getattr(self, "model", None)
        if model is not None:
            wrong = [o for o in made if not isinstance(o, model)]
            assert not wrong, f"make() returned records that are not {model.__name__}: {wrong}"
        return made


# ---------------------------------------------------------------- list pages


HOSTILE_QUERIES: tuple[tuple[str, str], ...] = (
    ("page", "abc"),
    ("page", "-1"),
    ("page", str(10**20)),
    ("page", "9" * 5000),
    ("q", "\x00"),
    ("q", "' OR 1=1 --"),
    ("q", "<script>alert(1)</script>"),
    ("q", "x" * 5000),
    ("sort", "__class__"),
    ("sort", "-password"),
    ("org", "abc"),
    ("org", str(10**20)),
    ("year", "99999"),
    ("year", "²"),
    ("status", "没有这种状态"),
    ("export", "xlsx"),
    ("no_such_filter", "1"),
)


class ListPageCase(KitCase):
    """A list page: renders for its roles, shows only the viewer's subtree, exports the same
    rows to .xlsx, survives hostile query strings and runs as many queries for 30 rows as for 3.

    Declare `url` (path or URL name), `model`, `make(org, n)` and `text(obj)`; `viewers` are the
    users the page opens for, `refused` those it answers 403. `exports = False` for a page
    without 导出 (its export test is skipped and says so).
    """

    url: ClassVar[str]
    model: ClassVar[type[models.Model]]
    viewer: ClassVar[str] = "hanbin_officer"  # a county officer of 汉滨
    viewers: ClassVar[tuple[str, ...]] = ("city_admin", "hanbin_officer")
    refused: ClassVar[tuple[str, ...]] = ("hanbin_member",)
    exports: ClassVar[bool] = True
    few: ClassVar[int] = 3
    many: ClassVar[int] = 30
    hostile: ClassVar[tuple[tuple[str, str], ...]] = HOSTILE_QUERIES

    @property
    def list_url(self) -> str:
        return resolve_url(self.url)

    def test_opens_for_its_roles_and_refuses_the_others(self) -> None:
        (row,) = self._made(self.own_org, 1)
        for who in self.viewers:
            response = self.client_for(who).get(self.list_url)
            assert response.status_code == 200, f"{self.list_url} as {who}: {response.status_code}"
            assert self.text(row) in page_text(response), f"{who} does not see {self.text(row)}"
        for who in self.refused:
            response = self.client_for(who).get(self.list_url)
            assert response.status_code == 403, f"{self.list_url} as {who}: {response.status_code}"
            assert _CJK.search(page_text(response)), "the refusal is not explained in Chinese"

    def test_shows_own_county_rows_and_not_another_countys(self) -> None:
        (own,) = self._made(self.own_org, 1)
        (other,) = self._made(self.other_org, 1)
        text = page_text(self.client_for(self.viewer).get(self.list_url))
        assert self.text(own) in text, f"{self.viewer} does not see their own {self.text(own)}"
        assert self.text(other) not in text, f"{self.viewer} sees 石泉's {self.text(other)}"

    def test_export_holds_the_same_scoped_rows(self) -> None:
        if not self.exports:
            pytest.skip(f"{self.list_url} 没有导出")
        (own,) = self._made(self.own_org, 1)
        (other,) = self._made(self.other_org, 1)
        response = self.client_for(self.viewer).post(self.list_url)
        assert response.status_code == 200, f"export of {self.list_url}: {response.status_code}"
        assert ".xlsx" in response.get("Content-Disposition", ""), "the export is not an .xlsx"
        cells = xlsx_cells(response)
        assert self.text(own) in cells, f"the export misses the viewer's {self.text(own)}"
        assert self.text(other) not in cells, f"the export holds 石泉's {self.text(other)}"

    def test_hostile_query_strings_are_answered_not_crashed(self) -> None:
        self._made(self.own_org, 1)
        client = self.client_for(self.viewer)
        crashed = []
        for name, value in self.hostile:
            response = client.get(f"{self.list_url}?{urlencode({name: value})}")
            if response.status_code >= 500:
                crashed.append(f"?{name}={value[:20]!r} → {response.status_code}")
        assert not crashed, f"{self.list_url}:\n" + "\n".join(crashed)

    def _queries(self, client: Client) -> list[str]:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(self.list_url)
        assert response.status_code == 200
        return [q["sql"] for q in ctx.captured_queries]

    def test_query_count_does_not_grow_with_rows(self) -> None:
        client = self.client_for(self.viewer)
        # One instant for the three requests: the session's last_seen is written once a minute,
        # and a slow machine would otherwise see that write in the last request only.
        with time_machine.travel(timezone.now(), tick=False):
            self._made(self.own_org, self.few)
            self._queries(client)  # warm caches (session, content types, the menu)
            at_few = self._queries(client)
            self._made(self.own_org, self.many - self.few)
            at_many = self._queries(client)
        extra = list((Counter(map(_shape, at_many)) - Counter(map(_shape, at_few))).items())[:3]
        assert len(at_many) <= len(at_few), (
            f"{self.list_url}: {len(at_few)} queries for {self.few} rows, {len(at_many)} for "
            f"{self.many}; repeated for the extra rows:\n"
            + "\n".join(f"{n}× {sql[:300]}" for sql, n in extra)
        )


# ---------------------------------------------------------------- create, detail, edit


class ModelCrudCase(KitCase):
    """A record's forms: a valid create shows it on the list (and its detail page) and is
    audited; an edit changes what it shows and leaves an audit entry; an invalid form shows a
    Chinese error next to the fields and writes nothing.

    Declare `model`, `list_url`, `create_url`, `edit_url` (and `detail_url` when the record has
    a page), `form_data()` (a valid create form), `edit_data(obj)` (a valid change of what
    `text(obj)` shows), `find(data)` (the record a create made), `make(org, n)` (records to
    edit, through the domain's service) and optionally `invalid_data()` (default: every field
    blank).
    """

    model: ClassVar[type[models.Model]]
    list_url: ClassVar[str]
    create_url: ClassVar[str]
    edit_url: ClassVar[str]
    detail_url: ClassVar[str | None] = None
    writer: ClassVar[str] = "hanbin_officer"

    def form_data(self) -> dict[str, Any]:
        raise NotImplementedError

    def edit_data(self, obj: Any) -> dict[str, Any]:
        raise NotImplementedError

    def invalid_data(self) -> dict[str, Any]:
        """The form sent with every field left blank (as a browser sends an empty form)."""
        return dict.fromkeys(self.form_data(), "")

    def find(self, data: dict[str, Any]) -> Any:
        return self.model._default_manager.get(name=data["name"])

    def _audit(self, obj: Any, action: str, since: int) -> list[AuditLog]:
        return list(
            AuditLog.objects.filter(
                pk__gt=since,
                action=action,
                model=obj._meta.label_lower,
                object_id=str(obj.pk),
                user=self.user(self.writer),
            )
        )

    def _shown(self, client: Client, obj: Any) -> None:
        text = self.text(obj)
        assert text in page_text(client.get(resolve_url(self.list_url))), f"{text} not listed"
        if self.detail_url:
            response = client.get(resolve_url(self.detail_url, obj))
            assert response.status_code == 200, f"detail of {text}: {response.status_code}"
            assert text in page_text(response), f"{text} not on its detail page"

    def _assert_saved(self, response: Any, what: str) -> None:
        assert response.status_code in (302, 303), (
            f"{what}: {response.status_code}, errors: {form_errors(response)}"
        )

    def test_create_shows_the_record_in_list_and_detail(self) -> None:
        client = self.client_for(self.writer)
        before = self.model._default_manager.count()
        since = Unchanged().audit
        data = self.form_data()
        self._assert_saved(client.post(resolve_url(self.create_url), data), "create")
        assert self.model._default_manager.count() == before + 1
        obj = self.find(data)
        self._shown(client, obj)
        assert self._audit(obj, AuditAction.CREATE, since), "the create left no audit entry"

    def test_edit_changes_the_record_and_leaves_an_audit_entry(self) -> None:
        (obj,) = self._made(self.own_org, 1)
        shown_before = self.text(obj)
        client = self.client_for(self.writer)
        since = Unchanged().audit
        response = client.post(resolve_url(self.edit_url, obj), self.edit_data(obj))
        self._assert_saved(response, "edit")
        obj.refresh_from_db()
        assert self.text(obj) != shown_before, "the edit changed nothing the record shows"
        self._shown(client, obj)
        entries = self._audit(obj, AuditAction.UPDATE, since)
        assert entries, "the edit left no audit entry"
        assert entries[-1].before != entries[-1].after

    def test_invalid_form_shows_a_chinese_error_and_writes_nothing(self) -> None:
        client = self.client_for(self.writer)
        state = Unchanged()
        response = client.post(resolve_url(self.create_url), self.invalid_data())
        assert response.status_code in (200, 400), f"invalid form: {response.status_code}"
        errors = form_errors(response)
        assert errors, "the invalid form shows no error"
        assert all(_CJK.search(e) for e in errors), f"errors not in Chinese: {errors}"
        english = [e for e in errors if any(w in e for w in _ENGLISH_ERRORS)]
        assert not english, f"English errors: {english}"
        assert not state.changes(), f"an invalid form wrote: {state.changes()}"


# ---------------------------------------------------------------- who may POST what


@dataclass
class Post:
    """A POST route of the domain: its URL, the action of the permission table it performs, the
    form it sends (a function of the acting user, so each allowed role sends a change of its
    own) and the record it acts on (for the table's subtree rule)."""

    url: str
    action: str
    data: Callable[[User], dict[str, Any]] | dict[str, Any] = field(default_factory=dict)
    target: Any = None

    def form(self, user: User) -> dict[str, Any]:
        return self.data(user) if callable(self.data) else dict(self.data)


class PermissionCase(KitCase):
    """Each POST route, as each role: a role the permission table refuses gets 403 (a record
    outside the user's subtree: 403 or 404) and nothing changes; a role it allows succeeds (a
    redirect or a page, and an audit entry of the change).

    Declare `posts()` → list of `Post`. `roles` are the users tried (default: the five roles
    of the table, the county ones in 汉滨).
    """

    roles: ClassVar[tuple[str, ...]] = ROLE_USERS

    def posts(self) -> Iterable[Post]:
        raise NotImplementedError

    def test_each_role_gets_what_the_table_says(self) -> None:
        problems: list[str] = []
        tried = 0
        for who in self.roles:
            user = self.user(who)
            client = self.client_for(who)
            for post in self.posts():
                tried += 1
                role_ok = permissions.can(user, post.action)
                allowed = role_ok and permissions.can(user, post.action, post.target)
                state = Unchanged()
                response = client.post(post.url, post.form(user))
                status = response.status_code
                where = f"POST {post.url} [{post.action}] as {who}"
                if not allowed:
                    expected = {403} if not role_ok else {403, 404}
                    if status not in expected:
                        problems.append(f"{where}: {status}, the table refuses")
                    changed = state.changes()
                    if changed:
                        problems.append(f"{where} was refused but changed {changed}")
                    continue
                if status not in (200, 302, 303):
                    problems.append(f"{where}: {status}, the table allows")
                elif not state.new_audit():
                    errors = form_errors(response)
                    problems.append(f"{where}: allowed but nothing changed {errors}")
        assert tried, "no POST route declared"
        assert not problems, "\n".join(problems)


__all__ = [
    "HOSTILE_QUERIES",
    "ROLE_USERS",
    "KitCase",
    "ListPageCase",
    "ModelCrudCase",
    "PermissionCase",
    "Post",
    "Unchanged",
    "form_errors",
    "mark",
    "page_text",
    "resolve_url",
    "xlsx_cells",
]


def race(calls: list[Callable[[], Any]], *, prepared: bool = False) -> list[str]:
    """Run the calls at the same moment, each on its own connection (PostgreSQL: real row
    locks); each outcome is "ok" or the Chinese error it raised. With `prepared`, each call first
    reads what its page showed (on its own connection) and returns the action to run at once."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = []

    def run(call: Callable[[], Any]) -> None:
        try:
            act = call() if prepared else call
            barrier.wait(timeout=30)
            act()
            outcomes.append("ok")
        except DomainError as exc:
            outcomes.append(exc.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes
