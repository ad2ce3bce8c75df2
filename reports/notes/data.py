"""What a half-year «информационно-аналитическая справка» says, as plain data.

Collection (``reports.notes.collect``) fills a :class:`NoteData` from the registers and
indicators; the renderers (``reports.notes.render``) turn it into DOCX, XLSX and PDF. An
empty list is a section with no data yet: the document says «Данные не внесены.»"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..renderers.base import ChartSpec, Table

# Columns of a monitoring register's table by school: this half-year against the same
# half-year a year earlier (the seasonal comparison; the half-year just before is another
# season — admissions in summer, diagnostics in autumn — and says nothing).
MONITORING_COLUMNS = ["ОО", "Всего", "в т.ч. с ОВЗ", "Год назад", "Изменение"]

# The audiences of targeted recommendations, in the order the note lists them.
AUDIENCE_TITLES = {
    "department": "Отделу образования (ИМЦ)",
    "heads": "Руководителям ОО",
    "teachers": "Педагогам",
    "parents": "Родителям (законным представителям)",
    "students": "Обучающимся",
}


@dataclass(frozen=True)
class SchoolCount:
    """A register's figures for one school (or «Итого»): this half-year, of them with
    ОВЗ, and the same half-year a year earlier (None when unknown)."""

    school: str
    total: int
    ovz: int
    year_ago: int | None = None


@dataclass
class MonitoringSection:
    """One of the ten monitorings: its title, a table by school, a chart, a few words."""

    title: str
    table: Table | None = None
    chart: ChartSpec | None = None
    paragraphs: list[str] = field(default_factory=list)
    #: more tables of the monitoring (the lessons watched by whole classes, register 9)
    extra_tables: list[Table] = field(default_factory=list)
    #: whether its figures are judged in this half-year (declines, conclusions)
    judged: bool = True
    #: the people counted now and in the compared period (for the conclusions' summary)
    total: int | None = None
    compared: int | None = None

    @classmethod
    def from_counts(cls, title: str, counted: str, rows: list[SchoolCount],
                    total: SchoolCount | None = None, *, sheet_name: str = "",
                    labels: tuple[str, str] = ("Текущий период", "Год назад"),
                    comparison: str | None = None,
                    forms: tuple[str, str, str] | None = None) -> MonitoringSection:
        """The section from numbers only: the table by school with «в т.ч. с ОВЗ» and the
        same half-year a year earlier, a total row (``total`` — people counted once across
        schools; the sum of the rows when not given), a chart and the sentences about the
        change. ``counted`` names who is counted, in the genitive after «Число …»
        («обучающихся, охваченных диагностикой»)."""
        from .conclusions import YEAR_EARLIER, register_conclusions

        if not rows:
            return cls(title)

        def change(now: int, before: int | None) -> int | None:
            return None if before is None else now - before

        table_rows: list[list] = [
            [r.school, r.total, r.ovz, r.year_ago, change(r.total, r.year_ago)] for r in rows
        ]
        if total is None:
            year_ago = (None if any(r.year_ago is None for r in rows)
                        else sum(r.year_ago or 0 for r in rows))
            total = SchoolCount("Итого", sum(r.total for r in rows), sum(r.ovz for r in rows),
                                year_ago)
        if len(rows) > 1:
            table_rows.append(["Итого", total.total, total.ovz, total.year_ago,
                               change(total.total, total.year_ago)])
        # The heading names the monitoring; the table and the chart name what they show.
        table = Table(f"{title} по ОО", list(MONITORING_COLUMNS), table_rows,
                      total_row=len(rows) > 1, signed=(4,), sheet_name=sheet_name)
        # Horizontal bars: school names are read along the axis and never run together.
        chart = ChartSpec(f"{title}: по ОО в сравнении с тем же периодом год назад",
                          [r.school for r in rows],
                          [(labels[0], [r.total for r in rows]),
                           (labels[1], [r.year_ago or 0 for r in rows])],
                          kind="barh", per_school=True)
        return cls(title, table, chart,
                   register_conclusions(counted, total.total, total.year_ago, total.ovz,
                                        comparison=comparison or YEAR_EARLIER,
                                        **({"forms": forms} if forms else {})),
                   total=total.total, compared=total.year_ago)


@dataclass
class IndicatorRow:
    """An indicator in the half-year, against the same half-year a year earlier, and its
    annual value against the annual target where the year closes with this half-year."""

    name: str
    unit: str
    value: float | None
    target: float | None
    status: str = ""
    change: float | None = None
    year_ago: float | None = None
    annual: float | None = None


def indicator_table(rows: list[IndicatorRow], *, yearly: bool = False,
                    title: str = "Показатели и их целевые значения") -> Table:
    """The indicators against the same period a year earlier and the annual targets.

    Eight columns and long names: a landscape page keeps every header on one line. A
    yearly table has no separate «Годовое значение»: its value is the year's."""
    if yearly:
        return Table(
            title, ["Показатель", "Ед. изм.", "За год", "Прошлый год", "Изменение",
                    "Цель на год", "Оценка"],
            [[r.name, r.unit, r.value, r.year_ago, r.change, r.target, r.status or "—"]
             for r in rows],
            sheet_name="Показатели", signed=(4,), landscape=True,
        )
    return Table(
        title, ["Показатель", "Ед. изм.", "За полугодие", "Год назад", "Изменение",
                "Годовое значение", "Цель на год", "Оценка"],
        [[r.name, r.unit, r.value, r.year_ago, r.change, r.annual, r.target, r.status or "—"]
         for r in rows],
        sheet_name="Показатели", signed=(4,), landscape=True,
    )


@dataclass
class TrainingRow:
    """Staff-training coverage of one category or role against the year's target."""

    category: str
    trained: int
    total: int
    coverage: float | None
    target: float | None
    assessment: str = ""

    @property
    def status(self) -> str:
        if self.assessment:
            return self.assessment
        if self.coverage is None or self.target is None:
            return "—"
        return "достигнуто" if self.coverage >= self.target else "не достигнуто"


@dataclass
class RoadmapItem:
    """A roadmap measure's due occurrence: its number, text, deadline and a remark."""

    number: str
    text: str
    deadline: str
    note: str = ""


@dataclass
class NoteData:
    """Everything the note prints, in the order it prints it."""

    period_label: str
    scope_label: str
    department: str
    title: str = "Информационно-аналитическая справка"
    subject: str = "о реализации муниципальной системы профориентации обучающихся"
    general: list[str] = field(default_factory=list)
    general_tables: list[Table] = field(default_factory=list)
    general_charts: list[ChartSpec] = field(default_factory=list)
    monitoring: list[MonitoringSection] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)
    training: list[TrainingRow] = field(default_factory=list)
    roadmap_done: list[RoadmapItem] = field(default_factory=list)
    roadmap_overdue: list[RoadmapItem] = field(default_factory=list)
    conclusions: list[str] = field(default_factory=list)
    recommendations: dict[str, list[str]] = field(default_factory=dict)
    signer_position: str = "Начальник отдела образования"
    signer_name: str = ""
    date: dt.date = field(default_factory=dt.date.today)
    #: «Предварительные данные на 15.08.2023» on a pre-conference note, else ""
    preliminary: str = ""

    def indicator_table(self) -> Table:
        return indicator_table(self.indicators)

    def training_table(self) -> Table:
        return Table(
            "Охват обучением педагогических и руководящих кадров",
            ["Категория", "Обучено", "Всего", "Охват, %", "Цель, %", "Оценка"],
            [[r.category, r.trained, r.total, r.coverage, r.target, r.status]
             for r in self.training],
            sheet_name="Обучение кадров",
        )

    def roadmap_table(self, items: list[RoadmapItem], title: str, sheet: str) -> Table:
        return Table(
            title, ["№", "Мероприятие", "Срок", "Примечание"],
            [[i.number, i.text, i.deadline, i.note or "—"] for i in items],
            sheet_name=sheet,
        )

    def all_tables(self) -> list[Table]:
        """Every table of the note, in document order (the XLSX appendix has each)."""
        tables = list(self.general_tables)
        for section in self.monitoring:
            if section.table is not None:
                tables.append(section.table)
            tables += section.extra_tables
        tables.append(self.indicator_table())
        tables.append(self.training_table())
        tables.append(self.roadmap_table(self.roadmap_done, "Выполненные мероприятия дорожной карты", "ДК выполнено"))
        tables.append(self.roadmap_table(self.roadmap_overdue, "Просроченные мероприятия дорожной карты", "ДК просрочено"))
        return tables
