"""Word documents in the official style of a Russian education department.

A4, margins 30/15/20/20 mm (left/right/top/bottom), Times New Roman 14 pt with 1.15 line
spacing and a 1.25 cm first-line indent, headings numbered in the text («1.», «1.1.»),
bordered tables in 12 pt with a bold repeated header row and right-aligned numbers,
charts as PNG pictures, page numbers centred at the top from the second page (ГОСТ Р
7.0.97-2016), a signature block at the end that never stands alone on a page. A table
of many columns goes on landscape pages of its own. The file's properties name the
document and the department that wrote it."""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import io
from collections.abc import Iterator

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tc
from docx.shared import Cm, Mm, Pt
from docx.text.paragraph import Paragraph

from .charts import render_chart_png
from .tables import ChartSpec, Table
from .widths import LANDSCAPE_TEXT_MM, PORTRAIT_TEXT_MM, TABLE_PT, column_widths, typeset

FONT_NAME = "Times New Roman"
BODY_PT = 14
LINE_SPACING = 1.15
TABLE_STYLE = "Текст таблицы"
TABLE_SIZE = Pt(TABLE_PT)
NO_DATA = "Данные не внесены."


def _set_fonts(element, name: str = FONT_NAME) -> None:
    """Name the font for every script, and drop theme fonts that would override it.

    python-docx's ``font.name`` sets only the Latin slots; Cyrillic text and Word's
    heading styles (which point to theme fonts) need the rest."""
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)


def _add_field(paragraph, instruction: str) -> None:
    """A Word field (e.g. PAGE) as the begin/instruction/separate/end run sequence."""
    def fld_char(kind: str):
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    run = paragraph.add_run()
    run._r.append(fld_char("begin"))
    run = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run._r.append(text)
    run = paragraph.add_run()
    run._r.append(fld_char("separate"))
    paragraph.add_run("1")
    run = paragraph.add_run()
    run._r.append(fld_char("end"))


def _set_cell_borders(table) -> None:
    """Single black borders on every edge and between every cell, whatever the style."""
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "single")
        element.set(qn("w:sz"), "4")
        element.set(qn("w:space"), "0")
        element.set(qn("w:color"), "000000")
        borders.append(element)
    existing = tbl_pr.find(qn("w:tblBorders"))
    if existing is not None:
        tbl_pr.remove(existing)
    tbl_pr.append(borders)


def _repeat_as_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    tr_pr.append(element)


def _keep_tr_on_one_page(tr) -> None:
    element = OxmlElement("w:cantSplit")
    element.set(qn("w:val"), "true")
    tr.get_or_add_trPr().append(element)


def _keep_row_on_one_page(row) -> None:
    _keep_tr_on_one_page(row._tr)


def _set_widths(grid, widths) -> None:
    """LibreOffice reads the grid's column widths, Word the cells'; set both.

    Straight over the rows' ``w:tc`` elements (python-docx's ``column.cells`` walks the
    whole table for every column); a cell that has its width already is left alone."""
    for grid_col, width in zip(grid._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        grid_col.set(qn("w:w"), str(int(width.twips)))
    for tr in grid._tbl.tr_lst:
        for tc, width in zip(tr.tc_lst, widths, strict=True):
            if tc.width != width:
                tc.width = width


def _filled(prototype, text: str):
    """A copy of a prototype cell holding ``text`` (as python-docx's ``run.text`` writes
    it: a tab or a line break as its own element, edge spaces preserved)."""
    tc = copy.deepcopy(prototype)
    run = tc.p_lst[0].r_lst[0]
    if "\t" in text or "\n" in text or "\r" in text:
        run.text = text
        return tc
    t = run.find(qn("w:t"))
    if not text:
        run.remove(t)  # python-docx writes an empty text as a run without ``w:t``
        return tc
    t.text = text
    if len(text.strip()) < len(text):
        t.set(qn("xml:space"), "preserve")
    elif qn("xml:space") in t.attrib:
        del t.attrib[qn("xml:space")]
    return tc


class OfficialDocument:
    """A document being written, section by section, in the department's style.

    ``title``, ``subject`` and ``author`` (the department) become the file's properties:
    Word and the file manager show them instead of python-docx's template defaults."""

    def __init__(self, title: str = "", subject: str = "", author: str = "", *,
                 drawing: bool = True) -> None:
        #: False when only the tables are wanted (an Excel-only order): charts and pictures
        #: are counted but not drawn, and the document is not saved
        self.drawing = drawing
        self.document = Document()
        self.table_count = 0
        self.figure_count = 0
        self.landscape_now = False
        self._setup_page()
        self._setup_styles()
        self.set_properties(title, subject, author)

    # ------------------------------------------------------------------ setup

    def set_properties(self, title: str, subject: str = "", author: str = "") -> None:
        """The core properties: the template's «python-docx» and 2013 replaced."""
        now = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
        properties = self.document.core_properties
        properties.title = title
        properties.subject = subject
        properties.author = author or "Отдел образования"
        properties.last_modified_by = author or "Отдел образования"
        properties.created = properties.modified = now
        properties.revision = 1
        properties.comments = ""
        properties.keywords = ""
        properties.category = ""
        properties.language = "ru-RU"

    def _setup_page(self) -> None:
        section = self.document.sections[0]
        self._page(section, landscape=False)
        # The number goes on every page but the first, centred in the top margin.
        section.different_first_page_header_footer = True
        paragraph = section.header.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _add_field(paragraph, "PAGE")
        for run in paragraph.runs:
            run.font.size = Pt(12)
            _set_fonts(run._r)

    @staticmethod
    def _page(section, *, landscape: bool) -> None:
        """A4 in the asked orientation; the binding margin stays on the left."""
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        width, height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
        section.page_width, section.page_height = width, height
        section.left_margin, section.right_margin = Mm(30), Mm(15)
        section.top_margin, section.bottom_margin = Mm(20), Mm(20)
        section.header_distance = section.footer_distance = Mm(10)

    def _switch(self, landscape: bool) -> None:
        section = self.document.add_section(WD_SECTION.NEW_PAGE)
        self._page(section, landscape=landscape)
        # The page number continues on the new section's first page too.
        section.different_first_page_header_footer = False
        self.landscape_now = landscape

    @contextlib.contextmanager
    def landscape(self, *, to_the_end: bool = False) -> Iterator[None]:
        """Landscape pages for what is inside (a wide table), then portrait again — unless
        the block ends the document (``to_the_end``): a portrait section after it would be
        an empty last page."""
        if self.landscape_now:
            yield
            return
        self._switch(True)
        try:
            yield
        finally:
            if not to_the_end:
                self._switch(False)

    @property
    def text_width_mm(self) -> float:
        return LANDSCAPE_TEXT_MM if self.landscape_now else PORTRAIT_TEXT_MM

    def _setup_styles(self) -> None:
        styles = self.document.styles
        normal = styles["Normal"]
        normal.font.size = Pt(BODY_PT)
        _set_fonts(normal.element)
        fmt = normal.paragraph_format
        fmt.line_spacing = LINE_SPACING
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(0)
        fmt.first_line_indent = Cm(1.25)
        fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        fmt.widow_control = True
        for name in ("Heading 1", "Heading 2", "Title"):
            style = styles[name]
            style.font.size = Pt(BODY_PT)
            style.font.bold = True
            style.font.italic = False
            style.font.color.rgb = None
            _set_fonts(style.element)
            hfmt = style.paragraph_format
            hfmt.space_before = Pt(12 if name == "Heading 1" else 6)
            hfmt.space_after = Pt(6)
            hfmt.first_line_indent = Cm(1.25) if name != "Title" else Cm(0)
            hfmt.alignment = WD_ALIGN_PARAGRAPH.CENTER if name == "Title" else (
                WD_ALIGN_PARAGRAPH.LEFT)
            hfmt.keep_with_next = True
            hfmt.line_spacing = LINE_SPACING
        # Word's Title has a bottom border and a large theme font; ours is plain.
        title_ppr = styles["Title"].element.get_or_add_pPr()
        for border in title_ppr.findall(qn("w:pBdr")):
            title_ppr.remove(border)
        from docx.enum.style import WD_STYLE_TYPE

        table_text = styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        table_text.base_style = normal
        table_text.font.size = Pt(TABLE_PT)
        tfmt = table_text.paragraph_format
        tfmt.first_line_indent = Cm(0)
        tfmt.line_spacing = 1.0
        tfmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
        # Resolved once per document: a lookup by name searches every style of the part.
        self._table_style_id = table_text.style_id
        self._table_grid_style = styles["Table Grid"]

    # ------------------------------------------------------------------ content

    def header_block(self, department: str, title: str, lines: list[str]) -> None:
        """The department's name, the document's kind («Информационно-аналитическая
        справка») and what it is about, centred above the text."""
        for text, bold in [(department, False), ("", False)]:
            paragraph = self.document.add_paragraph(text)
            paragraph.paragraph_format.first_line_indent = Cm(0)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for run in paragraph.runs:
                run.bold = bold
        heading = self.document.add_paragraph(title, style="Title")
        heading.paragraph_format.space_after = Pt(0)
        for line in lines:
            paragraph = self.document.add_paragraph(line)
            paragraph.paragraph_format.first_line_indent = Cm(0)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for run in paragraph.runs:
                run.bold = True
        self.document.add_paragraph()

    def heading(self, number: str, text: str, level: int = 1) -> None:
        """«1. Общие сведения», «2.3. Охват диагностикой»: numbers typed in the text, so
        they survive LibreOffice and copying into other documents unchanged."""
        self.document.add_heading(f"{number} {text}", level=level)

    def paragraph(self, text: str, *, indent: bool = True, bold: bool = False,
                  align: str = "justify") -> None:
        paragraph = self.document.add_paragraph()
        run = paragraph.add_run(typeset(text))
        run.bold = bold
        if not indent:
            paragraph.paragraph_format.first_line_indent = Cm(0)
        paragraph.alignment = {
            "justify": WD_ALIGN_PARAGRAPH.JUSTIFY, "left": WD_ALIGN_PARAGRAPH.LEFT,
            "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT,
        }[align]

    def bullets(self, items: list[str]) -> None:
        """Items as indented lines with a dash, the way Russian documents list things
        (no Word list numbering, which LibreOffice renders differently)."""
        for index, item in enumerate(items):
            end = ";" if index < len(items) - 1 else "."
            text = item.rstrip(".;")
            self.paragraph(f"– {text}{end}")

    def no_data(self) -> None:
        self.paragraph(NO_DATA)

    def table(self, table: Table) -> None:
        """A numbered, bordered table; an empty one becomes the sentence «Данные не внесены.»
        A landscape table gets landscape pages of its own."""
        if table.is_empty:
            self.no_data()
            return
        if table.landscape and not self.landscape_now:
            with self.landscape():
                self.table(table)
            return
        self.table_count += 1
        caption = self.document.add_paragraph(f"Таблица {self.table_count} – {table.title}")
        caption.paragraph_format.first_line_indent = Cm(0)
        caption.paragraph_format.space_before = Pt(6)
        caption.paragraph_format.keep_with_next = True
        caption.alignment = WD_ALIGN_PARAGRAPH.LEFT

        numeric = [
            index > 0 and any(Table.is_numeric(row[index]) for row in table.rows)
            and all(Table.is_numeric(row[index]) or row[index] in (None, "")
                    for row in table.rows)
            for index in range(len(table.columns))
        ]
        grid = self.document.add_table(rows=1, cols=len(table.columns))
        grid.style = self._table_grid_style
        grid.alignment = WD_TABLE_ALIGNMENT.CENTER
        _set_cell_borders(grid)
        header = grid.rows[0]
        _repeat_as_header(header)
        for tc, title in zip(header._tr.tc_lst, table.columns, strict=True):
            self._cell(tc, title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        # Rows are appended as ``w:tr`` elements and their cells copied from one prototype
        # per column (style, alignment, width, bold resolved once per table): python-docx's
        # ``row.cells`` walks every cell of the table to find one row's (quadratic in the
        # rows of a 200-school table), a style set by name is looked up per cell, and each
        # property set through its proxies searches the element's children for its place.
        widths = column_widths(table, self.text_width_mm)
        tbl = grid._tbl
        plain = [self._prototype(numeric[i], False, widths[i]) for i in range(len(widths))]
        strong = [self._prototype(numeric[i], True, widths[i]) for i in range(len(widths))]
        last = len(table.rows) - 1
        for row_index, row in enumerate(table.rows):
            texts = [table.text(value, index) for index, value in enumerate(row)]
            tr = tbl.add_tr()
            if max(map(len, texts)) < 400:
                # A short row is never split between pages; a very long one may be, or
                # it would leave most of a page empty.
                _keep_tr_on_one_page(tr)
            prototypes = strong if table.total_row and row_index == last else plain
            for prototype, text in zip(prototypes, texts, strict=True):
                tr.append(_filled(prototype, typeset(text)))
        grid.autofit = False
        _set_widths(grid, widths)
        for note in table.notes:
            paragraph = self.document.add_paragraph()
            paragraph.paragraph_format.first_line_indent = Cm(0)
            run = paragraph.add_run(typeset(note))
            run.font.size = Pt(TABLE_PT)
        spacer = self.document.add_paragraph()
        spacer.paragraph_format.space_after = Pt(6)

    def _cell(self, tc, text: str, *, bold: bool, align) -> None:
        """One cell's paragraph in the table text style, resolved once per document."""
        p = tc.p_lst[0]
        p.style = self._table_style_id
        paragraph = Paragraph(p, self.document)
        paragraph.alignment = align
        run = paragraph.add_run(typeset(text))
        run.bold = bold
        run.font.size = TABLE_SIZE

    def _prototype(self, numeric: bool, bold: bool, width):
        """An empty cell of a table's body: its width, the table text style, right-aligned
        numbers or left-aligned text, bold for the total row; copied for every cell."""
        tc = CT_Tc.new()
        tc.width = width
        align = WD_ALIGN_PARAGRAPH.RIGHT if numeric else WD_ALIGN_PARAGRAPH.LEFT
        self._cell(tc, "0", bold=bold, align=align)  # the text is replaced in every copy
        return tc

    def chart(self, spec: ChartSpec) -> None:
        """The chart as a picture with a numbered caption underneath; a chart of more
        schools than one can read shows the highest and the lowest (``ChartSpec.readable``),
        and the picture's description lists what it shows."""
        if spec.is_empty:
            return
        if not self.drawing:
            self.figure_count += 1
            return
        spec = spec.readable()
        # The caption under the picture names it; a title inside the image would repeat it.
        self.picture(render_chart_png(spec, with_title=False), spec.title, alt=spec.alt_text())

    def picture(self, png: bytes, caption: str, width_cm: float = 16.0, *,
                alt: str = "") -> None:
        self.figure_count += 1
        paragraph = self.document.add_paragraph()
        paragraph.paragraph_format.first_line_indent = Cm(0)
        paragraph.paragraph_format.keep_with_next = True
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        shape = paragraph.add_run().add_picture(io.BytesIO(png), width=Cm(width_cm))
        # The description («замещающий текст») screen readers and Word's alt-text pane show.
        shape._inline.docPr.set("descr", alt or caption)
        label = self.document.add_paragraph(f"Рисунок {self.figure_count} – {caption}")
        label.paragraph_format.first_line_indent = Cm(0)
        label.paragraph_format.space_after = Pt(6)
        label.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def signature(self, position: str, name: str, date_text: str = "") -> None:
        """The signatory's position on the left, a line to sign and the name on the right.

        The last paragraph of the text goes to the next page with it: a signature alone on
        the last page signs nothing."""
        body = [p for p in self.document.paragraphs if p.text.strip()]
        if body:
            body[-1].paragraph_format.keep_with_next = True
            body[-1].paragraph_format.keep_together = True
        for _ in range(2):
            self.document.add_paragraph().paragraph_format.keep_with_next = True
        block = self.document.add_table(rows=1, cols=3)
        block.alignment = WD_TABLE_ALIGNMENT.CENTER
        # The name gets room for «И. И. Руководителева» on one line.
        widths = (Mm(75), Mm(35), Mm(55))
        texts = (position, "____________", name)
        aligns = (WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT)
        _keep_row_on_one_page(block.rows[0])
        block.autofit = False
        _set_widths(block, widths)
        for cell, text, align in zip(block.rows[0].cells, texts, aligns, strict=True):
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.first_line_indent = Cm(0)
            paragraph.paragraph_format.keep_with_next = True
            paragraph.alignment = align
            paragraph.add_run(text)
        if date_text:
            # In the signature's own cell: a row never splits over two pages, so the date
            # never goes to a page of its own (Word and LibreOffice ignore «keep with next»
            # from a table to the paragraph after it).
            paragraph = block.rows[0].cells[0].add_paragraph(date_text)
            paragraph.paragraph_format.first_line_indent = Cm(0)
            paragraph.paragraph_format.space_before = Pt(12)

    def page_break(self) -> None:
        self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()
