"""Cluster analysis on hand-made data: obvious groups are found and described in words."""

from __future__ import annotations

import numpy as np
import pytest

from reports.clustering import cluster_chart_png, cluster_schools, silhouette, standardize

SCHOOLS = ["СОШ № 1", "СОШ № 2", "Гимназия", "ООШ с. Ныш", "СОШ с. Вал", "НОШ"]
INDICATORS = ["Охват диагностикой, %", "Участники «Билета в будущее», %", "Число соглашений"]
# Three strong schools (high on everything) and three weak ones; «Число соглашений» is
# the same everywhere.
MATRIX = [
    [82.0, 75.0, 4], [85.0, 71.0, 4], [88.0, 78.0, 4],
    [31.0, 22.0, 4], [28.0, 25.0, 4], [35.0, 19.0, 4],
]


def test_standardize_handles_constant_columns():
    z, means, stds = standardize(MATRIX)
    assert np.allclose(z.mean(axis=0), 0)
    assert np.allclose(z[:, :2].std(axis=0), 1)
    assert np.all(z[:, 2] == 0) and stds[2] == 0 and means[2] == 4
    assert np.isfinite(z).all()


def test_two_obvious_groups_are_found_and_the_choice_explained():
    result = cluster_schools(SCHOOLS, INDICATORS, MATRIX)
    assert result.k == 2
    assert result.labels == [1, 1, 1, 2, 2, 2]
    assert result.silhouettes[2] > 0.7
    assert max(result.silhouettes.values()) == result.silhouettes[2]
    assert set(result.silhouettes) <= {2, 3, 4, 5}
    assert "методом Уорда" in result.explanation
    assert "наибольшему среднему коэффициенту силуэта" in result.explanation
    assert "2 группы" in result.explanation and "6 школ" in result.explanation

    strong, weak = result.groups
    assert strong.schools == ["СОШ № 1", "СОШ № 2", "Гимназия"]
    assert {name for name, *_ in strong.above} == set(INDICATORS[:2])
    assert strong.below == []
    assert strong.description.startswith("Группа 1 (3 школы: СОШ № 1, СОШ № 2, Гимназия).")
    assert "Выше среднего по муниципалитету: " in strong.description
    # Inside the sentence the indicator's name starts in lower case.
    assert "охват диагностикой, % (85 при среднем 58,2)" in strong.description
    assert "Ниже среднего по муниципалитету" in weak.description
    # The constant indicator describes nobody.
    assert "число соглашений" not in (strong.description + weak.description).lower()


def test_three_groups_when_the_data_has_three():
    matrix = [[10, 10], [11, 10], [10, 11], [50, 50], [51, 50], [50, 51],
              [90, 10], [91, 11], [90, 9]]
    result = cluster_schools([f"ОО {i}" for i in range(9)], ["x", "y"], matrix)
    assert result.k == 3
    assert result.labels == [1, 1, 1, 2, 2, 2, 3, 3, 3]


def test_too_few_schools_or_identical_schools_are_explained():
    few = cluster_schools(["А", "Б"], ["x"], [[1], [2]])
    assert few.k == 1 and "не менее 3 ОО" in few.explanation
    same = cluster_schools(["А", "Б", "В"], ["x", "y"], [[1, 2], [1, 2], [1, 2]])
    assert same.k == 1 and same.labels == [1, 1, 1]
    assert "одинаковые значения" in same.explanation


def test_silhouette_matches_the_textbook_definition():
    points = np.array([[0.0], [1.0], [10.0], [11.0]])
    # a = 1 for every point; b = 10 for the inner points (0→10,11 mean 10.5; 1→9.5…).
    expected = np.mean([(10.5 - 1) / 10.5, (9.5 - 1) / 9.5, (9.5 - 1) / 9.5, (10.5 - 1) / 10.5])
    assert silhouette(points, [1, 1, 2, 2]) == pytest.approx(expected)
    assert silhouette(points, [1, 1, 1, 1]) == 0.0


def test_the_chart_is_a_png():
    png = cluster_chart_png(cluster_schools(SCHOOLS, INDICATORS, MATRIX))
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000


def test_a_matrix_of_the_wrong_shape_is_refused():
    with pytest.raises(ValueError, match="не совпадает"):
        cluster_schools(["А", "Б", "В"], ["x"], [[1, 2], [3, 4], [5, 6]])
