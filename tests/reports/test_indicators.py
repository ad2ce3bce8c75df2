"""Every indicator on the hand-built district (see conftest), checked against hand counts."""

from __future__ import annotations

import pytest

from reports.indicators.registry import MUNICIPALITY
from reports.indicators.scope import Breakdown, parse_span
from reports.indicators.service import definitions, evaluate

H1 = parse_span("2022/2023-1")
H2 = parse_span("2022/2023-2")

# (code, span, breakdown, {school: value}) — "A"/"B"/None (municipality)
EXPECTED = [
    ("unique_reach", H1, Breakdown(), {"A": 100.0, "B": 50.0, None: 83.3}),
    ("diagnostics_share", H1, Breakdown(), {"A": 66.7, "B": 50.0, None: 60.0}),
    ("diagnostics_share", H1, Breakdown(ovz=True), {"A": 100.0, "B": 100.0, None: 100.0}),
    ("diagnostics_share", H1, Breakdown(grade_band="10-11"), {"A": 50.0, None: 50.0}),
    ("diagnostics_share", H1, Breakdown(sex="Ж"), {"A": 50.0, "B": 0.0, None: 33.3}),
    ("additional_education_share", H1, Breakdown(), {"A": 25.0, "B": 0.0, None: 16.7}),
    ("competitions_share", H1, Breakdown(), {"A": 50.0, None: 33.3}),
    ("skills_competitions", H1, Breakdown(), {"A": 1, None: 1}),
    ("competition_winners", H1, Breakdown(), {"A": 1, None: 1}),
    ("ticket_share", H1, Breakdown(), {"A": 33.3, "B": 0.0, None: 20.0}),
    ("employer_events_share", H1, Breakdown(), {"A": 25.0, None: 16.7}),
    ("joint_events", H1, Breakdown(), {"A": 1, None: 1}),
    ("agreements", H1, Breakdown(), {"A": 1, None: 1}),
    ("projectoria_share", H1, Breakdown(), {"A": 25.0, None: 16.7}),
    ("projectoria_views", H1, Breakdown(), {"A": 1, "B": 20, None: 21}),
    ("technoclass_share", H1, Breakdown(), {"A": 25.0, None: 16.7}),
    ("growth_point_share", H1, Breakdown(), {"A": 25.0, None: 25.0}),
    ("growth_point_schools", H1, Breakdown(), {"A": 1, None: 1}),
    # A yearly register's September record holds for the whole academic year (as the
    # half-year submission counts it); a dated activity counts in its own half-year only.
    ("growth_point_share", H2, Breakdown(), {"A": 25.0, None: 25.0}),
    ("additional_education_share", H2, Breakdown(), {"A": 25.0, None: 16.7}),
    ("diagnostics_share", H2, Breakdown(), {"A": 0.0, None: 0.0}),
    ("growth_point_share", parse_span("2023/2024-1"), Breakdown(), {"A": None, None: None}),
    ("profile_study_share", H1, Breakdown(), {"A": 100.0, "B": 0.0, None: 66.7}),
    ("admitted", H2, Breakdown(), {"A": 1, "B": 1, None: 2}),
    ("admitted", H2, Breakdown(ovz=True), {"B": 1, None: 1}),
    ("admitted_ovz", H2, Breakdown(), {"B": 1, None: 1}),
    # s5 left school B after the 9th grade: no profile, so not in the by-profile share.
    ("admitted_by_profile", H2, Breakdown(), {"A": 100.0, "B": None, None: 100.0}),
    ("admitted_after_9", H2, Breakdown(), {"A": 0, "B": 1, None: 1}),
    # s3 admitted on a targeted place and by profile; s5 neither.
    ("self_determined", H2, Breakdown(), {"A": 1, "B": 0, None: 1}),
    ("admitted_targeted", H2, Breakdown(), {"A": 100.0, None: 50.0}),
    ("admitted_in_region", H2, Breakdown(), {"A": 100.0, "B": 0.0, None: 50.0}),
    ("graduates_completed", parse_span("2024/2025"), Breakdown(), {"A": 1, None: 1}),
    ("graduates_employed", parse_span("2024/2025"), Breakdown(), {None: 1}),
    ("graduates_returned", parse_span("2024/2025"), Breakdown(), {None: 1}),
]


@pytest.mark.parametrize(("code", "span", "breakdown", "expected"), EXPECTED,
                         ids=[f"{e[0]}-{e[2].label}" for e in EXPECTED])
def test_indicator_value_matches_hand_count(world, school_a, school_b, code, span, breakdown,
                                            expected):
    evaluation = evaluate(span, breakdown, codes=[code], history=False)
    keys = {"A": school_a.pk, "B": school_b.pk, None: MUNICIPALITY}
    for who, value in expected.items():
        assert evaluation.get(code, keys[who]).value == value, (code, who)


ROADMAP_CHECKED = {  # in test_roadmap_and_training_indicators.py
    "training_department", "training_school_admin", "training_teacher", "normative_documents",
    "training_class_teacher", "training_specialist", "training_tutor",
    "measures_on_time", "parents_informed",
}


def test_every_indicator_has_a_hand_checked_value():
    from .test_golden_district import LATER

    # ... or on a later academic year of the golden district (indicators begun after 2023)
    checked = ({code for code, *_ in EXPECTED} | ROADMAP_CHECKED
               | {code for values in LATER.values() for code in values})
    missing = {d.code for d in definitions()} - checked
    assert not missing, f"indicators without a hand-checked test: {missing}"


def test_one_student_in_several_registers_is_reached_once(world, school_a):
    # s1 has a diagnostic, a program, a conference and an excursion: counted once.
    evaluation = evaluate(H1, codes=["unique_reach"], history=False)
    measure = evaluation.get("unique_reach", school_a.pk).measure
    assert (measure.numerator, measure.denominator) == (4, 4)
    assert evaluation.get("unique_reach").measure.numerator == 5


def test_empty_period_gives_zero_not_an_error(world):
    evaluation = evaluate(parse_span("2020/2021-1"), codes=["diagnostics_share", "admitted"],
                          history=False)
    assert evaluation.get("admitted").value == 0
    assert evaluation.get("diagnostics_share").value is None  # no students enrolled then


def test_change_against_previous_and_year_earlier(world, school_a):
    evaluation = evaluate(H1, codes=["diagnostics_share"])
    item = evaluation.get("diagnostics_share")
    assert item.value == 60.0
    assert item.previous.value is None and item.change is None
