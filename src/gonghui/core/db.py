"""Writes that a unique constraint settles.

A service checks for a duplicate before it writes, with a Chinese message; two officers saving at
the same moment can both pass that check, and then the database's unique constraint refuses the
second write. The write runs in a savepoint, so the refusal rolls back only that write and the
service's own transaction carries on to raise its message (or to carry on, where the other
write was the same one).
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import IntegrityError, transaction

from gonghui.core.errors import DomainError


@contextmanager
def unique_or(
    message: str, column: str | None = None, *, error: type[DomainError] = DomainError
) -> Iterator[None]:
    """Run the block in a savepoint; a unique constraint refusing it raises `error(message)`
    (column: the form field or import column the message is about)."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError:
        raise error(message, column=column) from None


@contextmanager
def unless_taken() -> Iterator[None]:
    """Run the block in a savepoint; when a unique constraint refuses it (another transaction
    inserted the same row first), roll the block back and carry on."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError:
        pass
