"""Rows inserted without model instances: the fast path for the large writes of an import."""

from __future__ import annotations

from typing import Any

from django.db import connections, router
from django.db.models import Model

from gonghui.core import clock

# Column types whose Python value the database driver takes as it is.
_PASSTHROUGH = frozenset(
    {
        "CharField",
        "TextField",
        "IntegerField",
        "BigIntegerField",
        "SmallIntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "PositiveBigIntegerField",
        "BooleanField",
        "ForeignKey",
        "SlugField",
        "EmailField",
    }
)


def insert_rows(model: type[Model], rows: list[dict[str, Any]]) -> None:
    """INSERT rows given as {attname: value} without model instances (audit entries, memberships).

    bulk_create builds model instances and compiles a placeholder per value (and on SQLite
    splits into statements of 999 parameters); for the 200,000 audit rows of a 100,000-row
    import that was most of the time. Missing fields take their default; auto_now_add is now.
    No primary keys come back.
    """
    if not rows:
        return
    conn = connections[router.db_for_write(model)]
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = clock.now()
    missing = object()
    # (attname, default ready for the database, field that prepares given values or None)
    plan: list[tuple[str, Any, Any]] = []
    for f in fields:
        default = (
            now
            if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False)
            else f.get_default()
        )
        prep = None if f.get_internal_type() in _PASSTHROUGH else f
        plan.append(
            (f.attname, default if prep is None else prep.get_db_prep_save(default, conn), prep)
        )
    table = conn.ops.quote_name(model._meta.db_table)
    columns = ", ".join(conn.ops.quote_name(str(f.column)) for f in fields)
    head = f"INSERT INTO {table} ({columns}) VALUES "
    one = "({})".format(", ".join(["%s"] * len(fields)))
    params = [
        tuple(
            default
            if (value := row.get(name, missing)) is missing
            else value
            if prep is None
            else prep.get_db_prep_save(value, conn)
            for name, default, prep in plan
        )
        for row in rows
    ]
    with conn.cursor() as cursor:
        if conn.vendor == "sqlite":
            # SQLite prepares the statement once and loops in C: the fastest path there.
            cursor.executemany(head + one, params)
            return
        if conn.vendor == "postgresql":
            # COPY streams the rows: no per-statement parsing of tens of thousands of
            # placeholders on either side, several times faster than multi-row VALUES.
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for r in params:
                    copy.write_row(r)
            return
        # Another server database pays per statement: send multi-row VALUES instead.
        per = max(1, min(1000, 60000 // len(fields)))
        for start in range(0, len(params), per):
            chunk = params[start : start + per]
            cursor.execute(head + ", ".join([one] * len(chunk)), [v for r in chunk for v in r])
