"""Russian numerals, numbers, percentages, changes and dates as the notes write them."""

from __future__ import annotations

import datetime as dt

import pytest

from reports.text import (
    EVENTS,
    INDICATORS_DAT,
    PEOPLE,
    SCHOOLS,
    SCHOOLS_PREP,
    STUDENTS,
    change_phrase,
    count_phrase,
    format_date,
    format_date_short,
    format_decimal,
    format_number,
    format_percent,
    percent_of,
    period_label,
    plural,
    signed,
)


@pytest.mark.parametrize(("n", "expected"), [
    (0, "0 обучающихся"), (1, "1 обучающийся"), (2, "2 обучающихся"), (4, "4 обучающихся"),
    (5, "5 обучающихся"), (11, "11 обучающихся"), (12, "12 обучающихся"),
    (14, "14 обучающихся"), (21, "21 обучающийся"), (22, "22 обучающихся"),
    (101, "101 обучающийся"), (111, "111 обучающихся"), (112, "112 обучающихся"),
])
def test_students(n, expected):
    assert count_phrase(n, STUDENTS) == expected


@pytest.mark.parametrize(("n", "expected"), [
    (1, "1 школа"), (2, "2 школы"), (3, "3 школы"), (5, "5 школ"), (11, "11 школ"),
    (21, "21 школа"), (24, "24 школы"), (25, "25 школ"), (111, "111 школ"), (0, "0 школ"),
])
def test_schools(n, expected):
    assert count_phrase(n, SCHOOLS) == expected


@pytest.mark.parametrize(("n", "expected"), [
    (1, "1 мероприятие"), (2, "2 мероприятия"), (5, "5 мероприятий"), (13, "13 мероприятий"),
    (21, "21 мероприятие"), (33, "33 мероприятия"), (100, "100 мероприятий"),
])
def test_events(n, expected):
    assert count_phrase(n, EVENTS) == expected


@pytest.mark.parametrize(("n", "expected"), [
    (1, "1 человек"), (2, "2 человека"), (4, "4 человека"), (5, "5 человек"),
    (12, "12 человек"), (21, "21 человек"), (22, "22 человека"), (1001, "1001 человек"),
])
def test_people(n, expected):
    assert count_phrase(n, PEOPLE) == expected


def test_case_forms_follow_the_same_rule():
    assert f"по {count_phrase(1, INDICATORS_DAT)}" == "по 1 показателю"
    assert f"по {count_phrase(5, INDICATORS_DAT)}" == "по 5 показателям"
    assert f"в {count_phrase(2, SCHOOLS_PREP)}" == "в 2 школах"
    assert f"в {count_phrase(21, SCHOOLS_PREP)}" == "в 21 школе"


def test_plural_ignores_the_sign():
    assert plural(-1, "а", "б", "в") == "а"
    assert plural(-12, "а", "б", "в") == "в"


@pytest.mark.parametrize(("value", "digits", "expected"), [
    (0, 0, "0"), (7, 0, "7"), (1234, 0, "1234"), (12345, 0, "12 345"),
    (1234567, 0, "1 234 567"), (12.5, 1, "12,5"), (-3.14159, 2, "−3,14"),
    (12345.678, 1, "12 345,7"), (-0.001, 1, "0,0"), (None, 0, "—"), (2.6, 0, "3"),
])
def test_numbers(value, digits, expected):
    assert format_number(value, digits) == expected


def test_decimals_drop_trailing_zeros():
    assert format_decimal(12.0) == "12"
    assert format_decimal(12.50) == "12,5"
    assert format_decimal(0.25, 2) == "0,25"


@pytest.mark.parametrize(("value", "expected"), [
    (12.5, "12,5 %"), (50, "50 %"), (33.333, "33,3 %"), (100.0, "100 %"), (0, "0 %"),
    (None, "—"),
])
def test_percentages(value, expected):
    assert format_percent(value) == expected


def test_percent_of():
    assert percent_of(1, 8) == 12.5
    assert percent_of(3, 0) is None


@pytest.mark.parametrize(("current", "previous", "expected"), [
    (27, 24, "увеличилось на 3 обучающихся (на 12,5 %)"),
    (25, 24, "увеличилось на 1 обучающегося (на 4,2 %)"),
    (20, 24, "уменьшилось на 4 обучающихся (на 16,7 %)"),
    (3, 24, "уменьшилось на 21 обучающегося (на 87,5 %)"),
    (24, 24, "не изменилось"),
    (5, 0, "увеличилось на 5 обучающихся"),
    (5, None, "данных для сравнения нет"),
])
def test_change_of_a_count(current, previous, expected):
    assert change_phrase(current, previous, STUDENTS) == expected


def test_change_agrees_with_the_subject():
    assert change_phrase(10, 8, PEOPLE, gender="f") == "увеличилась на 2 человека (на 25 %)"
    assert change_phrase(7, 8, PEOPLE, gender="m") == "уменьшился на 1 человека (на 12,5 %)"
    assert change_phrase(3, 1, SCHOOLS, gender="pl") == "увеличились на 2 школы (на 200 %)"
    assert change_phrase(2, 3, SCHOOLS) == "уменьшилось на 1 школу (на 33,3 %)"


def test_change_in_percentage_points():
    assert change_phrase(45.5, 40, unit="п.п.", gender="f") == "увеличилась на 5,5 п.п."
    assert change_phrase(40, 40.04, unit="п.п.", gender="f") == "не изменилась"


def test_signed_cells():
    assert signed(3) == "+3"
    assert signed(-2) == "−2"
    assert signed(0) == "0"
    assert signed(2.5, 1) == "+2,5"
    assert signed(None) == "—"


@pytest.mark.parametrize(("day", "expected"), [
    (dt.date(2022, 9, 1), "1 сентября 2022 г."),
    (dt.date(2023, 1, 20), "20 января 2023 г."),
    (dt.date(2023, 5, 31), "31 мая 2023 г."),
    (dt.date(2023, 8, 31), "31 августа 2023 г."),
    (dt.date(2022, 12, 31), "31 декабря 2022 г."),
    (dt.date(2023, 3, 8), "8 марта 2023 г."),
])
def test_dates_in_the_genitive(day, expected):
    assert format_date(day) == expected


def test_short_dates():
    assert format_date_short(dt.date(2022, 9, 1)) == "01.09.2022"
    assert format_date_short(None) == ""


def test_period_labels():
    assert period_label("2022/2023-1") == "I полугодие 2022/2023 учебного года"
    assert period_label("2022/2023-2") == "II полугодие 2022/2023 учебного года"
    assert period_label("2022/2023") == "2022/2023 учебный год"


def test_numerals_filter_agrees_the_noun_in_templates():
    from django.template import Context, Template

    page = Template('{% load numerals %}{% for n in ns %}{{ n|count:"запись,записи,записей" }}; '
                    '{% endfor %}|{{ 3|plural:"строку,строки,строк" }}')
    assert page.render(Context({"ns": [1, 22, 25, 11, 111, 1234]})) == (
        "1 запись; 22 записи; 25 записей; 11 записей; 111 записей; 1234 записи; |строки")


def test_same_as_agrees_with_the_gender_of_the_row():
    from monitoring.text import same_as

    assert same_as("обучающийся", "m") == "тот же обучающийся"
    assert same_as("потребность", "f") == "та же потребность"
    assert same_as("мероприятие", "n") == "то же мероприятие"
