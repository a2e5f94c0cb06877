"""Headlines: which lines of a text are headlines, and a spaCy component that ends a sentence after each
(and after each blank line).

A **headline** is a line of the text (the text between two line breaks) that

- stands alone: it opens the text, or follows a blank line or a line that ends a sentence;
- does not end a sentence itself: no final ``. ! ? : ; ,`` (quotes and brackets after it aside);
- has at most ``MAX_WORDS`` words;
- holds no sentence's end ("... on Monday. The");
- is followed by a line (a headline heads something: the last line of a longer text, without its stop,
  is a story cut short), unless it is the text's only line;
- is followed by nothing, a blank line, or a line that does not open in lower case (so the first line of
  a paragraph wrapped mid-sentence, "Thousands marched in Caracas on Monday" + "and in other cities", is
  no headline);
- in a text wrapped in short lines (most of its lines, ``WRAPPED_LINES`` or more, lack final
  punctuation), is also in capitals or in Title Case, and shorter than ``WRAPPED_SHARE`` of the longest
  line: there a line without a stop is usually cut mid-sentence.

A one-line text without final punctuation ("Rebels shell town in east") is a headline; so are a
title and a wire slug written above the story. Headline grammar is handled where it trips the coder:
the sentence boundary after the line (spaCy's parser otherwise runs the headline into the story's first
sentence), its casing before the parse (:mod:`~eventwire.pipeline.truecase`: Title Case and capitals
recased, a common first word put in lower case) and the "to"-future ("Putin to visit China": future,
:mod:`~eventwire.attributes.modality`).

An article's ``title`` field (the HTML, feed, CSV and JSONL readers give one) is not coded: events
point into the article's text, and a title is no part of it (the HTML reader takes a headline that
opens the page's text off it as its title). A headline written as the text's first line is coded.

>>> text = "Rebels shell town in east\\nRebels shelled a town in the east on Monday, officials said."
>>> [text[start:end] for start, end in headlines(text)]
['Rebels shell town in east']
>>> headlines("Thousands marched in Caracas on Monday\\nand in other cities, police said.")
[]
>>> title_case("Russia Accuses Ukraine Of Sabotage"), title_case("Putin meets Xi in Beijing")
(True, False)
"""

from __future__ import annotations

import bisect
import re

from spacy.language import Language
from spacy.tokens import Doc

MAX_WORDS = 20  # a longer line is a sentence of the story that lacks its stop
TITLE_WORDS = 3  # a line in Title Case has at least this many words of 4 letters or more
WRAPPED_LINES = 3  # a text of this many lines or more, most without final punctuation, is wrapped
WRAPPED_SHARE = 2 / 3  # a headline over wrapped text is shorter than this share of its longest line

ENDS_SENTENCE = re.compile(r"[.!?:;,…][\"'”’)\]]*\s*$")
INNER_END = re.compile(r"[^\W\d_]{2}[.!?][\"'”’)\]]*\s+[\"'“‘(]*[A-Z]")
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
BLANK_LINE = re.compile(r"\n[^\S\n]*\n\s*")  # a blank line (and what space follows it)
COMPONENT = "eventwire_headlines"


def headlines(text: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of the headline lines of ``text`` (see the module docstring)."""
    lines, start = [], 0
    for line in text.split("\n"):
        lines.append((start, line))
        start += len(line) + 1
    full = [line for _, line in lines if line.strip()]
    wrapped = len(full) >= WRAPPED_LINES and 2 * sum(not ENDS_SENTENCE.search(line) for line in full) > len(full)
    width = max(map(len, full), default=0)
    last = max((i for i, (_, line) in enumerate(lines) if line.strip()), default=-1)
    found: list[tuple[int, int]] = []
    alone = True  # the line before ended a sentence, was blank, or there was none
    for i, (start, line) in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            alone = True
            continue
        ends = bool(ENDS_SENTENCE.search(stripped))
        following = lines[i + 1][1].lstrip() if i + 1 < len(lines) else ""
        if i == last and len(full) > 1:
            break  # the end of a story cut short, not a headline
        shaped = (title_case(stripped) or stripped.isupper()) and len(stripped) < WRAPPED_SHARE * width
        if (alone and not ends and len(WORD.findall(stripped)) <= MAX_WORDS and not following[:1].islower()
                and not INNER_END.search(stripped) and (not wrapped or shaped)):
            found.append((start, start + len(line)))
            ends = True
        alone = ends
    return found


def title_case(line: str) -> bool:
    """Whether ``line`` is written in Title Case: all its words of 4 letters or more capitalised (at least
    ``TITLE_WORDS`` of them), and its last word ("... Central African Republic, or" is cut from a sentence)."""
    words = WORD.findall(line)
    long = [w for w in words if len(w) >= 4]
    return len(long) >= TITLE_WORDS and all(w[0].isupper() for w in long) and words[-1][0].isupper()


@Language.component(COMPONENT)
def headline_breaks(doc: Doc) -> Doc:
    """A sentence starts after each headline line, and after each blank line (no sentence runs on
    into the next paragraph, stop or no stop, as in archives that lost their punctuation): put before
    the parser, which keeps the boundary.

    >>> from eventwire.nlp import load
    >>> nlp = load()
    >>> doc = headline_breaks(nlp.make_doc("Rebels shell town in east\\nRebels shelled a town."))
    >>> [t.text for t in doc if t.is_sent_start]
    ['Rebels', 'Rebels']
    >>> doc = headline_breaks(nlp.make_doc("police lobbed tear gas\\n\\nthe mob fled"))
    >>> [t.text for t in doc if t.is_sent_start]
    ['police', 'the']
    """
    found = headlines(doc.text)
    breaks = [match.end() for match in BLANK_LINE.finditer(doc.text)]  # where a paragraph starts
    if not found and not breaks:
        return doc
    starts = [t.idx for t in doc]
    for start, end in found:
        breaks += [start, end]  # the headline's first token, and the first after it
    for offset in breaks:
        i = bisect.bisect_left(starts, offset)
        while i < len(doc) and doc[i].is_space:
            i += 1
        if i < len(doc):
            doc[i].is_sent_start = True
    return doc


def add_to(nlp: Language) -> None:
    """Put :func:`headline_breaks` in ``nlp`` before its parser, once (nothing without a parser)."""
    if COMPONENT not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe(COMPONENT, before="parser")
