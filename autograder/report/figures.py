"""The report's plots, drawn with matplotlib's Agg backend and embedded as base64 PNG data URIs.

No pyplot: each figure is a `matplotlib.figure.Figure` on its own Agg canvas, so nothing
depends on (or changes) the process's backend, and nothing is kept once encoded.
"""
from __future__ import annotations

import base64
import io
import math

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from autograder.report.summary import percent

DPI = 100
WIDTH = 5.0                 # inches; at DPI this is the width the page shows
BLUE, ORANGE, GREY, GREEN = "#3b6ea5", "#d9822b", "#9aa1a8", "#4c9a6a"
TEXT = "#333333"
TRACK = "#eef1f4"
# Labels hold names from grades.json and grades.csv: drawn as they are written, never as
# mathtext ($...$) or LaTeX, which raise on what they cannot parse and would stop the report.
PLAIN = {"parse_math": False, "usetex": False}
# The most bars one chart draws (most common first): a chart too tall for matplotlib raises.
MAX_BARS = 40


def _figure(height: float) -> Figure:
    figure = Figure(figsize=(WIDTH, height), dpi=DPI)
    FigureCanvasAgg(figure)
    return figure


def _style(ax) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(colors=TEXT, labelsize=9)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(GREY)


def to_data_uri(figure: Figure) -> str:
    """The figure as a data:image/png;base64 URI."""
    buffer = io.BytesIO()
    # Flat colours compress well at zlib level 1, in half the time of the default 6.
    figure.savefig(buffer, format="png", dpi=DPI, pil_kwargs={"compress_level": 1})
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def score_histogram(totals: list, max_total: float) -> str:
    """How many students got each total score; one bar per point (bins of equal width past 30)."""
    figure = _figure(2.4)
    ax = figure.add_axes((0.11, 0.2, 0.86, 0.66))
    _style(ax)
    if max_total <= 30:
        edges = np.arange(-0.5, math.floor(max_total) + 1.0, 1.0)
        if edges[-1] < max_total:
            edges = np.append(edges, max_total + 0.5)
    else:
        edges = np.linspace(0, max_total, 21)
    counts, _, patches = ax.hist(np.clip(totals, edges[0], edges[-1]), bins=edges, color=BLUE,
                                 edgecolor="white")
    if len(patches) and totals and max(totals) >= max_total:
        patches[-1].set_facecolor(GREEN)  # full marks
    ax.set_xlim(edges[0], edges[-1])
    ax.set_xlabel(f"total score (of {max_total:g})", color=TEXT, fontsize=9)
    ax.set_ylabel("students", color=TEXT, fontsize=9)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_title("Total scores", color=TEXT, fontsize=10, loc="left", pad=10)
    return to_data_uri(figure)


def _bars(rows: list, scale: float, title: str = "") -> str:
    """Horizontal bars [(label, value, colour)] on a light track of length `scale`, each label
    above its bar, the first row at the top. No axes and one text per bar: the labels carry the
    numbers (text and axes are most of the time a figure takes)."""
    top, bottom = (0.3 if title else 0.05), 0.08
    height = top + bottom + 0.42 * len(rows)
    figure = _figure(height)
    ax = figure.add_axes((0.03, bottom / height, 0.94, 1 - (top + bottom) / height))
    ax.set_axis_off()
    y = np.arange(len(rows))
    ax.barh(y, [scale] * len(rows), height=0.42, color=TRACK)
    ax.barh(y, [value for _, value, _ in rows], height=0.42, color=[colour for _, _, colour in rows])
    for i, (label, _, _) in enumerate(rows):
        ax.text(0, i - 0.3, label, va="bottom", ha="left", fontsize=9, color=TEXT, **PLAIN)
    ax.set_ylim(len(rows) - 0.75, -0.9)
    ax.set_xlim(0, scale)
    if title:
        figure.text(0.03, 1 - 0.08 / height, title, va="top", ha="left", fontsize=10, color=TEXT, **PLAIN)
    return to_data_uri(figure)


def _short(name: str, chars: int = 60) -> str:
    return name if len(name) <= chars else name[:chars - 1] + "…"


def full_marks_chart(exercises: list) -> str:
    """The share of students with full marks on each exercise of an assignment."""
    return _bars([(f"{_short(e.name)}: {e.full_marks} of {e.students} ({percent(e.full_share)})",
                   e.full_share, GREEN) for e in exercises], 1.0, "Full marks per exercise")


def mistakes_chart(summary) -> str:
    """Students per recognised mistake of one exercise (most common first), then the unrecognised;
    each bar on a track as long as the class."""
    rows = [(f"{_short(m.name)}: {m.students} ({percent(m.share)})", m.students,
             GREY if m.name == "not answered" else ORANGE) for m in summary.mistakes]
    if len(rows) > MAX_BARS:
        rest = summary.mistakes[MAX_BARS - 1:]
        most = max(m.students for m in rest)
        rows[MAX_BARS - 1:] = [(f"{len(rest)} other mistakes, each made by at most {most}", most, ORANGE)]
    if summary.unrecognised:
        rows.append((f"no recognised mistake: {summary.unrecognised} ({percent(summary.unrecognised_share)})",
                     summary.unrecognised, GREY))
    return _bars(rows, summary.students)
