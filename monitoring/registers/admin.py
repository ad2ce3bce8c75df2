"""Administration of the reference lists (kept by ИМЦ) and a read-mostly view of records.

Records are normally entered on the portal's pages; here they are scoped like everywhere
else, and a record of an accepted (locked) half-year cannot be changed or deleted."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import catalogs, labour, submissions
from .registry import registry


@admin.register(catalogs.Direction, catalogs.Subject, catalogs.TicketStage)
class SimpleCatalogAdmin(admin.ModelAdmin):
    list_display = ["name", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]


@admin.register(catalogs.Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "okso_groups", "is_active"]


@admin.register(catalogs.Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "direction", "orientation", "provider", "is_active"]
    list_filter = ["direction", "orientation", "is_active"]
    search_fields = ["name", "provider"]


@admin.register(catalogs.DiagnosticMethod)
class DiagnosticMethodAdmin(admin.ModelAdmin):
    list_display = ["name", "description", "is_active"]
    search_fields = ["name", "description"]


@admin.register(catalogs.Competition)
class CompetitionAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "kind", "is_active"]
    list_filter = ["level", "kind", "is_active"]
    search_fields = ["name"]


@admin.register(catalogs.Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "level", "city", "region", "in_sakhalin", "is_active"]
    list_filter = ["level", "in_sakhalin", "is_active"]
    search_fields = ["name", "short_name", "city"]


@admin.register(catalogs.Specialty)
class SpecialtyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "name"]


@admin.register(catalogs.Employer)
class EmployerAdmin(admin.ModelAdmin):
    list_display = ["name", "inn", "industry", "in_district", "is_active"]
    list_filter = ["industry", "in_district", "is_active"]
    search_fields = ["name", "inn"]


@admin.register(catalogs.Technoclass)
class TechnoclassAdmin(admin.ModelAdmin):
    list_display = ["name", "school", "profile", "partner", "opened_year", "is_active"]
    list_filter = ["school", "profile", "is_active"]


@admin.register(catalogs.GrowthPointCentre)
class GrowthPointCentreAdmin(admin.ModelAdmin):
    list_display = ["name", "school", "kind", "opened_year", "is_active"]


@admin.register(catalogs.ProjectoriaLesson)
class ProjectoriaLessonAdmin(admin.ModelAdmin):
    list_display = ["date", "topic", "is_active"]
    date_hierarchy = "date"
    search_fields = ["topic"]


class RecordAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "school", "date", "author"]
    list_filter = ["school", "academic_year", "period__half"]
    raw_id_fields = ["student"]
    date_hierarchy = "date"

    def get_queryset(self, request):
        return super().get_queryset(request).for_user(request.user).select_related("school")

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.is_locked():
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.is_locked():
            return False
        return super().has_delete_permission(request, obj)


class SchoolRecordAdmin(RecordAdmin):
    raw_id_fields: list[str] = []


# Every register's records, from the registry: a new register appears here by itself.
for _entry in registry:
    if _entry.kind == "student":
        admin.site.register(_entry.model, RecordAdmin)
    elif _entry.kind == "school":
        admin.site.register(_entry.model, SchoolRecordAdmin)


@admin.register(labour.SpecialistDemand, labour.TargetedTrainingOffer)
class LabourAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "year", "author"]
    list_filter = ["year"]


class SubmissionEventInline(admin.TabularInline):
    model = submissions.SubmissionEvent
    extra = 0
    can_delete = False
    readonly_fields = ["at", "user", "action", "from_state", "to_state", "comment"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(submissions.Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["school", "period", "state", "submitted_at", "decided_at"]
    list_filter = ["state", "period", "school"]
    readonly_fields = ["school", "period", "state", "submitted_at", "decided_at", "comment"]
    inlines = [SubmissionEventInline]

    def has_add_permission(self, request) -> bool:
        return False  # transitions happen on the portal's pages and are recorded there


@admin.register(submissions.SubmissionEvent)
class SubmissionEventAdmin(admin.ModelAdmin):
    list_display = ["submission", "action", "user", "at"]
    readonly_fields = ["submission", "from_state", "to_state", "action", "user", "at",
                       "comment"]
