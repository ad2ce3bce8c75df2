"""Every register's list page runs a fixed number of queries, whatever the rows."""

from __future__ import annotations

import pytest
from django.urls import reverse

from monitoring.registers.registry import registry

from .cases import CASES, new_student


@pytest.mark.parametrize("role", ["client_a", "client_imc"])
@pytest.mark.parametrize("slug", [entry.slug for entry in registry])
def test_list_page_queries_do_not_grow_with_rows(request, ctx, slug, role,
                                                 django_assert_max_num_queries):
    client = request.getfixturevalue(role)
    entry, case = registry.get(slug), CASES[slug]
    url = reverse("monitoring:register_list", args=[slug])

    def add(start: int, stop: int) -> None:
        for n in range(start, stop):
            student = new_student(ctx, n) if entry.per_student else None
            case.make(ctx, student, n)

    add(1, 4)
    with django_assert_max_num_queries(30) as small:
        assert client.get(url).status_code == 200
    add(4, 45)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(url)
    assert len(page.context["object_list"]) >= 40 or not entry.school_scoped
