"""«Выводы» drafted from numbers, in correct Russian.

Collection passes numbers (this half-year, the same half-year a year earlier, annual
values and targets) and gets sentences back; every numeral agrees with its noun through
``reports.text``. Registers are compared with the same season a year earlier — admissions
happen in summer, diagnostics in autumn, so the half-year just before says nothing — and
targets set for a year are judged on the annual value only. The sentences are a draft:
ИМЦ edits the document before it is signed."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..text import (
    EVENTS,
    INDICATORS_DAT,
    INDICATORS_GEN,
    PEOPLE_GEN,
    SCHOOLS_PREP,
    STUDENTS,
    Forms,
    Gender,
    change_phrase,
    count_phrase,
    format_decimal,
    format_percent,
    plural,
)

PREVIOUS_HALF = "по сравнению с предыдущим полугодием"
YEAR_EARLIER = "по сравнению с тем же полугодием прошлого учебного года"
PREVIOUS_YEAR = "по сравнению с прошлым учебным годом"


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def change_sentence(subject: str, current: int, previous: int | None,
                    comparison: str = PREVIOUS_HALF, forms: Forms = STUDENTS,
                    gender: Gender = "n") -> str:
    """«Число обучающихся, охваченных диагностикой, увеличилось по сравнению с предыдущим
    полугодием на 3 обучающихся (на 12,5 %) и составило 27 обучающихся.»

    ``subject`` is the sentence's subject in the nominative («Число участников …»);
    ``gender`` its grammatical gender («число» — n, «доля» — f, «охват» — m)."""
    total = count_phrase(current, forms)
    amounted = _AMOUNTED[gender]
    if "," in subject:
        # A participial phrase («число обучающихся, охваченных диагностикой») is closed
        # by a comma before the verb.
        subject += ","
    if previous is None:
        return f"{_capitalize(subject)} {amounted} {total}; данных за период сравнения нет."
    phrase = change_phrase(current, previous, forms, gender=gender)
    if phrase.startswith("не "):  # «не изменилось»: nothing to split
        return f"{_capitalize(subject)} {comparison} {phrase} и {amounted} {total}."
    verb, _, rest = phrase.partition(" ")
    return f"{_capitalize(subject)} {verb} {comparison} {rest} и {amounted} {total}."


_AMOUNTED = {"m": "составил", "f": "составила", "n": "составило", "pl": "составили"}


def register_conclusions(title: str, total: int, year_ago: int | None,
                         ovz: int | None = None, forms: Forms = STUDENTS,
                         comparison: str = YEAR_EARLIER) -> list[str]:
    """Sentences for one monitoring: the change against the same half-year a year earlier
    (or, with ``comparison``, the previous academic year), and how many have ОВЗ.

    ``title`` names what is counted in the genitive after «Число …»
    («обучающихся, охваченных профориентационной диагностикой»)."""
    sentences = [change_sentence(f"число {title}", total, year_ago, comparison, forms)]
    if ovz:
        share = format_percent(100.0 * ovz / total) if total else "—"
        sentences.append(f"В том числе с ОВЗ — {format_decimal(ovz, 0)} ({share}).")
    return sentences


@dataclass
class IndicatorFigure:
    """What conclusions need of an indicator: its name, the annual value judged, the
    target, direction, unit, and what is judged («за 2022/2023 учебный год», «на 31.12.2022»)."""

    name: str
    value: float | None
    target: float | None
    higher_is_better: bool = True
    unit: str = "%"
    period: str = ""

    @property
    def missed(self) -> bool:
        if self.value is None or self.target is None:
            return False
        return self.value < self.target if self.higher_is_better else self.value > self.target


def _with_unit(value: float, unit: str) -> str:
    if unit == "%":
        return format_percent(value)
    text = format_decimal(value)
    return f"{text} {unit}".strip() if unit else text


def _sentence(text: str) -> str:
    """End with one full stop, even after an abbreviation («5 ед.»)."""
    return text.rstrip(".") + "."


def indicator_conclusions(figures: Sequence[IndicatorFigure]) -> list[str]:
    """«Целевые значения достигнуты по 5 показателям из 8.» and one sentence for each
    missed target: «Не достигнуто целевое значение показателя «…» за 2022/2023 учебный
    год: 45 % при целевом 60 %.» Only annual values come here (see ``IndicatorValue``)."""
    judged = [f for f in figures if f.value is not None and f.target is not None]
    if not judged:
        return []
    met = [f for f in judged if not f.missed]
    sentences = [
        f"Целевые значения достигнуты по {count_phrase(len(met), INDICATORS_DAT)} "
        f"из {len(judged)}."
        if met else (
            "Целевое значение оцениваемого показателя не достигнуто." if len(judged) == 1 else
            f"Ни по одному из {len(judged)} {plural(len(judged), 'показателя', 'показателей', 'показателей')} "
            f"целевое значение не достигнуто."
        )
    ]
    for figure in judged:
        if figure.missed:
            period = f" {figure.period}" if figure.period else ""
            sentences.append(_sentence(
                f"Не достигнуто целевое значение показателя «{figure.name}»{period}: "
                f"{_with_unit(figure.value, figure.unit)} при целевом "
                f"{_with_unit(figure.target, figure.unit)}"
            ))
    return sentences


@dataclass
class GrowthFigure:
    """«Ежегодное увеличение» of an indicator: the annual value and the year before's."""

    name: str
    value: float
    before: float
    grown: bool
    unit: str = "%"
    period: str = ""


def growth_conclusions(figures: Sequence[GrowthFigure]) -> list[str]:
    """«Ежегодное увеличение, которого ожидает дорожная карта, достигнуто по 4 показателям
    из 6; не достигнуто по 2: «…»; «…».» — the figures are in the indicators' table."""
    if not figures:
        return []
    grown = [f for f in figures if f.grown]
    missed = [f for f in figures if not f.grown]
    text = (f"Ежегодное увеличение, которого ожидает дорожная карта, достигнуто по "
            f"{count_phrase(len(grown), INDICATORS_DAT)} из {len(figures)}")
    if missed and grown:
        text += f"; не достигнуто по {len(missed)}: " + "; ".join(f"«{f.name}»" for f in missed)
    elif missed:
        text = ("Ежегодное увеличение, которого ожидает дорожная карта, не достигнуто ни по "
                f"одному из {len(figures)} {plural(len(figures), 'показателя', 'показателей', 'показателей')}")
    return [_sentence(text)]


def pending_conclusion(count: int, when: str) -> list[str]:
    """«Целевые значения 12 показателей установлены на год и будут оценены по итогам
    учебного года.»"""
    if not count:
        return []
    if plural(count, "one", "few", "many") == "one":
        return [f"Целевое значение {count_phrase(count, INDICATORS_GEN)} установлено на год и "
                f"будет оценено {when}."]
    return [f"Целевые значения {count_phrase(count, INDICATORS_GEN)} установлены на год и "
            f"будут оценены {when}."]


def training_conclusions(rows: Iterable[tuple[str, int, int, float]]) -> list[str]:
    """For each staff category (name in the genitive, trained, total, target %): coverage
    against the target and how many people still need training."""
    sentences = []
    for category, trained, total, target in rows:
        if not total:
            continue
        coverage = 100.0 * trained / total
        if coverage >= target:
            sentences.append(
                f"Охват обучением {category} составил {format_percent(coverage)} "
                f"({trained} из {total}) при целевом значении {format_percent(target)} — "
                f"целевое значение достигнуто."
            )
        else:
            # People to train so that the share reaches the target: ⌈total·target⌉ − trained
            # (the small epsilon keeps 60 % of 10 at 6, not 7, despite float rounding).
            needed = max(0, math.ceil(total * target / 100 - 1e-9) - trained)
            sentences.append(
                f"Охват обучением {category} составил {format_percent(coverage)} "
                f"({trained} из {total}) при целевом значении {format_percent(target)}; "
                f"для достижения цели требуется обучение ещё {count_phrase(needed, PEOPLE_GEN)}."
            )
    return sentences


def roadmap_conclusions(done: int, overdue: int) -> list[str]:
    """«Выполнено 12 мероприятий дорожной карты; просрочено 2 мероприятия.»"""
    if not done and not overdue:
        return []
    text = f"В отчётном периоде выполнено {count_phrase(done, EVENTS)} дорожной карты"
    if overdue:
        text += f"; просрочено {count_phrase(overdue, EVENTS)}, по ним требуется принять меры."
    else:
        text += "; просроченных мероприятий нет."
    return [text]


def schools_sentence(names: Sequence[str], what: str) -> str | None:
    """«Снижение числа участников отмечается в 2 школах: СОШ № 1, СОШ № 2.»"""
    if not names:
        return None
    return (f"{_capitalize(what)} отмечается в {count_phrase(len(names), SCHOOLS_PREP)}: "
            + ", ".join(names) + ".")


def declines(by_school: dict[str, tuple[int, int | None]]) -> list[str]:
    """The schools whose count fell against the previous period (name → (now, before))."""
    return sorted(name for name, (now, before) in by_school.items()
                  if before is not None and now < before)


MONITORINGS_DAT: Forms = ("мониторингу", "мониторингам", "мониторингам")


def monitoring_summary(changes: Sequence[tuple[str, int, int | None]],
                       comparison: str = YEAR_EARLIER) -> list[str]:
    """The monitorings' changes in one sentence, each named once (their figures are in
    their own sections): «По сравнению с тем же полугодием прошлого учебного года число
    участников выросло по 5 мониторингам («…», …), снизилось по 2 («…»).»"""
    grown = [title for title, now, before in changes if before is not None and now > before]
    fell = [title for title, now, before in changes if before is not None and now < before]
    same = [title for title, now, before in changes if before is not None and now == before]
    if not (grown or fell or same):
        return []

    def part(verb: str, titles: list[str], first: bool) -> str:
        count = count_phrase(len(titles), MONITORINGS_DAT) if first else str(len(titles))
        return f"{verb} по {count} ({', '.join(f'«{t}»' for t in titles)})"

    parts = []
    for verb, titles in (("выросло", grown), ("снизилось", fell), ("не изменилось", same)):
        if titles:
            parts.append(part(verb, titles, not parts))
    return [f"{_capitalize(comparison)} число участников " + ", ".join(parts) + "."]
