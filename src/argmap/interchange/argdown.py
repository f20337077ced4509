"""Argdown export: one map → the text of an Argdown document (https://argdown.org/syntax/).

The output is checked against the real Argdown CLI (``@argdown/cli`` 1.7.5, installed by
``.ci/setup``) by ``tests/test_argdown.py``: every corpus map parses without errors, and the JSON the
CLI exports (``argdown json``) has exactly the statements, arguments, premise–conclusion structures,
relations and tags listed below.

Mapping
-------

**Front matter.** The document opens with a YAML block between ``===`` lines (Argdown "front
matter"). Argdown *merges* front matter into its own configuration, so only the keys its HTML export
shows as a header are used at the top level — ``title`` (the work's title), ``subTitle``
(``title_en``), ``author`` (list of names) and ``date`` (``date``, else the year, as text) — and
everything else sits under one key, ``argmap``, which Argdown does not use: the map id (``map``),
every field of ``work`` (``title``, ``title_en``, ``authors`` with ``name``/``name_en``, ``year``,
``date``, ``kind``, ``institution``, ``venue``, ``advisor``, ``language``, ``note``), the map's
``note`` (as ``map_note``), its ``sources`` (``id``, ``path`` as written in the map, ``title``,
``authors``, ``year``, ``pages``, ``origin``, ``note``, ``sha256``) and its ``positions`` (``issue``,
``position``, ``claims``, ``ambiguous``, ``asserted_by``, ``note``) and its ``expect`` labels. Positions are carried **only**
here, not as tags on claims. The block is written by ``yaml.safe_dump`` with every string value
double-quoted, and each ``=`` inside a string written as the YAML escape ``\\x3D`` (a literal ``===``
would end Argdown's front matter early).

**Claims** become statements titled by the claim id, each defined once, in map order::

    [C4.2]: <claim text> #thesis #implicit-premise #(asserted-by 余建華 2009) {gloss: "…", …}

The tags: ``#thesis`` for the thesis, ``#implicit-premise`` for implicit premises, and for an
attributed claim ``#(asserted-by <author> <year>)`` (the :meth:`~argmap.model.Attribution.label`;
whitespace runs become one space and ASCII ``(``/``)`` become full-width ``（``/``）``, since a
bracketed tag ends at the first ``)``). The statement's inline data (Argdown's YAML ``{…}`` after the
text) holds ``gloss``, ``section``, ``fidelity``, ``justification``, ``asserted_by`` (``author``, ``year``,
``work``, ``map``, ``note``), ``evidence`` (each quote with ``quote``, ``source`` — the named source
id, or the only source's id — and its selectors ``line``, ``start``, ``end``, ``prefix``, ``suffix``,
``page``, and ``note``), ``links`` (``to`` as
``map#claim``, ``relation``, ``note``) and ``note``; absent fields are left out. The data is written
on one line as a YAML flow mapping whose strings are all double-quoted, with ``{``, ``}`` and every
non-printable character written as ``\\uXXXX`` escapes (a ``}`` followed by a space would end
Argdown's data token early; JavaScript's ``.`` does not match U+2028/U+2029).

**Claim text** is written on one line: each run of ASCII whitespace (space, tab, CR, LF) becomes one
space and the text is trimmed; other characters (including U+3000 and U+00A0) are kept. Each of the
ASCII characters ``\\ @ # * _ [ ] , . : ; < / > - ( ) { } =`` is escaped with a backslash — these are
exactly the characters that Argdown's lexer does not read as plain text (mentions, tags, bold and
italic, titles, shortcodes such as ``:smile:`` and ``.x.``, comments, data, front matter; an
unescaped control character followed by two spaces also loses a space). Argdown reads ``\\c`` as
``c``, so the statement's ``text`` in Argdown's JSON is the normalised claim text, followed by the
tags (Argdown keeps tags in the text). A text that is empty after normalisation is written as an
escaped space (Argdown refuses a definition without text).

**Inferences.** An inference becomes an *argument* titled by its id when its premises are linked
(more than one), when an undercut targets it (Argdown undercuts attack arguments), or when an earlier
one-premise inference already joins the same premise and conclusion (Argdown would merge the two
identical support relations into one)::

    <I1> {scheme: "…", note: "…"}

    (1) [C1]
    (2) [P1]
    ----
    (3) [T]

The premises and the conclusion are references to the statements defined above (the same
statement in Argdown); ``scheme`` and ``note`` are the argument's data, left out when absent. Every
other inference (one premise, not undercut) becomes a support relation under its conclusion,
grouped by conclusion in map order, with the inference id, then its scheme and note as one-line
inline data, in an Argdown comment (which ``argmap import --from argdown`` reads back)::

    [T]
      <+ [C1] // I5 {scheme: "…", note: "…"}

**Attacks.** A rebuttal is an attack relation from the attacker statement to the target statement
(``[T]`` / ``  <- [R1] // A1 {note: "…"}``); an undercut is an undercut relation from the attacker
statement to the argument of the target inference (``<I1>`` / ``  <_ [C3] // A2``). Attacks whose target is not
of the right kind (a rebuttal of a non-claim, an undercut of a non-inference — maps that ``argmap
check`` reports) are left out, with a comment saying so.

Ids are used verbatim as titles (the schema restricts them to ``[A-Za-z][A-Za-z0-9_.-]*``; any other
character is replaced by ``_``). A second inference with an already used id is exported as
``<I1 (2)>``, and so on.

What is lost
------------

Everything not listed above: the positions in the YAML file (line and column), the ids, schemes and notes of one-premise inferences
and of attacks other than in comments (Argdown relations carry no data; the JSON export drops
comments), attack notes likewise, and the claim's role ``claim`` (no tag). Argdown itself drops a
support relation of a statement on itself. Claim texts lose their line breaks and repeated ASCII
whitespace.

The output is deterministic (the same map gives the same text), uses only ``\\n`` line breaks and
ends with a newline; encode it as UTF-8.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from argmap.model import REBUTTAL, UNDERCUT, Claim, Evidence, Inference, Map
from argmap.load.document import attribution_doc, evidence_doc, claim_doc, position_doc, source_doc, work_doc

__all__ = ["to_argdown"]

#: ASCII characters Argdown's lexer does not take as plain text (``Freestyle`` token), plus ``=``
#: (front matter): each is written backslash-escaped in statement texts.
_SPECIAL = frozenset("\\@#*_[],.:;</>-(){}=")
_ASCII_SPACE = re.compile(r"[ \t\r\n]+")
_ID = re.compile(r"[A-Za-z][A-Za-z0-9_.\-]*")


def to_argdown(m: Map) -> str:
    """Export a map as an Argdown document (https://argdown.org/syntax/).

    Parameters
    ----------
    m : Map
        A loaded map (any schema-valid map; dangling references and duplicated ids are exported
        as they are, the result still parses).

    Returns
    -------
    str
        The Argdown text: YAML front matter with the work's metadata, sources and positions; one
        statement per claim, titled by the claim id, with tags ``#thesis``, ``#implicit-premise``
        and ``#(asserted-by …)`` and the gloss, section, evidence, attribution and links as
        inline data; one argument with a premise–conclusion structure per inference with linked
        premises or that is undercut; support relations for the other inferences; attack
        relations for rebuttals and undercut relations (onto arguments) for undercuts. Ends with
        a newline; deterministic.

    Notes
    -----
    Claim texts are put on one line (ASCII whitespace runs become one space) and Argdown's special
    characters are backslash-escaped. Lost in the export: file locations, and the ids, schemes and notes of one-premise inferences and
    of attacks (kept only in Argdown comments). The module docstring gives the full mapping.

    References
    ----------
    Argdown syntax (statements, arguments, premise–conclusion structures, relations, tags, inline
    data, front matter, escaping): https://argdown.org/syntax/
    """
    out: list[str] = ["===", _front_matter(m).rstrip("\n"), "===", ""]

    out.append("// Claims")
    out.append("")
    for c in m.claims:
        out.append(_statement(m, c))
        out.append("")
    first_title = _inferences(m, out)
    _attacks(m, out, first_title)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


def _inferences(m: Map, out: list[str]) -> dict[str, str]:
    """Append the inferences to ``out``: arguments (premise–conclusion structures) for those with
    linked premises or that are undercut, support relations for the others. Returns inference id →
    title of its first argument (the target of undercuts)."""
    undercut_targets = {a.target.id for a in m.attacks if a.type == UNDERCUT}
    arguments: list[tuple[str, Inference]] = []
    supports: dict[str, list[str]] = {}  # conclusion title -> relation lines, in map order
    used: dict[str, int] = {}
    first_title: dict[str, str] = {}
    relations: set[tuple[str, str]] = set()  # (premise, conclusion) written as a support relation
    for inf in m.inferences:
        pair = (_title(inf.premises[0].id), _title(inf.conclusion.id)) if len(inf.premises) == 1 else None
        if inf.linked or inf.id in undercut_targets or pair in relations:
            n = used.get(inf.id, 0) + 1
            used[inf.id] = n
            title = _title(inf.id) if n == 1 else f"{_title(inf.id)} ({n})"
            first_title.setdefault(inf.id, title)
            arguments.append((title, inf))
        else:
            relations.add(pair)
            supports.setdefault(_title(inf.conclusion.id), []).append(
                f"  <+ [{_title(inf.premises[0].id)}] {_relation_comment(inf.id, scheme=inf.scheme, note=inf.note)}")

    if arguments:
        out.append("// Inferences with linked premises or undercut: arguments")
        out.append("")
    for title, inf in arguments:
        data = _data({"scheme": inf.scheme, "note": inf.note})
        out.append(f"<{title}>" + (f" {data}" if data else ""))
        out.append("")
        for n, p in enumerate(inf.premises, 1):
            out.append(f"({n}) [{_title(p.id)}]")
        out.append("----")
        out.append(f"({len(inf.premises) + 1}) [{_title(inf.conclusion.id)}]")
        out.append("")

    _relation_groups(out, "// Inferences with one premise: support relations", "[{}]", supports)
    return first_title


def _attacks(m: Map, out: list[str], first_title: dict[str, str]) -> None:
    """Append the attacks to ``out``: attack relations onto statements (rebuttals), undercut
    relations onto arguments (undercuts), and a comment for each attack whose target is neither."""
    rebuttals: dict[str, list[str]] = {}
    undercuts: dict[str, list[str]] = {}
    skipped: list[str] = []
    for a in m.attacks:
        comment = _relation_comment(a.id, note=a.note)
        attacker = _title(a.attacker.id)
        if a.type == REBUTTAL and a.target.id in m.claims_by_id:
            rebuttals.setdefault(_title(a.target.id), []).append(f"  <- [{attacker}] {comment}")
        elif a.type == UNDERCUT and a.target.id in first_title:
            undercuts.setdefault(first_title[a.target.id], []).append(f"  <_ [{attacker}] {comment}")
        else:
            kind = "a claim" if a.type == REBUTTAL else "an inference"
            skipped.append(_comment(f"{a.id}: {a.type} of {a.target.id}, which is not {kind}; not exported"))
    _relation_groups(out, "// Rebuttals: attack relations", "[{}]", rebuttals)
    _relation_groups(out, "// Undercuts: undercut relations onto arguments", "<{}>", undercuts)
    for line in skipped:
        out.append(line)
        out.append("")


# --- statements -------------------------------------------------------------------------------


def _relation_groups(out: list[str], heading: str, head: str, groups: dict[str, list[str]]) -> None:
    """Append ``heading`` and, per group, its head line (``head`` formatted with the title) followed by its
    indented relation lines and a blank line."""
    if not groups:
        return
    out.extend((heading, ""))
    for title, lines in groups.items():
        out.append(head.format(title))
        out.extend(lines)
        out.append("")


def _statement(m: Map, c: Claim) -> str:
    tags = []
    if c.is_thesis:
        tags.append("#thesis")
    if c.is_implicit:
        tags.append("#implicit-premise")
    if c.asserted_by is not None:
        tags.append(f"#({_tag_text('asserted-by ' + c.asserted_by.label())})")
    data = _data({
        "gloss": c.gloss,
        "section": c.section,
        "fidelity": c.fidelity,
        "justification": c.justification,
        "asserted_by": attribution_doc(c.asserted_by),
        "evidence": [_evidence(m, e) for e in c.evidence] or None,
        "links": claim_doc(c, evidence=False).get("links"),
        "note": c.note,
    })
    parts = [f"[{_title(c.id)}]:", _escape_text(c.text)] + tags + ([data] if data else [])
    return " ".join(parts)


def _evidence(m: Map, e: Evidence) -> dict[str, Any]:
    source = m.source_of(e)
    source_id = source.id if source is not None else (e.source.id if e.source is not None else None)
    return {**evidence_doc(e), "source": source_id}


def _normalise_text(text: str) -> str:
    """A claim text as it is written on one Argdown line: runs of ASCII whitespace become one space,
    then leading and trailing spaces are removed. This is the statement text Argdown reads back."""
    return _ASCII_SPACE.sub(" ", text).strip(" ")


def _escape_text(text: str) -> str:
    """Statement text for Argdown: :func:`_normalise_text`, then each Argdown-special ASCII character
    backslash-escaped. An empty result is written as an escaped space (Argdown requires text)."""
    flat = _normalise_text(text)
    return "".join("\\" + ch if ch in _SPECIAL else ch for ch in flat) or "\\ "


def _title(ident: str) -> str:
    """An id as an Argdown title: unchanged when it matches the schema's id pattern, else with each
    other character replaced by ``_`` (a title must stay on one line and contain no ``]``/``>``)."""
    if _ID.fullmatch(ident):
        return ident
    safe = re.sub(r"[^A-Za-z0-9_.\-]", "_", ident)
    return safe if safe[:1].isalnum() or safe[:1] in "_." else "_" + safe


def _tag_text(text: str) -> str:
    """Content of a bracketed tag ``#(…)``: one line, no ASCII parentheses (the tag ends at ``)``)."""
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return " ".join(text.replace("(", "（").replace(")", "）").split()) or "-"


def _comment(text: str) -> str:
    """An Argdown line comment: printable characters only (a line comment ends at any line break,
    and JavaScript's ``.`` stops at U+2028/U+2029)."""
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return "// " + " ".join(text.split())


def _relation_comment(ident: str, **fields: str | None) -> str:
    """The comment after a relation line: the inference's or attack's id, then its other fields as
    one-line inline data, ``// I5 {scheme: "…", note: "…"}`` (what ``argmap import --from argdown``
    reads back; Argdown itself ignores comments)."""
    data = _data(dict(fields))  # one line, printable: _quoted escapes every other character
    return f"{_comment(ident)} {data}" if data else _comment(ident)


# --- inline data (a one-line YAML flow mapping) -------------------------------------------------


def _data(fields: dict[str, Any]) -> str:
    """Argdown inline data ``{…}`` for the non-empty ``fields``, or ``""`` when there are none."""
    fields = _prune(fields)
    return _flow(fields) if fields else ""


def _prune(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _prune(v) for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple)):
        return [_prune(v) for v in value]
    return value


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return _quoted(str(value))


def _quoted(s: str) -> str:
    """A YAML double-quoted scalar safe inside Argdown data: ``{``, ``}`` and all non-printable
    characters (line breaks, U+2028, …) are ``\\u``/``\\U`` escapes."""
    out = ['"']
    for ch in s:
        if ch == '"' or ch == "\\":
            out.append("\\" + ch)
        elif ch in "{}" or not ch.isprintable():
            code = ord(ch)
            out.append(f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


# --- front matter -------------------------------------------------------------------------------


class _Quoted(str):
    """A string value the front matter writes double-quoted."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(
    _Quoted, lambda dumper, data: dumper.represent_scalar("tag:yaml.org,2002:str", str(data), style='"'))


def _quote_strings(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _quote_strings(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_quote_strings(v) for v in value]
    if isinstance(value, str):
        return _Quoted(value)
    return value


def _front_matter(m: Map) -> str:
    w = m.work
    header: dict[str, Any] = {
        "title": w.title,
        "subTitle": w.title_en,
        "author": [a.name for a in w.authors] or None,
        "date": w.date or (str(w.year) if w.year is not None else None),
        "argmap": {
            "map": m.id,
            **work_doc(w),
            "map_note": m.note,
            "sources": [source_doc(s) for s in m.sources],
            "positions": [position_doc(p) for p in m.positions] or None,
            "expect": {x.id: x.label for x in m.expect} or None,
        },
    }
    text = yaml.dump(_quote_strings(_prune(header)), Dumper=_Dumper, allow_unicode=True,
                     sort_keys=False, default_flow_style=False, width=1 << 30)
    # Every "=" is inside a double-quoted scalar (the keys above have none): escape it so that no
    # "===" can end Argdown's front matter early.
    return text.replace("=", "\\x3D")
