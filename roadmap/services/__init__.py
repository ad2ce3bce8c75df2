"""Operations of the roadmap app: views, tasks and commands call these, never each other.

* ``loading`` — the approved roadmap from its JSON transcription (``load_roadmap``);
* ``plan`` — a new roadmap and its passport edited in the browser;
* ``periods`` — the next roadmap copied from the previous one, approval closing the old;
* ``board`` — occurrences and their states on a date, in a bounded number of queries;
* ``executions`` — recording an occurrence's execution with its evidence;
* ``documents`` — checking uploads by content; the completeness of the normative base;
* ``meetings`` — saving meetings, the per-year rules of section VI, the year calendar;
* ``reminders`` — the daily e-mails about due and overdue occurrences;
* ``report`` — «Отчёт о выполнении дорожной карты» as XLSX and DOCX.
"""

from .board import (
    STATE_ORDER,
    Board,
    MeasureRow,
    OccurrenceRow,
    badge_class,
    build_board,
    build_measure,
)
from .documents import (
    Completeness,
    attach_file,
    check_document_file,
    normative_documents_completeness,
    save_document,
)
from .executions import save_execution
from .loading import (
    DEFAULT_FIXTURE,
    LoadReport,
    RoadmapFileError,
    department_staff,
    load_roadmap_data,
    load_roadmap_file,
)
from .meetings import meeting_rules, save_meeting, year_calendar
from .periods import ApprovalError, approve_roadmap, copy_roadmap, default_copy_values
from .plan import save_passport, save_roadmap, sync_risks
from .reminders import send_deadline_reminders
from .report import report_docx, report_filename, report_xlsx

__all__ = [
    "DEFAULT_FIXTURE",
    "STATE_ORDER",
    "ApprovalError",
    "Board",
    "Completeness",
    "LoadReport",
    "MeasureRow",
    "OccurrenceRow",
    "RoadmapFileError",
    "approve_roadmap",
    "attach_file",
    "badge_class",
    "build_board",
    "build_measure",
    "check_document_file",
    "copy_roadmap",
    "default_copy_values",
    "department_staff",
    "load_roadmap_data",
    "load_roadmap_file",
    "meeting_rules",
    "normative_documents_completeness",
    "report_docx",
    "report_filename",
    "report_xlsx",
    "save_document",
    "save_execution",
    "save_meeting",
    "save_passport",
    "save_roadmap",
    "send_deadline_reminders",
    "sync_risks",
    "year_calendar",
]
