"""Document renderers: DOCX in the official style, the XLSX appendix, PDF via LibreOffice,
charts as PNG. They take plain data (``Table``, ``ChartSpec``) and know no models."""

from .base import ChartSpec, Table

__all__ = ["ChartSpec", "Table"]
