"""Bad input through the real command line: every case names the diagnostic code(s), the exact
``file:line:col`` of the first expected diagnostic, the exit code, and checks that no traceback is
printed and that no output file (nor a ``*.tmp`` left over by an atomic write) is left behind.

Cases that could hang (alias bombs, deep nesting, huge files, huge quotes) run in a subprocess with
a timeout, so a hang fails the test instead of hanging CI.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Union

import pytest
import yaml
from click.testing import CliRunner

from argmap.cli import main
from tests.conftest import SOURCE_TEXT, base_map

MAP = "mini.argmap.yaml"
VALID = yaml.safe_dump(base_map(), allow_unicode=True, sort_keys=False)
TIMEOUT = 20
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
DIAG = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning|info) (?P<code>[A-Z]\d{3}) "
                  r"(?P<msg>.*)$")

Content = Union[str, bytes, dict, Callable[[Path], Union[str, bytes]]]
At = Union[None, str, tuple]


# --------------------------------------------------------------------------- helpers

def dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def edit(old: str, new: str, text: str = VALID) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def modified(fn: Callable[[dict[str, Any]], Any]) -> str:
    data = base_map()
    fn(data)
    return dump(data)


def pos(text: str, needle: str, nth: int = 1, delta: int = 0) -> tuple[int, int]:
    """1-based (line, column in code points) of the ``nth`` occurrence of ``needle`` (+ ``delta``)."""
    idx = -1
    for _ in range(nth):
        idx = text.index(needle, idx + 1)
    idx += delta
    line = text.count("\n", 0, idx) + 1
    col = idx - (text.rfind("\n", 0, idx) + 1) + 1
    return line, col


def write_sources(tmp: Path) -> None:
    (tmp / "src.txt").write_text(SOURCE_TEXT, encoding="utf-8")


def write(tmp: Path, content: str | bytes, name: str = MAP) -> Path:
    write_sources(tmp)
    path = tmp / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode("utf-8"))
    return path


@dataclass
class Setup:
    args: list[str]
    loc: tuple[Path, int, int] | None = None   # where the first expected diagnostic must be
    outputs: list[Path] = field(default_factory=list)  # must not exist afterwards
    extra: Callable[[str, Path], None] | None = None   # more checks on stdout+stderr


@dataclass
class Case:
    build: Callable[[Path], Setup]
    codes: tuple = ()             # each a code, or a frozenset of acceptable alternatives
    exit: int | frozenset = 1
    sub: bool = False             # run in a subprocess with a timeout
    max_seconds: float | None = None


def map_case(content: Content, codes: tuple, exit_code: int | frozenset, at: At = None, *,
             args: Callable[[Path, Path], list[str]] | None = None,
             outputs: Callable[[Path], list[Path]] | None = None,
             extra: Callable[[str, Path], None] | None = None,
             prepare: Callable[[Path], None] | None = None,
             sub: bool = False, max_seconds: float | None = None) -> Case:
    """A map file built from ``content``; ``at`` is a needle in its text (its first occurrence is
    the expected position), ``(needle, nth, delta)``, or ``(line, column)``."""

    def build(tmp: Path) -> Setup:
        c = content(tmp) if callable(content) else content
        c = dump(c) if isinstance(c, dict) else c
        path = write(tmp, c)
        if prepare:
            prepare(tmp)
        text = c.decode("utf-8", errors="replace") if isinstance(c, bytes) else c
        loc = None
        if isinstance(at, str):
            loc = (path, *pos(text, at))
        elif isinstance(at, tuple) and isinstance(at[0], str):
            loc = (path, *pos(text, *at))
        elif isinstance(at, tuple):
            loc = (path, at[0], at[1])
        return Setup(args=args(tmp, path) if args else ["check", str(path)], loc=loc,
                     outputs=outputs(tmp) if outputs else [], extra=extra)

    return Case(build, codes, exit_code, sub, max_seconds)


def no_passwd(out: str, tmp: Path) -> None:
    for line in Path("/etc/passwd").read_text(errors="replace").splitlines():
        if line.strip():
            assert line not in out, f"/etc/passwd content leaked: {line!r}"
    assert "root:" not in out


def contains(*fragments: str) -> Callable[[str, Path], None]:
    def check(out: str, tmp: Path) -> None:
        for f in fragments:
            assert f in out, f"{f!r} not in output:\n{out[:3000]}"
    return check


# --------------------------------------------------------------------------- inputs

def crlf(text: str) -> bytes:
    return text.replace("\n", "\r\n").encode("utf-8")


BAD_BYTE = "  title: 小論文".encode() + b"\xff" + b"\n"
NON_UTF8 = VALID.encode("utf-8").replace("  title: 小論文\n".encode(), BAD_BYTE, 1)

BOMB = "".join([
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n',
    *(f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi")),
])

CYCLE_N = 200
SOURCE_PATH = ("path: ", 1, 6)  # source problems are reported at the sources[] entry's path: value


def long_cycle(data: dict[str, Any]) -> None:
    for i in range(CYCLE_N):
        data["claims"].append({"id": f"K{i}", "text": "甲", "gloss": "a",
                               "evidence": [{"quote": "展示嚇阻力", "line": 5}]})
    for i in range(CYCLE_N):
        data["inferences"].append({"id": f"J{i}", "premises": [f"K{i}"], "conclusion": f"K{(i + 1) % CYCLE_N}"})
    data["inferences"].append({"id": "JT", "premises": ["K0"], "conclusion": "T"})


def cycle_named(out: str, tmp: Path) -> None:
    r205 = [line for line in out.splitlines() if " R205 " in line]
    assert len(r205) == 1, f"expected one R205 for the {CYCLE_N}-claim circle, got {len(r205)}"
    for i in range(CYCLE_N):
        assert re.search(rf"\bK{i}\b", r205[0]), f"K{i} missing from the circle: {r205[0][:300]}"


def one_code(code: str, n: int = 1) -> Callable[[str, Path], None]:
    def check(out: str, tmp: Path) -> None:
        got = [line for line in out.splitlines() if f" {code} " in line]
        assert len(got) == n, f"expected {n} {code}, got {len(got)}:\n" + "\n".join(got)
    return check


def with_link(to: str) -> str:
    return modified(lambda d: d["claims"][1].update(links=[{"to": to, "relation": "same-claim"}]))


def other_map(tmp: Path) -> None:
    other = base_map()
    other["id"] = "other"
    (tmp / "other.argmap.yaml").write_text(dump(other), encoding="utf-8")


def source_path(path: str) -> str:
    return edit("  path: src.txt", f"  path: {path}")


def symlink_outside(tmp: Path) -> None:
    (tmp / "leak.txt").symlink_to("/etc/passwd")


def source_folder(tmp: Path) -> None:
    (tmp / "srcdir").mkdir()


def latin1_source(tmp: Path) -> None:
    (tmp / "latin1.txt").write_bytes("caf\xe9 展示".encode("utf-8").replace("é".encode(), b"\xe9"))


def unreadable_source(tmp: Path) -> None:
    p = tmp / "secret.txt"
    p.write_text(SOURCE_TEXT, encoding="utf-8")
    p.chmod(0)


HUGE_QUOTE = "甲乙丙丁" * 25_000  # 100,000 characters, not in the source


def huge_file(tmp: Path) -> bytes:
    return (VALID + "note: " + "x" * (50 * 1024 * 1024) + "\n").encode("utf-8")


def deep_lists(tmp: Path) -> str:
    return "[" * 10_000 + "]" * 10_000 + "\n"


def deep_maps(tmp: Path) -> str:
    return "{a: " * 10_000 + "1" + "}" * 10_000 + "\n"


def deep_block(tmp: Path) -> str:
    return "".join(" " * i + "- \n" for i in range(3_000)) + " " * 3_000 + "x\n"


def pwned_absent(out: str, tmp: Path) -> None:
    assert not (tmp / "pwned").exists(), "a !!python tag was executed"


# ---- commands writing output

def render_to(name: str) -> Callable[[Path, Path], list[str]]:
    return lambda tmp, path: ["render", str(path), "-o", str(tmp / name)]


def out_file(name: str) -> Callable[[Path], list[Path]]:
    return lambda tmp: [tmp / name]


def written(name: str) -> Callable[[str, Path], None]:
    def check(out: str, tmp: Path) -> None:
        assert (tmp / name).is_file() and (tmp / name).stat().st_size > 0, f"{name} not written"
    return check


def parent_is_file(tmp: Path) -> None:
    (tmp / "afile").write_text("x", encoding="utf-8")


def readonly_dir(tmp: Path) -> None:
    (tmp / "ro").mkdir()
    (tmp / "ro").chmod(0o555)


def aif_bytes(content: bytes) -> Callable[[Path], Setup]:
    def build(tmp: Path) -> Setup:
        f = tmp / "in.json"
        f.write_bytes(content)
        return Setup(["import", str(f), "--from", "aif", "-o", str(tmp / "in.argmap.yaml")],
                     loc=None, outputs=[tmp / "in.argmap.yaml"])
    return build


def aif_case(content: bytes, line: int, col: int) -> Case:
    def build(tmp: Path) -> Setup:
        s = aif_bytes(content)(tmp)
        s.loc = (tmp / "in.json", line, col)
        return s
    return Case(build, ("X501",), 2)


def show_case(target: Callable[[Path, Path], str], fragments: tuple[str, ...]) -> Case:
    def build(tmp: Path) -> Setup:
        path = write(tmp, VALID)
        return Setup(["show", target(tmp, path), "--maps", str(tmp)], extra=contains(*fragments))
    return Case(build, (), 2)


def compare_case(a: str, b: str, fragments: tuple[str, ...]) -> Case:
    def build(tmp: Path) -> Setup:
        write(tmp, VALID)
        return Setup(["compare", a, b, "--maps", str(tmp)], extra=contains(*fragments))
    return Case(build, (), 2)


def missing_path_case(cmd: list[str]) -> Case:
    def build(tmp: Path) -> Setup:
        return Setup([*cmd[:1], str(tmp / "missing.argmap.yaml"), *cmd[1:]],
                     extra=contains("does not exist"))
    return Case(build, (), 2)


ES = frozenset  # alternatives

CASES = [
    # ---------------------------------------------------------------- L: reading the file
    pytest.param(map_case(VALID + "note: [unclosed, bracket\n", ("L001",), 2, (52, 25)), id="L001-unclosed-bracket"),
    pytest.param(map_case(edit("  kind: master-thesis", "   kind: master-thesis"), ("L001",), 2, ("   kind", 1, 3)),
                 id="L001-bad-indentation"),
    pytest.param(map_case(edit("  title: 小論文", "\ttitle: 小論文"), ("L001",), 2, "\ttitle",
                          extra=contains("tab character cannot indent YAML")), id="L001-tab-indentation"),
    pytest.param(map_case(edit("id: mini", "id: mini\n  - nested: wrong"), ("L001",), 2, ("  - nested:", 1, 10)),
                 id="L001-sequence-under-scalar"),
    pytest.param(map_case(("\ufeff" + VALID).encode("utf-8"), (), 0), id="bom-accepted"),
    pytest.param(map_case(("\ufeff" + edit("argmap: 1", "argmap: 2")).encode("utf-8"), ("S104",), 1, (1, 9)),
                 id="bom-positions-still-right"),
    pytest.param(map_case(crlf(VALID), (), 0), id="crlf-accepted"),
    pytest.param(map_case(crlf(edit("quote: 展示嚇阻力", "quote: 展示威懾力")), ("E301",), 1, "展示威懾力"),
                 id="crlf-positions-still-right"),
    pytest.param(map_case(NON_UTF8, ("L002",), 2, (4, 13), extra=contains("0xff")), id="L002-non-utf8-byte"),
    pytest.param(map_case(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ("L002",), 2, (1, 1)), id="L002-binary-png"),
    pytest.param(map_case(b"argmap: 1\nid: mini\nnote: abc\xc3(\n", ("L002",), 2, (3, 10)),
                 id="L002-truncated-multibyte"),
    pytest.param(map_case(b"\x00\x01\x02\x03 junk \x7f\x00\n", ("L001",), 2, (1, 1)),
                 id="L001-binary-control-bytes"),
    pytest.param(map_case("", ("L006",), 2, (1, 1)), id="L006-empty-file"),
    pytest.param(map_case("# only a comment\n# and another\n", ("L006",), 2, (1, 1)), id="L006-comments-only"),
    pytest.param(map_case("\n   \n\n", ("L006",), 2, (1, 1)), id="L006-whitespace-only"),
    pytest.param(map_case(huge_file, ("L007",), 2, (1, 1), sub=True, max_seconds=15,
                          extra=contains("over the limit of 20,971,520")), id="L007-50MB-file"),
    pytest.param(map_case(deep_lists, ("L001",), 2, (1, 65), sub=True, extra=contains("nesting deeper than 64 levels")),
                 id="deep-nesting-10000-lists"),
    pytest.param(map_case(deep_maps, ("L001",), 2, (1, 4 * 64 + 1), sub=True, extra=contains("nesting deeper than 64 levels")),
                 id="deep-nesting-10000-flow-maps"),
    pytest.param(map_case(deep_block, ("L001",), 2, (65, 65), sub=True, extra=contains("nesting deeper than 64 levels")),
                 id="deep-nesting-3000-block-lists"),
    pytest.param(map_case(edit("id: mini", "id: mini\nid: other"), ("L003",), 2, "id: other",
                          extra=contains("first at line 2")), id="L003-duplicate-top-key"),
    pytest.param(map_case(edit("  text: 中俄聯合軍演。", "  text: 中俄聯合軍演。\n  text: 重複。"), ("L003",), 2,
                          ("text: 重複", 1, 0), extra=contains("first at line 23")), id="L003-duplicate-claim-key"),
    pytest.param(map_case(edit("  kind: master-thesis", "  kind: &k master-thesis"), ("L004",), 2, "&k"),
                 id="L004-anchor"),
    pytest.param(map_case(VALID + "note: *x\n", ("L004",), 2, "*x"), id="L004-alias"),
    pytest.param(map_case(BOMB, ("L004",), 2, (1, 4), sub=True, max_seconds=10), id="L004-billion-laughs"),
    pytest.param(map_case(lambda tmp: f"argmap: !!python/object/apply:os.system ['touch {tmp}/pwned']\n",
                          ("L005",), 2, (1, 9), extra=pwned_absent), id="L005-python-object-apply"),
    pytest.param(map_case(edit("  kind: master-thesis", "  kind: !!python/object:argmap.model.Map {}"), ("L005",), 2,
                          "!!python"), id="L005-python-object"),
    pytest.param(map_case(edit("  kind: master-thesis", "  kind: !custom master-thesis"), ("L005",), 2, "!custom"),
                 id="L005-custom-tag"),
    pytest.param(map_case(VALID + "---\nargmap: 1\n", ("L008",), 2, ("---", 1, 0)), id="L008-two-documents"),
    # ---------------------------------------------------------------- S: the format
    pytest.param(map_case(edit("  year: 2013", "  year: [2013]"), ("S103",), 1, "[2013]",
                          extra=contains("work.year: expected a whole number, found a list")), id="S103-year-list"),
    pytest.param(map_case(edit("  premises:\n  - C1\n  - P1\n", "  premises: C1\n"), ("S103",), 1,
                          ("premises: C1", 1, 10)), id="S103-premises-string"),
    pytest.param(map_case(edit("  evidence:\n  - quote: 展示嚇阻力\n    line: 5\n",
                               "  evidence:\n    quote: 展示嚇阻力\n    line: 5\n"), ("S103",), 1, "quote: 展示嚇阻力"),
                 id="S103-evidence-mapping"),
    pytest.param(map_case(modified(lambda d: d.update(claims="T")), ("S103",), 1, ("claims: T", 1, 8)),
                 id="S103-claims-string"),
    pytest.param(map_case(modified(lambda d: d["work"].update(authors="王小明")), ("S103",), 1,
                          ("authors: 王小明", 1, 9)), id="S103-authors-string"),
    pytest.param(map_case(edit("  - quote: 展示嚇阻力\n    line: 5", "  - quote: 展示嚇阻力\n    line: five"), ("S103",), 1,
                          ("line: five", 1, 6)), id="S103-line-text"),
    pytest.param(map_case(edit("  - quote: 展示嚇阻力", "  - quote: [展示嚇阻力]"), ("S103",), 1, "[展示嚇阻力]"),
                 id="S103-quote-list"),
    pytest.param(map_case(modified(lambda d: d.update(inferences={"I1": "x"})), ("S103",), 1, ("I1: x", 1, 0)),
                 id="S103-inferences-mapping"),
    pytest.param(map_case(edit("  titel", "  titel", edit("  title: 小論文", "  titel: 小論文")), ("S102", "S101"), 1,
                          ("titel", 1, 0), extra=contains("did you mean 'title'?")), id="S102-titel"),
    pytest.param(map_case(edit("  evidence:\n  - quote: 展示嚇阻力", "  evidense:\n  - quote: 展示嚇阻力"), ("S102",), 1,
                          "evidense", extra=contains("did you mean 'evidence'?")), id="S102-evidense"),
    pytest.param(map_case(edit("  premises:", "  premise:"), ("S102", "S101"), 1, "premise:",
                          extra=contains("did you mean 'premises'?")), id="S102-premise"),
    pytest.param(map_case(edit("role: thesis", "role: premise"), ("S104",), 1, ("role: premise", 1, 6),
                          extra=contains("'premise' is not allowed", "'implicit-premise'")), id="S104-role"),
    pytest.param(map_case(edit("- id: C1", "- id: C 1"), ("S104",), 1, ("C 1", 1, 0)), id="S104-id-with-space"),
    pytest.param(map_case(edit("argmap: 1", "argmap: 2"), ("S104",), 1, (1, 9)), id="S104-argmap-2"),
    pytest.param(map_case(edit("type: rebuttal", "type: rebutal"), ("S104",), 1, ("rebutal", 1, 0)),
                 id="S104-attack-type"),
    pytest.param(map_case(edit("kind: master-thesis", "kind: thesis"), ("S104",), 1, ("kind: thesis", 1, 6)),
                 id="S104-work-kind"),
    pytest.param(map_case(edit("id: mini", "id: Mini_Map"), ("S104",), 1, "Mini_Map"), id="S104-map-id-pattern"),
    pytest.param(map_case(edit("  gloss: Joint exercises.\n", ""), ("S101",), 1, ("id: C1", 1, 0),
                          extra=contains("gloss")), id="S101-claim-without-gloss"),
    pytest.param(map_case(edit("  justification: 作者未明言。\n", ""), ("S101",), 1, ("id: P1", 1, 0),
                          extra=contains("justification")), id="S101-implicit-without-justification"),
    pytest.param(map_case(edit("  conclusion: T\n", ""), ("S101",), 1, ("id: I1", 1, 0),
                          extra=contains("conclusion")), id="S101-inference-without-conclusion"),
    pytest.param(map_case(modified(lambda d: d.pop("work")), ("S101",), 1, (1, 1), extra=contains("work")),
                 id="S101-no-work"),
    pytest.param(map_case(edit("  - quote: 展示嚇阻力\n    line: 5", "  - quote: 展示嚇阻力\n    start: 30"), ("S101",), 1,
                          ("quote: 展示嚇阻力", 1, 0), extra=contains("end")), id="S101-start-without-end"),
    pytest.param(map_case(edit("  - quote: 展示嚇阻力\n    line: 5", "  - quote: ''\n    line: 5"),
                          (ES({"S104", "S105", "E301"}),), 1, "''"), id="empty-quote"),
    # ---------------------------------------------------------------- R: references and graph
    pytest.param(map_case(edit("- id: A1", "- id: C1"), ("R201",), 1, ("id: C1", 2, 4),
                          extra=contains("'C1' is already used at line")), id="R201-duplicate-id"),
    pytest.param(map_case(edit("  - C1\n  - P1", "  - C9\n  - P1"), ("R202",), 1, "C9",
                          extra=contains("premise 'C9' is not a claim")), id="R202-premise"),
    pytest.param(map_case(edit("conclusion: T", "conclusion: T2"), ("R202",), 1, "T2"), id="R202-conclusion"),
    pytest.param(map_case(edit("attacker: T", "attacker: X"), ("R202",), 1, ("attacker: X", 1, 10)),
                 id="R202-attacker"),
    pytest.param(map_case(edit("target: R1", "target: Nope"), ("R202",), 1, "Nope"), id="R202-target"),
    pytest.param(map_case(edit("  - quote: 展示嚇阻力\n", "  - quote: 展示嚇阻力\n    source: book\n"), ("R202",), 1,
                          "book", extra=contains("source 'book' is not declared")), id="R202-evidence-source"),
    pytest.param(map_case(with_link("nosuch#T"), ("R203",), 1, "nosuch#T"), id="R203-unknown-map"),
    pytest.param(map_case(with_link("other#C99"), ("R204",), 1, "other#C99", prepare=other_map),
                 id="R204-unknown-claim"),
    pytest.param(map_case(modified(lambda d: d["inferences"].append({"id": "I2", "premises": ["C1"], "conclusion": "C1"})),
                          ("R205",), 1, ("id: I2", 1, 4), extra=contains("C1 → C1")), id="R205-self-support"),
    pytest.param(map_case(modified(long_cycle), ("R205",), 1, ("id: J0", 1, 4), extra=cycle_named),
                 id="R205-200-claim-circle"),
    pytest.param(map_case(edit("target: R1\n  type: rebuttal", "target: I1\n  type: rebuttal"), ("R206",), 1,
                          ("target: I1", 1, 8)), id="R206-rebuttal-on-inference"),
    pytest.param(map_case(edit("type: rebuttal", "type: undercut"), ("R206",), 1, ("target: R1", 1, 8)),
                 id="R206-undercut-on-claim"),
    pytest.param(map_case(edit("  role: thesis\n", ""), ("R207",), 1, (1, 1)), id="R207-no-thesis"),
    pytest.param(map_case(edit("- id: C1\n", "- id: C1\n  role: thesis\n"), ("R208",), 1, ("- id: C1", 1, 6),
                          extra=contains("'C1' is a second thesis")), id="R208-two-theses"),
    # ---------------------------------------------------------------- E: sources
    pytest.param(map_case(source_path("../../etc/passwd"), ("E311",), 1, SOURCE_PATH, extra=no_passwd),
                 id="E311-dotdot-etc-passwd"),
    pytest.param(map_case(source_path("/etc/passwd"), ("E311",), 1, SOURCE_PATH, extra=no_passwd),
                 id="E311-absolute-etc-passwd"),
    pytest.param(map_case(source_path("leak.txt"), ("E311",), 1, SOURCE_PATH, prepare=symlink_outside,
                          extra=no_passwd), id="E311-symlink-to-etc-passwd"),
    pytest.param(map_case(source_path("sub/../../x/src.txt"), ("E311",), 1, SOURCE_PATH, extra=no_passwd),
                 id="E311-dotdot-in-the-middle"),
    pytest.param(map_case(source_path("nowhere.txt"), ("E302",), 1, SOURCE_PATH, extra=contains("nowhere.txt")),
                 id="E302-missing-source"),
    pytest.param(map_case(source_path("srcdir"), ("E302",), 1, SOURCE_PATH, prepare=source_folder),
                 id="E302-source-is-folder"),
    pytest.param(map_case(source_path("latin1.txt"), ("E303",), 1, SOURCE_PATH, prepare=latin1_source,
                          extra=contains("not UTF-8")), id="E303-source-not-utf8"),
    # As root, chmod 000 does not stop reading: the file is then read normally and its quotes match
    # (asserted instead of skipping); as any other user it is E303.
    pytest.param(map_case(source_path("secret.txt"), () if IS_ROOT else ("E303",), 0 if IS_ROOT else 1,
                          None if IS_ROOT else SOURCE_PATH, prepare=unreadable_source),
                 id="E303-source-chmod-000" + ("-root-reads-it" if IS_ROOT else "")),
    pytest.param(map_case(edit("quote: 展示嚇阻力", f"quote: {HUGE_QUOTE}"), ("E312",), 1, HUGE_QUOTE[:4],
                          sub=True, extra=contains("100,000 characters, over the limit of 10,000")),
                 id="E312-100000-char-quote"),
    pytest.param(map_case(modified(lambda d: d["sources"].append({"id": "other", "path": "src.txt", "title": "再"})),
                          ("E304",), 1, ("quote: 上海", 1, 7)), id="E304-several-sources"),
    pytest.param(map_case(edit("    line: 5", "    line: 3"), ("E305",), 1, ("quote: 展示嚇阻力", 1, 7)),
                 id="E305-wrong-line"),
    # ---------------------------------------------------------------- commands writing output
    pytest.param(map_case(VALID + "note: [oops\n", ("L001",), 2, (52, 12), args=render_to("out.svg"),
                          outputs=out_file("out.svg")), id="render-yaml-error"),
    pytest.param(map_case(edit("argmap: 1", "argmap: 2"), ("S104",), 2, (1, 9), args=render_to("out.dot"),
                          outputs=out_file("out.dot")), id="render-schema-error"),
    # write_atomic creates missing parent folders on purpose (src/argmap/output.py): not an error
    pytest.param(map_case(VALID, (), 0, None, args=render_to("nodir/out.svg"), extra=written("nodir/out.svg")),
                 id="render-into-missing-folder-creates-it"),
    pytest.param(map_case(VALID, (), 2, None, args=render_to("afile/out.svg"), prepare=parent_is_file,
                          outputs=out_file("afile/out.svg")), id="render-into-a-file-not-folder"),
    pytest.param(map_case(VALID, (), 0 if IS_ROOT else 2, None, args=render_to("ro/out.dot"), prepare=readonly_dir,
                          outputs=(lambda tmp: []) if IS_ROOT else out_file("ro/out.dot")),
                 id="render-into-readonly-folder" + ("-root-can-write" if IS_ROOT else "")),
    pytest.param(map_case(VALID, (), 2, None, args=lambda tmp, p: ["render", str(p), "-o", str(tmp / "out.xyz")],
                          outputs=out_file("out.xyz")), id="render-unknown-format"),
    pytest.param(map_case(VALID, (), 2, None, args=lambda tmp, p: ["render", str(p), "-o", str(tmp / "o.svg"),
                                                                     "--focus", "NOPE"],
                          outputs=out_file("o.svg")), id="render-focus-unknown-claim"),
    pytest.param(map_case(VALID + "note: [oops\n", ("L001",), 2, (52, 12),
                          args=lambda tmp, p: ["export", str(p), "--to", "aif", "-o", str(tmp / "o.json")],
                          outputs=out_file("o.json")), id="export-yaml-error"),
    pytest.param(map_case(edit("  year: 2013", "  year: [2013]"), ("S103",), 2, "[2013]",
                          args=lambda tmp, p: ["export", str(p), "--to", "argdown", "-o", str(tmp / "o.argdown")],
                          outputs=out_file("o.argdown")), id="export-schema-error"),
    pytest.param(map_case(VALID, (), 2, None,
                          args=lambda tmp, p: ["export", str(p), "--to", "aif", "-o", str(tmp / "afile" / "o.json")],
                          prepare=parent_is_file, outputs=out_file("afile/o.json"), extra=contains("cannot write")),
                 id="export-into-a-file-not-folder"),
    pytest.param(map_case(VALID, (), 0, None, args=lambda tmp, p: ["export", str(p), "--to", "aif", "-o",
                                                                     str(tmp / "nodir" / "o.json")],
                          extra=written("nodir/o.json")), id="export-into-missing-folder-creates-it"),
    pytest.param(aif_case(b"this is not json\n", 1, 1), id="X501-import-not-json"),
    pytest.param(aif_case(b'{"nodes": [], "edges": [\n', 2, 1), id="X501-import-truncated-json"),
    pytest.param(aif_case(b'{"nodes": [], "edges": []}\n', 1, 1), id="X501-import-no-i-node"),
    pytest.param(aif_case(b'[1, 2, 3]\n', 1, 1), id="X501-import-json-array"),
    pytest.param(aif_case(b'{"nodes": "x"\xff}\n', 1, 14), id="X501-import-not-utf8"),
    pytest.param(aif_case(b"", 1, 1), id="X501-import-empty"),
    # ---------------------------------------------------------------- show / compare / usage
    pytest.param(show_case(lambda tmp, p: f"{p}#C11", ("C11", "did you mean C1")), id="show-unknown-claim-suggests"),
    pytest.param(show_case(lambda tmp, p: "mini#Tt", ("Tt", "did you mean T")), id="show-unknown-claim-by-map-id"),
    pytest.param(show_case(lambda tmp, p: "nosuchmap#T", ("nosuchmap",)), id="show-unknown-map"),
    pytest.param(show_case(lambda tmp, p: "mini", ("MAP#CLAIM",)), id="show-no-hash"),
    pytest.param(compare_case("nosuch", "mini", ("nosuch",)), id="compare-unknown-work"),
    pytest.param(compare_case("mini", "nothere", ("nothere",)), id="compare-second-unknown"),
    pytest.param(compare_case("mini", "mini", ("same map",)), id="compare-same-work"),
    pytest.param(missing_path_case(["check"]), id="check-missing-path"),
]


# --------------------------------------------------------------------------- runner

def run_cli(args: list[str], sub: bool, cwd: Path) -> tuple[int, str, str, BaseException | None]:
    if sub:
        env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1] / "src"))
        p = subprocess.run([sys.executable, "-m", "argmap", *args], capture_output=True, timeout=TIMEOUT,
                           cwd=cwd, env=env)
        return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace"), None
    r = CliRunner().invoke(main, args, catch_exceptions=True)
    exc = r.exception
    return r.exit_code, r.stdout, r.stderr, (None if isinstance(exc, SystemExit) else exc)


def diagnostics(out: str, cwd: Path) -> list[dict[str, Any]]:
    found = []
    for line in out.splitlines():
        m = DIAG.match(line)
        if m:
            d = m.groupdict()
            d["path"] = (cwd / d["file"]).resolve()
            found.append(d)
    return found


@pytest.mark.parametrize("case", CASES)
def test_bad_input(case: Case, tmp_path: Path) -> None:
    import time

    setup = case.build(tmp_path)
    cwd = Path.cwd()
    started = time.monotonic()
    code, stdout, stderr, exc = run_cli(setup.args, case.sub, tmp_path if case.sub else cwd)
    seconds = time.monotonic() - started
    if case.sub:
        cwd = tmp_path
    out = stdout + stderr
    shown = f"exit {code}\n--- stdout\n{stdout[:4000]}\n--- stderr\n{stderr[:4000]}"

    assert exc is None, f"crashed with {exc!r}\n{shown}"
    assert "Traceback" not in out, shown
    expected_exit = case.exit if isinstance(case.exit, frozenset) else {case.exit}
    assert code in expected_exit, f"expected exit {sorted(expected_exit)}\n{shown}"
    if case.max_seconds is not None:
        assert seconds < case.max_seconds, f"took {seconds:.1f}s"

    ds = diagnostics(out, cwd)
    got = [d["code"] for d in ds]
    for want in case.codes:
        alternatives = want if isinstance(want, frozenset) else {want}
        assert alternatives & set(got), f"expected {sorted(alternatives)}, got {got}\n{shown}"
    if not case.codes and code == 0:
        assert [d for d in ds if d["sev"] == "error"] == [], shown
    if case.codes and isinstance(case.exit, frozenset):
        assert ds, f"no diagnostic printed\n{shown}"
    if setup.loc is not None:
        first = case.codes[0]
        alternatives = first if isinstance(first, frozenset) else {first}
        d = next(d for d in ds if d["code"] in alternatives)
        path, line, col = setup.loc
        assert (d["path"], int(d["line"]), int(d["col"])) == (path.resolve(), line, col), \
            f"expected {d['code']} at {path}:{line}:{col}\n{shown}"
    if setup.extra:
        setup.extra(out, tmp_path)
    for o in setup.outputs:
        assert not o.exists(), f"output {o} was left behind\n{shown}"
        if o.parent.is_dir():
            assert not list(o.parent.glob("*.tmp")) and not list(o.parent.glob(".*.tmp")), \
                f"temporary file left in {o.parent}: {list(o.parent.iterdir())}"
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")], list(tmp_path.rglob("*"))
