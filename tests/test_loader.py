"""The loader's rejections, with their exact positions, and the model it builds."""

from __future__ import annotations

import dataclasses

import pytest
import yaml

from argmap.model.limits import Limits
from argmap.load.loader import load_map
from argmap.model import Map
from tests.conftest import base_map, codes

VALID = yaml.safe_dump(base_map(), allow_unicode=True, sort_keys=False)


def only(loaded):
    assert loaded.map is None
    assert len(loaded.diagnostics) == 1, loaded.diagnostics
    return loaded.diagnostics[0]


def test_valid_map_builds_immutable_model(write_map):
    loaded = load_map(write_map())
    assert loaded.diagnostics == ()
    m = loaded.map
    assert isinstance(m, Map)
    assert [c.id for c in m.claims] == ["T", "C1", "P1", "R1"]
    assert m.claims_by_id["R1"].asserted_by.label() == "余建華 2009"
    assert [p.id for p in m.inferences[0].premises] == ["C1", "P1"] and m.inferences[0].linked
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.claims[0].text = "changed"  # type: ignore[misc]
    with pytest.raises(TypeError):
        m.claims_by_id["X"] = m.claims[0]  # type: ignore[index]


def test_locations_are_one_based_lines_and_columns(write_map):
    text = VALID
    m = load_map(write_map(text)).map
    lines = text.splitlines()
    t_line = next(i for i, l in enumerate(lines, 1) if l.strip() == "- id: T")
    assert (m.claims_by_id["T"].loc.line, m.claims_by_id["T"].loc.column) == (t_line, lines[t_line - 1].index("T") + 1)
    premise = m.inferences[0].premises[1]
    assert lines[premise.loc.line - 1][premise.loc.column - 1:].startswith("P1")


def test_duplicate_key_rejected_with_line(write_map):
    text = VALID.replace("argmap: 1\n", "argmap: 1\nid: other\n", 1)
    d = only(load_map(write_map(text)))
    assert (d.code, d.line, d.column) == ("L003", 3, 1)
    assert "first at line 2" in d.message


def test_alias_and_anchor_rejected_with_line(write_map):
    text = VALID.replace("  kind: master-thesis", "  kind: &k master-thesis", 1)
    d = only(load_map(write_map(text)))
    line = next(i for i, l in enumerate(text.splitlines(), 1) if "&k" in l)
    assert (d.code, d.line) == ("L004", line)
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\n"
    d = only(load_map(write_map(bomb)))
    assert (d.code, d.line, d.column) == ("L004", 1, 4)
    alias_only = VALID + "note: *x\n"
    d = only(load_map(write_map(alias_only)))
    assert d.code == "L004" and d.line == len(VALID.splitlines()) + 1


def test_wrong_type_reports_path_and_line(write_map):
    text = VALID.replace("  year: 2013", "  year: [2013]", 1)
    loaded = load_map(write_map(text))
    assert loaded.map is None
    d = loaded.diagnostics[0]
    line = next(i for i, l in enumerate(text.splitlines(), 1) if "year: [2013]" in l)
    assert (d.code, d.line, d.column) == ("S103", line, 9)
    assert "work.year: expected a whole number, found a list" in d.message


def test_unknown_field_points_at_key_and_suggests(write_map):
    text = VALID.replace("  title: 小論文", "  titel: 小論文", 1)
    loaded = load_map(write_map(text))
    assert sorted(codes(loaded.diagnostics)) == ["S101", "S102"]
    d = next(x for x in loaded.diagnostics if x.code == "S102")
    line = next(i for i, l in enumerate(text.splitlines(), 1) if "titel" in l)
    assert (d.line, d.column) == (line, 3)
    assert "did you mean 'title'?" in d.message


def test_bad_enum_and_missing_justification(write_map):
    data = base_map()
    data["claims"][1]["role"] = "premise"
    del data["claims"][2]["justification"]
    loaded = load_map(write_map(data))
    assert sorted(codes(loaded.diagnostics)) == ["S101", "S104"]
    bad = next(x for x in loaded.diagnostics if x.code == "S104")
    assert "'premise' is not allowed" in bad.message and "'implicit-premise'" in bad.message
    missing = next(x for x in loaded.diagnostics if x.code == "S101")
    assert "claims[2]" in missing.message and "justification" in missing.message


def test_python_tag_is_not_constructed(write_map):
    d = only(load_map(write_map("argmap: !!python/object/apply:os.system ['true']\n")))
    assert (d.code, d.line, d.column) == ("L005", 1, 9)


def test_syntax_error_has_position(write_map):
    d = only(load_map(write_map("argmap: 1\nid: [mini\n")))
    # libyaml stops after the last line; the error is put at the end of that line, where an editor can show it
    assert (d.code, d.line, d.column) == ("L001", 2, 10)


def test_not_utf8_reports_line_of_bad_byte(write_map):
    d = only(load_map(write_map("argmap: 1\nid: mini\nnote: ".encode() + b"\xff\xfe oops\n")))
    assert (d.code, d.line, d.column) == ("L002", 3, 7)


def test_empty_and_comment_only_files(write_map):
    assert only(load_map(write_map(""))).code == "L006"
    assert only(load_map(write_map("# nothing here\n"))).code == "L006"


def test_two_documents_rejected(write_map):
    d = only(load_map(write_map(VALID + "---\nargmap: 1\n")))
    assert d.code == "L008"


def test_bom_and_crlf_accepted(write_map):
    loaded = load_map(write_map(("\ufeff" + VALID).replace("\n", "\r\n").encode("utf-8")))
    assert loaded.diagnostics == () and loaded.map is not None


def test_dates_stay_text(write_map):
    data = base_map()
    data["work"]["date"] = "2013-08-01"
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False).replace("'2013-08-01'", "2013-08-01")
    assert "date: 2013-08-01" in text
    m = load_map(write_map(text)).map
    assert m.work.date == "2013-08-01"


def test_unreadable_and_oversized(write_map, tmp_path):
    d = only(load_map(tmp_path))
    assert d.code == "L007"
    path = write_map()
    d = only(load_map(path, limits=Limits(max_bytes=100)))
    assert d.code == "L007" and "over the limit" in d.message


def test_tab_indentation_explained(write_map):
    d = only(load_map(write_map("argmap: 1\nwork:\n\ttitle: x\n")))
    assert (d.code, d.line, d.column) == ("L001", 3, 1)
    assert "tab character cannot indent YAML" in d.message


def _mutations(doc, path=()):
    """Every document made by replacing one value of ``doc`` by a value of another type or shape, or
    by deleting one mapping key."""
    import copy

    odd = [None, 0, -1, 1.5, True, "", "x", "A-1", "a\n", "上合", [], ["x"], {}, {"x": 1}]
    for key, value in (doc.items() if isinstance(doc, dict) else enumerate(doc)):
        for new in odd + ["DELETE"] * isinstance(doc, dict):
            yield path + (key,), new
        if isinstance(value, (dict, list)):
            yield from _mutations(value, path + (key,))


def _apply(doc, path, new):
    import copy

    out = copy.deepcopy(doc)
    target = out
    for k in path[:-1]:
        target = target[k]
    if new == "DELETE":
        del target[path[-1]]
    else:
        target[path[-1]] = new
    return out


def test_fast_schema_path_never_accepts_what_jsonschema_rejects():
    """The fast path (jsonschema-rs) may only skip jsonschema where jsonschema finds nothing."""
    from argmap.load.loader import _fast_validator, _validator

    doc = base_map()
    seen = disagree = 0
    for path, new in _mutations(doc):
        d = _apply(doc, path, new)
        fast = _fast_validator().is_valid(d)
        full = not any(True for _ in _validator().iter_errors(d))
        seen += 1
        assert not (fast and not full), (path, new)  # never: fast says valid, jsonschema says invalid
        if full and not fast:  # the one known difference: ECMA-262 "$" does not match before a final "\n"
            assert new == "a\n", (path, new)
            disagree += 1
    assert seen > 800 and disagree >= 1


def test_an_id_ending_in_a_newline_is_refused(write_map):
    """Python's "$" matches before a final newline; JSON Schema's ECMA-262 "$" does not."""
    data = base_map()
    data["claims"][1]["id"] = "C1\n"
    path = write_map(data)
    loaded = load_map(path)
    assert loaded.map is None and [d.code for d in loaded.diagnostics] == ["S104"]
    d = loaded.diagnostics[0]
    assert "claims[1].id" in d.message and "is not allowed here" in d.message and "ECMA-262" in d.message
    assert path.read_text(encoding="utf-8").splitlines()[d.line - 1].strip().startswith("- id:")


def test_schema_validation_without_jsonschema_rs(write_map, monkeypatch):
    """An environment installed before jsonschema-rs became a dependency still validates (slower)."""
    import builtins

    from argmap.load import loader

    real_import = builtins.__import__

    def no_rs(name, *args, **kwargs):
        if name == "jsonschema_rs":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    loader._fast_validator.cache_clear()
    monkeypatch.setattr(builtins, "__import__", no_rs)
    try:
        assert loader._fast_validator() is None
        assert load_map(write_map()).map is not None
        data = base_map()
        data["claims"][0]["bogus"] = 1
        assert [d.code for d in load_map(write_map(data)).diagnostics] == ["S102"]
    finally:
        monkeypatch.undo()
        loader._fast_validator.cache_clear()
    assert loader._fast_validator() is not None
