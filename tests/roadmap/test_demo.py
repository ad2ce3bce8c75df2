"""The demo execution of the approved roadmap (part of `seed_demo`)."""

from __future__ import annotations

import datetime as dt

from roadmap import demo
from roadmap.deadlines import OccurrenceState
from roadmap.models import Document, Execution, Meeting, Roadmap
from roadmap.services import build_board, meeting_rules, normative_documents_completeness


def test_demo_executes_most_of_the_roadmap_and_leaves_a_gap(db):
    summary = demo.build_demo()
    roadmap = Roadmap.objects.get(slug=demo.SLUG)
    assert "совещаний: 9" in summary
    # The normative base: everything but the assessment rules of 2.2.
    completeness = normative_documents_completeness(roadmap, dt.date(2023, 12, 31))
    assert [item.measure.number for item in completeness.missing] == ["2.2"]
    # Every demo document is a real PDF the registry accepts.
    assert all(d.file.read().startswith(b"%PDF") for d in Document.objects.all())
    board = build_board(roadmap, dt.date(2024, 1, 15))
    states = {(row.measure.number, o.key): o.state for row in board.measure_rows for o in row.occurrences}
    assert states[("1.1", "2021-01")] is OccurrenceState.DONE
    assert states[("2.2", "2021-2022")] is OccurrenceState.OVERDUE
    assert states[("6.1", "2022-2")] is OccurrenceState.DONE  # two meetings in 2022
    # 6.1, 6.2 and 6.3 are kept in every year of the roadmap.
    rules = meeting_rules(roadmap, dt.date(2024, 1, 15))
    assert {rule.measure.number for rule in rules} == {"6.1", "6.2", "6.3"}
    assert all(check.ok for rule in rules for check in rule.years)
    # Running it again adds nothing.
    counts = (Execution.objects.count(), Meeting.objects.count(), Document.objects.count())
    demo.build_demo()
    assert (Execution.objects.count(), Meeting.objects.count(), Document.objects.count()) == counts
