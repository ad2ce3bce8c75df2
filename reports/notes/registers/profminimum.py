"""Register 11 «Профминимум» in the half-year note and the yearly report: hours per student
by the model's seven directions and the share that reached the school's level, against
the same season a year earlier, and the schools' levels."""

from __future__ import annotations

from monitoring.models import School
from monitoring.registers.profminimum import FIRST_DAY, LEVEL_HOURS, Direction, Level
from monitoring.text import SCHOOLS, STUDENTS, count_phrase, format_number, format_percent

from ...indicators.profminimum import hours_per_student, level_reached, school_levels
from ...indicators.registry import MUNICIPALITY
from ...indicators.scope import ALL, Span, SpanKind
from ...renderers.base import Table


def _key(schools: list[School]):
    return schools[0].pk if len(schools) == 1 else MUNICIPALITY


def _value(values, key):
    measure = values.get(key)
    return None if measure is None else measure.value


def _hours_phrase(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{format_number(int(value) if float(value).is_integer() else value, 1)} ч"


def direction_table(span: Span, earlier: Span, schools: list[School], labels: tuple[str, str]
                    ) -> tuple[Table, float | None, float | None]:
    """Hours per student by direction, now and a season earlier; and the totals."""
    key = _key(schools)
    rows = []
    for direction in [*Direction, None]:
        now = _value(hours_per_student(span, ALL, direction), key)
        before = (None if earlier.end < FIRST_DAY
                  else _value(hours_per_student(earlier, ALL, direction), key))
        change = None if now is None or before is None else round(now - before, 1)
        rows.append(["Всего" if direction is None else Direction(direction).label,
                     now, before, change])
    table = Table("Профминимум: часов на одного обучающегося 6–11 классов по направлениям",
                  ["Направление", labels[0], labels[1], "Изменение"], rows, total_row=True,
                  digits=1, signed=(3,), sheet_name="11. Часы по направлениям")
    return table, rows[-1][1], rows[-1][2]


def level_table(span: Span, earlier: Span, schools: list[School], labels: tuple[str, str]
                ) -> tuple[Table, float | None, float | None, dict[int, str]]:
    """By school: the level chosen, the students of grades 6–11, the share that reached
    the level (in a half-year: with the hours since 1 September), a season earlier."""
    levels = school_levels(span)
    now = level_reached(span, ALL)
    before = level_reached(earlier, ALL) if earlier.end >= FIRST_DAY else {}
    rows = []
    for school in schools:
        measure = now.get(school.pk)
        level = levels.get(school.pk)
        rows.append([school.short_name,
                     Level(level).label if level else "не внесён (базовый)",
                     int(measure.denominator or 0) if measure else 0,
                     int(measure.numerator or 0) if measure else 0,
                     _value(now, school.pk), _value(before, school.pk)])
    total = now.get(MUNICIPALITY)
    if len(schools) > 1:
        rows.append(["Итого", "", int(total.denominator or 0) if total else 0,
                     int(total.numerator or 0) if total else 0,
                     _value(now, MUNICIPALITY), _value(before, MUNICIPALITY)])
    table = Table("Профминимум: освоение уровня, выбранного ОО, по ОО",
                  ["ОО", "Уровень", "Обучающихся 6–11 кл.", "Освоили уровень",
                   f"Доля, % ({labels[0]})", f"Доля, % ({labels[1]})"],
                  rows, total_row=len(schools) > 1, digits=1,
                  sheet_name="11. Уровень по ОО")
    key = _key(schools)
    return table, _value(now, key), _value(before, key), levels


def paragraphs(span: Span, earlier: Span, schools: list[School], hours: tuple, share: tuple,
               levels: dict[int, str], *, when: str, earlier_words: str) -> list[str]:
    """The section's words: hours, the share at the level, the levels chosen."""
    if earlier.end < FIRST_DAY:
        before_hours, before_share = f" ({earlier_words} профминимум ещё не вводился)", ""
    else:
        before_hours = f" ({earlier_words} — {_hours_phrase(hours[1])})"
        before_share = (f" ({earlier_words} — {format_percent(share[1])})"
                        if share[1] is not None else "")
    texts = [f"{when} на одного обучающегося 6–11 классов пришлось "
             f"{_hours_phrase(hours[0])} профминимума{before_hours}."]
    if share[0] is not None:
        texts.append(f"Уровень профминимума, выбранный ОО, с начала учебного года освоили "
                     f"{format_percent(share[0])} обучающихся 6–11 классов{before_share}.")
    own = [s for s in schools if s.pk in levels]
    if len(schools) > 1:
        chosen = [f"{Level(level).label} — {count_phrase(n, SCHOOLS)}" for level in Level
                  if (n := sum(1 for s in own if levels[s.pk] == level))]
        missing = len(schools) - len(own)
        text = ("Уровни на учебный год: " + ", ".join(chosen) if chosen
                else "Ни одна ОО не внесла уровень профминимума на учебный год")
        if missing and chosen:
            text += (f"; не внесли уровень {count_phrase(missing, SCHOOLS)} "
                     "(для них действует базовый уровень, 40 ч в год)")
        texts.append(text + ".")
    elif schools and schools[0].pk in levels:
        level = Level(levels[schools[0].pk])
        texts.append(f"ОО реализует {level.label} уровень профминимума "
                     f"(не менее {LEVEL_HOURS[level]} ч в год).")
    return texts


def _reached_phrase(table: Table) -> str:
    reached = sum(row[3] for row in table.rows[: -1 if table.total_row else None])
    return count_phrase(reached, STUDENTS)


BEFORE_THE_MODEL = (f"Профминимум (единая модель профориентации) введён с {FIRST_DAY:%d.%m.%Y}: "
                    "за этот период его данных нет.")


def _fill(target, span: Span, earlier: Span, schools: list[School], labels: tuple[str, str],
          when: str, earlier_words: str) -> list:
    """Both tables and the sentences into a note's section or a yearly report's part;
    returns the levels table."""
    hours_table, now, before = direction_table(span, earlier, schools, labels)
    levels_table, share, share_before, levels = level_table(span, earlier, schools, labels)
    target.extra_tables += [hours_table, levels_table]
    target.paragraphs += paragraphs(
        span, earlier, schools, (now, before), (share, share_before), levels,
        when=when, earlier_words=earlier_words)
    return levels_table


def note_part(section, span: Span, year_ago: Span, schools: list[School]) -> None:
    if span.end < FIRST_DAY:
        section.paragraphs.append(BEFORE_THE_MODEL)
        return
    _fill(section, span, year_ago, schools, (span.label, year_ago.label),
          when=f"За {span.label}", earlier_words="в том же полугодии год назад")
    if span.kind == SpanKind.HALF and span.start.month == 9:
        section.paragraphs.append(
            "Годовой объём часов оценивается по итогам учебного года: в I полугодии доля "
            "показывает, кто уже набрал часы своего уровня.")


def yearly_part(part, span: Span, schools: list[School]) -> None:
    if span.end < FIRST_DAY:
        part.paragraphs.append(BEFORE_THE_MODEL)
        return
    earlier = span.previous()
    levels_table = _fill(part, span, earlier, schools,
                         (f"{span.code} уч. г.", f"{earlier.code} уч. г."),
                         when=f"За {span.code} учебный год", earlier_words="в прошлом учебном году")
    part.paragraphs.append(f"Освоили уровень своей ОО: {_reached_phrase(levels_table)}.")


#: what the yearly report judges register 11 by
INDICATORS = ["profminimum_level_reached", "profminimum_hours_total"]
