"""Тесты движка сроков дорожной карты (roadmap/deadlines.py): без базы данных и Django."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from roadmap.deadlines import (
    DUE_SOON_DAYS,
    Deadline,
    DeadlineKind,
    ExecutionStatus,
    Occurrence,
    OccurrenceState,
    assign_to_occurrences,
    occurrence_state,
    occurrences,
    parse_deadline,
)

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "roadmap-2021-2023.json"
YEARS = (2021, 2023)


def _measures() -> dict[str, dict]:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return {m["number"]: m for section in data["sections"] for m in section["measures"]}


def _occ(number: str, schedule: tuple[date, ...] = ()) -> list[Occurrence]:
    deadline = parse_deadline(_measures()[number]["deadline"])
    return occurrences(deadline, *YEARS, schedule=schedule)


# ------------------------------------------------------------------ parsing


@pytest.mark.parametrize(
    ("text", "kind", "fields"),
    [
        ("Январь 2021", DeadlineKind.MONTH, {"year": 2021, "month": 1}),
        ("Май 2021", DeadlineKind.MONTH, {"year": 2021, "month": 5}),
        ("  май   2021 ", DeadlineKind.MONTH, {"year": 2021, "month": 5}),
        ("ДЕКАБРЬ 2023", DeadlineKind.MONTH, {"year": 2023, "month": 12}),
        ("2021-2022", DeadlineKind.SPAN, {"start_year": 2021, "end_year": 2022}),
        ("2021-2023", DeadlineKind.SPAN, {"start_year": 2021, "end_year": 2023}),
        ("2021–2023", DeadlineKind.SPAN, {"start_year": 2021, "end_year": 2023}),
        ("2021 – 2023", DeadlineKind.SPAN, {"start_year": 2021, "end_year": 2023}),
        ("2021- 2023", DeadlineKind.SPAN, {"start_year": 2021, "end_year": 2023}),
        ("2024-2026 годы", DeadlineKind.SPAN, {"start_year": 2024, "end_year": 2026}),
        ("Ежегодно", DeadlineKind.YEARLY, {}),
        ("ежегодно", DeadlineKind.YEARLY, {}),
        (" ЕЖЕГОДНО ", DeadlineKind.YEARLY, {}),
        ("Ежегодно по необходимости", DeadlineKind.YEARLY_AS_NEEDED, {}),
        ("ежегодно  по\nнеобходимости", DeadlineKind.YEARLY_AS_NEEDED, {}),
        ("Не менее 2 раз в год", DeadlineKind.TIMES_PER_YEAR, {"times": 2}),
        ("не менее 3 раза в год", DeadlineKind.TIMES_PER_YEAR, {"times": 3}),
        ("Не менее 4 раз в год", DeadlineKind.TIMES_PER_YEAR, {"times": 4}),
        ("НЕ МЕНЕЕ 12 РАЗ В ГОД", DeadlineKind.TIMES_PER_YEAR, {"times": 12}),
        ("В соответствии с графиком", DeadlineKind.SCHEDULE, {}),
        ("в  соответствии с  графиком", DeadlineKind.SCHEDULE, {}),
    ],
)
def test_every_shape_parses(text: str, kind: DeadlineKind, fields: dict[str, int]) -> None:
    deadline = parse_deadline(text)
    assert deadline.kind is kind
    assert deadline.text == " ".join(text.split())
    for name, value in fields.items():
        assert getattr(deadline, name) == value


def test_all_fixture_deadlines_parse() -> None:
    expected = {
        "1.1": DeadlineKind.MONTH,
        "1.2": DeadlineKind.MONTH,
        "1.3": DeadlineKind.YEARLY_AS_NEEDED,
        "1.4": DeadlineKind.YEARLY_AS_NEEDED,
        "2.1": DeadlineKind.MONTH,
        "2.2": DeadlineKind.SPAN,
        "2.3": DeadlineKind.MONTH,
        "3.1": DeadlineKind.YEARLY,
        "4.1": DeadlineKind.YEARLY,
        "4.2": DeadlineKind.YEARLY,
        "4.3": DeadlineKind.SCHEDULE,
        "5.1": DeadlineKind.SPAN,
        "5.2": DeadlineKind.SPAN,
        "5.3": DeadlineKind.MONTH,
        "6.1": DeadlineKind.TIMES_PER_YEAR,
        "6.2": DeadlineKind.YEARLY,
        "6.3": DeadlineKind.TIMES_PER_YEAR,
    }
    measures = _measures()
    assert set(measures) == set(expected)
    for number, measure in measures.items():
        deadline = parse_deadline(measure["deadline"])
        assert deadline.kind is expected[number], number
        assert deadline.text == measure["deadline"]


@pytest.mark.parametrize(
    "text",
    ["", "   ", "Сентябрь", "Весна 2021", "2023-2021", "Не менее 0 раз в год", "По мере сил"],
)
def test_unparseable_text_raises_russian_value_error(text: str) -> None:
    with pytest.raises(ValueError, match="Не удалось распознать срок исполнения") as info:
        parse_deadline(text)
    assert f"«{' '.join(text.split())}»" in str(info.value)


def test_deadline_dict_round_trip() -> None:
    for measure in _measures().values():
        deadline = parse_deadline(measure["deadline"])
        stored = json.loads(json.dumps(deadline.to_dict()))
        assert Deadline.from_dict(stored) == deadline


def test_deadline_from_dict_validates() -> None:
    with pytest.raises(ValueError, match="Неизвестный вид срока"):
        Deadline.from_dict({"kind": "weekly"})
    with pytest.raises(ValueError, match="месяц"):
        Deadline.from_dict({"kind": "month", "year": 2021, "month": 13})
    with pytest.raises(ValueError, match="больше конечного"):
        Deadline(kind=DeadlineKind.SPAN, start_year=2023, end_year=2021)


def test_labels() -> None:
    assert DeadlineKind.TIMES_PER_YEAR.label == "несколько раз в год"
    assert ExecutionStatus.NOT_NEEDED.label == "не потребовалось"
    assert {state.value: (state.label, state.color) for state in OccurrenceState} == {
        "done": ("выполнено", "success"),
        "in_progress": ("в работе", "primary"),
        "due_soon": ("скоро срок", "warning"),
        "overdue": ("просрочено", "danger"),
        "not_needed": ("не потребовалось", "secondary"),
        "planned": ("запланировано", "light"),
    }
    assert Deadline(kind=DeadlineKind.MONTH, year=2024, month=9).label == "Сентябрь 2024"
    assert parse_deadline("май 2021").label == "май 2021"


# ------------------------------------------------------------------ occurrences


def test_occurrences_month_1_1() -> None:
    assert _occ("1.1") == [
        Occurrence(
            key="2021-01",
            label="январь 2021",
            start=date(2021, 1, 1),
            due=date(2021, 1, 31),
            optional=False,
        )
    ]


def test_occurrences_month_end_of_february() -> None:
    [occ] = occurrences(parse_deadline("Февраль 2024"), 2024, 2026)
    assert occ.due == date(2024, 2, 29)


def test_occurrences_span_2_2() -> None:
    assert _occ("2.2") == [
        Occurrence(
            key="2021-2022",
            label="2021–2022",
            start=date(2021, 1, 1),
            due=date(2022, 12, 31),
        )
    ]


def test_occurrences_yearly_3_1() -> None:
    result = _occ("3.1")
    assert [(o.key, o.label, o.start, o.due, o.optional) for o in result] == [
        ("2021", "2021 год", date(2021, 1, 1), date(2021, 12, 31), False),
        ("2022", "2022 год", date(2022, 1, 1), date(2022, 12, 31), False),
        ("2023", "2023 год", date(2023, 1, 1), date(2023, 12, 31), False),
    ]


def test_occurrences_yearly_as_needed_1_3() -> None:
    result = _occ("1.3")
    assert [o.key for o in result] == ["2021", "2022", "2023"]
    assert all(o.optional for o in result)
    assert [o.due for o in result] == [date(y, 12, 31) for y in (2021, 2022, 2023)]


def test_occurrences_twice_a_year_6_1() -> None:
    result = _occ("6.1")
    assert [(o.key, o.label, o.start, o.due) for o in result] == [
        ("2021-1", "2021 год, 1-е из 2", date(2021, 1, 1), date(2021, 6, 30)),
        ("2021-2", "2021 год, 2-е из 2", date(2021, 1, 1), date(2021, 12, 31)),
        ("2022-1", "2022 год, 1-е из 2", date(2022, 1, 1), date(2022, 6, 30)),
        ("2022-2", "2022 год, 2-е из 2", date(2022, 1, 1), date(2022, 12, 31)),
        ("2023-1", "2023 год, 1-е из 2", date(2023, 1, 1), date(2023, 6, 30)),
        ("2023-2", "2023 год, 2-е из 2", date(2023, 1, 1), date(2023, 12, 31)),
    ]
    assert not any(o.optional for o in result)


@pytest.mark.parametrize(
    ("times", "dues"),
    [
        (1, [(12, 31)]),
        (3, [(4, 30), (8, 31), (12, 31)]),
        (4, [(3, 31), (6, 30), (9, 30), (12, 31)]),
        (5, [(3, 14), (5, 26), (8, 7), (10, 19), (12, 31)]),
    ],
)
def test_times_per_year_equal_parts(times: int, dues: list[tuple[int, int]]) -> None:
    deadline = parse_deadline(f"Не менее {times} раз в год")
    result = occurrences(deadline, 2022, 2022)
    assert [o.due for o in result] == [date(2022, m, d) for m, d in dues]
    assert [o.key for o in result] == [f"2022-{i}" for i in range(1, times + 1)]


def test_occurrences_schedule_4_3() -> None:
    assert _occ("4.3") == []
    schedule = (date(2022, 3, 15), date(2021, 11, 1), date(2022, 3, 15))
    result = _occ("4.3", schedule)
    assert result == [
        Occurrence(
            key="schedule-2021-11-01",
            label="по графику: 01.11.2021",
            start=date(2021, 1, 1),
            due=date(2021, 11, 1),
        ),
        Occurrence(
            key="schedule-2022-03-15",
            label="по графику: 15.03.2022",
            start=date(2022, 1, 1),
            due=date(2022, 3, 15),
        ),
    ]


def test_occurrences_reject_inverted_years() -> None:
    with pytest.raises(ValueError, match="Годы действия"):
        occurrences(parse_deadline("Ежегодно"), 2023, 2021)


# ------------------------------------------------------------------ states


def test_states_of_unexecuted_1_2_may_2021() -> None:
    [occ] = _occ("1.2")
    assert occ.key == "2021-05"
    assert occurrence_state(occ, date(2021, 6, 1), []) is OccurrenceState.OVERDUE
    assert occurrence_state(occ, date(2021, 5, 20), []) is OccurrenceState.DUE_SOON
    assert occurrence_state(occ, date(2021, 3, 1), []) is OccurrenceState.PLANNED
    assert occurrence_state(occ, date(2021, 5, 31), []) is OccurrenceState.DUE_SOON
    assert occurrence_state(occ, date(2021, 5, 16), []) is OccurrenceState.IN_PROGRESS


def test_due_soon_boundary() -> None:
    [occ] = _occ("2.2")  # до 31.12.2022
    edge = date(2022, 12, 31 - DUE_SOON_DAYS)
    assert occurrence_state(occ, edge, []) is OccurrenceState.DUE_SOON
    assert occurrence_state(occ, date(2022, 12, 16), []) is OccurrenceState.IN_PROGRESS
    assert occurrence_state(occ, date(2021, 6, 1), []) is OccurrenceState.IN_PROGRESS


def test_done_closure_counts_only_from_its_date() -> None:
    [occ] = _occ("1.2")
    closures = [(date(2021, 5, 25), ExecutionStatus.DONE)]
    assert occurrence_state(occ, date(2021, 5, 24), closures) is OccurrenceState.DUE_SOON
    assert occurrence_state(occ, date(2021, 5, 25), closures) is OccurrenceState.DONE
    assert occurrence_state(occ, date(2023, 1, 1), closures) is OccurrenceState.DONE


def test_late_done_closure() -> None:
    [occ] = _occ("1.2")
    closures = [(date(2021, 7, 10), ExecutionStatus.DONE)]
    assert occurrence_state(occ, date(2021, 7, 1), closures) is OccurrenceState.OVERDUE
    assert occurrence_state(occ, date(2021, 7, 10), closures) is OccurrenceState.DONE


def test_in_progress_record_does_not_close() -> None:
    [occ] = _occ("1.2")
    closures = [(date(2021, 5, 2), ExecutionStatus.IN_PROGRESS)]
    assert occurrence_state(occ, date(2021, 6, 1), closures) is OccurrenceState.OVERDUE


def test_not_needed_only_for_optional_occurrences() -> None:
    occ_2022 = _occ("1.3")[1]  # «Ежегодно по необходимости», 2022
    closures = [(date(2022, 11, 1), ExecutionStatus.NOT_NEEDED)]
    assert occurrence_state(occ_2022, date(2022, 10, 1), closures) is OccurrenceState.IN_PROGRESS
    assert occurrence_state(occ_2022, date(2022, 11, 1), closures) is OccurrenceState.NOT_NEEDED
    assert occurrence_state(occ_2022, date(2023, 2, 1), closures) is OccurrenceState.NOT_NEEDED
    assert occurrence_state(occ_2022, date(2023, 2, 1), []) is OccurrenceState.OVERDUE

    occ_3_1 = _occ("3.1")[1]  # «Ежегодно», обязательное
    assert occurrence_state(occ_3_1, date(2023, 2, 1), closures) is OccurrenceState.OVERDUE
    done_wins = [*closures, (date(2022, 12, 1), ExecutionStatus.DONE)]
    assert occurrence_state(occ_2022, date(2023, 2, 1), done_wins) is OccurrenceState.DONE


def test_yearly_occurrence_in_a_future_year_is_planned() -> None:
    occ_2023 = _occ("3.1")[2]
    assert occurrence_state(occ_2023, date(2022, 6, 1), []) is OccurrenceState.PLANNED


def test_schedule_occurrence_states() -> None:
    [occ] = _occ("4.3", (date(2022, 3, 15),))
    assert occurrence_state(occ, date(2021, 12, 1), []) is OccurrenceState.PLANNED
    assert occurrence_state(occ, date(2022, 2, 1), []) is OccurrenceState.IN_PROGRESS
    assert occurrence_state(occ, date(2022, 3, 10), []) is OccurrenceState.DUE_SOON
    assert occurrence_state(occ, date(2022, 3, 16), []) is OccurrenceState.OVERDUE


# ------------------------------------------------------------------ meetings → occurrences


def _states_2022(meetings: list[date], on: date) -> dict[str, OccurrenceState]:
    occ = [o for o in _occ("6.1") if o.start.year == 2022]
    closed = assign_to_occurrences(occ, meetings)
    return {
        o.key: occurrence_state(
            o, on, [(closed[o.key], ExecutionStatus.DONE)] if o.key in closed else []
        )
        for o in occ
    }


def test_6_1_in_2022_with_one_meeting() -> None:
    meetings = [date(2022, 4, 12)]
    assert assign_to_occurrences(_occ("6.1"), meetings) == {"2022-1": date(2022, 4, 12)}
    assert _states_2022(meetings, date(2022, 12, 31)) == {
        "2022-1": OccurrenceState.DONE,
        "2022-2": OccurrenceState.DUE_SOON,
    }
    assert _states_2022(meetings, date(2023, 1, 10))["2022-2"] is OccurrenceState.OVERDUE


def test_6_1_in_2022_with_two_meetings() -> None:
    meetings = [date(2022, 11, 2), date(2022, 4, 12)]
    assert assign_to_occurrences(_occ("6.1"), meetings) == {
        "2022-1": date(2022, 4, 12),
        "2022-2": date(2022, 11, 2),
    }
    assert _states_2022(meetings, date(2022, 12, 31)) == {
        "2022-1": OccurrenceState.DONE,
        "2022-2": OccurrenceState.DONE,
    }
    # до второго совещания второе наступление ещё открыто
    assert _states_2022(meetings, date(2022, 10, 1)) == {
        "2022-1": OccurrenceState.DONE,
        "2022-2": OccurrenceState.IN_PROGRESS,
    }


def test_third_meeting_is_surplus_and_years_do_not_mix() -> None:
    meetings = [
        date(2021, 12, 20),
        date(2022, 2, 1),
        date(2022, 3, 1),
        date(2022, 9, 1),
    ]
    assert assign_to_occurrences(_occ("6.1"), meetings) == {
        "2021-1": date(2021, 12, 20),
        "2022-1": date(2022, 2, 1),
        "2022-2": date(2022, 3, 1),
    }


def test_assign_to_span_and_month() -> None:
    assert assign_to_occurrences(_occ("2.2"), [date(2022, 5, 1)]) == {"2021-2022": date(2022, 5, 1)}
    assert assign_to_occurrences(_occ("2.2"), [date(2023, 1, 5)]) == {}
    assert assign_to_occurrences(_occ("1.1"), [date(2020, 12, 28)]) == {}
    assert assign_to_occurrences(_occ("1.1"), [date(2021, 1, 28)]) == {"2021-01": date(2021, 1, 28)}
