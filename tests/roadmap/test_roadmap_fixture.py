"""Сверка фикстуры дорожной карты 2021–2023 с утверждённым текстом (seed).

Без базы данных и Django: читаются только два файла.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

# The approved text, kept in the repository so that a clone alone runs the suite.
SEED = Path(__file__).resolve().parents[2] / "fixtures" / "seed" / "roadmap-nogliki-2021-2023.txt"
FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "roadmap-2021-2023.json"

EXPECTED_DEADLINES = [
    ("1.1", "Январь 2021"),
    ("1.2", "Май 2021"),
    ("1.3", "Ежегодно по необходимости"),
    ("1.4", "Ежегодно по необходимости"),
    ("2.1", "Май 2021"),
    ("2.2", "2021-2022"),
    ("2.3", "Май 2021"),
    ("3.1", "Ежегодно"),
    ("4.1", "ежегодно"),
    ("4.2", "Ежегодно"),
    ("4.3", "В соответствии с графиком"),
    ("5.1", "2021-2023"),
    ("5.2", "2021-2023"),
    ("5.3", "Май 2021"),
    ("6.1", "Не менее 2 раз в год"),
    ("6.2", "Ежегодно"),
    ("6.3", "Не менее 2 раз в год"),
]

PEOPLE = {
    "Дискулцу Л.Ю.": "",
    "Боброва Л.В.": "ведущий консультант",
    "Ренкевич Л.М.": "начальник отдела образования",
    "Саматова С.Л.": "референт отдела образования",
}

PREFIX = 60  # сколько символов начала текста и результата сверяется с документом


def normalise(text: str) -> str:
    """Убирает разметку и артефакты вёрстки.

    HTML-теги, «**», мягкие переносы, пробел после дефиса, разорванного переносом строки
    («2021- 2023»), лишние пробелы.
    """
    text = re.sub(r"<[^>]+>", " ", text).replace("**", "").replace("\u00ad", "")
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"(?<=\w)- (?=\w)", "-", text)
    return text.strip()


def _lines(text: str) -> list[str]:
    """Строки многострочного поля без маркеров списка «- »."""
    return [line.removeprefix("- ") for line in text.split("\n") if line.strip()]


@pytest.fixture(scope="module")
def seed() -> str:
    return normalise(SEED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def roadmap() -> dict:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def measures(roadmap: dict) -> list[dict]:
    return [m for section in roadmap["sections"] for m in section["measures"]]


def test_header(roadmap: dict, seed: str) -> None:
    assert roadmap["slug"] == "nogliki-2021-2023"
    assert (roadmap["year_start"], roadmap["year_end"]) == (2021, 2023)
    for key in ("title", "explanatory_note", "passport_title", "plan_title"):
        assert roadmap[key], key
        assert normalise(roadmap[key]) in seed, key
    assert roadmap["title"].startswith("Дорожная карта по развитию муниципальной системы")
    assert roadmap["plan_title"].startswith("План мероприятий «дорожная карта»")


def test_six_sections_seventeen_measures(roadmap: dict, measures: list[dict]) -> None:
    sections = roadmap["sections"]
    assert [s["number"] for s in sections] == ["I", "II", "III", "IV", "V", "VI"]
    assert [len(s["measures"]) for s in sections] == [4, 3, 1, 3, 3, 3]
    assert len(measures) == 17
    for section in sections:
        prefix = str(["I", "II", "III", "IV", "V", "VI"].index(section["number"]) + 1) + "."
        assert all(m["number"].startswith(prefix) for m in section["measures"])


def test_section_titles_in_seed(roadmap: dict, seed: str) -> None:
    for section in roadmap["sections"]:
        assert normalise(f"{section['number']}. {section['title']}") in seed, section["number"]


def test_expected_deadlines_literally(measures: list[dict]) -> None:
    assert [(m["number"], m["deadline"]) for m in measures] == EXPECTED_DEADLINES


def seed_rows(raw: str) -> dict[str, tuple[list[str], str]]:
    """Строки таблицы плана по номерам мероприятий.

    Для каждого номера — ячейки строки с номером и весь текст мероприятия до следующего
    номера или раздела (с продолжениями на следующих строках).
    """
    lines = raw.split("\n")
    starts = [i for i, line in enumerate(lines) if re.match(r"^\d\.\d\t", line)]
    stops = {i for i, line in enumerate(lines) if re.match(r"^[IVX]+\. ", line)}
    rows: dict[str, tuple[list[str], str]] = {}
    for i in starts:
        j = i + 1
        while j < len(lines) and j not in starts and j not in stops:
            j += 1
        cells = [normalise(cell) for cell in lines[i].split("\t")]
        rows[cells[0]] = (cells, normalise(" ".join(lines[i:j])))
    return rows


@pytest.mark.parametrize(("number", "deadline"), EXPECTED_DEADLINES)
def test_measure_matches_seed(measures: list[dict], number: str, deadline: str) -> None:
    rows = seed_rows(SEED.read_text(encoding="utf-8"))
    assert sorted(rows) == sorted(n for n, _ in EXPECTED_DEADLINES)
    cells, segment = rows[number]
    measure = next(m for m in measures if m["number"] == number)
    # номер, срок и ответственный — ячейки той же строки таблицы, дословно
    assert measure["deadline"] == deadline == cells[2]
    assert normalise(measure["responsible"]) == cells[3]
    # начало текста мероприятия и результата — дословно из строки этого мероприятия
    text_start = normalise(_lines(measure["text"])[0])[:PREFIX]
    assert text_start in segment, text_start
    result_start = normalise(_lines(measure["result"])[0])[:PREFIX]
    assert result_start in segment, result_start
    # каждая строка текста и результата есть в строке этого мероприятия
    for line in [*_lines(measure["text"]), *measure["result_items"]]:
        if number == "2.2" and line == measure["text"]:
            # текст 2.2 разорван в документе ячейкой результата: сверяем обе части
            head, tail = line.split(" обучающихся в муниципальном", 1)
            assert normalise(head) in segment
            assert normalise("обучающихся в муниципальном" + tail) in segment
            continue
        assert normalise(line) in segment, line
    assert measure["result_items"]
    assert _lines(measure["result"]) == measure["result_items"]


def test_responsible_people(measures: list[dict]) -> None:
    for measure in measures:
        people = measure["responsible_people"]
        assert people, measure["number"]
        for person in people:
            assert PEOPLE[person["name"]] == person["position"]
            assert person["name"][:-1] in measure["responsible"]
        assert "руководители ОО" not in {p["name"] for p in people}
    named = {p["name"] for m in measures for p in m["responsible_people"]}
    assert named == set(PEOPLE)


def test_passport(roadmap: dict, seed: str) -> None:
    passport = roadmap["passport"]
    assert len(passport["risks"]) == 4
    assert len(passport["monitoring_kinds"]) == 10
    assert len(passport["indicators"]) == 10
    assert len(passport["information_sources"]) == 4
    assert len(passport["expected_results"]) == 3
    assert len(passport["measures"]) == 3
    assert len(passport["effectiveness_analysis"]) == 3
    assert len(passport["tasks"]) == 3
    assert len(passport["tasks"][1]["items"]) == 9
    assert passport["risks"][3] == (
        "Отсутствие условий в регионе для получения образования детей-инвалидов"
    )
    assert passport["monitoring_kinds"][8] == (
        "Учет обучающихся, участвующих в открытых уроках «ПроеКТОриЯ»;"
    )
    assert "тьютерство" in passport["expected_results"][2]

    strings: list[str] = [passport["goal"], passport["tasks"][0], passport["tasks"][2]]
    strings += [passport["tasks"][1]["text"], *passport["tasks"][1]["items"]]
    for key in (
        "expected_results",
        "indicators",
        "information_sources",
        "monitoring_kinds",
        "measures",
        "effectiveness_analysis",
        "risks",
    ):
        strings += passport[key]
    strings += passport["analysis"]["reports"] + passport["analysis"]["venues"]
    for text in strings:
        assert normalise(text) in seed, text
