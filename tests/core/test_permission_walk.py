"""The permission walk: every POST route and every checked service, as each of the five roles,
on a record inside and outside the user's subtree, does exactly what the permission table says.

- A route that accepts POST must declare its action (`@route_action`) or say its POST changes
  nothing (`@read_only`); a route that declares neither must answer 405 to a POST.
- For each declared route and each role: a role the table does not allow gets 403; a record
  outside the user's subtree gets 403 or 404; a denial changes no row and writes no audit entry.
  A role the table allows, on its own subtree's record, is never refused with 403.
- Every service decorated with `@requires` is called as each role on a record inside and outside
  the subtree: it raises `Denied` exactly when the table (roles, level, owner organization) says no.
- Every public service function that takes the acting user is decorated, or listed in
  UNCHECKED_SERVICES with the reason; every write action of the table is checked by a service.

The expectation is computed here from the table's declared roles and levels and the records'
organization paths, independently of `permissions.can`.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import typing
from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.test import Client

import gonghui
from gonghui.core import permissions
from gonghui.core.models import AuditLog, OrgKind, Person, Role
from gonghui.core.models_api import ApiToken
from tests.core.test_scope_walk import Walk, all_routes, make_pks, org_lookup

MISSING = object()

# Public functions of services modules that take the acting user but need no table entry.
UNCHECKED_SERVICES: dict[str, str] = {}

# JSON API write operations → (action, a payload builder taking the scene and the target org).
API_WRITES = {
    "api:organization_create": "core.organization.create",
    "api:employer_upsert": "core.employer.create",
    "api:person_upsert": "core.person.create",
    "api:person_reveal": "core.person.reveal",
    "api:membership_transfer": "core.membership.transfer",
}

ROLE_USERS = ["city_admin", "hanbin_officer", "hanbin_chair", "auditor", "hanbin_member"]

_LEVEL_KINDS = {
    "city": {OrgKind.CITY},
    "county": {OrgKind.CITY, OrgKind.COUNTY},
    "any": set(OrgKind.values),
}


def table_allows_role(user: Any, key: str) -> bool:
    """What the declared table says of the user's role and organization level."""
    action = permissions.table()[key]
    if user.role not in action.roles:
        return False
    if user.role == Role.MEMBER:
        return True
    return user.organization.kind in _LEVEL_KINDS[action.level]


def declared_action(callback: Any) -> Any:
    found = getattr(callback, "route_action", MISSING)
    if found is MISSING:
        found = getattr(getattr(callback, "view_class", None), "route_action", MISSING)
    return found


def _count_rows() -> dict[str, int]:
    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models()
        if m._meta.app_label not in ("sessions", "contenttypes", "auth")
    }


class State:
    """Row counts of every model and the last audit id, to prove a denial changed nothing."""

    def __init__(self) -> None:
        self.rows = _count_rows()
        self.audit = AuditLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    def changes(self) -> list[str]:
        now = _count_rows()
        out = [f"{k}: {self.rows.get(k)} → {v}" for k, v in now.items() if self.rows.get(k) != v]
        new_audit = AuditLog.objects.filter(pk__gt=self.audit).exclude(
            action__in=["view_pii", "export_pii", "export", "login_failed"]
        )
        out += [f"audit: {e.action} {e.model} {e.object_repr}" for e in new_audit]
        return out


# ---------------------------------------------------------------- the routes


def test_every_post_route_declares_its_action(scene):
    """A POST to a route that declares nothing must be refused with 405."""
    world = scene["world"]
    client = Client()
    client.force_login(world.city_admin)
    walk = Walk(
        client=client,
        user=world.city_admin,
        markers={},
        pks=make_pks(world.shiquan.path, world.hanbin.path),
        fill=scene["fill"],
    )
    undeclared = []
    for route in all_routes():
        if route.name.startswith("api:") or route.name == "core:logout":
            continue
        action = declared_action(route.callback)
        if action is not MISSING:
            if isinstance(action, str):
                assert action in permissions.table(), f"{route.name} declares unknown {action!r}"
            continue
        urls = walk.urls(route)
        assert not isinstance(urls, str), urls
        url = urls[0][0]
        status = client.post(url, {}).status_code
        if status != 405:
            undeclared.append(f"{route.name} ({url}) answers POST with {status}")
    assert not undeclared, "POST routes without a table entry:\n" + "\n".join(undeclared)


def _route_key(route: Any, action: Any, url: str) -> str | None:
    if action is None or isinstance(action, str):
        return action
    from django.urls import resolve

    match = resolve(url.split("?")[0])
    return action(**match.kwargs)


@pytest.mark.parametrize("role_user", ROLE_USERS)
def test_every_post_route_does_what_the_table_says(scene, role_user):
    world = scene["world"]
    user = getattr(world, role_user)
    client = Client()
    client.force_login(user)
    own_path = user.organization.path if user.role != Role.MEMBER else world.hanbin_union.path
    # The city's subtree holds every record: nothing is foreign to it.
    foreign_path = world.shiquan.path if user.organization.parent_id else "/none/"
    walk = Walk(
        client=client,
        user=user,
        markers={},
        pks=make_pks(foreign_path, own_path),
        fill=scene["fill"],
    )
    problems: list[str] = []
    tried = 0
    for route in all_routes():
        if route.name.startswith("api:") or route.name == "core:logout":
            continue
        action = declared_action(route.callback)
        if action is MISSING or action is None:
            continue
        urls = walk.urls(route)
        assert not isinstance(urls, str), urls
        for url, foreign in urls:
            key = _route_key(route, action, url)
            if key is None:
                continue
            allowed = table_allows_role(user, key)
            if not allowed or foreign:
                state = State()
                response = client.post(url, {})
                status = response.status_code
                tried += 1
                expected = {403} if not allowed else {403, 404}
                if status not in expected:
                    problems.append(
                        f"POST {url} [{route.name}, {key}] as {role_user}: {status}, "
                        f"table says {'no (role)' if not allowed else 'no (outside subtree)'}"
                    )
                changed = state.changes()
                if changed:
                    problems.append(f"POST {url} as {role_user} was denied but changed {changed}")
            else:
                status = client.post(url, {}).status_code
                tried += 1
                if status == 403 and user.role != Role.MEMBER:
                    problems.append(
                        f"POST {url} [{route.name}, {key}] as {role_user}: 403 but the table "
                        f"allows the role on its own subtree"
                    )
                if status >= 500:
                    problems.append(f"POST {url} [{route.name}] as {role_user}: {status}")
            if "_auth_user_id" not in client.session:
                client.force_login(user)
    assert tried > 20, "the walk tried too few routes to mean anything"
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------- the API


def _api_payload(name: str, scene: dict[str, Any], user: Any) -> tuple[str, dict[str, Any]]:
    world = scene["world"]
    person = world.hanbin_person
    if name == "api:organization_create":
        return "/api/core/organizations", {
            "name": "权限测试工会",
            "kind": "grassroots",
            "parent_id": world.hanbin.pk,
        }
    if name == "api:employer_upsert":
        return "/api/core/employers", {
            "credit_code": scene["hb_employer"].credit_code,
            "name": scene["hb_employer"].name,
            "kind": "private",
            "org_id": world.hanbin.pk,
        }
    if name == "api:person_upsert":
        return "/api/core/persons", {
            "id_number": person.id_number,
            "name": person.name,
            "org_id": person.org_id,
        }
    if name == "api:person_reveal":
        return f"/api/core/persons/{person.pk}/reveal", {}
    return "/api/core/memberships/transfer", {
        "person_id": person.pk,
        "to_union_id": world.hanbin_union.pk,
        "on": "2026-01-05",
    }


def test_every_api_write_is_in_the_walk():
    names = {r.name for r in all_routes() if r.name.startswith("api:")}
    from gonghui.api import api

    writes = set()
    for path_ops in api.get_openapi_schema()["paths"].values():
        for method, op in path_ops.items():
            if method.lower() in ("post", "put", "patch", "delete"):
                writes.add(op["operationId"])
    assert len(writes) == len(API_WRITES), f"API write operations: {sorted(writes)}"
    assert set(API_WRITES) <= names


@pytest.mark.parametrize("role_user", ROLE_USERS)
def test_every_api_write_does_what_the_table_says(scene, role_user):
    world = scene["world"]
    user = getattr(world, role_user)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(user)}")
    problems = []
    for name, key in API_WRITES.items():
        url, payload = _api_payload(name, scene, user)
        state = State()
        response = client.post(url, payload, content_type="application/json")
        if not table_allows_role(user, key):
            if response.status_code != 403:
                problems.append(f"{name} as {role_user}: {response.status_code}, table says no")
            elif "detail" not in response.json():
                problems.append(f"{name} as {role_user}: 403 without a JSON detail")
            changed = state.changes()
            if changed:
                problems.append(f"{name} as {role_user} was denied but changed {changed}")
        elif response.status_code == 403 and user.role != Role.MEMBER:
            problems.append(f"{name} as {role_user}: 403 but the table allows it")
        assert response.status_code < 500, f"{name} as {role_user}: {response.status_code}"
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------- the services


def _service_modules() -> list[Any]:
    out = []
    for info in pkgutil.walk_packages(gonghui.__path__, "gonghui."):
        # services.py, services_*.py, a services/ package's modules; accounts the same way.
        parts = info.name.split(".")[1:]
        writes = any(p.startswith(("services", "accounts")) for p in parts)
        if writes and ".planner" not in info.name:
            out.append(importlib.import_module(info.name))
    return out


def test_every_service_that_acts_for_a_user_is_in_the_table():
    unchecked = []
    for module in _service_modules():
        for name, fn in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(fn):
                continue
            if fn.__module__ != module.__name__:
                continue
            params = inspect.signature(fn).parameters
            if not ({"user", "actor"} & set(params)):
                continue
            qualified = f"{module.__name__}.{name}"
            if getattr(fn, "permission", None) is None and qualified not in UNCHECKED_SERVICES:
                unchecked.append(qualified)
    assert not unchecked, "services acting for a user without a table entry:\n" + "\n".join(
        unchecked
    )


# Verbs of actions that read: pages and files, checked where they are read.
_READ_VERBS = {"view", "export", "download", "reveal", "export_full", "print"}


def test_every_write_action_of_the_table_is_checked_by_a_service():
    """An action only a view checks would be a second mechanism: each write has its service."""
    _service_modules()
    checked = {key for key, _ in permissions.SERVICES.values()}
    unchecked = [
        key
        for key in permissions.table()
        if key.rsplit(".", 1)[-1] not in _READ_VERBS and key not in checked
    ]
    assert not unchecked, sorted(unchecked)


def _target_model(fn: Any, kwarg: str) -> type[models.Model] | None:
    original = inspect.unwrap(fn)
    hints = typing.get_type_hints(original)
    hint = hints.get(kwarg)
    for candidate in (hint, *typing.get_args(hint)):
        if isinstance(candidate, type) and issubclass(candidate, models.Model):
            return candidate
    return None


def _instances(model: type[models.Model], path: str, exact: bool = False) -> list[Any]:
    lookup = org_lookup(model)
    if lookup is None:
        return []
    op = "" if exact else "__startswith"
    return list(model._default_manager.filter(**{f"{lookup}{op}": path})[:1])


def _owner_path(target: Any) -> str | None:
    owner = permissions.owner_org(target)
    return owner.path if owner is not None else None


@pytest.mark.parametrize("role_user", ROLE_USERS)
def test_every_service_refuses_exactly_what_the_table_refuses(scene, role_user):
    world = scene["world"]
    user = getattr(world, role_user)
    problems: list[str] = []
    calls = 0
    for module in _service_modules():
        for name, fn in sorted(vars(module).items()):
            key = getattr(fn, "permission", None)
            if key is None or not inspect.isfunction(fn) or fn.__module__ != module.__name__:
                continue
            on = fn.permission_on
            targets: list[Any] = [None]
            if on:
                model = _target_model(fn, on)
                assert model is not None, f"{module.__name__}.{name}: cannot type {on!r}"
                targets = []
                for path in (world.hanbin_union.path, world.hanbin.path, world.shiquan.path):
                    targets += _instances(model, path)
                targets += _instances(model, world.city.path, exact=True)
                if model is Person:
                    targets.append(world.hanbin_person)
                if not targets:
                    continue
            for target in targets:
                expected = table_allows_role(user, key)
                if expected and target is not None:
                    if user.role == Role.MEMBER:
                        person = (
                            target
                            if isinstance(target, Person)
                            else getattr(target, "person", None)
                        )
                        expected = isinstance(person, Person) and person.pk == user.person_id
                    else:
                        owner = _owner_path(target)
                        if owner is None:
                            owner = world.city.path
                        expected = owner.startswith(user.organization.path)
                state = State()
                kwargs = {"user": user}
                if "actor" in inspect.signature(inspect.unwrap(fn)).parameters:
                    kwargs = {"actor": user}
                if on:
                    kwargs[on] = target
                calls += 1
                try:
                    fn(**kwargs)
                except permissions.Denied:
                    if expected:
                        problems.append(f"{name}({on}={target!r}) as {role_user}: denied")
                    changed = state.changes()
                    if changed:
                        problems.append(f"{name} as {role_user} denied but changed {changed}")
                    continue
                except Exception:
                    pass
                if not expected:
                    problems.append(f"{name}({on}={target!r}) as {role_user}: not denied")
    assert calls > 30
    assert not problems, "\n".join(problems)


def test_the_walk_notices_a_service_that_forgets_its_check(scene, monkeypatch):
    """Switch the decorator's check off: the service walk must complain."""
    monkeypatch.setattr(permissions, "authorize", lambda *a, **k: None)
    with pytest.raises(AssertionError, match="not denied"):
        test_every_service_refuses_exactly_what_the_table_refuses(scene, "auditor")


def test_table_page_lists_every_action(scene):
    client = Client()
    client.force_login(scene["world"].city_admin)
    page = client.get("/permissions/").content.decode()
    for key, action in permissions.table().items():
        assert action.label in page, key
