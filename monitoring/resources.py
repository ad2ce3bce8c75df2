"""Import and export columns of the school's class lists and staff lists."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.core.exceptions import ValidationError

from .importing import (
    ChoiceWidget,
    Column,
    DateWidget,
    ImportFileError,
    IntegerWidget,
    PortalResource,
    TextWidget,
    YesNoWidget,
    cell_text,
    class_letter,
    header_place,
    normalize_text,
    parse_class,
)
from .models import GRADE_MAX, GRADE_MIN, Enrollment, Sex, Staff, Student
from .registers.validators import birth_date_problem


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


class BirthDateWidget(DateWidget):
    """A date a schoolchild can have been born on: 05.05.2031 and 01.01.1950 are typos,
    and a typo here would make a second student of the same person."""

    def clean(self, value, row=None, **kwargs):
        day = super().clean(value, row, **kwargs)
        problem = birth_date_problem(day) if day else None
        if problem:
            raise ValueError(problem)
        return day


SEX_WIDGET_ALIASES = {"м": Sex.MALE, "муж": Sex.MALE, "ж": Sex.FEMALE, "жен": Sex.FEMALE}


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
    birth_date = Column("birth_date", "Дата рождения", BirthDateWidget(), required=True,
                        example="14.03.2011", help_text="дд.мм.гггг.")
    sex = Column("sex", "Пол", ChoiceWidget(Sex.choices, SEX_WIDGET_ALIASES), required=True,
                 example="женский", help_text="Можно писать «м» или «ж».")
    grade = Column("grade", "Класс", IntegerWidget(GRADE_MIN, GRADE_MAX), example="7",
                   help_text="Параллель, число от 1 до 11 (можно «7А», «7 «А»», «7А класс»). "
                             "Обязателен для нового обучающегося; пусто у выпускника или "
                             "выбывшего — его класс не меняется.")
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
        self._births_of: dict[tuple, list] = {}

    def check_headers(self, found: set[str], header_row: int, filename: str,
                      sheet: str = "") -> None:
        super().check_headers(found, header_row, filename, sheet)
        if "Класс" not in found:
            raise ImportFileError(
                f"В файле «{filename}» нет обязательного столбца «Класс» "
                f"({header_place(sheet, header_row)}). Добавьте его или скачайте шаблон.")

    def existing(self):
        students = list(Student.objects.filter(school=self.school))
        self._enrollments = {
            e.student_id: e
            for e in Enrollment.objects.filter(
                student__school=self.school, academic_year=self.academic_year
            )
        }
        self._births_of = defaultdict(list)
        for student in students:
            self._births_of[person_key(student)].append(student.birth_date)
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
        # «7А», «7 а», «5 «Б»», «8А-класс» in the grade column: grade and letter apart.
        try:
            klass = parse_class(row.get("Класс"))
        except ValueError:
            klass = None  # the grade column reports it in its own words
        if klass is not None:
            row["Класс"] = klass[0]
            if klass[1] and not cell_text(row.get("Литера")):
                row["Литера"] = klass[1]
        if cell_text(row.get("Литера")):
            row["Литера"] = class_letter(row.get("Литера"))
        super().before_import_row(row, **kwargs)

    def import_instance(self, instance, row, **kwargs) -> None:
        super().import_instance(instance, row, **kwargs)
        if instance.pk is not None and getattr(instance, "grade", None) is None:
            # A blank class keeps what the portal holds (a graduate has none this year):
            # an exported list re-imports unchanged.
            self.load_extra(instance)
            return
        if instance.pk is None:
            errors = {}
            if getattr(instance, "grade", None) is None:
                errors["grade"] = "обязательное поле не заполнено: укажите класс нового обучающегося"
            births = self._births_of.get(person_key(instance), [])
            if births and instance.birth_date not in births:
                # Never a silent second student of the same person: a wrong birth date
                # in one file would otherwise split one child's records in two.
                known = ", ".join(f"{b:%d.%m.%Y}" for b in births)
                errors["birth_date"] = (
                    f"в ОО уже есть обучающийся с такими ФИО и датой рождения {known}: если это "
                    "он(а), исправьте дату рождения; если это другой человек с теми же ФИО, "
                    "добавьте его через форму «Добавить»")
            if errors:
                raise ValidationError(errors)

    def after_save_instance(self, instance, row, **kwargs) -> None:
        if instance.grade is None:
            return  # no class this year (a graduate): nothing to record
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
