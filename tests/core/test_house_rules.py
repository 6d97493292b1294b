"""The shape every domain keeps: checked on the source, so a new domain cannot drift from it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.apps import apps
from django.urls import reverse

import gonghui
from gonghui.core import kit
from gonghui.core.context_processors import MENU
from gonghui.core.models import AuditLog
from gonghui.core.permissions import table

SRC = Path(gonghui.__file__).parent
MAX_LINES = 600


def _sources() -> list[Path]:
    return [p for p in SRC.rglob("*.py") if "migrations" not in p.parts]


def test_no_module_is_over_600_lines() -> None:
    long = {
        str(p.relative_to(SRC)): n
        for p in _sources()
        if (n := len(p.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}, f"split these along their seams into packages: {long}"


def test_only_core_audit_writes_audit_entries() -> None:
    """Hand-built entries drift from the snapshot, masking and organization rules of core.audit."""
    writes = re.compile(
        r"(?<!class )AuditLog\(|AuditLog\.objects\.(create|bulk_create)|insert_rows\(AuditLog"
    )
    offenders = [
        str(p.relative_to(SRC))
        for p in _sources()
        if p != SRC / "core" / "audit.py" and writes.search(p.read_text())
    ]
    assert offenders == []


def _objects_uses(path: Path) -> list[int]:
    tree = ast.parse(path.read_text())
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr == "objects"
    ]


def test_views_read_through_selectors_and_write_through_services() -> None:
    views = [p for p in _sources() if p.name.startswith("views") or "views" in p.parent.name]
    offenders = {str(p.relative_to(SRC)): lines for p in views if (lines := _objects_uses(p))}
    assert offenders == {}


def test_every_gonghui_app_is_a_declared_domain() -> None:
    ours = [c for c in apps.get_app_configs() if c.name.startswith("gonghui.")]
    assert ours and all(isinstance(c, kit.DomainConfig) for c in ours)


def test_every_domain_is_audited_by_the_signals() -> None:
    from gonghui.core.signals import _audited

    for domain in kit.domains():
        for model in domain.get_models():
            if model is AuditLog or model._meta.label == "core.Job":
                continue
            assert _audited(model) == domain.audited, model


def test_every_menu_entry_opens_and_asks_the_permission_table() -> None:
    actions = table()
    for _section, items in MENU:
        for label, url_name, predicate in items:
            assert reverse(url_name), label
            assert predicate in actions or "." not in predicate, (label, predicate)


def test_every_domain_with_pages_is_mounted_and_has_its_api() -> None:
    mounted = dict(kit.url_mounts())
    routers = {prefix for prefix, _ in kit.api_mounts()}
    for domain in kit.domains():
        if domain.url_prefix is None:
            continue
        assert mounted[domain.url_prefix] == f"{domain.name}.urls"
        if domain.submodule("api") is not None:
            assert f"/{domain.api_prefix or domain.url_prefix}" in routers
