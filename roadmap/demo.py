"""Demo execution of the approved 2021–2023 roadmap: orders and regulations in the
registry, executions of most due occurrences (a few left overdue, one «не потребовалось»),
meetings twice a year and the August conferences, and one meeting with the heads of
schools planned a couple of weeks ahead.

Called by ``manage.py seed_demo``; deterministic and safe to run again. Document numbers
and texts are invented for the demonstration (the files are one-page PDFs saying so)."""

from __future__ import annotations

import datetime as dt
import random

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from .deadlines import ExecutionStatus
from .models import (
    Document,
    DocumentKind,
    Execution,
    Meeting,
    MeetingKind,
    MeetingLevel,
    Roadmap,
)
from .services import build_board, save_meeting

SLUG = "nogliki-2021-2023"

# (kind, number, date, title, measure) — the normative base the checklist asks for
DOCUMENTS = [
    (DocumentKind.ORDER, "12-о", dt.date(2021, 1, 25),
     "Приказ об утверждении дорожной карты развития муниципальной системы работы по "
     "самоопределению и профессиональной ориентации обучающихся на 2021-2023 годы", "1.1"),
    (DocumentKind.REGULATION, "48-о", dt.date(2021, 5, 20),
     "Положение по развитию муниципальной системы работы по самоопределению и "
     "профессиональной ориентации обучающихся", "1.2"),
    (DocumentKind.ORDER, "49-о", dt.date(2021, 5, 21),
     "Приказ об утверждении показателей, направленных на развитие муниципальной системы "
     "работы по самоопределению и профессиональной ориентации обучающихся", "2.1"),
    (DocumentKind.REGULATION, "50-о", dt.date(2021, 5, 24),
     "Положение о методах сбора информации по самоопределению и профессиональной "
     "ориентации обучающихся", "2.3"),
    (DocumentKind.ORDER, "51-о", dt.date(2021, 5, 25),
     "Приказ о назначении специалиста, ответственного за оценку развития муниципальной "
     "системы работы по самоопределению и профессиональной ориентации обучающихся", "5.3"),
    (DocumentKind.PLAN_SCHEDULE, "б/н", dt.date(2021, 2, 10),
     "План-график повышения квалификации по вопросам профориентации на 2021-2023 годы", "5.2"),
]
# 2.2 (the assessment rules) is left undone: the checklist shows it as missing.
LEFT_OVERDUE = {"2.2", "4.3"}
MEETING_MEASURES = {"6.1", "6.2", "6.3"}


def demo_pdf(title: str) -> bytes:
    """A one-page PDF that says it is a demo document (ASCII only: the built-in font)."""
    text = f"Demo document of the portal (not a real order): {len(title)} chars"
    stream = f"BT /F1 12 Tf 50 780 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


@transaction.atomic
def build_demo(stdout=None) -> str:
    from . import reference

    reference.load()  # the approved roadmap, when absent
    roadmap = Roadmap.objects.filter(slug=SLUG).first()
    if roadmap is None:
        return "дорожная карта не загружена — пропущено"
    if Execution.objects.filter(measure__roadmap=roadmap).exists():
        return "исполнение уже внесено"
    rng = random.Random(2021)
    measures = {m.number: m for m in roadmap.measures.all()}
    evidence: dict[str, Document] = {}
    for kind, number, date, title, measure_number in DOCUMENTS:
        document = Document(kind=kind, number=number, date=date, title=title,
                            status=Document.Status.APPROVED)
        document.file.save(f"demo-{number.replace('/', '')}.pdf", ContentFile(demo_pdf(title)),
                           save=False)
        document.save()
        document.measures.add(measures[measure_number])
        evidence[measure_number] = document

    today = timezone.localdate()
    board = build_board(roadmap, today)
    executions = 0
    for row in board.measure_rows:
        number = row.measure.number
        if number in MEETING_MEASURES or number in LEFT_OVERDUE:
            continue
        for occurrence in row.occurrences:
            occ = occurrence.occurrence
            if occ.due > today:
                continue
            if occ.optional and rng.random() < 0.5:
                Execution.objects.create(
                    measure=row.measure, occurrence_key=occ.key, date=occ.due,
                    status=ExecutionStatus.NOT_NEEDED,
                    reason="Изменений в нормативной базе в этом году не потребовалось.",
                )
                continue
            done_on = max(occ.start, occ.due - dt.timedelta(days=rng.randrange(3, 25)))
            execution = Execution.objects.create(
                measure=row.measure, occurrence_key=occ.key, date=done_on,
                status=ExecutionStatus.DONE, comment="Выполнено (демонстрационная запись).",
            )
            if number in evidence:
                execution.documents.add(evidence[number])
            executions += 1

    meetings = 0
    measure_61, measure_63 = measures.get("6.1"), measures.get("6.3")
    for year in range(roadmap.year_start, min(roadmap.year_end, today.year) + 1):
        for month, topic in ((3, "Итоги мониторинга профориентации за I полугодие"),
                             (11, "Эффективность принятых мер по итогам учебного года")):
            meeting = Meeting(date=dt.date(year, month, 15), topic=topic,
                              kind=MeetingKind.HEADS, level=MeetingLevel.MUNICIPAL,
                              status=Meeting.Status.HELD, participants="руководители ОО",
                              participants_count=6,
                              decisions_taken="Принять к сведению справку; ОО устранить "
                                              "недостатки в заполнении реестров.")
            save_meeting(meeting, measures=[m for m in (measure_61, measure_63) if m])
            meetings += 1
        august = Meeting(date=dt.date(year, 8, 26),
                         topic="Августовская конференция: самоопределение и профориентация",
                         kind=MeetingKind.AUGUST, level=MeetingLevel.MUNICIPAL,
                         status=Meeting.Status.HELD, participants="педагоги и руководители ОО",
                         participants_count=120)
        save_meeting(august)
        meetings += 1
    # One meeting ahead, so that the coordinators' «Сроки» show what a month looks like.
    upcoming = Meeting(date=today + dt.timedelta(days=16),
                       topic="Итоги мониторинга профориентации за полугодие и сдача данных ОО",
                       kind=MeetingKind.HEADS, level=MeetingLevel.MUNICIPAL,
                       status=Meeting.Status.PLANNED, participants="руководители ОО")
    save_meeting(upcoming)
    return (f"документов: {len(DOCUMENTS)}, отметок исполнения: {executions}, "
            f"совещаний: {meetings}, запланировано: 1")
