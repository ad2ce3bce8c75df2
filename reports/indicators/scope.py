"""What an indicator is computed for: a span of time, a school (or the municipality) and
a breakdown (ОВЗ, grade band, sex).

Spans come in the three kinds the roadmap uses: a half-year of an academic year
(«2022/2023-1»), an academic year («2022/2023») and a calendar year («2022»; the roadmap's
targets — 25 % in 2021, 60 % in 2022 — are set per year). How each indicator counts in
each kind of span is its method (``registry.Basis``): people are counted per academic
year, so a calendar year's students are those of the academic year that ends in it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Q

from monitoring.bounds import check_year


class SpanKind(StrEnum):
    HALF = "half"
    ACADEMIC_YEAR = "academic_year"
    CALENDAR_YEAR = "calendar_year"

    @property
    def label(self) -> str:
        return {"half": "полугодие", "academic_year": "учебный год",
                "calendar_year": "календарный год"}[self.value]


@dataclass(frozen=True)
class Span:
    kind: SpanKind
    code: str
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        if self.kind == SpanKind.HALF:
            years, half = self.code.split("-")
            return f"{'I' if half == '1' else 'II'} полугодие {years} уч. г."
        if self.kind == SpanKind.ACADEMIC_YEAR:
            return f"{self.code} учебный год"
        return f"{self.code} год"

    @property
    def academic_year_start(self) -> int:
        """The academic year whose class lists give the span's student counts: the one
        the span lies in; for a calendar year, the one that ends in it (2022 → 2021/2022)."""
        if self.kind == SpanKind.CALENDAR_YEAR:
            return self.end.year - 1
        return self.start.year if self.start.month >= 9 else self.start.year - 1

    def academic(self) -> Span:
        """The academic year of the span: its own for a half-year, itself for an academic
        year, and for a calendar year the academic year that ends in it (2022 → 2021/2022)."""
        start = self.academic_year_start
        return self if self.kind == SpanKind.ACADEMIC_YEAR else parse_span(f"{start}/{start + 1}")

    def calendar(self) -> Span:
        """The calendar year the span ends in."""
        return self if self.kind == SpanKind.CALENDAR_YEAR else parse_span(str(self.end.year))

    @property
    def ends_a_calendar_year(self) -> bool:
        """Whether the span ends on 31 December (a calendar year, a I half-year)."""
        return (self.end.month, self.end.day) == (12, 31)

    @property
    def ends_an_academic_year(self) -> bool:
        """Whether the span ends on 31 August (an academic year, a II half-year)."""
        return (self.end.month, self.end.day) == (8, 31)

    def previous(self) -> Span:
        """The span just before: the previous half-year, academic or calendar year."""
        return span_for_date(self.start - dt.timedelta(days=1), self.kind)

    def year_earlier(self) -> Span:
        """The same span a year earlier: the same half-year of the previous academic year,
        the previous academic or calendar year (the seasonal comparison)."""
        if self.kind == SpanKind.HALF:
            years, half = self.code.split("-")
            start = int(years[:4]) - 1
            return parse_span(f"{start}/{start + 1}-{half}")
        return self.previous()

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


_HALF = re.compile(r"^(\d{4})/(\d{4})-([12])$")
_ACADEMIC = re.compile(r"^(\d{4})/(\d{4})$")
_CALENDAR = re.compile(r"^(\d{4})$")


def parse_user_span(code: str) -> Span:
    """A span a user typed or a URL carried: :func:`parse_span` within the years the
    portal holds, so «1000/1001-1» or «9999» is a Russian error, never a computation over
    an absurd range (previous spans of a valid one may still reach a little further)."""
    span = parse_span(code)
    check_year(span.start.year, "Период начинается в году")
    return span


def parse_span(code: str) -> Span:
    """«2022/2023-1», «2022/2023» or «2022»; ValueError with a Russian message otherwise."""
    text = code.strip()
    if match := _HALF.match(text):
        start, end, half = int(match[1]), int(match[2]), match[3]
        if end == start + 1:
            if half == "1":
                return Span(SpanKind.HALF, text, dt.date(start, 9, 1), dt.date(start, 12, 31))
            return Span(SpanKind.HALF, text, dt.date(end, 1, 1), dt.date(end, 8, 31))
    elif match := _ACADEMIC.match(text):
        start, end = int(match[1]), int(match[2])
        if end == start + 1:
            return Span(SpanKind.ACADEMIC_YEAR, text, dt.date(start, 9, 1), dt.date(end, 8, 31))
    elif match := _CALENDAR.match(text):
        year = int(match[1])
        return Span(SpanKind.CALENDAR_YEAR, text, dt.date(year, 1, 1), dt.date(year, 12, 31))
    raise ValueError(
        f"Период «{code}» указан неверно: ожидается полугодие 2022/2023-1, "
        "учебный год 2022/2023 или календарный год 2022."
    )


def span_for_date(day: dt.date, kind: SpanKind = SpanKind.HALF) -> Span:
    start = day.year if day.month >= 9 else day.year - 1
    if kind == SpanKind.HALF:
        return parse_span(f"{start}/{start + 1}-{1 if day.month >= 9 else 2}")
    if kind == SpanKind.ACADEMIC_YEAR:
        return parse_span(f"{start}/{start + 1}")
    return parse_span(str(day.year))


GRADE_BANDS = {"1-4": (1, 4), "5-9": (5, 9), "10-11": (10, 11)}
GRADE_BAND_LABELS = {"1-4": "1–4 классы", "5-9": "5–9 классы", "10-11": "10–11 классы"}


@dataclass(frozen=True)
class Breakdown:
    """A slice of students: with ОВЗ or not, a grade band, a sex. None means "all"."""

    ovz: bool | None = None
    grade_band: str | None = None
    sex: str | None = None

    def __post_init__(self) -> None:
        if self.grade_band is not None and self.grade_band not in GRADE_BANDS:
            raise ValueError(f"Неизвестная группа классов «{self.grade_band}»: 1-4, 5-9 или 10-11.")

    @property
    def label(self) -> str:
        parts = []
        if self.ovz is True:
            parts.append("с ОВЗ")
        elif self.ovz is False:
            parts.append("без ОВЗ")
        if self.grade_band:
            parts.append(GRADE_BAND_LABELS[self.grade_band])
        if self.sex:
            parts.append("юноши" if self.sex == "М" else "девушки")
        return ", ".join(parts) or "все обучающиеся"

    def on_record(self, *, grade: str, ovz: str, sex: str) -> Q:
        """The breakdown as a filter over rows holding a grade, an ОВЗ flag and a sex."""
        condition = Q()
        if self.ovz is not None:
            condition &= Q(**{ovz: self.ovz})
        if self.grade_band:
            low, high = GRADE_BANDS[self.grade_band]
            condition &= Q(**{f"{grade}__gte": low, f"{grade}__lte": high})
        if self.sex:
            condition &= Q(**{sex: self.sex})
        return condition


ALL = Breakdown()
