"""Hostile input through the commands (issue #19, items 10-13, 19, 21-24, 26, 27): each case runs
the real CLI in a subprocess with a time limit and asserts its exit code, its message, that no
traceback is printed, and what is (and is not) written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tests.conftest import SOURCE_TEXT, base_map
from tests.test_hostile import argmap, diagnostics, write

ROOT = Path(__file__).resolve().parents[1]


# 10. a page marker whose page group is optional, or matches a digit that is not 0-9

@pytest.fixture
def odd_pages(tmp_path: Path) -> Path:
    data = base_map()
    for c in data["claims"]:
        for e in c.get("evidence", []):
            e.pop("line", None)
    path = write(tmp_path, data, "²\n" + SOURCE_TEXT)
    (tmp_path / "manifest.yaml").write_text(
        "sources:\n  - file: src.txt\n    matching:\n      pages:\n"
        "        marker: '(?m)^(?P<page>[0-9²]+)?$'\n        break: '\\f'\n", encoding="utf-8")
    return path


def test_odd_page_labels_in_show_and_quote(odd_pages):
    r = argmap("show", f"{odd_pages}#T")
    assert r.returncode == 0 and "p. ²" in r.stdout  # (the citation: author year, p. label)
    r = argmap("quote", odd_pages.parent / "src.txt", "展示嚇阻力")
    assert r.returncode == 0 and 'page: "²"' in r.stdout


def test_odd_page_labels_in_fix_and_build(odd_pages, tmp_path):
    r = argmap("check", "--fix", odd_pages)
    assert r.returncode == 0 and "fixed" in r.stderr and 'page: "²"' in odd_pages.read_text(encoding="utf-8")
    out = tmp_path / "out"
    r = argmap("build", odd_pages.parent, "--out", out, timeout=120)
    assert r.returncode == 0, r.stderr
    assert {p.name for p in out.iterdir()} >= {"mini.svg", "mini.html", "index.html", "export"}


def test_page_labels_as_printed():
    from argmap.evidence.matching import Matching, PageRule
    from argmap.evidence.pages import page_at, page_ranges
    import regex

    rule = PageRule(regex.compile(r"(?m)^\[(?P<page>[^\]]*)\]$"), regex.compile(r"\f"), "start")
    text = "[12]\na\n\f\n[]\nb\n\f\n[٣]\nc\n\f\n[iv]\nd"
    pages = page_ranges(text, Matching(pages=rule))
    assert [page_at(pages, text.index(ch)) for ch in "abcd"] == [12, None, "٣", "iv"]


# 11. build would overwrite its own files: two maps with one id, a map with the id "index"

def _two_maps(tmp_path: Path, second_id: str, first_id: str = "mini") -> Path:
    folder = tmp_path / "maps"
    folder.mkdir()
    data = base_map()
    data["id"] = first_id
    write(folder, data)
    other = base_map()
    other["id"] = second_id
    (folder / "other.argmap.yaml").write_text(yaml.safe_dump(other, allow_unicode=True, sort_keys=False),
                                              encoding="utf-8")
    return folder


@pytest.mark.parametrize("first,second,said", [("mini", "mini", "all declare the map id 'mini'"),
                                                ("mini", "index", "the name of the index page")])
def test_build_refuses_maps_whose_files_would_overwrite_each_other(tmp_path, first, second, said):
    folder = _two_maps(tmp_path, second, first)
    out = tmp_path / "out"
    r = argmap("build", folder, "--out", out, timeout=120)
    assert r.returncode == 2 and said in r.stderr and "nothing was written" in r.stderr
    assert not out.exists()


# 12. output that cannot be written: exit 2 naming the output (never the hidden temporary file)

@pytest.fixture
def blocked(tmp_path: Path) -> Path:
    (tmp_path / "file").write_text("a file, not a folder", encoding="utf-8")
    return tmp_path / "file"


@pytest.mark.parametrize("args", [("compare", "lin2013", "guo-wuping"), ("compare", "--all"), ("classify",),
                                  ("compare", "lin2013", "guo-wuping", "--format", "html")])
def test_compare_and_classify_report_a_write_failure(blocked, args):
    r = argmap(*args, "-o", blocked / "x.md", timeout=120)
    assert r.returncode == 2 and f"argmap {args[0]}: cannot write {blocked / 'x.md'}: {blocked} is a file" in r.stderr
    r = argmap(*args, "-o", blocked.parent / ("a" * 300 + ".md"), timeout=120)
    assert r.returncode == 2 and f"argmap {args[0]}: cannot write {blocked.parent / 'aaa'}" in r.stderr
    r = argmap(*args, "-o", "", timeout=120)
    assert r.returncode == 2 and "give the name of a file" in r.stderr


@pytest.mark.parametrize("args,name", [(("render", "arguments/thesis000-ch5.argmap.yaml"), "x.svg"),
                                       (("export", "arguments/thesis000-ch5.argmap.yaml", "--to", "aif"), "x.json")])
def test_render_and_export_name_the_output(blocked, args, name):
    r = argmap(*args, "-o", blocked / name, timeout=120)
    assert r.returncode == 2 and f"cannot write {blocked / name}: {blocked} is a file, not a folder" in r.stderr


def test_write_atomic_names_the_output_not_the_temporary_file(tmp_path):
    from argmap.output import write_atomic

    target = tmp_path / "x.svg"
    target.mkdir()  # the rename of the temporary file onto it fails
    with pytest.raises(IsADirectoryError) as err:
        write_atomic(target, b"<svg/>")
    assert err.value.filename == str(target) and err.value.filename2 is None
    assert [p.name for p in tmp_path.iterdir()] == ["x.svg"]  # no temporary file left


# 13. a map file whose name is not UTF-8: reports, JSON and pages stay UTF-8; build writes everything

def test_a_file_name_that_is_not_utf8(tmp_path):
    import os

    folder = tmp_path / "maps"
    folder.mkdir()
    write(folder)
    bad = Path(os.fsdecode(b"mini\xff.argmap.yaml"))
    (folder / "mini.argmap.yaml").rename(folder / bad)
    r = subprocess_bytes("check", folder, "--format", "json")
    report = json.loads(r.decode("utf-8"))  # valid UTF-8
    assert any(d["file"].endswith("mini\\xff.argmap.yaml") and d["code"] == "R211" for d in report["diagnostics"])
    out = tmp_path / "out"
    r2 = argmap("build", folder, "--out", out, timeout=120)
    assert r2.returncode == 0, r2.stderr
    assert {p.name for p in out.iterdir()} == {"mini.svg", "mini.html", "mini.dot", "index.html", "export"}
    assert "xff.argmap.yaml" in (out / "mini.html").read_text(encoding="utf-8")  # (decodes: UTF-8)


def subprocess_bytes(*args) -> bytes:
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-m", "argmap", *map(str, args)], capture_output=True, timeout=60,
                       cwd=ROOT, stdin=subprocess.DEVNULL)
    assert b"Traceback" not in r.stderr
    return r.stdout


# 21. a MAP name over 255 bytes: a usage error, not an OSError

@pytest.mark.parametrize("args", [("show", "a" * 300 + "#T"), ("compare", "a" * 300, "lin2013"),
                                  ("compare", "lin2013", "é" * 200)])
def test_a_map_name_too_long_for_the_system(args):
    r = argmap(*args)
    assert r.returncode == 2 and "Invalid value for" in r.stderr


# 27. two builds into one folder: the second refuses while the first holds the folder

def test_a_second_build_into_a_locked_folder_refuses(tmp_path):
    from argmap.output.folder import LOCK_NAME, locked

    folder = _two_maps(tmp_path, "other")
    out = tmp_path / "out"
    with locked(out):
        r = argmap("build", folder, "--out", out, timeout=120)
        assert r.returncode == 2 and "another argmap build" in r.stderr and f"process {__import__('os').getpid()}" in r.stderr
        assert [p.name for p in out.iterdir()] == [LOCK_NAME]
    assert not (out / LOCK_NAME).exists()
    r = argmap("build", folder, "--out", out, timeout=120)
    assert r.returncode == 0 and (out / "other.svg").exists() and not (out / LOCK_NAME).exists()


# 10/27. build never stops half-way: a failure leaves the output folder as it was

def test_a_build_that_fails_half_way_writes_nothing(tmp_path):
    import os
    import shutil
    import stat

    folder = _two_maps(tmp_path, "other")
    out = tmp_path / "out"
    out.mkdir()
    (out / "mini.svg").write_text("the previous build", encoding="utf-8")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "dot"  # Graphviz that fails on its third layout (the second map)
    fake.write_text(f"#!/bin/sh\nn=$(cat {tmp_path}/n 2>/dev/null || echo 0); n=$((n+1)); echo $n > {tmp_path}/n\n"
                    f"[ $n -ge 3 ] && {{ echo broken >&2; exit 1; }}\nexec {shutil.which('dot')} \"$@\"\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    import subprocess
    import sys

    env = dict(os.environ, PATH=f"{bin_dir}:{os.environ['PATH']}")
    r = subprocess.run([sys.executable, "-m", "argmap", "build", str(folder), "--out", str(out)], capture_output=True,
                       text=True, timeout=120, env=env, cwd=ROOT)
    assert "Traceback" not in r.stderr and r.returncode == 2 and "nothing was written" in r.stderr
    assert int((tmp_path / "n").read_text()) == 3
    assert [p.name for p in out.iterdir()] == ["mini.svg"]
    assert (out / "mini.svg").read_text(encoding="utf-8") == "the previous build"


# 16. export --to argdown to a terminal: map text cannot drive the terminal

def _on_a_terminal(*args: object) -> tuple[int, bytes]:
    """Run argmap with its standard output on a pseudo-terminal; (exit code, what the terminal got)."""
    import os
    import pty
    import subprocess
    import sys

    master, slave = pty.openpty()
    p = subprocess.Popen([sys.executable, "-m", "argmap", *map(str, args)], stdout=slave, stderr=subprocess.DEVNULL,
                         stdin=subprocess.DEVNULL, cwd=ROOT)
    os.close(slave)
    got = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the other side closed
            break
        if not chunk:
            break
        got += chunk
    os.close(master)
    return p.wait(timeout=60), got


def test_export_to_a_terminal_shows_escapes(tmp_path):
    data = base_map()
    data["claims"][0]["text"] = "上合\x1b]2;pwned\x07組織\u202e是平衡"
    path = write(tmp_path, data)
    code, got = _on_a_terminal("export", path, "--to", "argdown")
    assert code == 0 and b"\x1b" not in got and b"\x07" not in got and "\u202e".encode() not in got
    assert b"\\x1b" in got and b"\\x07" in got and b"\\u202e" in got  # shown, not obeyed
    piped = argmap("export", path, "--to", "argdown")  # to a file or a pipe: the text as it is
    assert "上合\x1b" in piped.stdout and "\u202e是平衡" in piped.stdout


# 19, 27. quote: --max-quote applies; an over-long or empty passage is a usage error

SOURCE = "arguments/sources/002_a7571c67bdaab12b.txt"


@pytest.mark.parametrize("words,limit,said", [(["上合組織即為一個高度平衡美國的組織"], 5, "over the limit of 5"),
                                              (["x" * 10_001], 10_000, "10,001 characters"),
                                              ([""], 10_000, "empty"), (["  ", "\t"], 10_000, "empty")])
def test_quote_refuses_a_passage_it_will_not_search(words, limit, said):
    r = argmap("quote", SOURCE, *words, "--max-quote", limit)
    assert r.returncode == 2 and said in r.stderr and "--max-quote" in r.stderr if "limit" in said else r.returncode == 2
    assert said in r.stderr and "not found" not in r.stdout


def test_quote_within_max_quote_is_found():
    r = argmap("quote", SOURCE, "上合組織即為一個高度平衡美國的組織", "--max-quote", 17)
    assert r.returncode == 0 and "# found at" in r.stdout


# 22. classify with a typology that names what is not defined: a clear error, exit 2

@pytest.mark.parametrize("old,new,said", [("    issue: balancing\n", "    issue: balancingX\n", "issue 'balancingX' is not defined"),
                                          ("        camp: non-balancing\n", "        camp: nonsense\n", "camp 'nonsense'")])
def test_classify_refuses_an_invalid_typology(tmp_path, old, new, said):
    import shutil

    folder = tmp_path / "maps"
    shutil.copytree(ROOT / "arguments", folder)
    issues = folder / "sco.issues.yaml"
    text = issues.read_text(encoding="utf-8")
    assert old in text
    issues.write_text(text.replace(old, new), encoding="utf-8")
    r = argmap("classify", "--maps", folder, timeout=120)
    assert r.returncode == 2 and r.stdout == ""
    assert " error R216 " in r.stderr and said in r.stderr and "cannot be used" in r.stderr
    line = int(r.stderr.split("sco.issues.yaml:")[1].split(":")[0])
    assert new.strip() in (folder / "sco.issues.yaml").read_text(encoding="utf-8").splitlines()[line - 1]


# 18. Graphviz layout time: dot is stopped past --layout-timeout, and the message names the ways out

def _slow_dot(tmp_path: Path) -> dict[str, str]:
    """PATH with a `dot` and an `sfdp` that record their process id and sleep for a minute."""
    import os
    import stat

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for prog in ("dot", "sfdp"):
        fake = bin_dir / prog
        fake.write_text(f"#!/bin/sh\necho $$ > {tmp_path}/pid\nexec sleep 60\n")
        fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    return dict(os.environ, PATH=f"{bin_dir}:{os.environ['PATH']}")


@pytest.mark.parametrize("command", [("render", "arguments/thesis000-ch5.argmap.yaml", "-o", "{tmp}/x.svg"),
                                     ("build", "{tmp}/maps", "--out", "{tmp}/out")])
def test_a_layout_past_the_timeout_is_stopped(tmp_path, command):
    import os
    import subprocess
    import sys
    import time

    _two_maps(tmp_path, "other")
    args = [a.format(tmp=tmp_path) for a in command]
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "argmap", *args, "--layout-timeout", "1"], capture_output=True, text=True,
                       timeout=60, env=_slow_dot(tmp_path), cwd=ROOT)
    assert time.perf_counter() - t0 < 30 and r.returncode == 2 and "Traceback" not in r.stderr
    assert "did not finish the layout in 1 s" in r.stderr
    assert all(o in r.stderr for o in ("--focus", "--cluster", "--engine sfdp", "--layout-timeout"))
    pid = int((tmp_path / "pid").read_text())
    time.sleep(0.2)
    with pytest.raises(ProcessLookupError):  # the layout program was killed, not left running
        os.kill(pid, 0)
    assert not (tmp_path / "x.svg").exists() and not (tmp_path / "out" / "mini.svg").exists()


# 26. output onto input: refused before anything is written

@pytest.mark.parametrize("command,target", [
    (("export", "{map}", "--to", "aif", "-o"), "{map}"),
    (("render", "{map}", "--format", "svg", "-o"), "{src}"),
    (("render", "{map}", "-o"), "{link}"),  # a link to the source, named like an output
    (("compare", "{map}", "{other}", "-o"), "{other}"),
    (("classify", "--maps", "{dir}", "-o"), "{dir}/sco.issues.yaml"),
    (("import", "{aif}", "--force", "-o"), "{aif}"),
])
def test_an_output_that_is_an_input_is_refused(tmp_path, command, target):
    import shutil

    folder = tmp_path / "maps"
    shutil.copytree(ROOT / "arguments", folder)
    (folder / "link.svg").symlink_to(folder / "sources" / "002_a7571c67bdaab12b.txt")
    (folder / "g.aif.json").write_text(json.dumps({"nodes": [{"nodeID": "1", "type": "I", "text": "a"}], "edges": []}),
                                       encoding="utf-8")
    names = {"map": folder / "lin2013.argmap.yaml", "other": folder / "guo-wuping.argmap.yaml", "dir": folder,
             "src": folder / "sources" / "002_a7571c67bdaab12b.txt", "link": folder / "link.svg", "aif": folder / "g.aif.json"}
    args = [a.format(**names) for a in command] + [target.format(**names)]
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    r = argmap(*args, timeout=120)
    assert r.returncode == 2 and "is a file this command reads" in r.stderr
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before


# 27. R203 for a map that exists but could not be loaded; a manifest or issues *folder*; Ctrl-C

def test_a_link_to_a_map_that_failed_to_load_says_so(tmp_path):
    data = base_map()
    data["claims"][0]["links"] = [{"to": "other#T", "relation": "supports"}]
    data["claims"][3]["asserted_by"]["map"] = "other"
    path = write(tmp_path, data)
    (tmp_path / "other.argmap.yaml").write_text("argmap: 1\nid: [unclosed\n", encoding="utf-8")
    r = argmap("check", path, "--format", "json")
    r203 = [d for d in diagnostics(r) if d["code"] == "R203"]
    assert len(r203) == 2 and all("other.argmap.yaml exists but could not be loaded" in d["message"] for d in r203)
    (tmp_path / "other.argmap.yaml").unlink()
    r203 = [d for d in diagnostics(argmap("check", path, "--format", "json")) if d["code"] == "R203"]
    assert len(r203) == 2 and all("not found" in d["message"] for d in r203)


@pytest.mark.parametrize("name", ["manifest.yaml", "sco.issues.yaml", "x.argmap.yaml"])
def test_a_folder_named_like_an_argmap_file_is_reported(tmp_path, name):
    write(tmp_path)
    (tmp_path / name).mkdir()
    r = argmap("check", tmp_path, "--format", "json")
    assert r.returncode == 2
    (d,) = [d for d in diagnostics(r) if d["code"] == "L007"]
    assert d["file"].endswith(name) and "folder" in d["message"]


def test_ctrl_c_exits_130_with_argmaps_message(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    env = _slow_dot(tmp_path)
    proc = subprocess.Popen([sys.executable, "-m", "argmap", "render", "arguments/thesis000-ch5.argmap.yaml", "-o",
                             str(tmp_path / "x.svg")], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    deadline = time.monotonic() + 30
    while not (tmp_path / "pid").exists():
        assert time.monotonic() < deadline and proc.poll() is None
        time.sleep(0.05)
    import os
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert err.decode().strip().splitlines() == ["argmap: interrupted (Ctrl-C); no file was left half-written"]


# 23. NFC and NFD: canonically equivalent quotes are found; one author written both ways is one holder

COMPOSED, DECOMPOSED = "Jos\u00e9 Marti\u0301".replace("i\u0301", "\u00ed"), "Jose\u0301 Marti\u0301"


@pytest.mark.parametrize("source_form,quote_form", [(COMPOSED, DECOMPOSED), (DECOMPOSED, COMPOSED)])
def test_a_quote_in_the_other_normal_form_is_found(tmp_path, source_form, quote_form):
    data = base_map()
    data["claims"][1]["evidence"] = [{"quote": f"{quote_form}說中俄多次舉行聯合軍演"}]
    path = write(tmp_path, data, SOURCE_TEXT.replace("中俄多次舉行聯合軍演，展示", f"{source_form}說中俄多次舉行聯合軍演，展示", 1))
    r = argmap("check", path, "--format", "json")
    assert r.returncode == 0 and [d["code"] for d in diagnostics(r)] == [], r.stdout
    assert argmap("check", "--fix", path).returncode == 0
    again = argmap("check", path, "--format", "json")
    assert again.returncode == 0 and diagnostics(again) == []


def test_quotation_fidelity_compares_after_nfc(tmp_path):
    data = base_map()
    data["claims"][1]["evidence"] = [{"quote": f"{COMPOSED}說中俄多次舉行聯合軍演"}]
    data["claims"][1].update(text=f"{DECOMPOSED}說中俄多次舉行聯合軍演。", fidelity="quotation")
    path = write(tmp_path, data, SOURCE_TEXT.replace("中俄多次舉行聯合軍演，展示", f"{COMPOSED}說中俄多次舉行聯合軍演，展示", 1))
    assert "C403" not in {d["code"] for d in diagnostics(argmap("check", path, "--format", "json"))}


def test_one_author_written_both_ways_is_one_holder(tmp_path):
    from tests.test_positions import ISSUES

    (tmp_path / "x.issues.yaml").write_text(yaml.safe_dump(ISSUES, allow_unicode=True, sort_keys=False), encoding="utf-8")
    data = base_map()
    data["claims"][3]["asserted_by"] = {"author": COMPOSED, "year": 2009}
    data["positions"] = [{"issue": "balancing", "position": "high", "claims": ["T"]},
                         {"issue": "aimed", "position": "not-addressed"},
                         {"issue": "balancing", "position": "low", "claims": ["R1"], "asserted_by": {"author": COMPOSED, "year": 2009}},
                         {"issue": "balancing", "position": "high", "claims": ["R1"], "asserted_by": {"author": DECOMPOSED, "year": 2009}}]
    path = write(tmp_path, data)
    r = argmap("check", path, "--format", "json")
    r215 = [d for d in diagnostics(r) if d["code"] == "R215"]
    assert len(r215) == 1 and COMPOSED in r215[0]["message"]
    rows = json.loads(argmap("compare", "--all", "--maps", tmp_path, "--format", "json").stdout)
    attributed = [row for row in rows["rows"] if row.get("attributed")] if isinstance(rows, dict) and "rows" in rows else None
    assert attributed is not None and len(attributed) == 1


# 24. Markdown reports: map text stays text (no raw HTML, no link, no new heading or table row)

HOSTILE_MD = "x\n# Injected heading\n| a | b |\n<script>alert(1)</script>[link](javascript:alert(1)) &amp; *e* `c`"


def _md_lines_and_text(md_text: str) -> tuple[list[str], str]:
    import re

    unescaped = re.sub(r"\\.", "", md_text)  # drop every backslash escape: what is left is live Markdown
    return md_text.splitlines(), unescaped


@pytest.mark.parametrize("args", [("compare", "mini", "other", "--format", "markdown"),
                                  ("compare", "--all", "--format", "markdown"), ("classify", "--format", "markdown")])
def test_markdown_reports_escape_map_text(tmp_path, args):
    from tests.test_positions import ISSUES

    reports = []
    for hostile in (False, True):
        folder = tmp_path / ("bad" if hostile else "good")
        folder.mkdir()
        issues = json.loads(json.dumps(ISSUES))
        data = base_map()
        if hostile:
            issues["issues"][0]["question"] = issues["issues"][0]["question_en"] = HOSTILE_MD
            issues["issues"][0]["positions"][1]["label"] = HOSTILE_MD
            data["work"]["title"] = HOSTILE_MD
            data["claims"][0].update(text=HOSTILE_MD, gloss=HOSTILE_MD)
            data["claims"][3]["asserted_by"]["author"] = HOSTILE_MD.replace("\n", " ")
        data["positions"] = [{"issue": "balancing", "position": "high", "claims": ["T"], "note": "讀法"},
                             {"issue": "aimed", "position": "yes", "claims": ["T"]},
                             {"issue": "balancing", "position": "low", "claims": ["R1"],
                              "asserted_by": dict(data["claims"][3]["asserted_by"])}]
        (folder / "x.issues.yaml").write_text(yaml.safe_dump(issues, allow_unicode=True, sort_keys=False), encoding="utf-8")
        write(folder, data)
        other = base_map()
        other["id"] = "other"
        other["positions"] = [{"issue": "balancing", "position": "low", "claims": ["T"]}]
        (folder / "other.argmap.yaml").write_text(yaml.safe_dump(other, allow_unicode=True, sort_keys=False),
                                                  encoding="utf-8")
        r = argmap(*args, "--maps", folder, "-o", folder / "report.md", timeout=120)
        assert r.returncode == 0, r.stderr
        reports.append((folder / "report.md").read_text(encoding="utf-8"))
    good, bad = (_md_lines_and_text(t) for t in reports)
    for start in ("#", "|"):  # as many headings and table rows: no text made one
        assert sum(x.startswith(start) for x in bad[0]) == sum(x.startswith(start) for x in good[0]), start
    live = bad[1]
    assert "<" not in live and "[" not in live and "&" not in live and "`" not in live and "# Injected" not in live
    assert "script" in bad[1] and "Injected heading" in bad[1]  # the text is kept, escaped
