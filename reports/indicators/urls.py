"""Included by reports/urls.py (namespace «reports»)."""

from django.urls import path

from . import views

urlpatterns = [
    path("dashboard/", views.MunicipalDashboardView.as_view(), name="municipal_dashboard"),
    path("dashboard/school/<int:pk>/", views.SchoolDashboardView.as_view(), name="school_dashboard"),
    path("indicators/", views.IndicatorCatalogueView.as_view(), name="indicator_catalogue"),
    path("labour-market/", views.LabourMarketView.as_view(), name="labour_market"),
]

from . import targets_views  # noqa: E402

urlpatterns += [
    path("targets/", targets_views.TargetGridView.as_view(), name="targets"),
    path("targets/<slug:code>/<int:year>/", targets_views.SchoolTargetsView.as_view(),
         name="school_targets"),
]
