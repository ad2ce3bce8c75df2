"""Demo of the department's roadmaps as it stands today: the approved 2021–2023 roadmap
executed and closed, and the 2024–2026 roadmap copied from it, approved on 15.01.2024 and in
force, with its own training targets per year.

Most deadlines are closed by what the portal holds (``roadmap.products``): orders and
regulations in the registry, the yearly analytical reports approved into it, decisions with
their orders, information work, meetings with their protocols. A few gaps are left on
purpose — 2.2 of the old roadmap overdue, a meeting held without a protocol, a monitoring not
taken up twice in 2025 — so every screen has something to show.

Called by ``manage.py seed_demo`` (before ``reports.demo``, which adds recommendations,
training and the effect of the decisions); deterministic and safe to run again. Document
numbers and texts are invented for the demonstration (the files are one-page PDFs saying so)."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from monitoring.dataversion import bump
from monitoring.models import Staff
from monitoring.registers.registry import registry

from .deadlines import ExecutionStatus
from .models import (
    Decision,
    DecisionAction,
    DecisionIndicator,
    Document,
    DocumentKind,
    Execution,
    GeneratedKind,
    HotlineQuestion,
    InformationWork,
    Measure,
    Meeting,
    MeetingKind,
    MeetingLevel,
    Roadmap,
    ScheduleDate,
    TrainingTarget,
)
from .services import approve_roadmap, copy_roadmap, save_meeting

SLUG = "nogliki-2021-2023"
NEXT_SLUG = "nogliki-2024-2026"
NEXT_APPROVED_ON = dt.date(2024, 1, 15)
#: the 2024–2026 plan's own coverage targets (the 2021–2023 plan had 25/60/100)
NEXT_TARGETS = {2024: 30, 2025: 65, 2026: 100}
SYSTEM = "муниципальной системы работы по самоопределению и профессиональной ориентации обучающихся"

# (kind, number, date, title, measure) — the normative base each roadmap's checklist asks for
DOCUMENTS = [
    (DocumentKind.ORDER, "12-о", dt.date(2021, 1, 25),
     f"Приказ об утверждении дорожной карты развития {SYSTEM} на 2021-2023 годы", "1.1"),
    (DocumentKind.REGULATION, "48-о", dt.date(2021, 5, 20), f"Положение по развитию {SYSTEM}", "1.2"),
    (DocumentKind.ORDER, "49-о", dt.date(2021, 5, 21),
     f"Приказ об утверждении показателей, направленных на развитие {SYSTEM}", "2.1"),
    (DocumentKind.REGULATION, "50-о", dt.date(2021, 5, 24),
     "Положение о методах сбора информации по самоопределению и профессиональной "
     "ориентации обучающихся", "2.3"),
    (DocumentKind.ORDER, "51-о", dt.date(2021, 5, 25),
     f"Приказ о назначении специалиста, ответственного за оценку развития {SYSTEM}", "5.3"),
    (DocumentKind.PLAN_SCHEDULE, "б/н", dt.date(2021, 2, 10),
     "План-график повышения квалификации по вопросам профориентации на 2021-2023 годы", "5.2"),
    (DocumentKind.RULES, "64-о", dt.date(2021, 9, 14),
     "Регламент проведения муниципальных мониторингов профориентации", "1.4"),
    (DocumentKind.ORDER, "88-о", dt.date(2022, 10, 3),
     f"Приказ о внесении изменений в Положение по развитию {SYSTEM}", "1.3"),
]
# 2.2 (the assessment rules) is left undone in 2021–2023: its checklist shows it missing.
NEXT_DOCUMENTS = [
    (DocumentKind.ORDER, "3-о", dt.date(2024, 1, 15),
     f"Приказ об утверждении дорожной карты развития {SYSTEM} на 2024-2026 годы", "1.1"),
    (DocumentKind.REGULATION, "41-о", dt.date(2024, 5, 20),
     f"Положение по развитию {SYSTEM} (новая редакция)", "1.2"),
    (DocumentKind.ORDER, "42-о", dt.date(2024, 5, 21),
     f"Приказ об утверждении показателей, направленных на развитие {SYSTEM}, на 2024-2026 годы",
     "2.1"),
    (DocumentKind.RULES, "77-о", dt.date(2024, 10, 10), f"Регламент оценки развития {SYSTEM}", "2.2"),
    (DocumentKind.REGULATION, "43-о", dt.date(2024, 5, 24),
     "Положение о методах сбора информации по самоопределению и профессиональной "
     "ориентации обучающихся (новая редакция)", "2.3"),
    (DocumentKind.PLAN_SCHEDULE, "б/н", dt.date(2024, 2, 9),
     "План-график повышения квалификации по вопросам профориентации на 2024-2026 годы", "5.2"),
    (DocumentKind.ORDER, "44-о", dt.date(2024, 5, 27),
     f"Приказ о назначении специалиста, ответственного за оценку развития {SYSTEM}", "5.3"),
]

# Yearly decisions (5.1): date, title, target indicators (codes of the catalogue).
DECISIONS = [
    (dt.date(2021, 11, 22), "Организовать профориентационную диагностику обучающихся 8–9 "
                            "классов на платформе «Билет в будущее»", ["diagnostics_share", "ticket_share"]),
    (dt.date(2022, 3, 25), "Расширить программы дополнительного образования профильной "
                           "направленности на базе центров «Точка роста»", ["additional_education_share"]),
    (dt.date(2023, 3, 24), "Заключить соглашения с предприятиями округа о профессиональных пробах",
     ["employer_events_share"]),
    (dt.date(2024, 3, 22), "Включить открытые уроки «ПроеКТОриЯ» в планы классных часов",
     ["projectoria_share"]),
    (dt.date(2025, 3, 21), "Усилить индивидуальное сопровождение выпускников 9 и 11 классов "
                           "при выборе профиля обучения", ["unique_reach"]),
    (dt.date(2026, 3, 20), "Вовлечь обучающихся в конкурсы профессионального мастерства",
     ["competitions_share"]),
]
HOTLINE = [
    ("Когда начинается приём документов в колледжи Сахалинской области?",
     "Приём документов в организации СПО начинается 20 июня; сроки каждого колледжа "
     "опубликованы на его сайте.", True),
    ("Можно ли поступить на целевое обучение после 9 класса?",
     "Да: предприятия округа предлагают целевые места в колледжах; перечень — на странице "
     "«Родителям и обучающимся».", True),
    ("Нужна ли справка о состоянии здоровья для профпробы на предприятии?",
     "", False),
]


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


def _document(kind: str, number: str, date: dt.date, title: str, **extra) -> Document:
    document = Document(kind=kind, number=number, date=date, title=title,
                        status=Document.Status.APPROVED, **extra)
    name = f"demo-{number.replace('/', '')}-{date:%Y%m%d}.pdf"
    document.file.save(name, ContentFile(demo_pdf(title)), save=False)
    document.file_format, document.file_name = "pdf", name
    document.save()
    return document


def _normative_base(roadmap: Roadmap, documents) -> dict[str, Document]:
    measures = {m.number: m for m in roadmap.measures.all()}
    found = {}
    for kind, number, date, title, measure_number in documents:
        document = _document(kind, number, date, title)
        document.measures.add(measures[measure_number])
        found[measure_number] = document
    return found


def _yearly_reports(first: int, last: int, today: dt.date) -> int:
    """The analytical reports (4.1) and cluster analyses (4.2) of each academic year,
    approved into the registry; the 2021/2022 cluster analysis is filed late (January)."""
    made = 0
    for year in range(first, last + 1):
        for kind, title, day in (
            (GeneratedKind.MONITORING_REPORT, "Аналитический отчёт по результатам мониторингов",
             dt.date(year, 9, 25)),
            (GeneratedKind.CLUSTER_ANALYSIS, "Комплексный (кластерный) анализ по результатам "
                                             "оценочных процедур",
             dt.date(year + 1, 1, 20) if year == 2022 else dt.date(year, 10, 6)),
        ):
            if day > today:
                continue
            _document(DocumentKind.REPORT, f"{year}-{'АО' if kind == 'monitoring_report' else 'КА'}",
                      day, f"{title} за {year - 1}/{year} учебный год",
                      generated_kind=kind, period_code=f"{year - 1}/{year}")
            made += 1
    return made


def _as_needed(roadmap: Roadmap, today: dt.date) -> int:
    """«Ежегодно по необходимости» years with no document: closed as not needed, with why."""
    count = 0
    for measure in roadmap.measures.filter(number__in=["1.3", "1.4"]):
        have = {d.date.year for d in measure.documents.all()}
        for occurrence in measure.occurrences():
            if occurrence.due < today and occurrence.start.year not in have:
                Execution.objects.create(
                    measure=measure, occurrence_key=occurrence.key, date=occurrence.due,
                    status=ExecutionStatus.NOT_NEEDED,
                    reason="Изменений в нормативной базе в этом году не потребовалось.")
                count += 1
    return count


def _schedule_4_3(roadmap: Roadmap) -> None:
    """Recommendations after each half-year's monitoring: February and September."""
    measure = roadmap.measures.get(number="4.3")
    for year in roadmap.years:
        for day, note in ((dt.date(year, 2, 20), "рекомендации по итогам I полугодия"),
                          (dt.date(year, 9, 30), "рекомендации по итогам учебного года")):
            ScheduleDate.objects.get_or_create(measure=measure, date=day, defaults={"note": note})


def _meetings(roadmap: Roadmap, today: dt.date) -> int:
    """Twice a year a heads' meeting (6.1, 6.3) with a protocol that takes up every
    monitoring — except November 2025, which skipped «Билет в будущее» — and the August
    conference (6.2) with its resolution; in October 2026 one meeting without a protocol."""
    measures = {m.number: m for m in roadmap.measures.filter(number__in=["6.1", "6.3"])}
    every = [entry.slug for entry in registry.registers()]
    made = 0
    for year in roadmap.years:
        plan = [(dt.date(year, 3, 15), MeetingKind.HEADS, "Итоги мониторинга профориентации за I полугодие"),
                (dt.date(year, 8, 26), MeetingKind.AUGUST,
                 "Августовская конференция: самоопределение и профориентация"),
                (dt.date(year, 11, 15), MeetingKind.HEADS,
                 "Эффективность принятых мер по итогам учебного года")]
        if year == 2026:
            plan.append((dt.date(2026, 10, 8), MeetingKind.ROUND_TABLE,
                         "Круглый стол: профминимум в школах округа"))
        for day, kind, topic in plan:
            if day > today:
                continue
            august = kind == MeetingKind.AUGUST
            protocol = None
            if kind != MeetingKind.ROUND_TABLE:
                protocol = _document(DocumentKind.RESOLUTION if august else DocumentKind.PROTOCOL,
                                     f"{day:%m}/{day:%y}", day,
                                     f"{'Резолюция' if august else 'Протокол'}: {topic}")
            procedures = every
            if day == dt.date(2025, 11, 15):
                procedures = [slug for slug in every if slug != "ticket-to-future"]
            meeting = Meeting(
                date=day, topic=topic, kind=kind, level=MeetingLevel.MUNICIPAL,
                status=Meeting.Status.HELD, protocol=protocol, procedures=[] if august else procedures,
                participants="педагоги и руководители ОО" if august else "руководители ОО",
                participants_count=120 if august else 6,
                decisions_taken="" if august else "Принять к сведению справку; ОО устранить "
                                                  "недостатки в заполнении реестров.",
            )
            linked = [] if august or kind == MeetingKind.ROUND_TABLE else list(measures.values())
            if kind == MeetingKind.ROUND_TABLE:
                linked = [measures["6.3"]]
            save_meeting(meeting, measures=linked)
            made += 1
    return made


def _decisions(roadmaps: list[Roadmap], today: dt.date, author_staff: Staff | None) -> int:
    made = 0
    for day, title, codes in DECISIONS:
        if day > today:
            continue
        roadmap = next(r for r in roadmaps if day.year in r.years)
        basis = Meeting.objects.filter(date__lte=day, kind=MeetingKind.HEADS).order_by("-date").first()
        order = _document(DocumentKind.ORDER, f"{day:%m}-р/{day:%y}", day,
                          f"О мерах по итогам мониторинга профориентации: {title[:120]}")
        decision = Decision.objects.create(
            roadmap=roadmap, measure=roadmap.measures.get(number="5.1"), date=day, title=title,
            description="Меры приняты по итогам анализа показателей и адресных рекомендаций.",
            order=order, basis_meeting=basis)
        DecisionAction.objects.create(
            decision=decision, text=f"Довести решение до руководителей ОО: {title[:200]}",
            responsible=author_staff, due=day + dt.timedelta(days=30),
            status=DecisionAction.Status.DONE, done_on=day + dt.timedelta(days=20))
        for code in codes:
            DecisionIndicator.objects.create(decision=decision, indicator_code=code)
        made += 1
    return made


def _information_work(roadmaps: list[Roadmap], today: dt.date) -> int:
    made = 0
    for year in range(2021, today.year + 1):
        roadmap = next(r for r in roadmaps if year in r.years)
        measure = roadmap.measures.get(number="5.3")
        plan = [
            (dt.date(year, 2, 12), InformationWork.Kind.BOOKLET, "Буклет «Куда пойти учиться в "
             "Сахалинской области»", InformationWork.Audience.STUDENTS_PARENTS, 400),
            (dt.date(year, 4, 14), InformationWork.Kind.PARENTS_ONLINE, "Родительское собрание: "
             "подготовка к ГИА и выбор профессии", InformationWork.Audience.PARENTS, 160),
            (dt.date(year, 5, 25), InformationWork.Kind.HOTLINE, "«Горячая линия» по вопросам "
             "поступления и профориентации", InformationWork.Audience.STUDENTS_PARENTS, 37),
        ]
        for day, kind, title, audience, reach in plan:
            if day > today:
                continue
            work = InformationWork.objects.create(
                kind=kind, date=day, title=title, audience=audience, reach=reach, measure=measure,
                date_end=day + dt.timedelta(days=20) if kind == InformationWork.Kind.HOTLINE else None,
                place="сайт отдела образования, сообщества ОО в социальных сетях")
            if kind == InformationWork.Kind.HOTLINE:
                for question, answer, published in HOTLINE:
                    HotlineQuestion.objects.create(work=work, question=question, answer=answer,
                                                   is_published=published and year == today.year - 1)
            made += 1
    return made


@transaction.atomic
def build_demo(stdout=None) -> str:
    from . import reference

    reference.load()  # the approved roadmap, when absent
    roadmap = Roadmap.objects.filter(slug=SLUG).first()
    if roadmap is None:
        return "дорожная карта не загружена — пропущено"
    if Roadmap.objects.filter(slug=NEXT_SLUG).exists():
        return "дорожные карты и их исполнение уже внесены"
    today = timezone.localdate()
    _normative_base(roadmap, DOCUMENTS)
    _schedule_4_3(roadmap)

    # The next period: copied from the approved one, approved on 15.01.2024 (closing the old
    # one, whose reminders stop), with its own training targets.
    successor = copy_roadmap(
        roadmap, year_start=2024, year_end=2026, slug=NEXT_SLUG,
        title=f"Дорожная карта развития {SYSTEM} в муниципальном образовании «Городской округ "
              "Ногликский» на 2024-2026 годы")
    approving = _normative_base(successor, NEXT_DOCUMENTS)["1.1"]
    approve_roadmap(successor, on=NEXT_APPROVED_ON, document=approving)
    for year, value in NEXT_TARGETS.items():
        TrainingTarget.objects.filter(roadmap=successor, year=year).update(value=value)
    bump()
    roadmaps = [roadmap, successor]

    reports = _yearly_reports(2021, min(today.year, 2026), today)
    executions = sum(_as_needed(r, today) for r in roadmaps)
    meetings = sum(_meetings(r, today) for r in roadmaps)
    # One meeting ahead, so that the coordinators' «Сроки» show what a month looks like.
    save_meeting(Meeting(date=today + dt.timedelta(days=16),
                         topic="Итоги мониторинга профориентации за полугодие и сдача данных ОО",
                         kind=MeetingKind.HEADS, level=MeetingLevel.MUNICIPAL,
                         status=Meeting.Status.PLANNED, participants="руководители ОО"))
    head = Staff.objects.filter(school__isnull=True, last_name="Боброва").first()
    decisions = _decisions(roadmaps, today, head)
    works = _information_work(roadmaps, today)
    measures = Measure.objects.filter(roadmap__in=roadmaps).count()
    return (f"дорожные карты 2021–2023 (завершена {NEXT_APPROVED_ON:%d.%m.%Y}) и 2024–2026 "
            f"(действует; мероприятий в двух картах: {measures}); документов реестра: "
            f"{Document.objects.count()} (из них годовых отчётов: {reports}); отметок "
            f"«не потребовалось»: {executions}; совещаний: {meetings} (и одно запланировано); решений: {decisions}; "
            f"информационных мероприятий: {works}")
