"""Word documents in the department's official style: :mod:`monitoring.documents.docx`
(shared with the roadmap's report), re-exported for the reports' modules."""

from monitoring.documents.docx import (  # noqa: F401
    FONT_NAME,
    NO_DATA,
    OfficialDocument,
    column_widths,
)
