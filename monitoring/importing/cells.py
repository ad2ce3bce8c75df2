"""Cells as people type them: headers, texts, dates, numbers, classes, references.

Every widget turns what a school's file holds into a value, or raises ``ValueError`` with
a short Russian reason that the preview puts after «Строка N, столбец «…», значение «…»:».
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Manager
from import_export import fields, widgets

from ..models import GRADE_MAX, GRADE_MIN

_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
#: characters copied from web pages and messengers that nobody sees and nobody means
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
#: control characters and bidi overrides: they reorder or hide text on screen (U+202E
#: turns an error line around), and PostgreSQL refuses NUL outright
_HOSTILE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message is for the user, in Russian."""


def normalize_header(value: Any) -> str:
    """«  Дата  рождения* » and «дата рождения» and «ДАТА РОЖДЕНИЯ» are one header."""
    text = str(value or "").lower().replace("ё", "е")
    return re.sub(r"[\s*:.()«»\"'_-]+", "", text)


def normalize_text(value: Any) -> str:
    """Names compared the way people read them: case, ё/е and extra spaces ignored."""
    return re.sub(r"\s+", " ", str(value or "")).strip().lower().replace("ё", "е")


def same_text(a: Any, b: Any) -> bool:
    """Two stored values a person would call equal: spaces and ё/е aside, case kept
    (a re-import must never flip «Семёнова» to «Семенова» and back)."""
    if isinstance(a, str) and isinstance(b, str):
        def plain(text: str) -> str:
            return re.sub(r"\s+", " ", text).strip().replace("ё", "е").replace("Ё", "Е")
        return plain(a) == plain(b)
    return a == b


def cell_text(value: Any) -> str:
    """The text of a cell as a person typed it; 5.0 from Excel becomes «5»."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    # str.split() and re's \s agree on what is whitespace: one space between words.
    return " ".join(str(value).translate(_INVISIBLE).split())


def is_blank(value: Any) -> bool:
    return cell_text(value) == ""


def neutralize(value: Any) -> Any:
    """Make a text cell inert: Excel must never run what a user typed as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    return value


def hostile_reason(text: str) -> str | None:
    found = _HOSTILE.search(text)
    if found is None:
        return None
    return (f"в ячейке есть невидимый управляющий символ U+{ord(found.group()):04X}: "
            "перепечатайте значение или удалите этот символ")


# ------------------------------------------------------------------------- widgets


class TextWidget(widgets.Widget):
    def __init__(self, max_length: int | None = None) -> None:
        self.max_length = max_length

    def clean(self, value, row=None, **kwargs) -> str:
        text = cell_text(value)
        if text[:1] == "'" and text[1:2] in _FORMULA_PREFIXES:
            text = text[1:]  # a cell our own export neutralised comes back as it was typed
        problem = hostile_reason(text)
        if problem:
            raise ValueError(problem)
        if self.max_length and len(text) > self.max_length:
            raise ValueError(f"слишком длинное значение ({len(text)} символов): "
                             f"не более {self.max_length}")
        return text

    def render(self, value, obj=None, **kwargs) -> str:
        return "" if value is None else str(value)


_EXCEL_EPOCH = dt.date(1899, 12, 30)
#: 01.01.1955 … 31.12.2118 as Excel day numbers: anything else is not a date someone meant
_SERIAL_RANGE = (20090, 80000)


class DateWidget(widgets.Widget):
    """Dates as Excel dates or as text: дд.мм.гггг, д.м.гг, гггг-мм-дд, дд/мм/гггг, and
    an Excel day number that lost its format (45123, also when stored as text)."""

    formats = ("%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y")

    def clean(self, value, row=None, **kwargs) -> dt.date | None:
        if is_blank(value):
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            return self._serial(value)
        text = cell_text(value).split(" ")[0].rstrip("г.").strip()
        if re.fullmatch(r"\d{5}(?:[.,]0+)?", text):
            return self._serial(float(text.replace(",", ".")))
        day = _text_date(text, self.formats)
        if day is None:
            raise ValueError("дата не распознана: укажите её как дд.мм.гггг, например 01.09.2010")
        return day

    @staticmethod
    def _serial(number: float) -> dt.date:
        if not _SERIAL_RANGE[0] <= number <= _SERIAL_RANGE[1]:
            raise ValueError("дата не распознана: укажите её как дд.мм.гггг, например 01.09.2010")
        return _EXCEL_EPOCH + dt.timedelta(days=int(number))

    def render(self, value, obj=None, **kwargs) -> str:
        return value.strftime("%d.%m.%Y") if value else ""


@functools.lru_cache(maxsize=8192)
def _text_date(text: str, formats: tuple[str, ...]) -> dt.date | None:
    """A date typed as text, or None. A file repeats its dates (ten lessons, thousands of
    pupils each) and strptime is the slowest step of a row, so each text is parsed once."""
    for fmt in formats:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


class IntegerWidget(widgets.Widget):
    def __init__(self, minimum: int | None = None, maximum: int | None = None) -> None:
        self.minimum, self.maximum = minimum, maximum

    def clean(self, value, row=None, **kwargs) -> int | None:
        if is_blank(value):
            return None
        text = cell_text(value).replace(" ", "").replace("\xa0", "")
        if not re.fullmatch(r"[+-]?\d+", text):
            raise ValueError(self._reason())
        number = int(text)
        if (self.minimum is not None and number < self.minimum) or (
            self.maximum is not None and number > self.maximum
        ):
            raise ValueError(self._reason())
        return number

    def _reason(self) -> str:
        if self.minimum is not None and self.maximum is not None:
            return f"ожидается целое число от {self.minimum} до {self.maximum}"
        if self.minimum is not None:
            return f"ожидается целое число не меньше {self.minimum}"
        return "ожидается целое число"

    def render(self, value, obj=None, **kwargs):
        return value


class YesNoWidget(widgets.Widget):
    truthy = {"да", "д", "1", "+", "true", "yes", "y", "истина", "есть", "v", "✓"}
    falsy = {"нет", "н", "0", "-", "false", "no", "n", "ложь", ""}

    def clean(self, value, row=None, **kwargs) -> bool:
        if isinstance(value, bool):
            return value
        text = normalize_text(cell_text(value))
        if text in self.truthy:
            return True
        if text in self.falsy:
            return False
        raise ValueError("ожидается «да» или «нет»")

    def render(self, value, obj=None, **kwargs) -> str:
        return "да" if value else "нет"


class ChoiceWidget(widgets.Widget):
    """A value from a fixed list, typed as its Russian label (or its code)."""

    def __init__(self, choices: Iterable[tuple[Any, str]], aliases: dict[str, Any] | None = None):
        self.choices = list(choices)
        self.lookup: dict[str, Any] = {}
        for value, label in self.choices:
            self.lookup[normalize_text(label)] = value
            self.lookup[normalize_text(value)] = value
        for alias, value in (aliases or {}).items():
            self.lookup[normalize_text(alias)] = value

    @property
    def labels(self) -> list[str]:
        return [label for _, label in self.choices]

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        key = normalize_text(cell_text(value))
        if key in self.lookup:
            return self.lookup[key]
        allowed = ", ".join(f"«{label}»" for label in self.labels)
        raise ValueError(f"недопустимое значение; допустимые: {allowed}")

    def render(self, value, obj=None, **kwargs) -> str:
        return dict(self.choices).get(value, "" if value is None else str(value))


class LookupWidget(widgets.Widget):
    """A reference to another table, resolved from one mapping loaded per import.

    The default ForeignKeyWidget asks the database for every row; a school's file of a
    thousand rows would cost thousands of queries (see shared/PERFORMANCE.md)."""

    def __init__(self, what: str, render_attr: str = "name", *,
                 source: Callable[[Any], Iterable[Any]] | None = None,
                 keys: Sequence[str] = (), not_found: str = "") -> None:
        self.what = what
        #: the error for an unknown value, e.g. «такой методики нет в справочнике портала»
        self.not_found = not_found or f"{what} не найден(а) в справочнике портала"
        self.render_attr = render_attr
        #: where the values come from, given the resource (so a school's own lists can
        #: be limited to that school); loaded by :meth:`PortalResource.prepare`
        self.source = source
        self.keys = tuple(keys) or (render_attr,)
        self.mapping: dict[str, Any] = {}
        self.labels: list[str] = []

    def load(self, objects: Iterable[Any], *keys: str) -> None:
        keys = keys or self.keys
        self.mapping, self.labels = {}, []
        for obj in objects:
            for key in keys:
                value = getattr(obj, key)
                if value:
                    self.mapping.setdefault(normalize_text(value), obj)
            label = str(getattr(obj, self.render_attr))
            if label not in self.labels:
                self.labels.append(label)

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        found = self.mapping.get(normalize_text(cell_text(value)))
        if found is None:
            raise ValueError(self.not_found)
        return found

    def render(self, value, obj=None, **kwargs) -> str:
        return "" if value is None else str(getattr(value, self.render_attr, value))


# --------------------------------------------------------------------------- classes

#: Latin letters that look Cyrillic: «7A» typed on an English keyboard is «7А»
_LOOKALIKES = str.maketrans("ABCEHKMOPTXaceopx", "АВСЕНКМОРТХасеорх")
_CLASS_RE = re.compile(r"^(\d{1,2})([А-ЯЁ]?)$")


def class_letter(value: Any) -> str:
    """«"б"», «Б», «B» (Latin) → «Б»: the letter of a class as the portal stores it."""
    text = re.sub(r"[«»\"'“”„‘’`\s.]", "", cell_text(value))
    return text.translate(_LOOKALIKES).upper().replace("Ё", "Е")


def parse_class(value: Any) -> tuple[int, str] | None:
    """«7А», «7 а», «7-А», «5 «Б»», «10 "Б"», «8А-класс», «8 а кл.» → (grade, letter).

    None when blank; ValueError (with the Russian reason) when it is not a class."""
    text = cell_text(value)
    if not text:
        return None
    plain = re.sub(r"[«»\"'“”„‘’`]", "", text).translate(_LOOKALIKES).upper()
    plain = re.sub(r"(КЛАСС|КЛ)\.?", "", plain)
    plain = re.sub(r"[\s.\-–—_]+", "", plain).replace("Ё", "Е")
    match = _CLASS_RE.match(plain)
    if not match or not GRADE_MIN <= int(match.group(1)) <= GRADE_MAX:
        raise ValueError(
            f"класс не распознан: ожидается параллель от {GRADE_MIN} до {GRADE_MAX} и буква, "
            "например 7А"
        )
    return int(match.group(1)), match.group(2)


# -------------------------------------------------------------------------- column


class Column(fields.Field):
    """A column of an import file: the field plus what the template and errors say."""

    def __init__(
        self,
        attribute: str,
        column_name: str,
        widget: widgets.Widget | None = None,
        *,
        required: bool = False,
        help_text: str = "",
        example: str = "",
        aliases: Sequence[str] = (),
        choices: Sequence[str] | None = None,
        in_template: bool = True,
        export_only: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(attribute=attribute, column_name=column_name, widget=widget or TextWidget(), **kwargs)
        self.required = required
        self._path = tuple(attribute.split("__")) if attribute else ()
        self.help_text = help_text
        self.example = example
        self.aliases = tuple(aliases)
        self._choices = choices
        #: False for columns the import understands but the template and export leave
        #: out (e.g. «Фамилия», «Имя» instead of one «ФИО» column)
        self.in_template = in_template
        #: True for columns an export shows for the reader (e.g. the direction of a
        #: program) but an import neither needs nor reads
        self.export_only = export_only

    @property
    def choices(self) -> list[str]:
        if self._choices is not None:
            return list(self._choices)
        if isinstance(self.widget, ChoiceWidget):
            return self.widget.labels
        if isinstance(self.widget, YesNoWidget):
            return ["да", "нет"]
        return []

    def get_value(self, instance):
        """``Field.get_value`` with the attribute's path split once, not once per cell (an
        export of a region's list reads 250,000 cells): the same walk — None along the
        way or a missing object gives None, a callable at the end is called."""
        if self.attribute is None:
            return None
        value = instance
        for attr in self._path:
            try:
                value = value[attr] if isinstance(value, dict) else getattr(value, attr, None)
            except (ValueError, ObjectDoesNotExist, KeyError):
                return None
            if value is None:
                return None
        if callable(value) and not isinstance(value, Manager):
            value = value()
        return value

    def clean(self, row, **kwargs):
        value = row.get(self.column_name)
        if self.required and is_blank(value):
            raise ValueError("обязательное поле не заполнено")
        return self.widget.clean(value, row=row, **kwargs)
