"""What every renderer draws: a table and a chart, described as plain data.

A note (or a yearly report) is assembled from these; the DOCX renderer prints them in the
official style, the XLSX renderer puts each table on its own sheet, the chart renderer
draws each chart as a PNG. Collection code only has to fill numbers into them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
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


@dataclass
class ChartSpec:
    """A chart drawn as a PNG image: categories along one axis, one or more series."""

    title: str
    categories: list[str]
    series: list[tuple[str, list[float]]]
    kind: Literal["bar", "barh", "line"] = "bar"
    ylabel: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.categories or not any(
            any(v for v in values) for _, values in self.series
        )


def cells_to_row(*cells: Any) -> list[Cell]:
    return list(cells)
