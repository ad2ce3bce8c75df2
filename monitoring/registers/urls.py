"""URLs of every register: /monitoring/registers/<slug>/…, names monitoring:register_*."""

from django.urls import path

from . import views, views_submissions

urlpatterns = [
    path("registers/", views.RegisterIndexView.as_view(), name="register_index"),
    path("registers/<slug:slug>/", views.RegisterListView.as_view(), name="register_list"),
    path("registers/<slug:slug>/add/", views.RegisterEditView.as_view(), name="register_add"),
    path("registers/<slug:slug>/mass/", views.RegisterMassView.as_view(), name="register_mass"),
    path("registers/<slug:slug>/import/", views.RegisterImportView.as_view(),
         name="register_import"),
    path("registers/<slug:slug>/import/template/", views.RegisterTemplateView.as_view(),
         name="register_template"),
    path("registers/<slug:slug>/<int:pk>/", views.RegisterDetailView.as_view(),
         name="register_detail"),
    path("registers/<slug:slug>/<int:pk>/edit/", views.RegisterEditView.as_view(),
         name="register_edit"),
    path("registers/<slug:slug>/<int:pk>/delete/", views.RegisterDeleteView.as_view(),
         name="register_delete"),
    path("submissions/", views_submissions.SubmissionListView.as_view(), name="submission_list"),
    path("submissions/submit/", views_submissions.SubmitView.as_view(), name="submission_submit"),
    path("submissions/<int:pk>/", views_submissions.SubmissionDetailView.as_view(),
         name="submission_detail"),
    path("submissions/<int:pk>/<str:action>/", views_submissions.SubmissionActionView.as_view(),
         name="submission_action"),
]
