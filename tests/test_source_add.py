"""``argmap source add`` through the real CLI: a thesis PDF generated from seed 002 with known
pagination (tests/thesis_pdf.py), text files in Big5, GB18030 and UTF-16 made from seed passages,
and hostile input. Expected pages and texts come from the generator's record and from the seed,
never from argmap's own output."""

from __future__ import annotations

import hashlib
import os
import random
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from argmap.cli import main
from tests.thesis_pdf import Thesis, encrypted_pdf, make_thesis, pages_pdf, text_bomb

ROOT = Path(__file__).resolve().parent.parent
SEED_002 = ROOT / "arguments" / "sources" / "002_a7571c67bdaab12b.txt"

MAP = """\
argmap: 1
id: mini
work: {title: 後冷戰時期中共對美平衡戰略, authors: [{name: 林伯雍}], kind: master-thesis, language: zh-Hant, year: 2013}
sources: []
claims:
  - id: T
    role: thesis
    text: 上合組織是對美高度平衡。
    gloss: The SCO balances the US highly.
"""


def run(*args: str, cwd: Path | None = None):
    runner = CliRunner()
    if cwd is None:
        return runner.invoke(main, list(args))
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return runner.invoke(main, list(args))
    finally:
        os.chdir(old)


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``folder``: its bytes and modification time in nanoseconds."""
    return {str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def thesis(tmp_path_factory) -> Thesis:
    return make_thesis(tmp_path_factory.mktemp("pdf"), front=3, body=8)


@pytest.fixture
def work(tmp_path: Path, thesis: Thesis) -> Path:
    """A folder with the thesis PDF and a map without sources."""
    (tmp_path / "thesis.pdf").write_bytes(thesis.pdf.read_bytes())
    (tmp_path / "mini.argmap.yaml").write_text(MAP, encoding="utf-8")
    return tmp_path


def add_thesis(work: Path):
    r = run("source", "add", str(work / "thesis.pdf"), "--map", str(work / "mini.argmap.yaml"))
    assert r.exit_code == 0, r.output
    return r


def entry(work: Path, name: str = "thesis.txt") -> dict:
    manifest = yaml.safe_load((work / "sources" / "manifest.yaml").read_text(encoding="utf-8"))
    [e] = [e for e in manifest["sources"] if e["file"] == name]
    return e


def test_add_pdf(work: Path, thesis: Thesis) -> None:
    original = (work / "thesis.pdf").read_bytes()
    r = add_thesis(work)
    assert (work / "thesis.pdf").read_bytes() == original  # never modified
    text = (work / "sources" / "thesis.txt").read_bytes()
    assert text.decode("utf-8")
    e = entry(work)
    assert e["sha256"] == hashlib.sha256(text).hexdigest()
    assert e["original"] == {"file": "thesis.pdf", "sha256": hashlib.sha256(original).hexdigest(),
                             "bytes": len(original), "format": "pdf"}
    assert [label for _, label in e["derived"]["pages"]] == [p.label for p in thesis.pages]
    assert e["derived"]["labels"] == "printed"
    assert len(e["derived"]["footnotes"]) == sum(1 for p in thesis.pages if p.notes)
    assert len(e["derived"]["markers"]) == sum(len(p.markers) for p in thesis.pages)
    m = yaml.safe_load((work / "mini.argmap.yaml").read_text(encoding="utf-8"))
    assert m["sources"] == [{"id": "thesis", "path": "sources/thesis.txt", "title": e["title"]}]
    assert "added thesis" in r.output and "i–iii, 1–8" in r.output
    # the manifest is valid for argmap: checking the map reads it without diagnostics
    r = run("check", str(work / "mini.argmap.yaml"))
    assert "manifest" not in r.output and "E315" not in r.output


def test_again_is_a_no_op(work: Path) -> None:
    add_thesis(work)
    before = snapshot(work)
    r = add_thesis(work)
    assert "unchanged" in r.output
    assert snapshot(work) == before


def test_changed_original_is_reported(work: Path, tmp_path_factory) -> None:
    add_thesis(work)
    other = make_thesis(tmp_path_factory.mktemp("other"), front=2, body=5, start=200)
    (work / "thesis.pdf").write_bytes(other.pdf.read_bytes())
    r = add_thesis(work)
    assert r.output.startswith("updated thesis")
    assert "changed: original sha256" in r.output and "changed: pages 12 → 8" in r.output
    assert [label for _, label in entry(work)["derived"]["pages"]] == [p.label for p in other.pages]
    # still one source in the map
    m = yaml.safe_load((work / "mini.argmap.yaml").read_text(encoding="utf-8"))
    assert len(m["sources"]) == 1


def quote(work: Path, passage: str) -> tuple[dict, str]:
    r = run("quote", str(work / "sources" / "thesis.txt"), passage)
    assert r.exit_code == 0, r.output
    body = "\n".join(line for line in r.output.splitlines() if not line.startswith("#"))
    [got] = yaml.safe_load(body)
    return got, r.output


def test_quote_pages(work: Path, thesis: Thesis) -> None:
    add_thesis(work)
    labels = [p.label for p in thesis.pages]
    p3 = thesis.pages[labels.index("3")]
    got, out = quote(work, p3.body[100:130])
    assert got["page"] == 3 and "page_end" not in got and "(page 3)" in out
    # across the page break 3 → 4: the footer, the break and the running head lie between
    p4 = thesis.pages[labels.index("4")]
    assert p4.paragraphs[0][1]
    got, out = quote(work, p3.body[-15:] + p4.body[:15])
    assert (got["page"], got["page_end"]) == (3, 4) and "(pages 3–4)" in out
    assert got["quote"] == p3.body[-15:] + p4.body[:15]
    # across a footnote marker: the quote as the reader would copy it, without the marker
    p = next(p for p in thesis.pages if p.markers)
    at = p.markers[0]
    got, _ = quote(work, p.body[at - 12:at + 12])
    assert got["page"] == int(p.label) and got["quote"] == p.body[at - 12:at + 12]
    # roman front matter
    got, _ = quote(work, thesis.pages[labels.index("ii")].body[40:70])
    assert got["page"] == "ii"


def test_check_verifies_pages(work: Path, thesis: Thesis) -> None:
    add_thesis(work)
    labels = [p.label for p in thesis.pages]
    p3, p4 = thesis.pages[labels.index("3")], thesis.pages[labels.index("4")]
    inside, across = p3.body[100:130], p3.body[-15:] + p4.body[:15]
    front = thesis.pages[labels.index("ii")].body[40:70]
    marked = next(p for p in thesis.pages if p.markers)
    at = marked.markers[0]
    m = yaml.safe_load(MAP)
    m["claims"][0]["evidence"] = [{"quote": inside}, {"quote": across}, {"quote": front},
                                  {"quote": marked.body[at - 12:at + 12]}]
    path = work / "mini.argmap.yaml"
    text = path.read_text(encoding="utf-8")
    head = text[:text.index("claims:")]
    path.write_text(head + yaml.safe_dump({"claims": m["claims"]}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    r = run("check", "--fix", str(path))
    assert r.exit_code == 0, r.output
    ev = yaml.safe_load(path.read_text(encoding="utf-8"))["claims"][0]["evidence"]
    assert [(e.get("page"), e.get("page_end")) for e in ev] == [(3, None), (3, 4), ("ii", None),
                                                                (int(marked.label), None)]
    r = run("check", "--strict", str(path))
    assert r.exit_code == 0, r.output
    # the page break is no news (page_end says it); the footnote marker inside the sentence is
    [info] = [line for line in r.output.splitlines() if " E310 " in line]
    assert "spans the footnote marker 「1」" in info
    # a wrong page, with start/end right: E305 naming the right page
    fixed = path.read_text(encoding="utf-8")
    path.write_text(fixed.replace("page: 3\n", "page: 4\n", 1), encoding="utf-8")
    r = run("check", str(path))
    assert r.exit_code == 1 and "E305" in r.output and "starts on page 3, not page 4" in r.output
    # a wrong page_end, and a page_end on a quote that does not cross a break
    path.write_text(fixed.replace("page_end: 4", "page_end: 5"), encoding="utf-8")
    r = run("check", str(path))
    assert "ends on page 4, not page 5" in r.output
    broken = re.sub(r"^( *)page: 3\n", r"\1page: 3\n\1page_end: 9\n", fixed, count=1, flags=re.M)
    assert broken != fixed
    path.write_text(broken, encoding="utf-8")
    r = run("check", str(path))
    assert "does not cross a page break" in r.output
    # --fix puts every one right again, removing the stray page_end
    r = run("check", "--fix", str(path))
    assert r.exit_code == 0, r.output
    assert path.read_text(encoding="utf-8") == fixed
    # a wrong line with start/end right is E305 too
    path.write_text(fixed.replace("line: ", "line: 1", 1), encoding="utf-8")
    r = run("check", str(path))
    assert "E305" in r.output and "not line 1" in r.output


# -- text files in other encodings -------------------------------------------------------------


def passage(encoding: str, chars: int = 2500) -> str:
    lines = [ln for ln in SEED_002.read_text(encoding="utf-8").split("\n")
             if len(ln) > 40 and sum(not c.isascii() for c in ln) > len(ln) // 2]
    out: list[str] = []
    for ln in lines[30:]:
        try:
            ln.encode(encoding)
        except UnicodeEncodeError:
            continue
        out.append(ln)
        if sum(map(len, out)) > chars:
            break
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("encoding", ["big5", "gb18030", "utf-16"])
def test_encoded_text_sources_check_clean(tmp_path: Path, encoding: str) -> None:
    text = passage(encoding)
    original = tmp_path / f"chapter-{encoding}.txt"
    original.write_bytes(text.encode(encoding))
    (tmp_path / "mini.argmap.yaml").write_text(MAP, encoding="utf-8")
    r = run("source", "add", str(original), "--id", "chapter", "--map", str(tmp_path / "mini.argmap.yaml"))
    assert r.exit_code == 0, r.output
    assert (tmp_path / "sources" / "chapter.txt").read_text(encoding="utf-8") == text
    assert original.read_bytes() == text.encode(encoding)
    e = entry(tmp_path, "chapter.txt")
    assert e["original"]["format"] == "text"
    assert e["original"]["encoding_from"] == ("bom" if encoding == "utf-16" else "detected")
    # three quotes from the passage, as a scholar would paste them
    lines = text.split("\n")
    quotes = [lines[0][5:35], lines[2][10:40], lines[1][-20:] + lines[2][:10]]
    path = tmp_path / "mini.argmap.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "    evidence:\n" + "".join(
        f"      - quote: \"{q}\"\n" for q in quotes), encoding="utf-8")
    r = run("check", "--fix", str(path))
    assert r.exit_code == 0, r.output
    r = run("check", "--strict", str(path))
    assert r.exit_code == 0 and "0 error(s), 0 warning(s)" in r.output, r.output


def test_explicit_encoding(tmp_path: Path) -> None:
    text = passage("big5", 800)
    original = tmp_path / "ch.txt"
    original.write_bytes(text.encode("big5"))
    r = run("source", "add", str(original), "--id", "ch", "--encoding", "big5", "--folder", str(tmp_path / "s"))
    assert r.exit_code == 0, r.output
    assert (tmp_path / "s" / "ch.txt").read_text(encoding="utf-8") == text
    manifest = yaml.safe_load((tmp_path / "s" / "manifest.yaml").read_text(encoding="utf-8"))
    assert manifest["sources"][0]["original"]["encoding_from"] == "explicit"


# -- unusable input: exit 2, a clear message, nothing written ----------------------------------


def _undetectable(tmp: Path) -> Path:
    rng = random.Random(18)
    p = tmp / "noise.txt"
    p.write_bytes(bytes(rng.randrange(256) for _ in range(5000)))
    return p


def _write(name: str, data: bytes):
    def make(tmp: Path) -> Path:
        p = tmp / name
        p.write_bytes(data)
        return p
    return make


def _truncated(tmp: Path) -> Path:
    data = (tmp / "thesis.pdf").read_bytes()
    p = tmp / "cut.pdf"
    p.write_bytes(data[: len(data) * 2 // 3])
    return p


BAD = [
    pytest.param(_write("locked.pdf", encrypted_pdf()), (), "encrypted", id="encrypted"),
    pytest.param(_write("scan.pdf", pages_pdf(2)), (), "no text layer: ", id="scanned-no-text"),
    pytest.param(_truncated, (), "truncated", id="truncated"),
    pytest.param(_write("junk.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 8 + b"\n%%EOF\n"), (), "corrupt",
                 id="corrupt"),
    pytest.param(_write("many.pdf", pages_pdf(50)), ("--max-pages", "10"), "50 pages, over the limit of 10",
                 id="too-many-pages"),
    pytest.param(_write("bomb.pdf", text_bomb(3_000_000)), ("--max-memory", "512"), "memory limit",
                 id="bomb-memory"),
    pytest.param(_write("bomb2.pdf", text_bomb(3_000_000)), ("--timeout", "0.5"), "longer than the limit",
                 id="bomb-time"),
    pytest.param(lambda tmp: tmp / "thesis.pdf", ("--max-bytes", "1000"), "larger than the limit of 1,000 bytes",
                 id="over-max-bytes"),
    pytest.param(_undetectable, (), "cannot tell the encoding", id="undetectable-encoding"),
    pytest.param(_write("latin.txt", "déjà vu\n".encode("latin-1") * 50), ("--encoding", "utf-8"), "not utf-8",
                 id="wrong-explicit-encoding"),
    pytest.param(_write("x.txt", b"abc"), ("--encoding", "klingon"), "unknown encoding", id="unknown-encoding"),
    pytest.param(_write("thesis-copy.pdf", b"x"), ("--encoding", "big5", "--id", "x"), None, id="not-a-pdf-but-text"),
]


@pytest.mark.parametrize("make,options,message", BAD)
def test_unusable_input(work: Path, make, options: tuple[str, ...], message: str | None) -> None:
    bad = make(work)
    before = snapshot(work)
    r = run("source", "add", str(bad), "--id", "bad", "--map", str(work / "mini.argmap.yaml"), *options)
    if message is None:  # a one-byte text file in Big5 is fine: the control case of the table
        assert r.exit_code == 0, r.output
        return
    assert r.exit_code == 2, r.output
    assert message in r.output and "Traceback" not in r.output
    assert r.output.count("\n") == 1  # one line: the file and why
    assert snapshot(work) == before  # nothing written, not even the folder


def test_hand_made_text_is_not_overwritten(work: Path) -> None:
    (work / "sources").mkdir()
    (work / "sources" / "thesis.txt").write_text("my own text\n", encoding="utf-8")
    before = snapshot(work)
    r = run("source", "add", str(work / "thesis.pdf"), "--folder", str(work / "sources"))
    assert r.exit_code == 2 and "was not made by 'argmap source add'" in r.output
    assert snapshot(work) == before


def test_original_inside_the_folder_is_not_overwritten(tmp_path: Path) -> None:
    text = passage("big5", 500)
    (tmp_path / "sources").mkdir()
    original = tmp_path / "sources" / "ch.txt"
    original.write_bytes(text.encode("big5"))
    r = run("source", "add", str(original), "--folder", str(tmp_path / "sources"))
    assert r.exit_code == 2 and "over the original" in r.output
    assert original.read_bytes() == text.encode("big5")


def test_changed_text_makes_layout_stale(work: Path) -> None:
    add_thesis(work)
    txt = work / "sources" / "thesis.txt"
    txt.write_text(txt.read_text(encoding="utf-8") + "extra\n", encoding="utf-8")
    r = run("check", str(work / "mini.argmap.yaml"))
    assert "warning E315" in r.output and "manifest.yaml" in r.output


def test_pdf_named_as_a_source_says_what_to_do(work: Path) -> None:
    path = work / "mini.argmap.yaml"
    path.write_text(MAP.replace("sources: []", "sources:\n  - {id: t, path: thesis.pdf, title: T}"), encoding="utf-8")
    r = run("check", str(path))
    assert "E303" in r.output and "a PDF" in r.output and "argmap source add thesis.pdf" in r.output
