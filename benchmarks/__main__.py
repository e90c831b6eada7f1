"""`python -m benchmarks [--quick] [--repeats N] [--out FILE] [--only SECTION ...]`."""
from __future__ import annotations

import argparse
import datetime
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from .common import REPO_ROOT, Row, table

SECTIONS = ("grading", "scaling", "notebooks", "convolution", "widgets", "report")


def _grading(args, tmp: Path) -> list:
    from . import grading
    if args.quick:
        return grading.run(tmp / "grading", size=4, repeats=1, cell_seconds=3, notebook_seconds=5)
    return grading.run(tmp / "grading", size=args.class_size, repeats=args.repeats)


def _scaling(args, tmp: Path) -> list:
    from . import scaling
    if args.quick:
        return scaling.run(tmp / "scaling", repeats=1, students=2)
    return scaling.run(tmp / "scaling", repeats=args.repeats)


def _notebooks(args, tmp: Path) -> list:
    from . import notebooks
    if args.quick:
        return notebooks.run(repeats=1, parallel=os.cpu_count() or 1)
    return notebooks.run(repeats=args.repeats)


def _convolution(args, tmp: Path) -> list:
    from . import convolution
    return convolution.run(repeats=1 if args.quick else 7, loop_repeats=1 if args.quick else 3)


def _widgets(args, tmp: Path) -> list:
    from . import widgets
    return widgets.run(repeats=1 if args.quick else 7)


def _report(args, tmp: Path) -> list:
    from . import report
    return report.run(tmp / "report", size=40, repeats=1 if args.quick else args.repeats)


RUNNERS = {"grading": _grading, "scaling": _scaling, "notebooks": _notebooks, "convolution": _convolution,
           "widgets": _widgets, "report": _report}


def main(argv: list | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true",
                        help="a tiny class and one repeat: proves the benchmark works (about a minute)")
    parser.add_argument("--repeats", type=int, default=3, help="repeats of each measure (median)")
    parser.add_argument("--class-size", type=int, default=40, help="submissions in the synthetic class")
    parser.add_argument("--only", nargs="+", choices=SECTIONS, default=list(SECTIONS))
    parser.add_argument("--out", default=None,
                        help="where to write the table (default: benchmarks/results-<date>.md)")
    args = parser.parse_args(argv)
    stamp = datetime.datetime.now()
    out = Path(args.out) if args.out else (
        REPO_ROOT / "benchmarks" / f"results-{'quick-' if args.quick else ''}{stamp:%Y-%m-%d}.md")
    rows: list = []
    started, load_before = time.perf_counter(), os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="course-bench-") as tmp:
        for section in SECTIONS:
            if section not in args.only:
                continue
            print(f"[benchmarks] {section} ...", file=sys.stderr, flush=True)
            try:
                rows += RUNNERS[section](args, Path(tmp))
            except Exception as exc:  # one broken section must not hide the others
                rows.append(Row(section, "failed", f"{type(exc).__name__}: {str(exc)[:300]}", "", "MISSED"))
    header = [f"# Benchmarks, {stamp:%Y-%m-%d %H:%M}{' (--quick: numbers not meaningful)' if args.quick else ''}",
              "",
              f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python "
              f"{platform.python_version()}; load average {load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end; "
              f"{time.perf_counter() - started:.0f} s in all. Medians of {1 if args.quick else args.repeats} "
              "repeats; ratios are measured side by side in this run.", ""]
    text = "\n".join(header) + table(rows) + "\n"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text)
    print(text)
    print(f"written to {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
