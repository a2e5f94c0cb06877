"""Mentions across regions and dates resolve to the expected code and person.

The cases live in tests/data/actors/cases.tsv (mention, date, code, name); each is
parsed by the real spaCy pipeline and resolved with the built-in KB.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from eventwire.actors import ActorResolver

CASES = Path(__file__).parent / "data" / "actors" / "cases.tsv"


def _cases() -> list[dict[str, str]]:
    with CASES.open(encoding="utf-8") as f:
        return list(csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t"))


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    return ActorResolver()


def test_there_are_enough_cases_from_every_region():
    text = CASES.read_text(encoding="utf-8")
    assert len(_cases()) >= 150
    for region in ("Americas", "Europe", "Middle East", "Africa", "Asia"):
        assert f"# -- {region}" in text


@pytest.mark.parametrize("case", _cases(), ids=lambda c: f"{c['mention']}@{c['date']}")
def test_case(resolver, case):
    actor = resolver.lookup(case["mention"], case["date"])
    if case["code"] == "-":
        assert actor is None
        return
    assert actor is not None, case
    assert actor.code == case["code"], actor.reason
    if case["name"]:
        assert actor.name == case["name"], actor.reason
    assert actor.reason
