"""argmap evaluate: textbook frameworks give textbook labels, the translation of support into
attack agrees with a direct three-valued reading of the rules, and argmap's Dung solver agrees
with PyArg (python-argumentation) and with the definitions (docs/evaluation.md)."""

from __future__ import annotations

import itertools
import json

import pytest
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st

from argmap.cli import main
from argmap.evaluate.framework import DungFramework, build, to_dung
from argmap.evaluate.result import evaluate
from argmap.evaluate.semantics import IN, OUT, UNDEC, Bounds, grounded, preferred, stable
from tests.evalmaps import labels, mk

R, U = "rebuttal", "undercut"


# --- textbook frameworks (claims given by their quotes; attacks are rebuttals) -------------------------

def test_chain_a_attacks_b_attacks_c():
    m = mk(claims="a:q b:q c:q", attacks=[("a", "b", R), ("b", "c", R)])
    for sem in ("grounded", "preferred", "stable"):
        ev = evaluate([m], sem)
        assert len(ev.labellings) == 1
        assert labels(ev) == {"a": IN, "b": OUT, "c": IN}
    out_b = evaluate([m]).labellings[0]["m#b"]
    assert [(r.kind, r.other, r.via) for r in out_b.why] == [("rebutted", "m#a", "m#A0")]


def test_odd_cycle_is_undecided_and_has_no_stable_labelling():
    m = mk(claims="a:q b:q c:q", attacks=[("a", "b", R), ("b", "c", R), ("c", "a", R)])
    assert labels(evaluate([m])) == {"a": UNDEC, "b": UNDEC, "c": UNDEC}
    pref = evaluate([m], "preferred")
    assert [labels(pref, 0)] == [{"a": UNDEC, "b": UNDEC, "c": UNDEC}]
    st_ = evaluate([m], "stable")
    assert st_.labellings == () and st_.complete


def test_even_cycle_grounded_undecided_two_preferred():
    m = mk(claims="a:q b:q", attacks=[("a", "b", R), ("b", "a", R)])
    assert labels(evaluate([m])) == {"a": UNDEC, "b": UNDEC}
    for sem in ("preferred", "stable"):
        ev = evaluate([m], sem)
        got = sorted(tuple(sorted(labels(ev, n).items())) for n in range(len(ev.labellings)))
        assert got == [(("a", IN), ("b", OUT)), (("a", OUT), ("b", IN))]
        assert ev.summary("m#a") == "in 1/2"


def test_an_undercut_disables_an_inference_but_not_its_premise():
    m = mk(claims="p:q c:n u:q", inferences={"I": (["p"], "c")}, attacks=[("u", "I", U)])
    lab = evaluate([m]).labellings[0]
    assert {k: s.label for k, s in lab.items()} == {"m#p": IN, "m#c": OUT, "m#u": IN, "m#I": OUT}
    assert [(r.kind, r.other) for r in lab["m#I"].why] == [("undercut", "m#u")]
    assert [(r.kind, r.other) for r in lab["m#c"].roots] == [("undercut", "m#u")]


def test_a_support_whose_premise_is_out_supports_nothing():
    # r rebuts p; p is the only premise of I, the only reason of c (which is also quoted: argued all the same)
    m = mk(claims="p:q c:q r:q", inferences={"I": (["p"], "c")}, attacks=[("r", "p", R)])
    lab = evaluate([m]).labellings[0]
    assert {k: s.label for k, s in lab.items()} == {"m#p": OUT, "m#c": OUT, "m#r": IN, "m#I": OUT}
    assert [(r.kind, r.other) for r in lab["m#I"].why] == [("premise-out", "m#p")]
    assert [(r.kind, r.other) for r in lab["m#c"].why] == [("no-reason", "m#I")]
    assert [(r.kind, r.other) for r in lab["m#c"].roots] == [("rebutted", "m#r")]


def test_linked_premises_need_each_other_convergent_reasons_do_not():
    m = mk(claims="p:q q:q r:q c:n d:n", inferences={"L": (["p", "q"], "c"), "C1": (["p"], "d"), "C2": (["q"], "d")},
           attacks=[("r", "q", R)])
    got = labels(evaluate([m]))
    assert (got["L"], got["c"]) == (OUT, OUT)
    assert (got["C1"], got["C2"], got["d"]) == (IN, OUT, IN)


def test_reinstatement_an_attack_by_a_defeated_claim_does_not_count():
    m = mk(claims="a:q b:q c:q", inferences={}, attacks=[("b", "c", R), ("a", "b", R)])
    assert labels(evaluate([m]))["c"] == IN


def test_bases_implicit_given_unsupported_out_attributed_in_unless_defeated():
    m = mk(claims="T:n P:i X:n Y:a Z:a W:q", thesis="T", inferences={"I": (["P", "Y"], "T")},
           attacks=[("W", "Z", R)])
    lab = evaluate([m]).labellings[0]
    got = {k.split("#")[1]: s.label for k, s in lab.items()}
    assert got == {"T": IN, "P": IN, "X": OUT, "Y": IN, "Z": OUT, "W": IN, "I": IN}
    assert [r.kind for r in lab["m#X"].why] == ["unsupported"]
    nodes = build([m]).nodes
    assert (nodes["m#P"].basis, nodes["m#Y"].basis, nodes["m#T"].basis) == ("implicit", "attributed", "argued")


def test_an_attributed_claim_with_reasons_is_still_given():
    m = mk(claims="Y:a p:q r:q", inferences={"I": (["p"], "Y")}, attacks=[("r", "p", R)])
    assert labels(evaluate([m]))["Y"] == IN


def test_a_self_supporting_cycle_is_undecided_in_grounded():
    m = mk(claims="a:n b:n", inferences={"I": (["a"], "b"), "J": (["b"], "a")})
    assert set(labels(evaluate([m])).values()) == {UNDEC}


# --- across works ----------------------------------------------------------------------------------

def test_contradicts_attacks_both_ways_same_claim_merges():
    a = mk("a", claims="x:q y:q", links=[("x", "b#u", "contradicts"), ("y", "b#v", "same-claim")])
    b = mk("b", claims="u:q v:n w:q", inferences={}, attacks=[("w", "v", R)])
    ev = evaluate([a, b])
    got = labels(ev)
    assert (got["a#x"], got["b#u"]) == (UNDEC, UNDEC)
    assert "b#v" not in got and got["a#y"] == OUT  # merged: b's w rebuts a's y
    pref = evaluate([a, b], "preferred")
    assert len(pref.labellings) == 2


# --- the solver against the definitions and PyArg -----------------------------------------------------

def _brute(af: DungFramework) -> tuple[set[str], set[frozenset[str]], set[frozenset[str]]]:
    """Grounded, preferred and stable extensions by enumerating every subset (definitions of Dung 1995)."""
    args = af.arguments
    att = set(af.attacks)

    def defends(s, x):  # type: ignore[no-untyped-def]
        return all(any((z, y) in att for z in s) for y in args if (y, x) in att)

    subsets = [frozenset(c) for n in range(len(args) + 1) for c in itertools.combinations(args, n)]
    cf = [s for s in subsets if not any((x, y) in att for x in s for y in s)]
    complete = [s for s in cf if {x for x in args if defends(s, x)} == s]
    grounded_ext = min(complete, key=len)
    pref = {s for s in complete if not any(s < t for t in complete)}
    stab = {s for s in cf if all(any((x, y) in att for x in s) for y in args if y not in s)}
    return set(grounded_ext), pref, stab


def _mine(af: DungFramework) -> tuple[set[str], set[frozenset[str]], set[frozenset[str]]]:
    lab, _ = grounded(af)

    def ins(e):  # type: ignore[no-untyped-def]
        return {frozenset(a for a, x in lab_.items() if x == IN) for lab_ in e.labellings}

    return {a for a, x in lab.items() if x == IN}, ins(preferred(af)), ins(stable(af))


def _pyarg_grounded(af: DungFramework) -> set[str]:
    from py_arg.abstract_argumentation_classes.abstract_argumentation_framework import AbstractArgumentationFramework
    from py_arg.abstract_argumentation_classes.argument import Argument
    from py_arg.abstract_argumentation_classes.defeat import Defeat
    from py_arg.algorithms.semantics.get_grounded_extension import get_grounded_extension

    arg = {a: Argument(a) for a in af.arguments}
    paf = AbstractArgumentationFramework("af", list(arg.values()), [Defeat(arg[a], arg[b]) for a, b in af.attacks])
    return {x.name for x in get_grounded_extension(paf)}


def _pyarg(af: DungFramework) -> tuple[set[str], set[frozenset[str]], set[frozenset[str]]]:
    from py_arg.abstract_argumentation_classes.abstract_argumentation_framework import AbstractArgumentationFramework
    from py_arg.abstract_argumentation_classes.argument import Argument
    from py_arg.abstract_argumentation_classes.defeat import Defeat
    from py_arg.algorithms.semantics.get_grounded_extension import get_grounded_extension
    from py_arg.algorithms.semantics.get_preferred_extensions import get_preferred_extensions
    from py_arg.algorithms.semantics.get_stable_extensions import get_stable_extensions

    arg = {a: Argument(a) for a in af.arguments}
    paf = AbstractArgumentationFramework("af", list(arg.values()), [Defeat(arg[a], arg[b]) for a, b in af.attacks])
    names = lambda e: frozenset(x.name for x in e)  # noqa: E731
    return ({x.name for x in get_grounded_extension(paf)}, {names(e) for e in get_preferred_extensions(paf)},
            {names(e) for e in get_stable_extensions(paf)})


@st.composite
def dung_frameworks(draw, max_args: int = 7):  # type: ignore[no-untyped-def]
    n = draw(st.integers(1, max_args))
    args = tuple(f"a{i}" for i in range(n))
    pairs = draw(st.lists(st.tuples(st.sampled_from(args), st.sampled_from(args)), max_size=2 * n, unique=True))
    return DungFramework(args, tuple(pairs))


@settings(max_examples=300, deadline=None)
@given(dung_frameworks())
def test_solver_agrees_with_the_definitions_and_with_pyarg(af):
    mine = _mine(af)
    assert mine == _brute(af)
    assert mine == _pyarg(af)


def _direct_grounded(fw) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The least fixed point of the labelling rules of docs/evaluation.md, read directly off the
    bipolar framework (Kleene's three-valued logic), without the Dung translation."""
    lab = {k: UNDEC for k in fw.nodes}
    reasons = {k: [i for i, c in fw.conclusion.items() if c == k] for k in fw.nodes}
    att = {k: [a.attacker for a in fw.attacks if a.target == k] for k in fw.nodes}
    changed = True
    while changed:
        changed = False
        for k, node in fw.nodes.items():
            if lab[k] != UNDEC:
                continue
            attackers = [lab[a] for a in att[k]]
            if node.kind == "inference":
                prem = [lab[p] for p in fw.premises[k]]
                new = OUT if OUT in prem or IN in attackers else IN if all(x == IN for x in prem) and all(
                    x == OUT for x in attackers) else UNDEC
            else:
                support = IN if node.given else (IN if IN in [lab[i] for i in reasons[k]] else
                                                 OUT if all(lab[i] == OUT for i in reasons[k]) else UNDEC)
                new = OUT if IN in attackers or support == OUT else IN if support == IN and all(
                    x == OUT for x in attackers) else UNDEC
            if new != UNDEC:
                lab[k], changed = new, True
    return lab


@st.composite
def bipolar_maps(draw):  # type: ignore[no-untyped-def]
    n = draw(st.integers(1, 7))
    ids = [f"c{i}" for i in range(n)]
    kinds = draw(st.lists(st.sampled_from("qina"), min_size=n, max_size=n))
    k = draw(st.integers(0, 5))
    infs = {f"I{j}": (draw(st.lists(st.sampled_from(ids), min_size=1, max_size=3, unique=True)), draw(st.sampled_from(ids)))
            for j in range(k)}
    targets = ids + list(infs)
    atts = draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(targets)), max_size=6, unique=True))
    attacks = [(a, t, U if t in infs else R) for a, t in atts]
    return mk(claims=" ".join(f"{c}:{x}" for c, x in zip(ids, kinds)), inferences=infs, attacks=attacks)


@settings(max_examples=300, deadline=None)
@given(bipolar_maps())
def test_the_dung_translation_gives_the_direct_labelling(m):
    fw = build([m])
    got = {k: s.label for k, s in evaluate([m]).labellings[0].items()}
    assert got == _direct_grounded(fw)
    # and PyArg's grounded extension of the translation holds exactly the in nodes (and auxiliaries)
    ins = _pyarg_grounded(to_dung(fw))
    assert {k for k in fw.nodes if k in ins} == {k for k, x in got.items() if x == IN}


def test_corpus_labels_agree_with_pyarg(corpus_maps):
    """Grounded only: PyArg 2.0.2's preferred and stable enumerations did not finish within a minute on
    the 121-argument translation of the smallest corpus map (they search every argument; argmap
    searches only the grounded undec part, which is empty here)."""
    for m in corpus_maps:
        af = to_dung(build([m]))
        theirs = _pyarg_grounded(af)
        lab, _ = grounded(af)
        assert {a for a, x in lab.items() if x == IN} == theirs, m.id
        assert [lab] == list(preferred(af).labellings)  # no cycle of attacks: one preferred labelling, the grounded


@pytest.fixture(scope="module")
def corpus_maps():  # type: ignore[no-untyped-def]
    from pathlib import Path

    from argmap.load.corpus import load_corpus

    return load_corpus([Path(__file__).resolve().parent.parent / "arguments"]).maps


# --- bounds ----------------------------------------------------------------------------------------

def _pairs(n: int) -> DungFramework:
    args = tuple(f"{x}{i}" for i in range(n) for x in "ab")
    return DungFramework(args, tuple(p for i in range(n) for p in ((f"a{i}", f"b{i}"), (f"b{i}", f"a{i}"))))


def test_enumeration_is_bounded_by_count_and_time():
    af = _pairs(8)  # 2^8 = 256 preferred labellings
    full = preferred(af, Bounds(max_labellings=1000))
    assert full.complete and len(full.labellings) == 256
    cut = preferred(af, Bounds(max_labellings=10))
    assert (cut.complete, cut.stopped, len(cut.labellings)) == (False, "max-labellings", 10)
    late = preferred(_pairs(14), Bounds(max_labellings=100_000, seconds=0.05))
    assert (late.complete, late.stopped) == (False, "time")


# --- the command ----------------------------------------------------------------------------------

def test_cli_states_the_thesis_first_and_explains_each_out(write_map):
    path = write_map()  # conftest's mini map: T rebuts the attributed R1
    r = CliRunner().invoke(main, ["evaluate", str(path)])
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[1].startswith("thesis T: in")
    out_line = next(n for n, x in enumerate(lines) if x.strip().startswith("R1 "))
    assert "rebutted by T (attack A1, " in lines[out_line + 1] and "mini.argmap.yaml:" in lines[out_line + 1]
    doc = json.loads(CliRunner().invoke(main, ["evaluate", str(path), "--format", "json"]).output)
    assert doc["theses"] == {"mini": {"node": "mini#T", "label": "in"}}
    assert doc["labellings"][0]["mini#R1"]["label"] == "out"


def test_cli_exits_1_when_the_thesis_is_not_in(write_map):
    from tests.conftest import base_map

    data = base_map()
    data["attacks"].append({"id": "A2", "attacker": "R1", "target": "T", "type": "rebuttal"})
    r = CliRunner().invoke(main, ["evaluate", str(write_map(data)), "--semantics", "preferred"])
    assert r.exit_code == 1
    assert "thesis T: in 1/2" in r.output and "labelling 2 of 2" in r.output


def test_together_lists_what_another_work_defeats_and_who_defeats_it():
    from argmap.evaluate.across import defeats, evaluate_together
    from argmap.evaluate.report import to_text

    a = mk("a", claims="x:q T:n", thesis="T", inferences={"I": (["x"], "T")}, links=[("x", "b#y", "attacks")])
    b = mk("b", claims="y:q S:n", thesis="S", inferences={"J": (["y"], "S")})
    t = evaluate_together([a, b])
    assert [(c.key, c.alone, c.together, c.by) for c in t.changes] == [
        ("b#y", IN, OUT, ("a",)), ("b#S", IN, OUT, ("a",)), ("b#J", IN, OUT, ("a",))]
    assert defeats(t.joint, across=True) == {("a", "b"): 2}
    text = to_text(t.joint, t)
    assert "thesis b#S: out" in text and "b#y: in alone → out together (roots in a)" in text
    assert "a → b: 2" in text
    # a link to a map that is not evaluated is not used
    assert labels(evaluate([b]))["S"] == IN and evaluate_together([b, mk("c", claims="z:q")]).changes == ()


# --- marks in renders ---------------------------------------------------------------------------------

def test_render_marks_every_node_and_the_legend_only_with_evaluate(write_map, tmp_path):
    from tests.conftest import base_map

    data = base_map()
    data["claims"].append({"id": "U", "text": "反", "gloss": "undercutter", "role": "implicit-premise",
                           "justification": "測試"})
    data["attacks"].append({"id": "A2", "attacker": "U", "target": "I1", "type": "undercut"})
    path = write_map(data)
    plain, marked = tmp_path / "plain.dot", tmp_path / "marked.dot"
    assert CliRunner().invoke(main, ["render", str(path), "-o", str(plain)]).exit_code == 0
    assert CliRunner().invoke(main, ["render", str(path), "-o", str(marked), "--evaluate"]).exit_code == 0
    plain_dot, dot = plain.read_text(encoding="utf-8"), marked.read_text(encoding="utf-8")
    assert "成立" not in plain_dot and "evaluation" not in plain_dot
    nodes = {line.split(" [", 1)[0].strip('"'): line for line in dot.splitlines() if line.startswith('"c_') or line.startswith('"i_')}
    for cid in ("T", "C1", "P1", "R1", "U"):  # T is out, so its rebuttal of R1 no longer counts
        assert ("不成立 out" in nodes[f"c_{cid}"]) == (cid == "T"), cid
        assert ("成立 in" in nodes[f"c_{cid}"]) == (cid != "T"), cid
    assert 'fontcolor="#6b7280"' in nodes["c_T"] and "fontcolor" not in nodes["c_C1"]
    assert 'fillcolor="white"' in nodes["i_I1"] and "evaluation (grounded): out — undercut by U (attack A2" in nodes["i_I1"]
    assert "evaluation (grounded): out — reason I1 is out ← undercut by U" in nodes["c_T"]
    assert "評估 evaluation (grounded" in dot and "評估" not in plain_dot


def test_cli_markdown_and_unusable_input(write_map, tmp_path):
    path = write_map()
    r = CliRunner().invoke(main, ["evaluate", str(path), "--format", "markdown"])
    assert r.exit_code == 0 and "- thesis **T**: **in**" in r.output and "| R1 | out |" in r.output
    r = CliRunner().invoke(main, ["evaluate", "nosuch", "--maps", str(tmp_path)])
    assert r.exit_code == 2 and "no map file 'nosuch'" in r.output
    bad = tmp_path / "bad.argmap.yaml"
    bad.write_text("argmap: [unclosed\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["evaluate", str(bad)])
    assert r.exit_code == 2 and "bad.argmap.yaml:" in r.output


def test_long_chains_and_cycles_stay_linear():
    """A support chain of 10,000 steps under a rebuttal at its foot, and an attack cycle of 10,001
    arguments: right labels, the foot's rebuttal as the top's root, in bounded time and memory
    (a quadratic explanation took 26 s for 20,000 nodes; the search keeps one labelling, not one per level)."""
    import time

    n = 10_000
    infs = {f"I{i}": ([f"c{i - 1}"], f"c{i}") for i in range(1, n)}
    m = mk(claims="r:q c0:q " + " ".join(f"c{i}:n" for i in range(1, n)), inferences=infs,
           attacks=[("r", "c0", R)])
    t0 = time.perf_counter()
    top = evaluate([m]).labellings[0][f"m#c{n - 1}"]
    assert top.label == OUT and [(r.kind, r.other) for r in top.roots] == [("rebutted", "m#r")]
    args = tuple(f"a{i}" for i in range(10_001))
    odd = DungFramework(args, tuple((args[i], args[(i + 1) % len(args)]) for i in range(len(args))))
    assert [set(x.values()) for x in preferred(odd).labellings] == [{UNDEC}] and stable(odd).labellings == ()
    assert time.perf_counter() - t0 < 8
