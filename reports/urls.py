from django.urls import include, path

app_name = "reports"

urlpatterns = [
    path("", include("reports.indicators.urls")),
]
