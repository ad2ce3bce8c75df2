from django.contrib import admin

from .models import Recommendation, RecommendationAck, ReportFile, ReportJob


class ReportFileInline(admin.TabularInline):
    model = ReportFile
    extra = 0
    fields = ["format", "filename", "size", "created_at"]
    readonly_fields = fields
    can_delete = False


@admin.register(ReportJob)
class ReportJobAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "progress", "attempts", "approved", "requested_by",
                    "created_at"]
    list_filter = ["kind", "status", "approved"]
    search_fields = ["period_code", "school__short_name"]
    readonly_fields = ["status", "progress", "message", "attempts", "created_at", "started_at",
                       "finished_at", "approved_by", "approved_at"]
    raw_id_fields = ["requested_by"]
    inlines = [ReportFileInline]


class RecommendationAckInline(admin.TabularInline):
    model = RecommendationAck
    extra = 0
    raw_id_fields = ["acknowledged_by", "done_by"]


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "audience", "school", "status", "source", "period_code",
                    "created_at"]
    list_filter = ["status", "audience", "source", "school"]
    search_fields = ["text", "indicator_code", "rule_code"]
    raw_id_fields = ["author"]
    inlines = [RecommendationAckInline]
