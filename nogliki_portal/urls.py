from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from reports import views as reports_views

from . import views
from .security import portal_admin_only

# The admin is the administrator's only: ИМЦ and the head work in the portal's pages.
admin.site.has_permission = portal_admin_only
admin.site.site_header = "Портал профориентации — администрирование"
admin.site.site_title = "Администрирование портала"
admin.site.index_title = "Данные портала"

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(),
         name="password_change_done"),
    path("monitoring/", include("monitoring.urls")),
    path("roadmap/", include("roadmap.urls")),
    path("reports/", include("reports.urls")),
    # The public page for parents: no login, no personal data.
    path("parents/", reports_views.ParentsPageView.as_view(), name="parents"),
    path("parents/notes/<int:pk>/", reports_views.PublicNoteDownloadView.as_view(),
         name="parents_note_download"),
    path("admin/", admin.site.urls),
]

# A year or period out of bounds in a URL: the reason in Russian, status 400.
handler400 = "nogliki_portal.views.bad_request"
