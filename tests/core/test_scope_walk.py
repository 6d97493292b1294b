"""Walk EVERY URL of the project and prove that nothing of another county leaks.

Logged in as a 汉滨区 (610902) county officer, the walker requests every URL pattern the
resolver knows (pages, exports, the JSON API, the admin), filling path parameters with the pks
of 石泉 records (the other county) and of 汉滨 records, and searches every response body — HTML,
JSON, the sheet XML inside .xlsx downloads, PDF text — for marker strings that only 石泉 records
carry. A detail URL of a 石泉 record must answer 404 (or 403), never 200. POSTing to a 石泉
record's URL must change nothing. The same walk as 职工本人 must show no other person.

New routes are covered without editing this file: the model behind a path parameter is inferred
from the parameter's name (`person_id`), the path segment before it (`persons/<int:pk>/`), or the
route name (`core:person_detail`, `api:employer_detail`). When none of these names a model, the
test fails and says which route to rename or which entry to add to KWARG_MODELS below.

Records of other apps: put `tests/<app>/scope_samples.py` with a function
`shiquan_records(world) -> dict[str, str]` that creates 石泉 records of that app and returns their
unique marker strings (marker → description); the walk then tries their pks and looks for the
markers everywhere. Models with no 石泉 record are listed as gaps when the walk runs (-s).
"""

from __future__ import annotations

import html
import importlib
import io
import json
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, unquote

import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from gonghui.core.models import (
    AuditAction,
    AuditLog,
    Job,
    Organization,
    OrgKind,
    Person,
)
from gonghui.core.services import EmployerData, employer_upsert, organization_create
from gonghui.core.validators import build_credit_code
from tests import factories

# Fallbacks, used only when a parameter's model cannot be inferred from the names around it.
# URL kwarg name → "app_label.ModelName".
KWARG_MODELS: dict[str, str] = {
    "content_type_id": "contenttypes.ContentType",
    "object_id": "core.Person",  # admin:view_on_site
}
# A word of a path segment or route name → "app_label.ModelName" (import/<int:pk>/ is a Job).
WORD_MODELS: dict[str, str] = {
    "import": "core.Job",
    "visits": "honors.VisitTask",  # not VisitHoliday
    "subsidies": "honors.SubsidyList",  # not SubsidyStandard/SubsidyPayment
}


def _importer_keys() -> list[str]:
    from gonghui.core import importing

    return sorted(importing.importers()) or ["persons"]


# URL kwarg name → literal values, or a function returning them (not record keys).
KWARG_VALUES: dict[str, Any] = {
    "year": [timezone.localdate().year],
    "url": [""],  # the admin's catch-all
    "token": ["x"],
    "uidb64": ["x"],
    "key": _importer_keys,
}
# Routes never requested: they end the session the walk runs in.
SKIP_ROUTE_NAMES = {"core:logout", "admin:logout"}

OK_FOR_FOREIGN = {403, 404, 405}
# Query strings tried on every parameterless route (list pages): exports, searches for the
# other county's person, a filter pointing at the other county.
LIST_VARIANTS = [
    "?export=xlsx",
    "?export=csv",
    "?export=pdf",
    "?q={sq_name}",
    "?q={nb_name}",
    "?q={sq_id}",
    "?q={sq_phone}",
    "?q={sq_employer_code}",
    "?org={sq_org}",
    "?union={sq_union}",
    "?person={sq_person}",
]
POST_VARIANTS = ["", "?q={sq_name}", "?q={sq_id}", "?org={sq_org}"]


# ---------------------------------------------------------------- the routes


@dataclass
class Route:
    parts: list[Any]  # the URLPattern/URLResolver pattern objects from the root down
    name: str  # "namespace:name" ("" when unnamed)
    callback: Any

    @property
    def template(self) -> str:
        return "".join(str(p) for p in self.parts)

    @property
    def params(self) -> list[tuple[str, str]]:
        """(kwarg, converter) pairs in order; regex groups have converter "re:<pattern>"."""
        out: list[tuple[str, str]] = []
        for part in self.parts:
            text = str(part)
            if _is_regex(part):
                out += [(m[1], "re:" + m[2]) for m in _REGEX_GROUP.finditer(text)]
            else:
                out += [(m[2], m[1] or "str") for m in _ROUTE_PARAM.finditer(text)]
        return out


_ROUTE_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")
_REGEX_GROUP = re.compile(r"\(\?P<(\w+)>((?:[^()]|\([^()]*\))*)\)")
_REGEX_META = re.compile(r"[\^$*+?()\[\]{}|\\]")


def _is_regex(pattern: Any) -> bool:
    return pattern.__class__.__name__ == "RegexPattern"


def all_routes() -> list[Route]:
    """Every leaf URL pattern of the project, recursively, with its full namespaced name."""
    routes: list[Route] = []

    def walk(resolver: URLResolver, parts: list[Any], namespaces: list[str]) -> None:
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                ns = [*namespaces, entry.namespace] if entry.namespace else namespaces
                walk(entry, [*parts, entry.pattern], ns)
            elif isinstance(entry, URLPattern):
                name = ":".join([*namespaces, entry.name]) if entry.name else ""
                routes.append(Route([*parts, entry.pattern], name, entry.callback))

    walk(get_resolver(), [], [])
    return routes


# ---------------------------------------------------------------- which model is a parameter


def _singulars(word: str) -> list[str]:
    word = word.lower().replace("-", "")
    out = [word]
    if word.endswith("ies"):
        out.append(word[:-3] + "y")
    if word.endswith("es"):
        out.append(word[:-2])
    if word.endswith("s"):
        out.append(word[:-1])
    return out


def _models_by_name() -> dict[str, list[type[models.Model]]]:
    index: dict[str, list[type[models.Model]]] = {}
    for model in apps.get_models():
        index.setdefault(model._meta.model_name, []).append(model)
    return index


def _app_hints(route: Route) -> list[str]:
    labels = {c.label for c in apps.get_app_configs()}
    words = re.split(r"[/:_\-]+", route.name + "/" + route.template.lower())
    return [w for w in words if w in labels]


def _pick(candidates: list[type[models.Model]], hints: list[str]) -> type[models.Model] | None:
    if not candidates:
        return None
    for hint in hints:
        for model in candidates:
            if model._meta.app_label == hint:
                return model
    project = [m for m in candidates if m.__module__.startswith("gonghui.")]
    return (project or candidates)[0]


def _token_runs(text: str) -> list[str]:
    """Contiguous runs of the words of a name, longest first: hardship_case_detail → …"""
    words = [w for w in re.split(r"[^a-zA-Z0-9]+", text.lower()) if w]
    runs = []
    for size in range(len(words), 0, -1):
        for start in range(len(words) - size + 1):
            runs.append("".join(words[start : start + size]))
    return runs


def model_for(route: Route, kwarg: str) -> type[models.Model] | None:
    index = _models_by_name()
    hints = _app_hints(route)

    def lookup(word: str, fuzzy: bool = False) -> type[models.Model] | None:
        if word.lower() in WORD_MODELS:
            return apps.get_model(WORD_MODELS[word.lower()])
        for form in _singulars(word):
            found = _pick(index.get(form, []), hints)
            if found is not None:
                return found
        if fuzzy:  # runs/<int:pk>/ in recuperation → SelectionRun, when exactly one fits
            forms = _singulars(word)
            fits = {
                m
                for m in apps.get_models()
                if (not hints or m._meta.app_label in hints)
                and any(
                    m._meta.model_name.endswith(f) or m._meta.model_name.startswith(f)
                    for f in forms
                    if len(f) >= 3
                )
            }
            if len(fits) == 1:
                return fits.pop()
        return None

    # 1. The kwarg names the model: person_id, employer_pk, batch.
    stem = re.sub(r"_?(id|pk)$", "", kwarg.lower())
    if stem and stem not in {"object", ""}:
        found = lookup(stem.replace("_", ""))
        if found is not None:
            return found
    # 2. The path segment just before the parameter: persons/<int:pk>/.
    template = route.template
    name = re.escape(kwarg)
    marker = re.search(rf"([A-Za-z_\-]+)/[^/]*(?:<(?:\w+:)?{name}>|\(\?P<{name}>)", template)
    if marker:
        found = lookup(marker[1].replace("_", ""), fuzzy=True)
        if found is not None:
            return found
    # 3. The route name: core:person_detail, admin:core_person_change.
    for run in _token_runs(route.name.split(":")[-1]):
        found = lookup(run)
        if found is not None:
            return found
    # 4. A unique model of the hinted app whose name starts or ends with the stem (case_id →
    #    hardshipcase).
    if stem:
        found = lookup(stem.replace("_", ""), fuzzy=True)
        if found is not None:
            return found
    # 5. The explicit fallback.
    if kwarg in KWARG_MODELS:
        return apps.get_model(KWARG_MODELS[kwarg])
    return None


def org_lookup(model: type[models.Model], depth: int = 3) -> str | None:
    """The ORM path from `model` to an Organization's `path`, breadth-first (shortest wins)."""
    if model is Organization:
        return "path"
    frontier: list[tuple[type[models.Model], str]] = [(model, "")]
    for _ in range(depth):
        following: list[tuple[type[models.Model], str]] = []
        for current, prefix in frontier:
            for f in current._meta.get_fields():
                if not (f.is_relation and f.concrete and (f.many_to_one or f.one_to_one)):
                    continue
                target = f.related_model
                if target is Organization:
                    return f"{prefix}{f.name}__path"
                if target is not None and target is not current:
                    following.append((target, f"{prefix}{f.name}__"))
        frontier = following
    return None


# ---------------------------------------------------------------- bodies


def body_text(response: Any) -> str:
    """All text a user could read in a response, whatever its format."""
    if getattr(response, "streaming", False):
        # The test client closes the response when the iterator ends; closing it again here
        # would fire request_finished and drop the test's database connection.
        raw = b"".join(response.streaming_content)
    else:
        raw = response.content
    ctype = response.get("Content-Type", "")
    texts: list[str] = []
    if raw[:2] == b"PK":  # .xlsx/.docx/.zip
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            for name in archive.namelist():
                texts.append(archive.read(name).decode("utf-8", "replace"))
    elif raw[:4] == b"%PDF":
        if shutil.which("pdftotext"):
            done = subprocess.run(
                ["pdftotext", "-enc", "UTF-8", "-", "-"],
                input=raw,
                capture_output=True,
                timeout=60,
                check=False,
            )
            texts.append(done.stdout.decode("utf-8", "replace"))
        texts.append(raw.decode("latin-1"))
    else:
        text = raw.decode("utf-8", "replace")
        if "json" in ctype:
            try:
                text = json.dumps(json.loads(text), ensure_ascii=False)
            except ValueError:
                pass
        texts.append(text)
    joined = "\n".join(texts)
    joined = html.unescape(joined)
    # JSON embedded in pages or JS may carry \uXXXX escapes.
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m[1], 16)), joined)


# ---------------------------------------------------------------- the world with markers


@dataclass
class Secrets:
    """Records the walking user must never see, and the strings that give them away."""

    markers: dict[str, str]  # marker → what it is
    foreign_orgs_path: str
    context: dict[str, Any] = field(default_factory=dict)


@pytest.fixture(autouse=True)
def _jobs_inline(settings):
    # Jobs a request starts (imports, big exports) run inline, inside the test's transaction.
    settings.JOBS_BACKEND = "sync"


@pytest.fixture
def scene(world):
    """World plus uniquely named 石泉 records (a union, an employer, a person) and 汉滨 ones."""
    sq_secret_union = organization_create(
        name="石泉县绝密保密测试工会", kind=OrgKind.GRASSROOTS, parent=world.shiquan
    )
    sq_employer, _ = employer_upsert(
        data=EmployerData(
            credit_code=build_credit_code("91610922MA0JQ0007"),
            name="石泉县金蝉秘丝绸有限公司",
            kind="private",
            org=world.shiquan,
        )
    )
    sq_secret_person = factories.person(
        sq_secret_union,
        "司马秘泉",
        phone="13722229876",
        region="610922",
        employer=sq_employer,
        work_unit="石泉县金蝉秘丝绸有限公司",
    )
    sq_job = Job.objects.create(
        kind="import",
        org=world.shiquan,
        created_by=world.shiquan_officer,
        message="石泉县绝密导入任务",
        params={"filename": "石泉县绝密名单.xlsx"},
        result={
            "rows": [{"姓名": sq_secret_person.name, "身份证号码": sq_secret_person.id_masked}]
        },
    )
    Job.objects.create(
        kind="import", org=world.hanbin, created_by=world.hanbin_officer, message="汉滨区导入任务"
    )
    hb_employer = factories.employer(world.hanbin, "汉滨区公开测试商贸公司")
    hb_neighbour = factories.person(world.hanbin_union, "慕容邻居", phone="13655554321")
    sq = world.shiquan_person
    shiquan_markers = {
        sq.name: "石泉 person name",
        sq.id_masked: "石泉 person masked ID",
        sq.id_number: "石泉 person full ID",
        sq.phone: "石泉 person full phone",
        sq_secret_person.name: "石泉 secret person name",
        sq_secret_person.id_masked: "石泉 secret person masked ID",
        sq_secret_person.id_number: "石泉 secret person full ID",
        sq_secret_person.phone: "石泉 secret person full phone",
        sq_secret_person.phone_masked: "石泉 secret person masked phone",
        world.shiquan_union.name: "石泉 union name",
        sq_secret_union.name: "石泉 secret union name",
        sq_employer.name: "石泉 employer name",
        sq_employer.credit_code: "石泉 employer credit code",
        sq_job.message: "石泉 import job",
        "石泉县绝密名单": "石泉 import file name",
    }
    # Other apps add their own 石泉 records without editing this file: a module
    # tests/<app>/scope_samples.py with `shiquan_records(world) -> dict[marker, description]`.
    for config in apps.get_app_configs():
        if not config.name.startswith("gonghui."):
            continue
        try:
            samples = importlib.import_module(f"tests.{config.label}.scope_samples")
        except ModuleNotFoundError as exc:
            if exc.name not in (f"tests.{config.label}", f"tests.{config.label}.scope_samples"):
                raise
            continue
        shiquan_markers.update(samples.shiquan_records(world))
    neighbour_markers = {
        hb_neighbour.name: "another 汉滨 person's name",
        hb_neighbour.id_masked: "another 汉滨 person's masked ID",
        hb_neighbour.phone_masked: "another 汉滨 person's masked phone",
    }
    fill = {
        "sq_name": sq.name,
        "sq_id": sq.id_number,
        "sq_phone": sq.phone,
        "sq_employer_code": sq_employer.credit_code,
        "sq_org": world.shiquan.pk,
        "sq_union": world.shiquan_union.pk,
        "sq_person": sq.pk,
        "nb_name": hb_neighbour.name,
    }
    return {
        "world": world,
        "shiquan_markers": shiquan_markers,
        "neighbour_markers": neighbour_markers,
        "fill": fill,
        "hb_employer": hb_employer,
        "hb_neighbour": hb_neighbour,
        "sq_employer": sq_employer,
        "sq_secret_person": sq_secret_person,
    }


# ---------------------------------------------------------------- the walker


@dataclass
class Walk:
    client: Client
    user: Any
    markers: dict[str, str]
    # model → (foreign pks, own pks); "foreign" means the user must not see them.
    pks: Any
    fill: dict[str, Any]
    problems: list[str] = field(default_factory=list)
    gaps: set[str] = field(default_factory=set)
    requested: list[tuple[str, str, int]] = field(default_factory=list)  # (route, url, status)
    seen_text: list[str] = field(default_factory=list)

    def values(self, route: Route, kwarg: str, converter: str) -> list[tuple[Any, bool]] | None:
        """(value, is_foreign) candidates for one path parameter, or None if unknown."""
        if converter.startswith("re:"):
            alternatives = converter[3:].split("|")
            if all(re.fullmatch(r"[\w\-]+", a) for a in alternatives):
                return [(alternatives[0], False)]
        if kwarg in KWARG_VALUES:
            given = KWARG_VALUES[kwarg]
            return [(v, False) for v in (given() if callable(given) else given)]
        model = model_for(route, kwarg)
        if model is None:
            return None
        foreign, own = self.pks(model)
        if not foreign:
            self.gaps.add(model._meta.label)
        out = [(pk, True) for pk in foreign] + [(pk, False) for pk in own]
        return out or [(987654321, False)]

    def urls(self, route: Route) -> list[tuple[str, bool]] | str:
        """(url, touches_foreign_record) for a route, or a message when it cannot be filled."""
        params = route.params
        choices: list[list[tuple[Any, bool]]] = []
        for kwarg, converter in params:
            found = self.values(route, kwarg, converter)
            if found is None:
                return (
                    f"route {route.name or route.template!r} ({route.template}) has path parameter "
                    f"<{kwarg}> and the walker cannot tell which model it is: name the parameter or "
                    f"the route after the model (e.g. person_id, core:person_detail) or add "
                    f"{kwarg!r} to KWARG_MODELS/KWARG_VALUES (or the path word to WORD_MODELS) in "
                    f"tests/core/test_scope_walk.py"
                )
            choices.append(found)
        combos: list[list[tuple[Any, bool]]] = []
        if not params:
            combos = [[]]
        else:
            own = [next((c for c in opts if not c[1]), opts[0]) for opts in choices]
            combos.append(own)
            for i, opts in enumerate(choices):  # one foreign value at a time, the rest own
                for opt in opts:
                    if opt[1]:
                        combos.append([*own[:i], opt, *own[i + 1 :]])
            combos.append([next((c for c in opts if c[1]), opts[0]) for opts in choices])
        out = []
        for combo in combos:
            url = build_url(route, [v for v, _ in combo])
            if isinstance(url, str) and url.startswith("!"):
                return url[1:]
            out.append((url, any(f for _, f in combo)))
        return list(dict.fromkeys(out))

    def check(
        self,
        route: Route,
        method: str,
        url: str,
        foreign: bool,
        data: dict[str, str] | None = None,
        **extra: Any,
    ) -> bool:
        """Request one URL and record what is wrong; True when it sent the user to log in."""
        label = f"{method} {url} [{route.name or 'unnamed'}]"
        try:
            if method == "GET":
                response = self.client.get(url, **extra)
            else:
                response = self.client.post(url, data or {}, **extra)
        except Exception as exc:  # a crash is a finding too
            self.problems.append(f"{label} raised {exc.__class__.__name__}: {exc}")
            return False
        status = response.status_code
        self.requested.append((route.name, url, status))
        text = body_text(response)
        self.seen_text.append(text)
        typed = unquote(url)  # what the user typed into the search box is echoed back: fine
        for marker, what in self.markers.items():
            if marker and marker in text and marker not in typed:
                self.problems.append(f"{label} → {status} shows {what} ({marker})")
        if status >= 500:
            self.problems.append(f"{label} → {status}")
        location = response.get("Location", "")
        to_login = 300 <= status < 400 and "login" in location
        if foreign:
            allowed = OK_FOR_FOREIGN | ({400, 422} if method == "POST" else set())
            if status not in allowed and not to_login:
                self.problems.append(
                    f"{label} → {status}: a record outside the user's scope must give 404/403"
                )
        if "_auth_user_id" not in self.client.session:
            self.client.force_login(self.user)
        return to_login


def build_url(route: Route, values: list[Any]) -> str:
    """The URL of a route with its parameters filled in order ("!message" when impossible)."""
    values = list(values)
    pieces = []
    for part in route.parts:
        text = str(part)
        if _is_regex(part):
            text = _REGEX_GROUP.sub(lambda m: str(values.pop(0)), text)
            text = re.sub(r"^\^|\$$|\\Z$", "", text).replace(r"\.", ".").replace(r"\-", "-")
            if _REGEX_META.search(text):
                return (
                    f"!route {route.name or route.template!r}: cannot build a URL from regex {part}"
                )
        else:
            text = _ROUTE_PARAM.sub(lambda m: str(values.pop(0)), text)
        pieces.append(text)
    return "/" + "".join(pieces)


def make_pks(foreign_path: str, own_path: str, extra_foreign: Any = None, extra_own: Any = None):
    def pks(model: type[models.Model]) -> tuple[list[Any], list[Any]]:
        if extra_foreign is not None and model in extra_foreign:
            return extra_foreign[model], extra_own[model]
        lookup = org_lookup(model)
        manager = model._default_manager
        if lookup is None:
            return [], list(manager.values_list("pk", flat=True)[:1])
        foreign = list(
            manager.filter(**{f"{lookup}__startswith": foreign_path}).values_list("pk", flat=True)[
                :2
            ]
        )
        own = list(
            manager.filter(**{f"{lookup}__startswith": own_path}).values_list("pk", flat=True)[:2]
        )
        return foreign, own

    return pks


def run_walk(walk: Walk, only: str = "") -> list[Route]:
    """Walk every route (or those whose name contains `only`)."""
    routes = [r for r in all_routes() if r.name not in SKIP_ROUTE_NAMES and only in (r.name or "")]
    plans: list[tuple[Route, list[tuple[str, bool]]]] = []
    seen_urls: set[tuple[str, bool]] = set()
    for route in routes:
        urls = walk.urls(route)
        if isinstance(urls, str):
            walk.problems.append(urls)
            continue
        fresh = [u for u in urls if u not in seen_urls]  # ninja yields one pattern per method
        seen_urls.update(fresh)
        plans.append((route, fresh))
    fill = {k: quote(str(v)) for k, v in walk.fill.items()}
    lists: list[tuple[Route, str]] = []
    for route, urls in plans:
        for url, foreign in urls:
            if walk.check(route, "GET", url, foreign):
                continue  # the admin, for a non-staff user: nothing behind it to vary
            if not route.params:
                lists.append((route, url))
                walk.check(
                    route, "GET", url, False, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="list-results"
                )
                for variant in LIST_VARIANTS:
                    walk.check(route, "GET", url + variant.format(**fill), False)
            elif foreign:
                walk.check(route, "GET", url + "?export=xlsx", True)
    # Writes last, so the GETs above saw the data intact. List pages export on POST (filters in
    # the query string, full=1 for unmasked values); every foreign record's URL gets a POST too.
    for route, url in lists:
        for variant in POST_VARIANTS:
            walk.check(route, "POST", url + variant.format(**fill), False, data={"full": "1"})
    for route, urls in plans:
        for url, foreign in urls:
            if foreign:
                walk.check(route, "POST", url, True)
    return routes


def _openapi_paths() -> set[str]:
    from gonghui.api import api

    return {re.sub(r"\{[^}]*\}", "{}", p) for p in api.get_openapi_schema()["paths"]}


def _shape(url_template: str) -> str:
    return "/" + re.sub(r"<[^>]*>", "{}", url_template).rstrip("/")


def _audit_writes_under(path: str, since: int) -> list[str]:
    writes = AuditLog.objects.filter(
        pk__gt=since,
        org_path__startswith=path,
        action__in=[AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE, AuditAction.MOVE],
    )
    return [f"{e.get_action_display()} {e.model} {e.object_repr}" for e in writes]


def _last_audit_id() -> int:
    return AuditLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


# ---------------------------------------------------------------- the tests


def test_county_officer_sees_nothing_of_another_county_anywhere(scene):
    world = scene["world"]
    client = Client()
    client.force_login(world.hanbin_officer)
    walk = Walk(
        client=client,
        user=world.hanbin_officer,
        markers=scene["shiquan_markers"],
        pks=make_pks(world.shiquan.path, world.hanbin.path),
        fill=scene["fill"],
    )
    before = _last_audit_id()
    routes = run_walk(walk)

    assert not walk.problems, "\n".join(["scope walk found:", *walk.problems])
    # The POSTs to 石泉 records changed nothing there.
    assert _audit_writes_under(world.shiquan.path, before) == []
    assert Person.objects.filter(pk=world.shiquan_person.pk, name="李娜").exists()
    # The walk really ran logged in and really tried the other county's records.
    assert any("张伟" in text for text in walk.seen_text), "the walker never saw its own person"
    tried = {
        (name, status)
        for name, url, status in walk.requested
        if url.endswith(f"/{world.shiquan_person.pk}")
    }
    assert ("api:person_detail", 404) in tried
    # Every API operation of the OpenAPI schema is a route the walker requested.
    walked = {_shape(r.template) for r in routes}
    missing = sorted(p for p in _openapi_paths() if p.rstrip("/") not in walked)
    assert not missing, f"OpenAPI paths not reached through the URL resolver: {missing}"
    if walk.gaps:
        print("scope walk: no 石泉 records to try for", sorted(walk.gaps))


def test_member_sees_only_their_own_person_anywhere(scene):
    world = scene["world"]
    member = world.hanbin_member
    client = Client()
    client.force_login(member)
    other_people = [world.shiquan_person.pk, scene["hb_neighbour"].pk]
    walk = Walk(
        client=client,
        user=member,
        markers={**scene["shiquan_markers"], **scene["neighbour_markers"]},
        pks=make_pks(
            world.shiquan.path,
            world.hanbin.path,
            extra_foreign={Person: other_people},
            extra_own={Person: [member.person_id]},
        ),
        fill=scene["fill"],
    )
    before = _last_audit_id()
    run_walk(walk)

    assert not walk.problems, "\n".join(["scope walk (职工本人) found:", *walk.problems])
    assert _audit_writes_under(world.shiquan.path, before) == []
    assert any("张伟" in text for text in walk.seen_text), "the member never saw their own record"


def test_walker_infers_models_from_route_names():
    """The inference the walk relies on, on route shapes other apps will add."""
    fake = Route(
        parts=["persons/", "<int:pk>/", "transfer/"], name="core:membership_transfer", callback=None
    )
    assert model_for(fake, "pk") is Person
    fake = Route(
        parts=["api/", "core/", "organizations/<int:org_id>/children"],
        name="api:organization_children",
        callback=None,
    )
    assert model_for(fake, "org_id") is Organization
    fake = Route(parts=["x/<int:pk>/"], name="core:person_detail", callback=None)
    assert model_for(fake, "pk") is Person
    fake = Route(parts=["x/<int:thing>/"], name="core:unknown_view", callback=None)
    assert model_for(fake, "thing") is None
    assert org_lookup(apps.get_model("core.Membership")) == "union__path"
    assert org_lookup(Person) == "org__path"


def test_walker_reports_a_leak_when_scope_is_broken(scene, monkeypatch):
    """The walk itself is tested: with the subtree filter switched off it must complain (on the
    person routes: the whole walk runs in the tests above)."""
    from gonghui.core import scope

    monkeypatch.setattr(scope, "org_path", lambda user: "/")
    world = scene["world"]
    client = Client()
    client.force_login(world.hanbin_officer)
    walk = Walk(
        client=client,
        user=world.hanbin_officer,
        markers=scene["shiquan_markers"],
        pks=make_pks(world.shiquan.path, world.hanbin.path),
        fill=scene["fill"],
    )
    run_walk(walk, only="person")
    found = "\n".join(walk.problems)
    assert "GET /api/core/persons [api:person_list] → 200 shows 石泉 person name" in found
    assert f"/api/core/persons/{world.shiquan_person.pk} [api:person_detail] → 200" in found
