"""Models of the roadmap app: the plan (``plan``), the documents registry (``registry``)
and the work around it (``activities``)."""

from .activities import (
    Decision,
    DecisionAction,
    DecisionIndicator,
    HotlineQuestion,
    InformationWork,
    Meeting,
    ReminderLog,
    Risk,
)
from .plan import (
    PASSPORT_PARTS,
    Execution,
    Measure,
    MeetingKind,
    MeetingLevel,
    Passport,
    Roadmap,
    ScheduleDate,
    Section,
    roman_to_int,
)
from .registry import Document, DocumentKind, RequiredDocument, normalize_search
from .training import TrainingCourse, TrainingParticipation, TrainingPlanItem

__all__ = [
    "PASSPORT_PARTS",
    "Decision",
    "DecisionAction",
    "DecisionIndicator",
    "Document",
    "DocumentKind",
    "Execution",
    "HotlineQuestion",
    "InformationWork",
    "Measure",
    "Meeting",
    "MeetingKind",
    "MeetingLevel",
    "Passport",
    "ReminderLog",
    "RequiredDocument",
    "Risk",
    "Roadmap",
    "ScheduleDate",
    "Section",
    "TrainingCourse",
    "TrainingParticipation",
    "TrainingPlanItem",
    "normalize_search",
    "roman_to_int",
]
