"""Errors a user can cause and fix; the CLI prints them without a traceback.

>>> str(InputError("empty text", where="story.txt"))
'story.txt: empty text'
"""


class EventwireError(Exception):
    """Base class for errors that carry a message meant for the user."""


class InputError(EventwireError, ValueError):
    """A file or record that cannot be coded; ``where`` names it (file, file:line, record id)."""

    def __init__(self, reason: str, where: str | None = None):
        self.reason = reason
        self.where = where
        super().__init__(f"{where}: {reason}" if where else reason)
