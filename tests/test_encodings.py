"""Decoding text sources (argmap.evidence.encodings) and folding radical look-alikes
(argmap.evidence.radicals), on passages of the seed texts re-encoded in the encodings scholars'
files come in. Every expected text is the seed passage itself, never argmap's output."""

from __future__ import annotations

import codecs
import random
import unicodedata
from pathlib import Path

import pytest

from argmap.evidence.encodings import EncodingError, TooLarge, decode_text, read_text
from argmap.evidence.radicals import SUPPLEMENT, fold_radical, fold_radicals

# the verbatim copy of seed 002 in the corpus
SEED_002 = Path(__file__).resolve().parent.parent / "arguments" / "sources" / "002_a7571c67bdaab12b.txt"


def encodable_passage(encoding: str, chars: int = 3000) -> str:
    """Whole lines of seed 002 (Chinese paragraphs) that ``encoding`` can encode, about ``chars`` long."""
    lines = [ln for ln in SEED_002.read_text(encoding="utf-8").split("\n")
             if len(ln) > 30 and sum(not c.isascii() for c in ln) > len(ln) // 2]
    out: list[str] = []
    for ln in lines[20:]:
        try:
            ln.encode(encoding)
        except UnicodeEncodeError:
            continue
        out.append(ln)
        if sum(map(len, out)) > chars:
            break
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("encoding", ["big5", "cp950", "gb18030"])
def test_detects_cjk_encodings(encoding: str) -> None:
    text = encodable_passage(encoding)
    got = decode_text(text.encode(encoding))
    assert got.text == text
    assert got.how == "detected"
    # the decoder used is the detected family or its superset
    assert got.encoding in {"big5": ("cp950", "big5hkscs", "big5"), "cp950": ("cp950", "big5hkscs", "big5"),
                            "gb18030": ("gb18030",)}[encoding]


@pytest.mark.parametrize("encoding,mark", [("utf-16", None), ("utf-16-le", codecs.BOM_UTF16_LE),
                                           ("utf-16-be", codecs.BOM_UTF16_BE), ("utf-32", None),
                                           ("utf-8", codecs.BOM_UTF8)])
def test_byte_order_marks(encoding: str, mark: bytes | None) -> None:
    text = encodable_passage("utf-8", 500)
    data = text.encode(encoding) if mark is None else mark + text.encode(encoding)
    got = decode_text(data)
    assert got.text == text  # the mark is not part of the text
    assert got.bom and got.how == "bom"


def test_utf8_without_mark_is_utf8() -> None:
    text = encodable_passage("utf-8", 500)
    got = decode_text(text.encode("utf-8"))
    assert (got.text, got.encoding, got.how, got.bom) == (text, "utf-8", "utf-8", False)


def test_explicit_encoding_overrides_detection() -> None:
    text = encodable_passage("big5", 1000)
    data = text.encode("big5")
    got = decode_text(data, "big5")
    assert got.text == text and got.how == "explicit"
    # the same bytes read as Latin-1 on request: the caller decides
    assert decode_text(data, "latin-1").text == data.decode("latin-1")


def test_explicit_encoding_that_does_not_fit() -> None:
    data = encodable_passage("gb18030", 500).encode("gb18030")
    with pytest.raises(EncodingError) as e:
        decode_text(data, "utf-8")
    assert "offset" in str(e.value) and "--encoding" in str(e.value)


def test_unknown_encoding_name() -> None:
    with pytest.raises(EncodingError) as e:
        decode_text(b"abc", "no-such-codec")
    assert "no-such-codec" in str(e.value)


def test_undetectable_bytes() -> None:
    rng = random.Random(18)
    data = bytes(rng.randrange(256) for _ in range(4000))
    with pytest.raises(EncodingError) as e:
        decode_text(data)
    msg = str(e.value)
    assert "not UTF-8" in msg and "byte-order" in msg and "--encoding" in msg


def test_read_text_is_bounded(tmp_path: Path) -> None:
    p = tmp_path / "big.txt"
    p.write_bytes(b"a" * 1001)
    with pytest.raises(TooLarge):
        read_text(p, max_bytes=1000)
    got, raw = read_text(p, max_bytes=1001)
    assert got.text == "a" * 1001 and raw == b"a" * 1001


def test_fold_radicals() -> None:
    # Kangxi radicals (NFKC) and the CJK Radicals Supplement (table): 力 大 面 民
    text, counts = fold_radicals("\u2f12\u2f24\u2faf\u2ea0主")
    assert text == "力大面民主"
    assert counts == {"kangxi": 3, "radicals_supplement": 1}
    assert fold_radicals("力量") == ("力量", {})


def test_supplement_table_agrees_with_unicode_where_nfkc_knows() -> None:
    # the two supplement characters that have a compatibility decomposition: the table agrees with it
    for cp in (0x2E9F, 0x2EF3):
        assert chr(SUPPLEMENT[cp]) == unicodedata.normalize("NFKC", chr(cp))
    # every entry is a CJK radical of the supplement mapped to a CJK ideograph
    for cp, target in SUPPLEMENT.items():
        assert 0x2E80 <= cp <= 0x2EFF
        assert unicodedata.name(chr(target)).startswith("CJK UNIFIED IDEOGRAPH")
    # and every Kangxi radical folds to a unified ideograph
    for cp in range(0x2F00, 0x2FD6):
        assert unicodedata.name(fold_radical(chr(cp))).startswith("CJK UNIFIED IDEOGRAPH")


def test_radicals_match_unified_quotes(tmp_path: Path) -> None:
    """A source holding radical look-alikes matches a quote typed with the unified ideographs, and
    the reverse (normalised matching folds radicals on both sides)."""
    from argmap.evidence.sources import SourceText

    src = SourceText("人\u2ea0的\u2f12量很\u2f24。")
    assert src.find_normalised("人民的力量很大")
    assert SourceText("人民的力量很大。").find_normalised("人\u2ea0的\u2f12量很\u2f24")
