"""The immutable model of an argument map (format version 1, ``docs/format.md``).

Everything is a frozen dataclass built once by :mod:`argmap.load.loader`; every element carries the
:class:`Location` of its definition in the map file so that any check can point at it. Terms follow
the field (GUIDE §1; AIF): a :class:`Claim` is an I-node, an :class:`Inference` an RA-node (its
premises are *linked* when there are several), an :class:`Attack` a CA-node (``rebuttal`` on a claim,
``undercut`` on an inference).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

THESIS, CLAIM, IMPLICIT = "thesis", "claim", "implicit-premise"
#: How a claim's text stands to the work's words (docs/encoding.md, "Fidelity"), from closest to
#: farthest: the text is one of its quotes; the same content in other words; a condensation of two or
#: more passages; the encoder's reading of what the text implies; an implicit premise reconstructed.
QUOTATION, PARAPHRASE, SUMMARY, INTERPRETATION, RECONSTRUCTION = (
    "quotation", "paraphrase", "summary", "interpretation", "reconstruction")
FIDELITY = (QUOTATION, PARAPHRASE, SUMMARY, INTERPRETATION, RECONSTRUCTION)
REBUTTAL, UNDERCUT = "rebuttal", "undercut"


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a file: ``file`` as displayed, 1-based ``line`` and ``column`` (code points)."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Ref:
    """A reference to an id (a claim, inference or source), with where the reference is written."""

    id: str
    loc: Location


@dataclass(frozen=True, slots=True)
class Author:
    name: str
    name_en: str | None = None


@dataclass(frozen=True, slots=True)
class Work:
    """Bibliographic data of the work mapped. The fields after ``advisor`` are CSL-JSON's
    (``container-title``, ``volume``, ``issue``, ``page``, ``publisher``, ``publisher-place``,
    ``DOI``, ``URL``); ``pages`` is the work's page range as printed (e.g. ``117-145``)."""

    title: str
    authors: tuple[Author, ...]
    kind: str
    language: str
    title_en: str | None = None
    year: int | None = None
    date: str | None = None
    institution: str | None = None
    venue: str | None = None
    advisor: str | None = None
    note: str | None = None
    container_title: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    publisher: str | None = None
    publisher_place: str | None = None
    doi: str | None = None
    url: str | None = None

    @property
    def author_names(self) -> str:
        """Authors joined with ``、``, e.g. ``林伯雍``."""
        return "、".join(a.name for a in self.authors)


@dataclass(frozen=True, slots=True)
class Source:
    """A source text file. ``path`` is resolved against the map file's folder; ``loc`` is where the
    ``sources[]`` entry is written, ``path_loc`` where its ``path:`` value is (``None`` when built
    in code). ``default`` marks the source that quotes without ``source:`` come from in a map with
    several sources."""

    id: str
    path: Path
    title: str
    loc: Location
    raw_path: str = ""
    path_loc: Location | None = None
    authors: tuple[str, ...] = ()
    year: int | None = None
    pages: str | None = None
    origin: str | None = None
    note: str | None = None
    sha256: str | None = None
    default: bool = False


@dataclass(frozen=True, slots=True)
class Evidence:
    """A verbatim quote. ``source`` is ``None`` when the map has one source and the quote names none.

    ``line`` is 1-based; ``start``/``end`` are code-point offsets into the source file's text
    (``end`` exclusive, as Python slicing; a W3C TextPositionSelector); ``prefix``/``suffix`` are
    the TextQuoteSelector's context (whitespace removed); ``page`` (where the quote starts) and
    ``page_end`` (where it ends, when it crosses a page break) are page labels as printed. ``loc``
    is where the ``quote`` value is written; ``path`` is the data path of the evidence mapping in
    the YAML document (for ``--fix``)."""

    quote: str
    loc: Location
    source: Ref | None = None
    line: int | None = None
    start: int | None = None
    end: int | None = None
    note: str | None = None
    prefix: str | None = None
    suffix: str | None = None
    page: int | str | None = None
    page_end: int | str | None = None
    path: tuple[str | int, ...] = ()


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who, other than the work's author, asserts a claim (the work only reports it)."""

    author: str
    year: int | None = None
    work: str | None = None
    map: str | None = None
    note: str | None = None

    def label(self) -> str:
        """Short citation, e.g. ``余建華 2009``, in Unicode NFC: a name typed composed (``é``) and one
        typed decomposed (``e`` + U+0301) are one holder (R215, the matrix's rows, clusters)."""
        return unicodedata.normalize("NFC", f"{self.author} {self.year}" if self.year else self.author)


@dataclass(frozen=True, slots=True)
class Link:
    """A reference to a claim in another map: ``map_id#claim_id`` with a relation."""

    map_id: str
    claim_id: str
    relation: str
    loc: Location
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    """A claim (I-node). ``fidelity`` is one of :data:`FIDELITY`, or ``None`` when the map does not
    say (checks C403-C407 test what each value promises); ``fidelity_loc`` is where it is written."""

    id: str
    text: str
    gloss: str
    loc: Location
    role: str = CLAIM
    section: str | None = None
    justification: str | None = None
    asserted_by: Attribution | None = None
    evidence: tuple[Evidence, ...] = ()
    links: tuple[Link, ...] = ()
    note: str | None = None
    fidelity: str | None = None
    fidelity_loc: Location | None = None

    @property
    def is_thesis(self) -> bool:
        return self.role == THESIS

    @property
    def is_implicit(self) -> bool:
        return self.role == IMPLICIT


@dataclass(frozen=True, slots=True)
class Inference:
    """Premises (linked when several) supporting one conclusion."""

    id: str
    premises: tuple[Ref, ...]
    conclusion: Ref
    loc: Location
    scheme: str | None = None
    note: str | None = None

    @property
    def linked(self) -> bool:
        return len(self.premises) > 1


@dataclass(frozen=True, slots=True)
class Attack:
    """``attacker`` (a claim) attacks ``target``: a claim (``rebuttal``) or an inference (``undercut``)."""

    id: str
    attacker: Ref
    target: Ref
    type: str
    loc: Location
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Expectation:
    """A label the encoder expects ``argmap evaluate`` to give the claim or inference ``id`` under
    grounded semantics, the map evaluated alone (``expect:``; docs/evaluation.md): ``label`` is
    ``in``, ``out`` or ``undec``; ``loc`` is where the label is written."""

    id: str
    label: str
    loc: Location


@dataclass(frozen=True, slots=True)
class Map:
    """One work's argument map. ``path`` is the map file; ``file`` is its path as displayed.

    Lookups :attr:`claims_by_id` and friends keep the *first* definition of a duplicated id (the
    duplicate is reported by check ``R201``)."""

    id: str
    path: Path
    file: str
    work: Work
    sources: tuple[Source, ...]
    claims: tuple[Claim, ...]
    inferences: tuple[Inference, ...] = ()
    attacks: tuple[Attack, ...] = ()
    positions: tuple["PositionStatement", ...] = ()
    note: str | None = None
    loc: Location | None = None
    id_loc: Location | None = None
    #: Hex SHA-256 of the file's bytes as the loader read them (``None`` for a map built in code):
    #: ``argmap check --fix`` edits the file only while it still holds these bytes.
    sha256: str | None = field(default=None, compare=False)
    expect: tuple[Expectation, ...] = ()
    claims_by_id: Mapping[str, Claim] = field(init=False, repr=False, compare=False)
    inferences_by_id: Mapping[str, Inference] = field(init=False, repr=False, compare=False)
    sources_by_id: Mapping[str, Source] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        def first(items):  # type: ignore[no-untyped-def]
            out: dict = {}
            for item in items:
                out.setdefault(item.id, item)
            return MappingProxyType(out)

        object.__setattr__(self, "claims_by_id", first(self.claims))
        object.__setattr__(self, "inferences_by_id", first(self.inferences))
        object.__setattr__(self, "sources_by_id", first(self.sources))

    @property
    def theses(self) -> tuple[Claim, ...]:
        return tuple(c for c in self.claims if c.is_thesis)

    def source_of(self, evidence: Evidence) -> Source | None:
        """The source an evidence item quotes: its named one, else the only one, else the one
        marked ``default`` (:attr:`default_source`). ``None`` if unknown."""
        if evidence.source is not None:
            return self.sources_by_id.get(evidence.source.id)
        return self.sources[0] if len(self.sources) == 1 else self.default_source

    @property
    def default_source(self) -> Source | None:
        """The map's only source, or the one source marked ``default: true`` (``None`` when several
        are marked, which check R220 reports, or none is)."""
        if len(self.sources) == 1:
            return self.sources[0]
        marked = [s for s in self.sources if s.default]
        return marked[0] if len(marked) == 1 else None

    def supported_claim_ids(self) -> frozenset[str]:
        """Ids of claims that are the conclusion of at least one inference."""
        return frozenset(i.conclusion.id for i in self.inferences)

    def reasons_for(self, claim_id: str) -> tuple[Inference, ...]:
        """Inferences whose conclusion is ``claim_id`` (its reasons), in map order."""
        return tuple(f for f in self.inferences if f.conclusion.id == claim_id)

    def supported_by(self, claim_id: str) -> tuple[Inference, ...]:
        """Inferences that have ``claim_id`` among their premises (what it supports), in map order."""
        return tuple(f for f in self.inferences if any(p.id == claim_id for p in f.premises))

    def objections_to(self, claim_id: str) -> tuple[Attack, ...]:
        """Attacks on ``claim_id``: rebuttals of it and undercuts of its reasons, in map order."""
        targets = {claim_id} | {f.id for f in self.reasons_for(claim_id)}
        return tuple(a for a in self.attacks if a.target.id in targets)

    def attacks_by(self, claim_id: str) -> tuple[Attack, ...]:
        """Attacks whose attacker is ``claim_id``, in map order."""
        return tuple(a for a in self.attacks if a.attacker.id == claim_id)

    def positions_of(self, claim_id: str) -> tuple["PositionStatement", ...]:
        """Position statements (own or attributed) that name ``claim_id`` among their claims."""
        return tuple(p for p in self.positions if any(r.id == claim_id for r in p.claims))

    def unsupported_claims(self) -> tuple[Claim, ...]:
        """Claims with no evidence, no supporting inference, and not implicit premises (check C401)."""
        supported = self.supported_claim_ids()
        return tuple(c for c in self.claims
                     if not c.evidence and not c.is_implicit and c.id not in supported)


NOT_ADDRESSED = "not-addressed"


@dataclass(frozen=True, slots=True)
class PositionStatement:
    """A map's answer to an issue: ``position`` (an id of the issue's positions, or ``not-addressed``)
    established by ``claims``. With ``asserted_by`` it is a position the work *attributes* to someone
    else. Several statements on one issue by the same holder must all be ``ambiguous``."""

    issue: Ref
    position: Ref
    loc: Location
    claims: tuple[Ref, ...] = ()
    ambiguous: bool = False
    asserted_by: Attribution | None = None
    note: str | None = None

    @property
    def holder(self) -> str | None:
        """``None`` for the work's own position, else the attributed author's label."""
        return self.asserted_by.label() if self.asserted_by else None


@dataclass(frozen=True, slots=True)
class IssuePosition:
    """One possible answer to an issue, defined in words (IBIS position). ``by_absence`` is true when
    a work holds it by what it leaves out (e.g. 002's 「排除(不考量)美國擴張」): a statement of it must
    name the claims that show the work's framing and say in its note what is left out (R217, R218)."""

    id: str
    label: str
    label_en: str
    definition: str
    loc: Location
    definition_en: str | None = None
    source: str | None = None
    by_absence: bool = False


@dataclass(frozen=True, slots=True)
class Issue:
    """An open question the corpus disputes, with its possible positions."""

    id: str
    question: str
    question_en: str
    positions: tuple[IssuePosition, ...]
    loc: Location
    criterion_of: str | None = None
    note: str | None = None

    def position_ids(self) -> frozenset[str]:
        """Ids of the defined positions plus ``not-addressed``."""
        return frozenset(p.id for p in self.positions) | {NOT_ADDRESSED}


@dataclass(frozen=True, slots=True)
class CampRule:
    """``camp`` holds when, for every criterion issue in ``when``, the work's position is one of the listed
    (``not-addressed`` may be listed). ``id`` names the rule (``None`` when the file gives none);
    ``note`` gives its reasoning."""

    camp: Ref
    when: tuple[tuple[Ref, tuple[str, ...]], ...]
    loc: Location
    note: str | None = None
    id: str | None = None

    @property
    def label(self) -> str:
        """The rule's id, or its camp's id when it has none."""
        return self.id or self.camp.id


@dataclass(frozen=True, slots=True)
class Typology:
    """Derives a camp (a position on ``issue``) from positions on ``criteria`` issues."""

    id: str
    issue: Ref
    criteria: tuple[Ref, ...]
    camps: tuple[CampRule, ...]
    loc: Location
    source: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class IssueSet:
    """One ``*.issues.yaml`` file."""

    path: Path
    file: str
    issues: tuple[Issue, ...]
    typologies: tuple[Typology, ...] = ()
    title: str | None = None
    note: str | None = None
