"""The OpenAPI document names each response schema once: two domains' schemas of the same class
name would be merged into one component, and one domain's answers would then be checked (and
documented) against the other's fields."""

from __future__ import annotations

import importlib
from collections import defaultdict

from ninja import Schema

from gonghui.core.kit import domains


def _schema_classes() -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    packages = ["gonghui.core", *(d.name for d in domains())]
    for package in packages:
        for name in ("schemas", "api"):
            try:
                module = importlib.import_module(f"{package}.{name}")
            except ModuleNotFoundError:
                continue
            for value in vars(module).values():
                if isinstance(value, type) and issubclass(value, Schema) and value is not Schema:
                    if value.__module__.startswith("gonghui."):
                        found[value.__name__].add(f"{value.__module__}.{value.__qualname__}")
    return found


def test_no_two_api_schemas_share_a_name():
    shared = {name: places for name, places in _schema_classes().items() if len(places) > 1}
    assert not shared, shared


def test_the_openapi_document_has_each_domains_figures_schema():
    from gonghui.api import api

    components = api.get_openapi_schema()["components"]["schemas"]
    assert "section" in components["WorkplaceFigureOut"]["properties"]
    assert "section" not in components["FigureOut"]["properties"]
