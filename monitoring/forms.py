from __future__ import annotations

from typing import Any

from django import forms
from django.utils.decorators import method_decorator
from django.views.decorators.debug import sensitive_variables

from .importing import class_letter, normalize_text
from .models import GRADE_MAX, GRADE_MIN, AcademicYear, Enrollment, School, Staff, Student
from .registers.validators import birth_date_problem


class SchoolFieldMixin:
    """Adds the school field only where the user may choose (see SchoolAssignmentMixin)."""

    school_required = True

    def setup_school(self, schools, fixed_school: School | None) -> None:
        self.fixed_school = fixed_school
        if fixed_school is not None:
            self.fields.pop("school", None)
            self.instance.school = fixed_school
        elif "school" in self.fields:
            self.fields["school"].queryset = schools
            self.fields["school"].required = self.school_required
            self.fields["school"].error_messages["invalid_choice"] = "Выберите ОО из списка."


class StudentForm(SchoolFieldMixin, forms.ModelForm):
    grade = forms.IntegerField(
        label="Класс (параллель)", min_value=GRADE_MIN, max_value=GRADE_MAX,
        error_messages={
            "min_value": "Класс — число от 1 до 11.",
            "max_value": "Класс — число от 1 до 11.",
        },
    )
    class_letter = forms.CharField(label="Литера", max_length=3, required=False)
    #: shown only when the school already has a student with this ФИО: a namesake is
    #: added on purpose, never by a mistyped birth date
    other_person = forms.BooleanField(
        label="Это другой человек с теми же ФИО (не тот обучающийся, что уже есть)",
        required=False, widget=forms.HiddenInput)

    class Meta:
        model = Student
        fields = ["school", "last_name", "first_name", "middle_name", "birth_date", "sex",
                  "has_ovz", "is_disabled", "status"]
        widgets = {"birth_date": forms.DateInput(attrs={"placeholder": "дд.мм.гггг"})}

    def __init__(self, *args: Any, schools=None, fixed_school=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_school(schools, fixed_school)
        self.academic_year = AcademicYear.objects.current()
        self.fields["grade"].help_text = f"В {self.academic_year} учебном году."
        if self.instance.pk:
            enrollment = self.instance.enrollments.filter(academic_year=self.academic_year).first()
            if enrollment:
                self.initial.update(grade=enrollment.grade, class_letter=enrollment.class_letter)

    def clean_class_letter(self) -> str:
        return class_letter(self.cleaned_data["class_letter"])  # «б», «"Б"», Latin «B» → «Б»

    def clean_birth_date(self):
        day = self.cleaned_data.get("birth_date")
        problem = birth_date_problem(day) if day else None
        if problem:
            raise forms.ValidationError(problem[:1].upper() + problem[1:] + ".")
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        school = data.get("school") or getattr(self, "fixed_school", None)
        if school is None or not data.get("birth_date"):
            return data
        same = Student.objects.filter(
            school=school, last_name=(data.get("last_name") or "").strip(),
            first_name=(data.get("first_name") or "").strip(),
            middle_name=(data.get("middle_name") or "").strip(), birth_date=data["birth_date"])
        if same.exclude(pk=self.instance.pk).exists():
            # The database's rule is the truth; this is its message, before a save fails.
            raise forms.ValidationError(
                "В этой ОО уже есть обучающийся с такими ФИО и датой рождения: он не добавлен "
                "второй раз. Найдите его в списке обучающихся.")
        if self.instance.pk or data.get("other_person"):
            return data
        name = normalize_text(" ".join(data.get(k) or "" for k in ("last_name", "first_name", "middle_name")))
        namesakes = [s for s in Student.objects.filter(school=school,
                                                       last_name__iexact=(data.get("last_name") or "").strip())
                     if normalize_text(s.full_name) == name and s.birth_date != data["birth_date"]]
        if namesakes:
            known = ", ".join(f"{s.birth_date:%d.%m.%Y}" for s in namesakes)
            self.fields["other_person"].widget = forms.CheckboxInput()
            self.add_error("birth_date", (
                f"В ОО уже есть обучающийся с такими ФИО, дата рождения {known}. Если это он(а), "
                "не добавляйте второго: откройте его карточку и исправьте дату рождения. Если "
                "это другой человек, отметьте «Это другой человек с теми же ФИО»."))
        return data

    @method_decorator(sensitive_variables())
    def save(self, commit: bool = True) -> Student:
        student = super().save(commit=commit)
        Enrollment.objects.update_or_create(
            student=student, academic_year=self.academic_year,
            defaults={"grade": self.cleaned_data["grade"],
                      "class_letter": self.cleaned_data["class_letter"]},
        )
        return student


class StaffForm(SchoolFieldMixin, forms.ModelForm):
    school_required = False

    class Meta:
        model = Staff
        fields = ["school", "last_name", "first_name", "middle_name", "position", "category",
                  "is_class_teacher", "is_specialist", "is_tutor", "email", "is_working",
                  "left_on"]
        widgets = {"left_on": forms.DateInput(attrs={"placeholder": "дд.мм.гггг"})}

    def __init__(self, *args: Any, schools=None, fixed_school=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_school(schools, fixed_school)
        if fixed_school is not None or not schools.model.objects.exists():
            # A school's staff list has no department employees.
            self.fields["category"].choices = [
                c for c in self.fields["category"].choices if c[0] != Staff.Category.DEPARTMENT
            ]
        if "school" in self.fields:
            self.fields["school"].empty_label = "— отдел образования —"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        school = data.get("school", getattr(self, "fixed_school", None))
        category = data.get("category")
        if category == Staff.Category.DEPARTMENT and school is not None:
            self.add_error("school", "Сотрудник отдела образования не относится к ОО.")
        if category and category != Staff.Category.DEPARTMENT and school is None:
            self.add_error("school", "Укажите ОО: администрация и педагоги работают в ОО.")
        if data.get("is_working") is False and not data.get("left_on"):
            self.add_error("left_on", "Укажите дату увольнения.")
        return data

    def save(self, commit: bool = True) -> Staff:
        staff = self.instance
        school = staff.school if staff.school_id else None
        if school is not None:
            staff.municipality_id = school.municipality_id
        elif not staff.municipality_id:
            from .models import Municipality

            staff.municipality = Municipality.objects.order_by("pk").first()
        return super().save(commit=commit)
