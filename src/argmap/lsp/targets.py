"""What the cursor is on: an id, a reference, a quote, a field name. Read from the document's text
(its indentation, so that it works while the YAML is broken) and, for quotes, from the last model
of the document that loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from argmap.lsp.project import ISSUES, MAP, Doc
from argmap.lsp.text import Cursor, cursor_at, indent_after, sibling_value, token_end
from argmap.model import Claim, Evidence, Map

#: Cursor key paths (list indexes left out) → what the value there names.
_MAP_VALUES: dict[tuple[str, ...], tuple[str, bool]] = {
    ("claims", "id"): ("claim", True),
    ("inferences", "id"): ("inference", True),
    ("attacks", "id"): ("attack", True),
    ("sources", "id"): ("source", True),
    ("id",): ("map", True),
    ("inferences", "premises"): ("claim", False),
    ("inferences", "conclusion"): ("claim", False),
    ("attacks", "attacker"): ("claim", False),
    ("attacks", "target"): ("item", False),
    ("positions", "claims"): ("claim", False),
    ("claims", "evidence", "source"): ("source", False),
    ("claims", "links", "to"): ("mapref", False),
    ("claims", "asserted_by", "map"): ("map", False),
    ("positions", "asserted_by", "map"): ("map", False),
    ("positions", "issue"): ("issue", False),
    ("positions", "position"): ("position", False),
    ("sources", "path"): ("path", False),
}
_ISSUES_VALUES: dict[tuple[str, ...], tuple[str, bool]] = {
    ("issues", "id"): ("issue", True),
    ("issues", "positions", "id"): ("position", True),
    ("issues", "criterion_of"): ("issue", False),
    ("typologies", "issue"): ("issue", False),
    ("typologies", "criteria"): ("issue", False),
}


@dataclass(frozen=True)
class Target:
    """What is at a position.

    ``kind``: ``claim``, ``inference``, ``attack``, ``item`` (a claim or an inference: an attack's
    target), ``source``, ``map``, ``mapref`` (``map#claim``), ``issue``, ``position``, ``path`` (a
    source's file), ``quote`` or ``field`` (a key); ``value`` the id (for ``mapref`` the whole
    reference; for ``field`` the key); ``define`` whether this is where the id is defined; ``line``
    and ``start``/``end`` (0-based, code points) the token; ``keys`` the cursor's key path;
    ``issue`` the issue a position belongs to (when known); ``evidence`` the quote (kind ``quote``).
    """

    kind: str
    value: str
    define: bool
    line: int
    start: int
    end: int
    keys: tuple[str, ...] = ()
    issue: str | None = None
    evidence: Evidence | None = None
    claim: Claim | None = None


def evidence_at(doc: Doc, lines: list[str], line: int, col: int) -> tuple[Claim, Evidence] | None:
    """The quote whose ``quote:`` value holds 0-based (``line``, ``col``), by the document's last
    model that loaded (``None`` when there is none, or the cursor is on no quote)."""
    m = doc.good.model if doc.good is not None and doc.kind == MAP else None
    if m is None:
        return None
    for c in m.claims:
        for e in c.evidence:
            l0, c0 = e.loc.line - 1, e.loc.column - 1
            if l0 > line or line - l0 > 200:
                continue
            end = token_end(lines, l0, c0)
            if (l0, c0) <= (line, col) <= end and 0 <= l0 < len(lines) and lines[l0][c0:c0 + 1] != "":
                return c, e
    return None


def target_at(doc: Doc, lines: list[str], line: int, col: int) -> Target | None:
    """The :class:`Target` at 0-based (``line``, ``col``) of ``doc`` whose text is ``lines``."""
    found = evidence_at(doc, lines, line, col)
    if found is not None:
        c, e = found
        return Target("quote", e.quote, False, line, col, col, ("claims", "evidence", "quote"), evidence=e, claim=c)
    cur: Cursor = cursor_at(lines, line, col)
    text = lines[line] if 0 <= line < len(lines) else ""
    if cur.in_key:
        return Target("field", cur.word, True, line, cur.start, cur.end, cur.keys) if cur.word else None
    table = _MAP_VALUES if doc.kind == MAP else _ISSUES_VALUES if doc.kind == ISSUES else {}
    got = table.get(cur.keys)
    if got is None:
        return None
    kind, define = got
    if kind == "mapref":
        start = _value_start(text, cur)
        value = text[start:].split(" #", 1)[0].strip()
        quoted = value[:1] in "\"'" and value[:1] != ""
        value = value.strip("\"'")
        start += 1 if quoted else 0
        return Target(kind, value, False, line, start, start + len(value), cur.keys)
    if not cur.word:
        return None
    issue = None
    if kind == "position":
        issue = sibling_value(lines, line, cur.key_col, "issue") if doc.kind == MAP else _enclosing_issue(lines, line)
    return Target(kind, cur.word, define, line, cur.start, cur.end, cur.keys, issue)


def _value_start(text: str, cur: Cursor) -> int:
    """The column where the value of the line's key starts."""
    colon = text.find(":", cur.key_col if cur.key_col >= 0 else 0)
    return indent_after(text, colon + 1) if colon >= 0 else 0


def _enclosing_issue(lines: list[str], line: int) -> str | None:
    """In an issues file: the ``id`` of the issue whose positions hold ``line``."""
    for l in range(line - 1, -1, -1):
        text = lines[l]
        if text.startswith("  - id:"):
            return text.split(":", 1)[1].split("#", 1)[0].strip().strip("\"'") or None
        if text[:1] not in ("", " ", "#"):
            return None
    return None


def split_ref(value: str) -> tuple[str, str] | None:
    """``("map", "claim")`` of ``"map#claim"``, or ``None``."""
    if "#" not in value:
        return None
    map_id, claim_id = value.split("#", 1)
    return map_id, claim_id


def item_of(m: Map, ident: str) -> Any:
    """The claim, inference or attack of ``m`` with id ``ident`` (or ``None``)."""
    return m.claims_by_id.get(ident) or m.inferences_by_id.get(ident) or next(
        (a for a in m.attacks if a.id == ident), None)
