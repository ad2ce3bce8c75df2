"""Tables and charts as plain data: they live in :mod:`monitoring.documents.tables` (the
roadmap's report uses them too) and are re-exported here for the reports' modules."""

from monitoring.documents.tables import Cell, ChartSpec, Table, cells_to_row  # noqa: F401
