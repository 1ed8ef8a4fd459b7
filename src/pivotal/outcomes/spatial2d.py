"""What passes on two issue dimensions at once: the core, the win set, and proposals on a plane.

Members have ideal points x_i in the plane and prefer points nearer to them (Euclidean
preferences: circular indifference curves). A proposal z beats the status quo y when the members
strictly closer to z than to y form a winning coalition, i.e. when z lies in the intersection of
their *preferred-to discs* (centre x_i, radius |y - x_i|). So:

* the **win set** of y is the union, over winning coalitions S, of the intersections of the
  discs of S's members: ``W(y) = ∪_{S winning} ∩_{i∈S} D_i(y)`` (Tsebelis 2002; Shepsle and
  Weingast 1984);
* the **core**, the status quos no winning coalition can improve on, is the intersection over
  winning coalitions of the convex hulls of their ideal points (the Pareto set of S is its convex
  hull under Euclidean preferences). Writing h(u) for the right pivot of the members' positions
  projected on a direction u (the largest t such that the members with u·x_i ≥ t win),

      core = { z : u·z ≥ h(u) for every direction u }.

  Between two directions at which two members' projections swap, the pivot is one fixed member,
  so it suffices to check the directions perpendicular and parallel to every pair of members
  (and the axes): the core is an exact convex polygon (possibly a segment, a point, or empty) with
  rational vertices. Under consensus it is the convex hull of all members (the unanimity core,
  i.e. the Pareto set); a rule with veto players has the convex hull of the veto players' ideal
  points inside its core; a majority rule in general has no core (Plott 1967; McKelvey 1976).

Exact where the mathematics allows: whether a proposal beats the status quo compares squared
distances of rationals; the core's vertices are rationals. The win set's boundary is made of
circular arcs; it is computed as a polygon (shapely), with the arcs approximated by inscribed
chords, and says so (:attr:`PlaneOutcome.win_set_error` bounds the distance to the true boundary).

>>> from pivotal.games import WeightedGame
>>> g = WeightedGame([1, 1, 1], 3, names=["A", "B", "C"])
>>> positions = {"A": (0, 0), "B": (4, 0), "C": (0, 4)}
>>> r = plane_outcome(g, positions, status_quo=(4, 4))
>>> [tuple(map(str, v)) for v in r.core]  # consensus: the triangle of the three members
[('0', '0'), ('4', '0'), ('0', '4')]
>>> r.beats((2, 2)), r.beats((5, 5))
(True, False)
>>> round(r.win_set.area, 2)  # B's and C's discs meet in a lens of area 16 (pi/2 - 1) = 9.13
9.13

References
----------
1. Plott, C. R. (1967). A notion of equilibrium and its possibility under majority rule. American
   Economic Review 57(4), 787-806.
2. McKelvey, R. D. (1976). Intransitivities in multidimensional voting models and some
   implications for agenda control. Journal of Economic Theory 12(3), 472-482.
3. Shepsle, K. A. and Weingast, B. R. (1984). Uncovered sets and sophisticated voting outcomes
   with implications for agenda institutions. American Journal of Political Science 28(1), 49-74.
4. Tsebelis, G. (2002). Veto Players: How Political Institutions Work. Princeton University Press.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Point, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points, polygonize, unary_union

from pivotal.errors import PivotalError
from pivotal.games.base import SimpleGame
from pivotal.outcomes.spatial1d import critical_members, exact_value, small_table

__all__ = [
    "ARC_SEGMENTS",
    "PlaneOutcome",
    "convex_hull",
    "plane_beats",
    "plane_core",
    "plane_outcome",
    "polygon_contains",
    "win_set_region",
]

Point2 = tuple[Fraction, Fraction]
#: Chords per quarter circle when drawing a preferred-to disc as a polygon.
ARC_SEGMENTS = 64


def _point(value: object, parameter: str) -> Point2:
    if isinstance(value, str | bytes) or not hasattr(value, "__len__") or len(value) != 2:  # type: ignore[arg-type]
        raise PivotalError(
            parameter,
            "a point (x, y) on the two dimensions",
            repr(value),
            "Give two numbers, one per dimension.",
        )
    a, b = value  # type: ignore[misc]
    return exact_value(a, f"{parameter}[0]"), exact_value(b, f"{parameter}[1]")


def _cross(o: Point2, a: Point2, b: Point2) -> Fraction:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def convex_hull(points: Iterable[Point2]) -> list[Point2]:
    """The convex hull of ``points``, counter-clockwise from the lowest-leftmost point, exactly
    (Andrew's monotone chain); one point for a single location, two for a segment.

    >>> convex_hull([(0, 0), (2, 0), (1, 1), (1, 0), (0, 2)])
    [(0, 0), (2, 0), (0, 2)]
    """
    pts = sorted(set(points))
    if len(pts) <= 2:
        return pts
    lower: list[Point2] = []
    for p in pts:
        while len(lower) >= 2 and _cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list[Point2] = []
    for p in reversed(pts):
        while len(upper) >= 2 and _cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    hull = lower[:-1] + upper[:-1]
    return hull


# The core is computed on integers: the members' rational points are scaled by the common
# denominator, so every direction and projection is an integer, and a vertex cut out of the
# polygon is kept in homogeneous coordinates (X, Y, W) with W > 0 and gcd 1. Fractions cost a gcd
# on every operation; this is about ten times faster, and exactly the same numbers.
Homogeneous = tuple[int, int, int]


def _reduced(x: int, y: int, w: int) -> Homogeneous:
    if w < 0:
        x, y, w = -x, -y, -w
    g = math.gcd(x, y, w)
    return (x // g, y // g, w // g) if g > 1 else (x, y, w)


def _clip(polygon: list[Homogeneous], u: tuple[int, int], h: int) -> list[Homogeneous]:
    """The part of a convex polygon (or segment, or point), its vertices in counter-clockwise
    order, where u·z ≥ h (Sutherland-Hodgman); the same list when nothing is cut off."""
    sides = [u[0] * x + u[1] * y - h * w for x, y, w in polygon]
    if min(sides) >= 0:
        return polygon
    if len(polygon) == 1:
        return []
    out: list[Homogeneous] = []
    count = len(polygon)
    for k in range(count):  # a segment (two vertices) is walked both ways
        a, b = polygon[k], polygon[(k + 1) % count]
        sa, sb = sides[k], sides[(k + 1) % count]
        if sa >= 0:
            out.append(a)
        if (sa > 0 > sb) or (sa < 0 < sb):
            out.append(
                _reduced(sa * b[0] - sb * a[0], sa * b[1] - sb * a[1], sa * b[2] - sb * a[2])
            )
    # Clipping keeps a convex polygon convex and in order; only repeated points can appear
    # (a segment is walked both ways).
    return list(dict.fromkeys(out))


def _directions(points: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Every direction at which two members' projections can swap, both ways, the directions
    along each pair, and the axes: enough to pin down the core (module notes)."""
    dirs: set[tuple[int, int]] = {(1, 0), (0, 1)}
    distinct = sorted(set(points))
    for i, a in enumerate(distinct):
        for b in distinct[i + 1 :]:
            dx, dy = b[0] - a[0], b[1] - a[1]
            g = math.gcd(dx, dy)
            dirs.add((dx // g, dy // g))
            dirs.add((-dy // g, dx // g))
    return sorted(dirs | {(-a, -b) for a, b in dirs})


def _right_pivot(game: SimpleGame, present: list[int], values: list[int]) -> int | None:
    """The largest t such that the present members with value ≥ t win (None: none wins)."""
    levels = sorted(set(values), reverse=True)
    table = small_table(game)
    if table is not None:
        at: dict[int, int] = dict.fromkeys(levels, 0)
        for i, v in zip(present, values, strict=True):
            at[v] |= 1 << i
        mask = 0
        for lv in levels:
            mask |= at[lv]
            if table[mask]:
                return lv
        return None
    suffixes = np.zeros((len(levels), game.n), dtype=bool)
    rank = {v: k for k, v in enumerate(levels)}
    for i, v in zip(present, values, strict=True):
        suffixes[rank[v] :, i] = True
    wins = game.wins(suffixes)
    return next((lv for lv, w in zip(levels, wins, strict=True) if w), None)


def plane_core(
    game: SimpleGame, positions: Mapping[str, object], absent: Iterable[str] = ()
) -> list[Point2] | None:
    """The core as the exact vertices of a convex polygon (counter-clockwise; one vertex for a
    point, two for a segment), ``[]`` when it is empty, or None when no coalition of the members
    taking part can win (then nothing ever passes and every status quo is stable)."""
    away = set(absent)
    present = [i for i, p in enumerate(game.players) if p not in away]
    points = [
        _point(positions[game.players[i]], f"positions['{game.players[i]}']") for i in present
    ]
    if not present:
        return None
    if not bool(game.wins(game.coalition(game.players[i] for i in present))):
        return None
    scale = math.lcm(*(c.denominator for p in points for c in p))
    scaled = [(int(p[0] * scale), int(p[1] * scale)) for p in points]
    polygon: list[Homogeneous] = [(x, y, 1) for x, y in convex_hull(scaled)]
    for u in _directions(scaled):
        projected = [u[0] * x + u[1] * y for x, y in scaled]
        h = _right_pivot(game, present, projected)
        if h is None:  # pragma: no cover - the grand coalition wins, so some suffix does
            continue
        polygon = _clip(polygon, u, h)
        if not polygon:
            return []
    return convex_hull((Fraction(x, w * scale), Fraction(y, w * scale)) for x, y, w in polygon)


def plane_beats(
    game: SimpleGame,
    positions: Mapping[str, Point2],
    status_quo: Point2,
    proposal: Point2,
    absent: Iterable[str] = (),
) -> bool:
    """Whether ``proposal`` beats ``status_quo``: the members strictly closer to it win
    (exact: squared distances of rationals)."""
    return game.is_winning(_backers(game, positions, status_quo, proposal, absent))


def _backers(
    game: SimpleGame,
    positions: Mapping[str, Point2],
    y: Point2,
    z: Point2,
    absent: Iterable[str],
    weakly: bool = False,
) -> list[str]:
    away = set(absent)
    out = []
    # |y - x|^2 - |z - x|^2 = (|y|^2 - |z|^2) - 2 x·(y - z): two products per member.
    base = y[0] * y[0] + y[1] * y[1] - z[0] * z[0] - z[1] * z[1]
    dx, dy = 2 * (y[0] - z[0]), 2 * (y[1] - z[1])
    for p in game.players:
        if p in away:
            continue
        x = positions[p]
        gain = base - x[0] * dx - x[1] * dy
        if gain > 0 or (weakly and gain == 0 and z != y):
            out.append(p)
    return out


@functools.lru_cache(maxsize=16)
def _arrangement(
    centres: tuple[tuple[str, float, float], ...], y: tuple[float, float], segments: int
) -> tuple[list[BaseGeometry], dict[str, np.ndarray]]:
    """The faces of the arrangement of the preferred-to circles through ``y``, and for each member
    which faces lie inside its disc. It does not depend on the rule, so the rules of one analysis
    share it (cached)."""
    discs = {}
    for p, cx, cy in centres:
        r = math.dist((cx, cy), y)
        if r > 0:
            discs[p] = Point((cx, cy)).buffer(r, quad_segs=segments)
    if not discs:
        return [], {}
    faces = list(polygonize(unary_union([d.boundary for d in discs.values()])))
    points = shapely.point_on_surface(np.array(faces, dtype=object))
    inside = {p: shapely.contains(disc, points).astype(bool) for p, disc in discs.items()}
    return faces, inside


def win_set_region(
    game: SimpleGame,
    positions: Mapping[str, Point2],
    status_quo: Point2,
    absent: Iterable[str] = (),
    segments: int = ARC_SEGMENTS,
) -> BaseGeometry:
    """The win set as a shapely geometry (empty when nothing beats the status quo).

    The plane is cut into the faces of the arrangement of the members' preferred-to circles; on
    each face the set of members who prefer its points to the status quo is constant, so a face
    belongs to the win set when that set wins. Circles are polygons of ``4 * segments`` chords.
    """
    away = set(absent)
    y = (float(status_quo[0]), float(status_quo[1]))
    centres = tuple(
        (p, float(positions[p][0]), float(positions[p][1])) for p in game.players if p not in away
    )
    faces, inside = _arrangement(centres, y, segments)
    keep = []
    if faces:
        index = {p: i for i, p in enumerate(game.players)}
        members = np.zeros((len(faces), game.n), dtype=bool)
        for p, column in inside.items():
            members[:, index[p]] = column
        wins = game.wins(members)
        keep = [face for face, w in zip(faces, wins, strict=True) if w]
    # The faces come from one noded set of circles, so they share their edges exactly (a
    # coverage): the coverage union merges them without the general overlay, several times
    # faster and the same region.
    region = shapely.coverage_union_all(np.array(keep, dtype=object)) if keep else Polygon()
    return shapely.make_valid(region) if not region.is_valid else region


@dataclass(frozen=True)
class PlaneOutcome:
    """Outcomes of one rule on the plane of two dimensions (see the module notes)."""

    players: tuple[str, ...]
    positions: dict[str, Point2]
    status_quo: Point2
    #: Exact vertices of the core; [] when empty; None when no coalition can win.
    core: list[Point2] | None
    #: The veto players and the convex hull of their ideal points (inside the core).
    veto_players: tuple[str, ...]
    veto_hull: list[Point2]
    win_set: BaseGeometry
    #: Bound on the distance between the drawn win set's boundary and the true one.
    win_set_error: float
    setter: str | None
    setter_ideal: Point2 | None
    #: The setter's best point in the closure of the win set (the status quo if it is empty);
    #: exact when it is the setter's own ideal point or the status quo, floats otherwise.
    setter_outcome: tuple[Fraction | float, Fraction | float]
    setter_outcome_exact: bool
    needed: tuple[str, ...]
    game: SimpleGame = field(repr=False, compare=False)
    absent: tuple[str, ...] = ()

    def beats(self, proposal: object) -> bool:
        """Whether ``proposal`` beats the status quo (exact)."""
        z = _point(proposal, "proposal")
        return plane_beats(self.game, self.positions, self.status_quo, z, self.absent)

    @property
    def gridlock(self) -> bool:
        return self.win_set.is_empty

    @property
    def in_core(self) -> bool | None:
        """Whether the status quo is in the core (None when there is no core to speak of)."""
        if self.core is None:
            return True
        if not self.core:
            return False
        return polygon_contains(self.core, self.status_quo)


def polygon_contains(polygon: list[Point2], z: Point2) -> bool:
    """Whether ``z`` lies in the convex polygon (or segment, or point) ``polygon``, exactly."""
    if len(polygon) == 1:
        return polygon[0] == z
    if len(polygon) == 2:
        a, b = polygon
        return _cross(a, b, z) == 0 and min(a, b) <= z <= max(a, b)
    count = len(polygon)
    return all(_cross(polygon[k], polygon[(k + 1) % count], z) >= 0 for k in range(count))


def plane_outcome(
    game: SimpleGame,
    positions: Mapping[str, object],
    status_quo: object,
    setter: str | None = None,
    absent: Iterable[str] = (),
    segments: int = ARC_SEGMENTS,
) -> PlaneOutcome:
    """Core, win set, veto players' hull and setter's outcome of ``game`` on the plane."""
    away = tuple(dict.fromkeys(absent))
    exact = {str(p): _point(v, f"positions['{p}']") for p, v in positions.items()}
    missing = [p for p in game.players if p not in away and p not in exact]
    if missing:
        raise PivotalError(
            "positions",
            "a point for every member taking part (" + ", ".join(game.players) + ")",
            "none for " + ", ".join(missing),
            "Add their positions, or list them as absent.",
        )
    y = _point(status_quo, "status_quo")
    core = plane_core(game, exact, away)
    vetoes = critical_members(game, [p for p in game.players if p not in away])
    veto_hull = convex_hull(exact[p] for p in vetoes)
    region = win_set_region(game, exact, y, away, segments)
    radius = max((math.dist(map(float, exact[p]), map(float, y)) for p in exact), default=0.0)
    error = radius * (1 - math.cos(math.pi / (4 * segments)))
    ideal = None if setter is None else exact.get(setter)
    if setter is not None and ideal is None:
        raise PivotalError(
            "setter", "an actor with a position: " + ", ".join(exact), repr(setter), "Fix it."
        )
    outcome: tuple[Fraction | float, Fraction | float] = y
    outcome_exact = True
    if ideal is not None and not region.is_empty:
        if game.is_winning(_backers(game, exact, y, ideal, away)):
            outcome = ideal
        else:
            near = nearest_points(region, Point(float(ideal[0]), float(ideal[1])))[0]
            outcome, outcome_exact = (near.x, near.y), False
    needed: tuple[str, ...] = ()
    if outcome != y:
        z = (Fraction(outcome[0]), Fraction(outcome[1]))
        needed = critical_members(game, _backers(game, exact, y, z, away, weakly=True))
    return PlaneOutcome(
        players=game.players,
        positions=exact,
        status_quo=y,
        core=core,
        veto_players=vetoes,
        veto_hull=veto_hull,
        win_set=region,
        win_set_error=error,
        setter=setter,
        setter_ideal=ideal,
        setter_outcome=outcome,
        setter_outcome_exact=outcome_exact,
        needed=needed,
        game=game,
        absent=away,
    )


def region_parts(region: BaseGeometry) -> list[Polygon]:
    """The polygons of a region (for drawing)."""
    if region.is_empty:
        return []
    if isinstance(region, Polygon):
        return [region]
    if isinstance(region, MultiPolygon):
        return list(region.geoms)
    return [g for g in getattr(region, "geoms", []) if isinstance(g, Polygon)]
