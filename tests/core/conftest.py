"""Fixtures shared by the core tests."""

from __future__ import annotations

import pytest

from clew.core.index import build as indexing


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The vault paths this process reads notes from, in order, from now on (a child process
    reads with its own, unpatched module)."""
    seen: list[str] = []
    real = indexing.read_facts

    def read_facts(vault, path):
        seen.append(path)
        return real(vault, path)

    monkeypatch.setattr(indexing, "read_facts", read_facts)
    return seen
