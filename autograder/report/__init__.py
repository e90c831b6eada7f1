"""`python -m autograder report GRADED_DIR`: what the class got wrong, for the teacher.

Reads what `autograde` wrote (grades.csv, flags.csv, feedback/*/*/grades.json) and writes
GRADED_DIR/report.html (one self-contained page: score histograms, full marks and the
recognised mistakes per exercise with the explanation students read, an anonymised failing
case, the unanswered and unrecognised shares, flags grouped by kind) and GRADED_DIR/mistakes.csv
(assignment, exercise, mistake, students, share).

One job per module: `load` reads GRADED_DIR, `summary` counts, `flags` groups the flags,
`figures` draws, `page` renders the HTML, `table` writes mistakes.csv.
"""
from __future__ import annotations

import sys
from pathlib import Path

from autograder.report.flags import group_flags
from autograder.report.load import load_graded
from autograder.report.page import render
from autograder.report.summary import summarise, top_mistakes
from autograder.report.table import write_mistakes_csv

REPORT_HTML = "report.html"
MISTAKES_CSV = "mistakes.csv"


def write_report(graded_dir: Path) -> tuple:
    """Write report.html and mistakes.csv into `graded_dir`; returns their two paths.

    The previous report goes first: a report that fails leaves none, never one of an older run.
    """
    from autograder.report import figures  # matplotlib, only when a report is drawn
    graded_dir = Path(graded_dir)
    html_path, csv_path = graded_dir / REPORT_HTML, graded_dir / MISTAKES_CSV
    for old in (html_path, csv_path):
        old.unlink(missing_ok=True)
    graded = load_graded(graded_dir)
    assignments = summarise(graded.grades)
    sections = []
    for index, assignment in enumerate(assignments, 1):
        sections.append({
            "summary": assignment, "index": index,
            "histogram": figures.score_histogram(assignment.totals, assignment.max_total),
            "full_marks": figures.full_marks_chart(assignment.exercises),
            "exercises": [{"summary": e, "chart": figures.mistakes_chart(e) if e.lost_marks else ""}
                          for e in assignment.exercises],
        })
    html = render(graded_dir.resolve().name, sections, top_mistakes(assignments), group_flags(graded.flags),
                  len(graded.flags), len({g.student for g in graded.grades}),
                  len({(g.student, g.assignment) for g in graded.grades}))
    write_mistakes_csv(csv_path, assignments)
    partial = html_path.with_suffix(".html.part")
    partial.write_text(html, encoding="utf-8")
    partial.replace(html_path)  # a browser never opens half a page
    return html_path, csv_path


def write_report_or_warn(graded_dir: Path) -> bool:
    """`write_report` at the end of `autograde`: a failure is one line on stderr, never an error.

    grades.csv is already written; `python -m autograder report GRADED_DIR` rebuilds the report.
    """
    try:
        write_report(graded_dir)
        return True
    except Exception as exc:  # noqa: BLE001 (whatever broke, the grades stand)
        print(f"warning: the class report was not written ({type(exc).__name__}: {exc}); "
              f"run `python -m autograder report {graded_dir}` to retry", file=sys.stderr)
        return False
