"""The management chain as data: monitoring → analysis → recommendation → decision →
measured effect.

* a published recommendation is answered by a management decision or closed with a
  reason (:func:`answer_with_decision`, :func:`close_recommendation`); one left without an
  answer longer than ``RECOMMENDATION_ANSWER_DAYS`` is flagged (:func:`overdue_answers`) on
  ИМЦ's and the head's home page and on the chain page;
* a decision's effectiveness is computed from its target indicators
  (``reports.indicators.effectiveness.measure_decision``) and its conclusion is proposed
  from those figures (:func:`propose_effect`), never typed;
* published recommendations close measure 4.3 of the roadmap (:func:`recommendation_events`,
  registered with ``roadmap.products``)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from roadmap.models import Decision, DecisionIndicator
from roadmap.products import ProductEvent

from .indicators.registry import CATALOGUE
from .models import Recommendation
from .text import format_decimal

# ------------------------------------------------------------------ recommendation answers


def answer_days() -> int:
    return settings.RECOMMENDATION_ANSWER_DAYS


def overdue_answers(now: dt.datetime | None = None):
    """Recommendations awaiting an answer longer than the set time, oldest first."""
    now = now or timezone.now()
    return (Recommendation.objects.awaiting_answer()
            .filter(published_at__lt=now - dt.timedelta(days=answer_days()))
            .select_related("school").order_by("published_at", "pk"))


@transaction.atomic
def answer_with_decision(recommendation: Recommendation, decision: Decision, user) -> Recommendation:
    """Link a published recommendation to the decision that answers it.

    The recommendation's indicator becomes one of the decision's target indicators when it
    is not one already, so the decision's effect is measured on what the recommendation
    was about. The row is locked: two answers at once leave one."""
    locked = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    if locked.status != Recommendation.Status.PUBLISHED:
        raise ValidationError("Ответить решением можно только на опубликованную рекомендацию.")
    if locked.closed_at is not None:
        raise ValidationError("Рекомендация закрыта с причиной; сначала снимите закрытие.")
    locked.decision = decision
    locked.answered_at = timezone.now()
    locked.answered_by = user
    locked.save(update_fields=["decision", "answered_at", "answered_by", "updated_at"])
    code = locked.indicator_code
    if code and code in CATALOGUE and not decision.indicators.filter(indicator_code=code).exists():
        DecisionIndicator.objects.create(decision=decision, indicator_code=code,
                                         indicator_title=CATALOGUE[code].name)
    return locked


@transaction.atomic
def close_recommendation(recommendation: Recommendation, reason: str, user) -> Recommendation:
    """Close a published recommendation without a decision, saying why."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Укажите причину, по которой решение не требуется.")
    locked = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    if locked.decision_id is not None:
        raise ValidationError("На рекомендацию уже ответили решением.")
    locked.closed_reason = reason
    locked.closed_at = timezone.now()
    locked.answered_at, locked.answered_by = locked.closed_at, user
    locked.save(update_fields=["closed_reason", "closed_at", "answered_at", "answered_by",
                               "updated_at"])
    return locked


@transaction.atomic
def reopen_recommendation(recommendation: Recommendation) -> Recommendation:
    """Take the answer or the closure back (the recommendation awaits an answer again)."""
    locked = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    locked.decision = None
    locked.closed_reason = ""
    locked.closed_at = locked.answered_at = locked.answered_by = None
    locked.save(update_fields=["decision", "closed_reason", "closed_at", "answered_at",
                               "answered_by", "updated_at"])
    return locked


def recommendation_events(measures, year_start: int, year_end: int) -> dict[int, list[ProductEvent]]:
    """Measure 4.3: each day recommendations were published is one piece of evidence for
    its year (the roadmap's schedule says how many are due). One query."""
    published = (Recommendation.objects.published()
                 .filter(published_at__year__gte=year_start, published_at__year__lte=year_end + 1)
                 .values_list("published_at", "period_code"))
    by_day: dict[dt.date, list[str]] = defaultdict(list)
    for moment, period in published:
        by_day[timezone.localtime(moment).date()].append(period)
    url = reverse("reports:recommendation_list") + "?status=published"
    found = [
        ProductEvent(day.year, day, f"опубликовано рекомендаций: {len(periods)} "
                                    f"({day:%d.%m.%Y})", url)
        for day, periods in sorted(by_day.items()) if year_start <= day.year <= year_end
    ]
    return {m.pk: list(found) for m in measures}


# ------------------------------------------------------------------ decision effectiveness


@dataclass
class IndicatorVerdict:
    name: str
    unit: str
    before: float | None
    after: float | None
    target: float | None
    higher_is_better: bool

    @property
    def measurable(self) -> bool:
        return self.before is not None and self.after is not None

    @property
    def improved(self) -> bool:
        if not self.measurable or self.after == self.before:
            return False
        return (self.after > self.before) == self.higher_is_better

    @property
    def worsened(self) -> bool:
        return self.measurable and self.after != self.before and not self.improved

    @property
    def target_reached(self) -> bool:
        if self.after is None or self.target is None:
            return False
        return self.after >= self.target if self.higher_is_better else self.after <= self.target

    def sentence(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        trend = ("улучшение" if self.improved else "ухудшение" if self.worsened
                 else "без изменений")
        text = (f"«{self.name}»: {format_decimal(self.before)}{unit} → "
                f"{format_decimal(self.after)}{unit} — {trend}")
        if self.target is not None:
            text += ("; цель " + format_decimal(self.target) + unit
                     + (" достигнута" if self.target_reached else " не достигнута"))
        return text


@dataclass
class Proposal:
    """The conclusion the portal proposes from the figures."""

    effect: str  # Decision.Effect value, or "" when the figures do not allow a conclusion
    text: str
    verdicts: list[IndicatorVerdict] = field(default_factory=list)


def propose_effect(decision: Decision) -> Proposal:
    """Effective when every measurable target indicator improved or reached its target;
    partly when some did; not effective when none did. Without a measurable indicator
    there is nothing to conclude («недостаточно данных»)."""
    verdicts = []
    for row in decision.indicators.all():
        definition = CATALOGUE.get(row.indicator_code)
        verdicts.append(IndicatorVerdict(
            row.indicator_title or row.indicator_code,
            definition.unit if definition else "",
            float(row.value_before) if row.value_before is not None else None,
            float(row.value_after) if row.value_after is not None else None,
            float(row.target) if row.target is not None else None,
            definition.higher_is_better if definition else True,
        ))
    measurable = [v for v in verdicts if v.measurable]
    if not measurable:
        return Proposal("", "Недостаточно данных: у целевых показателей нет значений «до» и "
                            "«после» (укажите показатели и рассчитайте их).", verdicts)
    good = [v for v in measurable if v.improved or v.target_reached]
    if len(good) == len(measurable):
        effect = Decision.Effect.EFFECTIVE
    elif good:
        effect = Decision.Effect.PARTLY
    else:
        effect = Decision.Effect.NOT_EFFECTIVE
    label = Decision.Effect(effect).label
    summary = (f"Решение {label}: целевых показателей с положительной динамикой или "
               f"достигнутой целью — {len(good)} из {len(measurable)}.")
    return Proposal(effect, " ".join([summary, *(v.sentence() + "." for v in measurable)]),
                    verdicts)


@transaction.atomic
def check_decision(decision: Decision, user, on: dt.date | None = None) -> tuple[Proposal, list[str]]:
    """Measure the decision's indicators before and after, and record the proposed
    conclusion with who checked and when. Returns the proposal and the unknown codes."""
    from .indicators.effectiveness import measure_decision

    locked = Decision.objects.select_for_update().get(pk=decision.pk)
    if locked.checked_on is None:
        locked.checked_on = on or timezone.localdate()
        locked.save(update_fields=["checked_on", "updated_at"])
    unknown = measure_decision(locked)
    proposal = propose_effect(locked)
    locked.effect = proposal.effect
    locked.conclusion = proposal.text
    locked.checked_by = user
    locked.save(update_fields=["effect", "conclusion", "checked_by", "updated_at"])
    decision.refresh_from_db()
    return proposal, unknown
