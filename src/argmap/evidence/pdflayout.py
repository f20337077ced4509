"""The layout of a PDF's pages, from the characters and their boxes that :mod:`argmap.evidence.pdf`
reads with PDFium: lines and vertical columns in reading order, running heads, footers and page
numbers, footnote bands and inline footnote markers, and page labels from the printed numbers.
Geometry only: nothing here opens a PDF.

Boxes are ``(left, bottom, right, top)`` in points from the page's lower-left corner.

How the layout is found (docs/anchoring.md, "PDF sources")
    *Lines.* PDFium's text page gives each character's code point and its loose box (the font's
    ascent-to-descent box, in points from the page's lower-left corner); PDFium marks line ends
    with generated ``\\r\\n``. A line is *vertical* when its characters advance down the page.
    A page is vertical when most of its characters are on vertical lines; its columns are then
    read right to left, tier by tier (columns whose vertical extents overlap form a tier; tiers
    top to bottom), whatever order the PDF draws them in.

    *Running heads and footers.* The top-most and bottom-most lines of a page, within the top or
    bottom :data:`MARGIN_ZONE` of its height, are running heads when their text with numbers
    masked (``#``) recurs in the same zone on other pages, and page numbers when they are a bare
    number (arabic or roman, optionally ``- 45 -``, ``(45)``, ``第45頁``).

    *Page labels.* The PDF's ``/PageLabels`` (PDF 32000-1 §12.4.2) where present; otherwise the
    number printed in a page's running head or footer, kept when a nearby page's printed number
    agrees with it (numbers that step by one with the pages) and filled in for pages between two
    agreeing numbers (a chapter's first page often prints none); otherwise, when no page prints
    a number, the physical page number (``label_source == "physical"``).

    *Footnote bands.* On a horizontal page, the run of lines at the foot of the body (above the
    footer) whose characters are smaller than the document's body text (less than
    :data:`SMALL_TEXT` of its median height), when one of them begins with a note marker
    (a digit, a superscript digit, ``*``, ``†``, ``‡``).

    *Footnote markers.* In a body line, a run of digits or note symbols smaller than the line's
    text (less than :data:`SMALL_TEXT` of its median height) and raised above its baseline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: A page's top and bottom zones, as a fraction of its height, where running heads and footers are.
MARGIN_ZONE = 0.12
#: Characters are "small" (footnotes, superscript markers) below this fraction of the body's height.
SMALL_TEXT = 0.85
#: Characters that begin a footnote or make an inline marker.
NOTE_MARKS = frozenset("0123456789⁰¹²³⁴⁵⁶⁷⁸⁹*†‡§")

_ROMAN = re.compile(r"^(?=[ivxlcdm]+$)m{0,4}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
_BARE_NUMBER = re.compile(r"^\s*(?:[-–—(\[〔]\s*)?(?:第\s*)?(?P<n>[0-9]{1,5}|[ivxlcdmIVXLCDM]{1,9})"
                          r"(?:\s*頁)?(?:\s*[-–—)\]〕])?\s*$")
_EDGE_NUMBER = re.compile(r"^\s*(?P<a>[0-9]{1,5})\s|\s(?P<b>[0-9]{1,5})\s*$")
_NUMBERS = re.compile(r"[0-9]+|\b[ivxlcdmIVXLCDM]+\b")
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]")


# -- lines -------------------------------------------------------------------------------------


class Line:
    """One line (or, in vertical writing, one column) of a page."""

    __slots__ = ("text", "boxes", "x0", "y0", "x1", "y1", "height", "vertical", "marks", "kind")

    def __init__(self, text: str, boxes: list[tuple[float, float, float, float]]) -> None:
        self.text = text
        self.boxes = boxes  # per character of text; (0,0,0,0) for whitespace (no geometry)
        solid = [b for c, b in zip(text, boxes) if not c.isspace()]
        self.x0 = min(b[0] for b in solid)
        self.y0 = min(b[1] for b in solid)
        self.x1 = max(b[2] for b in solid)
        self.y1 = max(b[3] for b in solid)
        heights = sorted(b[3] - b[1] for b in solid)
        self.height = heights[len(heights) // 2]
        if len(solid) >= 2:
            (ax0, ay0, ax1, ay1), (bx0, by0, bx1, by1) = solid[0], solid[-1]
            self.vertical = abs((ay0 + ay1) - (by0 + by1)) > abs((ax0 + ax1) - (bx0 + bx1))
        else:
            self.vertical = False
        self.marks: list[tuple[int, int]] = []  # inline footnote markers, as offsets in text
        self.kind = "body"

    @property
    def size(self) -> int:
        return sum(not c.isspace() for c in self.text)


def _split_columns(text: str, boxes: list[tuple[float, float, float, float]]) -> list[tuple[str, list]]:
    """Split a vertical line where a character starts a new column (it moves up, or sideways by
    more than half a character)."""
    out: list[tuple[str, list]] = []
    start = 0
    prev = None
    for i, (c, b) in enumerate(zip(text, boxes)):
        if c.isspace():
            continue
        if prev is not None:
            w = max(prev[2] - prev[0], b[2] - b[0], 1.0)
            if b[3] > prev[3] + 0.5 * w or abs((b[0] + b[2]) - (prev[0] + prev[2])) / 2 > 0.5 * w:
                out.append((text[start:i], boxes[start:i]))
                start = i
        prev = b
    out.append((text[start:], boxes[start:]))
    return out


def split_lines(text: str, boxes: list[tuple[float, float, float, float]]) -> list[Line]:
    """The lines of one page's text (PDFium's line ends ``\\r\\n``), with ``boxes[i]`` the loose
    box of ``text[i]`` (``(0, 0, 0, 0)`` for whitespace); control characters and noncharacters
    are dropped, and a vertical line that runs on into the next column is split there."""
    lines: list[Line] = []
    start = 0
    for m in re.finditer(r"\r\n|[\r\n]", text):
        _add_line(lines, text[start:m.start()], boxes[start:m.start()])
        start = m.end()
    _add_line(lines, text[start:], boxes[start:])
    return lines


def _add_line(lines: list[Line], text: str, boxes: list) -> None:
    text = _CONTROLS.sub("\ufffe", text) if _CONTROLS.search(text) else text
    if "\ufffe" in text:  # drop control characters and noncharacters with their boxes
        keep = [i for i, c in enumerate(text) if c != "\ufffe"]
        text, boxes = "".join(text[i] for i in keep), [boxes[i] for i in keep]
    if not text.strip():
        return
    line = Line(text, boxes)
    if line.vertical:
        parts = _split_columns(text, boxes)
        if len(parts) > 1:
            lines += [Line(t, b) for t, b in parts if t.strip()]
            return
    lines.append(line)


# -- reading order -----------------------------------------------------------------------------


def order_vertical(lines: list[Line]) -> list[Line]:
    """Vertical columns in reading order: tiers top to bottom, columns right to left in a tier, a
    column's pieces top to bottom. Horizontal lines (page numbers, headings set across) keep their
    place by height: those above every tier first, the rest after."""
    cols = [ln for ln in lines if ln.vertical or ln.size == 1]
    other = [ln for ln in lines if not (ln.vertical or ln.size == 1)]
    # tiers: merge overlapping vertical extents
    tiers: list[list[Line]] = []
    for ln in sorted(cols, key=lambda l: -l.y1):
        if tiers and ln.y1 > min(l.y0 for l in tiers[-1]) + 0.25 * ln.height:
            tiers[-1].append(ln)
        else:
            tiers.append([ln])
    ordered: list[Line] = []
    for tier in tiers:
        # columns right to left; pieces of one column (overlapping x) top to bottom
        tier.sort(key=lambda l: -(l.x0 + l.x1) / 2)
        groups: list[list[Line]] = []
        for ln in tier:
            if groups and (ln.x0 + ln.x1) / 2 > groups[-1][0].x0 - 0.1 * ln.height:
                groups[-1].append(ln)
            else:
                groups.append([ln])
        for g in groups:
            ordered += sorted(g, key=lambda l: -l.y1)
    top = max((l.y1 for l in cols), default=0.0)
    return [l for l in other if l.y0 >= top] + ordered + [l for l in other if l.y0 < top]


# -- running heads, page numbers, footnotes ----------------------------------------------------


def _roman_value(s: str) -> int | None:
    s = s.lower()
    if not s or not _ROMAN.match(s):
        return None
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
    total = 0
    for a, b in zip(s, s[1:] + " "):
        v = values[a]
        total += -v if b != " " and values[b] > v else v
    return total


def page_number(token: str) -> tuple[str, int] | None:
    """``("arabic", n)`` or ``("roman", n)`` for a page-number token."""
    if token.isascii() and token.isdigit() and len(token) <= 6:
        return ("arabic", int(token))
    v = _roman_value(token)
    return ("roman", v) if v else None


def _mask(text: str) -> str:
    return _NUMBERS.sub("#", "".join(text.split()))


@dataclass
class Page:
    index: int
    width: float
    height: float
    lines: list[Line]
    vertical: bool = False
    printed: tuple[str, int, str] | None = None  # (kind, value, token as printed)


def _edges(page: Page) -> list[tuple[Line, str, bool]]:
    """The lines in the top or bottom zone that may be a running head or footer: up to two at
    each edge, with their zone ("top"/"bottom") and whether they are the outermost line."""
    out: list[tuple[Line, str, bool]] = []
    by_top = sorted(page.lines, key=lambda l: -l.y1)
    h = page.height
    for k, ln in enumerate(by_top[:2]):
        if ln.y0 >= h * (1 - MARGIN_ZONE):
            out.append((ln, "top", k == 0))
    for k, ln in enumerate(reversed(by_top[-2:])):
        if ln.y1 <= h * MARGIN_ZONE and all(ln is not o for o, _, _ in out):
            out.append((ln, "bottom", k == 0))
    return out


def find_margins(pages: list[Page]) -> None:
    """Mark running heads, footers and page numbers (``kind = "head"``) and note each page's
    printed number (``Page.printed``). The outermost line of a zone is a running head when its
    text with numbers masked recurs; the next one only when its very text recurs (footnotes at
    the foot of the page differ in their numbers only)."""
    candidates = [(p, ln, zone, outer) for p in pages for ln, zone, outer in _edges(p)]
    counts: dict[tuple[str, str], set[int]] = {}
    for p, ln, zone, outer in candidates:
        key = _mask(ln.text) if outer else "=" + "".join(ln.text.split())
        counts.setdefault((zone, key), set()).add(p.index)
    enough = 2 if len(pages) < 10 else max(2, len(pages) // 10)
    for p, ln, zone, outer in candidates:
        bare = _BARE_NUMBER.match(ln.text)
        key = _mask(ln.text) if outer else "=" + "".join(ln.text.split())
        repeated = len(counts[(zone, key)]) >= enough
        if bare:
            ln.kind = "head"
            got = page_number(bare.group("n"))
            if got and p.printed is None:
                p.printed = (*got, bare.group("n"))
        elif repeated:
            ln.kind = "head"
            edge = _EDGE_NUMBER.search(ln.text)
            if edge and p.printed is None:
                token = edge.group("a") or edge.group("b")
                p.printed = ("arabic", int(token), token)


def find_footnotes(pages: list[Page], body_height: float) -> None:
    """Mark footnote bands (``kind = "notes"``) and inline markers (``Line.marks``)."""
    small = SMALL_TEXT * body_height
    for p in pages:
        if p.vertical:
            continue
        body = sorted((l for l in p.lines if l.kind == "body"), key=lambda l: -l.y1)
        band: list[Line] = []
        for ln in reversed(body):
            if ln.height < small and ln.y1 < p.height * 0.5 and not ln.vertical:
                band.append(ln)
            else:
                break
        if band and len(band) < len(body) and any(ln.text.lstrip()[:1] in NOTE_MARKS for ln in band):
            for ln in band:
                ln.kind = "notes"
        for ln in p.lines:
            if ln.kind == "body" and not ln.vertical:
                _find_marks(ln)


def _find_marks(ln: Line) -> None:
    """Inline footnote markers of a horizontal body line: runs of note characters smaller than
    the line's text and raised above its baseline."""
    low = None
    i = 0
    text, boxes = ln.text, ln.boxes
    n = len(text)
    while i < n:
        c = text[i]
        if c in NOTE_MARKS:
            b = boxes[i]
            if low is None:
                bottoms = sorted(bx[1] for ch, bx in zip(text, boxes) if not ch.isspace())
                low = bottoms[len(bottoms) // 2]
            if b[3] - b[1] < SMALL_TEXT * ln.height and b[1] > low + 0.2 * ln.height:
                j = i + 1
                while j < n and text[j] in NOTE_MARKS and boxes[j][3] - boxes[j][1] < SMALL_TEXT * ln.height:
                    j += 1
                if i > 0 or j < n:  # a line that is only a marker is not inline
                    ln.marks.append((i, j))
                i = j
                continue
        i += 1


def page_labels(pages: list[Page], pdf_labels: list[str]) -> tuple[list[str | None], str]:
    """Each page's label and where the labels come from (see the module docstring)."""
    if any(pdf_labels):
        return [lab or None for lab in pdf_labels], "pdf"
    printed = [p.printed for p in pages]
    n = len(pages)
    agreed: list[tuple[str, int, str] | None] = [None] * n
    for i, got in enumerate(printed):
        if got is None:
            continue
        kind, value, _ = got
        if n == 1 or any(printed[j] is not None and printed[j][0] == kind and printed[j][1] - value == j - i
                         for j in range(max(0, i - 3), min(n, i + 4)) if j != i):
            agreed[i] = got
    known = [i for i in range(n) if agreed[i] is not None]
    if not known:
        return [str(i + 1) for i in range(n)], "physical"
    labels: list[str | None] = [None] * n
    for i in known:
        labels[i] = agreed[i][2]  # type: ignore[index]
    for a, b in zip(known, known[1:]):
        ka, va, ta = agreed[a]  # type: ignore[misc]
        kb, vb, _ = agreed[b]  # type: ignore[misc]
        if ka == kb and vb - va == b - a:
            for i in range(a + 1, b):
                v = va + i - a
                labels[i] = str(v) if ka == "arabic" else _to_roman(v, upper=ta.isupper())
    return labels, "printed"


def _to_roman(v: int, upper: bool = False) -> str:
    out = ""
    for value, numeral in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                           (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while v >= value:
            out += numeral
            v -= value
    return out.upper() if upper else out


__all__ = ["MARGIN_ZONE", "NOTE_MARKS", "SMALL_TEXT", "Line", "Page", "find_footnotes", "find_margins",
           "order_vertical", "page_labels", "page_number", "split_lines"]
