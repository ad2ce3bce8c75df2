"""The portal's select lists: the markup Django's templates write, written in Python."""

from __future__ import annotations

import re

from django import forms
from django.forms.renderers import DjangoTemplates


class Choices(forms.Form):
    school = forms.ChoiceField(choices=[("", "---"), ("1", "СОШ <№ 1>"), ("2", "Гимназия «Б» & Ко")])
    grouped = forms.ChoiceField(choices=[("Первые", [("1а", "1 «а»")]), ("Вторые", [("2б", "2 «б»")])],
                                required=False)
    many = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y")], required=False)


def _normal(html: str) -> list[str]:
    """Tags and texts in order, attributes sorted: what a browser makes of the markup."""
    tokens = []
    for tag, text in re.findall(r"(<[^>]+>)|([^<]+)", html):
        if tag:
            name, *attrs = re.findall(r'[\w-]+(?:="[^"]*")?', tag)
            tokens.append((tag.startswith("</"), name, tuple(sorted(attrs))))
        elif text.strip():
            tokens.append(text.strip())
    return tokens


def test_select_lists_are_the_markup_of_djangos_templates():
    data = {"school": "2", "grouped": "2б", "many": ["x", "y"]}
    form, theirs = Choices(data), Choices(data, renderer=DjangoTemplates())
    for name in ("school", "grouped", "many"):
        assert _normal(str(form[name])) == _normal(str(theirs[name])), name
    html = str(form["school"])
    assert "СОШ &lt;№ 1&gt;" in html and "Гимназия «Б» &amp; Ко" in html
    assert re.search(r'<option value="2"[^>]* selected>', html)
    assert "<optgroup label=\"Первые\">" in str(form["grouped"])
    assert " multiple" in str(form["many"])
