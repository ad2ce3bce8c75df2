"""What the public page for parents may show, and nothing else: no personal data.

``labour_market()`` is the hook the labour-market step fills (most needed specialties and
targeted-training offers); until those models exist it returns an empty list and the page
leaves the section out."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LabourMarketItem:
    """One line of the public labour-market section: a specialty in demand, or an offer of
    targeted training by an employer."""

    title: str
    kind: str  # «востребованная специальность» / «целевое обучение»
    details: str = ""
    employer: str = ""


def labour_market() -> list[LabourMarketItem]:
    """Demand for specialists and targeted-training offers for the public page."""
    return []
