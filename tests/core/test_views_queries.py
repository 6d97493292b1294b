"""List pages run a fixed number of queries, however many rows they show."""

from __future__ import annotations

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests import factories


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "name", ["person_list", "membership_list", "employer_list", "organization_list", "audit_list"]
)
def test_list_query_count_does_not_grow_with_rows(
    world, client, django_assert_max_num_queries, name
):
    client.force_login(world.city_admin)
    url = reverse(f"core:{name}")
    factories.employer(world.hanbin, "基准单位")  # every list has at least one row to fetch
    # One instant for the requests: the session's last_seen is written once a minute, and a slow
    # machine would otherwise see that write in the last request only.
    with time_machine.travel(timezone.now(), tick=False):
        count_queries(client, url)  # warm caches (content types, session)
        few = count_queries(client, url)
        for i in range(15):
            union = factories.grassroots(world.hanbin, f"汉滨测试工会{i}")
            factories.person(union, f"测试{i}", phone=f"1371111{i:04d}")
            factories.employer(union, f"测试单位{i}")
        with django_assert_max_num_queries(few):
            client.get(url)
