"""Excel import and export, one mechanism for every list a school keeps.

A list's columns are declared once, as a django-import-export ``ModelResource`` whose
fields are :class:`Column` objects (Russian header, required or not, allowed values, help
for the instructions sheet). From that declaration this package

* reads an uploaded file the way schools really send it — .xlsx, .xls, .ods or .csv,
  refused in milliseconds when it would unpack into a bomb (``files``); the sheet and
  header row found by their column names, titles, totals and column-number rows set
  aside with a notice (``layout``); headers in any case, with extra spaces or ё/е; dates
  as Excel dates, text or day numbers; numbers stored as text (``cells``);
* previews every row as new / changed / unchanged / error, naming row, column and value
  (``resource``, ``report``);
* saves all rows or none, one import per school and list at a time (``report``);
* writes the filtered list and a blank template (drop-down lists, an instructions sheet)
  (``export``).
"""

from django.conf import settings  # noqa: F401  (views read UPLOAD_MAX_MB through here)

from .cells import (
    ChoiceWidget,
    Column,
    DateWidget,
    ImportFileError,
    IntegerWidget,
    LookupWidget,
    TextWidget,
    YesNoWidget,
    cell_text,
    class_letter,
    hostile_reason,
    is_blank,
    neutralize,
    normalize_header,
    normalize_text,
    parse_class,
    same_text,
)
from .collector import collector_paused
from .export import (
    ColumnGuide,
    column_guide,
    export_queryset,
    export_table_xlsx,
    export_xlsx,
    template_xlsx,
)
from .layout import (
    DATA_SHEET,
    INSTRUCTIONS_SHEET,
    LISTS_SHEET,
    Table,
    read_table,
    upload_limit_bytes,
)
from .report import (
    STATUS_LABELS,
    CellError,
    ImportReport,
    RowOutcome,
    drop_table,
    preview_dir,
    run_import,
    shown,
    stash_table,
    unstash_table,
)
from .resource import PortalResource, header_place

__all__ = [
    "DATA_SHEET", "INSTRUCTIONS_SHEET", "LISTS_SHEET", "STATUS_LABELS", "CellError",
    "ChoiceWidget", "Column", "ColumnGuide", "DateWidget", "ImportFileError", "ImportReport",
    "IntegerWidget", "LookupWidget", "PortalResource", "RowOutcome", "Table", "TextWidget",
    "YesNoWidget", "cell_text", "class_letter", "collector_paused", "column_guide", "drop_table", "export_queryset", "export_table_xlsx", "export_xlsx",
    "header_place", "hostile_reason", "is_blank", "neutralize", "normalize_header",
    "normalize_text", "parse_class", "preview_dir", "read_table", "run_import",
    "same_text", "shown", "stash_table", "template_xlsx", "unstash_table",
    "upload_limit_bytes",
]
