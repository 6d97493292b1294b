"""Domain errors carry a Chinese message and, for imports, the row and column."""


class DomainError(Exception):
    def __init__(self, message: str, *, row: int | None = None, column: str | None = None):
        super().__init__(message)
        self.message = message
        self.row = row
        self.column = column

    def __str__(self) -> str:
        return self.message


class ScopeError(DomainError):
    """The user may not act on a record outside their organization subtree."""


# A refusal of many records names at most this many of them, then says how many there are.
NAMED_AT_MOST = 20


def named(items: list[str], *, sep: str = "；", unit: str = "项") -> str:
    """The records a refusal names: the first NAMED_AT_MOST, then 等共N项 when there are more."""
    shown = sep.join(items[:NAMED_AT_MOST])
    return shown + (f"等共{len(items)}{unit}" if len(items) > NAMED_AT_MOST else "")
