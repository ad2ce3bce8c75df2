"""What every renderer draws: a table and a chart, described as plain data.

A note (or a yearly report) is assembled from these; the DOCX renderer prints them in the
official style, the XLSX renderer puts each table on its own sheet, the chart renderer
draws each chart as a PNG. Collection code only has to fill numbers into them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, Literal

from ..text import format_decimal, format_number, signed

Cell = str | int | float | Decimal | None

_NUMERIC_TEXT = re.compile(r"^[+−-]?\d[\d\s]*(,\d+)?(\s?%| п\.п\.)?$")


@dataclass
class Table:
    """A table of a document: a title, column headers and rows of cells.

    Cells are numbers (written with a decimal comma, right-aligned), text, or None
    (written «—»). When ``total_row`` is set the last row is the total and is bold.
    Numbers in the ``signed`` columns (changes) are written with their sign, «+3» / «−2»;
    the XLSX keeps them as numbers. A ``landscape`` table (many columns) is printed on
    landscape pages of its own; ``notes`` are printed under it (a legend of short codes)."""

    title: str
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    total_row: bool = False
    digits: int = 1
    sheet_name: str = ""
    signed: tuple[int, ...] = ()
    landscape: bool = False
    notes: list[str] = field(default_factory=list)
    #: the columns' shares of the text width where the writer knows them best (a measure
    #: and its evidence both long); None — from what the cells hold
    widths: tuple[float, ...] | None = None

    def __post_init__(self) -> None:
        for number, row in enumerate(self.rows, 1):
            if len(row) != len(self.columns):
                raise ValueError(
                    f"Таблица «{self.title}», строка {number}: {len(row)} ячеек "
                    f"при {len(self.columns)} столбцах."
                )

    @property
    def is_empty(self) -> bool:
        return not self.rows

    def text(self, value: Cell, column: int | None = None) -> str:
        """A cell as the document prints it (``column`` tells whether to show a sign)."""
        if value is None:
            return "—"
        if isinstance(value, bool):
            return "да" if value else "нет"
        if column in self.signed and isinstance(value, int | float | Decimal):
            return signed(value, 0 if isinstance(value, int) else self.digits)
        if isinstance(value, int):
            return format_number(value)
        if isinstance(value, float | Decimal):
            return format_decimal(value, self.digits)
        return str(value)

    @staticmethod
    def is_numeric(value: Cell) -> bool:
        """Numbers, «+3», «12,5 %» are right-aligned; words are not."""
        if value is None or isinstance(value, bool):
            return False
        if isinstance(value, int | float | Decimal):
            return True
        return bool(_NUMERIC_TEXT.match(str(value).strip()))


#: A chart with one bar per school draws every school up to this many: 25 labelled bars are
#: still read on an A4 page and on a screen. Above it — a region has 200 schools — the chart
#: shows the ``SCHOOL_CHART_EXTREMES`` schools with the highest and as many with the lowest
#: value, with a line for the municipal value (or the average per school): who leads, who
#: lags and where the middle is. One rule for every document and every page.
SCHOOL_CHART_LIMIT = 25
SCHOOL_CHART_EXTREMES = 10
AVERAGE_PER_SCHOOL = "В среднем по ОО"


@dataclass
class ChartSpec:
    """A chart drawn as a PNG image: categories along one axis, one or more series.

    ``per_school`` — one category per school (the rule above applies, ``readable``);
    ``reference`` — a value drawn as a line across the bars, with its label."""

    title: str
    categories: list[str]
    series: list[tuple[str, list[float]]]
    kind: Literal["bar", "barh", "line"] = "bar"
    ylabel: str = ""
    per_school: bool = False
    reference: tuple[str, float] | None = None
    #: set by ``readable``: which schools of how many the chart shows
    note: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.categories or not any(
            any(v for v in values) for _, values in self.series
        )

    def readable(self, limit: int = SCHOOL_CHART_LIMIT,
                 keep: int = SCHOOL_CHART_EXTREMES) -> ChartSpec:
        """The chart as it is drawn: itself up to ``limit`` schools; above, the ``keep``
        schools with the highest and the ``keep`` with the lowest value of the first series
        (highest first; a school without a value is left out and counted), with the
        reference line — the given municipal value, else the average per school."""
        if not self.per_school or len(self.categories) <= limit or not self.series:
            return self
        first = self.series[0][1]
        valued = [i for i, value in enumerate(first) if value is not None]
        ranked = sorted(valued, key=lambda i: (-first[i], self.categories[i]))
        if len(ranked) <= 2 * keep:
            chosen, note = ranked, f"ОО с данными: {len(ranked)} из {len(first)}"
        else:
            chosen = ranked[:keep] + ranked[-keep:]
            note = f"{keep} ОО с наибольшим и {keep} с наименьшим значением из {len(first)}"
            if len(valued) < len(first):
                note += f"; без данных — {len(first) - len(valued)}"
        reference = self.reference
        if reference is None and valued:
            reference = (AVERAGE_PER_SCHOOL, sum(first[i] for i in valued) / len(valued))
        return replace(
            self, title=f"{self.title} ({note})", note=note,
            categories=[self.categories[i] for i in chosen],
            series=[(label, [values[i] for i in chosen]) for label, values in self.series],
            reference=reference,
        )

    def alt_text(self) -> str:
        """What the picture shows, for a reader who cannot see it: the title and the
        categories with the first series' values."""
        if not self.series:
            return self.title
        values = self.series[0][1]
        shown = "; ".join(f"{c} — {format_decimal(v, 1) if v is not None else 'нет данных'}"
                          for c, v in zip(self.categories, values, strict=True))
        reference = (f". {self.reference[0]}: {format_decimal(self.reference[1], 1)}"
                     if self.reference else "")
        return f"{self.title}. {self.series[0][0]}: {shown}{reference}"

    def chart_data(self, unit: str = "", **extra: Any) -> dict[str, Any]:
        """The data of a page's chart (static/portal/charts.js): labels, series, unit, and
        the reference line and the note under the chart when the rule reduced it."""
        data: dict[str, Any] = {
            "labels": list(self.categories), "unit": unit,
            "series": [{"label": label, "data": list(values)} for label, values in self.series],
            **extra,
        }
        if self.reference is not None:
            data["reference"] = {"label": self.reference[0], "value": self.reference[1]}
        if self.note:
            data["note"] = self.note
        return data


def cells_to_row(*cells: Any) -> list[Cell]:
    return list(cells)
