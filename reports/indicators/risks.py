"""The roadmap's risks (passport 9), each watched through an indicator and a threshold."""

from __future__ import annotations

from dataclasses import dataclass

from .service import Evaluation

# The approved roadmap's four risks, in its order, and how the portal watches each one
# unless ИМЦ binds them otherwise: (indicator code, threshold, direction).
DEFAULT_BINDINGS = {
    1: ("graduates_returned", 1, "below"),      # no motivation to come back to the district
    2: ("admitted_by_profile", 50, "below"),    # child's and parents' choices diverge
    3: ("admitted_in_region", 50, "below"),     # the region's colleges offer too little
    4: ("admitted_ovz", 1, "below"),            # no conditions for children with disability
}


@dataclass
class RiskState:
    risk: object
    indicator_name: str
    value: float | None
    triggered: bool | None

    @property
    def colour(self) -> str:
        return {True: "danger", False: "success"}.get(self.triggered, "secondary")

    @property
    def label(self) -> str:
        return {True: "риск проявляется", False: "в норме"}.get(self.triggered, "нет данных")


def risk_states(evaluation: Evaluation) -> list[RiskState]:
    """Each watched risk of the roadmap in force, green or red for the evaluation's span."""
    from roadmap.models import Risk

    from .catalogue import roadmap_in_force

    roadmap = roadmap_in_force(evaluation.span)
    if roadmap is None:
        return []
    states = []
    codes = {d.code for d in evaluation.definitions}
    for risk in Risk.objects.filter(roadmap=roadmap).order_by("number"):
        if risk.indicator_code not in codes:
            states.append(RiskState(risk, "показатель не назначен", None, None))
            continue
        item = evaluation.get(risk.indicator_code)
        states.append(RiskState(risk, item.definition.name, item.value,
                                risk.is_triggered(item.value)))
    return states


def bind_default_risks() -> int:
    """Watch the approved roadmap's risks through the default indicators (only those
    ИМЦ has not bound yet)."""
    from roadmap.models import Risk

    bound = 0
    for risk in Risk.objects.filter(indicator_code=""):
        binding = DEFAULT_BINDINGS.get(risk.number)
        if binding is None:
            continue
        risk.indicator_code, risk.threshold, risk.direction = binding
        risk.save(update_fields=["indicator_code", "threshold", "direction", "updated_at"])
        bound += 1
    return bound
