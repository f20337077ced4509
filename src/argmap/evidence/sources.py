"""Source texts: one file's text indexed for quote search, with its selectors, pages and context.

A scholar copies a sentence from a PDF viewer and pastes it as a quote. The text extracted from the
same PDF breaks that sentence across lines and pages, glues footnote markers into it, may print a
running head in the middle of it, and mixes full- and half-width punctuation. :class:`SourceText`
indexes a source text once so that a quote is found in spite of all that, and reports where it is
**in the original file**. Its parts live beside it: :mod:`argmap.evidence.text` (lines, columns,
spans), :mod:`argmap.evidence.matching` (the manifest's settings and normalisation),
:mod:`argmap.evidence.pages` (page markers), :mod:`argmap.evidence.context` (sentences around a
passage) and :mod:`argmap.evidence.near` (near misses); their public names can also be imported
from here.

Offsets
    Every offset is a code-point offset into the file decoded from UTF-8 with nothing removed or
    translated (``path.read_bytes().decode("utf-8")``, which equals
    ``open(path, encoding="utf-8", newline="").read()``), so ``text[start:end]`` in Python is the
    passage. ``end`` is exclusive. Lines are 1-based and end at ``"\\n"``; columns are 1-based code
    points. These are the offsets of a W3C TextPositionSelector (https://www.w3.org/TR/annotation-model/#text-position-selector).

Two levels of matching (docs/anchoring.md)
    *exact*: quote and text are compared with all whitespace removed (``str.isspace``: spaces,
    tabs, line breaks, U+3000). Line breaks and page breaks are layout, not the author's words.

    *normalised*: additionally, on both sides, the running heads and footnote markers the manifest
    declares, superscript digits and format characters are removed, and each code point is replaced
    by its NFKC form (:mod:`argmap.evidence.matching`).

Every position of the whitespace-free and the normalised strings maps back to the original offset
of the code point it came from, so a match at either level reports the exact original span.
"""

from __future__ import annotations

import bisect
from array import array
from typing import Callable

from argmap.evidence.context import SENTENCE_END, sentence_context
from argmap.evidence.matching import (DEFAULT_MATCHING, SUPERSCRIPT_DIGITS, Ignored, Layout, Matching, PageRule,
                                      PatternTimeout, find_ignored, normalise, normalised_index)
from argmap.evidence.near import NearMiss, char_diff, format_diff, near_miss
from argmap.evidence.pages import layout_page_at, page_at, page_ranges
from argmap.evidence.text import _NON_SPACE, Span, join_lines, line_col, line_starts, strip_space

__all__ = [
    "CONTEXT_CHARS", "DEFAULT_MATCHING", "SENTENCE_END", "SUPERSCRIPT_DIGITS", "Ignored", "Layout", "Matching", "NearMiss",
    "PageRule", "PatternTimeout", "SourceText", "Span", "char_diff", "format_diff", "join_lines", "line_col",
    "line_starts", "strip_space",
]

#: Length of the prefix and suffix of a TextQuoteSelector, in code points (whitespace excluded).
CONTEXT_CHARS = 16


class SourceText:
    """One source file's text, indexed for exact and normalised matching. Immutable after
    construction; build it once per run (:class:`argmap.load.corpus.SourceCache` does).

    Attributes
    ----------
    text : str
        The file as decoded from UTF-8 (nothing removed).
    sha256 : str
        Hex SHA-256 of the file's bytes ('' when built from a string).
    matching : Matching
        The normalisation settings.
    ignored : tuple[Ignored, ...]
        What normalised matching skips, in text order.
    layout : Layout | None
        The manifest's derived layout, when it was made for this text (same SHA-256).
    layout_stale : bool
        The manifest has a derived layout, made for another version of the text: it is not used.

    Raises
    ------
    PatternTimeout
        (from the constructor and :meth:`read`) A manifest pattern ran longer than
        ``matching.timeout`` seconds on the text.
    """

    def __init__(self, text: str, matching: Matching = DEFAULT_MATCHING, sha256: str = "") -> None:
        self.text = text
        self.sha256 = sha256
        self.matching = matching
        layout = matching.layout
        self.layout_stale = layout is not None and bool(sha256) and layout.sha256 != sha256
        self.layout = None if layout is None or self.layout_stale else layout
        self._page_starts = [p[0] for p in self.layout.pages] if self.layout else []
        self.line_starts = line_starts(text)
        # the whitespace-free text is kept as runs: run k starts at squeezed[_run_sq[k]] and at
        # text[_run_orig[k]]; a position maps back by bisection (no array of one offset per character)
        chunks: list[str] = []
        run_sq: list[int] = []
        run_orig: list[int] = []
        at = 0
        for m in _NON_SPACE.finditer(text):
            chunk = m.group()
            chunks.append(chunk)
            run_sq.append(at)
            run_orig.append(m.start())
            at += len(chunk)
        self.squeezed = "".join(chunks)
        self._run_sq, self._run_orig = run_sq, run_orig
        self._offsets: array | None = None
        self.ignored = tuple(find_ignored(text, matching, self.layout))
        self._ignored_starts = [g.start for g in self.ignored]
        self._normal: tuple[str, array] | None = None  # built on first use: a clean check never needs it
        self._pages = page_ranges(text, matching)

    @property
    def offsets(self) -> array:
        """For each position of :attr:`squeezed`, the original code-point offset (built on first use)."""
        if self._offsets is None:
            offsets = array("l")
            ends = self._run_sq[1:] + [len(self.squeezed)]
            for sq, orig, end in zip(self._run_sq, self._run_orig, ends):
                offsets.extend(range(orig, orig + end - sq))
            self._offsets = offsets
        return self._offsets

    def original_offset(self, i: int) -> int:
        """The original offset of ``squeezed[i]`` (``offsets[i]``, by bisection over the runs)."""
        k = bisect.bisect_right(self._run_sq, i) - 1
        return self._run_orig[k] + i - self._run_sq[k]

    def squeezed_at(self, offset: int) -> int:
        """The first position of :attr:`squeezed` whose original offset is ``>= offset``
        (``bisect_left(offsets, offset)``, by bisection over the runs)."""
        k = bisect.bisect_right(self._run_orig, offset) - 1
        if k < 0:
            return 0
        inside = offset - self._run_orig[k]
        end = self._run_sq[k + 1] if k + 1 < len(self._run_sq) else len(self.squeezed)
        return min(self._run_sq[k] + inside, end)

    @property
    def normal(self) -> str:
        """The normalised text (whitespace and ignored stretches removed, NFKC per code point)."""
        if self._normal is None:
            self._normal = self._normalised_index()
        return self._normal[0]

    @property
    def noffsets(self) -> array:
        """For each position of :attr:`normal`, the original code-point offset."""
        if self._normal is None:
            self._normal = self._normalised_index()
        return self._normal[1]

    def _normalised_index(self) -> tuple[str, array]:
        """The normalised text and, for each of its positions, the original offset."""
        return normalised_index(self.squeezed, self.offsets, self.ignored, self.matching)

    # -- positions -------------------------------------------------------------------------------

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of code-point ``offset``."""
        return line_col(self.line_starts, offset)

    def span(self, start: int, end: int) -> Span:
        """The :class:`Span` of ``text[start:end]``."""
        line, col = self.line_col(start)
        end_line = self.line_col(max(start, end - 1))[0]
        return Span(start, end, line, col, end_line)

    def page_at(self, offset: int) -> int | str | None:
        """The page label of ``offset``: from the derived layout (a label of digits as an int),
        else by the manifest's page markers; ``None`` when that page has no label or marker (or
        the source declares none)."""
        if self.layout is not None:
            return layout_page_at(self.layout, self._page_starts, offset)
        return page_at(self._pages, offset)

    def page_span(self, start: int, end: int) -> tuple[int | str | None, int | str | None]:
        """(``page``, ``page_end``) of ``text[start:end]``: the page of its first non-whitespace
        character, and the page of its last one when that is another page (else ``None``)."""
        i = self.squeezed_at(start)
        first = self.original_offset(i) if i < len(self.squeezed) and self.original_offset(i) < end else start
        j = self.squeezed_at(end) - 1
        last = self.original_offset(j) if 0 <= j < len(self.squeezed) and self.original_offset(j) >= first else first
        page = self.page_at(first)
        if self.layout is not None:
            k1 = bisect.bisect_right(self._page_starts, first)
            k2 = bisect.bisect_right(self._page_starts, last)
            return page, (self.page_at(last) if k2 != k1 else None)
        page_end = self.page_at(last)
        return page, (page_end if page_end != page else None)

    # -- normalisation ---------------------------------------------------------------------------

    def normalise(self, quote: str) -> str:
        """``quote`` normalised as this source's text is (:func:`argmap.evidence.matching.normalise`).

        Raises
        ------
        PatternTimeout
            A manifest pattern ran longer than ``matching.timeout`` on the quote.
        """
        return normalise(quote, self.matching)

    def ignored_within(self, start: int, end: int) -> list[Ignored]:
        """The ignored stretches that lie inside ``text[start:end]`` (not touching its ends)."""
        i = bisect.bisect_left(self._ignored_starts, start)
        out = []
        for g in self.ignored[i:]:
            if g.start >= end:
                break
            if g.start > start and g.end <= end:
                out.append(g)
        return out

    def visible(self, start: int, end: int) -> str:
        """``text[start:end]`` without the ignored stretches that lie inside it (whitespace kept)."""
        parts, i = [], start
        for g in self.ignored_within(start, end):  # stretches may overlap (a superscript inside a band)
            if g.start > i:
                parts.append(self.text[i:g.start])
            i = max(i, g.end)
        parts.append(self.text[i:end])
        return "".join(parts)

    # -- search ----------------------------------------------------------------------------------

    def find_all(self, quote: str, limit: int = 1000) -> list[Span]:
        """Every exact occurrence of ``quote`` (whitespace ignored on both sides), as original spans;
        empty when the quote is not found or is only whitespace."""
        return self._find(strip_space(quote), self.squeezed, self.original_offset, limit)

    def find_normalised(self, quote: str, limit: int = 1000) -> list[Span]:
        """Every occurrence of ``quote`` after normalisation of both sides, as original spans."""
        return self._find(self.normalise(quote), self.normal, self.noffsets.__getitem__, limit)

    def _find(self, needle: str, hay: str, orig: Callable[[int], int], limit: int) -> list[Span]:
        """Occurrences of ``needle`` in ``hay`` (the squeezed or normalised text; ``orig`` maps its
        positions to original offsets), as original spans."""
        if not needle:
            return []
        out: list[Span] = []
        n = len(needle)
        i = hay.find(needle)
        while i != -1 and len(out) < limit:
            out.append(self.span(orig(i), orig(i + n - 1) + 1))
            i = hay.find(needle, i + 1)
        return out

    def matches_at(self, quote: str, start: int, end: int) -> bool:
        """True when ``text[start:end]`` is ``quote``: equal with whitespace ignored, or equal
        after normalisation."""
        if not 0 <= start <= end <= len(self.text):
            return False
        passage = self.text[start:end]
        return strip_space(passage) == strip_space(quote) or (
            self.normal_slice(start, end) == self.normalise(quote) != "")

    def normal_slice(self, start: int, end: int) -> str:
        """The normalised text of ``text[start:end]`` (ignored stretches inside it removed)."""
        a = bisect.bisect_left(self.noffsets, start)
        b = bisect.bisect_left(self.noffsets, end)
        return self.normal[a:b]

    # -- selectors and context -------------------------------------------------------------------

    def quote_context(self, start: int, end: int, width: int = CONTEXT_CHARS) -> tuple[str, str]:
        """(prefix, suffix) of a W3C TextQuoteSelector for ``text[start:end]``: up to ``width``
        non-whitespace code points before ``start`` and after ``end``."""
        a, b = self.squeezed_at(start), self.squeezed_at(end)
        return self.squeezed[max(0, a - width):a], self.squeezed[b:b + width]

    def context(self, start: int, end: int, sentences: int = 1) -> tuple[str, str, str]:
        """(before, passage, after): ``text[start:end]`` with up to ``sentences`` sentences on each
        side (:func:`argmap.evidence.context.sentence_context`)."""
        return sentence_context(self.text, start, end, sentences)

    def near_miss(self, quote: str, cutoff: float = 60.0) -> NearMiss | None:
        """The passage most like ``quote``, when its similarity is at least ``cutoff`` percent
        (:func:`argmap.evidence.near.near_miss`: a few milliseconds per quote; run it only for
        quotes not found otherwise)."""
        return near_miss(self, quote, cutoff)
