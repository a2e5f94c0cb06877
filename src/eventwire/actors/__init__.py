"""Actors: the built-in knowledge base, the resolver that codes mentions with it, and the
binding of event arguments to actors (pronouns, groups, model spans, implied targets).

>>> from eventwire.actors import ActorResolver
>>> ActorResolver().lookup("Venezuela", "2025-12-01").code
'VEN'
"""

from .binding import ActorBinding
from .kb import KnowledgeBase
from .resolver import ActorResolver, DocumentActors

__all__ = ["ActorBinding", "ActorResolver", "DocumentActors", "KnowledgeBase"]
