"""What an importer declares and what the framework hands around: columns, a row on its way
through the importer, row errors, the importer base class and the registry of importers."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from django.utils.module_loading import autodiscover_modules

from gonghui.core.codes import CodeList
from gonghui.core.errors import DomainError
from gonghui.core.importing.text import cell_text, header_key

if TYPE_CHECKING:
    from gonghui.core.importing.engine import ImportContext

# progress(done, total, message): the import job's Progress, or any callable like it.
ProgressFn = Callable[[int, int, str], None]


class ImportFileError(DomainError):
    """The file as a whole cannot be imported (wrong type, too big, empty, missing column)."""


@dataclass(frozen=True)
class RowError:
    row: int  # as Excel numbers it (1-based)
    column: str  # the header as written in the file ("" for a whole-row problem)
    message: str
    col: int | None = None  # 0-based sheet column, for highlighting in the error report

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message, "col": self.col}


@dataclass(frozen=True)
class Column:
    """One column of an importer: key in the row dict, Chinese header, aliases, kind."""

    key: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    # text | code (text that Excel must not have turned into a number) | date | bool | int | choice
    kind: str = "text"
    choices: tuple[tuple[str, str], ...] = ()  # (label, value); labels and values are accepted
    sample: Any = ""
    help: str = ""
    max_length: int | None = None
    # A national code list (core.codes) for a text column: a name, short form or code is stored
    # as the standard name, anything else is an error; the template offers the list as a dropdown.
    codes: CodeList | None = None

    def keys(self) -> list[str]:
        return [header_key(self.header), *(header_key(a) for a in self.aliases)]


@dataclass
class Item:
    """One data row on its way through an importer."""

    row: int
    values: dict[str, Any]  # column key → converted value (None when blank or unconvertible)
    data: Any = None  # what the importer's clean() produced
    action: str = ""  # new | update | unchanged
    errors: list[RowError] = field(default_factory=list)
    failed: set[str] = field(default_factory=set)  # keys whose cell already has an error
    pending: list[tuple[str, str]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def fail(self, key: str, message: str) -> None:
        """Record an error for column `key` (or a Chinese column name, or "" for the row)."""
        self.pending.append((key, message))

    @property
    def ok(self) -> bool:
        return not self.errors and not self.pending


ACTION_LABELS = {"new": "新增", "update": "更新", "unchanged": "不变", "error": "有错误"}


class Importer:
    """Base of the importer declarations; subclasses set the class attributes and the hooks."""

    key: ClassVar[str]
    label: ClassVar[str]
    columns: ClassVar[tuple[Column, ...]]
    key_column: ClassVar[str]  # duplicates of this column inside one file are errors
    model_label: ClassVar[str]
    # The table's action for importing this file (checked once for the whole file, at upload and
    # at confirm, beside core.import.run); the rows are then written without per-row checks.
    permission: ClassVar[str] = "core.import.run"
    batch_size: ClassVar[int] = 2000
    pii_columns: ClassVar[frozenset[str]] = frozenset()  # masked in the preview
    note: ClassVar[str] = ""

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def provided(self, item: Item, keys: tuple[str, ...]) -> dict[str, Any]:
        """The values of `keys` that the row actually gives (blank means: keep what exists)."""
        textual = self._textual()
        given = {}
        for k in keys:
            value = item.values.get(k)
            # A blank text cell is "" and a blank typed cell is None; a choice may be "" (否).
            if value is None or (value == "" and k in textual):
                continue
            given[k] = value
        return given

    def _textual(self) -> frozenset[str]:
        cached = self.__dict__.get("_textual_keys")
        if cached is None:
            cached = frozenset(c.key for c in self.columns if c.kind in ("text", "code"))
            self.__dict__["_textual_keys"] = cached
        return cached

    def duplicate_key(self, values: dict[str, Any]) -> str:
        return str(values.get(self.key_column) or "").upper().replace(" ", "")

    def clean(self, item: Item, ctx: ImportContext) -> None:
        """Validate one row without touching the database; set item.data or add item errors."""
        raise NotImplementedError

    def plan(self, items: list[Item], ctx: ImportContext, *, write: bool) -> None:
        """Load what exists for a batch (constant queries) and set each item's action."""
        raise NotImplementedError

    def write(self, items: list[Item], ctx: ImportContext) -> None:
        """Bulk-write a planned batch (every item valid) with its audit entries."""
        raise NotImplementedError

    def display(self, key: str, value: Any) -> str:
        text = cell_text(value)
        if key in self.pii_columns and text:
            return mask_text(text)
        return text


def choice_labels(choices: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """A model's (value, label) choices as a choice column's (label, value) pairs."""
    return tuple((label, value) for value, label in choices)


def mask_text(text: str) -> str:
    if len(text) >= 15:
        return text[:6] + "*" * (len(text) - 10) + text[-4:]
    if len(text) >= 7:
        return text[:3] + "*" * (len(text) - 7) + text[-4:]
    return "*" * len(text)


_REGISTRY: dict[str, Importer] = {}
_discovered = False


def register(cls: type[Importer]) -> type[Importer]:
    """Class decorator: make an importer available to the 数据导入 page."""
    _REGISTRY[cls.key] = cls()
    return cls


def importers() -> dict[str, Importer]:
    global _discovered
    if not _discovered:
        autodiscover_modules("importers")
        _discovered = True
    return _REGISTRY


def get_importer(key: str) -> Importer:
    try:
        return importers()[key]
    except KeyError:
        raise DomainError(f"未知的导入类型“{key}”") from None
