"""The department's documents: tables and charts described as plain data (``tables``),
charts drawn as PNG (``charts``) and Word documents in the official style (``docx``).

They live in the lowest app so that every app writes its documents the same way: the
roadmap's execution report and the reports' notes, yearly reports and cluster analysis
share one style (``reports.renderers`` re-exports them beside the XLSX and PDF writers)."""
