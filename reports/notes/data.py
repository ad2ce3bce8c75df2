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


@dataclass
class MonitoringSection:
    """One of the ten monitorings: its title, a table by school, a chart, a few words."""

    title: str
    table: Table | None = None
    chart: ChartSpec | None = None
    paragraphs: list[str] = field(default_factory=list)


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
    """Staff-training coverage of one category against the roadmap's 25/60/100 %."""

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
