"""Completion and the document outline.

Completion reads where the cursor is from the text's indentation (:func:`argmap.lsp.text.cursor_at`),
so it works in a half-typed line, and offers what may be written there: claim and inference ids in
``premises``, ``conclusion``, ``attacker``, ``target`` and a position's ``claims``; source ids in a
quote's ``source``; issue ids and the chosen issue's position ids in ``positions``; ``map#claim``
in ``links[].to`` and map ids in ``asserted_by.map``; field names (those not yet written) and
enumerated values from the JSON Schema. The outline lists the claims grouped by section, then the
inferences and attacks (maps), or the issues with their positions (issues files).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from argmap.lsp.navigate import issue_of, model, schema_at
from argmap.lsp.project import ISSUES, MAP, Doc, Folder
from argmap.lsp.text import cursor_at, line_key, quiet, sibling_value
from argmap.model import NOT_ADDRESSED, Map

#: Most items offered at once (the editor filters them as the user types).
MAX_ITEMS = 2000

_CLAIM_REFS = {("inferences", "premises"), ("inferences", "conclusion"), ("attacks", "attacker"),
               ("positions", "claims")}


@dataclass(frozen=True)
class Item:
    """One completion: the ``label`` inserted, its ``kind`` (``id``, ``field``, ``value``), a
    one-line ``detail`` and longer ``documentation``; ``insert`` replaces the label when it differs."""

    label: str
    kind: str
    detail: str = ""
    documentation: str = ""
    insert: str | None = None


def _short(text: str, n: int = 80) -> str:
    return text if len(text) <= n else text[:n] + "…"


def _claims(m: Map, prefix: str = "") -> list[Item]:
    return [Item(prefix + c.id, "id", _short(c.text), c.gloss) for c in m.claims]


def complete(folder: Folder | None, doc: Doc, lines: list[str], line: int, col: int) -> tuple[list[Item], int, int]:
    """The completions at 0-based (``line``, ``col``) and the columns of the word they replace."""
    cur = cursor_at(lines, line, col)
    if cur.in_key:
        return _fields(doc, lines, line, cur), cur.start, cur.end
    m = model(doc)
    keys = cur.keys
    items: list[Item] = []
    if m is not None and keys in _CLAIM_REFS:
        items = _claims(m)
    elif m is not None and keys == ("attacks", "target"):
        items = _claims(m) + [Item(f.id, "id", f"inference: {', '.join(p.id for p in f.premises)} → {f.conclusion.id}")
                              for f in m.inferences]
    elif m is not None and keys == ("claims", "evidence", "source"):
        items = [Item(s.id, "id", _short(s.title), s.raw_path) for s in m.sources]
    elif folder is not None and keys == ("positions", "issue"):
        items = [Item(i.id, "id", _short(i.question), i.question_en) for i in _issues(folder)]
    elif folder is not None and keys == ("positions", "position"):
        items = _positions(folder, sibling_value(lines, line, cur.key_col, "issue"))
    elif folder is not None and keys == ("claims", "links", "to"):
        return _map_refs(folder, lines[line], col)
    elif folder is not None and keys[-1:] == ("map",) and "asserted_by" in keys:
        items = [Item(o.id, "id", _short(o.work.title)) for d in folder.maps() if (o := model(d)) is not None]
    else:
        items = _enum(doc, keys)
    return items[:MAX_ITEMS], cur.start, cur.end


def _issues(folder: Folder) -> list[Any]:
    return [i for d in folder.docs.values() if d.kind == ISSUES and d.good is not None for i in d.good.model.issues]


def _positions(folder: Folder, issue_id: str | None) -> list[Item]:
    got = issue_of(folder, issue_id) if issue_id else None
    if got is None:
        return [Item(NOT_ADDRESSED, "value", "the work does not address the issue")]
    issue = got[1]
    return [Item(p.id, "value", f"{p.label} · {p.label_en}", p.definition) for p in issue.positions] + [
        Item(NOT_ADDRESSED, "value", "the work does not address the issue")]


def _map_refs(folder: Folder, text: str, col: int) -> tuple[list[Item], int, int]:
    """``map#claim`` completions: map ids, or once ``map#`` is typed, that map's claims."""
    start = col
    while start > 0 and text[start - 1] not in " \t\"'[,:":
        start -= 1
    typed = text[start:col]
    end = col
    while end < len(text) and text[end] not in " \t\"',]#" or (end < len(text) and text[end] == "#"):
        end += 1
    if "#" in typed:
        map_id = typed.split("#", 1)[0]
        other = next((o for d in folder.maps() if (o := model(d)) is not None and o.id == map_id), None)
        items = _claims(other, map_id + "#") if other is not None else []
    else:
        items = [Item(o.id + "#", "id", _short(o.work.title)) for d in folder.maps() if (o := model(d)) is not None]
    return items[:MAX_ITEMS], start, end


def _enum(doc: Doc, keys: tuple[str, ...]) -> list[Item]:
    """The enumerated (or boolean) values the schema allows for the field at ``keys``."""
    if not keys:
        return []
    sub = schema_at(doc.kind, keys[:-1])
    prop = (sub or {}).get("properties", {}).get(keys[-1]) or {}
    values = prop.get("enum") or (["true", "false"] if prop.get("type") == "boolean" else [])
    return [Item(str(v), "value", prop.get("title", ""), prop.get("description", "")) for v in values]


def _fields(doc: Doc, lines: list[str], line: int, cur: Any) -> list[Item]:
    """The fields of the mapping at the cursor that are not written yet (``key: `` inserted)."""
    sub = schema_at(doc.kind, cur.keys)
    if not sub or "properties" not in sub:
        return []
    present = _present_keys(lines, line, cur.key_col)
    required = set(sub.get("required", ()))
    out = []
    for key, prop in sub["properties"].items():
        if key in present:
            continue
        detail = ("required · " if key in required else "") + prop.get("title", "")
        nested = prop.get("type") in ("object", "array")
        out.append(Item(key, "field", detail, prop.get("description", ""), insert=f"{key}:" + ("" if nested else " ")))
    return out


def _present_keys(lines: list[str], line: int, key_col: int) -> set[str]:
    """Keys already written in the mapping whose keys sit at ``key_col`` around ``line``."""
    out: set[str] = set()
    for step in (-1, 1):
        l = line + step
        while 0 <= l < len(lines):
            text = lines[l]
            if not quiet(text):
                d, c, k, _v = line_key(text)
                starts_item = 0 <= d < key_col
                if step == 1 and starts_item:
                    break  # the next item of the list
                if k is not None and c == key_col:
                    out.add(k)
                if starts_item or (d < 0 and c < key_col):
                    break  # the first key of this mapping, or a key of the mapping above
            l += step
    return out


# -- outline ------------------------------------------------------------------------------------


@dataclass
class Symbol:
    """An outline entry: ``name``, ``detail``, ``kind`` (``group``, ``claim``, ``inference``,
    ``attack``, ``issue``, ``position``, ``source``), 0-based first and last line, the 1-based
    line and column of its id and the id's length, and its children."""

    name: str
    detail: str
    kind: str
    first: int
    last: int
    id_line: int
    id_column: int
    id_length: int
    children: list["Symbol"]


def _item_spans(located: Any, key: str, lines: list[str]) -> list[tuple[int, int]]:
    """0-based (first, last) lines of each item of the top-level list ``key``."""
    items = located.data.get(key) if isinstance(located.data, dict) else None
    if not isinstance(items, list) or not items:
        return []
    last = len(lines) - 1
    starts = [min(last, located.position((key, i))[0] - 1) for i in range(len(items))]
    out = []
    for i, s in enumerate(starts):
        end = max(s, starts[i + 1] - 1) if i + 1 < len(starts) else last
        if i + 1 == len(starts):  # the last item ends before the next top-level key
            for l in range(s + 1, len(lines)):
                if lines[l][:1] not in ("", " ", "#", "-"):
                    end = l - 1
                    break
        while end > s and quiet(lines[end]):
            end -= 1
        out.append((s, end))
    return out


def outline(doc: Doc, lines: list[str]) -> list[Symbol]:
    """The outline of ``doc`` by its last version that loaded."""
    if doc.good is None:
        return []
    located, m = doc.good.located, doc.good.model
    if doc.kind == MAP:
        return _map_outline(m, located, lines)
    out = []
    for (first, last), issue in zip(_item_spans(located, "issues", lines), m.issues):
        kids = [Symbol(p.id, p.label, "position", p.loc.line - 1, p.loc.line - 1, p.loc.line, p.loc.column, len(p.id), [])
                for p in issue.positions]
        out.append(Symbol(issue.id, issue.question, "issue", first, last, issue.loc.line, issue.loc.column,
                          len(issue.id), kids))
    return out


def _map_outline(m: Map, located: Any, lines: list[str]) -> list[Symbol]:
    groups: dict[str, Symbol] = {}
    for (first, last), c in zip(_item_spans(located, "claims", lines), m.claims):
        name = c.section or "(no section)"
        sym = Symbol(c.id, _short(c.text, 60), "claim", first, last, c.loc.line, c.loc.column, len(c.id), [])
        g = groups.get(name)
        if g is None:
            g = groups[name] = Symbol(name, "", "group", first, last, first + 1, 1, 0, [])
        g.children.append(sym)
        g.first, g.last = min(g.first, first), max(g.last, last)
    out = list(groups.values())
    for key, items in (("inferences", m.inferences), ("attacks", m.attacks)):
        spans = _item_spans(located, key, lines)
        if not spans:
            continue
        kids = []
        for (first, last), x in zip(spans, items):
            detail = (f"{', '.join(p.id for p in x.premises)} → {x.conclusion.id}" if key == "inferences"
                      else f"{x.attacker.id} {x.type} {x.target.id}")
            kids.append(Symbol(x.id, detail, key[:-1] if key == "attacks" else "inference", first, last,
                               x.loc.line, x.loc.column, len(x.id), []))
        out.append(Symbol(key, f"{len(items)}", "group", spans[0][0], spans[-1][1], spans[0][0] + 1, 1, 0, kids))
    return out
