"""Actors: the built-in knowledge base and the resolver that codes mentions with it.

>>> from eventwire.actors import ActorResolver
>>> ActorResolver().lookup("Venezuela", "2025-12-01").code
'VEN'
"""

from .kb import KnowledgeBase
from .resolver import ActorResolver, DocumentActors

__all__ = ["ActorResolver", "DocumentActors", "KnowledgeBase"]
