"""A domain declares itself once, in its AppConfig; the rest of the platform reads the declaration.

A new domain is one folder under src/gonghui/ plus one line in settings.INSTALLED_APPS. Its
`apps.py` subclasses `DomainConfig` and says:

    class ReliefConfig(DomainConfig):
        name = "gonghui.relief"
        label = "relief"
        verbose_name = "困难职工帮扶"
        url_prefix = "relief/"                    # pages under /relief/ from relief/urls.py
        menu = [("困难职工档案", "relief:case_list", "relief.case.view")]
        demo_order = 40                           # relief/demo.py: seed(seed=…) -> str

Read from here:
- urls.py mounts `<app>/urls.py` at `url_prefix` (app_name in that module is its namespace);
- api.py adds `<app>/api.py`'s `router` at `/api/<url_prefix>` when the module exists;
- the `demo` command calls `<app>/demo.py`'s `seed(seed=…)` in `demo_order`;
- `ready()` registers `<app>/permissions.py`'s ACTIONS, the menu (under `menu_section`,
  defaulting to verbose_name), and imports `importers`, `jobs`, `signals`, `receivers` when they
  exist (an importer registers itself with the import page; a job with the job runner);
- core.signals audits every model of every domain (`audited = False` to opt out);
- `make lint` type-checks the whole src/gonghui package, so a domain is checked by being there.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from types import ModuleType
from typing import Any, ClassVar

from django.apps import AppConfig, apps

# Modules a domain may have that register something when imported.
_SIDE_EFFECT_MODULES = ("importers", "jobs", "signals", "receivers")


def _optional(module: str) -> ModuleType | None:
    """The module if the domain has it; an ImportError inside it is a bug and is raised."""
    if importlib.util.find_spec(module) is None:
        return None
    return importlib.import_module(module)


class DomainConfig(AppConfig):
    """The AppConfig of a domain; see the module docstring for what each attribute drives."""

    # Not itself the config of the app whose apps.py imports it; each subclass is (Django picks
    # the one AppConfig of apps.py that is `default`).
    default = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.default = cls.__dict__.get("default", True)

    url_prefix: ClassVar[str | None] = None
    # The API router's prefix under /api/ when it differs from url_prefix.
    api_prefix: ClassVar[str | None] = None
    menu_section: ClassVar[str] = ""
    # (label, URL name, permission action), or with a fourth item: the menu section of that entry
    # when the domain's pages sit under more than one (a domain around one record, several works).
    menu: ClassVar[list[tuple[str, ...]]] = []
    demo_order: ClassVar[int | None] = None
    audited: ClassVar[bool] = True

    def ready(self) -> None:
        from gonghui.core.context_processors import register_menu
        from gonghui.core.permissions import register

        permissions = _optional(f"{self.name}.permissions")
        register(getattr(permissions, "ACTIONS", ()))
        for module in _SIDE_EFFECT_MODULES:
            _optional(f"{self.name}.{module}")
        section = self.menu_section or str(self.verbose_name)
        for label, url_name, action, *own_section in self.menu:
            register_menu(own_section[0] if own_section else section, label, url_name, action)
        self.connect()

    def connect(self) -> None:
        """Connect receivers of other apps' signals (override when the domain has some)."""

    # What the rest of the platform reads -------------------------------------------------------

    def submodule(self, name: str) -> ModuleType | None:
        """The domain's module `name` (e.g. "dashboard", "exporters") if it has one.

        (Not `module`: Django's AppConfig.module is the package itself.)
        """
        return _optional(f"{self.name}.{name}")

    def api_router(self) -> Any | None:
        module = _optional(f"{self.name}.api")
        return getattr(module, "router", None) if module is not None else None

    def demo_seeder(self) -> Callable[..., str] | None:
        if self.demo_order is None:
            return None
        module = importlib.import_module(f"{self.name}.demo")
        seeder: Callable[..., str] = module.seed
        return seeder


def domains() -> list[DomainConfig]:
    """Every installed domain, in INSTALLED_APPS order."""
    return [c for c in apps.get_app_configs() if isinstance(c, DomainConfig)]


def url_mounts() -> list[tuple[str, str]]:
    """(prefix, urls module) of every domain with pages; the root ("") last, so it catches rest."""
    mounts = [(d.url_prefix, f"{d.name}.urls") for d in domains() if d.url_prefix is not None]
    return sorted(mounts, key=lambda m: m[0] == "")


def api_mounts() -> list[tuple[str, Any]]:
    """(prefix, router) of every domain with an API."""
    mounts = []
    for d in domains():
        router = d.api_router()
        if router is not None:
            mounts.append((f"/{d.api_prefix or d.url_prefix}", router))
    return mounts


def demo_seeders() -> list[tuple[str, Callable[..., str]]]:
    """(verbose name, seed function) of every domain with demo data, in demo_order."""
    seeders = [(d.demo_order, str(d.verbose_name), d.demo_seeder()) for d in domains()]
    return [(name, fn) for order, name, fn in sorted(seeders, key=lambda s: s[0] or 0) if fn]


def audited_labels() -> frozenset[str]:
    return frozenset(d.label for d in domains() if d.audited)
