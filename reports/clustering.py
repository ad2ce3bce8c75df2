"""Complex (cluster) analysis of schools by their indicator profile (roadmap 4.2).

Method, as the report explains it: every indicator is standardised across schools
(z-score: deviation from the municipal mean in standard deviations), so indicators
measured in persons and in percent weigh the same; schools are grouped by Ward's
hierarchical method (each merge adds the least within-group variance); the number of
groups, from 2 to min(5, n − 1), is the one with the largest mean silhouette coefficient
(how much closer each school is to its own group than to the nearest other group). Each
group is then described by the indicators on which its mean is clearly above or below
the municipal mean.

Pure functions on numbers: collection passes the school × indicator matrix."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.cluster.hierarchy import dendrogram, fcluster, linkage
from scipy.spatial.distance import pdist, squareform

from .text import SCHOOLS, count_phrase, format_decimal, plural

# A group mean this many standard deviations from the municipal mean is worth saying.
NOTABLE_Z = 0.5
MAX_GROUPS = 5


@dataclass
class ClusterGroup:
    number: int
    schools: list[str]
    above: list[tuple[str, float, float]] = field(default_factory=list)  # name, group, mean
    below: list[tuple[str, float, float]] = field(default_factory=list)
    description: str = ""


@dataclass
class ClusterResult:
    schools: list[str]
    indicators: list[str]
    z_scores: np.ndarray
    labels: list[int]
    k: int
    silhouettes: dict[int, float]
    explanation: str
    groups: list[ClusterGroup]
    linkage: np.ndarray | None = None


def standardize(matrix: Sequence[Sequence[float]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """z-scores by column; a constant column (every school equal) becomes zeros instead of
    a division by zero — it cannot tell schools apart. Returns (z, means, stds)."""
    values = np.asarray(matrix, dtype=float)
    if values.ndim != 2:
        raise ValueError("Ожидается таблица «ОО × показатели».")
    means = values.mean(axis=0)
    stds = values.std(axis=0)  # population deviation: the schools are all the schools
    safe = np.where(stds > 1e-12, stds, 1.0)
    z = (values - means) / safe
    z[:, stds <= 1e-12] = 0.0
    return z, means, stds


def silhouette(points: np.ndarray, labels: Sequence[int]) -> float:
    """Mean silhouette coefficient (Rousseeuw 1987) with Euclidean distances.

    For each point: a = mean distance to its own group, b = the smallest mean distance to
    another group, s = (b − a) / max(a, b); a point alone in its group has s = 0."""
    labels = np.asarray(labels)
    unique = np.unique(labels)
    if len(unique) < 2 or len(unique) >= len(labels):
        return 0.0
    distances = squareform(pdist(points))
    scores = []
    for index, label in enumerate(labels):
        own = labels == label
        if own.sum() == 1:
            scores.append(0.0)
            continue
        a = distances[index, own].sum() / (own.sum() - 1)
        b = min(distances[index, labels == other].mean() for other in unique if other != label)
        scores.append(0.0 if max(a, b) == 0 else (b - a) / max(a, b))
    return float(np.mean(scores))


def _renumber(labels: np.ndarray) -> list[int]:
    """Groups numbered 1, 2, … in the order their first school appears."""
    order: dict[int, int] = {}
    for label in labels:
        order.setdefault(int(label), len(order) + 1)
    return [order[int(label)] for label in labels]


def cluster_schools(schools: Sequence[str], indicators: Sequence[str],
                    matrix: Sequence[Sequence[float]]) -> ClusterResult:
    """Group schools by their standardised indicator profile (Ward + silhouette)."""
    schools, indicators = list(schools), list(indicators)
    z, means, _ = standardize(matrix)
    if z.shape != (len(schools), len(indicators)):
        raise ValueError("Размер таблицы не совпадает с числом ОО и показателей.")
    n = len(schools)
    if n < 3:
        return ClusterResult(
            schools, indicators, z, [1] * n, 1, {},
            f"Кластерный анализ не проводился: для него нужно не менее 3 ОО, "
            f"а данные есть по {count_phrase(n, ('ОО', 'ОО', 'ОО'))}.",
            [ClusterGroup(1, schools, description="Все ОО в одной группе.")] if n else [],
        )
    if not np.any(z):
        return ClusterResult(
            schools, indicators, z, [1] * n, 1, {},
            "Все ОО имеют одинаковые значения показателей, поэтому разбиение на группы "
            "не имеет смысла: все ОО отнесены к одной группе.",
            [ClusterGroup(1, schools, description="Значения показателей во всех ОО одинаковы.")],
        )
    tree = linkage(z, method="ward")
    silhouettes: dict[int, float] = {}
    candidates: dict[int, list[int]] = {}
    for k in range(2, min(MAX_GROUPS, n - 1) + 1):
        labels = fcluster(tree, t=k, criterion="maxclust")
        if len(np.unique(labels)) != k:
            continue  # ties in the tree: this number of groups cannot be cut
        silhouettes[k] = silhouette(z, labels)
        candidates[k] = _renumber(labels)
    if not candidates:
        labels = _renumber(fcluster(tree, t=2, criterion="maxclust"))
        k = len(set(labels))
        silhouettes[k] = silhouette(z, labels)
        candidates[k] = labels
    # The largest silhouette wins; on a tie, fewer groups (the simpler description).
    best = max(candidates, key=lambda k: (round(silhouettes[k], 6), -k))
    labels = candidates[best]
    groups = describe_groups(schools, indicators, z, means, np.asarray(matrix, dtype=float),
                             labels)
    return ClusterResult(schools, indicators, z, labels, best, silhouettes,
                         explain_choice(best, silhouettes, n, len(indicators)), groups, tree)


def explain_choice(k: int, silhouettes: dict[int, float], n_schools: int,
                   n_indicators: int) -> str:
    """The method and the choice of the number of groups, in words, for the report."""
    tried = "; ".join(
        f"{count}: {format_decimal(value, 2)}" for count, value in sorted(silhouettes.items())
    )
    quality = ("чёткая" if silhouettes[k] >= 0.5 else
               "умеренная" if silhouettes[k] >= 0.25 else "слабая")
    return (
        f"{count_phrase(n_schools, SCHOOLS).capitalize()} сгруппированы по "
        f"{n_indicators} {plural(n_indicators, 'показателю', 'показателям', 'показателям')}, "
        f"приведённым к стандартной шкале (z-оценки: отклонение от среднего по муниципалитету "
        f"в стандартных отклонениях), иерархическим методом Уорда. Число групп выбрано по "
        f"наибольшему среднему коэффициенту силуэта (число групп: значение — {tried}): "
        f"{k} {plural(k, 'группа', 'группы', 'групп')}, коэффициент "
        f"{format_decimal(silhouettes[k], 2)} — {quality} структура групп."
    )


def describe_groups(schools: list[str], indicators: list[str], z: np.ndarray,
                    means: np.ndarray, values: np.ndarray, labels: list[int]) -> list[ClusterGroup]:
    """Each group in words: the indicators on which its mean is clearly above or below the
    municipal mean (by at least NOTABLE_Z standard deviations)."""
    groups = []
    label_array = np.asarray(labels)
    for number in sorted(set(labels)):
        members = label_array == number
        group = ClusterGroup(number, [s for s, m in zip(schools, members, strict=True) if m])
        mean_z = z[members].mean(axis=0)
        group_values = values[members].mean(axis=0)
        for index in np.argsort(-mean_z):
            item = (indicators[index], float(group_values[index]), float(means[index]))
            if mean_z[index] >= NOTABLE_Z:
                group.above.append(item)
            elif mean_z[index] <= -NOTABLE_Z:
                group.below.append(item)
        group.below.sort(key=lambda item: item[1] - item[2])
        group.description = _group_sentence(group)
        groups.append(group)
    return groups


def _figures(items: list[tuple[str, float, float]]) -> str:
    # Inside a sentence the indicator's name starts in lower case («доля обучающихся …»).
    return "; ".join(
        f"{name[:1].lower()}{name[1:]} ({format_decimal(value)} при среднем {format_decimal(mean)})"
        for name, value, mean in items
    )


def _group_sentence(group: ClusterGroup) -> str:
    head = (f"Группа {group.number} ({count_phrase(len(group.schools), SCHOOLS)}: "
            f"{', '.join(group.schools)}).")
    parts = []
    if group.above:
        parts.append(f"Выше среднего по муниципалитету: {_figures(group.above)}.")
    if group.below:
        parts.append(f"Ниже среднего по муниципалитету: {_figures(group.below)}.")
    if not parts:
        parts.append("Значения показателей близки к средним по муниципалитету.")
    return " ".join([head, *parts])


def indicator_codes(count: int) -> list[str]:
    """Short column codes for the indicators: «П1», «П2» … (named in a legend)."""
    return [f"П{index}" for index in range(1, count + 1)]


def group_colour(number: int) -> str:
    from .renderers.charts import COLOURS

    return COLOURS[(number - 1) % len(COLOURS)]


def _link_colours(result: ClusterResult) -> dict[int, str]:
    """The colour of each link of the tree: its group's when all the schools under it are
    of one group (the groups the text names), grey where groups join."""
    n = len(result.schools)
    members: dict[int, set[int]] = {i: {result.labels[i]} for i in range(n)}
    colours = {}
    for index, (left, right, *_rest) in enumerate(result.linkage):
        node = n + index
        members[node] = members[int(left)] | members[int(right)]
        groups = members[node]
        colours[node] = group_colour(next(iter(groups))) if len(groups) == 1 else "#7f7f7f"
    return colours


def cluster_chart_png(result: ClusterResult) -> bytes:
    """A dendrogram of the schools beside a heat map of their z-scores. The tree's branches
    and the schools' names are coloured by the group the report names; the indicators are
    the short codes of the profile table, so no label runs into another."""
    import matplotlib

    from .renderers.charts import RC, figure_png, new_figure

    with matplotlib.rc_context(RC):
        height = max(3.0, 0.4 * len(result.schools) + 1.5)
        figure = new_figure(7.0, height)
        if result.linkage is not None:
            left = figure.add_axes((0.01, 0.12, 0.15, 0.8))
            colours = _link_colours(result)
            tree = dendrogram(result.linkage, orientation="left", labels=result.schools,
                              ax=left, no_labels=True,
                              link_color_func=lambda node: colours.get(node, "#7f7f7f"))
            order = tree["leaves"]
            left.axis("off")
        else:
            order = list(range(len(result.schools)))
        heat = figure.add_axes((0.52, 0.12, 0.36, 0.8))
        rows = order[::-1]  # the dendrogram draws its first leaf at the bottom
        data = result.z_scores[rows] if len(order) else result.z_scores
        image = heat.imshow(data, aspect="auto", cmap="RdBu_r", vmin=-2.5, vmax=2.5)
        heat.set_yticks(range(len(rows)),
                        [f"{result.schools[i]} (гр. {result.labels[i]})" for i in rows])
        for tick, i in zip(heat.get_yticklabels(), rows, strict=True):
            tick.set_color(group_colour(result.labels[i]))
        heat.yaxis.tick_left()
        codes = indicator_codes(len(result.indicators))
        # Upright codes would touch one another from П10 on: read them bottom to top.
        heat.set_xticks(range(len(codes)), codes, fontsize=7, rotation=90)
        colorbar = figure.add_axes((0.9, 0.12, 0.02, 0.8))
        figure.colorbar(image, cax=colorbar, label="z-оценка")
        return figure_png(figure)
