"""Anchoring: resolve one piece of evidence to one occurrence in its source text.

:func:`resolve` is the single place where a quote and its selectors (``line``; ``start``/``end``,
a W3C TextPositionSelector; ``prefix``/``suffix``, a TextQuoteSelector) are reconciled with the
text. ``checks.check_evidence`` turns a :class:`Resolution` into diagnostics (E301, E305–E310),
``argmap check --fix`` writes its ``pin`` back into the map, and ``argmap quote``/``show`` print it.

The order of search follows Hypothesis's anchoring (exact, then approximate): exact (whitespace
ignored), then normalised (sources.py), and only for quotes found by neither, the near-miss search.
When the source file changed since the selectors were pinned (its SHA-256 differs from the map's
``sources[].sha256``), the occurrence whose surroundings best agree with the stored prefix and
suffix, and then the one nearest the stored position, is chosen (re-anchoring).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Literal

from argmap.model.limits import DEFAULT_LIMITS
from argmap.model import Evidence
from argmap.evidence.sources import NearMiss, PatternTimeout, SourceText, Span, strip_space

Status = Literal["found", "ambiguous", "not-found"]


@dataclass(frozen=True, slots=True)
class Pin:
    """The selector values of a resolved quote, as written by ``--fix``: 1-based ``line``,
    ``start``/``end`` (code points, end exclusive), ``prefix``/``suffix`` (whitespace removed),
    ``page`` (label as printed of the page where the quote starts; ``None`` when the source knows
    no page there) and ``page_end`` (the page where it ends, only when it crosses a page break)."""

    line: int
    start: int
    end: int
    prefix: str
    suffix: str
    page: int | str | None
    page_end: int | str | None = None

    def as_fields(self) -> dict[str, int | str]:
        """The evidence fields in the order argmap writes them."""
        out: dict[str, int | str] = {"line": self.line, "start": self.start, "end": self.end}
        if self.page is not None:
            out["page"] = self.page
        if self.page_end is not None:
            out["page_end"] = self.page_end
        out["prefix"] = self.prefix
        out["suffix"] = self.suffix
        return out


@dataclass(frozen=True, slots=True)
class Resolution:
    """What :func:`resolve` found.

    status
        ``"found"`` (one occurrence chosen: ``span``), ``"ambiguous"`` (several occurrences and
        nothing that chooses one: ``occurrences``), ``"not-found"`` (``near`` may hold the closest
        passage).
    level
        ``"exact"`` or ``"normalised"``: the search level that found the quote.
    occurrences
        Every occurrence at that level (at most 1,000); for a pinned quote found where its
        ``start``/``end`` say (source unchanged), only that one: the text is not searched.
    locator
        When the map's selectors point elsewhere than the chosen occurrence: a sentence saying how
        (E305, or E309 when ``moved``).
    moved
        True when the source changed since pinning and the quote was re-anchored.
    refused
        With ``"not-found"``: ``(code, reason)`` when the quote was not searched, or its search
        stopped, because of a resource limit: ``E312`` (longer than ``max_quote``) or ``E313`` (a
        manifest pattern ran over its time limit on the quote).
    """

    status: Status
    level: str | None = None
    span: Span | None = None
    occurrences: tuple[Span, ...] = ()
    near: NearMiss | None = None
    locator: str | None = None
    moved: bool = False
    refused: tuple[str, str] | None = None

    def pin(self, text: SourceText) -> Pin | None:
        """The selector values for the chosen occurrence (``None`` unless ``status == "found"``)."""
        return None if self.span is None else pin_span(text, self.span)


def pin_span(text: SourceText, span: Span) -> Pin:
    """The selector values that pin ``text[span.start:span.end]``. ``line`` is the line of its first
    non-whitespace character, where :func:`resolve` finds the quote by ``line`` alone (a span taken
    from ``start``/``end`` may begin with a line break)."""
    prefix, suffix = text.quote_context(span.start, span.end)
    i = text.squeezed_at(span.start)
    first = text.original_offset(i) if i < len(text.squeezed) and text.original_offset(i) < span.end else span.start
    page, page_end = text.page_span(span.start, span.end)
    return Pin(text.line_col(first)[0], span.start, span.end, prefix, suffix, page, page_end)


def _context_score(text: SourceText, span: Span, prefix: str | None, suffix: str | None) -> int:
    """How many characters of the stored prefix (from its end) and suffix (from its start) agree
    with the text around ``span``."""
    before, after = text.quote_context(span.start, span.end, 64)
    score = 0
    if prefix:
        for a, b in zip(reversed(prefix), reversed(before)):
            if a != b:
                break
            score += 1
    if suffix:
        for a, b in zip(suffix, after):
            if a != b:
                break
            score += 1
    return score


def _lines(spans: tuple[Span, ...] | list[Span], limit: int = 12) -> str:
    shown = ", ".join(str(s.line) for s in spans[:limit])
    return shown + (f" and {len(spans) - limit} more" if len(spans) > limit else "")


def resolve(e: Evidence, text: SourceText, pinned_sha256: str | None = None, near: bool = True,
            max_quote: int = DEFAULT_LIMITS.max_quote) -> Resolution:
    """Find ``e.quote`` in ``text`` and choose one occurrence using the evidence's selectors.

    Parameters
    ----------
    e : Evidence
        The quote and its optional ``line``, ``start``/``end``, ``prefix``/``suffix``.
    text : SourceText
        The source, indexed.
    pinned_sha256 : str, optional
        The hash recorded in the map for this source; when it differs from ``text.sha256`` a
        position that no longer holds the quote is re-anchored instead of reported as wrong.
    near : bool
        Search for the closest passage when the quote is not found (rapidfuzz; a few ms).
    max_quote : int
        A quote longer than this (in code points) is not searched: ``"not-found"`` with
        ``refused=("E312", …)`` (:mod:`argmap.model.limits`).

    Returns
    -------
    Resolution
        Never raises for any quote or selector values; a manifest pattern that times out on the
        quote gives ``"not-found"`` with ``refused=("E313", …)``.
    """
    if len(e.quote) > max_quote:
        return Resolution("not-found", refused=("E312", f"the quote has {len(e.quote):,} characters, over the "
                                                f"limit of {max_quote:,}; quote a shorter passage (or raise the "
                                                "limit with --max-quote)"))
    try:
        r = _resolve(e, text, pinned_sha256, near)
    except PatternTimeout as t:
        return Resolution("not-found", refused=("E313", f"{t}; simplify the pattern (nested repetition such as "
                                                "(a+)+ backtracks exponentially), or raise the limit with "
                                                "--regex-timeout"))
    if r.status == "found" and r.span is not None and r.locator is None:
        wrong = locator_mismatch(e, text, r.span)
        if wrong:
            return Resolution(r.status, r.level, r.span, r.occurrences, r.near, wrong, r.moved, r.refused)
    return r


def _same(a: int | str, b: int | str) -> bool:
    return str(a) == str(b)


def locator_mismatch(e: Evidence, text: SourceText, span: Span) -> str | None:
    """What is wrong with the evidence's ``line``, ``page`` and ``page_end`` for the occurrence
    ``span`` (a sentence naming the right values), or ``None`` when they are right or absent.

    ``page`` is checked when the source knows the page where the quote starts; ``page_end`` must
    be given exactly when the quote crosses a page break and ``page`` is given."""
    pin = pin_span(text, span)
    wrong = []
    if e.line is not None and e.line != pin.line:
        wrong.append(f"starts on line {pin.line}, not line {e.line}")
    physical = " (physical page: the source prints no page numbers)" if (
        text.layout is not None and text.layout.labels == "physical") else ""
    if e.page is not None and pin.page is not None and not _same(e.page, pin.page):
        wrong.append(f"starts on page {pin.page}{physical}, not page {e.page}")
    if pin.page is not None and (e.page is not None or e.page_end is not None):
        if pin.page_end is None and e.page_end is not None:
            wrong.append(f"does not cross a page break (it ends on page {pin.page}), so page_end: {e.page_end} "
                         "is wrong")
        elif pin.page_end is not None and e.page_end is None:
            wrong.append(f"runs on to page {pin.page_end} (page_end: {pin.page_end} is missing)")
        elif pin.page_end is not None and e.page_end is not None and not _same(e.page_end, pin.page_end):
            wrong.append(f"ends on page {pin.page_end}, not page {e.page_end}")
    return "the quote " + "; ".join(wrong) if wrong else None


def _resolve(e: Evidence, text: SourceText, pinned_sha256: str | None, near: bool) -> Resolution:
    changed = bool(pinned_sha256) and bool(text.sha256) and pinned_sha256 != text.sha256
    if e.start is not None and e.end is not None and not changed and text.matches_at(e.quote, e.start, e.end):
        # a pinned quote that is where its selector says: no search needed
        span = text.span(e.start, e.end)
        level = "exact" if strip_space(text.text[e.start:e.end]) == strip_space(e.quote) else "normalised"
        prefix, suffix = text.quote_context(e.start, e.end)
        if (e.prefix is not None and e.prefix != prefix) or (e.suffix is not None and e.suffix != suffix):
            return Resolution("found", level, span, (span,),
                              locator=f"prefix/suffix are not the text around characters {e.start}-{e.end} "
                              f"(there: 「{prefix}」…「{suffix}」)")
        return Resolution("found", level, span, (span,))
    level = "exact"
    occ = tuple(text.find_all(e.quote))
    for form in ("NFC", "NFD"):  # canonically equivalent (é composed or e + U+0301): the same text
        if not occ and not unicodedata.is_normalized(form, e.quote):
            occ = tuple(text.find_all(unicodedata.normalize(form, e.quote)))
    if not occ:
        level = "normalised"
        occ = tuple(text.find_normalised(e.quote))
        if not occ and not unicodedata.is_normalized("NFC", e.quote):
            occ = tuple(text.find_normalised(unicodedata.normalize("NFC", e.quote)))
    if not occ:
        return Resolution("not-found", near=text.near_miss(unicodedata.normalize("NFC", e.quote)) if near else None)
    has_context = e.prefix is not None or e.suffix is not None

    def by_context(cands: tuple[Span, ...], anchor: int | None = None) -> Span | None:
        """The single best candidate by prefix/suffix agreement, then nearness to ``anchor``."""
        if len(cands) == 1:
            return cands[0]

        def key(s: Span) -> tuple[int, int]:
            return (-_context_score(text, s, e.prefix, e.suffix), abs(s.start - anchor) if anchor is not None else 0)

        (ka, a), (kb, _) = sorted(((key(s), s) for s in cands), key=lambda t: t[0])[:2]
        return a if ka != kb else None

    if e.start is not None and e.end is not None:
        exact = [s for s in occ if (s.start, s.end) == (e.start, e.end)]
        if exact:  # only when the source changed: an unchanged one took the fast path above
            return Resolution("found", level, exact[0], occ)
        chosen = by_context(occ, e.start) if (has_context or len(occ) == 1 or changed) else None
        if changed and chosen is not None:
            return Resolution("found", level, chosen, occ, moved=True,
                              locator=f"re-anchored from characters {e.start}-{e.end} to {chosen.start}-{chosen.end} "
                              f"(line {chosen.line})")
        where = f"; it occurs at characters " + ", ".join(f"{s.start}-{s.end} (line {s.line})" for s in occ[:5])
        return Resolution("found" if chosen else "ambiguous", level, chosen, occ,
                          locator=f"characters {e.start}-{e.end} are not the quote{where}")
    if e.line is not None:
        on_line = tuple(s for s in occ if s.line == e.line)
        if len(on_line) == 1:
            return Resolution("found", level, on_line[0], occ)
        if on_line:
            chosen = by_context(on_line) if has_context else None
            return Resolution("found" if chosen else "ambiguous", level, chosen, on_line)
        chosen = by_context(occ, text.line_starts[min(e.line, len(text.line_starts)) - 1]) \
            if (has_context or len(occ) == 1 or changed) else None
        msg = f"the quote does not start on line {e.line}; it starts on line {_lines(occ)}"
        if changed and chosen is not None:
            return Resolution("found", level, chosen, occ, moved=True,
                              locator=f"re-anchored from line {e.line} to line {chosen.line}")
        return Resolution("found" if chosen else "ambiguous", level, chosen, occ, locator=msg)
    if len(occ) == 1:
        return Resolution("found", level, occ[0], occ)
    chosen = by_context(occ) if has_context else None
    return Resolution("found" if chosen else "ambiguous", level, chosen, occ)
