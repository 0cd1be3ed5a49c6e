"""The OpenAPI schema: generated and valid, every view with a response schema, no warning."""

from __future__ import annotations

from typing import Any

import pytest
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema


@pytest.fixture(scope="module")
def generated() -> tuple[dict[str, Any], list[str]]:
    GENERATOR_STATS.reset()
    with GENERATOR_STATS.silence():
        schema = SchemaGenerator().get_schema(request=None, public=True)
    messages = [*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache]
    GENERATOR_STATS.reset()
    return schema, messages


def test_schema_is_valid_openapi(generated: tuple[dict[str, Any], list[str]]) -> None:
    validate_schema(generated[0])


def test_no_view_without_a_schema_and_no_operation_id_collision(
    generated: tuple[dict[str, Any], list[str]],
) -> None:
    _, messages = generated
    assert messages == []


def test_figure_endpoints_describe_one_object(generated: tuple[dict[str, Any], list[str]]) -> None:
    """``list`` actions that answer one object must not be described as arrays."""
    paths = generated[0]["paths"]
    for path, operation_id in [
        ("/api/fund/summary/", "fund_summary"),
        ("/api/fund/ledger/", "fund_ledger_check"),
        ("/api/coordination/activity-totals/", "coordination_activity_totals"),
        ("/statistics/api/", "statistics_list"),
        ("/statistics/api/{slug}/", "statistics_retrieve"),
    ]:
        get = paths[path]["get"]
        assert get["operationId"] == operation_id
        body = get["responses"]["200"]["content"]["application/json"]["schema"]
        assert "$ref" in body, (path, body)
