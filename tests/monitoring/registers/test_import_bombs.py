"""Files made to bring a server down are refused before they are parsed, for every list.

A workbook is a zip archive: a small upload can unpack to gigabytes (shared strings, a
sheet of one repeated row, a row repeated a million times in an .ods). The refusal comes
from the archive's directory and the sheet's declared size — what it costs is measured
here by memory (tracemalloc), not by the clock."""

from __future__ import annotations

import io
import os
import tracemalloc
import zipfile

import pytest

from monitoring import importing
from monitoring.models import Student
from monitoring.registers.registry import registry
from monitoring.resources import StudentResource

from .corpus import N, Sheet, grid, targets, template_book, upload, write_ods, write_xlsx

TARGETS = [entry.slug for entry in registry] + ["students", "staff"]


def _rebuild(content: bytes, replace: dict[str, bytes], add: dict[str, bytes] | None = None) -> bytes:
    """The same workbook with some parts replaced (or added), compressed as Excel does."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for part in source.infolist():
            target.writestr(part.filename, replace.get(part.filename, source.read(part.filename)))
        for name, data in (add or {}).items():
            target.writestr(name, data)
    return buffer.getvalue()


def _sheet_part(content: bytes, title: str = "Данные") -> str:
    """The archive path of a sheet, from the workbook's own relationships."""
    book = zipfile.ZipFile(io.BytesIO(content))
    import re

    workbook = book.read("xl/workbook.xml").decode()
    rel = re.search(rf'<sheet [^>]*name="{title}"[^>]*r:id="(rId\d+)"', workbook).group(1)
    rels = book.read("xl/_rels/workbook.xml.rels").decode()
    target = re.search(rf'Id="{rel}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="{rel}"', rels)
    path = target.group(1) or target.group(2)
    return path.lstrip("/") if path.startswith("/") else f"xl/{path}"


SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
              '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')


def bomb(request, ctx, name: str, kind: str, settings) -> tuple[bytes, str, str]:
    """(file, file name, what the refusal says)."""
    target = targets()[name]
    client = request.getfixturevalue(target.client)
    sheets, headers = template_book(client, target)
    data = next(s for s in sheets if s.title == "Данные")
    data.rows += grid(headers, target.rows(ctx, N))
    good = write_xlsx(sheets)
    part = _sheet_part(good)
    if kind == "sheet_of_one_repeated_row":
        row = "".join(f'<c t="inlineStr"><is><t>{h}</t></is></c>' for h in headers)
        body = f"<row>{row}</row>" * 40_000
        sheet = f"{SHEET_HEAD}<sheetData>{body}</sheetData></worksheet>".encode()
        return _rebuild(good, {part: sheet}), "список.xlsx", "распаковывается в"
    if kind == "shared_strings":
        strings = b"<si><t>a</t></si>" * 1_000_000
        table = (b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats'
                 b'.org/spreadsheetml/2006/main">' + strings + b"</sst>")
        names = zipfile.ZipFile(io.BytesIO(good)).namelist()
        parts = {"xl/sharedStrings.xml": table}
        rebuilt = (_rebuild(good, parts) if "xl/sharedStrings.xml" in names
                   else _rebuild(good, {}, parts))
        return rebuilt, "список.xlsx", "распаковывается в"
    if kind == "declared_size":
        sheet = (f'{SHEET_HEAD}<dimension ref="A1:XFD1048576"/><sheetData><row r="1">'
                 '<c t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>').encode()
        return _rebuild(good, {part: sheet}), "список.xlsx", "объявляет 1048576 строк"
    if kind == "unpacked_total":
        settings.IMPORT_MAX_UNPACKED_MB = 1
        noise = os.urandom(2 * 1024 * 1024)  # 2 MB that do not compress
        return (_rebuild(good, {}, {"xl/media/image1.bin": noise}), "список.xlsx",
                "в распакованном виде больше 1 МБ")
    if kind == "entities":
        sheet = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 '
                 b'"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
                 + SHEET_HEAD.split("?>", 1)[1].encode()
                 + b'<sheetData><row r="1"><c t="inlineStr"><is><t>&lol2;</t></is></c></row>'
                 b"</sheetData></worksheet>")
        return _rebuild(good, {part: sheet}), "список.xlsx", "объявлениями сущностей (DOCTYPE)"
    if kind == "ods_repeated_row":
        data_sheet = Sheet("Данные", [headers, *grid(headers, target.rows(ctx, 1))])
        content = write_ods([data_sheet])
        # One filled row repeated five million times: expanding it is the bomb.
        archive = zipfile.ZipFile(io.BytesIO(content))
        xml = archive.read("content.xml").decode()
        first_row = xml.index("<table:table-row>", xml.index("<table:table-row>") + 1)
        xml = (xml[:first_row] + '<table:table-row table:number-rows-repeated="5000000">'
               + xml[first_row + len("<table:table-row>"):])
        return _rebuild(content, {"content.xml": xml.encode()}), "список.ods", "больше 50000 строк"
    raise AssertionError(kind)


KINDS = ["sheet_of_one_repeated_row", "shared_strings", "declared_size", "unpacked_total",
         "entities", "ods_repeated_row"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", TARGETS)
def test_a_bomb_is_refused_with_nothing_saved(request, ctx, settings, name, kind):
    target = targets()[name]
    client = request.getfixturevalue(target.client)
    content, filename, reason = bomb(request, ctx, name, kind, settings)
    before = target.model.objects.count()
    page = client.post(target.import_url, {"file": upload(content, filename)}).content.decode()
    assert reason in page, page[page.find("<main"):][:2000]
    assert 'name="token"' not in page
    assert target.model.objects.count() == before


def test_thirty_megabytes_of_shared_strings_are_refused_without_reading_them(coordinator_a, school_a,
                                                                             year):
    """The issue's bomb, smaller: 3 million shared strings in a 50 KB file."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/sharedStrings.xml", "w") as strings:
            strings.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            chunk = b"<si><t>a</t></si>" * 100_000
            for _ in range(30):
                strings.write(chunk)
            strings.write(b"</sst>")
    content = buffer.getvalue()
    assert len(content) < 200_000  # small on disk, 51 MB unpacked
    resource = StudentResource(user=coordinator_a, school=school_a, academic_year=year)
    tracemalloc.start()
    try:
        with pytest.raises(importing.ImportFileError) as refusal:
            importing.read_table(upload(content, "бомба.xlsx"), resource)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "слишком велик для загрузки" in str(refusal.value)
    assert peak < 5 * 1024 * 1024  # refused from the archive's directory, nothing unpacked
    assert not Student.objects.exists()
