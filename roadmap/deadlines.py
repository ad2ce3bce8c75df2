"""Сроки исполнения мероприятий «дорожной карты».

Чистый Python (только стандартная библиотека, без Django): разбор сроков в том виде,
в каком они записаны в документе («Январь 2021», «2021-2022», «Ежегодно»,
«Ежегодно по необходимости», «Не менее 2 раз в год», «В соответствии с графиком»),
развёртывание срока в список конкретных «наступлений» (occurrences) на годы действия
дорожной карты и вычисление состояния каждого наступления на заданную дату с учётом
отметок об исполнении.

Модуль не знает ничего о моделях: приложение хранит срок как JSON
(:meth:`Deadline.to_dict`), а отметки об исполнении передаёт парами
``(дата, ExecutionStatus)``.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

__all__ = [
    "DUE_SOON_DAYS",
    "Deadline",
    "DeadlineKind",
    "ExecutionStatus",
    "Occurrence",
    "OccurrenceState",
    "assign_to_occurrences",
    "occurrence_state",
    "occurrences",
    "parse_deadline",
]

#: За сколько дней до срока наступление считается «скоро срок».
DUE_SOON_DAYS = 14

#: Наибольшее допустимое N в сроке «Не менее N раз в год» (не чаще одного раза в день).
MAX_TIMES_PER_YEAR = 365

MONTHS_NOMINATIVE: tuple[str, ...] = (
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
)

# Формы названий месяцев, принимаемые при разборе: именительный и родительный падежи
# («Январь 2021», «января 2021»), а также «в январе 2021» (предложный падеж).
_MONTH_FORMS: dict[str, int] = {}
for _number, _forms in enumerate(
    (
        ("январь", "января", "январе"),
        ("февраль", "февраля", "феврале"),
        ("март", "марта", "марте"),
        ("апрель", "апреля", "апреле"),
        ("май", "мая", "мае"),
        ("июнь", "июня", "июне"),
        ("июль", "июля", "июле"),
        ("август", "августа", "августе"),
        ("сентябрь", "сентября", "сентябре"),
        ("октябрь", "октября", "октябре"),
        ("ноябрь", "ноября", "ноябре"),
        ("декабрь", "декабря", "декабре"),
    ),
    start=1,
):
    for _form in _forms:
        _MONTH_FORMS[_form] = _number

_YEAR_SUFFIX = r"(?:\s*(?:г\.?|гг\.?|год|года|годы))?"
_MONTH_RE = re.compile(r"^(?:в\s+)?(?P<month>[а-я]+)\s+(?P<year>\d{4})" + _YEAR_SUFFIX + r"$")
_SPAN_RE = re.compile(r"^(?P<start>\d{4})\s*-\s*(?P<end>\d{4})" + _YEAR_SUFFIX + r"$")
_YEARLY_RE = re.compile(r"^ежегодно$")
_YEARLY_AS_NEEDED_RE = re.compile(r"^ежегодно,?\s+по\s+необходимости$")
_TIMES_RE = re.compile(r"^(?:не\s+менее\s+)?(?P<times>\d+)\s+раза?\s+в\s+год$")
_SCHEDULE_RE = re.compile(r"^(?:в\s+соответствии\s+с\s+графиком|по\s+графику)$")


class DeadlineKind(StrEnum):
    """Вид срока исполнения мероприятия."""

    MONTH = "month"
    SPAN = "span"
    YEARLY = "yearly"
    YEARLY_AS_NEEDED = "yearly_as_needed"
    TIMES_PER_YEAR = "times_per_year"
    SCHEDULE = "schedule"

    @property
    def label(self) -> str:
        """Название вида срока по-русски."""
        return _KIND_LABELS[self]


_KIND_LABELS: dict[DeadlineKind, str] = {
    DeadlineKind.MONTH: "месяц",
    DeadlineKind.SPAN: "период (годы)",
    DeadlineKind.YEARLY: "ежегодно",
    DeadlineKind.YEARLY_AS_NEEDED: "ежегодно по необходимости",
    DeadlineKind.TIMES_PER_YEAR: "несколько раз в год",
    DeadlineKind.SCHEDULE: "в соответствии с графиком",
}


class OccurrenceState(StrEnum):
    """Состояние наступления срока на заданную дату."""

    DONE = "done"
    IN_PROGRESS = "in_progress"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    NOT_NEEDED = "not_needed"
    PLANNED = "planned"

    @property
    def label(self) -> str:
        """Название состояния по-русски."""
        return _STATE_LABELS[self][0]

    @property
    def color(self) -> str:
        """Цвет Bootstrap для значка состояния (``success``, ``danger`` …)."""
        return _STATE_LABELS[self][1]


_STATE_LABELS: dict[OccurrenceState, tuple[str, str]] = {
    OccurrenceState.DONE: ("выполнено", "success"),
    OccurrenceState.IN_PROGRESS: ("в работе", "primary"),
    OccurrenceState.DUE_SOON: ("скоро срок", "warning"),
    OccurrenceState.OVERDUE: ("просрочено", "danger"),
    OccurrenceState.NOT_NEEDED: ("не потребовалось", "secondary"),
    OccurrenceState.PLANNED: ("запланировано", "light"),
}


class ExecutionStatus(StrEnum):
    """Статус отметки об исполнении (записи об исполнении наступления)."""

    DONE = "done"
    IN_PROGRESS = "in_progress"
    NOT_NEEDED = "not_needed"

    @property
    def label(self) -> str:
        """Название статуса по-русски."""
        return _EXECUTION_LABELS[self]


_EXECUTION_LABELS: dict[ExecutionStatus, str] = {
    ExecutionStatus.DONE: "выполнено",
    ExecutionStatus.IN_PROGRESS: "в работе",
    ExecutionStatus.NOT_NEEDED: "не потребовалось",
}


@dataclass(frozen=True)
class Deadline:
    """Срок исполнения мероприятия в структурированном виде.

    ``text`` — срок так, как он записан в документе; остальные поля заполняются
    в зависимости от вида срока:

    * MONTH — ``year`` и ``month``;
    * SPAN — ``start_year`` и ``end_year``;
    * TIMES_PER_YEAR — ``times`` (N в «не менее N раз в год»);
    * YEARLY, YEARLY_AS_NEEDED, SCHEDULE — без параметров.
    """

    kind: DeadlineKind
    text: str = ""
    year: int | None = None
    month: int | None = None
    start_year: int | None = None
    end_year: int | None = None
    times: int | None = None

    def __post_init__(self) -> None:
        """Проверяет, что параметры соответствуют виду срока."""
        kind = DeadlineKind(self.kind)
        if kind is not self.kind:
            object.__setattr__(self, "kind", kind)
        if kind is DeadlineKind.MONTH:
            if self.year is None or self.month is None or not 1 <= self.month <= 12:
                raise ValueError(
                    f"Срок «{self.text}»: для месяца нужны год и номер месяца от 1 до 12."
                )
        elif kind is DeadlineKind.SPAN:
            if self.start_year is None or self.end_year is None:
                raise ValueError(f"Срок «{self.text}»: для периода нужны начальный и конечный год.")
            if self.start_year > self.end_year:
                raise ValueError(
                    f"Срок «{self.text}»: начальный год {self.start_year} "
                    f"больше конечного {self.end_year}."
                )
        elif kind is DeadlineKind.TIMES_PER_YEAR and (
            self.times is None or not 1 <= self.times <= MAX_TIMES_PER_YEAR
        ):
            raise ValueError(
                f"Срок «{self.text}»: число раз в год должно быть от 1 до {MAX_TIMES_PER_YEAR}."
            )

    @property
    def label(self) -> str:
        """Срок по-русски: исходный текст, а если его нет — текст, собранный по полям."""
        if self.text:
            return self.text
        if self.kind is DeadlineKind.MONTH:
            return f"{MONTHS_NOMINATIVE[(self.month or 1) - 1].capitalize()} {self.year}"
        if self.kind is DeadlineKind.SPAN:
            return f"{self.start_year}–{self.end_year}"
        if self.kind is DeadlineKind.TIMES_PER_YEAR:
            return f"Не менее {self.times} {_times_word(self.times or 0)} в год"
        return self.kind.label.capitalize()

    def to_dict(self) -> dict[str, Any]:
        """Представление для хранения в JSON-поле."""
        return {
            "kind": self.kind.value,
            "text": self.text,
            "year": self.year,
            "month": self.month,
            "start_year": self.start_year,
            "end_year": self.end_year,
            "times": self.times,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Deadline:
        """Восстанавливает срок из словаря, созданного :meth:`to_dict`."""
        try:
            kind = DeadlineKind(data["kind"])
        except (KeyError, ValueError) as exc:
            raise ValueError(f"Неизвестный вид срока: «{data.get('kind', '')}».") from exc
        return cls(
            kind=kind,
            text=str(data.get("text") or ""),
            year=_optional_int(data.get("year")),
            month=_optional_int(data.get("month")),
            start_year=_optional_int(data.get("start_year")),
            end_year=_optional_int(data.get("end_year")),
            times=_optional_int(data.get("times")),
        )


@dataclass(frozen=True)
class Occurrence:
    """Одно наступление срока: что и к какой дате должно быть сделано.

    ``key`` — устойчивый ключ, по которому к наступлению привязываются отметки об
    исполнении (``"2021-01"``, ``"2021-2022"``, ``"2022"``, ``"2022-1"``,
    ``"schedule-2022-03-15"``); ``optional`` — наступление «по необходимости», его можно
    закрыть отметкой «не потребовалось».
    """

    key: str
    label: str
    start: date
    due: date
    optional: bool = False


def _optional_int(value: Any) -> int | None:
    """Приводит значение к ``int``, сохраняя ``None`` и пустую строку как ``None``."""
    if value is None or value == "":
        return None
    return int(value)


def _times_word(times: int) -> str:
    """«раз» или «раза» после числа: 2, 3, 4, 22 … раза; 1, 5 … 20 раз."""
    if times % 10 in (2, 3, 4) and times % 100 not in (12, 13, 14):
        return "раза"
    return "раз"


def _normalise(text: str) -> str:
    """Нижний регистр, «ё» → «е», тире → дефис, одиночные пробелы, без точки в конце."""
    value = text.casefold().replace("ё", "е")
    value = re.sub(r"[\u2010-\u2015\u2212]", "-", value)
    value = re.sub(r"\s+", " ", value).strip()
    return value.rstrip(".").strip()


def parse_deadline(text: str) -> Deadline:
    """Разбирает срок исполнения так, как он записан в дорожной карте.

    Регистр и пробелы не важны; в периоде допускаются дефис, короткое и длинное тире
    и пробелы вокруг них («2021-2023», «2021 – 2023»).

    :raises ValueError: если срок не удалось распознать (сообщение по-русски
        с исходным текстом).
    """
    original = text if isinstance(text, str) else ""
    value = _normalise(original)
    written = re.sub(r"\s+", " ", original).strip()

    match = _MONTH_RE.match(value)
    if match and match.group("month") in _MONTH_FORMS:
        return Deadline(
            kind=DeadlineKind.MONTH,
            text=written,
            year=int(match.group("year")),
            month=_MONTH_FORMS[match.group("month")],
        )
    match = _SPAN_RE.match(value)
    if match:
        start_year, end_year = int(match.group("start")), int(match.group("end"))
        if start_year > end_year:
            raise ValueError(
                f"Не удалось распознать срок исполнения «{written}»: "
                f"начальный год больше конечного."
            )
        return Deadline(
            kind=DeadlineKind.SPAN, text=written, start_year=start_year, end_year=end_year
        )
    if _YEARLY_RE.match(value):
        return Deadline(kind=DeadlineKind.YEARLY, text=written)
    if _YEARLY_AS_NEEDED_RE.match(value):
        return Deadline(kind=DeadlineKind.YEARLY_AS_NEEDED, text=written)
    match = _TIMES_RE.match(value)
    if match:
        times = int(match.group("times"))
        if not 1 <= times <= MAX_TIMES_PER_YEAR:
            raise ValueError(
                f"Не удалось распознать срок исполнения «{written}»: число раз в год "
                f"должно быть от 1 до {MAX_TIMES_PER_YEAR}."
            )
        return Deadline(kind=DeadlineKind.TIMES_PER_YEAR, text=written, times=times)
    if _SCHEDULE_RE.match(value):
        return Deadline(kind=DeadlineKind.SCHEDULE, text=written)
    raise ValueError(
        f"Не удалось распознать срок исполнения «{written}». Допустимые формы: "
        "«Январь 2021», «2021-2022», «Ежегодно», «Ежегодно по необходимости», "
        "«Не менее 2 раз в год», «В соответствии с графиком»."
    )


def _month_end(year: int, month: int) -> date:
    """Последний день месяца."""
    return date(year, month, calendar.monthrange(year, month)[1])


def _part_end(year: int, index: int, parts: int) -> date:
    """Последний день ``index``-й из ``parts`` равных частей года (нумерация с 1).

    Если год делится на части по границам месяцев (N = 1, 2, 3, 4, 6, 12), часть
    кончается последним днём месяца: при N = 2 — 30 июня и 31 декабря, при N = 4 —
    31 марта, 30 июня, 30 сентября и 31 декабря. Иначе год делится по дням.
    """
    if (12 * index) % parts == 0:
        return _month_end(year, 12 * index // parts)
    days_in_year = (date(year + 1, 1, 1) - date(year, 1, 1)).days
    return date(year, 1, 1) + timedelta(days=days_in_year * index // parts - 1)


def occurrences(
    deadline: Deadline,
    year_start: int,
    year_end: int,
    schedule: Sequence[date] = (),
) -> list[Occurrence]:
    """Развёртывает срок в наступления на годы действия дорожной карты.

    * MONTH — одно наступление: с 1-го до последнего числа месяца;
    * SPAN — одно: с 1 января первого года до 31 декабря последнего;
    * YEARLY — по одному на каждый год дорожной карты, до 31 декабря;
    * YEARLY_AS_NEEDED — то же, но наступления необязательные (``optional``);
    * TIMES_PER_YEAR (N) — N наступлений в каждом году, все с 1 января; i-е должно быть
      исполнено к концу i-й из N равных частей года (N = 2: 30 июня и 31 декабря);
    * SCHEDULE — по одному на каждую дату графика (с 1 января года этой даты до неё
      самой); без графика — ни одного.

    Наступления возвращаются в порядке сроков.

    :raises ValueError: если ``year_start`` больше ``year_end``.
    """
    if year_start > year_end:
        raise ValueError(
            f"Годы действия дорожной карты заданы неверно: {year_start} больше {year_end}."
        )
    years = range(year_start, year_end + 1)
    kind = deadline.kind

    if kind is DeadlineKind.MONTH:
        year, month = int(deadline.year or 0), int(deadline.month or 0)
        return [
            Occurrence(
                key=f"{year}-{month:02d}",
                label=f"{MONTHS_NOMINATIVE[month - 1]} {year}",
                start=date(year, month, 1),
                due=_month_end(year, month),
            )
        ]
    if kind is DeadlineKind.SPAN:
        first, last = int(deadline.start_year or 0), int(deadline.end_year or 0)
        return [
            Occurrence(
                key=f"{first}-{last}",
                label=f"{first}–{last}",
                start=date(first, 1, 1),
                due=date(last, 12, 31),
            )
        ]
    if kind in (DeadlineKind.YEARLY, DeadlineKind.YEARLY_AS_NEEDED):
        optional = kind is DeadlineKind.YEARLY_AS_NEEDED
        return [
            Occurrence(
                key=str(year),
                label=f"{year} год",
                start=date(year, 1, 1),
                due=date(year, 12, 31),
                optional=optional,
            )
            for year in years
        ]
    if kind is DeadlineKind.TIMES_PER_YEAR:
        times = int(deadline.times or 0)
        return [
            Occurrence(
                key=f"{year}-{index}",
                label=f"{year} год, {index}-е из {times}",
                start=date(year, 1, 1),
                due=_part_end(year, index, times),
            )
            for year in years
            for index in range(1, times + 1)
        ]
    if kind is DeadlineKind.SCHEDULE:
        return [
            Occurrence(
                key=f"schedule-{day.isoformat()}",
                label=f"по графику: {day:%d.%m.%Y}",
                start=date(day.year, 1, 1),
                due=day,
            )
            for day in sorted(set(schedule))
        ]
    raise ValueError(f"Неизвестный вид срока: «{kind}».")  # pragma: no cover


def occurrence_state(
    occurrence: Occurrence,
    on: date,
    closures: Iterable[tuple[date, ExecutionStatus]],
) -> OccurrenceState:
    """Состояние наступления на дату ``on``.

    ``closures`` — отметки об исполнении этого наступления: пары (дата, статус).
    Учитываются только отметки, датированные не позже ``on``:

    1. есть отметка «выполнено» → DONE;
    2. наступление необязательное и есть отметка «не потребовалось» → NOT_NEEDED
       (для обязательного наступления такая отметка не учитывается);
    3. срок прошёл (``on`` позже ``due``) → OVERDUE;
    4. до срока не больше :data:`DUE_SOON_DAYS` дней → DUE_SOON;
    5. наступление ещё не началось (``on`` раньше ``start``) → PLANNED;
    6. иначе → IN_PROGRESS.
    """
    statuses = {ExecutionStatus(status) for day, status in closures if day <= on}
    if ExecutionStatus.DONE in statuses:
        return OccurrenceState.DONE
    if occurrence.optional and ExecutionStatus.NOT_NEEDED in statuses:
        return OccurrenceState.NOT_NEEDED
    if on > occurrence.due:
        return OccurrenceState.OVERDUE
    if (occurrence.due - on).days <= DUE_SOON_DAYS:
        return OccurrenceState.DUE_SOON
    if on < occurrence.start:
        return OccurrenceState.PLANNED
    return OccurrenceState.IN_PROGRESS


def assign_to_occurrences(
    occurrences: Sequence[Occurrence],
    dated_events: Sequence[date],
) -> dict[str, date]:
    """Распределяет проведённые события (например, совещания) по наступлениям.

    События берутся по порядку дат; каждое закрывает самое раннее по сроку ещё не
    закрытое наступление, в календарные годы которого (от года ``start`` до года
    ``due``) оно попадает. Так для «Не менее 2 раз в год» первое совещание 2022 года
    закрывает ``"2022-1"``, второе — ``"2022-2"``, а третье оказывается сверх плана
    и ни к чему не привязывается; совещание 2021 года наступления 2022 года не
    закрывает.

    :returns: ключ наступления → дата закрывающего его события.
    """
    pending = sorted(occurrences, key=lambda item: (item.due, item.start, item.key))
    assigned: dict[str, date] = {}
    for event in sorted(dated_events):
        for item in pending:
            if item.key in assigned:
                continue
            if item.start.year <= event.year <= item.due.year:
                assigned[item.key] = event
                break
    return assigned
