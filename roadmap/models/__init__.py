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
    ProductKind,
    Roadmap,
    ScheduleDate,
    Section,
    roman_to_int,
)
from .registry import Document, DocumentKind, GeneratedKind, RequiredDocument, normalize_search
from .training import (
    TrainingCourse,
    TrainingGroup,
    TrainingParticipation,
    TrainingPlanItem,
    TrainingTarget,
)

__all__ = [
    "PASSPORT_PARTS",
    "Decision",
    "DecisionAction",
    "DecisionIndicator",
    "Document",
    "DocumentKind",
    "Execution",
    "GeneratedKind",
    "HotlineQuestion",
    "InformationWork",
    "Measure",
    "Meeting",
    "MeetingKind",
    "MeetingLevel",
    "Passport",
    "ProductKind",
    "ReminderLog",
    "RequiredDocument",
    "Risk",
    "Roadmap",
    "ScheduleDate",
    "Section",
    "TrainingCourse",
    "TrainingGroup",
    "TrainingParticipation",
    "TrainingPlanItem",
    "TrainingTarget",
    "normalize_search",
    "roman_to_int",
]
