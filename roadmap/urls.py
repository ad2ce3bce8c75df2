from django.urls import path

from monitoring.urls import object_urls

from . import views as v

app_name = "roadmap"

urlpatterns = [
    path("", v.CurrentRoadmapView.as_view(), name="current"),
    # roadmaps: the list, the board (detail), the passport, the report, the checklist
    *object_urls("plans", "roadmap", v.RoadmapListView, v.RoadmapBoardView, v.RoadmapEditView,
                 v.RoadmapDeleteView),
    path("plans/<int:pk>/passport/", v.PassportView.as_view(), name="passport"),
    path("plans/<int:pk>/passport/edit/", v.PassportEditView.as_view(), name="passport_edit"),
    path("plans/<int:pk>/report.xlsx", v.RoadmapReportView.as_view(file_format="xlsx"),
         name="report_xlsx"),
    path("plans/<int:pk>/report.docx", v.RoadmapReportView.as_view(file_format="docx"),
         name="report_docx"),
    path("plans/<int:pk>/copy/", v.RoadmapCopyView.as_view(), name="roadmap_copy"),
    path("plans/<int:pk>/approve/", v.RoadmapApproveView.as_view(), name="roadmap_approve"),
    path("plans/<int:pk>/checklist/", v.ChecklistView.as_view(), name="checklist"),
    path("plans/<int:roadmap_pk>/checklist/add/", v.RequiredDocumentEditView.as_view(),
         name="requireddocument_add"),
    path("checklist/<int:pk>/edit/", v.RequiredDocumentEditView.as_view(),
         name="requireddocument_edit"),
    path("checklist/<int:pk>/delete/", v.RequiredDocumentDeleteView.as_view(),
         name="requireddocument_delete"),
    # sections and measures of a roadmap
    path("plans/<int:roadmap_pk>/sections/add/", v.SectionEditView.as_view(), name="section_add"),
    path("sections/<int:pk>/edit/", v.SectionEditView.as_view(), name="section_edit"),
    path("sections/<int:pk>/delete/", v.SectionDeleteView.as_view(), name="section_delete"),
    path("plans/<int:roadmap_pk>/measures/add/", v.MeasureEditView.as_view(), name="measure_add"),
    path("measures/<int:pk>/", v.MeasureDetailView.as_view(), name="measure_detail"),
    path("measures/<int:pk>/edit/", v.MeasureEditView.as_view(), name="measure_edit"),
    path("measures/<int:pk>/delete/", v.MeasureDeleteView.as_view(), name="measure_delete"),
    # a measure's schedule («В соответствии с графиком») and executions
    path("measures/<int:measure_pk>/schedule/add/", v.ScheduleDateAddView.as_view(),
         name="scheduledate_add"),
    path("schedule/<int:pk>/delete/", v.ScheduleDateDeleteView.as_view(),
         name="scheduledate_delete"),
    path("measures/<int:measure_pk>/executions/add/", v.ExecutionEditView.as_view(),
         name="execution_add"),
    path("executions/<int:pk>/edit/", v.ExecutionEditView.as_view(), name="execution_edit"),
    path("executions/<int:pk>/delete/", v.ExecutionDeleteView.as_view(),
         name="execution_delete"),
    # the documents registry
    *object_urls("documents", "document", v.DocumentListView, v.DocumentDetailView,
                 v.DocumentEditView, v.DocumentDeleteView),
    path("documents/<int:pk>/download/", v.DocumentDownloadView.as_view(),
         name="document_download"),
    # meetings, decisions, information work, risks
    path("meetings/calendar/", v.MeetingCalendarView.as_view(), name="meeting_calendar"),
    *object_urls("meetings", "meeting", v.MeetingListView, v.MeetingDetailView,
                 v.MeetingEditView, v.MeetingDeleteView),
    *object_urls("decisions", "decision", v.DecisionListView, v.DecisionDetailView,
                 v.DecisionEditView, v.DecisionDeleteView),
    *object_urls("information", "information", v.InformationListView,
                 v.InformationDetailView, v.InformationEditView, v.InformationDeleteView),
    *object_urls("risks", "risk", v.RiskListView, v.RiskDetailView, v.RiskEditView,
                 v.RiskDeleteView),
]
