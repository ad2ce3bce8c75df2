"""Included by reports/urls.py (namespace «reports»)."""

from django.urls import path

from . import views

urlpatterns = [
    path("dashboard/", views.MunicipalDashboardView.as_view(), name="municipal_dashboard"),
    path("dashboard/school/<int:pk>/", views.SchoolDashboardView.as_view(), name="school_dashboard"),
    path("indicators/", views.IndicatorCatalogueView.as_view(), name="indicator_catalogue"),
    path("labour-market/", views.LabourMarketView.as_view(), name="labour_market"),
    path("decisions/", views.DecisionEffectivenessView.as_view(), name="decision_effectiveness"),
    path("dashboard/draft-recommendations/", views.DraftRecommendationsView.as_view(),
         name="draft_recommendations"),
]

from . import targets_views  # noqa: E402

urlpatterns += [
    path("targets/", targets_views.TargetGridView.as_view(), name="targets"),
    path("targets/<slug:code>/<int:year>/", targets_views.SchoolTargetsView.as_view(),
         name="school_targets"),
]

from reports import training_targets_views as training_targets  # noqa: E402
from reports import training_views as training  # noqa: E402

urlpatterns += [
    path("training/", training.TrainingOverviewView.as_view(), name="training_overview"),
    path("training/targets/", training_targets.TrainingTargetsView.as_view(),
         name="training_targets_current"),
    path("training/targets/<int:pk>/", training_targets.TrainingTargetsView.as_view(),
         name="training_targets"),
    path("training/courses/", training.CourseListView.as_view(), name="training_course_list"),
    path("training/courses/add/", training.CourseEditView.as_view(), name="training_course_add"),
    path("training/courses/<int:pk>/", training.CourseDetailView.as_view(),
         name="training_course_detail"),
    path("training/courses/<int:pk>/edit/", training.CourseEditView.as_view(),
         name="training_course_edit"),
    path("training/courses/<int:pk>/delete/", training.CourseDeleteView.as_view(),
         name="training_course_delete"),
    path("training/courses/<int:pk>/participants/", training.ParticipantsAddView.as_view(),
         name="training_participants_add"),
    path("training/participants/<int:pk>/remove/", training.ParticipantRemoveView.as_view(),
         name="training_participant_remove"),
    path("training/plan/", training.PlanListView.as_view(), name="training_plan_list"),
    path("training/plan/add/", training.PlanEditView.as_view(), name="training_plan_add"),
    path("training/plan/<int:pk>/edit/", training.PlanEditView.as_view(), name="training_plan_edit"),
    path("training/plan/<int:pk>/delete/", training.PlanDeleteView.as_view(),
         name="training_plan_delete"),
]

from . import register_views  # noqa: E402

urlpatterns += [
    path("registers/<slug:slug>/", register_views.RegisterDashboardView.as_view(),
         name="register_dashboard"),
]
