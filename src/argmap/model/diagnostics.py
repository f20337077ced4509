"""Diagnostics: the one value every check yields.

A :class:`Diagnostic` names a stable code (listed in :data:`CODES` and in ``docs/checks.md``), a
severity, a message that says what is wrong and how to fix it, and the place: file, 1-based line and
1-based column (columns count Unicode code points, as the YAML parser does).

Exit codes follow the usual linter convention (ruff, check-jsonschema): 0 clean, 1 problems found,
2 unusable input (a file that is not readable YAML) or wrong usage.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Severity(enum.Enum):
    """How bad a diagnostic is. Ordered: ``ERROR`` > ``WARNING`` > ``INFO``."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Code:
    """A diagnostic code: ``code`` (e.g. ``"E301"``), a kebab-case ``name``, default ``severity``,
    whether it makes the input ``unusable`` (exit 2), and a one-line ``summary`` for the docs."""

    code: str
    name: str
    severity: Severity
    summary: str
    unusable: bool = False


_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO

#: Every diagnostic code argmap emits. Codes never change meaning; retired codes are not reused.
CODES: dict[str, Code] = {c.code: c for c in [
    # L: the file cannot be read as a map at all (exit 2)
    Code("L001", "yaml-syntax", _E, "The file is not valid YAML.", True),
    Code("L002", "not-utf8", _E, "The file is not UTF-8 text.", True),
    Code("L003", "duplicate-key", _E, "A mapping has the same key twice (YAML would silently keep the last).", True),
    Code("L004", "yaml-alias", _E, "YAML anchors (&a) and aliases (*a) are not allowed.", True),
    Code("L005", "yaml-tag", _E, "Only the YAML core tags are allowed; nothing is constructed as an object.", True),
    Code("L006", "empty-file", _E, "The file holds no YAML document.", True),
    Code("L007", "unreadable-file", _E, "The file cannot be opened or read.", True),
    Code("L008", "multiple-documents", _E, "A map file holds exactly one YAML document.", True),
    Code("L009", "too-many-nodes", _E, "A map holds more claims, inferences, attacks and quotes than the limit (--max-nodes).", True),
    Code("L010", "project-path-outside", _E, "The project file names a path that is absolute or outside its folder.", True),
    Code("L011", "project-path-missing", _E, "The project file names a folder or issues file that does not exist.", True),
    Code("L020", "outside-workspace", _W, "The language server does not read a file outside the editor's workspace folders.", True),
    # S: the YAML does not follow the map format (schemas/argmap.schema.json)
    Code("S101", "missing-field", _E, "A required field is missing."),
    Code("S102", "unknown-field", _E, "A field the format does not define (often a typo)."),
    Code("S103", "wrong-type", _E, "A value has the wrong type (e.g. text where a list is expected)."),
    Code("S104", "bad-value", _E, "A value is outside what the field allows (enumeration, pattern, range)."),
    Code("S105", "schema-violation", _E, "Any other violation of the JSON Schema."),
    # R: references and the argument graph
    Code("R201", "duplicate-id", _E, "Two claims, inferences or attacks (or sources) share an id."),
    Code("R202", "dangling-reference", _E, "A reference names an id that the map does not define."),
    Code("R203", "unknown-map", _E, "A cross-map reference names a map that is not found."),
    Code("R204", "unknown-claim", _E, "A cross-map reference names a claim that the other map does not define."),
    Code("R205", "support-cycle", _E, "Claims support each other in a circle (circular reasoning)."),
    Code("R206", "attack-type-mismatch", _E, "A rebuttal must target a claim; an undercut must target an inference."),
    Code("R207", "no-thesis", _E, "The map has no claim with role thesis."),
    Code("R208", "several-theses", _E, "The map has more than one claim with role thesis."),
    Code("R209", "disconnected-claim", _W, "A claim is not connected to the thesis by any inference or attack."),
    Code("R210", "duplicate-map-id", _E, "Two map files declare the same map id."),
    Code("R211", "map-id-file-name", _W, "The map id differs from the file name (<id>.argmap.yaml)."),
    Code("R212", "unknown-issue", _E, "A position names an issue that no *.issues.yaml file beside the map defines."),
    Code("R213", "unknown-position", _E, "A position is not one the issue defines (nor not-addressed)."),
    Code("R214", "issue-without-position", _W, "The map states no position (not even not-addressed) on an issue."),
    Code("R215", "conflicting-positions", _E, "Several positions on one issue by the same holder, not all marked ambiguous."),
    Code("R216", "bad-typology", _E, "A typology names an unknown issue, criterion, camp or criterion position, or repeats a rule id."),
    Code("R217", "absence-without-framing", _E, "A position shown by absence names none of the work's own quoted claims that show its framing."),
    Code("R218", "absence-without-note", _E, "A position shown by absence has no note saying what the work leaves out."),
    Code("R220", "several-default-sources", _E, "More than one source of a map is marked default: true."),
    Code("R221", "duplicate-issues", _E, "Issues defined in one issues file are defined again in another (a copy)."),
    # E: evidence and sources
    Code("E301", "quote-not-found", _E, "A quote does not occur in its source, even after normalisation; the closest passage is shown."),
    Code("E302", "source-missing", _E, "A source file does not exist."),
    Code("E303", "source-unreadable", _E, "A source file cannot be read as UTF-8 text (a PDF or another encoding: argmap source add)."),
    Code("E304", "source-unspecified", _E, "A quote names no source and the map has several."),
    Code("E305", "locator-mismatch", _E, "A quote's line, start/end, prefix/suffix, page or page_end does not point at the quote."),
    Code("E306", "ambiguous-quote", _W, "A quote occurs several times and nothing pins one occurrence."),
    Code("E307", "normalised-match", _I, "A quote is found only after normalisation (width folding, ignored markers)."),
    Code("E308", "source-changed", _W, "A source file's hash differs from the one recorded when its quotes were pinned."),
    Code("E309", "quote-re-anchored", _W, "The source changed and the quote was found again elsewhere by its prefix and suffix."),
    Code("E310", "quote-crosses-marker", _I, "A quote spans or includes a running head or footnote marker."),
    Code("E311", "source-outside", _E, "A source path is absolute or leads outside the map's folder (.. or a symlink); it is not read."),
    Code("E312", "quote-too-long", _E, "A quote is longer than the limit (--max-quote); it is not searched."),
    Code("E313", "pattern-timeout", _E, "A manifest pattern ran longer than the limit (--regex-timeout) on a source or quote."),
    Code("E314", "source-is-argmap-file", _E, "The source path names a map, an issues file or a manifest, not the text of a work."),
    Code("E315", "source-layout-stale", _W, "A source text changed since argmap source add derived its pages and running heads; they are not used."),
    # C: claims
    Code("C401", "unsupported-claim", _E, "A claim has no evidence, no supporting inference and is not an implicit premise."),
    Code("C402", "implicit-premise-with-evidence", _W, "An implicit premise carries quotes: if the work states it, it is not implicit."),
    Code("C403", "quotation-not-a-quote", _E, "A claim marked fidelity quotation has a text that is none of its quotes."),
    Code("C404", "summary-without-passages", _E, "A claim marked fidelity summary has fewer than two quotes."),
    Code("C405", "interpretation-without-note", _E, "A claim marked fidelity interpretation has no note saying why."),
    Code("C406", "reconstruction-mismatch", _E, "fidelity reconstruction on a claim that is not an implicit premise, or an implicit premise marked otherwise."),
    Code("C407", "paraphrase-without-quote", _E, "A claim marked fidelity paraphrase has no quote."),
    # V: expected labels (expect:, docs/evaluation.md)
    Code("V601", "expected-label", _E, "The map's evaluation (grounded, the map alone) gives a claim or inference another label than expect: says."),
    Code("V602", "expect-unknown-id", _E, "An expect: key is not a claim or inference of the map."),
    # X: interchange (argmap import); positions are in the imported file
    Code("X501", "aif-unusable", _E, "The AIF file cannot be read, is not JSON, or is not an AIF graph with I-nodes.", True),
    Code("X502", "aif-bad-node", _E, "A node lacks nodeID or type, or repeats a nodeID; it is left out."),
    Code("X503", "aif-dangling-edge", _E, "An edge names a node the graph does not have; it is left out."),
    Code("X504", "aif-unmapped-node", _W, "A node (TA, an unknown type, an L/YA not joining one locution to one I-node) or edge argmap cannot represent; it is not imported."),
    Code("X505", "aif-incomplete-scheme", _E, "An RA/MA-node without premise or conclusion, or a CA-node without attacker or target; it is not imported."),
    Code("X506", "aif-split-scheme", _W, "An RA-node with several conclusions or a CA-node with several attackers or targets becomes several inferences or attacks."),
    Code("X507", "aif-thesis-chosen", _I, "Which I-node the import marked as thesis, and why (AIF has no thesis)."),
    Code("X508", "aif-locution", _I, "An L-node anchored to an I-node became the claim's attribution (its speaker), its text kept in the claim's note."),
    Code("X509", "aif-empty-text", _W, "An I-node has no text; the claim says so in its text."),
    Code("X510", "aif-fan-out", _E, "An RA/MA-node with several conclusions or a CA-node with several attackers or targets would split into more parts than the limit (--max-fan-out); it is not imported."),
    Code("X511", "aif-bad-extension", _E, "A field of an argmap extension object does not follow the map format; it is left out."),
    Code("X520", "xaif-presentation-not-imported", _I, "An xAIF document's OVA layout, analysed text or AIFdb scheme ids are not imported (the graph does not depend on them)."),
    Code("X521", "xaif-part-not-imported", _W, "A part of an xAIF document argmap has no place for (critical-question descriptors, a pipeline's extra part) is not imported."),
    Code("X522", "argdown-unusable", _E, "The Argdown file cannot be read, is not UTF-8, or holds no statement or argument.", True),
    Code("X523", "argdown-syntax", _E, "A part of the Argdown document its grammar does not accept; it is skipped to the next blank line."),
    Code("X524", "argdown-relation-not-mapped", _W, "An Argdown relation argmap cannot represent (on an argument's unnamed premise, an undercut of a statement); it is not imported."),
    Code("X525", "argdown-kept-in-note", _I, "Argdown content with no argmap field (tags, inline data, further texts of a statement, front-matter settings); kept in the note or, for settings, not imported."),
    Code("X526", "argdown-thesis-chosen", _I, "Which claim the Argdown import marked as thesis, and why (no #thesis tag)."),
    Code("X527", "argdown-no-text", _W, "An Argdown statement or argument is only referred to, never given a text; the claim says so in its text."),
    Code("X528", "qdpx-unusable", _E, "The REFI-QDA file is not a .qdpx archive with one QDA-XML project, or is too large.", True),
    Code("X529", "qdpx-not-imported", _W, "A part of a REFI-QDA project argmap does not import (a source that is not text, a passage outside its text, links, graphs, sets, variables)."),
]}


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in one place.

    Attributes
    ----------
    code : str
        A key of :data:`CODES`, e.g. ``"E301"``.
    message : str
        What is wrong and, where possible, how to fix it.
    file : str
        Path of the file the problem is in, as given on the command line (or relative to it).
    line, column : int
        1-based position in ``file``; ``0`` when the problem concerns the whole file.
    severity : Severity
        Defaults to the code's severity.
    """

    code: str
    message: str
    file: str
    line: int = 0
    column: int = 0
    severity: Severity | None = None

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"unknown diagnostic code {self.code!r}")
        if self.severity is None:
            object.__setattr__(self, "severity", CODES[self.code].severity)

    @property
    def name(self) -> str:
        """The code's kebab-case name, e.g. ``quote-not-found``."""
        return CODES[self.code].name

    @property
    def unusable(self) -> bool:
        """True when the file could not be read as a map at all (exit code 2)."""
        return CODES[self.code].unusable

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.code)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form: ``file, line, column, severity, code, name, message``."""
        assert self.severity is not None
        return {"file": self.file, "line": self.line, "column": self.column,
                "severity": self.severity.value, "code": self.code, "name": self.name,
                "message": self.message}

    def __str__(self) -> str:
        assert self.severity is not None
        return f"{self.file}:{self.line}:{self.column}: {self.severity.value} {self.code} {self.message}"


def exit_code(diagnostics: list[Diagnostic], *, strict: bool = False) -> int:
    """0 when nothing is wrong, 1 when errors (or, with ``strict``, warnings) were found,
    2 when some input could not be read as a map at all."""
    if any(d.unusable for d in diagnostics):
        return 2
    if any(d.severity is Severity.ERROR for d in diagnostics):
        return 1
    if strict and any(d.severity is Severity.WARNING for d in diagnostics):
        return 1
    return 0
