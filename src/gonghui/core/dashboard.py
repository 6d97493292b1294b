"""工作台: the to-dos and this year's key figures every domain offers a user.

A domain offers them in an optional `<app>/dashboard.py` with two functions:

    def todos(user: User) -> list[Todo]: ...
        # what this user can act on now (the permission table decides), counted in their
        # subtree (职工本人: their own items); each links to the list it counts
    def figures(user: User, year: int) -> list[Figure]: ...
        # the year's key figures for the user's subtree

`board(user)` reads that module of every installed domain (gonghui.core.kit.domains(),
DomainConfig.submodule) and puts the answers together for the home page. A to-do with nothing
to do is left out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from types import ModuleType
from typing import Any

from gonghui.core import clock
from gonghui.core.kit import domains
from gonghui.core.models import User
from gonghui.core.money import format_money

# How urgent a to-do is; also its Bootstrap colour. Urgent ones come first on the page.
LEVELS = ("danger", "warning", "info")


@dataclass(frozen=True)
class Todo:
    """Something waiting for the user: how many, and the page that lists exactly those."""

    label: str
    count: int
    url: str
    level: str = "warning"  # "danger" (overdue), "warning" (waiting for me), "info"

    def __post_init__(self) -> None:
        if self.level not in LEVELS:
            raise ValueError(f"unknown to-do level {self.level!r}")


@dataclass(frozen=True)
class Figure:
    """One key figure of the year (人数, 件数, 金额 …) and the page it comes from."""

    label: str
    value: int | Decimal | str
    unit: str = ""
    url: str = ""

    @property
    def text(self) -> str:
        """The value as shown: 1,234 for counts, 1,234.50 for money."""
        if isinstance(self.value, Decimal):
            return format_money(self.value)
        if isinstance(self.value, int):
            return f"{self.value:,}"
        return self.value


@dataclass
class Section:
    """What one domain offers: its menu section title, to-dos and figures."""

    title: str
    todos: list[Todo] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)


@dataclass
class Board:
    year: int
    sections: list[Section]

    @property
    def todos(self) -> list[Todo]:
        """Every to-do with something to do, the urgent first (domain order kept within)."""
        items = [t for s in self.sections for t in s.todos]
        return sorted(items, key=lambda t: LEVELS.index(t.level))

    @property
    def figure_sections(self) -> list[Section]:
        return [s for s in self.sections if s.figures]


def _providers() -> list[tuple[str, ModuleType]]:
    """(section title, dashboard module) of every domain that has one, in INSTALLED_APPS order."""
    out = []
    for domain in domains():
        module = domain.submodule("dashboard")
        if module is None or module.__name__ == __name__:
            continue
        out.append((domain.menu_section or str(domain.verbose_name), module))
    return out


def _call(module: ModuleType, name: str, *args: Any) -> list[Any]:
    fn: Callable[..., list[Any]] | None = getattr(module, name, None)
    return list(fn(*args)) if fn is not None else []


def board(user: User, year: int | None = None) -> Board:
    """The user's 工作台: each domain's to-dos (non-zero only) and figures for `year`."""
    year = year or clock.today().year
    sections = []
    for title, module in _providers():
        todos = [t for t in _call(module, "todos", user) if t.count > 0]
        figures = _call(module, "figures", user, year)
        if todos or figures:
            sections.append(Section(title=title, todos=todos, figures=figures))
    return Board(year=year, sections=sections)
