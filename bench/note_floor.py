"""The same-shape floor of the half-year note: python-docx and openpyxl writing the
note's tables and charts directly — the same number of tables, cells and chart bars,
one table style per table, no per-cell formatting."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

from docx import Document
from docx.shared import Cm
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure


def _docx_tables(data):
    """The tables in the order the DOCX prints them (as reports/notes/render.py does)."""
    tables = list(data.general_tables)
    tables += [s.table for s in data.monitoring if s.table is not None and not s.table.is_empty]
    tables += [data.indicator_table(), data.training_table(),
               data.roadmap_table(data.roadmap_done, "", ""),
               data.roadmap_table(data.roadmap_overdue, "", "")]
    return tables


def _charts(data):
    return [*data.general_charts, *(s.chart for s in data.monitoring if s.chart is not None)]


def chart_png(spec) -> bytes:
    height = 3.4 if spec.kind != "barh" else max(2.4, 0.35 * len(spec.categories) + 1)
    figure = Figure(figsize=(6.5, height), dpi=150)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot(1, 1, 1)
    positions = range(len(spec.categories))
    for _, values in spec.series:
        (axes.barh if spec.kind == "barh" else axes.bar)(positions, values)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=150)
    return buffer.getvalue()


def docx_floor(data) -> bytes:
    document = Document()
    for table in _docx_tables(data):
        document.add_paragraph(table.title)
        grid = document.add_table(rows=len(table.rows) + 1, cols=len(table.columns))
        grid.style = "Table Grid"
        for cell, text in zip(grid.rows[0].cells, table.columns, strict=True):
            cell.text = str(text)
        for row, values in zip(grid.rows[1:], table.rows, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = "" if value is None else str(value)
    for spec in _charts(data):
        document.add_picture(io.BytesIO(chart_png(spec)), width=Cm(16))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_floor(data) -> bytes:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    for index, table in enumerate(data.all_tables()):
        sheet = book.create_sheet(f"Таблица {index + 1}")
        sheet.append(list(table.columns))
        for row in table.rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
