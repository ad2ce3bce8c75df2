"""The student picker's list, loaded as one types, for a school too large to list in a page.

``GET /monitoring/students/pick/?school=<id>&q=<text>`` answers
``{"results": [{"value": id, "text": "Фамилия Имя Отчество (дд.мм.гггг)", "klass": "7А"}]}``
— at most ``STUDENT_PICK_LIMIT`` students, in the full list's order and with its labels.

The school is decided as the register forms decide it (``SchoolChoiceMixin``): a
coordinator's only school whatever the request says, otherwise one of the user's active
schools named by ``school``. A school the user may not choose is a 404, as another
school's record is. Students are minors: the query (a part of a name) is never logged,
and the answer is not cached anywhere.
"""

from __future__ import annotations

from django.http import Http404, JsonResponse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from ..models import School, Student
from ..views_generic import PortalPermissionMixin, SchoolAssignmentMixin
from .forms import STUDENT_PICK_LIMIT, class_of, search_students, student_label
from .views import SchoolChoiceMixin

#: what of a query is read: a class and a name or two
QUERY_MAX_LENGTH = 100


@method_decorator(never_cache, name="dispatch")
class StudentPickView(SchoolAssignmentMixin, SchoolChoiceMixin, PortalPermissionMixin, View):
    """Students of one school matching the query, for ``portal/student-picker.js``.

    An empty query answers the start of the list, so that the list is not empty when the
    picker is opened."""

    model = Student
    permission_action = "view"

    def school(self) -> School:
        school = self.only_school() or self.requested_school()
        asked = self.request.GET.get("school")
        if school is None or (asked and asked != str(school.pk)):
            raise Http404("Нет такой ОО среди доступных.")
        return school

    def get(self, request, *args, **kwargs) -> JsonResponse:
        query = request.GET.get("q", "")[:QUERY_MAX_LENGTH]
        students = search_students(self.school(), query)[:STUDENT_PICK_LIMIT]
        return JsonResponse({"results": [
            {"value": student.pk, "text": student_label(student), "klass": class_of(student)}
            for student in students
        ]})
