"""A thesis-like Chinese PDF made from seed 002 with headless Chromium's print-to-PDF, whose
pagination is known by construction (used by tests/test_pdf.py, tests/test_source_add.py and
benchmarks/bench_pdf.py).

Every page is a fixed-size ``div`` (A5, ``@page { margin: 0 }``, ``page-break-after: always``)
that holds exactly the text this module puts there: a running head, the body text, on some pages
footnotes at the foot with superscript markers in the body, and the printed page number in the
footer — roman in the front matter (``i``, ``ii``, …), arabic from chapter 1. Paragraphs run on
from one page to the next mid-sentence. :class:`Thesis` records, for every page, its printed label
and the body text laid on it, so a test knows the true page of any passage without asking argmap.
"""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_002 = ROOT / "arguments" / "sources" / "002_a7571c67bdaab12b.txt"
CHROMIUM = "/usr/bin/chromium"
RUNNING_HEAD = "後冷戰時期中共對美平衡戰略：上海合作組織個案研究"

CSS = """
@page { size: 148mm 210mm; margin: 0 }
html, body { margin: 0; padding: 0 }
body { font-family: "Noto Serif CJK TC", "Noto Sans CJK TC", serif; }
.page { width: 148mm; height: 210mm; position: relative; overflow: hidden; page-break-after: always; }
.page:last-child { page-break-after: auto }
.head { position: absolute; top: 9mm; left: 16mm; right: 16mm; font-size: 8pt; text-align: right;
        border-bottom: 0.4pt solid #000; padding-bottom: 1mm }
.body { position: absolute; top: 20mm; left: 16mm; right: 16mm; font-size: 10.5pt; line-height: 1.75;
        text-align: justify }
.body p { margin: 0; text-indent: 2em }
.body p.cont { text-indent: 0 }
.body h2 { font-size: 13pt; text-align: center; margin: 0 0 4mm 0 }
.notes { position: absolute; bottom: 17mm; left: 16mm; right: 16mm; font-size: 7.5pt; line-height: 1.4;
         border-top: 0.4pt solid #000; padding-top: 1mm }
.notes p { margin: 0 }
.foot { position: absolute; bottom: 8mm; left: 0; right: 0; text-align: center; font-size: 9pt }
sup { font-size: 60%; vertical-align: super; line-height: 0 }
"""


@dataclass
class Page:
    """One printed page: its label as printed (``None``: no number printed), its heading (or
    ``""``), the body text as laid out (paragraphs joined, no markers), the offsets in ``body``
    after which a footnote marker is printed, and the footnote texts."""

    label: str | None
    heading: str = ""
    paragraphs: list[tuple[str, bool]] = field(default_factory=list)  # (text, continues the last page's)
    markers: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def body(self) -> str:
        return "".join(p for p, _ in self.paragraphs)


@dataclass
class Thesis:
    """The generated PDF and its pages (physical order)."""

    pdf: Path
    pages: list[Page]

    def page_of(self, passage: str) -> list[str | None]:
        """Labels of the pages whose body holds ``passage`` (whitespace-free)."""
        return [p.label for p in self.pages if passage in p.body]


def roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                           (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out += numeral
            n -= value
    return out


def seed_paragraphs() -> list[str]:
    """The Chinese paragraphs of seed 002 (lines mostly of CJK text), whitespace and the seed's own
    superscript footnote markers removed (the generator prints markers of its own)."""
    out = []
    for line in SEED_002.read_text(encoding="utf-8").split("\n"):
        line = "".join(c for c in "".join(line.split()) if c not in "⁰¹²³⁴⁵⁶⁷⁸⁹")
        if len(line) >= 40 and sum(not c.isascii() for c in line) > 0.8 * len(line):
            out.append(line)
    return out


def plan(front: int = 3, body: int = 8, per_page: int = 430, notes_every: int = 2, start: int = 0) -> list[Page]:
    """The pages: an unnumbered title page, ``front`` roman-numbered pages, then ``body`` arabic
    pages (chapter 1 on page 1). Each text page takes ``per_page`` characters of the seed's
    paragraphs from paragraph ``start`` on (wrapping around), splitting a paragraph where the page
    is full; every ``notes_every``-th body page gets two footnotes."""
    paras = seed_paragraphs()
    k = start % len(paras)
    rest = ""  # what is left of a paragraph broken at the end of the previous page
    pages = [Page(None, "後冷戰時期中共對美平衡戰略")]
    pages[0].paragraphs.append(("國立臺灣大學社會科學院國家發展研究所碩士論文", False))
    for n in range(front + body):
        label = roman(n + 1) if n < front else str(n - front + 1)
        heading = "摘要" if n == 0 else ("第一章緒論" if n == front else "")
        page = Page(label, heading)
        room = per_page - (40 if heading else 0)
        footnoted = n >= front and (n - front) % notes_every == 1
        if footnoted:
            room -= 60
        while room > 0:
            cont = bool(rest)
            text = rest or paras[k]
            if not rest:
                k = (k + 1) % len(paras)
            take, rest = text[:room], text[room:]
            page.paragraphs.append((take, cont))
            room -= len(take) + 15  # a paragraph's last line is rarely full
        if footnoted:
            body_text = page.body
            for j, frac in enumerate((0.3, 0.6)):
                # after the first full-width comma past this fraction of the page
                at = body_text.find("，", int(len(body_text) * frac))
                if at == -1:
                    at = int(len(body_text) * frac)
                page.markers.append(at + 1)
                page.notes.append(f"參見林伯雍，〈後冷戰時期中共對美平衡戰略〉，頁{n * 3 + j + 11}。註{j + 1}說明文字。")
        pages.append(page)
    return pages


def page_html(page: Page, number_of_first_note: int) -> str:
    parts = [f'<div class="page"><div class="head">{html.escape(RUNNING_HEAD)}</div><div class="body">']
    if page.heading:
        parts.append(f"<h2>{html.escape(page.heading)}</h2>")
    at = 0
    marks = sorted(page.markers)
    note_no = number_of_first_note
    for text, cont in page.paragraphs:
        out = []
        for i, ch in enumerate(text):
            out.append(html.escape(ch))
            if at + i + 1 in marks:
                out.append(f"<sup>{note_no}</sup>")
                note_no += 1
        at += len(text)
        parts.append(f'<p class="{"cont" if cont else ""}">{"".join(out)}</p>')
    parts.append("</div>")
    if page.notes:
        parts.append('<div class="notes">' + "".join(
            f"<p><sup>{number_of_first_note + j}</sup>{html.escape(t)}</p>" for j, t in enumerate(page.notes)) + "</div>")
    if page.label is not None:
        parts.append(f'<div class="foot">{page.label}</div>')
    parts.append("</div>")
    return "".join(parts)


def document_html(pages: list[Page]) -> str:
    out = [f'<!doctype html><html lang="zh-Hant"><head><meta charset="utf-8"><title>{html.escape(RUNNING_HEAD)}</title><style>{CSS}</style></head><body>']
    note = 1
    for p in pages:
        out.append(page_html(p, note))
        note += len(p.notes)
    out.append("</body></html>")
    return "".join(out)


def print_pdf(html_text: str, out: Path, timeout: float = 300) -> Path:
    """Print ``html_text`` to ``out`` with headless Chromium (a fresh profile, no network use)."""
    if shutil.which(CHROMIUM) is None:
        raise RuntimeError(f"{CHROMIUM} is missing: run 'bash .ci/setup' (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "thesis.html"
        src.write_text(html_text, encoding="utf-8")
        cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--disable-dev-shm-usage", f"--user-data-dir={tmp}/profile", "--no-pdf-header-footer",
               f"--print-to-pdf={out}", src.as_uri()]
        r = subprocess.run(cmd, capture_output=True, timeout=timeout, env={**os.environ, "HOME": tmp})
        if r.returncode != 0 or not out.is_file():
            raise RuntimeError(f"chromium failed ({r.returncode}): {r.stderr.decode(errors='replace')[-2000:]}")
    return out


def make_thesis(folder: Path, name: str = "thesis.pdf", **kw: int) -> Thesis:
    """Generate the thesis PDF in ``folder`` (keyword arguments: :func:`plan`'s)."""
    pages = plan(**kw)
    return Thesis(print_pdf(document_html(pages), folder / name), pages)


# -- hand-written PDFs (hostile input) ---------------------------------------------------------


def minimal_pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF whose objects 1..n are ``objects`` (object 1 the catalog), with a correct
    cross-reference table and ``trailer`` entries added to the trailer dictionary."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for o in offsets:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root 1 0 R " % (len(objects) + 1) + trailer + b">>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"


def pages_pdf(count: int, content: bytes | None = None) -> bytes:
    """``count`` pages (all the same page object); with ``content``, that content stream
    (Flate-compressed) and a Helvetica font ``/F1``; without, blank pages (no text layer)."""
    import zlib

    kids = b" ".join([b"3 0 R"] * count)
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
    objects = [CATALOG, b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count]
    if content is None:
        objects.append(page + b" >>")
    else:
        z = zlib.compress(content, 9)
        objects += [page + b" /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
                    b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(z) + z + b"\nendstream",
                    b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    return minimal_pdf(objects)


def encrypted_pdf() -> bytes:
    """A PDF protected by the standard security handler (RC4 128-bit) whose user password is not
    empty: it cannot be opened without the password."""
    objects = [CATALOG, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
               b"<< /Filter /Standard /V 2 /R 3 /Length 128 /P -3904 /O <" + b"a5" * 32 + b"> /U <"
               + b"5a" * 32 + b"> >>"]
    return minimal_pdf(objects, b"/Encrypt 4 0 R /ID [<00112233445566778899aabbccddeeff> "
                                b"<00112233445566778899aabbccddeeff>] ")


def text_bomb(operations: int) -> bytes:
    """One page whose content stream repeats a text-showing operation ``operations`` times: a few
    hundred kilobytes of file that inflate to ~33 bytes per operation and far more in PDFium."""
    return pages_pdf(1, b"BT /F1 12 Tf 10 10 Td (ab) Tj ET\n" * operations)
