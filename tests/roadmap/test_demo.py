"""The demo roadmaps (part of `seed_demo`): a department in today's year."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from roadmap import demo
from roadmap.deadlines import OccurrenceState
from roadmap.models import Document, Execution, Meeting, Roadmap, TrainingTarget
from roadmap.services import build_board, meeting_rules, normative_documents_completeness


def test_demo_closes_2021_2023_and_runs_its_copy_2024_2026(db):
    summary = demo.build_demo()
    today = timezone.localdate()
    old = Roadmap.objects.get(slug=demo.SLUG)
    new = Roadmap.objects.get(slug=demo.NEXT_SLUG)
    assert "завершена 15.01.2024" in summary
    assert (old.status, old.closed_on, old.superseded_by) == ("completed", dt.date(2024, 1, 15), new)
    assert (new.status, new.source, new.approved_on) == ("approved", old, dt.date(2024, 1, 15))
    assert Roadmap.objects.in_force(today) == new
    assert Roadmap.objects.in_force(dt.date(2022, 6, 1)) == old
    # Its own training targets, not the old plan's 25/60/100.
    targets = dict(TrainingTarget.objects.filter(roadmap=new, group="teacher")
                   .values_list("year", "value"))
    assert targets == {2024: 30, 2025: 65, 2026: 100}
    # The normative base: the old plan lacked the assessment rules of 2.2; the new one has all.
    missing = normative_documents_completeness(old, dt.date(2023, 12, 31)).missing
    assert [item.measure.number for item in missing] == ["2.2"]
    assert normative_documents_completeness(new, today).missing == []
    # Every demo document is a real PDF the registry accepts.
    assert all(d.file.read().startswith(b"%PDF") for d in Document.objects.all())

    # Deadlines are closed by what the portal holds, not by hand-typed «выполнено».
    assert not Execution.objects.filter(status="done").exists()
    board = build_board(old, dt.date(2024, 1, 15))
    states = {(row.measure.number, o.key): o.state for row in board.measure_rows
              for o in row.occurrences}
    assert states[("1.1", "2021-01")] is OccurrenceState.DONE
    assert states[("2.2", "2021-2022")] is OccurrenceState.OVERDUE
    assert states[("4.1", "2022")] is OccurrenceState.DONE  # the approved yearly report
    assert states[("5.1", "2021-2023")] is OccurrenceState.DONE  # a decision each year
    assert states[("6.1", "2022-2")] is OccurrenceState.DONE  # two meetings with protocols
    new_board = build_board(new, today)
    assert all(o.state is OccurrenceState.DONE for row in new_board.measure_rows
               if row.measure.number in ("1.1", "2.2", "5.1") for o in row.occurrences)

    # Gaps left on purpose: 6.1 in 2025 skipped a monitoring, a 2026 meeting has no protocol.
    rules = {r.measure.number: r for r in meeting_rules(new, today)}
    check_2025 = next(c for c in rules["6.1"].years if c.year == 2025)
    assert check_2025.missing_procedures == ["10. Проект «Билет в будущее»"]
    assert next(c for c in rules["6.3"].years if c.year == 2026).without_protocol == 1
    assert all(check.ok for check in next(r for r in meeting_rules(old, today)
                                          if r.measure.number == "6.2").years)

    # Running it again adds nothing.
    counts = (Execution.objects.count(), Meeting.objects.count(), Document.objects.count(),
              Roadmap.objects.count())
    demo.build_demo()
    assert (Execution.objects.count(), Meeting.objects.count(), Document.objects.count(),
            Roadmap.objects.count()) == counts
