"""The language server's piecewise parse (argmap.lsp.chunks) gives exactly what a whole parse gives:
the same data and the same line and column for every value and key, or the same problem at the
same place, on the corpus and on texts mangled line by line (hypothesis)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.load.yamlsafe import YamlProblem, parse
from argmap.lsp.chunks import ChunkedParser

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted((ROOT / "arguments").glob("*.yaml")) + [ROOT / "arguments" / "sources" / "manifest.yaml"]
BASE = (ROOT / "arguments" / "thesis000-ch5.argmap.yaml").read_text(encoding="utf-8")
LINES = BASE.split("\n")

#: Lines that change how YAML reads what follows them.
SNIPPETS = ['    text: "unclosed', "    text: 'it''s", "  - id: X", "- id: X", "claims:", "claims: []",
            "inferences:", "    note: |", "    note: >-", "      # a comment", "# a comment", "---", "...",
            "\t- id: T", "    premises: [A,", "    premises: [A, B]", "  - {id: F, text: t, gloss: g}",
            "    id: dup", "      - quote: x", "  -", "  - ", "    evidence:", "  &a x", "  *a", "note: x",
            "    positions: [", "]", "  \"", "x: \"a", "  b\"", "", "   ", "  - id: T\n    role: thesis"]


def _same(a, b) -> bool:
    return a.data == b.data and dict(a.values) == dict(b.values) and dict(a.keys) == dict(b.keys)


def _outcome(parser, text: str):
    try:
        return parser(text, 64)
    except YamlProblem as p:
        return (p.code, p.message, p.line, p.column)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_corpus_parses_the_same_in_pieces(path):
    text = path.read_text(encoding="utf-8")
    chunked = ChunkedParser()
    got = chunked(text)
    assert chunked.parsed > 1  # it really was parsed in pieces
    assert _same(got, parse(text))


def test_an_edit_parses_one_piece_again():
    chunked = ChunkedParser()
    chunked(BASE)
    lines = list(LINES)
    row = next(i for i, x in enumerate(lines) if x.startswith("    gloss:") and x.endswith("."))
    lines[row] += " (edited)"
    edited = "\n".join(lines)
    assert _same(chunked(edited), parse(edited))
    assert chunked.parsed == 1
    lines.insert(row, "    note: a line more")  # every line below moves: positions follow
    edited = "\n".join(lines)
    # the item, and the glue (the text outside the lists, whose later lines moved down)
    assert _same(chunked(edited), parse(edited)) and chunked.parsed == 2


#: Texts where a line that looks like a list or a key is not one (it is inside a quoted scalar, a
#: block scalar or a flow collection), or the list has an unusual shape.
TRICKY = [
    'note: "abc\nclaims:\n  - id: T\ntitle: "\n',
    'note: "abc\nclaims:\n  - id: T\n  - id: U"\n',
    "note: |\n  - id: X\nclaims:\n  - id: T\n",
    "claims:\n- id: T\n- id: U\n  text: x\nnote: y\n",
    "claims:\n  - id: T\n# a comment at the margin\n  - id: U\n",
    "claims: [\n  {id: T},\n  ]\nnote: x\n",
    "note: [a,\nclaims:\n  - id: T\n  ]\n",
    "claims:\n  - id: T\n    text: a long\n      plain scalar\n  - id: U\n",
    "claims:\n  - id: T\n    text: 'a\n  - id: U'\n",
    "claims:\n  - id: T\n  - id: T\n    id: U\n",
    "claims:\n  -\n  - id: U\n",
]


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_texts_parse_the_same_in_pieces(text):
    got, want = _outcome(ChunkedParser(), text), _outcome(lambda t, d: parse(t, max_depth=d), text)
    if isinstance(want, tuple):
        assert got == want
    else:
        assert not isinstance(got, tuple) and _same(got, want)


edits = st.lists(st.tuples(st.integers(0, len(LINES) - 1), st.sampled_from(["delete", "insert", "indent", "dedent"]),
                           st.sampled_from(SNIPPETS)), min_size=1, max_size=3)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits)
def test_mangled_texts_parse_the_same_in_pieces(changes):
    lines = list(LINES)
    for row, how, snippet in changes:
        row = min(row, len(lines) - 1)
        if how == "delete":
            del lines[row]
        elif how == "insert":
            lines[row:row] = snippet.split("\n")
        elif how == "indent":
            lines[row] = "  " + lines[row]
        else:
            lines[row] = lines[row][2:] if lines[row].startswith("  ") else lines[row]
    text = "\n".join(lines)
    chunked = ChunkedParser()
    chunked(BASE)  # the pieces of the unmangled text are cached, as in an editor
    got, want = _outcome(chunked, text), _outcome(lambda t, d: parse(t, max_depth=d), text)
    if isinstance(want, tuple):
        assert got == want
    else:
        assert not isinstance(got, tuple) and _same(got, want)
