"""The seed article resolves as the project promises (real spaCy parse, built-in KB)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from eventwire.actors import ActorResolver
from eventwire.nlp import load

SHARED = Path(os.environ.get("EVENTWIRE_SHARED_DATA")
              or Path(__file__).resolve().parents[1] / ".." / "shared" / "data")
SEED = SHARED / "seed" / "venezuela-ultimatum.txt"
DATE = dt.date(2025, 12, 1)


@pytest.fixture(scope="module")
def seed():
    if not SEED.is_file():
        pytest.skip(f"shared data not found at {SEED}")
    doc = load()(SEED.read_text(encoding="utf-8"))
    actors = ActorResolver().for_document(doc, DATE)
    return doc, {chunk.start_char: (chunk, actors.resolve(chunk)) for chunk in doc.noun_chunks}


def _all(seed, text):
    doc, resolved = seed
    found = [(chunk, actor) for chunk, actor in resolved.values() if chunk.text == text]
    assert found, f"no noun chunk {text!r} in the seed"
    return [actor for _, actor in found]


@pytest.mark.parametrize("text", ["US President Donald Trump", "Trump", "the US president"])
def test_trump(seed, text):
    for actor in _all(seed, text):
        assert (actor.code, actor.country, actor.name) == ("USAGOV", "USA", "Donald Trump")


@pytest.mark.parametrize("text", ["Venezuelan leader Nicolás Maduro", "Maduro",
                                  "the Venezuelan president", "the Venezuelan leader",
                                  "Maduro's government"])
def test_maduro(seed, text):
    for actor in _all(seed, text):
        assert (actor.code, actor.country, actor.name) == ("VENGOV", "VEN", "Nicolás Maduro")


def test_countries_and_non_actors(seed):
    assert {a.code for a in _all(seed, "the US")} == {"USA"}
    assert {a.code for a in _all(seed, "Venezuela")} == {"VEN"}
    for text in ["boats", "the smuggling", "an ultimatum"]:
        assert _all(seed, text) == [None] * len(_all(seed, text))


def test_pronouns_follow_the_story(seed):
    doc, resolved = seed
    he = [a for chunk, a in resolved.values() if chunk.text == "he"]
    # "if Maduro were to step down, he ..." then "... whether Trump ... or if he will find a way"
    assert [a.name for a in he] == ["Nicolás Maduro", "Donald Trump"] * 2


def test_offsets_point_at_the_span(seed):
    doc, resolved = seed
    for chunk, actor in resolved.values():
        if actor is not None:
            assert doc.text[actor.start:actor.end] == chunk.text == actor.text
            assert actor.reason
