"""Charts as PNG images for Word documents (matplotlib, Agg backend).

The object-oriented API (Figure + FigureCanvasAgg) is used instead of pyplot: no global
state, so a Celery worker or a web thread can draw charts side by side safely."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")  # no display on a server; must precede any other matplotlib import

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .base import ChartSpec

# DejaVu Sans ships with matplotlib and has Cyrillic; a document looks the same everywhere.
RC = {"font.family": "DejaVu Sans", "font.size": 9}
COLOURS = ["#1f4e79", "#e07b39", "#6a9f58", "#a05195", "#d1a40f", "#7f7f7f"]
DPI = 150


def new_figure(width_in: float = 6.5, height_in: float = 3.4) -> Figure:
    figure = Figure(figsize=(width_in, height_in), dpi=DPI)
    FigureCanvasAgg(figure)
    return figure


def figure_png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight")
    return buffer.getvalue()


def render_chart_png(spec: ChartSpec, *, with_title: bool = True) -> bytes:
    """The chart as PNG bytes: grouped bars (vertical or horizontal) or lines."""
    with matplotlib.rc_context(RC):
        return _draw(spec, with_title)


def _draw(spec: ChartSpec, with_title: bool) -> bytes:
    many = len(spec.categories) > 6
    height = 3.4 if spec.kind != "barh" else max(2.4, 0.35 * len(spec.categories) + 1)
    figure = new_figure(6.5, height)
    axes = figure.add_subplot(1, 1, 1)
    positions = list(range(len(spec.categories)))
    count = max(1, len(spec.series))
    width = 0.8 / count
    for index, (label, values) in enumerate(spec.series):
        colour = COLOURS[index % len(COLOURS)]
        shifted = [p - 0.4 + width * (index + 0.5) for p in positions]
        if spec.kind == "line":
            axes.plot(positions, values, marker="o", label=label, color=colour)
        elif spec.kind == "barh":
            axes.barh(shifted, values, height=width, label=label, color=colour)
        else:
            axes.bar(shifted, values, width=width, label=label, color=colour)
    if spec.kind == "barh":
        axes.set_yticks(positions, spec.categories)
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
    if len(spec.series) > 1:
        axes.legend(frameon=False, fontsize=8)
    if with_title:
        axes.set_title(spec.title, fontsize=10)
    return figure_png(figure)
