"""Import and export columns of the school's class lists and staff lists."""

from __future__ import annotations

import re
from typing import Any

from .importing import (
    ChoiceWidget,
    Column,
    DateWidget,
    IntegerWidget,
    PortalResource,
    TextWidget,
    YesNoWidget,
    cell_text,
    normalize_text,
)
from .models import GRADE_MAX, GRADE_MIN, Enrollment, Sex, Staff, Student


class NameWidget(TextWidget):
    """Names typed in capitals or in lower case are stored as «Иванова-Петрова»."""

    def clean(self, value, row=None, **kwargs) -> str:
        text = super().clean(value, row, **kwargs)
        if text and (text.isupper() or text.islower()):
            text = "-".join(part[:1].upper() + part[1:].lower() for part in text.split("-"))
        return text


class DefaultYesWidget(YesNoWidget):
    def clean(self, value, row=None, **kwargs) -> bool:
        if cell_text(value) == "":
            return True
        return super().clean(value, row, **kwargs)


SEX_WIDGET_ALIASES = {"м": Sex.MALE, "муж": Sex.MALE, "ж": Sex.FEMALE, "жен": Sex.FEMALE}
_CLASS_RE = re.compile(r"^(\d{1,2})\s*[-\s]?\s*([А-Яа-яЁёA-Za-z]?)$")


def person_key(row_or_obj: Any, *extra: Any) -> tuple:
    if isinstance(row_or_obj, dict):
        parts = (row_or_obj.get("Фамилия"), row_or_obj.get("Имя"), row_or_obj.get("Отчество"))
    else:
        parts = (row_or_obj.last_name, row_or_obj.first_name, row_or_obj.middle_name)
    return (*(normalize_text(p) for p in parts), *extra)


class StudentResource(PortalResource):
    """The class list: a student is found by ФИО + birth date within the school; the grade
    and letter are stored for the academic year the import is made for."""

    row_noun = "обучающийся"
    row_gender = "m"

    last_name = Column("last_name", "Фамилия", NameWidget(100), required=True, example="Иванова")
    first_name = Column("first_name", "Имя", NameWidget(100), required=True, example="Анна")
    middle_name = Column("middle_name", "Отчество", NameWidget(100), example="Сергеевна",
                         help_text="Если отчества нет, оставьте пустым.")
    birth_date = Column("birth_date", "Дата рождения", DateWidget(), required=True,
                        example="14.03.2011", help_text="дд.мм.гггг.")
    sex = Column("sex", "Пол", ChoiceWidget(Sex.choices, SEX_WIDGET_ALIASES), required=True,
                 example="женский", help_text="Можно писать «м» или «ж».")
    grade = Column("grade", "Класс", IntegerWidget(GRADE_MIN, GRADE_MAX), required=True,
                   example="7", help_text="Параллель, число от 1 до 11 (можно «7А»).")
    class_letter = Column("class_letter", "Литера", TextWidget(3), example="А",
                          help_text="Буква класса, если есть.")
    has_ovz = Column("has_ovz", "ОВЗ", YesNoWidget(), example="нет",
                     help_text="Обучающийся с ограниченными возможностями здоровья.")
    is_disabled = Column("is_disabled", "Ребёнок-инвалид", YesNoWidget(), example="нет")

    class Meta(PortalResource.Meta):
        model = Student
        fields = ("last_name", "first_name", "middle_name", "birth_date", "sex", "grade",
                  "class_letter", "has_ovz", "is_disabled")
        import_id_fields = ()

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._enrollments: dict[int, Enrollment] = {}

    def existing(self):
        students = list(Student.objects.filter(school=self.school))
        self._enrollments = {
            e.student_id: e
            for e in Enrollment.objects.filter(
                student__school=self.school, academic_year=self.academic_year
            )
        }
        return students

    def identity(self, row: dict) -> tuple | None:
        birth = DateWidget().clean(row.get("Дата рождения"))
        if birth is None or not cell_text(row.get("Фамилия")):
            return None
        return person_key(row, birth)

    def instance_identity(self, instance) -> tuple:
        return person_key(instance, instance.birth_date)

    def load_extra(self, instance) -> None:
        enrollment = self._enrollments.get(instance.pk)
        instance.grade = enrollment.grade if enrollment else None
        instance.class_letter = enrollment.class_letter if enrollment else ""

    def before_import_row(self, row, **kwargs) -> None:
        # «7А» or «7 а» in the grade column is common: split it into grade and letter.
        match = _CLASS_RE.match(cell_text(row.get("Класс")))
        if match and match.group(2):
            row["Класс"] = match.group(1)
            if not cell_text(row.get("Литера")):
                row["Литера"] = match.group(2)
        if cell_text(row.get("Литера")):
            row["Литера"] = cell_text(row.get("Литера")).upper()
        super().before_import_row(row, **kwargs)

    def after_save_instance(self, instance, row, **kwargs) -> None:
        enrollment = self._enrollments.get(instance.pk)
        if enrollment is None:
            enrollment = Enrollment(student=instance, academic_year=self.academic_year)
        if (enrollment.pk is None or enrollment.grade != instance.grade
                or enrollment.class_letter != (instance.class_letter or "")):
            enrollment.grade = instance.grade
            enrollment.class_letter = instance.class_letter or ""
            enrollment.save()
            self._enrollments[instance.pk] = enrollment

    def dehydrate_grade(self, student: Student):
        return getattr(student, "grade", None)

    def dehydrate_class_letter(self, student: Student):
        return getattr(student, "class_letter", "") or ""

    def describe(self, row: dict) -> str:
        name = " ".join(cell_text(row.get(k)) for k in ("Фамилия", "Имя", "Отчество"))
        klass = f"{cell_text(row.get('Класс'))}{cell_text(row.get('Литера'))}"
        return f"{name.strip()}, {klass}" if klass else name.strip()


class StaffResource(PortalResource):
    """The staff list of a school: a person is found by ФИО within the school."""

    row_noun = "сотрудник"
    row_gender = "m"

    last_name = Column("last_name", "Фамилия", NameWidget(100), required=True, example="Петрова")
    first_name = Column("first_name", "Имя", NameWidget(100), required=True, example="Ольга")
    middle_name = Column("middle_name", "Отчество", NameWidget(100), example="Ивановна")
    position = Column("position", "Должность", TextWidget(255), required=True,
                      example="учитель математики")
    category = Column(
        "category", "Категория",
        ChoiceWidget(
            [c for c in Staff.Category.choices if c[0] != Staff.Category.DEPARTMENT],
            {"администрация": Staff.Category.SCHOOL_ADMIN, "педагог": Staff.Category.TEACHER},
        ),
        required=True, example="педагог ОО",
    )
    is_class_teacher = Column("is_class_teacher", "Классный руководитель", YesNoWidget(),
                              example="да")
    is_specialist = Column("is_specialist", "Узкий специалист", YesNoWidget(), example="нет",
                           help_text="Педагог-психолог, социальный педагог, логопед и др.")
    is_tutor = Column("is_tutor", "Тьютор", YesNoWidget(), example="нет")
    email = Column("email", "Эл. почта", TextWidget(254), aliases=("email", "e-mail", "почта"),
                   example="petrova@example.ru")
    is_working = Column("is_working", "Работает", DefaultYesWidget(), example="да",
                        help_text="«нет» — уволен(а). Пусто — работает.")

    class Meta(PortalResource.Meta):
        model = Staff
        fields = ("last_name", "first_name", "middle_name", "position", "category",
                  "is_class_teacher", "is_specialist", "is_tutor", "email", "is_working")
        import_id_fields = ()

    def existing(self):
        return Staff.objects.filter(school=self.school)

    def identity(self, row: dict) -> tuple | None:
        if not cell_text(row.get("Фамилия")):
            return None
        return person_key(row)

    def instance_identity(self, instance) -> tuple:
        return person_key(instance)

    def after_init_instance(self, instance, new, row, **kwargs) -> None:
        super().after_init_instance(instance, new, row, **kwargs)
        if new and self.school is not None:
            instance.municipality_id = self.school.municipality_id
