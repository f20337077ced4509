"""Atomic writes (issue #8, part 4): an interrupted render leaves the previous output intact and no
partial or temporary file behind."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from argmap import output
from argmap.output import write_atomic
from tests.conftest import SOURCE_TEXT, base_map

ROOT = Path(__file__).resolve().parents[1]
OLD = b"<svg>the previous render</svg>\n"


def big_map(tmp_path: Path, claims: int = 700) -> Path:
    """A valid map large enough that Graphviz needs a second or more (a random tree of claims)."""
    rng = random.Random(8)
    data = base_map()
    for i in range(claims):
        data["claims"].append({"id": f"X{i}", "text": f"主張{i}：上合組織與中亞安全。", "gloss": f"Claim {i}.",
                               "role": "implicit-premise", "justification": "j"})
        parent = "T" if i < 3 else f"X{rng.randrange(i)}"
        data["inferences"].append({"id": f"IX{i}", "premises": [f"X{i}"], "conclusion": parent})
    (tmp_path / "src.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    path = tmp_path / "mini.argmap.yaml"
    path.write_text(yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


class _Interrupted(Exception):
    pass


def test_write_interrupted_midway_keeps_the_previous_file(tmp_path, monkeypatch):
    target = tmp_path / "out.svg"
    target.write_bytes(OLD)
    real_fdopen = os.fdopen

    class HalfWriter:
        """A file that writes half of what it is given, then is interrupted (as by Ctrl-C)."""

        def __init__(self, f):
            self.f = f

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.f.close()

        def write(self, data: bytes) -> int:
            self.f.write(data[: len(data) // 2])
            self.f.flush()
            assert leftovers(tmp_path), "the half-written data is in a temporary file, not in out.svg"
            assert target.read_bytes() == OLD
            raise KeyboardInterrupt

    monkeypatch.setattr(output.os, "fdopen", lambda fd, mode: HalfWriter(real_fdopen(fd, mode)))
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"<svg>" + b"x" * 100_000 + b"</svg>")
    assert target.read_bytes() == OLD
    assert leftovers(tmp_path) == []


def test_rename_failure_keeps_the_previous_file(tmp_path, monkeypatch):
    target = tmp_path / "out.svg"
    target.write_bytes(OLD)

    def fail(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.os, "replace", fail)
    with pytest.raises(OSError):
        write_atomic(target, b"<svg>new</svg>")
    assert target.read_bytes() == OLD and leftovers(tmp_path) == []


def _children(pid: int) -> list[str]:
    """Command names of the processes whose parent is ``pid`` (Linux /proc)."""
    names = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            names.append((stat.parent / "comm").read_text().strip())
    return names


def _start_render(tmp_path: Path) -> tuple[subprocess.Popen, Path]:
    source = big_map(tmp_path, 3000)  # Graphviz needs several seconds: the signal lands mid-layout
    target = tmp_path / "out.svg"
    target.write_bytes(OLD)
    proc = subprocess.Popen([sys.executable, "-m", "argmap", "render", str(source), "-o", str(target),
                             "--engine", "dot"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    deadline = time.monotonic() + 30
    while "dot" not in _children(proc.pid):  # Graphviz is laying the map out: the render is midway
        assert proc.poll() is None, proc.stderr.read().decode()
        assert time.monotonic() < deadline, "Graphviz never started"
        time.sleep(0.02)
    return proc, target


def test_ctrl_c_during_a_render_keeps_the_previous_file(tmp_path):
    proc, target = _start_render(tmp_path)
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole process group
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130  # 128 + SIGINT, not 1 ("problems found")
    assert b"Traceback" not in err and err.strip().endswith(b"argmap: interrupted (Ctrl-C); no file was left half-written")
    assert target.read_bytes() == OLD
    assert leftovers(tmp_path) == []


def test_a_killed_render_leaves_the_previous_file_or_the_whole_new_one(tmp_path):
    """SIGKILL cannot be caught: the temporary file may stay, but out.svg is never half-written."""
    proc, target = _start_render(tmp_path)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    data = target.read_bytes()
    if data != OLD:  # the rename happened before the kill: then the file is complete
        ET.fromstring(data)
    # and undisturbed, the same render completes and replaces it
    r = subprocess.run([sys.executable, "-m", "argmap", "render", str(tmp_path / "mini.argmap.yaml"), "-o",
                        str(target)], cwd=ROOT, capture_output=True, timeout=120)
    assert r.returncode == 0, r.stderr
    root = ET.fromstring(target.read_bytes())
    assert root.tag.endswith("svg") and len(root.findall(".//{http://www.w3.org/2000/svg}g")) > 700
