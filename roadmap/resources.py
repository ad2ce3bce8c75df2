"""Excel exports of the roadmap's registries (the department keeps such lists in Excel).

Export only: documents, meetings and information work are entered in the portal, one at
a time, with their files and links — there is no spreadsheet to import them from."""

from __future__ import annotations

from typing import Any

from import_export import fields, resources

from monitoring.importing import DateWidget

from .models import Document, InformationWork, Meeting


class ExportResource(resources.ModelResource):
    """Takes the ``user`` the generic list's export passes; dates as дд.мм.гггг."""

    def __init__(self, *, user=None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.user = user


def column(attribute: str | None, name: str, **kwargs: Any) -> fields.Field:
    return fields.Field(attribute=attribute, column_name=name, **kwargs)


class DocumentResource(ExportResource):
    kind = column("get_kind_display", "Вид")
    number = column("number", "Номер")
    date = column("date", "Дата", widget=DateWidget())
    title = column("title", "Наименование")
    school = column(None, "ОО")
    status = column("get_status_display", "Статус")
    measures = column(None, "Мероприятия")
    file = column(None, "Файл")

    class Meta:
        model = Document
        fields = ("kind", "number", "date", "title", "school", "status", "measures", "file")
        export_order = fields

    def dehydrate_school(self, document: Document) -> str:
        return document.school.short_name if document.school_id else "муниципальный"

    def dehydrate_measures(self, document: Document) -> str:
        return ", ".join(m.number for m in document.measures.all())

    def dehydrate_file(self, document: Document) -> str:
        return document.download_name if document.file else ""


class MeetingResource(ExportResource):
    date = column("date", "Дата", widget=DateWidget())
    kind = column("get_kind_display", "Вид")
    level = column("get_level_display", "Уровень")
    topic = column("topic", "Тема")
    status = column("get_status_display", "Состояние")
    participants = column("participants", "Участники")
    participants_count = column("participants_count", "Число участников")
    decisions_taken = column("decisions_taken", "Принятые решения")
    measures = column(None, "Мероприятия")

    class Meta:
        model = Meeting
        fields = ("date", "kind", "level", "topic", "status", "participants",
                  "participants_count", "decisions_taken", "measures")
        export_order = fields

    def dehydrate_measures(self, meeting: Meeting) -> str:
        return ", ".join(m.number for m in meeting.measures.all())


class InformationWorkResource(ExportResource):
    date = column("date", "Дата", widget=DateWidget())
    kind = column("get_kind_display", "Вид")
    title = column("title", "Тема")
    audience = column("get_audience_display", "Аудитория")
    reach = column("reach", "Охват, человек")
    place = column("place", "Где")
    school = column(None, "ОО")

    class Meta:
        model = InformationWork
        fields = ("date", "kind", "title", "audience", "reach", "place", "school")
        export_order = fields

    def dehydrate_school(self, work: InformationWork) -> str:
        return work.school.short_name if work.school_id else "муниципальное"
