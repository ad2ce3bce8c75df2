"""Academic years and half-years: I is September–December, II is January–August."""

from __future__ import annotations

import datetime as dt

import pytest

from monitoring.models import AcademicYear, Period


@pytest.mark.parametrize(
    ("day", "code"),
    [
        (dt.date(2022, 9, 1), "2022/2023-1"),
        (dt.date(2022, 12, 31), "2022/2023-1"),
        (dt.date(2023, 1, 1), "2022/2023-2"),
        (dt.date(2023, 8, 31), "2022/2023-2"),
        (dt.date(2023, 9, 1), "2023/2024-1"),
    ],
)
def test_period_for_a_date(db, day, code):
    period = Period.objects.for_date(day)
    assert period.code == code
    assert period.starts_on <= day <= period.ends_on


def test_current_period_follows_today(db, settings):
    from django.utils import timezone

    today = timezone.localdate()
    assert Period.objects.current().contains(today)
    assert AcademicYear.objects.current().starts_on <= today <= AcademicYear.objects.current().ends_on


def test_period_by_code_and_neighbours(db):
    period = Period.objects.get_by_code("2022/2023-2")
    assert (period.starts_on, period.ends_on) == (dt.date(2023, 1, 1), dt.date(2023, 8, 31))
    assert period.previous().code == "2022/2023-1"
    assert period.year_earlier().code == "2021/2022-2"
    assert Period.objects.get_by_code("2022/2023-1").previous().code == "2021/2022-2"
    assert str(period) == "II полугодие 2022/2023 уч. г."


@pytest.mark.parametrize("code", ["2022-1", "2022/2024-1", "2022/2023-3", "прошлый"])
def test_bad_period_code_is_explained(db, code):
    with pytest.raises(Period.DoesNotExist, match="ожидается вид 2022/2023-1"):
        Period.objects.get_by_code(code)


def test_a_new_academic_year_has_both_halves_with_deadlines(db):
    year = AcademicYear.objects.create(start_year=2030)
    halves = list(year.periods.order_by("half"))
    assert [p.half for p in halves] == [1, 2]
    assert halves[0].submission_due == dt.date(2031, 1, 20)
    assert halves[1].submission_due == dt.date(2031, 9, 10)
