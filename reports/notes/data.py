"""What a half-year «информационно-аналитическая справка» says, as plain data.

Collection (``reports.notes.collect``) fills a :class:`NoteData` from the registers and
indicators; the renderers (``reports.notes.render``) turn it into DOCX, XLSX and PDF. An
empty list is a section with no data yet: the document says «Данные не внесены.»"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..renderers.base import ChartSpec, Table

# Columns of a monitoring register's table by school.
MONITORING_COLUMNS = ["ОО", "Всего", "в т.ч. с ОВЗ", "Пред. полугодие", "Изменение", "Год назад"]

# The four audiences of targeted recommendations, in the order the note lists them.
AUDIENCE_TITLES = {
    "heads": "Руководителям ОО",
    "teachers": "Педагогам",
    "parents": "Родителям (законным представителям)",
    "students": "Обучающимся",
}


@dataclass(frozen=True)
class SchoolCount:
    """A register's figures for one school: this half-year (of them with ОВЗ), the
    previous half-year and the same half-year a year earlier (None when unknown)."""

    school: str
    total: int
    ovz: int
    previous: int | None = None
    year_ago: int | None = None


@dataclass
class MonitoringSection:
    """One of the ten monitorings: its title, a table by school, a chart, a few words."""

    title: str
    table: Table | None = None
    chart: ChartSpec | None = None
    paragraphs: list[str] = field(default_factory=list)

    @classmethod
    def from_counts(cls, title: str, counted: str, rows: list[SchoolCount]) -> MonitoringSection:
        """The section from numbers only: the table by school with «в т.ч. с ОВЗ», the
        change against the previous half-year and the figure a year earlier, a total row,
        a chart and the sentences about the change. ``counted`` names who is counted, in
        the genitive after «Число …» («обучающихся, охваченных диагностикой»)."""
        from .conclusions import register_conclusions

        if not rows:
            return cls(title)

        def known(values):
            return None if any(v is None for v in values) else sum(values)

        table_rows: list[list] = [
            [r.school, r.total, r.ovz, r.previous,
             None if r.previous is None else r.total - r.previous, r.year_ago]
            for r in rows
        ]
        total, ovz = sum(r.total for r in rows), sum(r.ovz for r in rows)
        previous = known([r.previous for r in rows])
        year_ago = known([r.year_ago for r in rows])
        if len(rows) > 1:
            table_rows.append(["Итого", total, ovz, previous,
                               None if previous is None else total - previous, year_ago])
        table = Table(title, list(MONITORING_COLUMNS), table_rows, total_row=len(rows) > 1,
                      signed=(4,))
        chart = ChartSpec(title, [r.school for r in rows],
                          [("Всего", [r.total for r in rows]),
                           ("в т.ч. с ОВЗ", [r.ovz for r in rows])],
                          kind="barh" if len(rows) > 6 else "bar")
        return cls(title, table, chart,
                   register_conclusions(counted, total, previous, year_ago, ovz))


@dataclass
class IndicatorRow:
    """An indicator against its target for the period."""

    name: str
    unit: str
    value: float | None
    target: float | None
    status: str = ""
    change: str = ""


@dataclass
class TrainingRow:
    """Staff-training coverage of one category against the roadmap's target for the year."""

    category: str
    trained: int
    total: int
    coverage: float | None
    target: float | None

    @property
    def status(self) -> str:
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
        return Table(
            "Показатели и их целевые значения",
            ["Показатель", "Ед. изм.", "Значение", "Целевое значение", "Статус", "Изменение"],
            [[r.name, r.unit, r.value, r.target, r.status or "—", r.change or "—"]
             for r in self.indicators],
            sheet_name="Показатели",
        )

    def training_table(self) -> Table:
        return Table(
            "Охват обучением педагогических и руководящих кадров",
            ["Категория", "Обучено", "Всего", "Охват, %", "Цель, %", "Статус"],
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
        tables += [s.table for s in self.monitoring if s.table is not None]
        tables.append(self.indicator_table())
        tables.append(self.training_table())
        tables.append(self.roadmap_table(self.roadmap_done, "Выполненные мероприятия дорожной карты", "ДК выполнено"))
        tables.append(self.roadmap_table(self.roadmap_overdue, "Просроченные мероприятия дорожной карты", "ДК просрочено"))
        return tables
