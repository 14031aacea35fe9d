"""Server-side layout of a network, deterministic and pure Python (networkx's layouts need numpy):
communities packed on a spiral, each community a sunflower with its hubs in the middle, and a
Fruchterman–Reingold refinement for graphs small enough to afford it. Coordinates in pixels."""

import math
import random
from typing import Any

import networkx as nx

from policykg.kg.network_metrics import SEED, communities

FORCE_MAX_NODES = 150  # force refinement up to this many nodes (cost grows with the square of the size)
FORCE_ITERATIONS = 80
SPACING = 70.0  # pixels between neighbouring nodes of a sunflower
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))

Positions = dict[Any, tuple[float, float]]


def _sunflower(nodes: list[Any], cx: float, cy: float) -> Positions:
    """Nodes on a sunflower spiral around (cx, cy), the first in the middle."""
    return {v: (cx + SPACING * math.sqrt(i) * math.cos(i * GOLDEN_ANGLE),
                cy + SPACING * math.sqrt(i) * math.sin(i * GOLDEN_ANGLE)) for i, v in enumerate(nodes)}


def _radius(size: int) -> float:
    """Radius of the sunflower of ``size`` nodes, with a margin."""
    return SPACING * (math.sqrt(size) + 0.8)


def _pack(radii: list[float]) -> list[tuple[float, float]]:
    """Centres for circles of the given radii (largest first) on an outward spiral, without overlaps."""
    placed: list[tuple[float, float, float]] = []
    t = 0.0
    for r in radii:
        while True:
            x, y = 0.35 * SPACING * t * math.cos(t), 0.35 * SPACING * t * math.sin(t)
            if all(math.hypot(x - px, y - py) >= r + pr for px, py, pr in placed):
                break
            t += 0.15 + 2.0 / (1.0 + t)
        placed.append((x, y, r))
    return [(x, y) for x, y, _ in placed]


def community_layout(g: nx.Graph, groups: list[set[Any]] | None = None) -> Positions:
    """Communities packed on a spiral; inside each, nodes by weighted degree from the centre out.
    Isolated nodes share one last block."""
    u = g.to_undirected(as_view=True) if g.is_directed() else g
    groups = groups if groups is not None else communities(u)
    isolates = [v for group in groups if len(group) == 1 for v in group if u.degree(v) == 0]
    blocks = [group for group in groups if not (len(group) == 1 and u.degree(next(iter(group))) == 0)]
    if isolates:
        blocks.append(set(isolates))

    def order(group: set[Any]) -> list[Any]:
        return sorted(group, key=lambda v: (-u.degree(v, weight="weight"), str(v)))

    pos: Positions = {}
    for group, (cx, cy) in zip(blocks, _pack([_radius(len(b)) for b in blocks]), strict=True):
        pos.update(_sunflower(order(group), cx, cy))
    return pos


def refine(g: nx.Graph, pos: Positions, iterations: int = FORCE_ITERATIONS) -> Positions:
    """Fruchterman–Reingold from the given positions (every pair repels, edges attract, cooling)."""
    u = g.to_undirected(as_view=True) if g.is_directed() else g
    nodes = sorted(u, key=str)
    if len(nodes) < 2:
        return dict(pos)
    index = {v: i for i, v in enumerate(nodes)}
    rng = random.Random(SEED)
    xs = [pos[v][0] + rng.uniform(-1, 1) for v in nodes]
    ys = [pos[v][1] + rng.uniform(-1, 1) for v in nodes]
    edges = [(index[a], index[b], min(3.0, 1.0 + math.log(float(w)))) for a, b, w in u.edges(data="weight", default=1)]
    k = SPACING * 1.6
    temperature = k * 2.0
    n = len(nodes)
    for step in range(iterations):
        dx, dy = [0.0] * n, [0.0] * n
        for i in range(n):
            xi, yi = xs[i], ys[i]
            for j in range(i + 1, n):
                ddx, ddy = xi - xs[j], yi - ys[j]
                d2 = ddx * ddx + ddy * ddy or 0.01
                f = k * k / d2
                dx[i] += ddx * f
                dy[i] += ddy * f
                dx[j] -= ddx * f
                dy[j] -= ddy * f
        for i, j, w in edges:
            ddx, ddy = xs[i] - xs[j], ys[i] - ys[j]
            d = math.sqrt(ddx * ddx + ddy * ddy) or 0.1
            f = d * w / k
            dx[i] -= ddx * f
            dy[i] -= ddy * f
            dx[j] += ddx * f
            dy[j] += ddy * f
        limit = temperature * (1 - step / iterations) + 1.0
        for i in range(n):
            gx, gy = -xs[i] * 0.01, -ys[i] * 0.01  # a little gravity keeps components together
            mx, my = dx[i] + gx, dy[i] + gy
            m = math.sqrt(mx * mx + my * my)
            if m > 0:
                xs[i] += mx / m * min(m, limit)
                ys[i] += my / m * min(m, limit)
    return {v: (xs[i], ys[i]) for v, i in index.items()}


def _box(pos: Positions) -> tuple[Positions, float, float]:
    """Positions moved so that their bounding box is centred on the origin, with the box's width and height."""
    xs, ys = [x for x, _ in pos.values()], [y for _, y in pos.values()]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    return ({v: (x - cx, y - cy) for v, (x, y) in pos.items()}, max(xs) - min(xs) + 2 * SPACING,
            max(ys) - min(ys) + 2 * SPACING)


def _arrange(boxes: list[tuple[Positions, float, float]]) -> Positions:
    """The first (largest) box at the origin, the others in columns to its right, about as tall as it or
    as the square root of the total area, whichever is more."""
    first, width, height = boxes[0]
    column_height = max(height, math.sqrt(sum(w * h for _, w, h in boxes)))
    result = dict(first)
    x, y, column_width = width / 2, -column_height / 2, 0.0
    for pos, w, h in boxes[1:]:
        if y + h > column_height / 2 and column_width > 0:
            x, y, column_width = x + column_width, -column_height / 2, 0.0
        result.update({v: (px + x + w / 2, py + y + h / 2) for v, (px, py) in pos.items()})
        y += h
        column_width = max(column_width, w)
    return result


def layout(g: nx.Graph, groups: list[set[Any]] | None = None) -> Positions:
    """Pixel positions for every node: each connected component by communities (refined by forces when the
    graph is small), the largest component first and the others beside it, isolated nodes in one block."""
    if len(g) == 0:
        return {}
    u = g.to_undirected(as_view=True) if g.is_directed() else g
    groups = groups or communities(u)
    boxes: list[tuple[Positions, float, float]] = []
    isolates = []
    for component in sorted(nx.connected_components(u), key=lambda c: (-len(c), min(map(str, c)))):
        if len(component) == 1:
            isolates.extend(component)
            continue
        sub = u.subgraph(component)
        pos = community_layout(sub, [group & component for group in groups if group & component])
        if len(u) <= FORCE_MAX_NODES:
            pos = refine(sub, pos)
        boxes.append(_box(pos))
    if isolates:
        boxes.append(_box(_sunflower(sorted(isolates, key=str), 0.0, 0.0)))
    return {v: (round(x, 1), round(y, 1)) for v, (x, y) in _arrange(boxes).items()}
