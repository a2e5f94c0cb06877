"""The cue words of ``data/cues.yaml``, loaded once.

>>> load()["attribution"]["adverbs"]["allegedly"]
'alleged'
"""

from __future__ import annotations

import functools
from importlib import resources

import yaml


@functools.cache
def load() -> dict:
    """The cue tables as nested dicts and lists."""
    text = resources.files("eventwire.attributes").joinpath("data/cues.yaml").read_text("utf-8")
    return yaml.safe_load(text)
