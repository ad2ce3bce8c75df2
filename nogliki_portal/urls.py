from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from reports import views as reports_views

from . import help, views
from .security import portal_admin_only

# The admin is the administrator's only: ИМЦ and the head work in the portal's pages.
admin.site.has_permission = portal_admin_only
admin.site.site_header = "Портал профориентации — администрирование"
admin.site.site_title = "Администрирование портала"
admin.site.index_title = "Данные портала"

# Russian error pages (nogliki_portal/errors.py); 500 is the static templates/500.html.
handler403 = "nogliki_portal.errors.permission_denied"
handler404 = "nogliki_portal.errors.page_not_found"

# Password reset by e-mail: Django's views with the portal's Russian templates; the link in
# the letter is built on SITE_ROOT (the address users know), not on whatever Host was sent.
password_reset = auth_views.PasswordResetView.as_view(
    email_template_name="registration/password_reset_email.txt",
    subject_template_name="registration/password_reset_subject.txt",
    extra_email_context={"site_root": settings.SITE_ROOT.rstrip("/"),
                         "site_name": settings.SITE_NAME},
)

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("favicon.ico", views.favicon),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(),
         name="password_change_done"),
    path("password/reset/", password_reset, name="password_reset"),
    path("password/reset/sent/", auth_views.PasswordResetDoneView.as_view(),
         name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("password/reset/complete/", auth_views.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
    path("help/", help.HelpPageView.as_view(), name="help"),
    path("help/registers/<slug:slug>/", help.RegisterHelpView.as_view(), name="help_register"),
    path("help/<slug:slug>/", help.HelpPageView.as_view(), name="help_page"),
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
