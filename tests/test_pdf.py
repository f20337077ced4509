"""PDF text with its layout (argmap.evidence.pdf): a thesis generated from seed 002 with Chromium
(its pagination known by construction, tests/thesis_pdf.py), the real PDFs of
../shared/corpora/pdf/ (vertical Japanese; /PageLabels), and hostile PDFs built here.

Expected pages, labels and texts come from the generator's record of what it laid on each page,
from the PDF's own /PageLabels as the corpus README states them, and from the poem jo.pdf sets;
never from argmap's output."""

from __future__ import annotations

import types
from pathlib import Path

import pytest

from argmap.evidence.pdf import PdfError, PdfLimits, extract, extract_bounded
from argmap.evidence.sources import Layout, Matching, SourceText, strip_space
from tests.thesis_pdf import RUNNING_HEAD, Thesis, encrypted_pdf, make_thesis, pages_pdf, text_bomb

ROOT = Path(__file__).resolve().parent.parent
PDFS = ROOT.parent / "shared" / "corpora" / "pdf"


@pytest.fixture(scope="module")
def thesis(tmp_path_factory) -> Thesis:
    return make_thesis(tmp_path_factory.mktemp("thesis"), front=3, body=8)


@pytest.fixture(scope="module")
def extracted(thesis: Thesis):
    return extract(thesis.pdf.read_bytes())


def source_of(x) -> SourceText:
    """The extracted text indexed as argmap indexes a source with its derived layout."""
    kinds = {"running head": "running head", "footnotes": "footnote band", "footnote marker": "footnote marker"}
    layout = Layout(tuple((p.start, p.label) for p in x.pages), tuple((b.start, b.end, kinds[b.kind]) for b in x.bands),
                    x.label_source, "")
    return SourceText(x.text, Matching(layout=layout))


def page_text(x, i: int) -> str:
    end = x.pages[i + 1].start if i + 1 < len(x.pages) else len(x.text)
    return x.text[x.pages[i].start:end]


def test_printed_labels(thesis: Thesis, extracted) -> None:
    assert [p.label for p in extracted.pages] == [p.label for p in thesis.pages]
    assert [p.label for p in thesis.pages][:6] == [None, "i", "ii", "iii", "1", "2"]
    assert extracted.label_source == "printed"


def test_each_page_holds_its_body(thesis: Thesis, extracted) -> None:
    for i, page in enumerate(thesis.pages):
        assert strip_space(page.body) in strip_space(visible_text(extracted, i)), i


def visible_text(x, i: int) -> str:
    """Page ``i``'s text without its bands (running heads, footnotes, markers)."""
    src = source_of(x)
    end = x.pages[i + 1].start if i + 1 < len(x.pages) else len(x.text)
    return src.visible(x.pages[i].start - 1 if i else 0, end)


def test_running_heads_and_numbers_are_bands(thesis: Thesis, extracted) -> None:
    heads = [extracted.text[b.start:b.end] for b in extracted.bands if b.kind == "running head"]
    numbered = [p for p in thesis.pages if p.label is not None]
    assert heads.count(RUNNING_HEAD) == len(thesis.pages)  # every page prints it, the title page too
    assert sorted(h for h in heads if h != RUNNING_HEAD) == sorted(p.label for p in numbered)


def test_footnote_bands_and_markers(thesis: Thesis, extracted) -> None:
    bands = [b for b in extracted.bands if b.kind == "footnotes"]
    noted = [i for i, p in enumerate(thesis.pages) if p.notes]
    assert len(bands) == len(noted)
    for b, i in zip(bands, noted):
        end = extracted.pages[i + 1].start if i + 1 < len(extracted.pages) else len(extracted.text)
        assert extracted.pages[i].start <= b.start < b.end <= end
        band = strip_space(extracted.text[b.start:b.end])
        for note in thesis.pages[i].notes:
            assert strip_space(note) in band
    markers = [b for b in extracted.bands if b.kind == "footnote marker"]
    expected = [str(n) for n in range(1, sum(len(p.notes) for p in thesis.pages) + 1)]
    assert [extracted.text[b.start:b.end] for b in markers] == expected
    # each marker sits right after the character the generator put it after
    body_markers = [(i, at) for i, p in enumerate(thesis.pages) for at in p.markers]
    for b, (i, at) in zip(markers, body_markers):
        before = strip_space(extracted.text[:b.start])[-1]
        assert before == thesis.pages[i].body[at - 1]


def test_quotes_find_their_pages(thesis: Thesis, extracted) -> None:
    src = source_of(extracted)
    page = thesis.pages[6]  # label "3": inside a page
    quote = page.body[100:130]
    [span] = src.find_all(quote) or src.find_normalised(quote)
    assert src.page_span(span.start, span.end) == (3, None)
    # across the break from page 3 to page 4 (footer, page break, running head in between)
    a, b = thesis.pages[6], thesis.pages[7]
    assert b.paragraphs[0][1], "the generator continues a paragraph across this break"
    quote = a.body[-12:] + b.body[:12]
    [span] = src.find_normalised(quote)
    assert src.page_span(span.start, span.end) == (3, 4)
    # across a footnote marker, on a page with footnotes
    p = next(p for p in thesis.pages if p.markers)
    at = p.markers[0]
    quote = p.body[at - 10:at + 10]
    [span] = src.find_normalised(quote)
    assert src.page_span(span.start, span.end)[0] == int(p.label)
    assert [g.kind for g in src.ignored_within(span.start, span.end)] == ["footnote marker"]
    # roman front matter
    quote = thesis.pages[2].body[50:80]
    [span] = src.find_all(quote)
    assert src.page_span(span.start, span.end) == ("ii", None)


def test_jo_vertical_columns_in_order() -> None:
    x = extract((PDFS / "jo.pdf").read_bytes())
    assert x.pages[0].vertical and x.label_source == "physical" and x.pages[0].label == "1"
    src = SourceText(x.text)
    # the poem's first two columns: the quote runs from one column into the next
    quote = "わたくしといふ現象は假定された有機交流電燈のひとつの青い照明です"
    assert len(src.find_all(quote)) == 1
    # columns right to left, the upper tier before the lower one
    flat = strip_space(x.text)
    order = ["序", "わたくしといふ現象は", "（ひかりはたもち、その電燈は失はれ）", "これらは二十二箇月の",
             "みんなのおのおののなかのすべてですから）", "けれどもこれら新世代沖積世の", "第四次延長のなかで主張されます",
             "大正十三年一月廿日"]
    at = [flat.index(strip_space(s)) for s in order]
    assert at == sorted(at)
    # PDFium's own order does not give it (so the test shows the reordering)
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(PDFS / "jo.pdf"))
    naive = strip_space(doc[0].get_textpage().get_text_range())
    assert quote not in naive


def test_pagelabels_pdf() -> None:
    x = extract((PDFS / "pagelabels.pdf").read_bytes())
    assert [p.label for p in x.pages] == ["iii", "iv", "1", "2", "1"]
    assert x.label_source == "pdf"


def test_page_label_fallback_to_raw_pdfium() -> None:
    import pypdfium2
    import pypdfium2.raw as raw

    from argmap.evidence.pdf import _page_label

    doc = pypdfium2.PdfDocument(str(PDFS / "pagelabels.pdf"))
    bare = types.SimpleNamespace(_as_parameter_=doc.raw)  # no get_page_label method
    assert [_page_label(bare, raw, i) for i in range(5)] == ["iii", "iv", "1", "2", "1"]


def test_radicals_are_folded() -> None:
    """A PDF whose text holds Kangxi and supplement radicals gives unified ideographs, counted."""
    from argmap.evidence.pdf import PdfText, _assemble
    from argmap.evidence.pdflayout import Line, Page

    line = Line("人\u2ea0的\u2f12量", [(10.0 * i, 700.0, 10.0 * i + 9, 710.0) for i in range(5)])
    x: PdfText = _assemble([Page(0, 595, 842, [line])], [""], "test")
    assert x.text.startswith("人民的力量")
    assert x.normalised == {"kangxi": 1, "radicals_supplement": 1}


# -- hostile PDFs: each a PdfError with its own message ----------------------------------------


def test_encrypted() -> None:
    with pytest.raises(PdfError, match="encrypted"):
        extract_bounded(encrypted_pdf())


def test_no_text_layer() -> None:
    with pytest.raises(PdfError, match="no text layer: .*OCR.*ocrmypdf"):
        extract_bounded(pages_pdf(3))


def test_truncated(thesis: Thesis) -> None:
    data = thesis.pdf.read_bytes()
    with pytest.raises(PdfError, match="truncated"):
        extract_bounded(data[: len(data) // 2])


def test_corrupt() -> None:
    with pytest.raises(PdfError, match="corrupt"):
        extract_bounded(b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n")


def test_not_a_pdf() -> None:
    with pytest.raises(PdfError, match="not a PDF"):
        extract_bounded(b"hello\n%%EOF\n")


def test_too_many_pages() -> None:
    with pytest.raises(PdfError, match="200,000 pages, over the limit of 5,000"):
        extract_bounded(pages_pdf(200_000))


def test_over_max_bytes(thesis: Thesis) -> None:
    data = thesis.pdf.read_bytes()
    with pytest.raises(PdfError, match="larger than the limit"):
        extract_bounded(data, PdfLimits(max_bytes=len(data) - 1))


def test_text_bomb_memory() -> None:
    with pytest.raises(PdfError, match="memory limit"):
        extract_bounded(text_bomb(3_000_000), PdfLimits(max_memory=512 * 1024 * 1024))


def test_text_bomb_time() -> None:
    with pytest.raises(PdfError, match="longer than the limit"):
        extract_bounded(text_bomb(3_000_000), PdfLimits(timeout=0.5))


def test_deep_nesting() -> None:
    """Nested arrays 100,000 deep in the page dictionary: refused or read, never a crash of
    argmap itself (PDFium has its own depth limit; the child process contains the rest)."""
    nested = b"[" * 100_000 + b"]" * 100_000
    from tests.thesis_pdf import CATALOG, minimal_pdf

    data = minimal_pdf([CATALOG, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Deep " + nested + b" >>"])
    with pytest.raises(PdfError):
        extract_bounded(data)
