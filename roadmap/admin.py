"""Django admin for the administrator: every roadmap model, Russian names, no file URLs
(documents are downloaded through the portal's permission-checked view)."""

from django.contrib import admin
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Decision,
    DecisionAction,
    DecisionIndicator,
    Document,
    Execution,
    HotlineQuestion,
    InformationWork,
    Measure,
    Meeting,
    Passport,
    ReminderLog,
    RequiredDocument,
    Risk,
    Roadmap,
    ScheduleDate,
    Section,
    TrainingCourse,
    TrainingParticipation,
    TrainingPlanItem,
    TrainingTarget,
)


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0


@admin.register(Roadmap)
class RoadmapAdmin(admin.ModelAdmin):
    list_display = ["__str__", "slug", "status", "year_start", "year_end", "approved_on",
                    "closed_on"]
    list_filter = ["status"]
    inlines = [SectionInline]
    raw_id_fields = ["approving_document"]
    readonly_fields = ["source", "approved_on", "closed_on", "superseded_by"]


@admin.register(Passport)
class PassportAdmin(admin.ModelAdmin):
    list_display = ["__str__", "updated_at"]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "roadmap"]
    list_filter = ["roadmap"]


class ScheduleInline(admin.TabularInline):
    model = ScheduleDate
    extra = 0


@admin.register(Measure)
class MeasureAdmin(SimpleHistoryAdmin):
    list_display = ["number", "roadmap", "deadline_text", "responsible_text"]
    list_filter = ["roadmap", "section"]
    search_fields = ["number", "text"]
    filter_horizontal = ["responsible"]
    inlines = [ScheduleInline]


@admin.register(Execution)
class ExecutionAdmin(SimpleHistoryAdmin):
    list_display = ["measure", "occurrence_key", "date", "status", "author"]
    list_filter = ["status", "measure__roadmap"]
    raw_id_fields = ["documents"]


@admin.register(Document)
class DocumentAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "kind", "status", "school", "date", "download"]
    list_filter = ["kind", "status", "school"]
    search_fields = ["title", "number"]
    exclude = ["file"]
    readonly_fields = ["download", "file_name", "file_format", "file_size"]
    filter_horizontal = ["measures"]

    @admin.display(description="файл")
    def download(self, obj: Document) -> str:
        if not obj.file:
            return "—"
        return format_html('<a href="{}">{}</a>', obj.download_url, obj.download_name)


@admin.register(RequiredDocument)
class RequiredDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "roadmap", "kind", "title_pattern", "measure"]
    list_filter = ["roadmap", "kind"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "level", "status"]
    list_filter = ["kind", "level", "status"]
    filter_horizontal = ["measures", "schools", "notes"]


class ActionInline(admin.TabularInline):
    model = DecisionAction
    extra = 0


class IndicatorInline(admin.TabularInline):
    model = DecisionIndicator
    extra = 0
    readonly_fields = ["indicator_title", "value_before", "value_after", "conclusion"]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "roadmap", "effect"]
    list_filter = ["roadmap", "effect"]
    inlines = [ActionInline, IndicatorInline]
    # Computed by «Рассчитать и предложить вывод», shown, never typed.
    readonly_fields = ["effect", "conclusion", "checked_by"]


class QuestionInline(admin.TabularInline):
    model = HotlineQuestion
    extra = 0


@admin.register(InformationWork)
class InformationWorkAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "audience", "reach"]
    list_filter = ["kind", "audience"]
    inlines = [QuestionInline]


@admin.register(Risk)
class RiskAdmin(admin.ModelAdmin):
    list_display = ["__str__", "roadmap", "owner", "indicator_code"]
    list_filter = ["roadmap"]


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    list_display = ["staff", "date", "email", "sent_at"]
    list_filter = ["date"]


@admin.register(ScheduleDate)
class ScheduleDateAdmin(admin.ModelAdmin):
    list_display = ["measure", "date", "note"]


@admin.register(DecisionAction)
class DecisionActionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "decision", "responsible", "due", "status"]
    list_filter = ["status"]


@admin.register(DecisionIndicator)
class DecisionIndicatorAdmin(admin.ModelAdmin):
    list_display = ["indicator_code", "decision", "value_before", "value_after"]
    readonly_fields = ["indicator_title", "value_before", "value_after", "conclusion"]


@admin.register(HotlineQuestion)
class HotlineQuestionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "work", "times_asked", "is_published"]
    list_filter = ["is_published"]


class TrainingParticipationInline(admin.TabularInline):
    model = TrainingParticipation
    extra = 0
    raw_id_fields = ["staff"]


@admin.register(TrainingCourse)
class TrainingCourseAdmin(admin.ModelAdmin):
    list_display = ["title", "provider", "hours", "starts_on", "ends_on"]
    search_fields = ["title", "provider"]
    inlines = [TrainingParticipationInline]


@admin.register(TrainingParticipation)
class TrainingParticipationAdmin(admin.ModelAdmin):
    list_display = ["staff", "course", "completed_on", "certificate_number"]
    list_filter = ["staff__category", "completed_on"]
    raw_id_fields = ["staff"]

    def get_queryset(self, request):
        return super().get_queryset(request).for_user(request.user)


@admin.register(TrainingPlanItem)
class TrainingPlanItemAdmin(admin.ModelAdmin):
    list_display = ["year", "category", "school", "planned"]
    list_filter = ["year", "category"]


@admin.register(TrainingTarget)
class TrainingTargetAdmin(admin.ModelAdmin):
    list_display = ["roadmap", "year", "group", "value"]
    list_filter = ["roadmap", "year", "group"]
