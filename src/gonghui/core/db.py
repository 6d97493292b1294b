"""Writes that a unique constraint or a row lock settles.

A service checks for a duplicate before it writes, with a Chinese message; two officers saving at
the same moment can both pass that check, and then the database's unique constraint refuses the
second write. The write runs in a savepoint, so the refusal rolls back only that write and the
service's own transaction carries on to raise its message (or to carry on, where the other
write was the same one).

A service that decides on a record's current state (its status, what it holds) reads it again
with `lock_row` inside its transaction, so that two officers acting at once take turns.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.db import IntegrityError, models, transaction

from gonghui.core.errors import DomainError

M = TypeVar("M", bound=models.Model)


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


def lock_row(record: M) -> M:
    """`record` read again with its row locked (select_for_update) until the transaction ends:
    what a service checks is what it then changes, and a second caller waits for the first."""
    return type(record)._default_manager.select_for_update().get(pk=record.pk)
