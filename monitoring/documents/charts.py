"""Charts as PNG images for Word documents (matplotlib, Agg backend).

The object-oriented API (Figure + FigureCanvasAgg) is used instead of pyplot: no global
state, so a Celery worker or a web thread can draw charts side by side safely."""

from __future__ import annotations

import io
import textwrap
from dataclasses import replace

import matplotlib

matplotlib.use("Agg")  # no display on a server; must precede any other matplotlib import

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ..text import format_decimal
from .tables import SCHOOL_CHART_EXTREMES, ChartSpec

# DejaVu Sans ships with matplotlib and has Cyrillic; a document looks the same everywhere.
RC = {"font.family": "DejaVu Sans", "font.size": 10}
COLOURS = ["#1f4e79", "#e07b39", "#6a9f58", "#a05195", "#d1a40f", "#7f7f7f"]
DPI = 150
REFERENCE_COLOUR = "#c00000"


def new_figure(width_in: float = 6.5, height_in: float = 3.4) -> Figure:
    figure = Figure(figsize=(width_in, height_in), dpi=DPI)
    FigureCanvasAgg(figure)
    return figure


def figure_png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight")
    return buffer.getvalue()


#: the longest category label a vertical bar chart keeps under its bars; longer labels
#: (school names) would run into each other, so such a chart is drawn with horizontal bars
SHORT_LABEL = 12


def render_chart_png(spec: ChartSpec, *, with_title: bool = True) -> bytes:
    """The chart as PNG bytes: grouped bars (vertical or horizontal) or lines.

    Labels never overlap: bars whose labels are long (school names) or many are drawn
    horizontally, one label per line, wrapped when longer than the margin allows."""
    with matplotlib.rc_context(RC):
        return _draw(spec, with_title)


def _wrap(label: str, width: int) -> str:
    return "\n".join(textwrap.wrap(label, width)) or label


def _draw(spec: ChartSpec, with_title: bool) -> bytes:
    # One bar per school: at most SCHOOL_CHART_LIMIT schools, else the highest and the lowest.
    spec = spec.readable()
    if spec.kind == "bar" and (len(spec.categories) > 6
                               or max((len(c) for c in spec.categories), default=0) > SHORT_LABEL):
        spec = replace(spec, kind="barh")
    many = len(spec.categories) > 6
    lines = sum(_wrap(c, 28).count("\n") + 1 for c in spec.categories)
    height = 3.4 if spec.kind != "barh" else max(2.4, 0.3 * lines + 0.25 * len(spec.series) * len(spec.categories) + 0.8)
    figure = new_figure(6.5, height)
    axes = figure.add_subplot(1, 1, 1)
    positions = list(range(len(spec.categories)))
    if spec.note and len(positions) == 2 * SCHOOL_CHART_EXTREMES:
        # An empty row between the highest and the lowest: the schools in between are left out.
        half = SCHOOL_CHART_EXTREMES
        positions = positions[:half] + [p + 1 for p in positions[half:]]
    count = max(1, len(spec.series))
    width = 0.8 / count
    for index, (label, values) in enumerate(spec.series):
        colour = COLOURS[index % len(COLOURS)]
        shifted = [p - 0.4 + width * (index + 0.5) for p in positions]
        if spec.kind == "line":
            axes.plot(positions, values, marker="o", label=label, color=colour)
            continue
        values = [0 if v is None else v for v in values]
        if spec.kind == "barh":
            axes.barh(shifted, values, height=width, label=label, color=colour)
        else:
            axes.bar(shifted, values, width=width, label=label, color=colour)
    if spec.reference is not None:
        name, value = spec.reference
        line = axes.axvline if spec.kind == "barh" else axes.axhline
        line(value, color=REFERENCE_COLOUR, linestyle="--", linewidth=1.2,
             label=f"{name}: {format_decimal(value, 1)}")
    if spec.kind == "barh":
        axes.set_yticks(positions, [_wrap(c, 28) for c in spec.categories])
        axes.invert_yaxis()
        axes.grid(axis="x", alpha=0.3)
        if spec.ylabel:
            axes.set_xlabel(spec.ylabel)
    else:
        axes.set_xticks(positions, spec.categories, rotation=35 if many else 0,
                        ha="right" if many else "center")
        axes.grid(axis="y", alpha=0.3)
        if spec.ylabel:
            axes.set_ylabel(spec.ylabel)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    if len(spec.series) > 1 or spec.reference is not None:
        # Right of the plot, where it covers no bar and no label.
        axes.legend(frameon=False, fontsize=9, loc="center left", bbox_to_anchor=(1.01, 0.5))
    if with_title:
        axes.set_title(spec.title, fontsize=10)
    return figure_png(figure)
