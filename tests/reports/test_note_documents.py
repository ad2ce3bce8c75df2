"""The half-year note built from hand-made data, opened the way a reader opens it."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import openpyxl
import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from reports.notes.data import (
    IndicatorRow,
    MonitoringSection,
    NoteData,
    RoadmapItem,
    TrainingRow,
)
from reports.notes.render import render_note_docx, render_note_pdf, render_note_xlsx
from reports.renderers.base import ChartSpec, Table
from reports.renderers.pdf import PdfConversionError, docx_to_pdf, pdf_available
from reports.renderers.xlsx import render_tables_xlsx

from .conftest import docx_text

HAS_PDF_TOOLS = pdf_available() and bool(shutil.which("pdftotext"))
# Needs LibreOffice and pdftotext: deselected where they are missing (tests/conftest.py).
needs_libreoffice = pytest.mark.libreoffice


def full_note() -> NoteData:
    diagnostics = Table(
        "Охват профориентационной диагностикой по ОО",
        ["ОО", "Всего", "в т.ч. с ОВЗ", "Год назад", "Изменение"],
        [["СОШ № 1", 137, 9, 101, 36], ["СОШ с. Вал", 48, 2, 52, -4],
         ["Итого", 185, 11, 153, 32]],
        total_row=True, signed=(4,), sheet_name="4. Диагностика",
    )
    return NoteData(
        period_label="I полугодие 2022/2023 учебного года",
        scope_label="МО «Городской округ Ногликский»",
        department="Отдел образования администрации МО «Городской округ Ногликский»",
        general=["В муниципалитете 6 общеобразовательных организаций."],
        monitoring=[
            MonitoringSection(
                "Охват профориентационной диагностикой", diagnostics,
                ChartSpec("Охват диагностикой по ОО", ["СОШ № 1", "СОШ с. Вал"],
                          [("Всего", [137, 48]), ("в т.ч. с ОВЗ", [9, 2])]),
                ["Диагностикой охвачено 185 обучающихся."],
            ),
            MonitoringSection("Детские техноклассы"),
        ],
        indicators=[IndicatorRow("Доля обучающихся 6–11 классов, прошедших диагностику", "%",
                                 62.5, 70.0, "не достигнуто", 4.1, 58.4, 64.0)],
        training=[TrainingRow("педагоги ОО", 38, 64, 59.4, 60.0)],
        roadmap_done=[RoadmapItem("3.1", "Мониторинг профориентационной работы", "Ежегодно")],
        roadmap_overdue=[RoadmapItem("5.3", "Буклеты для родителей", "Май 2022", "нет отчёта")],
        conclusions=["Число обучающихся, охваченных диагностикой, увеличилось на 13 обучающихся."],
        recommendations={"heads": ["Обеспечить диагностику в 8 классах"],
                         "parents": ["Обсудить с ребёнком результаты диагностики"]},
        signer_name="И.И. Руководителева",
        date=dt.date(2023, 1, 25),
    )


def test_docx_is_an_official_note_with_every_section():
    content = render_note_docx(full_note())
    document = Document(io.BytesIO(content))
    text = docx_text(content)

    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (section.left_margin, section.right_margin,
                                  section.top_margin, section.bottom_margin)] == [30, 15, 20, 20]
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size == Pt(14)
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:hAnsi")) == fonts.get(qn("w:cs")) == "Times New Roman"
    assert 1.0 <= normal.paragraph_format.line_spacing <= 1.15

    for heading in ["Информационно-аналитическая справка", "за I полугодие 2022/2023 учебного года",
                    "1. Общие сведения", "2. Результаты мониторингов",
                    "2.1. Охват профориентационной диагностикой", "2.2. Детские техноклассы",
                    "3. Показатели системы профориентации", "4. Обучение педагогических",
                    "5. Исполнение дорожной карты", "5.1. Выполненные мероприятия",
                    "6. Выводы", "7. Адресные рекомендации", "7.1. Руководителям ОО",
                    "7.2. Родителям (законным представителям)"]:
        assert heading in text, heading
    assert "Таблица 1 – Охват профориентационной диагностикой по ОО" in text
    assert "СОШ № 1 | 137 | 9 | 101 | +36" in text
    assert "СОШ с. Вал | 48 | 2 | 52 | −4" in text
    assert "Итого | 185 | 11 | 153 | +32" in text
    assert ("Доля обучающихся 6–11 классов, прошедших диагностику | % | 62,5 | 58,4 | +4,1 | 64 "
            "| 70 | не достигнуто") in text
    # The indicators' table is wide: it is printed on landscape pages.
    assert any(s.page_width > s.page_height for s in document.sections)
    assert document.core_properties.author == "Отдел образования администрации МО «Городской округ Ногликский»"
    assert "педагоги ОО | 38 | 64 | 59,4 | 60 | не достигнуто" in text
    assert "5.3 | Буклеты для родителей | Май 2022 | нет отчёта" in text
    assert "– Обеспечить диагностику в 8 классах;" not in text  # one item: ends with a full stop
    assert "– Обеспечить диагностику в 8 классах." in text
    # The technoclass register has no data yet: it says so rather than printing nothing.
    assert text.split("2.2. Детские техноклассы")[1].split("\n")[1] == "Данные не внесены."
    assert "И.И. Руководителева" in text and "25 января 2023 г." in text

    grid = document.tables[0]
    borders = grid._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"single"}
    header = grid.rows[0]
    assert all(run.bold for cell in header.cells for p in cell.paragraphs for run in p.runs)
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    first_row = grid.rows[1].cells
    assert first_row[1].paragraphs[0].alignment == 2  # numbers right-aligned
    assert first_row[0].paragraphs[0].alignment == 0  # names left-aligned
    assert first_row[1].paragraphs[0].runs[0].font.size == Pt(12)
    assert grid.rows[-1].cells[0].paragraphs[0].runs[0].bold  # the total row

    # The chart is a PNG picture in the document; page numbers are a PAGE field.
    images = [rel.target_part for rel in document.part.rels.values() if "image" in rel.reltype]
    assert images and images[0].content_type == "image/png"
    assert images[0].blob[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Рисунок 1 – Охват диагностикой по ОО" in text
    header_xml = section.header._element.xml
    assert "PAGE" in header_xml and section.different_first_page_header_footer


def test_empty_sections_say_no_data_and_nothing_else():
    note = NoteData(period_label="II полугодие 2022/2023 учебного года",
                    scope_label="Школа А", department="Отдел образования")
    text = docx_text(render_note_docx(note))
    assert text.count("Данные не внесены.") == 8
    assert "Таблица" not in text and "Рисунок" not in text
    workbook = openpyxl.load_workbook(io.BytesIO(render_note_xlsx(note)))
    assert workbook.sheetnames == ["Сведения"]


def test_xlsx_appendix_has_every_table_with_numbers_as_numbers():
    workbook = openpyxl.load_workbook(io.BytesIO(render_note_xlsx(full_note())))
    assert workbook.sheetnames == [
        "Сведения", "4. Диагностика", "Показатели", "Обучение кадров",
        "ДК выполнено", "ДК просрочено"]
    sheet = workbook["4. Диагностика"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Охват профориентационной диагностикой по ОО"
    assert rows[1] == ("ОО", "Всего", "в т.ч. с ОВЗ", "Год назад", "Изменение")
    assert rows[2] == ("СОШ № 1", 137, 9, 101, 36)
    assert rows[3][4] == -4 and sheet["E3"].number_format.startswith("+General")
    assert sheet["A2"].font.bold and sheet["A5"].font.bold  # header and total rows
    indicators = workbook["Показатели"]
    assert indicators["C3"].value == 62.5
    # The change is a number (with its sign shown by the format), not the text «+4,1».
    assert indicators["E3"].value == 4.1 and indicators["E3"].number_format.startswith("+")
    assert workbook["Сведения"]["A1"].value.startswith("Информационно-аналитическая справка")


def test_xlsx_cells_that_look_like_formulas_are_neutralised():
    table = Table("Опасное", ["ОО", "Комментарий"], [["=1+1", "@SUM(A1)"], ["Школа", "-2 дня"]])
    sheet = openpyxl.load_workbook(io.BytesIO(render_tables_xlsx([table]))).active
    values = [row for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert values == [("'=1+1", "'@SUM(A1)"), ("Школа", "'-2 дня")]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_a_long_title_is_cut_between_words_for_the_sheet_name():
    table = Table("Охват профориентационной диагностикой по ОО", ["a"], [[1]])
    names = openpyxl.load_workbook(io.BytesIO(render_tables_xlsx([table]))).sheetnames
    assert names == ["1. Охват профориентационной"]


def test_sheet_names_are_unique_and_valid():
    tables = [Table("Итоги: 1/2 [часть]?", ["a"], [[1]], sheet_name="Итоги: 1/2 [часть]?"),
              Table("Итоги: 1/2 [часть]?", ["a"], [[2]], sheet_name="Итоги: 1/2 [часть]?")]
    names = openpyxl.load_workbook(io.BytesIO(render_tables_xlsx(tables))).sheetnames
    assert names == ["Итоги  1 2  часть", "Итоги  1 2  часть (2)"]


def test_a_row_of_the_wrong_length_is_refused():
    with pytest.raises(ValueError, match="2 ячеек при 3 столбцах"):
        Table("Т", ["a", "b", "c"], [[1, 2]])


@needs_libreoffice
def test_pdf_has_the_figures_and_the_headings(tmp_path):
    pdf = render_note_pdf(full_note(), workdir=tmp_path)
    assert pdf.startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True,
                          check=True, timeout=60).stdout.decode()
    for expected in ["Информационно-аналитическая справка", "1. Общие сведения",
                     "Охват профориентационной диагностикой по ОО", "137", "185", "62,5",
                     "Данные не внесены.", "25 января 2023 г."]:
        assert expected in text, expected
    # The conversion cleaned up after itself.
    assert list(tmp_path.iterdir()) == []


def test_pdf_says_why_when_libreoffice_is_missing(settings):
    settings.SOFFICE_PATH = "/nonexistent/soffice"
    assert not pdf_available()
    with pytest.raises(PdfConversionError, match="не установлен LibreOffice"):
        docx_to_pdf(b"PK")


@needs_libreoffice
def test_a_hung_conversion_is_stopped_by_the_timeout(tmp_path):
    with pytest.raises(PdfConversionError, match="не успел преобразовать документ в PDF за 0"):
        docx_to_pdf(render_note_docx(full_note()), workdir=tmp_path, timeout=0.05)
    assert list(tmp_path.iterdir()) == []


def test_column_widths_fill_the_text_width():
    from reports.renderers.docx import column_widths

    table = Table("Т", ["ОО", "Всего"], [["Муниципальное бюджетное общеобразовательное", 5]])
    widths = column_widths(table)
    assert abs(sum(w for w in widths) - Mm(165)) < Mm(1)
    assert widths[0] > widths[1]


def test_a_monitoring_section_from_numbers_only():
    from reports.notes.data import SchoolCount

    # One person studied at both schools this half-year: the total counts him once.
    section = MonitoringSection.from_counts(
        "Открытые уроки «ПроеКТОриЯ»", "участников открытых уроков «ПроеКТОриЯ»",
        [SchoolCount("СОШ № 1", 60, 4, 40), SchoolCount("СОШ № 2", 52, 4, 80)],
        SchoolCount("Итого", 111, 8, 120),
    )
    assert section.table.rows == [["СОШ № 1", 60, 4, 40, 20], ["СОШ № 2", 52, 4, 80, -28],
                                  ["Итого", 111, 8, 120, -9]]
    assert section.paragraphs[0] == (
        "Число участников открытых уроков «ПроеКТОриЯ» уменьшилось по сравнению с тем же "
        "полугодием прошлого учебного года на 9 обучающихся (на 7,5 %) и составило "
        "111 обучающихся.")
    text = docx_text(render_note_docx(NoteData("I полугодие", "МО", "Отдел", monitoring=[section])))
    assert "СОШ № 1 | 60 | 4 | 40 | +20" in text
    assert "Итого | 111 | 8 | 120 | −9" in text
    unknown = MonitoringSection.from_counts("Т", "участников", [SchoolCount("СОШ", 5, 0)])
    assert unknown.table.rows == [["СОШ", 5, 0, None, None]]
    assert MonitoringSection.from_counts("Пусто", "участников", []).table is None


def test_a_table_of_200_schools_keeps_every_cell_its_style_alignment_and_width():
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from monitoring.text import format_number
    from reports.renderers.docx import OfficialDocument

    rows = [[f"СОШ № {i}", i * 3, None, i - 100] for i in range(1, 201)]
    rows[0][0] = " пробел по краям "
    rows[1][0] = "в две\nстроки"
    rows[2][0] = ""
    rows.append(["Итого", 60300, None, 100])
    doc = OfficialDocument("Проверка")
    doc.table(Table("По ОО", ["ОО", "Всего", "Год назад", "Изменение"], rows,
                    total_row=True, signed=(3,)))
    grid = Document(io.BytesIO(doc.to_bytes())).tables[0]
    assert len(grid.rows) == 202
    widths = [cell.width for cell in grid.rows[0].cells]
    for number, row in enumerate(grid.rows):
        cells = row.cells
        assert [c.width for c in cells] == widths
        assert all(c.paragraphs[0].style.name == "Текст таблицы" for c in cells)
        if number == 0:
            continue
        assert cells[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
        assert cells[0].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT
        bold = {run.bold for c in cells for run in c.paragraphs[0].runs}
        assert bold == ({True} if number == 201 else {False})
    assert [c.text for c in grid.rows[10].cells] == ["СОШ №\u00a010", "30", "—", "−90"]
    assert grid.rows[1].cells[0].text == " пробел по краям "
    assert grid.rows[2].cells[0].text == "в две\nстроки"
    assert grid.rows[3].cells[0].text == ""
    assert [c.text for c in grid.rows[201].cells] == ["Итого", format_number(60300), "—", "+100"]
