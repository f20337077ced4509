"""``argmap check --fix`` on hostile files (issue #19, items 5, 14, 15, 16): it keeps the file's line
ends, writes only the bytes it was asked to fix, follows a symbolic link to its target, and prints
file names with their control characters made visible."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from argmap.checks import check_corpus
from argmap.edit import fix as fixmod
from argmap.edit.fix import fix_corpus
from argmap.load.corpus import load_corpus
from tests.conftest import SOURCE_TEXT, base_map
from tests.test_hostile import argmap, write


def _text() -> str:
    return yaml.safe_dump(base_map(), allow_unicode=True, sort_keys=False)


# 5. a map saved with lone-CR (or CR LF) line ends: the inserted selector lines use them too

@pytest.mark.parametrize("newline", ["\r", "\r\n"])
def test_fix_keeps_the_files_line_ends(tmp_path, newline):
    path = write(tmp_path)
    path.write_bytes(_text().replace("\n", newline).encode("utf-8"))
    assert argmap("check", path).returncode == 0
    r = argmap("check", "--fix", path)
    assert r.returncode == 0 and "fixed" in r.stderr
    raw = path.read_bytes().decode("utf-8")
    assert raw.count(newline) > _text().count("\n")  # selector lines were added ...
    assert raw.replace(newline, "").count("\n" if newline == "\r" else "\r") == 0  # ... with the file's line end
    again = argmap("check", path, "--format", "json")
    assert again.returncode == 0, again.stdout
    data = yaml.safe_load(raw.replace(newline, "\n"))
    assert data["claims"][0]["evidence"][0]["start"] >= 0 and data["sources"][0]["sha256"]


def test_newline_of():
    assert fixmod.newline_of("a: 1\rb: 2\r") == "\r" and fixmod.newline_of("a\r\nb") == "\r\n"
    assert fixmod.newline_of("a: 1") == "\n" and fixmod.newline_of("a\u2028b\n") == "\n"


# 14. the file changed between the check and the fix: nothing is written into it

def _checked(tmp_path: Path):
    path = write(tmp_path)
    corpus = load_corpus([path])
    assert not [d for d in check_corpus(corpus) if d.severity.value == "error"]
    return path, corpus


def test_fix_does_not_write_into_a_file_saved_after_the_check(tmp_path):
    path, corpus = _checked(tmp_path)
    edited = "# the author saved a new version\n" + _text().replace("王小明", "王大明")
    path.write_text(edited, encoding="utf-8")
    (report,) = fix_corpus(corpus)
    assert report.stale and not report.changed
    assert path.read_text(encoding="utf-8") == edited


def test_fix_does_not_write_over_a_save_made_while_it_worked(tmp_path, monkeypatch):
    path, corpus = _checked(tmp_path)
    pin = fixmod.pin_span

    def saving(*args, **kwargs):  # an editor saves while the selectors are computed
        path.write_text("# saved meanwhile\n" + _text(), encoding="utf-8")
        return pin(*args, **kwargs)

    monkeypatch.setattr(fixmod, "pin_span", saving)
    (report,) = fix_corpus(corpus)
    assert report.stale and path.read_text(encoding="utf-8") == "# saved meanwhile\n" + _text()


def test_a_stale_file_is_reported_by_the_command(tmp_path):
    # the command checks, then fixes: a file changed in between is named and the exit is not 0
    path = write(tmp_path)
    code = ("import sys; from argmap.edit import fix; from pathlib import Path\n"
            "orig = fix.fix_map\n"
            "def f(m, corpus, **kw):\n"
            "    Path(sys.argv[-1]).write_text(Path(sys.argv[-1]).read_text() + '# edited\\n')\n"
            "    return orig(m, corpus, **kw)\n"
            "fix.fix_map = f\n"
            "from argmap.cli import main; main(sys.argv[1:])\n")
    import subprocess
    import sys
    r = subprocess.run([sys.executable, "-c", code, "check", "--fix", str(path)], capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 1 and "not fixed: " in r.stderr and "changed after it was checked" in r.stderr
    assert path.read_text(encoding="utf-8") == _text() + "# edited\n"


# 15. a symbolic link to a map: the target is fixed, the link stays a link

def test_fix_follows_a_symlink_and_keeps_it(tmp_path):
    (tmp_path / "real").mkdir()
    target = write(tmp_path / "real")
    (tmp_path / "src.txt").write_text(SOURCE_TEXT, encoding="utf-8")  # the map's sources resolve beside the link
    link = tmp_path / "mini.argmap.yaml"
    link.symlink_to(target)
    before = target.read_bytes()
    r = argmap("check", "--fix", link)
    assert r.returncode == 0 and "fixed" in r.stderr
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_bytes() != before and b"sha256:" in target.read_bytes()
    assert argmap("check", link).returncode == 0


# 16. file names printed by --fix carry no terminal escape

def test_fix_lines_show_control_characters_escaped(tmp_path):
    folder = tmp_path / "x\x1b]2;pwned\x07"
    folder.mkdir()
    data = base_map()
    data["claims"][1]["evidence"].append({"quote": "中俄多次舉行聯合軍演"})  # occurs twice: "not pinned"
    path = write(folder, data)
    r = argmap("check", "--fix", path)
    assert "fixed " in r.stderr and "not pinned: " in r.stderr
    assert "\x1b" not in r.stderr and "\x07" not in r.stderr and "\\x1b]2;pwned\\x07" in r.stderr
