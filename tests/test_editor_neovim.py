"""One end-to-end run of ``argmap lsp`` in a real editor's built-in LSP client: Neovim (Debian's
``neovim``, which ``.ci/setup`` installs), headless, with the tiny config tests/editors/neovim.lua
(docs/editors.md gives the same set-up for daily use). Neovim starts the server for a map with a
dangling premise, shows its diagnostics, answers a hover, sees the L001 of an unclosed quote typed
into the buffer, and sees the map again once the line is removed. Without nvim this test fails
rather than skips, so a green run always means the editor was exercised."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.lsp_client import workspace

CONFIG = Path(__file__).resolve().parent / "editors" / "neovim.lua"


def test_neovim_shows_diagnostics_hover_and_broken_yaml(tmp_path: Path):
    nvim = shutil.which("nvim")
    if nvim is None:
        pytest.fail("nvim is missing: run 'bash .ci/setup' (apt-get install neovim)")
    ws = workspace(tmp_path)
    path = ws / "lin2013.argmap.yaml"
    text = path.read_text(encoding="utf-8").replace("premises: [H, LB]\n", "premises: [H, NOPE]\n", 1)
    path.write_text(text, encoding="utf-8")
    lines = text.split("\n")
    row = next(i for i, x in enumerate(lines) if x.endswith("premises: [H, NOPE]"))
    out = tmp_path / "result.json"
    env = dict(os.environ, ARGMAP_LSP="\t".join([sys.executable, "-m", "argmap", "lsp"]), ARGMAP_ROOT=str(ws),
               ARGMAP_OUT=str(out), ARGMAP_HOVER=f"{row},{lines[row].index('[') + 1}",
               ARGMAP_BREAK=str(lines.index("  - id: T") + 1), HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path))
    r = subprocess.run([nvim, "--headless", "--clean", "-u", str(CONFIG), str(path)], env=env, cwd=ws,
                       capture_output=True, text=True, timeout=180)
    assert out.is_file(), r.stdout + r.stderr
    got = json.loads(out.read_text(encoding="utf-8"))
    assert "error" not in got, got.get("error")
    assert got["first_ok"] and got["broken_ok"] and got["fixed_ok"]
    (dangling,) = [d for d in got["first"] if d["code"] == "R202"]
    col = lines[row].index("NOPE")
    assert (dangling["line"], dangling["col"], dangling["end_col"]) == (row, col, col + 4)
    assert "上合組織的性質是對美國的高度平衡。" in got["hover"]
    assert {d["code"] for d in got["broken"]} == {"L001"}
    assert [d for d in got["fixed"] if d["code"] == "R202"] == [dangling]
