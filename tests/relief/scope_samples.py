"""石泉 records of 困难职工帮扶 for the scope walk (tests/core/test_scope_walk.py): the ledger's,
the campaigns' and the other 四送 activities', each carrying markers no 汉滨 page may show."""

from __future__ import annotations

from typing import Any

from tests.relief.conftest import shiquan_ledger_records
from tests.relief.fixtures_activities import shiquan_activity_records
from tests.relief.fixtures_campaigns import shiquan_campaign_records


def shiquan_records(world: Any) -> dict[str, str]:
    return {
        **shiquan_ledger_records(world),
        **shiquan_campaign_records(world),
        **shiquan_activity_records(world),
    }
