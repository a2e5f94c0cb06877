"""The YAML data files the package ships: no key written twice.

YAML keeps the last of two equal keys without a word, so a pattern added under a verb the lexicon
already lists (``hand over`` and ``"hand over"``) would silently drop the patterns written first.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "eventwire"
DATA_FILES = sorted(PACKAGE.rglob("data/*.yaml"))


class _StrictLoader(yaml.SafeLoader):
    """A safe loader that refuses a mapping with a key written twice."""


def _mapping_without_repeats(loader: _StrictLoader, node: yaml.MappingNode) -> dict:
    seen: dict[object, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            raise ValueError(f"line {key_node.start_mark.line + 1}: {key!r} written again "
                             f"(first on line {seen[key]})")
        seen[key] = key_node.start_mark.line + 1
    return loader.construct_mapping(node, deep=True)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_repeats)


def test_the_package_ships_yaml_data():
    assert any(path.name == "lexicon.yaml" for path in DATA_FILES)


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_key_is_written_twice(path):
    yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass


def test_a_repeated_key_is_found():
    with pytest.raises(ValueError, match="'hand over' written again"):
        yaml.load('verbs:\n  hand over: [1]\n  "hand over": [2]\n', Loader=_StrictLoader)  # noqa: S506
