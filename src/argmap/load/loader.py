"""Loader: a map file → one immutable :class:`~argmap.model.Map`, or diagnostics saying why not.

Stages: read bytes → decode UTF-8 → strict YAML (:mod:`argmap.load.yamlsafe`) → JSON Schema
(``schemas/argmap.schema.json``, Draft 2020-12) → model. Bad user data is a value (a list of
:class:`~argmap.model.diagnostics.Diagnostic`), never an exception.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Callable

from argmap.model.diagnostics import Diagnostic
from argmap.model.limits import DEFAULT_LIMITS, Limits, ReadRefused, read_bounded
from argmap.model import (Attack, Attribution, Author, CampRule, Claim, Evidence, Expectation, Inference, Issue,
                          IssuePosition, IssueSet, Link, Location, Map, PositionStatement, Ref, Source,
                          Typology, Work)
from argmap.load.yamlsafe import Located, YamlProblem, parse

#: Largest map file read by default, in bytes (``Limits.max_bytes``; ``--max-bytes`` overrides it).
MAX_MAP_BYTES = DEFAULT_LIMITS.max_bytes


@functools.cache
def schema(name: str = "argmap") -> dict[str, Any]:
    """A JSON Schema (Draft 2020-12) shipped with the package: ``argmap`` (maps) or ``issues``."""
    text = resources.files("argmap").joinpath(f"schemas/{name}.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


@functools.cache
def _validator(name: str = "argmap") -> Any:
    """Draft 2020-12 validation in which an ``integer`` is a whole number *written as one*.

    JSON Schema counts ``2.0`` as an integer (Draft 2020-12 Validation §6.1.1: "a number with a
    zero fractional part"), but a selector such as ``line: 2.0`` or ``start: 7.0`` is a typing
    slip that argmap would then use as an index: YAML reads it as a float, so it is refused (S103)."""
    import jsonschema
    from jsonschema import validators

    checker = jsonschema.Draft202012Validator.TYPE_CHECKER.redefine(
        "integer", lambda _checker, value: isinstance(value, int) and not isinstance(value, bool))
    strict = validators.extend(jsonschema.Draft202012Validator, type_checker=checker)
    return strict(schema(name))


@functools.cache
def _fast_validator(name: str = "argmap") -> Any:
    """The same schema compiled by jsonschema-rs (Rust; about 150x faster on a large valid map), or
    ``None`` in an environment installed before it became a dependency (then ``jsonschema`` alone
    validates: slower, same diagnostics except the ECMA-262 ``$`` case below)."""
    try:
        import jsonschema_rs
    except ImportError:
        return None
    return jsonschema_rs.Draft202012Validator(schema(name))


@dataclass(frozen=True, slots=True)
class Loaded:
    """Result of loading one file: the model (``None`` when unusable or schema-invalid), the
    diagnostics, and the map id declared in the file when it could be read."""

    map: Map | None
    diagnostics: tuple[Diagnostic, ...]
    declared_id: str | None = None


def display_path(path: Path) -> str:
    """``path`` relative to the working directory when it lies below it, else as given; a byte of
    the name that is not UTF-8 is written ``\\xff`` (a file name is bytes: the reports, JSON and
    pages that show it are UTF-8 text)."""
    try:
        shown = str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        shown = str(path)
    return printable_name(shown)


def printable_name(name: str) -> str:
    """A file name as valid UTF-8 text: each byte Python decoded as a lone surrogate
    (``surrogateescape``) written as ``\\xNN``."""
    if name.isascii():
        return name
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _decode(raw: bytes, file: str) -> str | Diagnostic:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        good = raw[: exc.start].decode("utf-8", errors="replace")
        line = good.count("\n") + 1
        col = len(good) - (good.rfind("\n") + 1) + 1
        return Diagnostic("L002", f"byte 0x{raw[exc.start]:02x} at offset {exc.start} is not UTF-8; "
                          "save the file as UTF-8", file, line, col)


def _read(path: Path, max_bytes: int) -> tuple[str, str] | Diagnostic:
    """(text, displayed file name), or the L007/L002 diagnostic saying why the file cannot be read."""
    got = _read_raw(path, max_bytes)
    return got if isinstance(got, Diagnostic) else got[:2]


def _read_raw(path: Path, max_bytes: int) -> tuple[str, str, bytes] | Diagnostic:
    """(text, displayed file name, the bytes read), or the L007/L002 diagnostic (see :func:`_read`)."""
    file = display_path(path)
    try:
        raw = read_bounded(path, max_bytes)
    except IsADirectoryError:
        return Diagnostic("L007", "is a folder, not a file", file)
    except ReadRefused as exc:
        return Diagnostic("L007", exc.reason, file, 1, 1)
    except OSError as exc:
        return Diagnostic("L007", f"cannot read: {exc.strerror or exc}", file)
    text = _decode(raw, file)
    return text if isinstance(text, Diagnostic) else (text, file, raw)


def load_map(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> Loaded:
    """Load and validate one map file.

    Parameters
    ----------
    path : Path
        The ``*.argmap.yaml`` file.
    limits : Limits
        A file over ``limits.max_bytes`` is refused before being read (``L007``), nesting deeper than
        ``limits.max_depth`` is ``L001``, and more than ``limits.max_nodes`` claims, inferences,
        attacks and quotes is ``L009`` (all exit 2; see :mod:`argmap.model.limits`).

    Returns
    -------
    Loaded
        ``map`` is set only when the file is readable YAML *and* schema-valid; otherwise the
        diagnostics say why (codes ``L0xx`` for unreadable files, ``S1xx`` for schema violations).
    """
    got = _read_raw(path, limits.max_bytes)
    if isinstance(got, Diagnostic):
        return Loaded(None, (got,))
    text, file, raw = got
    return load_text(text, file, path, limits=limits, sha256=hashlib.sha256(raw).hexdigest())


def load_text(text: str, file: str, path: Path, *, limits: Limits = DEFAULT_LIMITS,
              parser: Callable[[str, int], Located] | None = None, sha256: str | None = None) -> Loaded:
    """Load a map from YAML ``text`` already read from ``path`` (shown as ``file``); ``limits`` as
    for :func:`load_map`. ``parser(text, max_depth)``, when given, replaces
    :func:`argmap.load.yamlsafe.parse` (it must return the same, or raise the same
    :class:`~argmap.load.yamlsafe.YamlProblem`): the language server's cached parse. ``sha256``, the
    hash of the bytes ``text`` was decoded from, is kept in ``Map.sha256`` (``--fix`` writes only
    over those bytes)."""
    located = _parse_valid(text, file, "argmap", limits, parser)
    if isinstance(located, tuple):
        problems, data = located
        declared = data.get("id") if isinstance(data, dict) else None
        return Loaded(None, problems, declared if isinstance(declared, str) else None)
    return Loaded(_build(located, file, path, sha256), (), located.data["id"])


def _parse_valid(text: str, file: str, schema_name: str, limits: Limits = DEFAULT_LIMITS,
                 parser: Callable[[str, int], Located] | None = None) -> Located | tuple[tuple[Diagnostic, ...], Any]:
    """Strict YAML (``parser``, default :func:`~argmap.load.yamlsafe.parse`), then the node-count
    limit (maps only), then the named JSON Schema: the located data when all pass, else
    ``(diagnostics, data)`` (``data`` is ``None`` when the YAML itself failed)."""
    try:
        located = parser(text, limits.max_depth) if parser else parse(text, max_depth=limits.max_depth)
    except YamlProblem as p:
        return (Diagnostic(p.code, p.message, file, p.line, p.column),), None
    if schema_name == "argmap":
        too_many = _node_limit(located, file, limits.max_nodes)
        if too_many:
            return (too_many,), located.data
    problems = schema_diagnostics(located, file, schema_name)
    return (tuple(problems), located.data) if problems else located


def _locator(located: Located, file: str) -> Callable[[tuple[Any, ...]], Location]:
    """``loc(path)``: the Location of the value at a data path (or its nearest ancestor)."""

    def loc(path: tuple[Any, ...]) -> Location:
        line, col = located.position(path)
        return Location(file, line, col)

    return loc


def _where(path: tuple[Any, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "the top level"


def _has_float(data: Any) -> bool:
    """Whether ``data`` holds a float anywhere (walked without recursion)."""
    stack = [data]
    while stack:
        value = stack.pop()
        if type(value) is float:
            return True
        if type(value) is dict:
            stack.extend(value.values())
        elif type(value) is list:
            stack.extend(value)
    return False


def _describe(instance: Any) -> str:
    if isinstance(instance, bool):
        return "true/false"
    if instance is None:
        return "nothing (null)"
    if isinstance(instance, float):
        return f"the decimal number {instance!r}"
    return {dict: "a mapping", list: "a list", str: "text", int: "a number"}.get(
        type(instance), type(instance).__name__)


_TYPE_WORDS = {"string": "text", "integer": "a whole number", "array": "a list", "object": "a mapping",
               "boolean": "true or false", "number": "a number"}


def _node_limit(located: Located, file: str, max_nodes: int) -> Diagnostic | None:
    """``L009`` at the first list that takes the map over ``max_nodes`` claims, inferences, attacks
    and quotes (counted before the schema is checked, so a huge map costs no validation), or ``None``."""
    data = located.data
    if not isinstance(data, dict):
        return None
    counted = 0
    for key in ("claims", "inferences", "attacks"):
        items = data.get(key)
        if not isinstance(items, list):
            continue
        counted += len(items)
        if key == "claims":
            counted += sum(len(c["evidence"]) for c in items
                           if isinstance(c, dict) and isinstance(c.get("evidence"), list))
        if counted > max_nodes:
            line, col = located.position((key,), key=True)
            return Diagnostic("L009", f"the map holds more than {max_nodes:,} claims, inferences, attacks and "
                              f"quotes ({counted:,} by the end of {key!r}); split the work into several maps, "
                              "or raise the limit with --max-nodes", file, line, col)
    return None


def schema_diagnostics(located: Located, file: str, name: str = "argmap") -> list[Diagnostic]:
    """Validate parsed YAML against the JSON Schema; one diagnostic per violation, positioned at
    the offending key or value. Codes: S101 missing field, S102 unknown field, S103 wrong type,
    S104 bad value, S105 other.

    A valid document (the common case) is recognised by jsonschema-rs alone; a document it finds
    invalid is validated again by ``jsonschema``, whose errors give the diagnostics (its messages
    and paths are the ones documented). Where only jsonschema-rs finds a problem, its errors are
    reported (S104): JSON Schema patterns are ECMA-262 regular expressions (Draft 2020-12, §6.4),
    whose ``$`` does not match before a final newline as Python's does, so an id ``"C1\n"`` is
    refused as the specification says."""
    fast = _fast_validator(name)
    if fast is not None and not _has_float(located.data) and fast.is_valid(located.data):
        return []  # (jsonschema-rs, like the specification, takes 2.0 for an integer: see _validator)
    out = _full_diagnostics(located, file, name)
    if not out and fast is not None:
        for err in fast.iter_errors(located.data):
            path = tuple(err.instance_path)
            line, col = located.position(path)
            out.append(Diagnostic("S104", f"{_where(path)}: {_short(err.instance)} is not allowed here (the "
                                  "schema's patterns are ECMA-262 expressions: '$' does not match before a "
                                  "final line break)", file, line, col))
    return out


def _full_diagnostics(located: Located, file: str, name: str) -> list[Diagnostic]:
    """The diagnostics of ``jsonschema``'s errors (see :func:`schema_diagnostics`)."""
    out: list[Diagnostic] = []
    for err in _validator(name).iter_errors(located.data):
        path = tuple(err.absolute_path)
        where = _where(path)
        kind = err.validator
        if kind == "additionalProperties" and isinstance(err.instance, dict):
            allowed = list(err.schema.get("properties", {}))
            for extra in sorted(set(err.instance) - set(allowed)):
                guess = difflib.get_close_matches(extra, allowed, n=1)
                hint = f"did you mean {guess[0]!r}?" if guess else "allowed: " + ", ".join(allowed)
                line, col = located.position(path + (extra,), key=True)
                out.append(Diagnostic("S102", f"unknown field {extra!r} in {where}; {hint}", file, line, col))
            continue
        if kind in ("required", "dependentRequired"):
            line, col = located.position(path, key=True)
            out.append(Diagnostic("S101", f"{where}: {_missing(err)}", file, line, col))
            continue
        line, col = located.position(path, key=False)
        if kind == "type":
            want = err.validator_value
            want = " or ".join(_TYPE_WORDS.get(w, w) for w in (want if isinstance(want, list) else [want]))
            out.append(Diagnostic("S103", f"{where}: expected {want}, found {_describe(err.instance)}",
                                  file, line, col))
        elif kind in ("enum", "const"):
            allowed = err.validator_value if kind == "enum" else [err.validator_value]
            out.append(Diagnostic("S104", f"{where}: {err.instance!r} is not allowed; use one of "
                                  + ", ".join(repr(a) for a in allowed), file, line, col))
        elif kind in _BOUND_WORDS:
            desc = err.schema.get("description", "")
            out.append(Diagnostic("S104", f"{where}: {_bad_value(kind, err.validator_value, err.instance)}"
                                  + (f" ({desc})" if desc else ""), file, line, col))
        else:
            out.append(Diagnostic("S105", f"{where}: {_short(err.instance)} is not valid here (JSON Schema "
                                  f"keyword {kind!r}); see schemas/argmap.schema.json", file, line, col))
    return out


#: argmap's own wording of the schema keywords that bound a value (the messages are argmap's, not
#: jsonschema's, so that they do not change with the installed jsonschema).
_BOUND_WORDS = {
    "pattern": "{v} does not have the required form (pattern {n})",
    "minLength": "{v} is too short: at least {n} character(s)",
    "maxLength": "{v} is too long: at most {n} character(s)",
    "minItems": "the list needs at least {n} item(s)",
    "maxItems": "the list may hold at most {n} item(s)",
    "minimum": "{v} is too small: at least {n}",
    "maximum": "{v} is too large: at most {n}",
}


def _short(value: Any, limit: int = 60) -> str:
    """``repr`` of ``value``, cut to ``limit`` code points (a long value is not echoed in full)."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _bad_value(kind: str, bound: Any, instance: Any) -> str:
    return _BOUND_WORDS[kind].format(v=_short(instance), n=bound)


def _missing(err: Any) -> str:
    """S101's message: the required fields absent from ``err.instance``."""
    wanted = err.validator_value
    if isinstance(wanted, dict):  # dependentRequired: {present: [required...]}
        wanted = [r for k, rs in wanted.items() if k in err.instance for r in rs]
    absent = [w for w in wanted if isinstance(err.instance, dict) and w not in err.instance]
    return "missing required field " + ", ".join(repr(a) for a in absent or wanted)


def _text(value: Any) -> str | None:
    """A number-or-text field (``volume: 52`` or ``volume: "52"``) as text."""
    return None if value is None else str(value)


def _build(located: Located, file: str, path: Path, sha256: str | None = None) -> Map:
    d = located.data
    folder = path.parent
    loc = _locator(located, file)

    def ref(value: str, p: tuple[Any, ...]) -> Ref:
        return Ref(value, loc(p))

    w = d["work"]
    work = Work(title=w["title"], authors=tuple(Author(a["name"], a.get("name_en")) for a in w["authors"]),
                kind=w["kind"], language=w["language"], title_en=w.get("title_en"), year=w.get("year"),
                date=w.get("date"), institution=w.get("institution"), venue=w.get("venue"),
                advisor=w.get("advisor"), note=w.get("note"), container_title=w.get("container_title"),
                volume=_text(w.get("volume")), issue=_text(w.get("issue")), pages=w.get("pages"),
                publisher=w.get("publisher"), publisher_place=w.get("publisher_place"), doi=w.get("doi"),
                url=w.get("url"))
    sources = tuple(
        Source(id=s["id"], path=folder / s["path"], raw_path=s["path"], title=s["title"],
               loc=loc(("sources", i)), path_loc=loc(("sources", i, "path")), authors=tuple(s.get("authors", ())), year=s.get("year"),
               pages=s.get("pages"), origin=s.get("origin"), note=s.get("note"), sha256=s.get("sha256"),
               default=bool(s.get("default", False)))
        for i, s in enumerate(d["sources"]))

    claims = []
    for i, c in enumerate(d["claims"]):
        cp = ("claims", i)
        ev = tuple(
            Evidence(quote=e["quote"], loc=loc(cp + ("evidence", j, "quote")),
                     source=ref(e["source"], cp + ("evidence", j, "source")) if "source" in e else None,
                     line=e.get("line"), start=e.get("start"), end=e.get("end"), note=e.get("note"),
                     prefix=e.get("prefix"), suffix=e.get("suffix"), page=e.get("page"),
                     page_end=e.get("page_end"), path=cp + ("evidence", j))
            for j, e in enumerate(c.get("evidence", ())))
        links = tuple(
            Link(map_id=k["to"].split("#", 1)[0], claim_id=k["to"].split("#", 1)[1], relation=k["relation"],
                 loc=loc(cp + ("links", j, "to")), note=k.get("note"))
            for j, k in enumerate(c.get("links", ())))
        attribution = _attribution(c.get("asserted_by"))
        claims.append(Claim(id=c["id"], text=c["text"], gloss=c["gloss"], loc=loc(cp + ("id",)),
                            role=c.get("role", "claim"), section=c.get("section"),
                            justification=c.get("justification"), asserted_by=attribution,
                            evidence=ev, links=links, note=c.get("note"), fidelity=c.get("fidelity"),
                            fidelity_loc=loc(cp + ("fidelity",)) if "fidelity" in c else None))
    inferences = tuple(
        Inference(id=f["id"], loc=loc(("inferences", i, "id")),
                  premises=tuple(ref(p, ("inferences", i, "premises", j)) for j, p in enumerate(f["premises"])),
                  conclusion=ref(f["conclusion"], ("inferences", i, "conclusion")),
                  scheme=f.get("scheme"), note=f.get("note"))
        for i, f in enumerate(d.get("inferences", ())))
    attacks = tuple(
        Attack(id=a["id"], loc=loc(("attacks", i, "id")), attacker=ref(a["attacker"], ("attacks", i, "attacker")),
               target=ref(a["target"], ("attacks", i, "target")), type=a["type"], note=a.get("note"))
        for i, a in enumerate(d.get("attacks", ())))
    positions = tuple(
        PositionStatement(issue=ref(p["issue"], ("positions", i, "issue")),
                          position=ref(p["position"], ("positions", i, "position")),
                          loc=loc(("positions", i, "issue")),
                          claims=tuple(ref(c, ("positions", i, "claims", j)) for j, c in enumerate(p.get("claims", ()))),
                          ambiguous=p.get("ambiguous", False), asserted_by=_attribution(p.get("asserted_by")),
                          note=p.get("note"))
        for i, p in enumerate(d.get("positions", ())))
    expect = tuple(Expectation(str(k), v, loc(("expect", k))) for k, v in (d.get("expect") or {}).items())
    return Map(id=d["id"], path=path, file=file, work=work, sources=sources, claims=tuple(claims),
               inferences=inferences, attacks=attacks, positions=positions, note=d.get("note"), loc=loc(()),
               id_loc=loc(("id",)), sha256=sha256, expect=expect)


def _attribution(a: dict[str, Any] | None) -> Attribution | None:
    return Attribution(a["author"], a.get("year"), a.get("work"), a.get("map"), a.get("note")) if a else None


@dataclass(frozen=True, slots=True)
class LoadedIssues:
    """Result of loading one ``*.issues.yaml`` file: the issue set (``None`` when unusable or
    schema-invalid) and the diagnostics."""

    issues: IssueSet | None
    diagnostics: tuple[Diagnostic, ...]


def load_issues(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> LoadedIssues:
    """Load and validate an issues file (``schemas/issues.schema.json``); ``limits.max_bytes`` and
    ``limits.max_depth`` apply as for :func:`load_map`.

    Returns
    -------
    LoadedIssues
        ``issues`` is set only when the file is readable YAML and schema-valid.
    """
    got = _read(path, limits.max_bytes)
    if isinstance(got, Diagnostic):
        return LoadedIssues(None, (got,))
    text, file = got
    return load_issues_text(text, file, path, limits=limits)


def load_issues_text(text: str, file: str, path: Path, *, limits: Limits = DEFAULT_LIMITS) -> LoadedIssues:
    """Load an issues file from YAML ``text`` already read from ``path`` (shown as ``file``);
    ``limits`` as for :func:`load_issues`."""
    located = _parse_valid(text, file, "issues", limits)
    if isinstance(located, tuple):
        return LoadedIssues(None, located[0])
    d = located.data
    loc = _locator(located, file)

    issues = tuple(
        Issue(id=x["id"], question=x["question"], question_en=x["question_en"], loc=loc(("issues", i, "id")),
              criterion_of=x.get("criterion_of"), note=x.get("note"),
              positions=tuple(IssuePosition(id=p["id"], label=p["label"], label_en=p["label_en"],
                                            definition=p["definition"], definition_en=p.get("definition_en"),
                                            source=p.get("source"), by_absence=p.get("by_absence", False),
                                            loc=loc(("issues", i, "positions", j, "id")))
                              for j, p in enumerate(x["positions"])))
        for i, x in enumerate(d["issues"]))
    typologies = []
    for i, t in enumerate(d.get("typologies", ())):
        tp = ("typologies", i)
        camps = tuple(
            CampRule(camp=Ref(c["camp"], loc(tp + ("camps", j, "camp"))), loc=loc(tp + ("camps", j, "camp")),
                     note=c.get("note"), id=c.get("id"),
                     when=tuple((Ref(k, loc(tp + ("camps", j, "when", k))), tuple(v) if isinstance(v, list) else (v,))
                                for k, v in c["when"].items()))
            for j, c in enumerate(t["camps"]))
        typologies.append(Typology(id=t["id"], issue=Ref(t["issue"], loc(tp + ("issue",))),
                                   criteria=tuple(Ref(c, loc(tp + ("criteria", j))) for j, c in enumerate(t["criteria"])),
                                   camps=camps, loc=loc(tp + ("id",)), source=t.get("source"), note=t.get("note")))
    return LoadedIssues(IssueSet(path=path, file=file, issues=issues, typologies=tuple(typologies),
                                 title=d.get("title"), note=d.get("note")), ())
