from django.urls import path

from . import views
from .registers import urls as register_urls
from .registers.views_picker import StudentPickView

app_name = "monitoring"


def object_urls(prefix: str, name: str, list_view, detail, edit, delete, imp=None, tpl=None):
    """The URL set every object list has: list, add, detail, edit, delete (+ import)."""
    patterns = [
        path(f"{prefix}/", list_view.as_view(), name=f"{name}_list"),
        path(f"{prefix}/add/", edit.as_view(), name=f"{name}_add"),
        path(f"{prefix}/<int:pk>/", detail.as_view(), name=f"{name}_detail"),
        path(f"{prefix}/<int:pk>/edit/", edit.as_view(), name=f"{name}_edit"),
        path(f"{prefix}/<int:pk>/delete/", delete.as_view(), name=f"{name}_delete"),
    ]
    if imp is not None:
        patterns += [
            path(f"{prefix}/import/", imp.as_view(), name=f"{name}_import"),
            path(f"{prefix}/import/template/", tpl.as_view(), name=f"{name}_template"),
        ]
    return patterns


urlpatterns = [
    # The student picker of a large school's register forms loads its list from here.
    path("students/pick/", StudentPickView.as_view(), name="student_pick"),
    *object_urls("students", "student", views.StudentListView, views.StudentDetailView,
                 views.StudentEditView, views.StudentDeleteView, views.StudentImportView,
                 views.StudentTemplateView),
    *object_urls("staff", "staff", views.StaffListView, views.StaffDetailView,
                 views.StaffEditView, views.StaffDeleteView, views.StaffImportView,
                 views.StaffTemplateView),
    path("schools/", views.SchoolListView.as_view(), name="school_list"),
    path("schools/<int:pk>/", views.SchoolDetailView.as_view(), name="school_detail"),
    # The ten registers, their lists, and the half-year submissions (one set of views).
    *register_urls.urlpatterns,
]
