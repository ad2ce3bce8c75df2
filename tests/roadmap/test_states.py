"""Occurrence states on sample dates, computed from the database as the board shows them."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from monitoring.registers.registry import registry
from roadmap import services
from roadmap.deadlines import OccurrenceState as S
from roadmap.models import Execution, MeetingKind, ScheduleDate

from .conftest import make_meeting, measure


def states(roadmap, number: str, on: date) -> dict[str, S]:
    board = services.build_board(roadmap, on)
    row = next(r for r in board.measure_rows if r.measure.number == number)
    return {o.key: o.state for o in row.occurrences}


def execute(roadmap, number: str, key: str, day: date, status: str = "done",
            reason: str = "") -> Execution:
    execution = Execution(measure=measure(roadmap, number), occurrence_key=key, date=day,
                          status=status, reason=reason)
    execution.full_clean()
    execution.save()
    return execution


def test_unexecuted_1_2_is_overdue_on_1_june_2021(approved):
    assert states(approved, "1.2", date(2021, 6, 1)) == {"2021-05": S.OVERDUE}
    assert states(approved, "1.2", date(2021, 5, 20)) == {"2021-05": S.DUE_SOON}
    assert states(approved, "1.2", date(2021, 3, 1)) == {"2021-05": S.PLANNED}


def test_1_2_is_done_from_the_date_of_its_execution(approved):
    execute(approved, "1.2", "2021-05", date(2021, 5, 25))
    assert states(approved, "1.2", date(2021, 5, 24)) == {"2021-05": S.DUE_SOON}
    assert states(approved, "1.2", date(2021, 6, 1)) == {"2021-05": S.DONE}


def test_6_1_in_2022_is_done_only_after_two_meetings(approved):
    item = measure(approved, "6.1")
    end_of_2022 = date(2022, 12, 31)
    assert states(approved, "6.1", end_of_2022)["2022-2"] is S.DUE_SOON

    make_meeting(date(2022, 4, 12), [item])
    after_one = states(approved, "6.1", end_of_2022)
    assert (after_one["2022-1"], after_one["2022-2"]) == (S.DONE, S.DUE_SOON)
    assert states(approved, "6.1", date(2023, 1, 10))["2022-2"] is S.OVERDUE

    make_meeting(date(2022, 11, 2), [item])
    after_two = states(approved, "6.1", end_of_2022)
    assert (after_two["2022-1"], after_two["2022-2"]) == (S.DONE, S.DONE)
    # the second meeting counts from its own date, not before
    assert states(approved, "6.1", date(2022, 10, 1))["2022-2"] is S.IN_PROGRESS
    # and 2022's meetings do nothing for 2021
    assert states(approved, "6.1", end_of_2022)["2021-1"] is S.OVERDUE


def test_planned_or_cancelled_meetings_do_not_close(approved):
    item = measure(approved, "6.1")
    make_meeting(date(2022, 3, 1), [item], status="cancelled")
    make_meeting(date(2022, 3, 2), [item], status="planned")
    assert states(approved, "6.1", date(2022, 7, 1))["2022-1"] is S.OVERDUE


def test_an_execution_and_a_meeting_close_different_occurrences(approved):
    item = measure(approved, "6.1")
    execute(approved, "6.1", "2022-1", date(2022, 3, 15))
    make_meeting(date(2022, 5, 1), [item])
    result = states(approved, "6.1", date(2022, 12, 31))
    assert (result["2022-1"], result["2022-2"]) == (S.DONE, S.DONE)


def test_august_conference_closes_6_2_by_itself(approved, imc):
    conference = make_meeting(date(2022, 8, 26), kind=MeetingKind.AUGUST,
                              topic="Августовская конференция педагогов")
    services.save_meeting(conference, user=imc)
    assert set(conference.measures.values_list("number", flat=True)) == {"6.2"}
    result = states(approved, "6.2", date(2022, 9, 1))
    assert result == {"2021": S.OVERDUE, "2022": S.DONE, "2023": S.PLANNED}
    # a meeting of another kind is not counted, even when linked by hand
    make_meeting(date(2023, 3, 1), [measure(approved, "6.2")], kind=MeetingKind.HEADS)
    assert states(approved, "6.2", date(2023, 12, 31))["2023"] is S.DUE_SOON


def test_6_3_counts_only_municipal_meetings(approved):
    item = measure(approved, "6.3")
    make_meeting(date(2022, 2, 1), [item], level="school")
    assert states(approved, "6.3", date(2022, 7, 1))["2022-1"] is S.OVERDUE
    make_meeting(date(2022, 2, 2), [item], level="municipal")
    assert states(approved, "6.3", date(2022, 7, 1))["2022-1"] is S.DONE


def test_as_needed_occurrence_closed_as_not_needed_with_a_reason(approved):
    with pytest.raises(ValidationError) as info:
        execute(approved, "1.3", "2022", date(2022, 11, 1), status="not_needed")
    assert info.value.message_dict["reason"] == ["Укажите, почему исполнение не потребовалось."]
    execute(approved, "1.3", "2022", date(2022, 11, 1), status="not_needed",
            reason="Положение в 2022 году не менялось")
    result = states(approved, "1.3", date(2023, 2, 1))
    assert result == {"2021": S.OVERDUE, "2022": S.NOT_NEEDED, "2023": S.IN_PROGRESS}


def test_not_needed_is_refused_for_a_mandatory_occurrence(approved):
    with pytest.raises(ValidationError) as info:
        execute(approved, "3.1", "2022", date(2022, 11, 1), status="not_needed",
                reason="не было")
    assert "только для мероприятия со сроком «по необходимости»" in info.value.message_dict["status"][0]


def test_execution_of_an_unknown_occurrence_or_in_the_future_is_refused(approved):
    with pytest.raises(ValidationError) as info:
        execute(approved, "1.1", "2022-01", date(2021, 1, 20))
    assert info.value.message_dict["occurrence_key"] == ["У мероприятия нет такого срока исполнения."]
    with pytest.raises(ValidationError) as info:
        execute(approved, "1.1", "2021-01", date(2100, 1, 1))
    assert "позже сегодняшнего дня" in info.value.message_dict["date"][0]


def test_in_progress_record_does_not_close(approved):
    execute(approved, "2.2", "2021-2022", date(2021, 9, 1), status="in_progress")
    assert states(approved, "2.2", date(2023, 1, 1)) == {"2021-2022": S.OVERDUE}


def test_scheduled_measure_4_3_has_occurrences_only_from_its_schedule(approved):
    assert states(approved, "4.3", date(2022, 1, 1)) == {}
    item = measure(approved, "4.3")
    ScheduleDate.objects.create(measure=item, date=date(2022, 3, 15), note="по итогам I полугодия")
    assert states(approved, "4.3", date(2022, 3, 10)) == {"schedule-2022-03-15": S.DUE_SOON}
    assert states(approved, "4.3", date(2022, 3, 16)) == {"schedule-2022-03-15": S.OVERDUE}


def test_schedule_only_for_scheduled_measures(approved):
    date_of_1_1 = ScheduleDate(measure=measure(approved, "1.1"), date=date(2021, 1, 10))
    with pytest.raises(ValidationError, match="только для мероприятий со сроком «В соответствии с графиком»"):
        date_of_1_1.full_clean()


def test_totals_and_filters(approved):
    board = services.build_board(approved, date(2021, 6, 1))
    assert board.totals == {S.OVERDUE: 5, S.IN_PROGRESS: 13, S.PLANNED: 20}
    overdue = services.build_board(approved, date(2021, 6, 1), state=S.OVERDUE)
    assert [r.measure.number for r in overdue.measure_rows] == ["1.1", "1.2", "2.1", "2.3", "5.3"]
    renkevich = next(p for p in board.responsible_choices if p.last_name == "Ренкевич")
    own = services.build_board(approved, date(2021, 6, 1), responsible=renkevich.pk)
    assert [r.measure.number for r in own.measure_rows] == ["5.3"]
    assert own.totals == {S.OVERDUE: 1}


def test_meeting_rules_per_year(approved):
    item = measure(approved, "6.1")
    every = [entry.slug for entry in registry.registers()]
    make_meeting(date(2021, 4, 1), [item], procedures=every)
    make_meeting(date(2021, 10, 1), [item], procedures=every)
    make_meeting(date(2022, 4, 1), [item], procedures=every)
    make_meeting(date(2022, 12, 1), [item], status="planned")
    rules = {r.measure.number: r for r in services.meeting_rules(approved, today=date(2022, 6, 1))}
    assert set(rules) == {"6.1", "6.2", "6.3"}
    checks = {c.year: (c.held, c.required, c.planned, c.ok) for c in rules["6.1"].years}
    assert checks == {2021: (2, 2, 0, True), 2022: (1, 2, 1, False), 2023: (0, 2, 0, False)}
    assert [c.badge for c in rules["6.1"].years] == ["text-bg-success", "text-bg-warning",
                                                     "text-bg-warning"]
    assert rules["6.3"].years[0].badge == "text-bg-danger"
