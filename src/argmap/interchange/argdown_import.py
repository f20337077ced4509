"""Argdown import: an Argdown document (https://argdown.org/syntax/) as an argmap document.

The document is read into Argdown's own model by :mod:`argmap.interchange.argdown_parse` (the same
statements, arguments and relations as ``argdown json``), then mapped (``docs/interchange.md`` has the
table):

- a **statement** (all statements with one title) is a claim; an **argument without a
  premise–conclusion structure** is a claim too (its description is the reason it gives);
- an **argument with a premise–conclusion structure** is one inference per inference line: the
  premises are the statements its data's ``uses`` names, else those since the previous conclusion
  and that conclusion; its rules (``Modus ponens``) are the scheme;
- a **support** (or ``entails``) relation to a claim is an inference with one premise; an
  **attack** (or ``contrary``) on a claim is a rebuttal, a **contradiction** two rebuttals; an
  **undercut** of a reconstructed argument undercuts its main inference, of an argument without
  structure the one inference it is the premise of;
- ``#thesis`` and ``#implicit-premise`` are roles, ``#(asserted-by …)`` an attribution; the front
  matter's ``title``, ``author`` and ``date`` are the work's.

A document that argmap wrote (its front matter has argmap's ``argmap:`` block) gives back the map:
the work, sources and positions from the front matter, each claim's fields from its inline data, and
each relation's id, scheme and note from the comment argmap wrote after it (``// I5 {scheme: …}``),
one inference or attack per occurrence. What cannot be mapped is reported with an ``X52x`` code at
its ``file:line:col`` — never dropped silently; what argmap has no field for (other tags, other data,
further definitions of a statement) is kept in the claim's note and reported as information.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import networkx as nx

from argmap.interchange.aif.importer import Imported
from argmap.interchange.argdown_model import Argument, Document, Member, Relation, Statement
from argmap.interchange.argdown_parse import read_argdown
from argmap.load.document import Doc
from argmap.load.yamlsafe import YamlProblem, parse as parse_yaml
from argmap.model.diagnostics import Diagnostic

_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_.\-]*$")
_CLAIM_FIELDS = ("gloss", "section", "fidelity", "justification", "asserted_by", "evidence", "links", "note")
_WORK_FIELDS = ("title", "title_en", "authors", "year", "date", "kind", "institution", "venue", "advisor",
                "container_title", "volume", "issue", "pages", "publisher", "publisher_place", "doi", "url",
                "language", "note")
#: Largest Argdown file read, in bytes (Argdown's own examples are under 20 KB).
MAX_ARGDOWN_BYTES = 10 * 1024 * 1024
_COMMENT = re.compile(r"^(?P<id>[A-Za-z][A-Za-z0-9_.\-]*)(?:;.*|\s+(?P<data>\{.*\}))?$")


def from_argdown(text: str, file: str, *, map_id: str | None = None, language: str = "en",
                 thesis: str | None = None) -> Imported:
    """Build an argmap document from the text of an Argdown document.

    Parameters
    ----------
    text : str
        The Argdown document.
    file : str
        Its path, for diagnostics (1-based line and column, in code points) and notes.
    map_id : str, optional
        Id of the new map (default: argmap's front matter's, else the file name made an id).
    language : str
        BCP 47 tag of the texts when the front matter does not say (default ``en``).
    thesis : str, optional
        The claim to mark as thesis: a claim id or an Argdown title. Default: the ``#thesis`` tag,
        else the claim most claims lead to (X526).

    Returns
    -------
    Imported
        ``doc`` (``None`` with X522 when the document has no statement or argument), the
        diagnostics, ``node_types`` (statements, arguments, relations read) and ``made`` (claims,
        inferences, attacks). Raises nothing for any text.
    """
    doc = read_argdown(text)
    run = _Import(doc, file)
    for line, col, message in doc.problems:
        run.report("X523", message, (line, col))
    if not doc.statements and not doc.arguments:
        run.report("X522", "no Argdown statement or argument in the file, so there is nothing to make a map of")
        return Imported(None, sorted(run.diags, key=Diagnostic.sort_key))
    run.make_claims()
    run.make_argument_inferences()
    run.make_relations()
    run.mark_thesis(thesis)
    result = run.document(map_id, language)
    counts = {"statements": len(doc.statements), "arguments": len(doc.arguments), "relations": len(doc.relations)}
    made = {"claims": len(run.claims), "inferences": len(run.inferences), "attacks": len(run.attacks)}
    return Imported(result, sorted(run.diags, key=Diagnostic.sort_key), counts, made)


class _Import:
    """One :func:`from_argdown` run: the Argdown model, the argmap documents made and the reports."""

    def __init__(self, doc: Document, file: str) -> None:
        self.doc, self.file = doc, file
        self.front = doc.front_matter if isinstance(doc.front_matter, dict) else {}
        mine = self.front.get("argmap")
        self.mine: dict[str, Any] = mine if isinstance(mine, dict) and "map" in mine else {}
        self.diags: list[Diagnostic] = []
        self.used: set[str] = set()
        self.claim_of: dict[int, str] = {}  # id(Statement or Argument) -> claim id
        self.claims: list[Doc] = []
        self.inferences: list[Doc] = []
        self.attacks: list[Doc] = []
        self.main_inference: dict[str, str] = {}  # argument title -> id of its main inference
        self.tags_reported: set[str] = set()
        self.place: dict[str, tuple[int, int]] = {}  # claim id -> where it is first written
        sources = self.mine.get("sources") if isinstance(self.mine.get("sources"), list) else []
        defaults = [s.get("id") for s in sources if isinstance(s, dict) and s.get("default")]
        self.implied_source = defaults[0] if len(defaults) == 1 else (
            sources[0].get("id") if len(sources) == 1 and isinstance(sources[0], dict) else None)

    def report(self, code: str, message: str, where: tuple[int, int] = (1, 1)) -> None:
        self.diags.append(Diagnostic(code, message, self.file, where[0], where[1]))

    def new_id(self, title: str, prefix: str) -> str:
        if _ID.match(title):
            wanted = title
        else:
            wanted = re.sub(r"[^A-Za-z0-9_.\-]+", "-", title).strip("-.")
            wanted = wanted if wanted[:1].isalpha() else f"{prefix}-{wanted}".rstrip("-")
        candidate, k = wanted, 2
        while candidate in self.used:
            candidate, k = f"{wanted}-{k}", k + 1
        self.used.add(candidate)
        return candidate

    # -- claims ---------------------------------------------------------------------------------------

    def make_claims(self) -> None:
        """Statements and arguments without structure, in the order they first appear in the file."""
        nodes: list[Statement | Argument] = [*self.doc.statements.values()]
        nodes += [a for a in self.doc.arguments.values() if not a.pcs]
        nodes.sort(key=lambda n: min(((m.line, m.column) for m in n.members), default=(10**9, 0)))
        for node in nodes:
            self.claims.append(self.claim(node))

    def claim(self, node: Statement | Argument) -> Doc:
        kind = "statement" if isinstance(node, Statement) else "argument"
        title = f"[{node.title}]" if kind == "statement" else f"<{node.title}>"
        cid = self.claim_of[id(node)] = self.new_id(node.title, "S" if kind == "statement" else "A")
        defining = [m for m in node.members if not m.reference and _plain(m)]
        blank = [m for m in node.members if not m.reference and m.text]  # e.g. an escaped space: "\\ "
        where = self.place[cid] = _place(node.members)
        if defining:
            text = _plain(defining[0])
        elif blank:
            text = blank[0].text
        else:
            text = f"[Argdown {kind} {title} has no text]"
            self.report("X527", f"{kind} {title} is only referred to, never given a text; the claim's text says "
                                f"so — write the claim", where)
        doc: Doc = {"id": cid, "text": text}
        data = dict(node.data)
        notes = [] if self.mine else [f"Argdown {kind} {title}, {Path(self.file).name}:{where[0]}"]
        others = list(dict.fromkeys(_plain(m) for m in defining[1:] if _plain(m) != text))
        if others:
            self.report("X525", f"{kind} {title} has {len(others) + 1} different texts; the first is the claim's, "
                                f"the others are kept in its note", _place(defining[1:]))
            notes.append("also written as: " + " | ".join(others))
        self.roles_and_tags(node, doc, data, notes, where)
        fields = {k: data.pop(k) for k in _CLAIM_FIELDS if k in data}
        doc["gloss"] = fields.pop("gloss", text)
        section = next((m.section for m in (defining or node.members) if m.section), None)
        if section and not self.mine and "section" not in fields:
            fields["section"] = section
        if isinstance(fields.get("evidence"), list):
            for e in fields["evidence"]:
                if isinstance(e, dict) and e.get("source") is not None and e.get("source") == self.implied_source:
                    del e["source"]
        if data:
            self.report("X525", f"{kind} {title}: inline data {', '.join(map(str, data))} has no argmap field; "
                                f"kept in the claim's note", where)
            notes.append("Argdown data: " + json.dumps(data, ensure_ascii=False, default=str))
        if "note" in fields and isinstance(fields["note"], str):
            notes.insert(0, fields.pop("note"))
        doc.update(fields)
        if notes:
            doc["note"] = "; ".join(notes)
        return doc

    def roles_and_tags(self, node: Statement | Argument, doc: Doc, data: dict[str, Any], notes: list[str],
                       where: tuple[int, int]) -> None:
        other = []
        for tag in node.tags:
            if tag == "thesis":
                doc["role"] = "thesis"
            elif tag == "implicit-premise":
                doc["role"] = "implicit-premise"
            elif tag.startswith("asserted-by "):
                if "asserted_by" not in data:
                    words = tag.split()[1:]
                    year = int(words[-1]) if len(words) > 1 and re.fullmatch(r"\d{4}", words[-1]) else None
                    data["asserted_by"] = {"author": " ".join(words[:-1] if year else words), **(
                        {"year": year} if year else {})}
            else:
                other.append(tag)
                if tag not in self.tags_reported:
                    self.tags_reported.add(tag)
                    self.report("X525", f"tag #{tag} has no argmap field; it is kept in the note of each claim that "
                                        f"has it", where)
        if other:
            notes.append("Argdown tags: " + " ".join(f"#({t})" if " " in t else f"#{t}" for t in other))

    # -- inferences from premise-conclusion structures -------------------------------------------------

    def make_argument_inferences(self) -> None:
        for arg in self.doc.arguments.values():
            if arg.pcs:
                self.argument_inferences(arg)

    def argument_inferences(self, arg: Argument) -> None:
        base = self.new_id(arg.title, "A")
        conclusions = [k for k, item in enumerate(arg.pcs) if item.inference is not None]
        previous = -1
        for step, k in enumerate(conclusions, 1):
            item = arg.pcs[k]
            inf = item.inference
            uses = inf.data.get("uses") if isinstance(inf.data, dict) else None
            if isinstance(uses, list) and uses:
                numbers = {p.number: p for p in arg.pcs[:k]}
                premises = [numbers[u].title for u in uses if isinstance(u, int) and u in numbers]
                if len(premises) != len(uses):
                    self.report("X524", f"<{arg.title}>: uses {uses} names statements the structure does not have "
                                        f"before ({item.number}); only those it has are premises", (inf.line, inf.column))
            else:
                premises = [p.title for p in arg.pcs[previous + 1:k]] + (
                    [arg.pcs[previous].title] if previous >= 0 else [])
            previous = k
            fid = base if k == len(arg.pcs) - 1 else self.new_id(f"{base}.{step}", "A")
            f: Doc = {"id": fid, "premises": [self.claim_of[id(self.doc.statements[t])] for t in premises],
                      "conclusion": self.claim_of[id(self.doc.statements[item.title])]}
            self.inference_fields(f, arg, inf.rules)
            self.inferences.append(f)
        self.main_inference[arg.title] = base

    def inference_fields(self, f: Doc, arg: Argument, rules: list[str]) -> None:
        data = dict(arg.data)
        if self.mine:
            for key in ("scheme", "note"):
                if isinstance(data.get(key), str):
                    f[key] = data[key]
            return
        if rules:
            f["scheme"] = ", ".join(rules)
        desc = next((_plain(m) for m in arg.members if not m.reference and _plain(m)), "")
        note = [f"Argdown argument <{arg.title}>" + (f": {desc}" if desc else "")]
        if arg.tags:
            note.append("Argdown tags: " + " ".join(f"#{t}" for t in arg.tags))
        if data:
            note.append("Argdown data: " + json.dumps(data, ensure_ascii=False, default=str))
        f["note"] = "; ".join(note)

    # -- relations ------------------------------------------------------------------------------------

    def make_relations(self) -> None:
        undercuts = []
        for rel in self.doc.relations:
            if rel.kind == "undercut":
                undercuts.append(rel)  # after the supports they may target
            elif rel.kind in ("support", "entails"):
                self.support(rel)
            else:
                self.attack(rel)
        for rel in undercuts:
            self.undercut(rel)

    def occurrences(self, rel: Relation) -> list[tuple[tuple[int, int], str | None, dict[str, Any]]]:
        """Each occurrence to import: one per occurrence with argmap's id comment in a document argmap
        wrote, else the relation once; with its place, id and comment data."""
        out = []
        for line, col, comment in rel.occurrences:
            mt = _COMMENT.match(comment or "") if self.mine else None
            if mt is None:
                continue
            data: dict[str, Any] = {}
            if mt.group("data"):
                try:
                    parsed = parse_yaml(mt.group("data")).data
                    data = parsed if isinstance(parsed, dict) else {}
                except YamlProblem:
                    self.report("X523", f"the comment after this relation is not argmap's: {comment[:60]!r}", (line, col))
            out.append(((line, col), mt.group("id"), data))
        if not out:
            line, col, _ = rel.occurrences[0]
            out.append(((line, col), None, {}))
        return out

    def node_name(self, node: Any) -> str:
        if isinstance(node, Statement):
            return f"[{node.title}]"
        if isinstance(node, Argument):
            return f"<{node.title}>"
        return f"the inference of <{node.argument}>"

    def support(self, rel: Relation) -> None:
        source, target = self.claim_of.get(id(rel.source)), self.claim_of.get(id(rel.target))
        if source is None or target is None:
            self.unmapped(rel, "argmap's inferences conclude a claim, and Argdown does not say which premise of "
                               "the argument is supported")
            return
        for where, rid, data in self.occurrences(rel):
            f: Doc = {"id": self.new_id(rid or f"{source}-to-{target}", "R"), "premises": [source],
                      "conclusion": target}
            for key in ("scheme", "note"):
                if isinstance(data.get(key), str):
                    f[key] = data[key]
            if rel.kind == "entails" and "note" not in f:
                f["note"] = "Argdown: entails (strict mode)"
            self.inferences.append(f)

    def attack(self, rel: Relation) -> None:
        source, target = self.claim_of.get(id(rel.source)), self.claim_of.get(id(rel.target))
        if source is None or target is None:
            self.unmapped(rel, "an argmap rebuttal attacks a claim, and Argdown does not say which premise of the "
                               "argument is attacked")
            return
        pairs = [(source, target)] + ([(target, source)] if rel.kind == "contradictory" else [])
        for where, rid, data in self.occurrences(rel):
            for attacker, attacked in pairs:
                a: Doc = {"id": self.new_id(rid or f"{attacker}-attacks-{attacked}", "R"), "attacker": attacker,
                          "target": attacked, "type": "rebuttal"}
                if isinstance(data.get("note"), str):
                    a["note"] = data["note"]
                elif rel.kind != "attack":
                    a["note"] = {"contrary": "Argdown: contrary (strict mode)",
                                 "contradictory": "Argdown: contradiction (><)"}[rel.kind]
                self.attacks.append(a)

    def undercut(self, rel: Relation) -> None:
        source = self.claim_of.get(id(rel.source))
        target = None
        if rel.target.kind == "inference":
            target = self.main_inference.get(rel.target.argument)
        elif isinstance(rel.target, Argument) and id(rel.target) in self.claim_of:
            claim = self.claim_of[id(rel.target)]
            supports = [f["id"] for f in self.inferences if f["premises"] == [claim]]
            target = supports[0] if len(supports) == 1 else None
        if source is None or target is None:
            self.unmapped(rel, "an argmap undercut attacks one inference, and this target is no inference (or the "
                               "premise of several)")
            return
        for where, rid, data in self.occurrences(rel):
            a: Doc = {"id": self.new_id(rid or f"{source}-undercuts-{target}", "R"), "attacker": source,
                      "target": target, "type": "undercut"}
            if isinstance(data.get("note"), str):
                a["note"] = data["note"]
            self.attacks.append(a)

    def unmapped(self, rel: Relation, why: str) -> None:
        line, col, _ = rel.occurrences[0]
        self.report("X524", f"{rel.kind} relation from {self.node_name(rel.source)} to {self.node_name(rel.target)} "
                            f"is not imported: {why}", (line, col))

    # -- thesis and document --------------------------------------------------------------------------

    def mark_thesis(self, wanted: str | None) -> None:
        chosen = None
        if wanted is not None:
            by_title = {**{t: self.claim_of.get(id(s)) for t, s in self.doc.statements.items()},
                        **{t: self.claim_of.get(id(a)) for t, a in self.doc.arguments.items()}}
            chosen = wanted if any(c["id"] == wanted for c in self.claims) else by_title.get(wanted)
            if chosen is None:
                self.report("X526", f"--thesis {wanted} is neither a claim id nor a title of the document; "
                                    f"choosing one instead")
        marked = [c["id"] for c in self.claims if c.get("role") == "thesis"]
        if chosen is None and len(marked) == 1:
            return
        if chosen is None:
            chosen = self.choose_thesis()
        for c in self.claims:
            if c.get("role") == "thesis" and c["id"] != chosen:
                del c["role"]
        for i, c in enumerate(self.claims):
            if c["id"] == chosen:
                self.claims[i] = {"id": c["id"], "role": "thesis", **{k: v for k, v in c.items() if k not in ("id", "role")}}

    def choose_thesis(self) -> str:
        g: nx.DiGraph = nx.DiGraph()
        g.add_nodes_from(c["id"] for c in self.claims)
        for f in self.inferences:
            g.add_edges_from((p, f["conclusion"]) for p in f["premises"])
        for a in self.attacks:
            if a["type"] == "rebuttal":
                g.add_edge(a["attacker"], a["target"])
        ids = [c["id"] for c in self.claims]
        roots = [c for c in ids if g.out_degree(c) == 0] or ids
        reach = {c: len(nx.ancestors(g, c)) for c in roots}
        best = max(roots, key=lambda c: reach[c])
        self.report("X526", f"claim {best} is taken as the thesis: {reach[best]} of {len(ids) - 1} other claims lead "
                            f"to it; {len(roots) - 1} other claim(s) lead nowhere; choose another with --thesis",
                    self.place.get(best, (1, 1)))
        return best

    def document(self, map_id: str | None, language: str) -> Doc:
        name = Path(self.file).name
        stem = re.sub(r"[^a-z0-9-]+", "-", name.lower().removesuffix(".argdown")).strip("-") or "argdown"
        mine = self.mine
        mid = map_id or (mine.get("map") if isinstance(mine.get("map"), str) else None) or stem
        work = {k: mine[k] for k in _WORK_FIELDS if k in mine} if mine else self.work(name, language)
        doc: Doc = {"argmap": 1, "id": mid, "work": work,
                    "sources": mine.get("sources") if isinstance(mine.get("sources"), list) else [],
                    "claims": self.claims}
        if self.inferences:
            doc["inferences"] = self.inferences
        if self.attacks:
            doc["attacks"] = self.attacks
        if isinstance(mine.get("positions"), list):
            doc["positions"] = mine["positions"]
        if isinstance(mine.get("expect"), dict):
            doc["expect"] = mine["expect"]
        if isinstance(mine.get("map_note"), str):
            doc["note"] = mine["map_note"]
        return doc

    def work(self, name: str, language: str) -> Doc:
        front = self.front
        title = " ".join(str(front.get("title") or "").split()) or f"Argdown document {name}"
        authors = front.get("author")
        names = [authors] if isinstance(authors, str) else [str(a) for a in authors] if isinstance(authors, list) else []
        work: Doc = {"title": title, "authors": [{"name": " ".join(n.split())} for n in names if n.strip()]
                     or [{"name": "unknown"}], "kind": "other", "language": language}
        date = front.get("date")
        if date is not None and str(date).strip():
            work["date"] = str(date).strip()
            year = re.search(r"\b(1[5-9]\d\d|20\d\d)\b", work["date"])
            if year:
                work["year"] = int(year.group(1))
        unused = [str(k) for k in front if k not in ("title", "author", "date", "subTitle")]
        if unused:
            self.report("X525", f"front matter {', '.join(unused)}: Argdown settings or data with no place in a "
                                f"map; not imported", self.doc.front_place)
        work["note"] = (f"Imported from the Argdown file {name} by argmap import; the language is what --language "
                        f"said.")
        return work


def _plain(member: Member) -> str:
    """A member's text for a claim: trailing tags removed (tags inside the text stay), whitespace runs
    made one space, trimmed."""
    text = member.text
    for start, end in sorted(member.tag_spans, reverse=True):
        if not text[end:].strip():
            text = text[:start]
    return " ".join(text.split())


def _place(members: list[Member]) -> tuple[int, int]:
    return min(((m.line, m.column) for m in members), default=(1, 1))
