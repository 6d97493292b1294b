"""石泉 records of 企业工作 for the scope walk (tests/core/test_scope_walk.py): the 企业台账's,
建会入会's, 助企行's and 维权's, each carrying markers no 汉滨 page may show."""

from __future__ import annotations

from typing import Any

from tests.workplace.fixtures_employers import shiquan_employer_records
from tests.workplace.fixtures_letters import shiquan_letter_records
from tests.workplace.fixtures_organizing import shiquan_organizing_records
from tests.workplace.fixtures_rights import shiquan_rights_records
from tests.workplace.fixtures_service import shiquan_service_records


def shiquan_records(world: Any) -> dict[str, str]:
    return {
        **shiquan_employer_records(world),
        **shiquan_organizing_records(world),
        **shiquan_service_records(world),
        **shiquan_letter_records(world),
        **shiquan_rights_records(world),
    }
