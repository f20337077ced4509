"""Making an imported document follow the map format, so that ``argmap import`` never writes a map
that ``argmap check`` cannot load.

The importer copies argmap's extension objects (``"argmap": {...}`` on nodes and at the top level)
into the map; a file from elsewhere may put anything there: a role that does not exist, a number
where text belongs, an object nested hundreds of levels deep. :func:`conform` validates the whole
document against ``schemas/argmap.schema.json`` (the loader's own validator: ``2.0`` is not a
whole number) and leaves out each part that breaks it, reporting it as ``X511`` at the AIF node it
came from.
"""

from __future__ import annotations

from typing import Any, Callable

from argmap.load.document import Doc
from argmap.load.loader import _TYPE_WORDS, _describe, _fast_validator, _has_float, _short, _validator

#: Rounds of validation and removal before giving up (a removal can only empty a list, which the
#: next round removes; three rounds suffice for every shape the importer makes).
_ROUNDS = 5


def conform(doc: Doc, origin: Callable[[tuple[Any, ...]], tuple[str, tuple[int, int]]],
            report: Callable[..., None], default_work: Doc, default_id: str) -> bool:
    """Remove from ``doc`` every part that breaks the map format, reporting each.

    Parameters
    ----------
    doc : dict
        The map document made by the importer (changed in place).
    origin : callable
        ``origin(path) -> (what, (line, column))``: the AIF node a part of ``doc`` came from.
    report : callable
        ``report(code, message, (line, column))``.
    default_work, default_id : dict, str
        What replaces a ``work`` or an ``id`` that breaks the format.

    Returns
    -------
    bool
        True when ``doc`` now follows the format; False (and an ``X501`` reported) when it still
        does not, which would be a fault of the importer, not of the file.
    """
    for _ in range(_ROUNDS):
        errors = _errors(doc)
        if not errors:
            return True
        fixes: dict[tuple[Any, ...], str] = {}
        for path, why in errors:
            for target in _targets(doc, path):
                fixes.setdefault(target, why)
        if not fixes:
            break
        for target in sorted(fixes, key=_order, reverse=True):  # list items from the last, so indices hold
            what, where = origin(target)
            field = ".".join(str(p) for p in target[2:]) if target[0] in ("claims", "inferences", "attacks") \
                else ".".join(str(p) for p in target)
            report("X511", f"{what}: the argmap extension's {field or target[0]} does not follow the map format "
                           f"({fixes[target]}); it is left out", where)
            _remove(doc, target, default_work, default_id)
    errors = _errors(doc)
    if errors:
        path, why = errors[0]
        report("X501", f"the map made from the graph does not follow the map format at {_where(path)} ({why}); "
                       "nothing is written")
        return False
    return True


def _errors(doc: Doc) -> list[tuple[tuple[Any, ...], str]]:
    """(path, why) of each violation of the map schema in ``doc`` (empty when it is valid)."""
    fast = _fast_validator("argmap")
    try:
        if fast is not None and not _has_float(doc) and fast.is_valid(doc):
            return []
    except Exception:  # noqa: BLE001 - the fast path only: a lone surrogate from JSON's "\ud800", which Rust
        pass             # strings cannot hold, is UnicodeEncodeError or SystemError depending on the version
    out = []
    for err in _validator("argmap").iter_errors(doc):
        path = tuple(err.absolute_path)
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            allowed = set(err.schema.get("properties", {}))
            out += [(path + (k,), "not a field of the format") for k in err.instance if k not in allowed]
        elif err.validator == "dependentRequired" and isinstance(err.instance, dict):
            needs = err.validator_value
            out += [(path + (k,), f"needs {', '.join(needs[k])} too") for k in needs
                    if k in err.instance and any(r not in err.instance for r in needs[k])]
        elif err.validator == "type":
            want = err.validator_value
            want = " or ".join(_TYPE_WORDS.get(w, w) for w in (want if isinstance(want, list) else [want]))
            out.append((path, f"expected {want}, found {_describe(err.instance)}"))
        else:
            out.append((path, f"{_short(err.instance, 40)} breaks the schema's {err.validator!r} rule"))
    return out


def _targets(doc: Doc, path: tuple[Any, ...]) -> list[tuple[Any, ...]]:
    """The part of ``doc`` to leave out for a violation at ``path``: the field of a claim,
    inference, attack or quote the violation is in (a whole quote when its ``quote`` is bad); the
    item of ``sources`` or ``positions``; or a top-level field."""
    if not path:
        return []
    top = path[0]
    if top in ("claims", "inferences", "attacks"):
        if len(path) < 3:  # a rule on the whole item: an implicit premise needs a justification
            if top == "claims" and len(path) == 2:
                return [path + ("role",)] if "role" in doc["claims"][path[1]] else []
            return [path[:2]] if len(path) == 2 else []
        field = path[2]
        if top == "claims" and field == "evidence" and len(path) >= 4:
            return [path[:4]] if len(path) == 4 or path[4] == "quote" else [path[:5]]
        if top == "claims" and field in ("id", "text"):
            return []
        if top != "claims" and field in ("id", "premises", "conclusion", "attacker", "target", "type"):
            return [path[:2]]
        return [path[:3]]
    if top in ("sources", "positions") and len(path) >= 2:
        return [path[:2]]
    return [path[:1]]


def _order(path: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple((0, p) if isinstance(p, int) else (1, str(p)) for p in path)


def _remove(doc: Doc, path: tuple[Any, ...], default_work: Doc, default_id: str) -> None:
    if path == ("work",):
        doc["work"] = default_work
        return
    if path == ("id",):
        doc["id"] = default_id
        return
    if path == ("sources",):
        doc["sources"] = []
        return
    if len(path) == 3 and path[0] == "claims" and path[2] == "gloss":
        doc["claims"][path[1]]["gloss"] = doc["claims"][path[1]]["text"]
        return
    parent: Any = doc
    for p in path[:-1]:
        parent = parent[p]
    del parent[path[-1]]


def _where(path: tuple[Any, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "the top level"
