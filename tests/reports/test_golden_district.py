"""The golden test: every indicator of the catalogue on the golden district (golden.py),
for a half-year, an academic year and a calendar year, each value worked out by hand.

H  = I half-year 2022/2023 (01.09–31.12.2022): people of the 2022/2023 class lists.
AY = 2021/2022 academic year: people of the 2021/2022 class lists.
CY = calendar year 2022: people are those of the academic year that ends in it (2021/2022,
     the same values as AY: two academic years are never summed); events are those dated
     in 2022; states are taken on 31.12.2022.

Municipal populations (one person = ФИО + birth date): 2021/2022 — 6 (grades 6–11: 6,
8–11: 4, in schools with «Точка роста»: 3); 2022/2023 — 6, not 7: P is listed at B and at C
(grades 6–11: 5, 8–11: 3, «Точка роста»: 3)."""

from __future__ import annotations

import pytest

from monitoring.models import Sex
from reports.indicators.scope import Breakdown, parse_span
from reports.indicators.service import definitions, evaluate

H, AY, CY = "2022/2023-1", "2021/2022", "2022"

# code: (H, AY, CY) — municipal values
MUNICIPAL = {
    # a1, P, c1, b2 of 6 (n1's general program and a2's profile study are no activity)
    # | a1, a2, a3, b1, c1 of 6 (b2's general program does not count)
    "unique_reach": (66.7, 83.3, 83.3),
    "employer_events_share": (16.7, 16.7, 16.7),      # b2 of 6 | a2 of 6
    "competitions_share": (16.7, 16.7, 16.7),         # b2 | a3
    "skills_competitions": (0, 1, 1),                 # a conference is not a skills contest
    "competition_winners": (0, 1, 1),
    "diagnostics_share": (40.0, 50.0, 50.0),          # a1, P of 5 | a1, a2, b1 of 6
    "additional_education_share": (16.7, 16.7, 16.7),  # a1 only: chess is «общеразвивающая»
    "profile_study_share": (33.3, 50.0, 50.0),        # a2 of 3 | a2, a3 of 4
    "technoclass_share": (0.0, 16.7, 16.7),
    "growth_point_share": (33.3, 33.3, 33.3),         # a1 of school A's 3
    "growth_point_schools": (1, 1, 1),
    "ticket_share": (40.0, 16.7, 16.7),               # P, c1 of 5 | c1 of 6
    "projectoria_share": (16.7, 16.7, 16.7),          # named only: a1 | a3
    "projectoria_views": (21, 16, 37),                # participations: 1 + 20 | 1 + 15 | both
    "admitted": (0, 2, 2),
    "admitted_ovz": (0, 1, 1),
    "admitted_after_9": (0, 1, 1),                    # b1
    "self_determined": (0, 1, 1),                     # a3: by profile and targeted
    "admitted_by_profile": (None, 100.0, 100.0),      # a3 of the 11th-grade graduates (a3)
    "admitted_targeted": (None, 50.0, 50.0),
    "admitted_in_region": (None, 50.0, 50.0),
    "graduates_completed": (1, 0, 0),                 # a3 employed on 15.11.2022 (2022/2023)
    "graduates_employed": (1, 0, 0),
    "graduates_returned": (1, 0, 0),
    "agreements": (1, 1, 2),                          # B's | A's | both were in force in 2022
    "joint_events": (2, 1, 3),
    "normative_documents": (100.0, 50.0, 100.0),      # the regulation of 01.10.2022
    "measures_on_time": (0.0, 50.0, 33.3),            # 1.2 late | 1.1 of 1.1, 1.3 | 1 of 3
    "parents_informed": (40, 100, 140),
    "training_department": (50.0, 50.0, 50.0),        # d1 of d1, d2
    "training_school_admin": (50.0, 50.0, 50.0),      # h1 of h1, h2
    "training_teacher": (50.0, 25.0, 50.0),           # t1, t3 of 4 | t1 of 4 (t5 has left)
    "training_class_teacher": (33.3, 33.3, 33.3),     # t1 of t1, t2, t4
    "training_specialist": (100.0, 0.0, 100.0),       # t3, trained 01.11.2022
    "training_tutor": (50.0, 50.0, 50.0),             # h1 of h1, t4 (t4 trained in 2023)
    # профминимум started on 01.09.2023: no value in 2021/2022 or 2022/2023
    **{code: (None, None, None) for code in (
        "profminimum_level_reached", "profminimum_hours_total", "profminimum_hours_lessons",
        "profminimum_hours_horizons", "profminimum_hours_upbringing",
        "profminimum_hours_additional", "profminimum_hours_profile",
        "profminimum_hours_parents", "profminimum_hours_trials", "profminimum_schools_basic",
        "profminimum_schools_main", "profminimum_schools_advanced")},
}

# (code, span): {school: value} — the schools' values where the method shows in them
BY_SCHOOL = {
    ("unique_reach", H): {"A": 33.3, "B": 100.0, "C": 100.0},
    ("unique_reach", AY): {"A": 100.0, "B": 50.0, "C": 100.0},
    ("diagnostics_share", H): {"A": 50.0, "B": 50.0, "C": 0.0},
    ("ticket_share", H): {"A": 0.0, "B": 0.0, "C": 100.0},
    ("additional_education_share", AY): {"A": 33.3, "B": 0.0, "C": 0.0},
    ("profile_study_share", H): {"A": 50.0, "B": None, "C": 0.0},
    ("growth_point_share", H): {"A": 33.3, "B": None, "C": None},
    ("projectoria_views", CY): {"A": 2, "B": 15, "C": 20},
    ("admitted_by_profile", AY): {"A": 100.0, "B": None, "C": None},
    ("admitted_after_9", AY): {"A": 0, "B": 1, "C": 0},
    ("parents_informed", CY): {"A": 40, "B": 0, "C": 0},
    ("training_teacher", H): {"A": 66.7, "B": 0.0, "C": None},
    ("training_department", H): {"A": None, "B": None, "C": None},
    ("training_class_teacher", CY): {"A": 50.0, "B": 0.0, "C": None},
}


def test_every_indicator_is_in_the_golden_table():
    assert set(MUNICIPAL) == {d.code for d in definitions()}


@pytest.mark.parametrize("span_index", [0, 1, 2], ids=["half-year", "academic-year", "calendar-year"])
def test_every_indicator_of_the_golden_district(golden, span_index):
    span = parse_span((H, AY, CY)[span_index])
    evaluation = evaluate(span, history=False)
    got = {code: evaluation.get(code).value for code in MUNICIPAL}
    expected = {code: values[span_index] for code, values in MUNICIPAL.items()}
    assert got == expected


def test_the_schools_of_the_golden_district(golden):
    keys = {"A": golden.A.pk, "B": golden.B.pk, "C": golden.C.pk}
    for (code, span), values in BY_SCHOOL.items():
        evaluation = evaluate(parse_span(span), codes=[code], history=False)
        got = {who: evaluation.get(code, keys[who]).value for who in values}
        assert got == values, (code, span)


def test_a_person_at_two_schools_is_counted_once_in_the_municipality(golden):
    item = evaluate(parse_span(H), codes=["unique_reach"], history=False).get("unique_reach")
    # P is reached at B (diagnostics) and at C («Билет в будущее») and listed at both.
    assert (item.measure.numerator, item.measure.denominator) == (4, 6)


def test_a_calendar_year_of_people_is_the_academic_year_ending_in_it(golden):
    # Defined as one of the two academic years that overlap it, so it always lies between
    # them — never the sum of both (the bug that read 23,8 % between 14,5 and 12,3).
    calendar = evaluate(parse_span("2022"), history=False)
    academic = evaluate(parse_span("2021/2022"), history=False)
    people = [d for d in calendar.definitions if d.basis == "students"]
    assert len(people) > 20
    for definition in people:
        assert calendar.get(definition.code).value == academic.get(definition.code).value


def test_annual_targets_are_judged_only_on_annual_values(golden):
    from reports import reference
    from reports.indicators.targets import TargetStatus
    from reports.models import Indicator, Target

    reference.load()
    Target.objects.create(indicator=Indicator.objects.get(code="diagnostics_share"), year=2022, value=45)
    Target.objects.create(indicator=Indicator.objects.get(code="diagnostics_share"), year=2023, value=45)
    Target.objects.create(indicator=Indicator.objects.get(code="joint_events"), year=2022, value=3)
    half = evaluate(parse_span(H), codes=["diagnostics_share", "joint_events", "training_teacher"])
    # People: the I half-year's 40 % is not judged against the year's 45 %.
    assert half.get("diagnostics_share").status is None
    assert half.get("diagnostics_share").pending == "оценивается по итогам учебного года"
    # Events: the I half-year closes the calendar year 2022 — its 3 events are judged.
    events = half.get("joint_events")
    assert (events.value, events.annual_value, events.status) == (2, 3, TargetStatus.ACHIEVED)
    # States: on 31.12.2022, 50 % of teachers against the 60 % of 2022.
    assert half.get("training_teacher").status == TargetStatus.MISSED
    # The academic year 2021/2022 is judged against the 2022 target; its 31.08 training
    # coverage is not (the 2022 target is for 31 December).
    academic = evaluate(parse_span(AY), codes=["diagnostics_share", "training_teacher"])
    assert academic.get("diagnostics_share").status == TargetStatus.ACHIEVED
    assert academic.get("training_teacher").status is None
    assert academic.get("training_teacher").pending == "оценивается на 31 декабря"


# Indicators that began after the golden district's first two years, checked by hand on a
# later academic year of it: span → {code: (municipal value, {school: value})}.
LATER = {
    # 2023/2024, профминимум (golden.py): a1 61 h at A (основной, 60) — reached; b2 40 h at
    # B (no level recorded: базовый, 40) — reached, the trial recorded twice on a day counted
    # once and the contest on a trial's day not added; a4 44 h at A — short of 60.
    "2023/2024": {
        "profminimum_level_reached": (66.7, {"A": 50.0, "B": 100.0}),
        # 61 + 40 + 44 = 145 h of 3 students; A: 105 h of 2, B: 40 h of 1
        "profminimum_hours_total": (48.3, {"A": 52.5, "B": 40.0}),
        "profminimum_hours_lessons": (20.0, {"A": 30.0, "B": 0.0}),     # 60 ÷ 3
        "profminimum_hours_horizons": (12.3, {"A": 0.5, "B": 36.0}),    # 36 + 1 (diagnostic)
        "profminimum_hours_upbringing": (14.7, {"A": 22.0, "B": 0.0}),  # 44 ÷ 3
        "profminimum_hours_trials": (1.3, {"A": 0.0, "B": 4.0}),        # 2 + 2
        "profminimum_hours_parents": (0.0, {"A": 0.0, "B": 0.0}),
        "profminimum_hours_additional": (0.0, {"A": 0.0, "B": 0.0}),
        "profminimum_hours_profile": (0.0, {"A": 0.0, "B": 0.0}),
        "profminimum_schools_main": (1, {"A": 1, "B": 0}),
        "profminimum_schools_basic": (0, {"A": 0, "B": 0}),
        "profminimum_schools_advanced": (0, {"A": 0, "B": 0}),
    },
}


@pytest.mark.parametrize("span", list(LATER))
def test_later_years_of_the_golden_district(golden, span):
    keys = {"A": golden.A.pk, "B": golden.B.pk}
    evaluation = evaluate(parse_span(span), codes=list(LATER[span]), history=False)
    got = {code: (evaluation.get(code).value,
                  {who: evaluation.get(code, keys[who]).value for who in schools})
           for code, (_, schools) in LATER[span].items()}
    assert got == LATER[span]


def test_profminimum_counts_a_day_once_and_judges_a_half_year_from_september(golden):
    year = evaluate(parse_span("2023/2024"), codes=["profminimum_level_reached"], history=False)
    assert year.get("profminimum_level_reached").measure.numerator == 2
    # In the I half-year the level is judged on the hours since 1 September: b2's spring
    # trials are not there yet (36 h of 40), a1's lessons and diagnostic are (61 h).
    half = evaluate(parse_span("2023/2024-1"), codes=["profminimum_level_reached"], history=False)
    assert half.get("profminimum_level_reached").value == 33.3
    # The II half-year judges the whole year's hours (b2's spring trials reach his 40 h),
    # while its hours are the spring's alone: the year's 145 h are the two half-years'.
    spring = evaluate(parse_span("2023/2024-2"), codes=["profminimum_level_reached"],
                      history=False)
    assert spring.get("profminimum_level_reached").value == 66.7
    from reports.indicators.profminimum import hours_by_school

    hours = {code: hours_by_school(parse_span(code), Breakdown())[None].numerator
             for code in ("2023/2024-1", "2023/2024-2", "2023/2024")}
    assert hours["2023/2024-1"] + hours["2023/2024-2"] == hours["2023/2024"] == 145
    assert hours_by_school(parse_span("2023/2024-2"), Breakdown(), "trials")[None].numerator == 4
    # A calendar year of people is the academic year that ends in it, asked directly too.
    from reports.indicators.profminimum import level_reached

    assert hours_by_school(parse_span("2024"), Breakdown())[None].numerator == 145
    assert level_reached(parse_span("2024"), Breakdown())[None].value == 66.7


@pytest.mark.parametrize("breakdown", [Breakdown(), Breakdown(ovz=False), Breakdown(sex=Sex.FEMALE),
                                       Breakdown(grade_band="5-9")],
                         ids=["all", "without-ovz", "girls", "grades-5-9"])
@pytest.mark.parametrize("span", [H, AY, CY])
def test_a_school_page_counts_its_own_figures_as_the_matrix_does(golden, span, breakdown):
    """A coordinator's page computes the school alone (its own queries: the school's
    population looked up student by student on PostgreSQL, «Точка роста» asked of the
    school itself) and the municipal total alone (one span at a time, not the year with
    its half-years); every value must be the one the municipal matrix shows."""
    from django.core.cache import cache

    every = evaluate(parse_span(span), breakdown, history=False)
    for school in (golden.A, golden.B, golden.C):
        cache.clear()  # nothing of the matrix's computation is read: the school's own
        alone = evaluate(parse_span(span), breakdown, schools=[school], history=False,
                         municipal_history=False)
        # the school's values, and the municipal total computed alone beside them
        got = {(d.code, key): alone.get(d.code, key).measure
               for d in alone.definitions for key in (school.pk, None)}
        expected = {(d.code, key): every.get(d.code, key).measure
                    for d in every.definitions for key in (school.pk, None)}
        assert got == expected, school.short_name
