"""Actors: the built-in knowledge base, the resolver that codes mentions with it, and the
binding of event arguments to actors (pronouns, groups, model spans, implied targets).

The names below are imported on first use, so that reading the KB's tables
(``actors.labels``, which the store uses to name and check codes) does not load spaCy.

>>> from eventwire.actors import ActorResolver
>>> ActorResolver().lookup("Venezuela", "2025-12-01").code
'VEN'
"""

from __future__ import annotations

import importlib

# public name -> the module of this package that defines it
_HOMES = {"ActorBinding": "binding", "ActorResolver": "resolver", "DocumentActors": "resolver",
          "KnowledgeBase": "kb"}

__all__ = sorted(_HOMES)


def __getattr__(name: str):
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_HOMES[name]}", __name__), name)
