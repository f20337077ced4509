#!/usr/bin/env python
"""The performance table: ``argmap check`` on synthetic corpora of several sizes, against their floors.

Run from the repository root:

    .venv/bin/python benchmarks/run.py                      # sizes 10x100,100x100,1000x100,10x10000; 3 runs each
    .venv/bin/python benchmarks/run.py --quick              # a smoke run (small sizes, about a minute)
    .venv/bin/python benchmarks/run.py --sizes 10x100,1000x100 --repeat 5 --profile --keep

For each size MAPSxCLAIMS (maps × claims per map, one quote per claim) it generates a corpus with
``benchmarks/gen.py`` in a temporary folder, then times, ``--repeat`` times each:

* ``argmap check --format json DIR`` in a subprocess started from a small launcher, which reports the
  wall time, the CPU time and the peak RSS of the command (see ``child``);
* the floor: ``yaml.load(text, Loader=yaml.CSafeLoader)`` of every map file of the corpus (read
  included), in this process.

It also times ``argmap --version`` (start-up), ``argmap check arguments/`` (the real corpus),
``argmap render`` of a synthetic 1,000-claim map to SVG against Graphviz alone on the DOT that
``argmap render -o x.dot`` writes (with the engine ``argmap.render.graphviz.engine_for`` picks), and
``argmap render arguments/lin2013.argmap.yaml`` (thesis 002) to SVG. Then it prints Markdown tables and
which of the issue's targets pass. See benchmarks/README.md.

Exit status: 0; 1 when a generated corpus does not check clean (0 errors, warnings and infos) or a
command fails; with ``--strict``, also when a target is missed.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import gen  # noqa: E402  (benchmarks/gen.py)

ARGMAP_EXE = Path(sys.executable).parent / "argmap"
LIN2013 = REPO / "arguments" / "lin2013.argmap.yaml"
DEFAULT_SIZES = "10x100,100x100,1000x100,10x10000"
QUICK_SIZES = "3x30,10x100"

#: Runs a command and prints, as JSON, its wall time, CPU time (user + system), peak RSS (KiB),
#: exit code and output. A child forked directly from this (large) process would count this
#: process's pages in its own ru_maxrss (Linux keeps the high-water mark across exec), so the
#: command is started from this small process instead (as bench_anchoring.py does).
_LAUNCHER = r"""
import json, resource, subprocess, sys, time
t0 = time.perf_counter()
p = subprocess.run(sys.argv[2:], capture_output=True, cwd=sys.argv[1] or None)
wall = time.perf_counter() - t0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
json.dump({"wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "rss_kib": ru.ru_maxrss, "code": p.returncode,
           "stdout": p.stdout.decode("utf-8", "replace"), "stderr": p.stderr.decode("utf-8", "replace")}, sys.stdout)
"""


class Failure(Exception):
    """A command failed or a generated corpus did not check clean: the run's exit status is 1."""


@dataclass
class Run:
    wall: float
    cpu: float
    rss_kib: int
    code: int
    stdout: str
    stderr: str


def child(cmd: list[str], cwd: Path | None = None, ok: tuple[int, ...] = (0,)) -> Run:
    """Run ``cmd`` from the launcher; raise :class:`Failure` when its exit code is not in ``ok``."""
    p = subprocess.run([sys.executable, "-c", _LAUNCHER, str(cwd or ""), *cmd], capture_output=True, text=True)
    if p.returncode != 0:
        raise Failure(f"launcher failed: {p.stderr[-2000:]}")
    r = Run(**json.loads(p.stdout))
    if r.code not in ok:
        raise Failure(f"command failed (exit {r.code}): {' '.join(cmd)}\n{r.stdout[-2000:]}\n{r.stderr[-2000:]}")
    return r


@dataclass
class Series:
    """Repeated measurements of one thing (seconds)."""

    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    rss_kib: list[int] = field(default_factory=list)

    def add(self, r: Run) -> Run:
        self.walls.append(r.wall)
        self.cpus.append(r.cpu)
        self.rss_kib.append(r.rss_kib)
        return r

    @property
    def min(self) -> float:
        return min(self.walls)

    @property
    def median(self) -> float:
        return statistics.median(self.walls)

    @property
    def cpu(self) -> float:
        return statistics.median(self.cpus) if self.cpus else float("nan")

    @property
    def rss_mib(self) -> float:
        return max(self.rss_kib) / 1024 if self.rss_kib else float("nan")


@dataclass
class SizeResult:
    label: str
    stats: gen.Stats
    check: Series
    floor: Series
    floor_nogc: Series
    internal: list[float]

    @property
    def ratio(self) -> float:
        return self.check.median / self.floor.median


def parse_sizes(text: str) -> list[tuple[int, int]]:
    """``"10x100,1000x100"`` → ``[(10, 100), (1000, 100)]`` (maps × claims per map)."""
    out = []
    for part in text.split(","):
        part = part.strip().lower().replace("×", "x")
        if part:
            maps, _, claims = part.partition("x")
            out.append((int(maps), int(claims)))
    return out


def csafe_floor(files: list[Path], gc_off: bool = False) -> tuple[float, float]:
    """(wall, CPU) seconds to read and ``yaml.load(…, Loader=yaml.CSafeLoader)`` every file; with
    ``gc_off``, with Python's cyclic garbage collector disabled meanwhile."""
    gc.collect()
    if gc_off:
        gc.disable()
    try:
        t0, c0 = time.perf_counter(), time.process_time()
        for f in files:
            yaml.load(f.read_bytes().decode("utf-8"), Loader=yaml.CSafeLoader)  # noqa: S506 (CSafeLoader is safe)
        return time.perf_counter() - t0, time.process_time() - c0
    finally:
        gc.enable()


def check_cmd(folder: Path) -> list[str]:
    return [str(ARGMAP_EXE), "check", "--format", "json", str(folder)]


def measure_size(tmp: Path, maps: int, claims: int, args: argparse.Namespace) -> SizeResult:
    label = f"{maps}×{claims:,}"
    folder = tmp / f"corpus-{maps}x{claims}"
    st = gen.generate(folder, maps, claims, 1, args.maps_per_source, args.pin, args.seed)
    print(f"  {label}: generated {st.maps:,} maps, {st.claims:,} claims, {st.quotes:,} quotes "
          f"({st.yaml_bytes / 1e6:.1f} MB YAML, {st.source_files} sources, {st.source_bytes / 1e6:.1f} MB) "
          f"in {st.seconds:.1f} s", flush=True)
    check, floor, floor_nogc, internal = Series(), Series(), Series(), []
    for k in range(args.repeat):  # interleaved, so that a slow spell of the machine hits both
        wall, cpu = csafe_floor(st.map_files)
        floor.walls.append(wall)
        floor.cpus.append(cpu)
        w2, c2 = csafe_floor(st.map_files, gc_off=True)
        floor_nogc.walls.append(w2)
        floor_nogc.cpus.append(c2)
        r = check.add(child(check_cmd(folder), ok=(0, 1, 2)))
        try:
            report = json.loads(r.stdout)
        except json.JSONDecodeError:
            raise Failure(f"argmap check printed no JSON report (exit {r.code}):\n{r.stderr[-3000:]}") from None
        if k == 0:
            try:
                gen.complain_unless_clean(report, r.code, st.claims, st.quotes, folder)
            except SystemExit:
                raise Failure(f"the generated corpus {label} does not check clean (see above)") from None
        internal.append(report["summary"]["seconds"])
        print(f"    run {k + 1}: check {r.wall:.2f} s wall, {r.cpu:.2f} s CPU, {r.rss_kib / 1024:.0f} MiB; "
              f"CSafeLoader {wall:.2f} s ({w2:.2f} s with GC off)", flush=True)
    return SizeResult(label, st, check, floor, floor_nogc, internal)


def time_cmd(cmd: list[str], repeat: int, cwd: Path | None = None, ok: tuple[int, ...] = (0,)) -> tuple[Series, Run]:
    s = Series()
    last = None
    for _ in range(repeat):
        last = s.add(child(cmd, cwd, ok))
    assert last is not None
    return s, last


def engine_of(map_path: Path) -> str:
    """The Graphviz program ``argmap render`` uses for this map (``argmap.render.graphviz.engine_for``)."""
    from argmap.load.corpus import SourceCache
    from argmap.load.loader import load_map
    from argmap.render.graph import build_graph
    from argmap.render.graphviz import engine_for
    from argmap.render.options import RenderOptions

    m = load_map(map_path).map
    if m is None:
        raise Failure(f"cannot load {map_path}")
    return engine_for(build_graph(m, RenderOptions(), SourceCache()))


@dataclass
class RenderResult:
    label: str
    render: Series
    dot: Series
    engine: str
    nodes_note: str

    @property
    def share(self) -> float:
        return (self.render.median - self.dot.median) / self.render.median


def measure_render(map_path: Path, out: Path, repeat: int, label: str) -> RenderResult:
    out.mkdir(parents=True, exist_ok=True)
    render, _ = time_cmd([str(ARGMAP_EXE), "render", str(map_path), "-o", str(out / "argmap.svg")], repeat)
    child([str(ARGMAP_EXE), "render", str(map_path), "-o", str(out / "argmap.dot")])
    engine = engine_of(map_path)
    dot, _ = time_cmd([engine, "-Tsvg", str(out / "argmap.dot"), "-o", str(out / "graphviz.svg")], repeat)
    text = (out / "argmap.dot").read_text(encoding="utf-8")
    note = f"DOT {len(text.encode('utf-8')) / 1e3:.0f} kB, {text.count(' -> '):,} edges"
    return RenderResult(label, render, dot, engine, note)


# -- profiling ----------------------------------------------------------------------------------------


def _aggregate(root) -> dict[tuple[str, str, int], list[float]]:  # type: ignore[no-untyped-def]
    """Per function (name, file, line): [cumulative, own] seconds over a pyinstrument frame tree;
    the cumulative time of a recursive function is counted once per outermost call."""
    acc: dict[tuple[str, str, int], list[float]] = {}
    stack = [(root, frozenset())]
    while stack:
        frame, above = stack.pop()
        if frame.is_synthetic:
            continue
        key = (frame.function, frame.file_path_short or "", frame.line_no or 0)
        row = acc.setdefault(key, [0.0, 0.0])
        if key not in above:
            row[0] += frame.time
        row[1] += frame.total_self_time
        stack.extend((c, above | {key}) for c in frame.children)
    return acc


def profile_text(title: str, fn, top: int = 25) -> str:  # type: ignore[no-untyped-def]
    """Run ``fn`` under pyinstrument; Markdown tables of the top functions by own and by cumulative
    time, and the call tree down to 2 % of the total."""
    from pyinstrument import Profiler

    import argmap.cli  # noqa: F401  (imports done before profiling: start-up is a row of its own)

    gc.collect()
    prof = Profiler(interval=0.002)
    prof.start()
    fn()
    prof.stop()
    root = prof.last_session.root_frame()
    if root is None:
        return f"\n### pyinstrument: {title}: no samples\n"
    total = root.time
    out = [f"\n### pyinstrument: {title} ({total:.1f} s wall sampled, "
           f"{prof.last_session.cpu_time:.1f} s CPU)\n"]
    acc = _aggregate(root)
    for order, name in ((1, "own time"), (0, "cumulative time")):
        out += [f"Top {top} functions by {name}:\n", "| function | file:line | cumulative s | own s | own % |",
                "|---|---|---:|---:|---:|"]
        rows = [kv for kv in acc.items() if not kv[0][1].endswith("run.py")]  # this script's own frames
        for (func, path, line), (cum, own) in sorted(rows, key=lambda kv: -kv[1][order])[:top]:
            path = path.replace(str(REPO) + "/", "")
            out.append(f"| `{func}` | {path}:{line} | {cum:.2f} | {own:.2f} | {100 * own / total:.1f} |")
        out.append("")
    text = prof.output_text(unicode=False, color=False, processor_options={"filter_threshold": 0.02})
    out += ["Call tree (frames of at least 2 % of the total):\n", "```",
            "\n".join(line for line in text.splitlines() if line.strip()), "```"]
    return "\n".join(out)


def profile_check(folder: Path) -> str:
    from argmap.checks import check_corpus
    from argmap.load.corpus import load_corpus

    return profile_text(f"check_corpus(load_corpus([{folder.name}])), what 'argmap check' runs",
                        lambda: check_corpus(load_corpus([folder])))


def profile_render(map_path: Path) -> str:
    from argmap.load.corpus import SourceCache
    from argmap.load.loader import load_map
    from argmap.render.graph import build_graph
    from argmap.render.options import RenderOptions

    def run() -> None:
        m = load_map(map_path).map
        assert m is not None
        build_graph(m, RenderOptions(), SourceCache()).to_string()

    return profile_text(f"argmap render's own part for a {map_path.name} of the render row: load_map + "
                        "build_graph + to_string (Graphviz not run)", run, top=15)


# -- report -------------------------------------------------------------------------------------------


def machine() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=REPO,
                              check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "src"], capture_output=True, text=True, cwd=REPO,
                               check=True).stdout.strip()
        code = f"commit {head}" + (" (src/ has uncommitted changes)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        code = "unknown commit"
    dot = subprocess.run(["dot", "-V"], capture_output=True, text=True).stderr.strip()
    return (f"{platform.node() or 'machine'}: {os.cpu_count()} CPUs, load average "
            f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}; Python {platform.python_version()}; "
            f"PyYAML {yaml.__version__} (libyaml {'yes' if yaml.__with_libyaml__ else 'NO'}); {dot}; {code}")


def fmt(s: float) -> str:
    return f"{s:.2f}" if s < 100 else f"{s:.0f}"


def linearity(results: list[SizeResult], startup: float) -> tuple[float, list[SizeResult]]:
    """The largest max/min ratio of the net time per claim ((median wall − start-up) / claims) among
    sizes of the same shape (claims per map, hence sources per claim): within each shape, over its
    sizes of at least 10,000 claims (all its sizes when fewer than two are that large). Returns the
    ratio and the sizes compared (NaN and [] when no shape has two sizes)."""
    worst, used = float("nan"), []
    for cpm in sorted({r.stats.claims // r.stats.maps for r in results}):
        group = [r for r in results if r.stats.claims // r.stats.maps == cpm]
        big = [r for r in group if r.stats.claims >= 10_000]
        use = big if len(big) >= 2 else group
        if len(use) < 2:
            continue
        per = [(r.check.median - startup) / r.stats.claims for r in use]
        ratio = max(per) / min(per) if min(per) > 0 else float("inf")
        if not worst >= ratio:  # NaN-aware max
            worst = ratio
        used += use
    return worst, used


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default=None, help=f"MAPSxCLAIMS_PER_MAP, comma-separated (default {DEFAULT_SIZES})")
    ap.add_argument("--repeat", type=int, default=None, help="runs of each timing (default 3; --quick: 2)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder (its path is printed)")
    ap.add_argument("--profile", action="store_true",
                    help="pyinstrument the in-process check of the largest size (and argmap render's own part)")
    ap.add_argument("--quick", action="store_true", help=f"smoke run: sizes {QUICK_SIZES}, a 300-claim render map")
    ap.add_argument("--strict", action="store_true", help="exit 1 also when a target is missed")
    ap.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    ap.add_argument("--pin", choices=("none", "line", "full"), default="none",
                    help="selectors on the generated quotes (default none: every quote is searched)")
    ap.add_argument("--maps-per-source", type=int, default=10, help="maps quoting each generated source (default 10)")
    ap.add_argument("--render-claims", type=int, default=None, help="claims of the render map (default 1000; --quick: 300)")
    args = ap.parse_args(argv)
    args.repeat = args.repeat or (2 if args.quick else 3)
    sizes = parse_sizes(args.sizes or (QUICK_SIZES if args.quick else DEFAULT_SIZES))
    render_claims = args.render_claims or (300 if args.quick else 1000)
    for prog in ("dot",):
        if shutil.which(prog) is None:
            print(f"Graphviz '{prog}' is not installed (apt-get install -y graphviz fonts-noto-cjk)")
            return 1

    t_start = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="argmap-run-"))
    print(f"# argmap performance run\n\n{machine()}\n")
    print(f"sizes {', '.join(f'{m}x{c}' for m, c in sizes)}; repeat {args.repeat}; seed {args.seed}; "
          f"pin {args.pin}; {args.maps_per_source} maps per source; temporary folder {tmp}\n", flush=True)
    results: list[SizeResult] = []
    profiles: list[str] = []
    try:
        startup, _ = time_cmd([str(ARGMAP_EXE), "--version"], args.repeat)
        real, real_run = time_cmd([str(ARGMAP_EXE), "check", "--format", "json", "arguments/"], args.repeat,
                                  cwd=REPO, ok=(0, 1))
        real_summary = json.loads(real_run.stdout)["summary"]
        print(f"  start-up {startup.median:.2f} s; real corpus {real.median:.2f} s ({real_summary})", flush=True)

        largest = max(range(len(sizes)), key=lambda i: sizes[i][0] * sizes[i][1])
        for i, (maps, claims) in enumerate(sizes):
            res = measure_size(tmp, maps, claims, args)
            results.append(res)
            if args.profile and i == largest:
                print(f"  profiling the in-process check of {res.label} …", flush=True)
                profiles.append(profile_check(res.stats.folder))
            if not args.keep:
                shutil.rmtree(res.stats.folder, ignore_errors=True)

        rdir = tmp / "render"
        rst = gen.generate(rdir / "corpus", 1, render_claims, 1, 1, args.pin, args.seed)
        print(f"  render map: {rst.claims:,} claims", flush=True)
        synth = measure_render(rst.map_files[0], rdir / "synthetic", args.repeat, f"synthetic {render_claims:,}-claim map")
        lin = measure_render(LIN2013, rdir / "lin2013", args.repeat, "arguments/lin2013.argmap.yaml (002)")
        if args.profile or synth.share >= 0.10:
            profiles.append(profile_render(rst.map_files[0]))
    except Failure as exc:
        print(f"\nFAIL: {exc}", file=sys.stderr)
        return 1
    finally:
        if args.keep:
            print(f"\nkept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    # -- tables ---------------------------------------------------------------------------------------
    print("\n## argmap check on synthetic corpora\n")
    print("Seconds of wall time unless marked; min and median of the runs; RSS is the highest of the runs. "
          "floor = read + yaml.load(CSafeLoader) of the same map files, in-process. "
          "net = wall − start-up (argmap --version median).\n")
    print("| size | maps | claims | quotes | YAML MB | sources MB | check min | check median | check CPU "
          "| argmap's own s | peak RSS MiB | claims/s | floor min | floor median | check / floor | CPU: check / floor "
          "| floor, GC off | µs/claim | net µs/claim |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        st = r.stats
        print(f"| {r.label} | {st.maps:,} | {st.claims:,} | {st.quotes:,} | {st.yaml_bytes / 1e6:.1f} "
              f"| {st.source_bytes / 1e6:.1f} | {fmt(r.check.min)} | {fmt(r.check.median)} | {fmt(r.check.cpu)} "
              f"| {fmt(statistics.median(r.internal))} | {r.check.rss_mib:,.0f} | {st.claims / r.check.median:,.0f} "
              f"| {fmt(r.floor.min)} | {fmt(r.floor.median)} | {r.ratio:.2f} | {r.check.cpu / r.floor.cpu:.2f} "
              f"| {fmt(r.floor_nogc.median)} "
              f"| {1e6 * r.check.median / st.claims:,.0f} | {1e6 * (r.check.median - startup.median) / st.claims:,.0f} |")

    print("\n## Other rows\n")
    print("| measurement | min s | median s | CPU s | peak RSS MiB | note |")
    print("|---|---:|---:|---:|---:|---|")
    print(f"| `argmap --version` (start-up) | {fmt(startup.min)} | {fmt(startup.median)} | {fmt(startup.cpu)} "
          f"| {startup.rss_mib:.0f} | |")
    print(f"| `argmap check arguments/` (real corpus) | {fmt(real.min)} | {fmt(real.median)} | {fmt(real.cpu)} "
          f"| {real.rss_mib:.0f} | {real_summary['maps']} maps, {real_summary['claims']} claims, "
          f"{real_summary['quotes']} quotes, {real_summary['errors']} errors, {real_summary['warnings']} warnings |")
    for rr in (synth, lin):
        print(f"| `argmap render` {rr.label} → SVG | {fmt(rr.render.min)} | {fmt(rr.render.median)} "
              f"| {fmt(rr.render.cpu)} | {rr.render.rss_mib:.0f} | engine {rr.engine} |")
        print(f"| `{rr.engine} -Tsvg` of the same DOT alone | {fmt(rr.dot.min)} | {fmt(rr.dot.median)} "
              f"| {fmt(rr.dot.cpu)} | {rr.dot.rss_mib:.0f} | {rr.nodes_note} |")
        print(f"| argmap's share of that render, (render − {rr.engine}) / render | | {100 * rr.share:.0f} % | | | "
              f"{rr.render.median - rr.dot.median:.2f} s of {rr.render.median:.2f} s |")

    if profiles:
        print("\n## Profiles")
        print("\n".join(profiles))

    # -- targets --------------------------------------------------------------------------------------
    print("\n## Targets (medians)\n")
    top = max(results, key=lambda r: (r.stats.claims, -results.index(r)))
    lin_ratio, lin_sizes = linearity(results, startup.median)
    per_claim = ", ".join(f"{r.label}: {1e6 * (r.check.median - startup.median) / r.stats.claims:,.0f} µs"
                          for r in lin_sizes)
    quick_note = "" if top.stats.claims >= 100_000 else f" (largest size here: {top.stats.claims:,} claims)"
    tops = [r for r in results if r.stats.claims == top.stats.claims]
    targets = [
        ("`argmap check` of the real corpus under 1 s wall, start-up included", real.median < 1.0,
         f"{real.median:.2f} s"),
        (f"`argmap check` of 100,000 claims within 2× the CSafeLoader floor{quick_note}",
         all(r.ratio <= 2.0 for r in tops),
         "; ".join(f"{r.label}: {r.check.median:.1f} s vs {r.floor.median:.1f} s = {r.ratio:.2f}× "
                   f"(CPU: {r.check.cpu:.1f} s vs {r.floor.cpu:.1f} s = {r.check.cpu / r.floor.cpu:.2f}×)" for r in tops)),
        (f"`argmap check` of 100,000 claims under 2 GB peak RSS{quick_note}", all(r.check.rss_mib < 2048 for r in tops),
         "; ".join(f"{r.label}: {r.check.rss_mib:,.0f} MiB" for r in tops)),
        ("time linear in size: net time per claim within 1.5× across sizes of one shape (claims per map)",
         lin_ratio <= 1.5,
         f"{lin_ratio:.2f}× ({per_claim})"),
        (f"`argmap render` of a {render_claims:,}-claim map: argmap's share under 10 %", synth.share < 0.10,
         f"{100 * synth.share:.0f} % ({synth.render.median:.2f} s, of which {synth.engine} {synth.dot.median:.2f} s)"),
        ("`argmap render` of 002's full map (lin2013) under 5 s", lin.render.median < 5.0,
         f"{lin.render.median:.2f} s"),
    ]
    for what, ok, value in targets:
        print(f"- [{'x' if ok else ' '}] {'PASS' if ok else 'MISS'}: {what}: {value}")
    missed = sum(not ok for _, ok, _ in targets)
    print(f"\n{len(targets) - missed} of {len(targets)} targets pass; every generated corpus checked clean; "
          f"run took {time.perf_counter() - t_start:.0f} s")
    return 1 if (args.strict and missed) else 0


if __name__ == "__main__":
    sys.exit(main())
