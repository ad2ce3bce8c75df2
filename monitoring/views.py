"""Class lists, staff lists and schools: thin declarations over the generic views."""

from __future__ import annotations

from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.views.decorators.debug import sensitive_post_parameters

from .filters import SchoolFilterSet, StaffFilterSet, StudentFilterSet, with_enrollment
from .forms import StaffForm, StudentForm
from .models import AcademicYear, School, Staff, Student
from .resources import StaffResource, StudentResource
from .views_generic import (
    Col,
    ImportTemplateView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectImportView,
    ObjectListView,
)

#: a person's name sorts by surname, then first name and patronymic
NAME_ORDER = ("last_name", "first_name", "middle_name")


def _class_name(student: Student) -> str:
    grade = getattr(student, "grade", None)
    return f"{grade}{getattr(student, 'class_letter', '') or ''}" if grade else "—"


# Views whose requests carry a student's (or an employee's) name and birth date: error
# reports hide every POST value (nogliki_portal/privacy.py hides them anyway; this says so
# where the data enters).
PERSONAL_DATA = sensitive_post_parameters()


class StudentMixin:
    model = Student
    url_base = "monitoring:student"
    title = "Обучающиеся"


class StudentListView(StudentMixin, ObjectListView):
    filterset_class = StudentFilterSet
    resource_class = StudentResource
    importable = True
    export_filename = "Обучающиеся.xlsx"
    columns = [
        Col("ФИО", "full_name", link=True, order=NAME_ORDER),
        Col("Дата рождения", lambda s: s.birth_date.strftime("%d.%m.%Y"), order="birth_date"),
        Col("Класс", _class_name, order=("grade", "class_letter")),
        Col("Пол", "sex"),
        Col("ОВЗ", "has_ovz"),
        Col("Инвалидность", "is_disabled"),
        Col("Статус", "status"),
        Col("ОО", "school.short_name"),
    ]

    def get_queryset(self):
        year = AcademicYear.objects.current()
        return with_enrollment(super().get_queryset().select_related("school"), year)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["subtitle"] = f"Классы — на {AcademicYear.objects.current()} учебный год"
        return context


@method_decorator(PERSONAL_DATA, name="dispatch")
class StudentDetailView(StudentMixin, ObjectDetailView):
    template_name = "monitoring/student_detail.html"
    fields = [
        Col("ФИО", "full_name"),
        Col("Дата рождения", lambda s: s.birth_date.strftime("%d.%m.%Y")),
        Col("Пол", "sex"),
        Col("ОВЗ", "has_ovz"),
        Col("Ребёнок-инвалид", "is_disabled"),
        Col("Статус", "status"),
        Col("ОО", "school.short_name"),
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["enrollments"] = self.object.enrollments.select_related("academic_year")
        context["history"] = self.object.history.select_related("history_user")[:20]
        # The student's path across the ten registers and the years (monitoring/registers).
        from .registers.services import student_path

        context["register_path"] = student_path(self.object)
        return context


@method_decorator(PERSONAL_DATA, name="dispatch")
class StudentEditView(StudentMixin, ObjectEditView):
    form_class = StudentForm


@method_decorator(PERSONAL_DATA, name="dispatch")
class StudentDeleteView(StudentMixin, ObjectDeleteView):
    pass


@method_decorator(PERSONAL_DATA, name="dispatch")
class StudentImportView(StudentMixin, ObjectImportView):
    resource_class = StudentResource


class StudentTemplateView(StudentMixin, ImportTemplateView):
    resource_class = StudentResource
    template_title = "Шаблон списка обучающихся (контингент ОО)"
    template_filename = "Шаблон — обучающиеся.xlsx"
    notes = (
        "Обучающийся определяется по ФИО и дате рождения внутри ОО: при повторной загрузке "
        "его данные обновятся, дубль не появится.",
        "Класс и литера сохраняются на текущий учебный год.",
    )


class StaffMixin:
    model = Staff
    url_base = "monitoring:staff"
    title = "Сотрудники"


class StaffListView(StaffMixin, ObjectListView):
    filterset_class = StaffFilterSet
    resource_class = StaffResource
    importable = True
    export_filename = "Сотрудники.xlsx"
    columns = [
        Col("ФИО", "full_name", link=True, order=NAME_ORDER),
        Col("Должность", "position"),
        Col("Категория", "category"),
        Col("Роли", "roles_display"),
        Col("Место работы", "place", order="school__short_name"),
        Col("Работает", "is_working"),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("school")


class StaffDetailView(StaffMixin, ObjectDetailView):
    fields = [
        Col("ФИО", "full_name"),
        Col("Должность", "position"),
        Col("Категория", "category"),
        Col("Роли", "roles_display"),
        Col("Место работы", "place"),
        Col("Эл. почта", "email"),
        Col("Работает", "is_working"),
        Col("Дата увольнения", lambda s: s.left_on.strftime("%d.%m.%Y") if s.left_on else ""),
    ]


@method_decorator(PERSONAL_DATA, name="dispatch")
class StaffEditView(StaffMixin, ObjectEditView):
    form_class = StaffForm


class StaffDeleteView(StaffMixin, ObjectDeleteView):
    pass


@method_decorator(PERSONAL_DATA, name="dispatch")
class StaffImportView(StaffMixin, ObjectImportView):
    resource_class = StaffResource


class StaffTemplateView(StaffMixin, ImportTemplateView):
    resource_class = StaffResource
    template_title = "Шаблон списка сотрудников ОО"
    template_filename = "Шаблон — сотрудники.xlsx"
    notes = ("Сотрудник определяется по ФИО внутри ОО: повторная загрузка обновит его данные.",)


class SchoolMixin:
    model = School
    url_base = "monitoring:school"
    title = "Образовательные организации"


class SchoolListView(SchoolMixin, ObjectListView):
    filterset_class = SchoolFilterSet
    columns = [
        Col("ОО", "short_name", link=True),
        Col("Тип", "kind"),
        Col("«Точка роста»", "has_growth_point"),
        Col("Обучающихся", "student_count", order="student_count"),
        Col("Сотрудников", "staff_count", order="staff_count"),
    ]

    def get_queryset(self):
        return super().get_queryset().filter(is_active=True).with_counts().order_by("short_name")


class SchoolDetailView(SchoolMixin, ObjectDetailView):
    fields = [
        Col("Полное наименование", "name"),
        # An identifier for commands and files (import_register --school CODE), not a word.
        Col("Код", lambda s: format_html("<code>{}</code>", s.code)),
        Col("Тип", "kind"),
        Col("Центр «Точка роста»", "has_growth_point"),
        Col("Год открытия «Точки роста»", "growth_point_opened"),
        Col("Адрес", "address"),
        Col("Руководитель", "director"),
        Col("Муниципалитет", "municipality"),
    ]
