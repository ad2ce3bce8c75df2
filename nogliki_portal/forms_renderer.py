"""The portal's form renderer: Django's, with the choice lists written in Python.

Django renders a ``<select>`` through one template per ``<option>``: a list of 200 schools
costs 20–40 ms a form, a large school's 6,000 students two seconds. The markup here is
the same as ``django/forms/widgets/select.html`` and ``select_option.html`` write
(attributes, optgroups, ``selected``, ``multiple``), every value escaped; a widget with
templates of its own is rendered by them as before."""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


def select_html(widget: dict) -> str:
    """A select widget's context (``Widget.get_context()["widget"]``) as HTML."""
    parts = [format_html('<select name="{}"{}>', widget["name"], flatatt(widget["attrs"]))]
    for group_name, options, _ in widget["optgroups"]:
        if group_name:
            parts.append(format_html('<optgroup label="{}">', group_name))
        parts.extend(format_html('<option value="{}"{}>{}</option>', str(option["value"]),
                                 flatatt(option["attrs"]), option["label"])
                     for option in options)
        if group_name:
            parts.append("</optgroup>")
    parts.append("</select>")
    return mark_safe("\n".join(parts))


class PortalFormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget") if template_name == SELECT else None
        if widget is not None and all(option["template_name"] == OPTION
                                      for _, options, _ in widget["optgroups"]
                                      for option in options):
            return select_html(widget)
        return super().render(template_name, context, request)
