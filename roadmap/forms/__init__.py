"""Forms of the roadmap app, by area (mirroring ``roadmap.models``)."""

from .activities import (
    DecisionActionFormSet,
    DecisionForm,
    DecisionIndicatorFormSet,
    HotlineQuestionFormSet,
    InformationWorkForm,
    MeetingForm,
    RiskForm,
)
from .plan import (
    BoardFilterForm,
    ExecutionForm,
    MeasureForm,
    PassportForm,
    RoadmapApproveForm,
    RoadmapCopyForm,
    RoadmapForm,
    ScheduleDateForm,
    SectionForm,
)
from .registry import DocumentForm, RequiredDocumentForm

__all__ = [
    "BoardFilterForm",
    "DecisionActionFormSet",
    "DecisionForm",
    "DecisionIndicatorFormSet",
    "DocumentForm",
    "ExecutionForm",
    "HotlineQuestionFormSet",
    "InformationWorkForm",
    "MeasureForm",
    "MeetingForm",
    "PassportForm",
    "RequiredDocumentForm",
    "RiskForm",
    "RoadmapApproveForm",
    "RoadmapCopyForm",
    "RoadmapForm",
    "ScheduleDateForm",
    "SectionForm",
]
