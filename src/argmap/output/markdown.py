"""Text from maps inside Markdown reports (compare, matrix, classify).

A map's titles, claims, quotes and notes are written by anyone: in a Markdown report they must stay
text. CommonMark passes raw HTML through (``<script>``, ``<img onerror=…>``), turns ``[x](url)``
into a link, and a line break followed by ``#`` or ``|`` starts a heading or a table row, so a
title could restructure the report. :func:`md` makes a string inert: line breaks become spaces and
every character with a meaning in CommonMark or a GFM table is escaped with a backslash, which
CommonMark defines for any ASCII punctuation (the text is shown unchanged).
"""

from __future__ import annotations

import re

#: Line breaks Markdown (or a reader's editor) may take for one: LF, CR, VT, FF, NEL, LS, PS.
_BREAKS = re.compile("\r\n|[\n\r\x0b\x0c\x85\u2028\u2029]")
#: ASCII punctuation with a meaning in CommonMark or GFM: HTML and entities (< > &), links and
#: images ([ ] !), emphasis and code (* _ ` ~), tables (|), headings (# after a space: it would
#: start or close a heading), and the escape itself. An underscore between two letters or digits
#: (``002_a75.txt``) cannot start or end emphasis, nor ``#`` inside a word (``lin2013#K0``): they
#: are left as they are.
_SPECIAL = re.compile(r"([\\<>&\[\]!*`~|]|(?<!\S)#|(?<![^\W_])_|_(?![^\W_]))")


def md(text: str) -> str:
    """``text`` as inert Markdown inline text, on one line (see the module docstring)."""
    return _SPECIAL.sub(r"\\\1", _BREAKS.sub(" ", text))
