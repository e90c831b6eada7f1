"""Shared by the benchmark modules: repeats, medians, the table and where results go."""
from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


@dataclass
class Row:
    """One line of the results table."""
    section: str
    what: str
    value: str
    target: str = ""
    verdict: str = ""  # "ok", "MISSED" or "" (no target)


def median(values) -> float:
    return statistics.median(values) if values else float("nan")


def check(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def seconds(value: float) -> str:
    if value != value:  # nan
        return "n/a"
    if value < 1e-3:
        return f"{value * 1e6:.0f} µs"
    if value < 1:
        return f"{value * 1e3:.1f} ms"
    return f"{value:.2f} s"


def children_cpu() -> float:
    """CPU seconds (user + system) of this process's finished child processes and theirs."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def machine_cpu() -> float:
    """CPU seconds every core of the machine has spent busy since it started (/proc/stat; 0 where
    there is none). A difference over a run is that run's CPU, jails and killed processes
    included, when nothing else runs; rusage misses a killed jail's processes."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except OSError:
        return 0.0
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(f) for f in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def timed_run(argv: list, cwd: Path = REPO_ROOT, env: dict | None = None, timeout: float = 3600) -> float:
    """Wall-clock seconds of a command that must succeed (its output is shown only on failure).

    The CPU time it used, with its children's, is added to `timed_run.cpu`."""
    start, cpu = time.perf_counter(), children_cpu()
    run = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    elapsed = time.perf_counter() - start
    timed_run.cpu = getattr(timed_run, "cpu", 0.0) + children_cpu() - cpu
    if run.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, argv))} failed ({run.returncode}):\n"
                           f"{run.stdout[-2000:]}\n{run.stderr[-4000:]}")
    return elapsed


def venv_env(**extra) -> dict:
    """os.environ with the interpreter's bin/ first on PATH (nbgrader runs `alembic` from there)."""
    env = dict(os.environ)
    env["PATH"] = str(Path(PYTHON).parent) + os.pathsep + env.get("PATH", "")
    env.setdefault("MPLBACKEND", "Agg")
    env.update(extra)
    return env


def table(rows: list) -> str:
    """A markdown table of `rows`."""
    header = ["section", "measure", "value", "target", ""]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for r in rows:
        lines.append(f"| {r.section} | {r.what} | {r.value} | {r.target} | {r.verdict} |")
    return "\n".join(lines)
