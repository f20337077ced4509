"""Argdown's model of a document, and the rules Argdown applies to it after parsing.

The classes mirror what ``argdown json`` reports: **statements** (equivalence classes: all
statements with one title, each occurrence a :class:`Member`), **arguments** (descriptions and an
optional premise–conclusion structure of :class:`PcsItem`, each conclusion after an
:class:`Inference`) and **relations** between them. :func:`transform` applies Argdown's rules after
parsing (see :mod:`argmap.interchange.argdown_parse`). Lines and columns are 1-based, in code points.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Union


@dataclass
class Member:
    """One occurrence of a statement, or of an argument's description."""

    title: str | None
    line: int
    column: int
    role: str
    text: str = ""
    reference: bool = False
    tags: list[str] = field(default_factory=list)
    tag_spans: list[tuple[int, int]] = field(default_factory=list)
    data: Any = None
    section: str | None = None
    parts: list[str] = field(default_factory=list, repr=False)
    length: int = 0

    def add(self, piece: str) -> None:
        """Append to the text (kept in pieces while it is read: linear, however long)."""
        if piece:
            self.parts.append(piece)
            self.length += len(piece)

    def done(self) -> None:
        self.text = "".join(self.parts)


@dataclass(eq=False)
class Statement:
    """An equivalence class: every statement with this title."""

    title: str
    members: list[Member] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    relations: list["Relation"] = field(default_factory=list)
    kind = "statement"


@dataclass(eq=False)
class Inference:
    """The inference line(s) of a premise–conclusion structure, before the conclusion they lead to."""

    argument: str
    line: int
    column: int
    rules: list[str] = field(default_factory=list)
    data: Any = None
    relations: list["Relation"] = field(default_factory=list)
    kind = "inference"


@dataclass
class PcsItem:
    """One numbered statement of a premise–conclusion structure."""

    title: str
    number: int
    role: str  # premise, intermediary-conclusion, main-conclusion
    member: Member
    inference: Inference | None = None


@dataclass(eq=False)
class Argument:
    title: str
    members: list[Member] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    pcs: list[PcsItem] = field(default_factory=list)
    relations: list["Relation"] = field(default_factory=list)
    line: int = 0
    column: int = 0
    kind = "argument"


Node = Union[Statement, Argument, Inference]


@dataclass(eq=False)
class Relation:
    """A relation: ``kind`` is support, attack, undercut, contradictory, contrary or entails; each
    occurrence is the (line, column) of its symbol and the ``//`` comment on that line, if any."""

    kind: str
    source: Node
    target: Node
    occurrences: list[tuple[int, int, str | None]] = field(default_factory=list)


@dataclass
class Document:
    """What :func:`read_argdown` read. ``problems`` are (line, column, message) of the constructs
    the grammar does not accept (skipped to the next blank line)."""

    statements: dict[str, Statement] = field(default_factory=dict)
    arguments: dict[str, Argument] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    front_matter: Any = None
    front_place: tuple[int, int] = (1, 1)
    problems: list[tuple[int, int, str]] = field(default_factory=list)


def _drop(rel: Relation, *nodes: Node) -> None:
    for node in nodes:
        if rel in node.relations:
            node.relations.remove(rel)


def _move_source(doc: Document, rel: Relation) -> bool:
    """A relation from a reconstructed argument starts at its main conclusion; False when that
    makes it a repetition (or a relation of the conclusion with itself), which is dropped."""
    arg = rel.source
    assert isinstance(arg, Argument)
    _drop(rel, arg)
    ec = doc.statements[arg.pcs[-1].title]
    rel.source = ec
    existing = next((r for r in ec.relations if r.target is rel.target and r.kind == rel.kind), None)
    if existing is None:
        ec.relations.append(rel)
        return True
    if existing is not rel:
        existing.occurrences.extend(rel.occurrences)
    _drop(rel, rel.target)
    return False


def _move_target(rel: Relation) -> bool:
    """An undercut of a reconstructed argument targets its main inference."""
    arg = rel.target
    assert isinstance(arg, Argument)
    inference = arg.pcs[-1].inference
    assert inference is not None
    rel.target = inference
    _drop(rel, arg)
    existing = next((r for r in inference.relations if r.source is rel.source and r.kind == rel.kind), None)
    if existing is None:
        inference.relations.append(rel)
        return True
    existing.occurrences.extend(rel.occurrences)
    _drop(rel, rel.source)
    return False


def _strict(doc: Document) -> None:
    """``model: {mode: strict}``: support between statements is entailment, attack is contrariety."""
    kept = []
    for rel in doc.relations:
        if rel.source.kind == "statement" and rel.target.kind == "statement":
            if rel.kind == "support":
                rel.kind = "entails"
            elif rel.kind == "attack":
                if any(r.kind == "contrary" and {r.source, r.target} == {rel.source, rel.target}
                       for r in rel.source.relations):
                    _drop(rel, rel.source, rel.target)
                    continue
                rel.kind = "contrary"
        kept.append(rel)
    doc.relations = kept


def _redundant(doc: Document, rel: Relation) -> bool:
    """An attack of a statement on a reconstructed argument that one of its attacks (or
    contradictions, contrarieties) on a premise of that argument already says: merged into it."""
    ec, arg = rel.source, rel.target
    if not (ec.kind == "statement" and rel.kind == "attack" and isinstance(arg, Argument) and arg.pcs):
        return False
    premises = {p.title for p in arg.pcs if p.role == "premise"}
    for r in ec.relations:
        other = r.target if r.source is ec else r.source
        if other.kind == "statement" and ((r.kind == "attack" and r.source is ec) or
                                          r.kind in ("contradictory", "contrary")) and other.title in premises:
            _drop(rel, ec, arg)
            r.occurrences.extend(rel.occurrences)
            return True
    return False


def transform(doc: Document) -> None:
    """Argdown's model rules after parsing (module docstring), in Argdown's order."""
    kept = []
    for rel in doc.relations:
        keep = True
        if isinstance(rel.source, Argument) and rel.source.pcs:
            keep = _move_source(doc, rel)
        if rel.kind == "undercut" and isinstance(rel.target, Argument) and rel.target.pcs:
            keep = _move_target(rel) and keep
        if keep:
            kept.append(rel)
    doc.relations = kept
    front = doc.front_matter if isinstance(doc.front_matter, dict) else {}
    if isinstance(front.get("model"), dict) and front["model"].get("mode") == "strict":
        _strict(doc)
    doc.relations = [r for r in doc.relations if not _redundant(doc, r)]


