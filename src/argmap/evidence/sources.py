"""Source texts: normalisation for matching, quote search, selectors, pages, context, near misses.

A scholar copies a sentence from a PDF viewer and pastes it as a quote. The text extracted from the
same PDF breaks that sentence across lines and pages, glues footnote markers into it, may print a
running head in the middle of it, and mixes full- and half-width punctuation. This module indexes a
source text once so that a quote is found in spite of all that, and reports where it is **in the
original file**.

Offsets
    Every offset is a code-point offset into the file decoded from UTF-8 with nothing removed or
    translated (``path.read_bytes().decode("utf-8")``, which equals
    ``open(path, encoding="utf-8", newline="").read()``), so ``text[start:end]`` in Python is the
    passage. ``end`` is exclusive. Lines are 1-based and end at ``"\\n"``; columns are 1-based code
    points. These are the offsets of a W3C TextPositionSelector (https://www.w3.org/TR/annotation-model/#text-position-selector).

Two levels of matching (docs/anchoring.md)
    *exact*: quote and text are compared with all whitespace removed (``str.isspace``: spaces,
    tabs, line breaks, U+3000). Line breaks and page breaks are layout, not the author's words.

    *normalised*: additionally, on both sides, (1) the spans the source's manifest declares as
    running heads or inline footnote markers are removed, (2) superscript digits (footnote markers)
    and format characters (Unicode category Cf: BOM, zero-width space, soft hyphen) are removed, and
    (3) each code point is replaced by its NFKC form (Unicode UAX #15), which folds full-width and
    half-width forms: 「，」→「,」, 「０」→「0」, 「（」→「(」. Each setting can be switched off per source.

Every position of the whitespace-free and the normalised strings maps back to the original offset
of the code point it came from, so a match at either level reports the exact original span.

Manifest patterns are compiled with the ``regex`` module (its default mode is compatible with
Python's ``re``) because it can bound the time of one match: each application of a pattern to a
source text or a quote stops after ``Matching.timeout`` seconds with :class:`PatternTimeout`, so a
pattern with catastrophic backtracking cannot hang a run (docs/security.md).
"""

from __future__ import annotations

import bisect
import hashlib
import re
import unicodedata
from array import array
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator, Literal

import regex

from argmap.model.limits import DEFAULT_LIMITS
from argmap.evidence.radicals import fold_radical

_NON_SPACE = re.compile(r"\S+")
SUPERSCRIPT_DIGITS = frozenset("⁰¹²³⁴⁵⁶⁷⁸⁹")
#: Characters that end a sentence, for :meth:`SourceText.context`.
SENTENCE_END = frozenset("。！？!?；")
#: Length of the prefix and suffix of a TextQuoteSelector, in code points (whitespace excluded).
CONTEXT_CHARS = 16


def strip_space(text: str) -> str:
    """``text`` without any whitespace characters."""
    return "".join(_NON_SPACE.findall(text))


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
    not ``sha256`` gets none of it (:attr:`SourceText.layout_stale`)."""

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
class Span:
    """An occurrence in the original text: ``start``/``end`` code-point offsets (``end`` exclusive),
    1-based ``line`` and ``column`` of ``start``, and the 1-based line of the last character."""

    start: int
    end: int
    line: int
    column: int
    end_line: int


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


@dataclass(frozen=True, slots=True)
class NearMiss:
    """The passage closest to a quote that was not found.

    ``span`` is the passage in the original text, ``passage`` its text with whitespace and ignored
    stretches (running heads, footnote markers) removed,
    ``similarity`` the normalised Levenshtein similarity of quote and passage in percent (100 =
    identical after normalisation), ``diff`` the character-level edit operations as
    ``(op, quote_part, passage_part)`` with op ``"replace"``, ``"delete"`` (in the quote only) or
    ``"insert"`` (in the passage only), ``kind`` what the difference looks like (``"variant"``:
    Simplified/Traditional or other character variants; ``"footnote"``: digits only;
    ``"punctuation"``: punctuation only; ``"insertion"``: the source has more text inside the
    passage, e.g. an undeclared running head; ``"other"``), and ``unique`` whether no other passage comes
    within 2 points of it."""

    span: Span
    passage: str
    similarity: float
    diff: tuple[tuple[str, str, str], ...]
    kind: str
    unique: bool


def _is_punct(s: str) -> bool:
    return bool(s) and all(unicodedata.category(c).startswith("P") for c in s)


def line_starts(text: str) -> list[int]:
    """Code-point offset of the start of each line of ``text`` (``[0, …]``; lines end with ``\\n``)."""
    return [0] + [m.end() for m in re.finditer("\n", text)]


def line_col(starts: list[int], offset: int) -> tuple[int, int]:
    """1-based (line, column) of code-point ``offset``, given :func:`line_starts` of the text."""
    i = bisect.bisect_right(starts, offset) - 1
    return i + 1, offset - starts[i] + 1


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
        self.ignored = tuple(self._find_ignored())
        self._ignored_starts = [g.start for g in self.ignored]
        self._normal: tuple[str, array] | None = None  # built on first use: a clean check never needs it
        self._pages = self._page_ranges()

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

    @classmethod
    def read(cls, path: Path, matching: Matching = DEFAULT_MATCHING) -> "SourceText":
        """Read a UTF-8 file.

        Raises
        ------
        OSError
            The file cannot be opened or read.
        UnicodeDecodeError
            The file is not UTF-8.
        """
        raw = path.read_bytes()
        return cls(raw.decode("utf-8"), matching, hashlib.sha256(raw).hexdigest())

    def _normalised_index(self) -> tuple[str, array]:
        """The normalised text and, for each of its positions, the original offset.

        Built from the whitespace-free text in slices: ignored stretches are cut out (a few
        slices), then every code point is mapped through one translation table; only code points
        whose normal form is not exactly one character (「…」→「...」, Cf → nothing) are handled
        one by one."""
        base_parts: list[str] = []
        base_offs = array("l")
        last = 0
        for g in self.ignored:
            a = bisect.bisect_left(self.offsets, g.start)
            b = bisect.bisect_left(self.offsets, g.end)
            if a < last:
                a = last
            base_parts.append(self.squeezed[last:a])
            base_offs.extend(self.offsets[last:a])
            last = max(last, b)
        base_parts.append(self.squeezed[last:])
        base_offs.extend(self.offsets[last:])
        base = "".join(base_parts)
        table: dict[int, str] = {}
        special: list[str] = []
        for ch in set(base):
            if ch.isascii():
                continue
            f = "" if unicodedata.category(ch) == "Cf" else (strip_space(_fold(ch)) if self.matching.width else fold_radical(ch))
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
            f = "" if unicodedata.category(base[i]) == "Cf" else strip_space(_fold(base[i]) if self.matching.width else fold_radical(base[i]))
            parts.append(f)
            offs.extend([base_offs[i]] * len(f))
            last = i + 1
        parts.append(base[last:].translate(table))
        offs.extend(base_offs[last:])
        return "".join(parts), offs

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
            k = bisect.bisect_right(self._page_starts, offset) - 1
            label = self.layout.pages[k][1] if k >= 0 else None
            if label is None:
                return None
            return int(label) if label.isdigit() and label[0] != "0" else label
        i = bisect.bisect_right(self._pages, (offset, float("inf"), "")) - 1
        if i >= 0 and self._pages[i][0] <= offset < self._pages[i][1]:
            page = self._pages[i][2]
            return int(page) if page.isdigit() else page
        return None

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

    def _page_ranges(self) -> list[tuple[int, int, str]]:
        rule = self.matching.pages
        if rule is None or self.matching.layout is not None:
            return []
        breaks = [(m.start(), m.end()) for m in self.matching.finditer(rule.brk, self.text)]
        starts = [b[0] for b in breaks]
        ends = [b[1] for b in breaks]
        text = self.text
        out = []
        for m in self.matching.finditer(rule.marker, text):
            if rule.at == "start":
                # the page runs from the marker to the first break after the text that follows it
                nxt = _NON_SPACE.search(text, m.end())
                k = bisect.bisect_left(starts, nxt.start() if nxt else len(text))
                out.append((m.start(), starts[k] if k < len(starts) else len(text), m.group("page")))
            else:
                # the page runs from the last break before the text that precedes the marker
                before = text[:m.start()].rstrip()
                k = bisect.bisect_right(ends, len(before)) - 1
                out.append((ends[k] if k >= 0 else 0, m.end(), m.group("page")))
        return sorted(out)

    # -- normalisation ---------------------------------------------------------------------------

    def _find_ignored(self) -> list[Ignored]:
        out: list[Ignored] = []
        mt = self.matching
        for kind, patterns in (("running head", mt.running_heads), ("footnote marker", mt.footnotes)):
            for p in patterns:
                out += [Ignored(m.start(), m.end(), kind, m.group()) for m in mt.finditer(p, self.text)
                        if m.end() > m.start()]
        if mt.superscripts:
            for m in re.finditer("[⁰¹²³⁴⁵⁶⁷⁸⁹]+", self.text):
                out.append(Ignored(m.start(), m.end(), "superscript", m.group()))
        if self.layout is not None:
            n = len(self.text)
            out += [Ignored(a, b, kind, self.text[a:b], True) for a, b, kind in self.layout.spans if 0 <= a < b <= n]
        return sorted(out, key=lambda i: (i.start, i.end))

    def normalise(self, quote: str) -> str:
        """``quote`` normalised as this source's text is (see the module docstring).

        Raises
        ------
        PatternTimeout
            A manifest pattern ran longer than ``matching.timeout`` on the quote.
        """
        mt = self.matching
        for p in (*mt.running_heads, *mt.footnotes):
            quote = mt.sub(p, quote)
        out = []
        for ch in strip_space(quote):
            if (mt.superscripts and ch in SUPERSCRIPT_DIGITS) or unicodedata.category(ch) == "Cf":
                continue
            out.append(strip_space(_fold(ch)) if mt.width else fold_radical(ch))
        return "".join(out)

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
            self._normal_slice(start, end) == self.normalise(quote) != "")

    def _normal_slice(self, start: int, end: int) -> str:
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
        side (a sentence ends at 。！？; or the end of a paragraph), whitespace runs that hold a line
        break removed between CJK characters (see :func:`join_lines`)."""
        t = self.text
        a = start
        for _ in range(sentences + 1):
            a = self._sentence_start(a - 1) if a > 0 else 0
        b = end
        for _ in range(sentences):
            b = self._sentence_end(b)
        return join_lines(t[a:start]), join_lines(t[start:end]), join_lines(t[end:b])

    def _sentence_start(self, i: int) -> int:
        t = self.text
        while i > 0 and t[i - 1] not in SENTENCE_END and not t.startswith("\n\n", i - 2):
            i -= 1
        return max(i, 0)

    def _sentence_end(self, i: int) -> int:
        t, n = self.text, len(self.text)
        while i < n and t[i] not in SENTENCE_END and not t.startswith("\n\n", i):
            i += 1
        return min(i + 1, n)

    # -- near misses -----------------------------------------------------------------------------

    def near_miss(self, quote: str, cutoff: float = 60.0) -> NearMiss | None:
        """The passage most like ``quote``, when its similarity is at least ``cutoff`` percent.

        First the quote converted from Simplified to Traditional (Taiwan) characters with OpenCC
        (``s2tw``) is searched; then a passage holding the quote's longest findable beginning and
        its whole rest with up to 80 other characters between them (an undeclared running head); then rapidfuzz's ``partial_ratio_alignment`` finds the best window
        of the normalised text and the window's ends are adjusted by up to 3 characters to the best
        normalised Levenshtein similarity (on a tie, the window whose length is nearest the
        quote's). Takes a few milliseconds per quote on a 130,000-character
        text; run it only for quotes not found otherwise."""
        from rapidfuzz import fuzz
        from rapidfuzz.distance import Levenshtein

        needle = self.normalise(quote)
        if not needle:
            return None
        converted = _s2tw(quote)
        if converted != quote:
            spans = self.find_normalised(converted, limit=2)
            if spans:
                return self._near(quote, spans[0], unique=len(spans) == 1)
        hay = self.normal
        split = self._split_match(quote, needle)
        if split is not None:
            return split
        res = fuzz.partial_ratio_alignment(needle, hay, score_cutoff=cutoff)
        if res is None:
            return None
        # the best window near the alignment; on equal similarity, the length nearest the quote's
        # (a wrong last character must not be reported as a missing one)
        best = (-1.0, 0, res.dest_start, res.dest_end)
        for ds in range(-3, 4):
            for de in range(-3, 4):
                s, e = res.dest_start + ds, res.dest_end + de
                if 0 <= s < e <= len(hay):
                    score = Levenshtein.normalized_similarity(needle, hay[s:e]) * 100
                    key = (score, -abs((e - s) - len(needle)), s, e)
                    if key[:2] > best[:2]:
                        best = key
        score, _, s, e = best
        if score < cutoff:
            return None
        masked = hay[:s] + "\x00" * (e - s) + hay[e:]
        second = fuzz.partial_ratio_alignment(needle, masked, score_cutoff=score - 2)
        span = self.span(self.noffsets[s], self.noffsets[e - 1] + 1)
        return self._near(quote, span, unique=second is None)

    def _split_match(self, quote: str, needle: str, gap: int = 80) -> NearMiss | None:
        """A passage holding the quote's longest findable beginning and, at most ``gap``
        characters later, the whole rest of it (something the manifest does not declare, such as a
        running head, sits inside): a window of the quote's length cannot find it."""
        hay = self.normal
        k = 0
        while k < len(needle) and hay.find(needle[:k + 1]) != -1:
            k += 1
        if k < 6 or len(needle) - k < 6:
            return None
        head, rest = needle[:k], needle[k:]
        pairs = []
        i = hay.find(head)
        while i != -1 and len(pairs) < 3:
            j = hay.find(rest, i + k + 1, i + k + gap + len(rest))
            if j != -1:
                pairs.append((i, j + len(rest)))
            i = hay.find(head, i + 1)
        if not pairs:
            return None
        s, e = pairs[0]
        span = self.span(self.noffsets[s], self.noffsets[e - 1] + 1)
        return self._near(quote, span, unique=len(pairs) == 1)

    def _near(self, quote: str, span: Span, unique: bool) -> NearMiss:
        from rapidfuzz.distance import Levenshtein

        q = strip_space(quote)
        p = strip_space(self.visible(span.start, span.end))
        sim = Levenshtein.normalized_similarity(self.normalise(quote), self._normal_slice(span.start, span.end)) * 100
        diff = char_diff(q, p)
        return NearMiss(span, p, round(sim, 1), diff, _classify(diff), unique)


def _s2tw(text: str) -> str:
    return _opencc("s2tw").convert(text)


@lru_cache(maxsize=4)
def _opencc(config: str):  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC(config)


def _classify(diff: tuple[tuple[str, str, str], ...]) -> str:
    if not diff:
        return "other"
    changed = "".join(a + b for _, a, b in diff)
    if all(op == "replace" and len(a) == len(b) for op, a, b in diff):
        s2tw, t2s = _opencc("s2tw"), _opencc("t2s")
        if all(s2tw.convert(a) == b or t2s.convert(a) == t2s.convert(b) for _, a, b in diff):
            return "variant"
    if all(op != "replace" for op, _, _ in diff) and changed.isdigit():
        return "footnote"
    if all(op == "insert" for op, _, _ in diff) and len(changed) > 3:
        return "insertion"
    if all(_is_punct(a) and _is_punct(b) or (not a and _is_punct(b)) or (not b and _is_punct(a))
           for _, a, b in diff):
        return "punctuation"
    return "other"


def char_diff(a: str, b: str) -> tuple[tuple[str, str, str], ...]:
    """Character-level edit operations turning ``a`` into ``b`` (rapidfuzz Levenshtein opcodes),
    as ``(op, part_of_a, part_of_b)`` with op ``"replace"``, ``"delete"`` or ``"insert"``."""
    from rapidfuzz.distance import Levenshtein

    return tuple((op.tag, a[op.src_start:op.src_end], b[op.dest_start:op.dest_end])
                 for op in Levenshtein.opcodes(a, b) if op.tag != "equal")


def format_diff(diff: tuple[tuple[str, str, str], ...], limit: int = 6) -> str:
    """Edit operations as ``[quote→source]``, ``[-only in quote]``, ``[+only in source]``."""
    parts = []
    for op, a, b in diff[:limit]:
        parts.append(f"[{a}→{b}]" if op == "replace" else (f"[-{a}]" if op == "delete" else f"[+{b}]"))
    more = f" and {len(diff) - limit} more" if len(diff) > limit else ""
    return " ".join(parts) + more


def join_lines(text: str) -> str:
    """``text`` with each whitespace run removed when it holds a line break and touches a
    non-ASCII (CJK) character, and collapsed to one space otherwise: how a passage broken across
    lines reads as one line ("Limited\\nbalance" keeps its space, "中\\n亞" does not)."""

    def repl(m: re.Match[str]) -> str:
        if "\n" not in m.group():
            return " "
        a = text[m.start() - 1] if m.start() > 0 else ""
        b = text[m.end()] if m.end() < len(text) else ""
        return "" if (not a or not b or not a.isascii() or not b.isascii()) else " "

    return re.sub(r"\s+", repl, text).strip()
