"""PDF text with its layout: pages, page labels as printed, running heads, footnote bands, footnote
markers, vertical writing; read with pypdfium2 (PDFium's Python binding, Apache-2.0/BSD-3-Clause).

:func:`extract` turns a PDF's bytes into one UTF-8-ready text and the layout argmap needs to cite
it: where each page starts (a code-point offset into the text) and its label as printed, and which
stretches of the text are running heads, page numbers, footnote bands and inline footnote markers
(so normalised matching skips them, as it skips the running heads a manifest declares by pattern).
:func:`extract_bounded` runs it in a child process under a time and memory limit, so a PDF bomb
cannot hang or exhaust the machine (docs/security.md).

How the layout is found (lines, vertical columns, running heads, page labels, footnotes) is
:mod:`argmap.evidence.pdflayout`'s part; docs/anchoring.md, "PDF sources", explains it. Kangxi
Radicals and CJK Radicals Supplement look-alikes are replaced by the unified ideographs
(:mod:`argmap.evidence.radicals`), counted in ``normalised``; so are removed control characters and
noncharacters (``"controls"``).

The text
    Pages follow each other in physical order; each page's lines are written head, body, footnote
    band, footer, one line per line of the page, and pages are separated by a form feed on a line
    of its own (``"\\f\\n"``). ``PageInfo.start`` is the offset of a page's first character.
"""

from __future__ import annotations

import bisect
import statistics
import time
from dataclasses import dataclass, field
from typing import Any

from argmap.evidence.encodings import UnusableSource
from argmap.evidence.pdflayout import (find_footnotes, find_margins, page_labels, Line, order_vertical, Page,
                                       split_lines)
from argmap.evidence.radicals import fold_radicals

PAGE_BREAK = "\f\n"


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


def _page_lines(textpage: Any, raw: Any) -> list[Line]:
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
    return split_lines(text, boxes)


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
        pages: list[Page] = []
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
            pages.append(Page(i, width, height, order_vertical(lines) if vert else lines, vert))
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


def _assemble(pages: list[Page], pdf_labels: list[str], tool: str) -> PdfText:
    find_margins(pages)
    heights = [l.height for p in pages if not p.vertical for l in p.lines if l.kind == "body" for _ in range(l.size)]
    body_height = statistics.median(heights) if heights else 0.0
    if body_height:
        find_footnotes(pages, body_height)
    labels, source = page_labels(pages, pdf_labels)
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
