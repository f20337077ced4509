"""Normalisation for matching: a source's matching settings (manifest ``matching``), the stretches
of its text that normalised matching skips, and the normalised form of a quote or of a text.

*normalised* matching (docs/anchoring.md) removes, on both sides, (1) the spans the source's
manifest declares as running heads or inline footnote markers, (2) superscript digits (footnote
markers) and format characters (Unicode category Cf: BOM, zero-width space, soft hyphen), and (3)
replaces each code point by its NFKC form (Unicode UAX #15), which folds full-width and half-width
forms: 「，」→「,」, 「０」→「0」, 「（」→「(」. Each setting can be switched off per source. Radical
look-alikes that PDF text extraction produces (Kangxi Radicals, CJK Radicals Supplement: ⼒ ⺠ for
力 民) are folded to their unified ideographs on both sides in any case (:mod:`argmap.evidence.radicals`).

A source made by ``argmap source add`` also has a :class:`Layout` (manifest ``derived``): its pages
and the running heads, footnote bands and markers found in the PDF, which matching skips too.

Manifest patterns are compiled with the ``regex`` module (its default mode is compatible with
Python's ``re``) because it can bound the time of one match: each application of a pattern to a
source text or a quote stops after ``Matching.timeout`` seconds with :class:`PatternTimeout`, so a
pattern with catastrophic backtracking cannot hang a run (docs/security.md).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from array import array
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator, Literal

import regex

from argmap.evidence.radicals import fold_radical
from argmap.evidence.text import strip_space
from argmap.model.limits import DEFAULT_LIMITS

SUPERSCRIPT_DIGITS = frozenset("⁰¹²³⁴⁵⁶⁷⁸⁹")


@lru_cache(maxsize=4096)
def _fold(ch: str) -> str:
    """NFKC of ``ch``, a radical look-alike first replaced by its unified ideograph (radicals.py)."""
    return unicodedata.normalize("NFKC", fold_radical(ch))


@dataclass(frozen=True, slots=True)
class PageRule:
    """Page markers of a source (manifest ``matching.pages``).

    ``marker`` matches a printed page number with a named group ``page``; ``brk`` matches a page
    break. With ``at="start"`` the marker is a header: its page runs from the marker to the first
    page break after the text that follows it. With ``at="end"`` it is a footer: its page runs from
    the last page break before the text that precedes it to the marker.
    Text on pages without a marker has no page (argmap never guesses one)."""

    marker: regex.Pattern[str]
    brk: regex.Pattern[str]
    at: Literal["start", "end"] = "start"


@dataclass(frozen=True, slots=True)
class Layout:
    """Pages and bands that ``argmap source add`` derived from a PDF (manifest ``derived``), in
    code-point offsets of the text whose SHA-256 is ``sha256``.

    ``pages`` holds one ``(start, label)`` per page (label as printed, ``None`` when unknown),
    in text order; ``spans`` holds ``(start, end, kind)`` stretches that normalised matching
    skips, kind ``"running head"``, ``"footnote band"`` or ``"footnote marker"``; ``labels`` says
    where the labels come from (``"pdf"``, ``"printed"``, ``"physical"``). A text whose hash is
    not ``sha256`` gets none of it (:attr:`argmap.evidence.sources.SourceText.layout_stale`)."""

    pages: tuple[tuple[int, str | None], ...] = ()
    spans: tuple[tuple[int, int, str], ...] = ()
    labels: str = "printed"
    sha256: str = ""


class PatternTimeout(Exception):
    """A manifest pattern ran longer than ``Matching.timeout`` seconds on one text.

    ``pattern`` is the pattern's source text and ``where`` says what it was applied to
    (``"the source"`` or ``"a quote"``)."""

    def __init__(self, pattern: str, where: str, seconds: float) -> None:
        super().__init__(f"the manifest pattern {pattern!r} ran longer than {seconds:g} s on {where}")
        self.pattern = pattern
        self.where = where
        self.seconds = seconds


@dataclass(frozen=True, slots=True)
class Matching:
    """How a source is normalised for matching (manifest ``matching``; defaults in brackets).

    width [True]: NFKC per code point. superscripts [True]: ignore ⁰–⁹. footnotes [()]: patterns of
    inline footnote markers to ignore. running_heads [()]: patterns of running heads to ignore.
    pages [None]: page markers. layout [None]: pages and bands derived by ``argmap source add``
    (used instead of ``pages`` when present). timeout [``Limits.regex_timeout``, 2 s]: the longest
    one pattern may run on one text (a run setting, not a manifest field)."""

    width: bool = True
    superscripts: bool = True
    footnotes: tuple[regex.Pattern[str], ...] = ()
    running_heads: tuple[regex.Pattern[str], ...] = ()
    pages: PageRule | None = None
    layout: Layout | None = None
    timeout: float = DEFAULT_LIMITS.regex_timeout

    def finditer(self, pattern: regex.Pattern[str], text: str, where: str = "the source") -> Iterator[regex.Match[str]]:
        """``pattern.finditer(text)`` within :attr:`timeout` seconds in all.

        Raises
        ------
        PatternTimeout
            The pattern took longer.
        """
        try:
            yield from pattern.finditer(text, timeout=self.timeout)
        except TimeoutError:
            raise PatternTimeout(pattern.pattern, where, self.timeout) from None

    def sub(self, pattern: regex.Pattern[str], text: str, where: str = "a quote") -> str:
        """``pattern.sub("", text)`` within :attr:`timeout` seconds; raises :class:`PatternTimeout`."""
        try:
            return pattern.sub("", text, timeout=self.timeout)
        except TimeoutError:
            raise PatternTimeout(pattern.pattern, where, self.timeout) from None


DEFAULT_MATCHING = Matching()


@dataclass(frozen=True, slots=True)
class Ignored:
    """A stretch of the original text that normalised matching skips: ``kind`` is
    ``"running head"``, ``"footnote band"``, ``"footnote marker"`` or ``"superscript"``; ``text`` is
    what it holds; ``derived`` when it comes from the layout ``argmap source add`` derived."""

    start: int
    end: int
    kind: str
    text: str
    derived: bool = False  # from the manifest's derived layout (argmap source add), not a pattern



def find_ignored(text: str, matching: Matching, layout: Layout | None = None) -> list[Ignored]:
    """The stretches of ``text`` that normalised matching skips (running heads and footnote markers
    by the manifest's patterns, superscript digits, and the spans of ``layout``, the derived layout
    when it was made for this text), sorted by position. Stretches may overlap.

    Raises
    ------
    PatternTimeout
        A manifest pattern ran longer than ``matching.timeout`` on the text.
    """
    out: list[Ignored] = []
    mt = matching
    for kind, patterns in (("running head", mt.running_heads), ("footnote marker", mt.footnotes)):
        for p in patterns:
            out += [Ignored(m.start(), m.end(), kind, m.group()) for m in mt.finditer(p, text)
                    if m.end() > m.start()]
    if mt.superscripts:
        for m in re.finditer("[⁰¹²³⁴⁵⁶⁷⁸⁹]+", text):
            out.append(Ignored(m.start(), m.end(), "superscript", m.group()))
    if layout is not None:
        n = len(text)
        out += [Ignored(a, b, kind, text[a:b], True) for a, b, kind in layout.spans if 0 <= a < b <= n]
    return sorted(out, key=lambda i: (i.start, i.end))


def normalise(quote: str, matching: Matching) -> str:
    """``quote`` normalised as a source with these settings is (see the module docstring).

    Raises
    ------
    PatternTimeout
        A manifest pattern ran longer than ``matching.timeout`` on the quote.
    """
    mt = matching
    for p in (*mt.running_heads, *mt.footnotes):
        quote = mt.sub(p, quote)
    out = []
    for ch in strip_space(quote):
        if (mt.superscripts and ch in SUPERSCRIPT_DIGITS) or unicodedata.category(ch) == "Cf":
            continue
        out.append(strip_space(_fold(ch)) if mt.width else fold_radical(ch))
    return "".join(out)


def normalised_index(squeezed: str, offsets: array, ignored: tuple[Ignored, ...],
                     matching: Matching) -> tuple[str, array]:
    """The normalised text and, for each of its positions, the original offset, from the
    whitespace-free text ``squeezed`` and the original offset of each of its positions.

    Built in slices: ignored stretches are cut out (a few slices), then every code point is mapped
    through one translation table; only code points whose normal form is not exactly one character
    (「…」→「...」, Cf → nothing) are handled one by one."""
    base_parts: list[str] = []
    base_offs = array("l")
    last = 0
    for g in ignored:
        a = bisect.bisect_left(offsets, g.start)
        b = bisect.bisect_left(offsets, g.end)
        if a < last:
            a = last
        base_parts.append(squeezed[last:a])
        base_offs.extend(offsets[last:a])
        last = max(last, b)
    base_parts.append(squeezed[last:])
    base_offs.extend(offsets[last:])
    base = "".join(base_parts)
    table: dict[int, str] = {}
    special: list[str] = []
    for ch in set(base):
        if ch.isascii():
            continue
        f = "" if unicodedata.category(ch) == "Cf" else (strip_space(_fold(ch)) if matching.width else fold_radical(ch))
        if len(f) != 1:
            special.append(ch)
        elif f != ch:
            table[ord(ch)] = f
    if not special:
        return base.translate(table), base_offs
    parts: list[str] = []
    offs = array("l")
    last = 0
    for m in re.finditer("[" + re.escape("".join(special)) + "]", base):
        i = m.start()
        parts.append(base[last:i].translate(table))
        offs.extend(base_offs[last:i])
        f = "" if unicodedata.category(base[i]) == "Cf" else strip_space(_fold(base[i]) if matching.width else fold_radical(base[i]))
        parts.append(f)
        offs.extend([base_offs[i]] * len(f))
        last = i + 1
    parts.append(base[last:].translate(table))
    offs.extend(base_offs[last:])
    return "".join(parts), offs
