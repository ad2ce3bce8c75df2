"""The portal's form renderer: Django's, with the choice lists written in Python.

Django renders a ``<select>`` through one template per ``<option>``: a list of 200 schools
costs 20–40 ms a form, a large school's 6,000 students two seconds. The markup here is
the same as ``django/forms/widgets/select.html`` and ``select_option.html`` write
(attributes, optgroups, ``selected``, ``multiple``), every value escaped; a widget with
templates of its own is rendered by them as before."""

from __future__ import annotations

from html import escape

from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


def _text(value) -> str:
    """As a template writes a value: escaped unless already safe (lazy strings resolved)."""
    return value.__html__() if hasattr(value, "__html__") else escape(str(value))


def _attrs(attrs: dict) -> str:
    """As ``attrs.html`` writes them: ``True`` bare, ``False`` and ``None`` left out."""
    return "".join(f" {name}" if value is True else f' {name}="{_text(value)}"'
                   for name, value in attrs.items() if value is not False and value is not None)


def select_html(widget: dict) -> str:
    """A select widget's context (``Widget.get_context()["widget"]``) as HTML: plain string
    building with every value escaped (``format_html`` per option cost as much again)."""
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _ in widget["optgroups"]:
        if group_name:
            parts.append(f'<optgroup label="{_text(group_name)}">')
        parts.extend(f'<option value="{_text(option["value"])}"{_attrs(option["attrs"])}>'
                     f'{_text(option["label"])}</option>' for option in options)
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
