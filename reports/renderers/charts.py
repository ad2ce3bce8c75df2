"""Charts as PNG: :mod:`monitoring.documents.charts`, re-exported for the reports' modules."""

from monitoring.documents.charts import (  # noqa: F401
    COLOURS,
    DPI,
    RC,
    figure_png,
    new_figure,
    render_chart_png,
)
