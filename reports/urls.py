from django.urls import include, path

from . import chain_views, views

app_name = "reports"

urlpatterns = [
    path("", include("reports.indicators.urls")),
    path("", views.JobListView.as_view(), name="job_list"),
    path("jobs/<int:pk>/", views.JobDetailView.as_view(), name="job_detail"),
    path("jobs/<int:pk>/status/", views.JobStatusView.as_view(), name="job_status"),
    path("jobs/<int:pk>/restart/", views.JobRestartView.as_view(), name="job_restart"),
    path("jobs/<int:pk>/approve/", views.JobApproveView.as_view(), name="job_approve"),
    path("jobs/<int:pk>/registry/", chain_views.JobRegistryView.as_view(), name="job_registry"),
    path("files/<int:pk>/", views.FileDownloadView.as_view(), name="file_download"),
    path("chain/", chain_views.ChainView.as_view(), name="chain"),
    path("archive/", chain_views.ArchiveView.as_view(), name="archive"),
    path("recommendations/", views.RecommendationListView.as_view(),
         name="recommendation_list"),
    path("recommendations/add/", views.RecommendationEditView.as_view(),
         name="recommendation_add"),
    path("recommendations/<int:pk>/", views.RecommendationDetailView.as_view(),
         name="recommendation_detail"),
    path("recommendations/<int:pk>/edit/", views.RecommendationEditView.as_view(),
         name="recommendation_edit"),
    path("recommendations/<int:pk>/publish/", views.RecommendationPublishView.as_view(),
         name="recommendation_publish"),
    path("recommendations/<int:pk>/mark/", views.RecommendationAckView.as_view(),
         name="recommendation_mark"),
    path("recommendations/<int:pk>/answer/", chain_views.RecommendationAnswerView.as_view(),
         name="recommendation_answer"),
]
