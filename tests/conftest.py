"""Shared fixtures: one Coder per test session, and the path of ../shared/data."""

import os
from pathlib import Path

import pytest

SHARED = Path(os.environ.get("EVENTWIRE_SHARED_DATA") or Path(__file__).resolve().parents[1] / ".." / "shared" / "data")


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"shared data not found at {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def coder():
    from eventwire import Coder

    return Coder()
