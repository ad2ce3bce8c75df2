"""What every roadmap form shares: Russian dates, the generic views' keyword arguments,
the lines-to-list fields of the passport, and the shape of inline formsets."""

from __future__ import annotations

from typing import Any

from django import forms

DATE_FORMAT = "%d.%m.%Y"


def date_widget() -> forms.DateInput:
    return forms.DateInput(format=DATE_FORMAT, attrs={"placeholder": "дд.мм.гггг"})


class PortalModelForm(forms.ModelForm):
    """A ModelForm that takes what ``ObjectEditView`` passes (``schools``, ``fixed_school``)
    and what roadmap views pass (``user``), and shows every date as дд.мм.гггг."""

    #: fields set by the view, not shown, but part of unique constraints (a section's
    #: roadmap): Django skips a constraint when one of its fields is not in the form
    parent_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, schools=None, fixed_school=None, user=None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if "school" in self.fields:
            if schools is not None:
                self.fields["school"].queryset = schools
            self.fields["school"].empty_label = "— муниципальный (отдел образования) —"
            self.fields["school"].error_messages["invalid_choice"] = "Выберите ОО из списка."
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = date_widget()
                field.error_messages["invalid"] = "Введите дату в виде дд.мм.гггг."

    def _get_validation_exclusions(self):
        exclude = super()._get_validation_exclusions()
        return exclude - set(self.parent_fields)


class LinesField(forms.CharField):
    """A list of strings edited as text, one item per line (blank lines are dropped)."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value: Any) -> str:
        if isinstance(value, list):
            return "\n".join(str(item) for item in value)
        return value or ""

    def to_python(self, value: Any) -> list[str]:
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class NestedLinesField(LinesField):
    """Like :class:`LinesField`; a line starting with «- » is a sub-item of the line above
    (stored as ``{"text": …, "items": […]}``, the shape of the passport's tasks)."""

    def prepare_value(self, value: Any) -> str:
        if not isinstance(value, list):
            return value or ""
        lines = []
        for item in value:
            if isinstance(item, dict):
                lines.append(item.get("text", ""))
                lines += [f"- {sub}" for sub in item.get("items", [])]
            else:
                lines.append(str(item))
        return "\n".join(lines)

    def to_python(self, value: Any) -> list:
        result: list = []
        for line in super().to_python(value):
            if line.startswith("- ") and result:
                parent = result[-1]
                if not isinstance(parent, dict):
                    parent = result[-1] = {"text": parent, "items": []}
                parent["items"].append(line[2:].strip())
            else:
                result.append(line)
        return result


class InlineForm(forms.ModelForm):
    """A row of an inline formset: compact Bootstrap widgets, Russian dates."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = date_widget()
                field.error_messages["invalid"] = "Введите дату в виде дд.мм.гггг."
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select form-select-sm")
            else:
                widget.attrs.setdefault("class", "form-control form-control-sm")
            if isinstance(widget, forms.Textarea):
                widget.attrs["rows"] = 2
