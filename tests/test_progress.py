"""The progress bar of long runs: drawn on a terminal, never in CI or when standard error is piped."""

from __future__ import annotations

import os
import pty
import select
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_on_terminal(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run ``python -m argmap ARGS`` with standard error on a pseudo-terminal; (exit code, what it showed)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "argmap", *args], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=slave, env=env)
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            proc.kill()
            raise AssertionError("no output for 60 s")
        try:
            data = os.read(master, 4096)
        except OSError:  # EIO: the terminal closed when the process ended
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    return proc.wait(timeout=60), b"".join(chunks).decode("utf-8", "replace")


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env.update(TERM="xterm", **extra)
    return env


def test_a_terminal_shows_the_bar_of_each_phase():
    code, shown = run_on_terminal(["check", "arguments"], clean_env())
    assert code == 0
    assert "reading" in shown and "checking" in shown and "100%" in shown
    assert "5/5" in shown  # checking: maps done / maps
    assert "checked 5 map(s)" in shown


def test_ci_shows_no_bar():
    code, shown = run_on_terminal(["check", "arguments"], clean_env(CI="true"))
    assert code == 0 and "checked 5 map(s)" in shown
    assert "reading" not in shown and "checking" not in shown and "%" not in shown


def test_a_pipe_shows_no_bar():
    env = clean_env()
    r = subprocess.run([sys.executable, "-m", "argmap", "check", "arguments"], cwd=ROOT, capture_output=True,
                       text=True, env=env, timeout=60)
    assert r.returncode == 0 and "checked 5 map(s)" in r.stderr
    assert "checking" not in r.stderr and "%" not in r.stderr and "\r" not in r.stderr


def test_build_on_a_terminal_shows_the_drawing_bar_instead_of_one_line_per_map(tmp_path):
    shutil.copytree(ROOT / "arguments", tmp_path / "arguments")
    code, shown = run_on_terminal(["build", str(tmp_path / "arguments"), "--out", str(tmp_path / "out")],
                                  clean_env())
    assert code == 0 and "drawing" in shown and "100%" in shown
    assert "lin2013.html" not in shown  # the per-map "wrote …" lines would break the bar
    assert (tmp_path / "out" / "lin2013.svg").is_file()
