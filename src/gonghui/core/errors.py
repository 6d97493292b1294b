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
