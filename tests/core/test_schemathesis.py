"""Schemathesis against the API's own OpenAPI schema: no 500, every answer as documented.

The schema is loaded from the app itself (/api/openapi.json through Django's handler, so the
requests run inside the test's database transaction, on SQLite or PostgreSQL); every operation
gets positive and negative requests — the coverage phase's boundary values (ids and pages past
2**63, years 0 and 99999999, NUL in text, wrong types, missing fields) and fuzzed ones, writes
included — and every built-in check runs on each answer: not_a_server_error,
status_code_conformance, content_type_conformance, response_schema_conformance,
response_headers_conformance, negative_data_rejection, positive_data_acceptance,
missing_required_header, ignored_auth, unsupported_method, allow_header_conformance.

As the city admin every phase runs; as a 汉滨区 county officer the examples and fuzzing (the
coverage phase's cases test input validation, which is the same for every user) — together about
2,900 requests. Seeded and derandomized: a failure is reproducible and reported with its request.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import hypothesis
import pytest
import schemathesis
from django.test.client import ClientHandler

from gonghui.core.models_api import ApiToken

SEED = 20240601
MAX_EXAMPLES = 25  # fuzzed requests per operation and user (the coverage phase adds its own)

_handler = ClientHandler(enforce_csrf_checks=True)


def wsgi_app(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
    """Django as a WSGI app for schemathesis, without closing the test's database connection.

    Django's own WSGIHandler closes the connection when a request finishes, which would end the
    test's transaction; the test client's handler (used here) does not.
    """
    response = _handler(environ)
    headers = [*response.items()]
    headers += [("Set-Cookie", c.output(header="").strip()) for c in response.cookies.values()]
    start_response(f"{response.status_code} {response.reason_phrase}", headers)
    if response.streaming:
        return [b"".join(response.streaming_content)]
    return [response.content]


def _config(*, coverage: bool) -> schemathesis.Config:
    return schemathesis.Config.from_dict(
        {
            "seed": SEED,
            "generation": {
                "mode": "all",
                "max-examples": MAX_EXAMPLES,
                "deterministic": True,
                "database": "none",
            },
            "phases": {"coverage": {"enabled": coverage}, "stateful": {"enabled": False}},
            # A write may be well formed and still refused by the domain with a Chinese 400: a
            # credit code's check digit, an ID number's checksum, a duplicate name, a county
            # under a county — rules a JSON schema cannot state.
            "operations": [
                {
                    "include-method": "POST",
                    "checks": {
                        "positive_data_acceptance": {
                            "expected-statuses": ["2xx", "400", "401", "403", "404"]
                        }
                    },
                }
            ],
        }
    )


city_admin_schema = schemathesis.openapi.from_wsgi(
    "/api/openapi.json", wsgi_app, config=_config(coverage=True)
)
county_officer_schema = schemathesis.openapi.from_wsgi(
    "/api/openapi.json", wsgi_app, config=_config(coverage=False)
)

# The world is built once per operation and kept across its generated requests (writes pile up
# in the test's transaction, as they would on a server): a function-scoped fixture is intended.
_settings = hypothesis.settings(
    suppress_health_check=[
        hypothesis.HealthCheck.function_scoped_fixture,
        hypothesis.HealthCheck.too_slow,
        hypothesis.HealthCheck.filter_too_much,
    ]
)


def _bearer(request: pytest.FixtureRequest, world: Any) -> dict[str, str]:
    return {"Authorization": f"Bearer {ApiToken.issue(getattr(world, request.param))}"}


# One parameter each: it names the user in the test id (…[GET /api/core/persons][city_admin]);
# without it schemathesis gives every operation's test the same id.
@pytest.fixture(params=["city_admin"])
def city_admin_auth(request, world):
    return _bearer(request, world)


@pytest.fixture(params=["hanbin_officer"])
def county_officer_auth(request, world):
    return _bearer(request, world)


@city_admin_schema.parametrize()
@_settings
def test_api_answers_the_city_admin_as_documented(case, city_admin_auth):
    case.call_and_validate(headers=city_admin_auth)


@county_officer_schema.parametrize()
@_settings
def test_api_answers_a_county_officer_as_documented(case, county_officer_auth):
    case.call_and_validate(headers=county_officer_auth)
