from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from import_export.admin import ExportMixin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AcademicYear,
    DataVersion,
    Enrollment,
    Municipality,
    Period,
    School,
    Staff,
    Student,
    User,
    WorkerHeartbeat,
)


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "region"]


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["short_name", "code", "kind", "has_growth_point", "is_active"]
    list_filter = ["kind", "has_growth_point", "is_active", "municipality"]
    search_fields = ["name", "short_name", "code"]


class PeriodInline(admin.TabularInline):
    model = Period
    extra = 0


@admin.register(AcademicYear)
class AcademicYearAdmin(admin.ModelAdmin):
    list_display = ["title", "start_year"]
    inlines = [PeriodInline]


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ["__str__", "academic_year", "half", "submission_due"]
    list_filter = ["academic_year", "half"]


class EnrollmentInline(admin.TabularInline):
    model = Enrollment
    extra = 0


@admin.register(Student)
class StudentAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "birth_date", "school", "sex", "has_ovz", "is_disabled", "status"]
    list_filter = ["school", "sex", "has_ovz", "is_disabled", "status"]
    search_fields = ["last_name", "first_name", "middle_name"]
    inlines = [EnrollmentInline]

    def get_queryset(self, request):
        return super().get_queryset(request).for_user(request.user).select_related("school")


@admin.register(Enrollment)
class EnrollmentAdmin(SimpleHistoryAdmin):
    list_display = ["student", "academic_year", "grade", "class_letter"]
    list_filter = ["academic_year", "grade"]
    raw_id_fields = ["student"]

    def get_queryset(self, request):
        return super().get_queryset(request).for_user(request.user)


@admin.register(Staff)
class StaffAdmin(ExportMixin, SimpleHistoryAdmin):
    list_display = ["full_name", "position", "category", "place", "is_working"]
    list_filter = ["category", "is_working", "school", "is_class_teacher", "is_specialist",
                   "is_tutor"]
    search_fields = ["last_name", "first_name", "middle_name", "position"]

    def get_queryset(self, request):
        return super().get_queryset(request).for_user(request.user).select_related("school")


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    fieldsets = (
        *UserAdmin.fieldsets,
        ("Портал", {"fields": ("middle_name", "position", "schools")}),
    )
    filter_horizontal = ("groups", "user_permissions", "schools")
    list_display = ["username", "last_name", "first_name", "role_label", "is_active"]
    list_filter = ["groups", "is_active", "schools"]

    @admin.display(description="роль")
    def role_label(self, obj):
        return obj.role_label


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ["hostname", "pid", "seen_at", "eager"]


@admin.register(DataVersion)
class DataVersionAdmin(admin.ModelAdmin):
    """Read-only: the number only writes change (monitoring/dataversion.py)."""

    list_display = ["value"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


# The registers, their reference lists and submissions (monitoring/registers/admin.py).
from .registers import admin as registers_admin  # noqa: E402, F401
