"""Fixtures shared by the walks of tests/core (scope walk, permission walk)."""

from tests.core.test_scope_walk import scene  # noqa: F401 - the world with 石泉 markers
