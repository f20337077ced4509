"""PDF text with its layout: pages, page labels as printed, running heads, footnote bands, footnote
markers, vertical writing; read with pypdfium2 (PDFium's Python binding, Apache-2.0/BSD-3-Clause).

:func:`extract` turns a PDF's bytes into one UTF-8-ready text and the layout argmap needs to cite
it: where each page starts (a code-point offset into the text) and its label as printed, and which
stretches of the text are running heads, page numbers, footnote bands and inline footnote markers
(so normalised matching skips them, as it skips the running heads a manifest declares by pattern).
:func:`extract_bounded` runs it in a child process under a time and memory limit, so a PDF bomb
cannot hang or exhaust the machine (docs/security.md).

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

    *Radicals.* Kangxi Radicals and CJK Radicals Supplement look-alikes are replaced by the
    unified ideographs (argmap.evidence.radicals), counted in ``normalised``; so are removed
    control characters and noncharacters (``"controls"``).

The text
    Pages follow each other in physical order; each page's lines are written head, body, footnote
    band, footer, one line per line of the page, and pages are separated by a form feed on a line
    of its own (``"\\f\\n"``). ``PageInfo.start`` is the offset of a page's first character.
"""

from __future__ import annotations

import bisect
import re
import statistics
import time
from dataclasses import dataclass, field
from typing import Any

from argmap.evidence.encodings import UnusableSource
from argmap.evidence.radicals import fold_radicals

#: A page's top and bottom zones, as a fraction of its height, where running heads and footers are.
MARGIN_ZONE = 0.12
#: Characters are "small" (footnotes, superscript markers) below this fraction of the body's height.
SMALL_TEXT = 0.85
#: Characters that begin a footnote or make an inline marker.
NOTE_MARKS = frozenset("0123456789⁰¹²³⁴⁵⁶⁷⁸⁹*†‡§")
PAGE_BREAK = "\f\n"

_ROMAN = re.compile(r"^(?=[ivxlcdm]+$)m{0,4}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
_BARE_NUMBER = re.compile(r"^\s*(?:[-–—(\[〔]\s*)?(?:第\s*)?(?P<n>[0-9]{1,5}|[ivxlcdmIVXLCDM]{1,9})"
                          r"(?:\s*頁)?(?:\s*[-–—)\]〕])?\s*$")
_EDGE_NUMBER = re.compile(r"^\s*(?P<a>[0-9]{1,5})\s|\s(?P<b>[0-9]{1,5})\s*$")
_NUMBERS = re.compile(r"[0-9]+|\b[ivxlcdmIVXLCDM]+\b")
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]")


class PdfError(UnusableSource):
    """The PDF cannot be used: encrypted, no text layer, truncated or corrupt, or over a limit
    (pages, bytes, time, memory). ``str(error)`` says which, and what to do."""


@dataclass(frozen=True, slots=True)
class PdfLimits:
    """Limits on one PDF (``argmap source add`` options in brackets).

    max_bytes [--max-bytes, 256 MiB]: file size, checked before the file is read whole.
    max_pages [--max-pages, 5,000]: pages, checked before any page is read.
    max_chars [50,000,000]: characters of text in all, checked page by page.
    timeout [--timeout, 300 s]: wall-clock seconds for the whole extraction (child process killed).
    max_memory [--max-memory, 4,096 MiB]: address space of the extracting child process.
    """

    max_bytes: int = 256 * 1024 * 1024
    max_pages: int = 5_000
    max_chars: int = 50_000_000
    timeout: float = 300.0
    max_memory: int = 4096 * 1024 * 1024


DEFAULT_PDF_LIMITS = PdfLimits()


@dataclass(frozen=True, slots=True)
class PageInfo:
    """One page of the extracted text: ``start`` code-point offset of its first character,
    ``label`` as printed (``None`` when no label is known), ``vertical`` when read as vertical
    writing."""

    start: int
    label: str | None
    vertical: bool = False


@dataclass(frozen=True, slots=True)
class Band:
    """A stretch ``text[start:end]`` that is not the author's running text: ``kind`` is
    ``"running head"`` (running heads, footers and page numbers), ``"footnotes"`` (a footnote
    band) or ``"footnote marker"`` (an inline marker)."""

    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class PdfText:
    """What :func:`extract` found.

    text : str
        The text (see the module docstring for its shape).
    pages : tuple[PageInfo, ...]
        One per physical page, in order.
    bands : tuple[Band, ...]
        Running heads, footnote bands and markers, in text order.
    label_source : str
        ``"pdf"`` (the PDF's /PageLabels), ``"printed"`` (numbers printed on the pages) or
        ``"physical"`` (no label anywhere: the physical page numbers 1, 2, …).
    normalised : dict[str, int]
        Replaced code points by kind: ``kangxi``, ``radicals_supplement``, ``controls``.
    tool : str
        The extractor and its version.
    title : str
        The PDF's /Title metadata ('' when absent).
    """

    text: str
    pages: tuple[PageInfo, ...]
    bands: tuple[Band, ...]
    label_source: str
    normalised: dict[str, int] = field(default_factory=dict)
    tool: str = ""
    title: str = ""

    @property
    def vertical_pages(self) -> int:
        return sum(p.vertical for p in self.pages)


# -- lines -------------------------------------------------------------------------------------


class _Line:
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


def _page_lines(textpage: Any, raw: Any) -> list[_Line]:
    """The lines of one PDFium text page, in PDFium's order."""
    n = textpage.count_chars()
    if n <= 0:
        return []
    text = textpage.get_text_range()
    if len(text) != n:  # characters outside the BMP: one code point per character index
        text = "".join(chr(raw.FPDFText_GetUnicode(textpage, i)) for i in range(n))
    rect = raw.FS_RECTF()
    get_box = raw.FPDFText_GetLooseCharBox
    boxes: list[tuple[float, float, float, float]] = []
    zero = (0.0, 0.0, 0.0, 0.0)
    for i, c in enumerate(text):
        if c.isspace():
            boxes.append(zero)
        else:
            get_box(textpage, i, rect)
            boxes.append((rect.left, rect.bottom, rect.right, rect.top))
    lines: list[_Line] = []
    start = 0
    for m in re.finditer(r"\r\n|[\r\n]", text):
        _add_line(lines, text[start:m.start()], boxes[start:m.start()])
        start = m.end()
    _add_line(lines, text[start:], boxes[start:])
    return lines


def _add_line(lines: list[_Line], text: str, boxes: list) -> None:
    text = _CONTROLS.sub("\ufffe", text) if _CONTROLS.search(text) else text
    if "\ufffe" in text:  # drop control characters and noncharacters with their boxes
        keep = [i for i, c in enumerate(text) if c != "\ufffe"]
        text, boxes = "".join(text[i] for i in keep), [boxes[i] for i in keep]
    if not text.strip():
        return
    line = _Line(text, boxes)
    if line.vertical:
        parts = _split_columns(text, boxes)
        if len(parts) > 1:
            lines += [_Line(t, b) for t, b in parts if t.strip()]
            return
    lines.append(line)


# -- reading order -----------------------------------------------------------------------------


def _order_vertical(lines: list[_Line]) -> list[_Line]:
    """Vertical columns in reading order: tiers top to bottom, columns right to left in a tier, a
    column's pieces top to bottom. Horizontal lines (page numbers, headings set across) keep their
    place by height: those above every tier first, the rest after."""
    cols = [ln for ln in lines if ln.vertical or ln.size == 1]
    other = [ln for ln in lines if not (ln.vertical or ln.size == 1)]
    # tiers: merge overlapping vertical extents
    tiers: list[list[_Line]] = []
    for ln in sorted(cols, key=lambda l: -l.y1):
        if tiers and ln.y1 > min(l.y0 for l in tiers[-1]) + 0.25 * ln.height:
            tiers[-1].append(ln)
        else:
            tiers.append([ln])
    ordered: list[_Line] = []
    for tier in tiers:
        # columns right to left; pieces of one column (overlapping x) top to bottom
        tier.sort(key=lambda l: -(l.x0 + l.x1) / 2)
        groups: list[list[_Line]] = []
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


def _number(token: str) -> tuple[str, int] | None:
    """``("arabic", n)`` or ``("roman", n)`` for a page-number token."""
    if token.isdigit():
        return ("arabic", int(token))
    v = _roman_value(token)
    return ("roman", v) if v else None


def _mask(text: str) -> str:
    return _NUMBERS.sub("#", "".join(text.split()))


@dataclass
class _Page:
    index: int
    width: float
    height: float
    lines: list[_Line]
    vertical: bool = False
    printed: tuple[str, int, str] | None = None  # (kind, value, token as printed)


def _edges(page: _Page) -> list[tuple[_Line, str, bool]]:
    """The lines in the top or bottom zone that may be a running head or footer: up to two at
    each edge, with their zone ("top"/"bottom") and whether they are the outermost line."""
    out: list[tuple[_Line, str, bool]] = []
    by_top = sorted(page.lines, key=lambda l: -l.y1)
    h = page.height
    for k, ln in enumerate(by_top[:2]):
        if ln.y0 >= h * (1 - MARGIN_ZONE):
            out.append((ln, "top", k == 0))
    for k, ln in enumerate(reversed(by_top[-2:])):
        if ln.y1 <= h * MARGIN_ZONE and all(ln is not o for o, _, _ in out):
            out.append((ln, "bottom", k == 0))
    return out


def _find_margins(pages: list[_Page]) -> None:
    """Mark running heads, footers and page numbers (``kind = "head"``) and note each page's
    printed number (``_Page.printed``). The outermost line of a zone is a running head when its
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
            got = _number(bare.group("n"))
            if got and p.printed is None:
                p.printed = (*got, bare.group("n"))
        elif repeated:
            ln.kind = "head"
            edge = _EDGE_NUMBER.search(ln.text)
            if edge and p.printed is None:
                token = edge.group("a") or edge.group("b")
                p.printed = ("arabic", int(token), token)


def _find_footnotes(pages: list[_Page], body_height: float) -> None:
    """Mark footnote bands (``kind = "notes"``) and inline markers (``_Line.marks``)."""
    small = SMALL_TEXT * body_height
    for p in pages:
        if p.vertical:
            continue
        body = sorted((l for l in p.lines if l.kind == "body"), key=lambda l: -l.y1)
        band: list[_Line] = []
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


def _find_marks(ln: _Line) -> None:
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


def _labels(pages: list[_Page], pdf_labels: list[str]) -> tuple[list[str | None], str]:
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


# -- the whole document ------------------------------------------------------------------------


def tool_version() -> str:
    """``"pypdfium2 X (pdfium Y)"``."""
    from importlib.metadata import version

    import pypdfium2

    pdfium = str(getattr(getattr(pypdfium2, "version", None), "PDFIUM_INFO", "?")).split("@")[0]
    return f"pypdfium2 {version('pypdfium2')} (pdfium {pdfium})"


def check_header(data: bytes, limits: PdfLimits = DEFAULT_PDF_LIMITS) -> None:
    """Refuse what is plainly not a whole PDF before PDFium sees it.

    Raises
    ------
    PdfError
        More than ``limits.max_bytes``; no ``%PDF-`` header in the first 1,024 bytes; no
        ``%%EOF`` in the last 2,048 bytes (a truncated file: PDFium would silently rebuild what
        it can and drop the rest).
    """
    if len(data) > limits.max_bytes:
        raise PdfError(f"the file is larger than the limit of {limits.max_bytes:,} bytes; raise it with --max-bytes "
                       "if the file is what you meant")
    if b"%PDF-" not in data[:1024]:
        raise PdfError("not a PDF (no %PDF- header)")
    if b"%%EOF" not in data[-2048:]:
        raise PdfError("the PDF is truncated or corrupt: it does not end with %%EOF (an interrupted download or "
                       "copy?); get the whole file again")


def extract(data: bytes, limits: PdfLimits = DEFAULT_PDF_LIMITS, deadline: float | None = None) -> PdfText:
    """Extract the text and layout of the PDF ``data`` in this process (no time or memory bound
    but ``deadline``, a ``time.monotonic()`` value checked between pages; use
    :func:`extract_bounded` for files from others).

    Raises
    ------
    PdfError
        The PDF is encrypted (a password is needed to open it), truncated or corrupt, over a
        limit (pages, characters, time), or has no text layer (a scan: run OCR first).
    """
    import pypdfium2
    import pypdfium2.raw as raw

    check_header(data, limits)
    try:
        doc = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == raw.FPDF_ERR_PASSWORD:
            raise PdfError("the PDF is encrypted and needs a password to open; save an unencrypted copy (e.g. "
                           "'qpdf --decrypt --password=… in.pdf out.pdf') and add that") from None
        if code == raw.FPDF_ERR_SECURITY:
            raise PdfError("the PDF uses a security handler PDFium does not support; save an unencrypted copy "
                           "and add that") from None
        raise PdfError("the PDF is corrupt: PDFium cannot read its structure (damaged file, or not really a PDF); "
                       "get the file again, or repair it (e.g. 'qpdf in.pdf out.pdf')") from None
    try:
        count = len(doc)
        if count > limits.max_pages:
            raise PdfError(f"the PDF has {count:,} pages, over the limit of {limits.max_pages:,}; raise it with "
                           "--max-pages if the file is what you meant")
        if count == 0:
            raise PdfError("the PDF has no pages")
        pages: list[_Page] = []
        chars = 0
        for i in range(count):
            if deadline is not None and time.monotonic() > deadline:
                raise PdfError(f"reading the PDF took longer than the limit ({limits.timeout:g} s, at page {i + 1} "
                               f"of {count}); raise it with --timeout if the file is what you meant")
            try:
                page = doc[i]
            except pypdfium2.PdfiumError:
                raise PdfError(f"the PDF is corrupt: page {i + 1} cannot be read; repair the file (e.g. "
                               "'qpdf in.pdf out.pdf')") from None
            width, height = page.get_size()
            textpage = page.get_textpage()
            lines = _page_lines(textpage, raw)
            textpage.close()
            page.close()
            chars += sum(len(l.text) for l in lines)
            if chars > limits.max_chars:
                raise PdfError(f"the PDF holds more than {limits.max_chars:,} characters of text (at page {i + 1}); "
                               "a PDF bomb, or a corpus rather than a work")
            vert = sum(l.size for l in lines if l.vertical) > sum(l.size for l in lines if not l.vertical)
            pages.append(_Page(i, width, height, _order_vertical(lines) if vert else lines, vert))
        if chars == 0:
            raise PdfError(f"no text layer: the PDF's {count} page(s) hold no text (a scan?); run OCR first, e.g. "
                           "'ocrmypdf --language chi_tra in.pdf out.pdf', and add the result")
        pdf_labels = [_page_label(doc, raw, i) for i in range(count)]
        try:
            title = " ".join(str(doc.get_metadata_value("Title") or "").split())
        except Exception:  # noqa: BLE001 - metadata is a nicety; a broken /Info must not stop the text
            title = ""
    finally:
        doc.close()
    got = _assemble(pages, pdf_labels, tool_version())
    return PdfText(got.text, got.pages, got.bands, got.label_source, got.normalised, got.tool, title)


def _page_label(doc: Any, raw: Any, index: int) -> str:
    """The /PageLabels label of page ``index`` ('' when the PDF has none): pypdfium2's
    ``PdfDocument.get_page_label``, or PDFium's ``FPDF_GetPageLabel`` where that is missing."""
    if hasattr(doc, "get_page_label"):
        return str(doc.get_page_label(index))
    import ctypes

    size = raw.FPDF_GetPageLabel(doc, index, None, 0)
    if size <= 2:
        return ""
    buf = ctypes.create_string_buffer(size)
    raw.FPDF_GetPageLabel(doc, index, buf, size)
    return buf.raw[:size - 2].decode("utf-16-le", errors="replace")


def _assemble(pages: list[_Page], pdf_labels: list[str], tool: str) -> PdfText:
    _find_margins(pages)
    heights = [l.height for p in pages if not p.vertical for l in p.lines if l.kind == "body" for _ in range(l.size)]
    body_height = statistics.median(heights) if heights else 0.0
    if body_height:
        _find_footnotes(pages, body_height)
    labels, source = _labels(pages, pdf_labels)
    parts: list[str] = []
    at = 0
    infos: list[PageInfo] = []
    bands: list[Band] = []
    for p, label in zip(pages, labels):
        if infos:
            parts.append(PAGE_BREAK)
            at += len(PAGE_BREAK)
        infos.append(PageInfo(at, label, p.vertical))
        heads_top = [l for l in p.lines if l.kind == "head" and l.y0 >= p.height / 2]
        heads_bottom = [l for l in p.lines if l.kind == "head" and l.y0 < p.height / 2]
        body = [l for l in p.lines if l.kind == "body"]
        notes = [l for l in p.lines if l.kind == "notes"]
        for group, kind in ((heads_top, "running head"), (body, None), (notes, "footnotes"),
                            (heads_bottom, "running head")):
            if kind and group:
                start = at
            for ln in group:
                if kind is None:
                    bands += [Band(at + a, at + b, "footnote marker") for a, b in ln.marks]
                parts.append(ln.text)
                parts.append("\n")
                at += len(ln.text) + 1
            if kind and group:
                bands.append(Band(start, at - 1, kind))
    text, counts = fold_radicals("".join(parts))
    bands.sort(key=lambda b: (b.start, b.end))
    return PdfText(text, tuple(infos), tuple(bands), source, counts, tool)


# -- in a child process ------------------------------------------------------------------------


def _child(conn: Any, data: bytes, limits: PdfLimits, deadline: float) -> None:  # pragma: no cover - in a child
    import faulthandler
    import os

    # a PDF that makes PDFium abort must not print a C-level traceback over argmap's message
    faulthandler.disable()
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
    except OSError:
        pass
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (limits.max_memory, limits.max_memory))
    except (ImportError, ValueError, OSError):  # no such limit on this system: the time limit still holds
        pass
    try:
        conn.send(("ok", extract(data, limits, deadline)))
    except PdfError as exc:
        conn.send(("error", str(exc)))
    except MemoryError:
        conn.send(("memory", ""))
    except BaseException as exc:  # anything else is a bug or a broken file: say which, never hang
        conn.send(("crash", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def extract_bounded(data: bytes, limits: PdfLimits = DEFAULT_PDF_LIMITS) -> PdfText:
    """:func:`extract` in a child process limited to ``limits.timeout`` seconds and
    ``limits.max_memory`` bytes of address space; a child that runs over either, or crashes in
    PDFium, is stopped and reported.

    Raises
    ------
    PdfError
        Everything :func:`extract` raises, and: over the time or memory limit (a PDF bomb: a
        content stream that inflates to gigabytes, millions of drawing operations), or PDFium
        crashed on the file.
    """
    import multiprocessing

    check_header(data, limits)
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    parent, child = ctx.Pipe(duplex=False)
    deadline = time.monotonic() + limits.timeout
    proc = ctx.Process(target=_child, args=(child, data, limits, deadline), daemon=True)
    proc.start()
    child.close()
    try:
        if not parent.poll(limits.timeout + 1.0):
            raise PdfError(f"reading the PDF took longer than the limit ({limits.timeout:g} s): a PDF bomb, or a very "
                           "large file; raise it with --timeout if the file is what you meant")
        try:
            status, value = parent.recv()
        except (EOFError, OSError):
            proc.join(5)
            raise PdfError(_died(proc.exitcode, limits)) from None
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(5)
        parent.close()
    if status == "ok":
        return value  # type: ignore[no-any-return]
    if status == "memory":
        raise PdfError(_died(None, limits))
    if status == "crash":
        raise PdfError(f"the PDF could not be read ({value}); it may be corrupt: repair it (e.g. 'qpdf in.pdf "
                       "out.pdf') and try again")
    raise PdfError(value)


def _died(exitcode: int | None, limits: PdfLimits) -> str:
    return (f"reading the PDF needed more than the memory limit ({limits.max_memory // (1024 * 1024):,} MiB) or "
            f"crashed PDFium (exit {exitcode}): a PDF bomb or a corrupt file; raise --max-memory if the file is "
            "what you meant")


def page_index(pages: tuple[PageInfo, ...]) -> list[int]:
    """The ``start`` offsets of ``pages``, for ``bisect``."""
    return [p.start for p in pages]


def page_at(pages: tuple[PageInfo, ...], offset: int) -> PageInfo | None:
    """The page holding code-point ``offset`` (``None`` before the first page)."""
    i = bisect.bisect_right(page_index(pages), offset) - 1
    return pages[i] if i >= 0 else None


__all__ = ["Band", "DEFAULT_PDF_LIMITS", "PageInfo", "PdfError", "PdfLimits", "PdfText", "check_header", "extract",
           "extract_bounded", "page_at", "tool_version"]
