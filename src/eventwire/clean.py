"""Text normalisation and in-document deduplication.

Scraped articles often repeat whole paragraphs. :func:`prepare` keeps the
article text (normalised: NFC, ``\\n`` line ends, no zero-width characters) and
builds the text that is actually parsed, in which every repeated paragraph
appears once. Nothing is dropped: each kept paragraph records how many times it
occurred, and offsets in the parsed text map back to the article text.

>>> p = prepare("Rain fell.\\nTroops left.\\nRain fell.\\n")
>>> p.parse_text
'Rain fell.\\nTroops left.'
>>> prepare("Rain fell\\n\\n\\nTroops left\\n").parse_text  # a blank line stays one
'Rain fell\\n\\nTroops left'
>>> [(s.count, p.text[s.start:s.start + 10]) for s in p.segments]
[(2, 'Rain fell.'), (1, 'Troops lef')]

A dateline opening a paragraph ("KABUL (Reuters) - ", see ``datelines.py``) is left out of
the parsed text, so that its city is not read as the first sentence's actor; it is kept in
``datelines`` (offsets in the article text) for the place stage and the article's source:

>>> p = prepare("KABUL (Reuters) - Rebels shelled the town.")
>>> p.parse_text, p.to_text_offset(0), [(d.place, d.agency) for d in p.datelines]
('Rebels shelled the town.', 18, [('KABUL', 'Reuters')])

Before that, :func:`not_text` and :func:`invisible_only` say why a string cannot be an
article's text or field at all (the readers and the coder refuse such records).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field

from .datelines import Dateline, dateline

ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)
PARAGRAPH_BREAK = re.compile(r"\n\s*")
SPACES = re.compile(r"\s+")
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # Unicode's Cc category less tab and line feed
NOT_TEXT = re.compile("[\x00\ud800-\udfff]")  # a NUL, a lone surrogate (half of a UTF-16 pair)
READABLE = frozenset("LNPS")  # categories of what can be read: letters, numbers, punctuation, symbols
SHOWN_INVISIBLE = 4  # invisible characters named in a reason


def not_text(name: str, value: str) -> str | None:
    """Why the field ``name`` holding ``value`` is not text, or None: a lone surrogate (not
    valid Unicode: it cannot be written as UTF-8, stored or printed) or a NUL character.

    >>> not_text("text", "Troops \\ud800 left.")
    "'text' holds a lone surrogate (\\\\ud800) at character 7: not valid Unicode"
    >>> not_text("id", "a\\x00"), not_text("title", "Rain")
    ("'id' holds a NUL character (\\\\u0000) at character 1: not text", None)
    """
    found = NOT_TEXT.search(value)
    if found is None:
        return None
    at = f"at character {found.start()}"
    if found.group() == "\x00":
        return f"{name!r} holds a NUL character (\\u0000) {at}: not text"
    return f"{name!r} holds a lone surrogate (\\u{ord(found.group()):04x}) {at}: not valid Unicode"


def invisible_only(text: str) -> str | None:
    """When ``text`` holds nothing to read (no letter, digit, punctuation mark or symbol) but
    more than whitespace: the invisible characters it holds (zero-width spaces, BOMs, controls,
    format characters); None otherwise.

    >>> invisible_only("\\u200b\\ufeff \\u200b"), invisible_only("Rain."), invisible_only("  ")
    ('U+200B, U+FEFF', None, None)
    """
    if any(unicodedata.category(c)[0] in READABLE for c in text) or text.isspace() or not text:
        return None
    found = sorted({c for c in text if not c.isspace()})
    shown = ", ".join(f"U+{ord(c):04X}" for c in found[:SHOWN_INVISIBLE])
    return shown + (f" and {len(found) - SHOWN_INVISIBLE} more" if len(found) > SHOWN_INVISIBLE else "")


def printable(value: str) -> str:
    """``value`` with lone surrogates written as ``\\udXXX`` escapes: safe to print, store or
    send as UTF-8 (for naming a record whose id is not valid Unicode).

    >>> printable("a\\ud800b")
    'a\\\\ud800b'
    """
    return value.encode("utf-8", "backslashreplace").decode("utf-8")


def normalise(text: str) -> str:
    """NFC, Unix line ends, no zero-width characters or NULs, other controls as spaces."""
    text = unicodedata.normalize("NFC", text).translate(ZERO_WIDTH)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return CONTROLS.sub(" ", text)


def fingerprint(passage: str) -> str:
    """The key under which two passages count as the same (case and spacing ignored)."""
    return SPACES.sub(" ", passage).strip().casefold()


@dataclass
class Segment:
    """A kept paragraph (less its dateline): where it starts in the parsed text and in the article text."""

    parse_start: int
    start: int
    length: int
    count: int = 1


@dataclass
class Prepared:
    """The article text, the deduplicated text to parse, the map between them, and the
    datelines left out of the parse (in text order, offsets in ``text``)."""

    text: str
    parse_text: str
    segments: list[Segment] = field(default_factory=list)
    datelines: list[Dateline] = field(default_factory=list)

    @functools.cached_property
    def _starts(self) -> list[int]:
        return [s.parse_start for s in self.segments]

    def _segment_at(self, offset: int) -> Segment:
        return self.segments[max(bisect_right(self._starts, offset) - 1, 0)]

    def to_text_offset(self, offset: int) -> int:
        """Map a character offset in ``parse_text`` to the same character in ``text``."""
        segment = self._segment_at(offset)
        return segment.start + (offset - segment.parse_start)

    def to_text_end(self, offset: int) -> int:
        """Map the end (exclusive) of a span of ``parse_text`` to the article text: a span that ends
        with the line break before a paragraph ends before the paragraph's dateline, not after it.

        >>> p = prepare("Rain fell.\\nKABUL (AP) - Troops left.")
        >>> p.to_text_offset(11), p.to_text_end(11), p.text[:p.to_text_end(11)]
        (24, 11, 'Rain fell.\\n')
        """
        end = self.to_text_offset(offset)
        return next((d.start for d in self.datelines if d.end == end), end)

    def count_at(self, offset: int) -> int:
        """How many times the paragraph holding ``offset`` (in ``parse_text``) occurred."""
        return self._segment_at(offset).count

    def dateline_before(self, offset: int) -> Dateline | None:
        """The last dateline that starts at or before ``offset`` (in ``text``), or None: the one
        the paragraph holding ``offset`` was filed under.

        >>> p = prepare("KABUL (AP) - Rain fell.\\nTroops left.\\nMOSCOW (AP) - Talks began.")
        >>> [p.dateline_before(o).place for o in (20, 30, 50)], p.dateline_before(0).agency
        (['KABUL', 'KABUL', 'MOSCOW'], 'AP')
        """
        before = [d for d in self.datelines if d.start <= offset]
        return before[-1] if before else None

    def agency(self) -> str | None:
        """The agency of the article's first dateline that names one, or None."""
        return next((d.agency for d in self.datelines if d.agency), None)


def prepare(text: str) -> Prepared:
    """Normalise ``text``, set datelines aside and collapse repeated paragraphs (see module docstring)."""
    text = normalise(text)
    kept: dict[str, Segment] = {}
    datelines: list[Dateline] = []
    pieces: list[str] = []
    cursor = 0
    position = 0
    blank = False  # whether a blank line came before the paragraph
    for match in [*PARAGRAPH_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        start = position
        found = dateline(text[start:end])
        if found is not None:
            datelines.append(found.shifted(start))
            start += found.end
        paragraph = text[start:end]
        key = fingerprint(paragraph)
        if key:
            if key in kept:
                kept[key].count += 1
            else:
                if pieces:  # a blank line stays one: no sentence runs across it (``pipeline/headline.py``)
                    pieces.append("\n\n" if blank else "\n")
                    cursor += len(pieces[-1])
                kept[key] = Segment(parse_start=cursor, start=start, length=len(paragraph))
                pieces.append(paragraph)
                cursor += len(paragraph)
        if match:
            position = match.end()
            blank = match.group().count("\n") > 1
    return Prepared(text=text, parse_text="".join(pieces), segments=list(kept.values()), datelines=datelines)
