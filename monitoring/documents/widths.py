"""Column widths of a document's table, measured on the font it is printed with: a
header word or a number never breaks, and the long texts get what is left."""

from __future__ import annotations

import functools

from docx.shared import Mm

from .tables import Table

TABLE_PT = 12
PORTRAIT_TEXT_MM = 210.0 - 30 - 15
LANDSCAPE_TEXT_MM = 297.0 - 30 - 15
NBSP = "\u00a0"


def typeset(text: str) -> str:
    """Keep together what a line must not split: «12,5 %», «№ 1», «2022 г.»."""
    return (text.replace(" %", NBSP + "%").replace("№ ", "№" + NBSP)
            .replace(" г.", NBSP + "г."))


#: Times New Roman, or Liberation Serif — its metric twin, which LibreOffice prints with
FONT_FILES = {False: ("times.ttf", "Times New Roman.ttf", "LiberationSerif-Regular.ttf"),
              True: ("timesbd.ttf", "Times New Roman Bold.ttf", "LiberationSerif-Bold.ttf")}
FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "/Library/Fonts",
             "C:/Windows/Fonts")


@functools.cache
def _table_font(bold: bool):
    """The table font for measuring texts; None where it is not installed (then the
    characters are counted instead)."""
    from pathlib import Path

    from PIL import ImageFont

    for directory in FONT_DIRS:
        root = Path(directory)
        if not root.is_dir():
            continue
        for name in FONT_FILES[bold]:
            for path in root.rglob(name):
                # The basic layout: no shaping library needed for Cyrillic and digits.
                return ImageFont.truetype(str(path), 100, layout_engine=ImageFont.Layout.BASIC)
    return None


def text_mm(text: str, *, bold: bool = False, size_pt: float = TABLE_PT) -> float:
    """The printed width of a line of text in Times New Roman, in millimetres."""
    font = _table_font(bold)
    if font is None:
        return len(text) * (2.7 if bold else 2.3) * size_pt / TABLE_PT
    return font.getlength(text) / 100 * size_pt * 25.4 / 72


def column_widths(table: Table, text_width_mm: float = PORTRAIT_TEXT_MM) -> list[Mm]:
    """Share the text width by what each column holds: no header word is broken in the
    middle, numbers fit on one line, and what is left goes to the columns with long text
    — most of it to the one whose cells are longest on average (the measure, the
    indicator's name), so that it does not run down the page one word a line."""
    padding = 4.0  # LibreOffice and Word pad each cell by about 2 mm on either side
    minimum, wanted, average = [], [], []
    for index, header in enumerate(table.columns):
        # Measured as printed: a no-break space («№ 1», «12,5 %») joins two words into one.
        cells = [typeset(table.text(row[index], index)) for row in table.rows]
        header_word = max((text_mm(w, bold=True) for w in typeset(str(header)).split(" ")),
                          default=10.0)
        numbers = max((text_mm(c) for c in cells if Table.is_numeric(c)), default=0.0)
        words = max((text_mm(w) for c in cells for w in c.replace("\n", " ").split(" ")),
                    default=0.0)
        longest = max((text_mm(c) for c in cells), default=0.0)
        low = max(12.0, header_word + padding, max(numbers, words) + padding)
        minimum.append(low)
        wanted.append(max(low, longest + padding))
        average.append(sum(len(c) for c in cells) / len(cells) if cells else 0)
    if table.widths:
        return _shares(table.widths, minimum, text_width_mm)
    # Every column but the one with the longest text is content with 60 mm at most.
    widest = max(range(len(average)), key=average.__getitem__) if average else 0
    wanted = [w if i == widest else min(w, max(60.0, minimum[i]))
              for i, w in enumerate(wanted)]
    spare = text_width_mm - sum(minimum)
    if spare <= 0:
        widths = [w * text_width_mm / sum(minimum) for w in minimum]
    elif sum(wanted) <= text_width_mm:
        widths = [w * text_width_mm / sum(wanted) for w in wanted]
    else:
        extra = [w - m for w, m in zip(wanted, minimum, strict=True)]
        widths = [m + spare * e / sum(extra) for m, e in zip(minimum, extra, strict=True)]
    return [Mm(width) for width in widths]


def _shares(shares: tuple[float, ...], minimum: list[float], text_width_mm: float) -> list[Mm]:
    """The writer's shares of the width, but never below a column's minimum (a header word
    or a number must not break): what the narrow columns need is taken from the wide."""
    total = sum(shares)
    widths = [max(low, text_width_mm * share / total) for share, low in zip(shares, minimum, strict=True)]
    excess = sum(widths) - text_width_mm
    room = sum(w - low for w, low in zip(widths, minimum, strict=True))
    if excess > 0 and room > 0:
        widths = [w - excess * (w - low) / room for w, low in zip(widths, minimum, strict=True)]
    return [Mm(width) for width in widths]


