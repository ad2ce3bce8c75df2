"""The board reads a roadmap in a bounded number of queries, whatever its size."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from roadmap.models import Execution, Measure, Section

from .conftest import make_document, make_meeting, measure

#: the whole page as measured (23): session, user, groups and permissions, the roadmap, the
#: tabs' current roadmap, the filter's people, sections, measures, their responsible,
#: schedule dates, executions (+ their documents in the report), meeting links, and the
#: products that close measures (roadmap.products: one or two queries per kind in use —
#: documents, data accepted, the two yearly reports, recommendations, decisions, training,
#: information work)
BOARD_PAGE_QUERIES = 23


def grow(roadmap, extra_measures: int, executions_each: int) -> None:
    """Add measures to every section, each executed many times, and meetings."""
    people = list(measure(roadmap, "1.4").responsible.all())
    sections = list(Section.objects.filter(roadmap=roadmap))
    for index in range(extra_measures):
        section = sections[index % len(sections)]
        item = Measure.objects.create(
            section=section, number=f"{section.order}.{20 + index}", text=f"Мероприятие {index}",
            deadline_text=["Ежегодно", "Не менее 2 раз в год", "Май 2022"][index % 3],
        )
        item.responsible.set(people)
        for n in range(executions_each):
            execution = Execution.objects.create(
                measure=item, occurrence_key=item.occurrences()[0].key,
                date=date(2021, 1, 10) + timedelta(days=n), status="in_progress",
            )
            execution.documents.add(make_document(title=f"Справка {index}-{n}", kind="note"))
        make_meeting(date(2021, 3, 1), [item])


@pytest.mark.parametrize(("extra_measures", "executions_each"), [(0, 0), (40, 5)])
def test_board_query_count_does_not_grow(client_imc, approved, extra_measures, executions_each,
                                         django_assert_max_num_queries):
    grow(approved, extra_measures, executions_each)
    url = reverse("roadmap:roadmap_detail", args=[approved.pk])
    with django_assert_max_num_queries(BOARD_PAGE_QUERIES):
        response = client_imc.get(url, {"on": "2022-06-01"})
    page = response.content.decode()
    assert page.count("occurrence-badge") >= 38 + extra_measures


@pytest.mark.parametrize(("extra_measures", "executions_each"), [(0, 0), (40, 5)])
def test_report_query_count_does_not_grow(client_imc, approved, extra_measures, executions_each,
                                          django_assert_max_num_queries):
    grow(approved, extra_measures, executions_each)
    with django_assert_max_num_queries(BOARD_PAGE_QUERIES):
        response = client_imc.get(reverse("roadmap:report_xlsx", args=[approved.pk]))
    assert response.status_code == 200
