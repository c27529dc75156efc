"""Property-based requests from the app's own OpenAPI schema (schemathesis): never a 5xx.

Authenticated as admin so every operation is reached past the access check. Valid and
invalid inputs are generated per operation with a fixed seed (derandomize) and a bounded
number of examples, so the run is deterministic and short, on each store backend.
"""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from server_support import make_report, running_server, sql_injection_finding

EXAMPLES_PER_OPERATION = 15


def _server_errors(operation: Any, headers: dict[str, str]) -> list[str]:
    failures: list[str] = []
    cases = st.one_of(operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE))

    @given(case=cases)
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        derandomize=True,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    def check(case: Any) -> None:
        response = case.call(headers=headers)
        if response.status_code >= 500:
            failures.append(f"{case.method} {case.formatted_path} → {response.status_code}: {response.text[:200]}")

    check()
    return failures


def test_no_operation_answers_with_a_server_error(database_url: str) -> None:
    with running_server(database_url) as server:
        assert server.upload("shop", make_report([sql_injection_finding()])).status_code == 201
        schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", server.app)
        headers = server.headers("admin")
        operations = [result.ok() for result in schema.get_all_operations()]
        failures = [failure for operation in operations for failure in _server_errors(operation, headers)]

    assert len(operations) == 16
    assert failures == []


def test_the_schema_documents_the_api_and_not_the_pages(database_url: str) -> None:
    with running_server(database_url) as server:
        paths = server.client.get("/api/v1/openapi.json").json()["paths"]

    assert "/api/v1/projects/{name}/scans" in paths
    assert sorted(paths["/api/v1/projects/{name}/scans"]) == ["get", "post"]
    assert all(path.startswith("/api/v1/") for path in paths)
