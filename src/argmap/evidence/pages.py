"""Printed page numbers of a source text: by the derived layout of a text made by ``argmap source
add`` (:class:`argmap.evidence.matching.Layout`, one label per page), else by the page markers its
manifest declares (``matching.pages``, :class:`argmap.evidence.matching.PageRule`). Text on a page
without a label or marker has no page: argmap never guesses one."""

from __future__ import annotations

import bisect

from argmap.evidence.matching import Layout, Matching
from argmap.evidence.text import _NON_SPACE

#: (start, end, page label) of each marked page: code-point offsets, ``end`` exclusive.
PageRange = tuple[int, int, str]


def page_ranges(text: str, matching: Matching) -> list[PageRange]:
    """The marked pages of ``text``, sorted by start: a header marker (``at="start"``) runs from
    the marker to the first page break after the text that follows it; a footer marker
    (``at="end"``) from the last page break before the text that precedes it to the marker.
    A marker whose ``page`` group is empty or took no part in the match (an optional group) marks
    no page. Empty when ``matching`` declares no page rule, or has a derived layout (which then
    gives the pages).

    Raises
    ------
    PatternTimeout
        A page pattern ran longer than ``matching.timeout`` on the text.
    """
    rule = matching.pages
    if rule is None or matching.layout is not None:
        return []
    breaks = [(m.start(), m.end()) for m in matching.finditer(rule.brk, text)]
    starts = [b[0] for b in breaks]
    ends = [b[1] for b in breaks]
    out = []
    for m in matching.finditer(rule.marker, text):
        label = m.group("page")
        if not label:  # an optional group that took no part in the match, or matched nothing: no page
            continue
        if rule.at == "start":
            # the page runs from the marker to the first break after the text that follows it
            nxt = _NON_SPACE.search(text, m.end())
            k = bisect.bisect_left(starts, nxt.start() if nxt else len(text))
            out.append((m.start(), starts[k] if k < len(starts) else len(text), label))
        else:
            # the page runs from the last break before the text that precedes the marker
            before = text[:m.start()].rstrip()
            k = bisect.bisect_right(ends, len(before)) - 1
            out.append((ends[k] if k >= 0 else 0, m.end(), label))
    return sorted(out)


def page_at(pages: list[PageRange], offset: int) -> int | str | None:
    """The page of ``offset`` in :func:`page_ranges` ``pages`` (an ``int`` when the label is all
    ASCII digits 0-9; a label such as ``²`` or ``iv`` is kept as text), or ``None`` when that page
    has no marker."""
    i = bisect.bisect_right(pages, (offset, float("inf"), "")) - 1
    if i >= 0 and pages[i][0] <= offset < pages[i][1]:
        page = pages[i][2]
        return int(page) if page.isascii() and page.isdigit() else page
    return None


def layout_page_at(layout: Layout, starts: list[int], offset: int) -> int | str | None:
    """The label of the page of ``offset`` in a derived ``layout`` (``starts``: the start offset of
    each of its pages, ascending): an ``int`` when the label is digits without a leading zero, the
    label as printed otherwise, ``None`` before the first page or on a page without a label."""
    k = bisect.bisect_right(starts, offset) - 1
    label = layout.pages[k][1] if k >= 0 else None
    if label is None:
        return None
    return int(label) if label.isascii() and label.isdigit() and label[0] != "0" else label
